"""The rules of the ledger: giving a consent in the app, recording a signed paper form, withdrawing,
publishing a new version of a text. Plain values in; the client's address from app.core.http.CLIENT_IP;
never a commit (the unit of work commits).

A consent changes only by its withdrawal (152-ФЗ ст. 21): giving again after a withdrawal is a new
record, and a new version of a text leaves every consent pointing at the version it was given on."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import undefer

from app.audit import services as audit
from app.consents import effects, scans, texts
from app.consents.models import Channel, Consent, ConsentText, DestructionAct, Purpose
from app.core.errors import ServiceError
from app.core.extensions import db
from app.core.http import CLIENT_IP
from app.core.models import utcnow
from app.orgs.models import Organization
from app.teachers.models import Teacher
from tenants.scope import require_scope

# 152-ФЗ ст. 21 ч. 5: the data no longer covered is destroyed within 30 days of the withdrawal's receipt.
DESTRUCTION_DAYS = 30
MAX_TITLE, MAX_BODY = 300, 20_000


@dataclass
class Choices:
    """What the person chooses with a consent: a transfer's recipient, a dissemination's data and
    places, the mentor's terms."""

    recipient_org_id: uuid.UUID | None = None
    published: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    terms: dict | None = None


# ------------------------------------------------------------------------------------------ reading


def get_teacher(teacher_id: uuid.UUID) -> Teacher | None:
    scope = require_scope()
    return db.session.scalars(select(Teacher).where(Teacher.id == teacher_id, Teacher.org_id == scope.org_id)
                              ).one_or_none()


def own_teacher() -> Teacher | None:
    """The teacher record linked to the acting person's account in this school (Teacher.user_id)."""
    scope = require_scope()
    if scope.user_id is None:
        return None
    return db.session.scalars(select(Teacher).where(Teacher.org_id == scope.org_id,
                                                    Teacher.user_id == scope.user_id)).one_or_none()


def get_consent(consent_id: uuid.UUID) -> Consent | None:
    scope = require_scope()
    return db.session.scalars(select(Consent).where(Consent.id == consent_id, Consent.org_id == scope.org_id)
                              ).one_or_none()


def consents_of(teacher_id: uuid.UUID) -> list[Consent]:
    """A person's consents, every state, newest first (ix_consents_org_teacher)."""
    scope = require_scope()
    return list(db.session.scalars(select(Consent).where(Consent.org_id == scope.org_id,
                                                         Consent.teacher_id == teacher_id)
                                   .order_by(Consent.given_at.desc(), Consent.id).limit(500)))


def acts_of(teacher_id: uuid.UUID) -> dict[uuid.UUID, DestructionAct]:
    """The acts of destruction of a person's consents, by consent (without their content)."""
    scope = require_scope()
    rows = db.session.scalars(select(DestructionAct).where(DestructionAct.org_id == scope.org_id,
                                                           DestructionAct.teacher_id == teacher_id).limit(500))
    return {act.consent_id: act for act in rows}


def texts_by_id(ids) -> dict[uuid.UUID, ConsentText]:
    ids = set(ids)
    if not ids:
        return {}
    scope = require_scope()
    return {t.id: t for t in db.session.scalars(select(ConsentText).where(ConsentText.org_id == scope.org_id,
                                                                          ConsentText.id.in_(ids)))}


def recipients() -> list[Organization]:
    """The organizations a transfer may name: the active organizations of the municipality (its
    education department, the other schools, the partners), never this school itself."""
    scope = require_scope()
    return list(db.session.scalars(select(Organization).where(
        Organization.municipality_id == scope.municipality_id, Organization.id != scope.org_id,
        Organization.is_active.is_(True)).order_by(Organization.kind, Organization.sort_key, Organization.id)
        .limit(1000)))


def current_org() -> Organization:
    scope = require_scope()
    return db.session.get(Organization, scope.org_id)


