"""Demo data: the municipality «Щёкинский район» with three schools, a partner university and a
partner college, and fictional people in every role (no real person's name from the seed).
Idempotent: what exists is kept, what is missing is added."""
from __future__ import annotations

import uuid

from flask import current_app
from sqlalchemy import select

from app.accounts import passwords
from app.accounts import services as accounts
from app.core.extensions import db
from app.core.roles import ROLE_LABELS, OrgKind, Role
from app.demo import cycle, mentoring, registry
from app.orgs.models import Membership, Municipality, Organization, PartnerKind
from app.platform import services as platform
from tenants.switches import acting_in, as_person


class DemoRefused(RuntimeError):
    """The demo data, with its published password, is never loaded in production."""

# Published (README, the console): refused as a password anyone chooses (app/accounts/passwords.py);
# only this seed sets it, writing its hash itself.
DEMO_PASSWORD = passwords.DEMO_PASSWORD
MUNICIPALITY = ("Щёкинский район", "shchekino")

ORGANIZATIONS = [
    # slug, kind, partner kind, short name, full name
    ("shchekino-uo", OrgKind.municipal, None, "Управление образования",
     "Комитет по образованию администрации муниципального образования Щёкинский район"),
    ("school11", OrgKind.school, None, "МБОУ «Средняя школа №11»",
     "Муниципальное бюджетное общеобразовательное учреждение «Средняя школа №11»"),
    ("school1", OrgKind.school, None, "МБОУ «Средняя школа №1»",
     "Муниципальное бюджетное общеобразовательное учреждение «Средняя школа №1»"),
    ("school5", OrgKind.school, None, "МБОУ «Средняя школа №5»",
     "Муниципальное бюджетное общеобразовательное учреждение «Средняя школа №5»"),
    ("pedvuz", OrgKind.partner, PartnerKind.university, "Педагогический университет",
     "Федеральное государственное бюджетное образовательное учреждение высшего образования "
     "«Тульский педагогический университет» (демонстрационный партнёр)"),
    ("pedcollege", OrgKind.partner, PartnerKind.college, "Педагогический колледж",
     "Государственное профессиональное образовательное учреждение «Щёкинский педагогический колледж» "
     "(демонстрационный партнёр)"),
]

# email, full name, [(org slug, roles)], platform admin
PEOPLE = [
    ("admin@nastavnik.demo", "Администратор платформы", [], True),
    ("uo@shchekino.demo", "Соколова Марина Викторовна", [("shchekino-uo", [Role.municipal_officer])], False),
    ("imc@shchekino.demo", "Воронцов Игорь Петрович", [("shchekino-uo", [Role.network_coordinator])], False),
    ("director@school11.demo", "Белова Ольга Сергеевна", [("school11", [Role.director])], False),
    ("curator@school11.demo", "Гришина Анна Михайловна",
     [("school11", [Role.curator]), ("school5", [Role.teacher])], False),
    ("methodist@school11.demo", "Климова Татьяна Игоревна", [("school11", [Role.methodist, Role.teacher])], False),
    ("sysadmin@school11.demo", "Руденко Павел Андреевич", [("school11", [Role.school_admin])], False),
    ("mentor@school11.demo", "Лебедева Наталья Олеговна", [("school11", [Role.teacher])], False),
    ("mentee@school11.demo", "Фёдоров Артём Денисович", [("school11", [Role.teacher])], False),
    ("director@school1.demo", "Комаров Сергей Николаевич", [("school1", [Role.director])], False),
    ("curator@school5.demo", "Орлова Елена Юрьевна", [("school5", [Role.curator])], False),
    ("partner@pedvuz.demo", "Никитин Денис Александрович", [("pedvuz", [Role.partner_coordinator])], False),
    ("mentor@pedvuz.demo", "Смирнова Ирина Валерьевна", [("pedvuz", [Role.external_mentor])], False),
    ("partner@pedcollege.demo", "Зайцева Людмила Ивановна", [("pedcollege", [Role.partner_coordinator])], False),
]


