"""The school's requisites, as its documents print them: `update_requisites(org, values)` (the director
or the school admin, in the school's own scope) and `for_documents(org) -> app.documents.Requisites`."""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.accounts.models import User
from app.audit import services as audit
from app.core.errors import ServiceError
from app.core.extensions import db
from app.core.roles import OrgKind, Role
from app.documents import Requisites
from app.documents.requisites import DEFAULT_FONT, DEFAULT_FONT_SIZE
from app.orgs import staff
from app.orgs.models import Membership, Organization
from tenants.scope import require_scope

# Who keeps the school's requisites: its head and its administrator.
EDITOR_ROLES = frozenset({Role.director, Role.school_admin})
# Fonts a school may choose for its documents: those of Russian official documents that Word and
# LibreOffice have (PT Astra Serif is the free metric twin of Times New Roman on Astra Linux).
FONTS = ("Times New Roman", "PT Astra Serif", "PT Serif", "Liberation Serif", "Arial", "Calibri")
FONT_SIZES = range(10, 17)
_PHONE = re.compile(r"^[0-9+()\- ]{5,50}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_INN_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)


@dataclass(frozen=True)
class RequisitesValues:
    """What the page sends: empty strings are «not given» and stored as NULL."""
    address: str | None = None
    locality: str | None = None
    inn: str | None = None
    ogrn: str | None = None
    phone: str | None = None
    email: str | None = None
    document_font: str | None = None
    document_font_size: int | None = None


def valid_inn(value: str) -> bool:
    """An organization's INN: 10 digits, the last the checksum of the others (приказ ФНС России
    от 29.06.2012 № ММВ-7-6/435@)."""
    if not re.fullmatch(r"[0-9]{10}", value):
        return False
    digits = [int(d) for d in value]
    return sum(w * d for w, d in zip(_INN_WEIGHTS, digits)) % 11 % 10 == digits[9]


def valid_ogrn(value: str) -> bool:
    """An OGRN: 13 digits, the last the remainder of the first twelve divided by 11 (its last digit)."""
    if not re.fullmatch(r"[0-9]{13}", value):
        return False
    return int(value[:12]) % 11 % 10 == int(value[12])


def _text(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def _checked(values: RequisitesValues) -> dict:
    data = {key: _text(value) if isinstance(value, str) or value is None else value
            for key, value in asdict(values).items()}
    if data["inn"] is not None:
        data["inn"] = data["inn"].replace(" ", "")
        if not valid_inn(data["inn"]):
            raise ServiceError(_l("The INN of an organization is 10 digits with a correct check digit."),
                               field="inn")
    if data["ogrn"] is not None:
        data["ogrn"] = data["ogrn"].replace(" ", "")
        if not valid_ogrn(data["ogrn"]):
            raise ServiceError(_l("The OGRN is 13 digits with a correct check digit."), field="ogrn")
    if data["phone"] is not None and not _PHONE.match(data["phone"]):
        raise ServiceError(_l("Enter the phone with digits, spaces, brackets, hyphens and a plus."), field="phone")
    if data["email"] is not None and not _EMAIL.match(data["email"]):
        raise ServiceError(_l("Enter a valid e-mail address."), field="email")
    if data["document_font"] is not None and data["document_font"] not in FONTS:
        raise ServiceError(_l("Choose a font from the list."), field="document_font")
    if data["document_font_size"] is not None and data["document_font_size"] not in FONT_SIZES:
        raise ServiceError(_l("The font size is from 10 to 16 points."), field="document_font_size")
    limits = {"address": 500, "locality": 200, "email": 254}
    for key, limit in limits.items():
        if data[key] is not None and len(data[key]) > limit:
            raise ServiceError(_l("At most %(n)s characters.", n=limit), field=key)
    return data


def update_requisites(org: Organization, values: RequisitesValues) -> bool:
    """The director or the school admin writes their own school's requisites; returns whether
    anything changed. The database lets only the school's own scope write them (0011_requisites)."""
    scope = require_scope()
    actor = staff.acting_member()
    if org.id != scope.org_id or org.kind != OrgKind.school or not actor.has_any(EDITOR_ROLES):
        raise ServiceError(_l("Only the director or the school administrator may change the requisites."))
    data = _checked(values)
    before = {key: getattr(org, key) for key in data}
    changed = [key for key in data if before[key] != data[key]]
    if not changed:
        return False
    for key in changed:
        setattr(org, key, data[key])
    audit.record("update_requisites", "organization", org.id, object_name=org.short_name,
                 details={"before": {k: before[k] for k in changed}, "after": {k: data[k] for k in changed}})
    return True


def director_name(org: Organization) -> str:
    """The active member holding the director role (the longest serving, if several), read in the
    organization's scope."""
    name = db.session.scalars(
        select(User.full_name).join(Membership, Membership.user_id == User.id)
        .where(Membership.org_id == org.id, Membership.is_active.is_(True),
               Membership.roles.any(Role.director.value))
        .order_by(Membership.created_at, Membership.id).limit(1)).first()
    return name or ""


def for_documents(org: Organization) -> Requisites:
    """What a document prints about the school (the engine's `Requisites`)."""
    return Requisites(
        full_name=org.name, short_name=org.short_name, address=org.address or "", locality=org.locality or "",
        inn=org.inn, ogrn=org.ogrn, phone=org.phone, email=org.email,
        director_name=director_name(org), director_position="директор",
        font_name=org.document_font or DEFAULT_FONT, font_size=org.document_font_size or DEFAULT_FONT_SIZE)