def filling_for(teacher: Teacher | None, consent: Consent | None = None, org: Organization | None = None,
                choices: Choices | None = None) -> texts.Filling:
    """How a text is filled for this person: from the consent's record, or from choices being made."""
    operator, address = texts.operator_of(org or current_org())
    if consent is not None:
        return texts.Filling(subject=teacher.full_name if teacher else "", operator=operator,
                             operator_address=address, recipient=consent.recipient,
                             published=consent.published_fields, places=consent.published_places,
                             terms=consent.terms)
    choices = choices or Choices()
    return texts.Filling(subject=teacher.full_name if teacher else "", operator=operator, operator_address=address,
                         published=choices.published, places=choices.places, terms=choices.terms)


def filled_text(consent: Consent, teacher: Teacher | None = None) -> tuple[ConsentText, str]:
    """The exact text the consent was given on, filled as the person signed it."""
    scope = require_scope()
    text_row = db.session.scalars(select(ConsentText).where(ConsentText.id == consent.text_id,
                                                            ConsentText.org_id == scope.org_id)).one()
    teacher = teacher or get_teacher(consent.teacher_id)
    return text_row, texts.fill(text_row.body, filling_for(teacher, consent))


def text_for_giving(purpose: Purpose) -> ConsentText:
    """The current version of a purpose's text (the first is written from the default template)."""
    return texts.current_text(purpose)


def view_consent(consent_id: uuid.UUID) -> Consent | None:
    """Open a consent's record; the view of a personal record is logged (152-ФЗ ст. 19)."""
    consent = get_consent(consent_id)
    if consent is not None:
        audit.record("view", "consent", consent.id, object_name=_name_of(consent.teacher_id))
    return consent


def _name_of(teacher_id: uuid.UUID) -> str | None:
    teacher = get_teacher(teacher_id)
    return teacher.full_name if teacher else None


def open_scan(scan_id: uuid.UUID):
    return scans.open_scan(scan_id, _name_of)


def open_act(act_id: uuid.UUID) -> DestructionAct | None:
    scope = require_scope()
    act = db.session.scalars(select(DestructionAct).where(DestructionAct.id == act_id,
                                                          DestructionAct.org_id == scope.org_id)
                             .options(undefer(DestructionAct.content))).one_or_none()
    if act is not None:
        audit.record("view", "destruction_act", act.id, object_name=_name_of(act.teacher_id))
    return act


# ----------------------------------------------------------------------------------------- giving


def _check_choices(purpose: Purpose, choices: Choices) -> tuple[str | None, uuid.UUID | None]:
    """Refuse incomplete choices; the recipient's name and id of a transfer."""
    if purpose is Purpose.transfer:
        scope = require_scope()
        recipient = db.session.scalars(select(Organization).where(
            Organization.id == choices.recipient_org_id, Organization.municipality_id == scope.municipality_id,
            Organization.id != scope.org_id, Organization.is_active.is_(True))).one_or_none() \
            if choices.recipient_org_id else None
        if recipient is None:
            raise ServiceError(_l("Choose the organization the data is transferred to."), field="recipient")
        return recipient.name, recipient.id
    if purpose is Purpose.dissemination:
        # 152-ФЗ ст. 10.1: the person says exactly which data may be published, and where.
        if not choices.published or set(choices.published) - set(texts.PUBLISHABLE):
            raise ServiceError(_l("Tick the data that may be published."), field="published")
        if not choices.places or set(choices.places) - set(texts.PLACES):
            raise ServiceError(_l("Tick where the data may be published."), field="places")
    if purpose is Purpose.mentor_duty:
        terms = choices.terms or {}
        # ТК РФ ст. 351.8: the content, term, form of mentoring and pay (or «без оплаты») are stated.
        for key, message in (("term", _l("State the term of mentoring.")),
                             ("form", _l("Choose the form of mentoring.")),
                             ("pay", _l("State the pay, or «без оплаты» explicitly."))):
            if not (terms.get(key) or "").strip():
                raise ServiceError(message, field=key)
    return None, None