def logins() -> list[tuple[str, str]]:
    rows = []
    for email, name, memberships, is_admin in PEOPLE:
        parts = ["platform admin"] if is_admin else []
        parts += [f"{slug}: {', '.join(str(ROLE_LABELS[r]) for r in roles)}" for slug, roles in memberships]
        rows.append((email, f"{name} — {'; '.join(parts)}"))
    return rows


def walk_lines() -> list[str]:
    """The console's lines about СШ №11's teachers: how they sign in, and who the walk «form a pair from
    the banks, both teachers accept and consent…» starts with (read from the data, app/demo/cycle.py)."""
    municipality = db.session.scalars(select(Municipality).where(Municipality.slug == MUNICIPALITY[1])).first()
    if municipality is None:
        return []
    with acting_in(municipality_id=municipality.id, reason="demo data: the logins printed"):
        org = db.session.scalars(select(Organization).where(Organization.slug == "school11")).first()
    if org is None:
        return []
    found = cycle.walk(org)
    lines = []
    if found.first:
        joined = ", ".join(email.split("@")[0] for email in found.joined)
        lines.append(f"Teachers of {org.slug} sign in with their registry address, {found.first.split('@')[0]}…"
                     f"{found.last}, and the same password once they have joined the app;")
        lines.append(f"  {len(found.joined)} have: {joined or 'none yet'}.")
    if found.mentors or found.mentees:
        lines.append(f"The walk «form a pair from the banks» ({org.slug}, as the curator):")
        for email, name, free, capacity in found.mentors:
            lines.append(f"  mentor with room  {email:<25} {name} — {free} of {capacity} places free")
        for email, name, consented in found.mentees:
            consent = "pair-duties consent given" if consented else "no pair-duties consent yet (gives it in the app)"
            lines.append(f"  waiting mentee    {email:<25} {name} — {consent}")
    return lines


def seed() -> None:
    if current_app.config["APP_ENV"] == "production":
        raise DemoRefused("the demo data (published password, a platform admin) is never loaded in production")
    demo_hash = passwords.hash_password(DEMO_PASSWORD)
    municipality = db.session.scalars(select(Municipality).where(Municipality.slug == MUNICIPALITY[1])).first()
    if municipality is None:
        municipality = Municipality(id=uuid.uuid4(), name=MUNICIPALITY[0], slug=MUNICIPALITY[1])
        db.session.add(municipality)
        db.session.flush()
    orgs: dict[str, Organization] = {}
    with acting_in(municipality_id=municipality.id, reason="demo data: the municipality's organizations"):
        for slug, kind, partner_kind, short_name, name in ORGANIZATIONS:
            org = db.session.scalars(select(Organization).where(Organization.slug == slug)).first()
            if org is None:
                org = Organization(id=uuid.uuid4(), municipality_id=municipality.id, kind=kind,
                                   partner_kind=partner_kind, short_name=short_name, name=name, slug=slug)
                db.session.add(org)
                db.session.flush()
            orgs[slug] = org
    people: dict[str, tuple[uuid.UUID, str]] = {}
    for email, full_name, memberships, is_admin in PEOPLE:
        user = accounts.find_user_for_login(email)
        if user is None and is_admin:
            # Only the owner role grants the platform admin flag (app/platform/services.py).
            platform.provision_platform_admin(email, full_name, demo_hash)
            user = accounts.find_user_for_login(email)
        elif user is None:
            user = accounts.create_user(email, full_name, None)
            with as_person(user.id):
                user.password_hash = demo_hash
        people[email] = (user.id, full_name)
        for slug, roles in memberships:
            org = orgs[slug]
            with acting_in(municipality_id=org.municipality_id, org_id=org.id, reason="demo data: staff"):
                exists = db.session.scalars(select(Membership).where(
                    Membership.org_id == org.id, Membership.user_id == user.id)).first()
                if exists is None:
                    db.session.add(Membership(id=uuid.uuid4(), org_id=org.id, municipality_id=org.municipality_id,
                                              user_id=user.id, roles=[r.value for r in roles]))
                    db.session.flush()
    registry.seed_registry(orgs, people)
    mentoring.seed_mentoring(orgs, people)
    cycle.seed_cycle(orgs, people)