def _new_consent(teacher: Teacher, purpose: Purpose, text_row: ConsentText, choices: Choices, *, channel: Channel,
                 given_at: datetime, scan_id=None, user_agent: str | None = None) -> Consent:
    if text_row.purpose is not purpose:
        raise ServiceError(_l("This text is of another purpose."), field="text_id")
    if not teacher.is_active:
        raise ServiceError(_l("This person no longer works at the school."))
    recipient, recipient_org_id = _check_choices(purpose, choices)
    standing = db.session.scalars(select(Consent.id).where(
        Consent.org_id == teacher.org_id, Consent.teacher_id == teacher.id, Consent.purpose == purpose,
        Consent.withdrawn_at.is_(None), Consent.recipient.is_not_distinct_from(recipient))).first()
    if standing is not None:
        raise ServiceError(_l("This consent has already been given and stands; withdraw it first to give it anew."))
    scope = require_scope()
    consent = Consent(
        id=uuid.uuid4(), teacher_id=teacher.id, purpose=purpose, recipient=recipient,
        recipient_org_id=recipient_org_id,
        published_fields=list(choices.published) if purpose is Purpose.dissemination else [],
        published_places=list(choices.places) if purpose is Purpose.dissemination else [],
        published_where=texts.place_words(choices.places)[:300] if purpose is Purpose.dissemination else None,
        terms={k: (choices.terms or {}).get(k, "").strip()[:300] for k in ("term", "form", "pay")}
        if purpose is Purpose.mentor_duty else None,
        text_id=text_row.id, given_at=given_at, channel=channel,
        client_ip=CLIENT_IP.get() if channel is Channel.in_app else None,
        user_agent=(user_agent or "")[:300] or None if channel is Channel.in_app else None,
        scan_id=scan_id, recorded_by_id=scope.user_id)
    db.session.add(consent)
    try:
        with db.session.begin_nested():  # the same consent given twice at once: uq_consents_standing
            db.session.flush()
    except IntegrityError as error:
        raise ServiceError(_l("This consent has already been given and stands; withdraw it first to give "
                              "it anew.")) from error
    return consent


def give(purpose: Purpose, text_id: uuid.UUID, choices: Choices, *, user_agent: str | None = None) -> Consent:
    """The person gives a consent in the app, on the text version they read (their own page)."""
    teacher = own_teacher()
    if teacher is None:
        raise ServiceError(_l("Your record is not in the school's registry yet; ask the curator."))
    current = texts.current_text(purpose)
    if current.id != text_id:
        raise ServiceError(_l("The text of this consent has just been changed: read the new version and give "
                              "it again."))
    consent = _new_consent(teacher, purpose, current, choices, channel=Channel.in_app, given_at=utcnow(),
                           user_agent=user_agent)
    audit.record("give", "consent", consent.id, object_name=teacher.full_name,
                 details=_details(consent, current))
    return consent


def _moment_of(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=timezone.utc)


def record_paper(teacher_id: uuid.UUID, purpose: Purpose, text_id: uuid.UUID, signed_on: date, content: bytes,
                 filename: str | None, choices: Choices) -> Consent:
    """The curator (or the school admin) records a consent from a signed paper form: its scan, the
    person, the purpose, the text version printed, the day it was signed."""
    teacher = get_teacher(teacher_id)
    if teacher is None:
        raise ServiceError(_l("No such person in the registry."))
    text_row = texts.get_text(text_id)
    if text_row is None or text_row.purpose is not purpose:
        raise ServiceError(_l("Choose the version of the text that was signed."), field="text_id")
    if signed_on > date.today():
        raise ServiceError(_l("The day of signing cannot be in the future."), field="signed_on")
    scan = scans.store(teacher.id, content, filename)
    consent = _new_consent(teacher, purpose, text_row, choices, channel=Channel.paper, given_at=_moment_of(signed_on),
                           scan_id=scan.id)
    audit.record("record_paper", "consent", consent.id, object_name=teacher.full_name,
                 details=_details(consent, text_row) | {"signed_on": signed_on.isoformat()})
    return consent


def _details(consent: Consent, text_row: ConsentText) -> dict:
    details = {"purpose": consent.purpose.value, "version": text_row.version, "channel": consent.channel.value}
    if consent.recipient:
        details["recipient"] = consent.recipient
    if consent.published_fields:
        details["published"] = list(consent.published_fields)
        details["places"] = list(consent.published_places)
    return details


# ------------------------------------------------------------------------------------- withdrawal


def _withdraw(consent: Consent, channel: Channel, received_on: date, *, now: datetime | None = None,
              scan_id: uuid.UUID | None = None) -> None:
    """Takes effect at once: the standing check (gate.py) no longer sees the consent in this very
    transaction; the data it alone covered is due for destruction 30 days after receipt (ст. 21 ч. 5)."""
    if consent.withdrawn_at is not None:
        raise ServiceError(_l("This consent has already been withdrawn."))
    now = now or utcnow()
    consent.withdrawn_at = now
    consent.withdrawn_by_id = require_scope().user_id
    consent.withdrawal_channel = channel
    consent.withdrawal_ip = CLIENT_IP.get() if channel is Channel.in_app else None
    consent.withdrawal_scan_id = scan_id
    consent.destroy_due_on = received_on + timedelta(days=DESTRUCTION_DAYS)
    db.session.flush()
    for watcher in effects.watchers(consent.purpose):
        watcher(consent.teacher_id, consent.purpose)


def withdraw_own(consent_id: uuid.UUID, *, now: datetime | None = None) -> Consent:
    """The person withdraws one of their consents on their own page."""
    teacher = own_teacher()
    consent = get_consent(consent_id)
    if teacher is None or consent is None or consent.teacher_id != teacher.id:
        raise ServiceError(_l("No such consent of yours."))
    now = now or utcnow()
    _withdraw(consent, Channel.in_app, now.date(), now=now)
    audit.record("withdraw", "consent", consent.id, object_name=teacher.full_name,
                 details={"purpose": consent.purpose.value, "destroy_due_on": consent.destroy_due_on.isoformat()})
    return consent


def record_paper_withdrawal(consent_id: uuid.UUID, received_on: date, content: bytes, filename: str | None,
                            *, now: datetime | None = None) -> Consent:
    """The curator records a withdrawal the person signed on paper, with its scan; the 30 days run from
    the day the school received it."""
    consent = get_consent(consent_id)
    if consent is None:
        raise ServiceError(_l("No such consent."))
    if consent.withdrawn_at is not None:
        raise ServiceError(_l("This consent has already been withdrawn."))
    if received_on > date.today():
        raise ServiceError(_l("The day of receipt cannot be in the future."), field="received_on")
    if received_on < consent.given_at.date():
        raise ServiceError(_l("The withdrawal cannot be received before the consent was given."), field="received_on")
    scan = scans.store(consent.teacher_id, content, filename)
    _withdraw(consent, Channel.paper, received_on, now=now, scan_id=scan.id)
    audit.record("record_paper_withdrawal", "consent", consent.id, object_name=_name_of(consent.teacher_id),
                 details={"purpose": consent.purpose.value, "received_on": received_on.isoformat(),
                          "destroy_due_on": consent.destroy_due_on.isoformat()})
    return consent


# ------------------------------------------------------------------------------------------- texts


def publish_text(purpose: Purpose, title: str, body: str) -> ConsentText:
    """A new version of a purpose's text; the old ones stay as they are, and so do the consents given
    on them (texts are append-only: the app role may not update them)."""
    title, body = (title or "").strip(), (body or "").replace("\r\n", "\n").strip()
    if not title or not body:
        raise ServiceError(_l("The title and the text are required."))
    if len(title) > MAX_TITLE or len(body) > MAX_BODY:
        raise ServiceError(_l("The text is too long."), field="body")
    missing = texts.missing_markers(purpose, body)
    if missing:
        raise ServiceError(_l("The text must keep the markers %(markers)s: 152-ФЗ ст. 9 ч. 4 requires what they "
                              "fill in.", markers=", ".join(missing)), field="body")
    current = texts.current_text(purpose)
    text_row = ConsentText(id=uuid.uuid4(), purpose=purpose, version=current.version + 1, title=title, body=body,
                           created_by_id=require_scope().user_id)
    db.session.add(text_row)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as error:
        raise ServiceError(_l("Another version has just been published; open the texts again.")) from error
    audit.record("publish_text", "consent_text", text_row.id, object_name=title,
                 details={"purpose": purpose.value, "version": text_row.version})
    return text_row

