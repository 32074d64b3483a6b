"""The orders' rules: drafts generated from what they reference, edited by the curator; the director's
signing with a fresh second-factor code, the number allocated at signing, the order frozen and its
effects applied in the same transaction; acknowledgements; the scan of the paper original.

The number is allocated at signing, not at drafting: a draft that is never signed leaves no gap in the
registry (the seed's № 13 – А is the number of a signed order). The year of the registry is the calendar
year of the signing date."""
from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, select
from sqlalchemy.dialects.postgresql import aggregate_order_by, insert as pg_insert

from app.accounts import throttle, totp
from app.accounts.models import User
from app.audit import services as audit
from app.banks import mentors as bank_mentors
from app.banks.models import MentorEntry, MentorStatus
from app.consents.models import Consent, Purpose
from app.consents.scans import ACCEPTED, checked_media_type
from app.core.errors import ServiceError
from app.core.extensions import db
from app.core.forms import CONTROL_CHARACTERS
from app.core.models import utcnow
from app.core.roles import Role
from app.orders import grammar, texts
from app.orders.models import (DEFAULT_NUMBER_FORMAT, Acknowledgement, Order, OrderCounter, OrderKind, OrderPerson,
                               OrderScan, OrderSettings, OrderStatus)
from app.orgs.models import Organization
from app.orgs.staff import acting_member
from app.pairs import lifecycle, petitions
from app.pairs.models import EndReason, Pair, PairParticipant, PairStatus, ParticipantRole
from app.programmes import services as programmes
from app.teachers.models import Teacher
from tenants.scope import require_scope
from tenants.switches import as_person

MAX_ITEMS = 30
MAX_ITEM = 4000
MAX_TITLE = 1000
MAX_PREAMBLE = 8000
MAX_APPENDIX = 200_000
MAX_FORMAT = 40

# ------------------------------------------------------------------------------------------ settings


def settings() -> OrderSettings | None:
    scope = require_scope()
    return db.session.scalars(select(OrderSettings).where(OrderSettings.org_id == scope.org_id)).one_or_none()


def number_format() -> str:
    found = settings()
    return found.number_format if found else DEFAULT_NUMBER_FORMAT


def format_number(fmt: str, seq: int) -> str:
    return fmt.replace("{n}", str(seq))


def save_settings(fmt: str) -> OrderSettings:
    """The school's number format: «{n}» stands for the sequence number of the year (the seed's «{n} – А»)."""
    fmt = " ".join((fmt or "").split())
    if "{n}" not in fmt or fmt.count("{n}") != 1:
        raise ServiceError(_l("The format must hold «{n}» once: the place of the order's sequence number."),
                           field="number_format")
    if len(fmt) > MAX_FORMAT or CONTROL_CHARACTERS.search(fmt):
        raise ServiceError(_l("The format is at most 40 characters on one line."), field="number_format")
    found = settings()
    if found is None:
        found = OrderSettings(id=uuid.uuid4())
        db.session.add(found)
    found.number_format, found.updated_at, found.updated_by_id = fmt, utcnow(), require_scope().user_id
    db.session.flush()
    audit.record("order_settings", "order_settings", found.id, object_name=fmt, details={"number_format": fmt})
    return found


# ------------------------------------------------------------------------------------------ drafts


@dataclass
class DraftRequest:
    """What a new draft references; which fields count depends on the kind."""

    kind: OrderKind
    teacher_id: uuid.UUID | None = None            # the curator (curator, regulations), the released mentor
    entry_ids: list[uuid.UUID] | None = None       # mentor bank entries (mentor_bank)
    pair_ids: list[uuid.UUID] | None = None        # pairs in consents_complete (pairs)
    pair_id: uuid.UUID | None = None               # one pair (replace_mentor, extension, completion, early_end)
    new_mentor_id: uuid.UUID | None = None         # replace_mentor
    until: date | None = None                      # extension
    reason: str | None = None                      # early_end (Положение 7.1)
    note: str | None = None                        # early_end: the valid reason stated (Положение 7.1)
    petition_id: uuid.UUID | None = None           # a granted petition this order executes (Положение 4.1, 5.1)


def _school() -> Organization:
    return db.session.get(Organization, require_scope().org_id)


def _school_words(org: Organization) -> str:
    """The school as the order's text names it: «в муниципальном бюджетном … учреждении «…»» (the seed)."""
    return grammar.in_school(org.name)


def _teachers(ids) -> dict[uuid.UUID, Teacher]:
    ids = list(dict.fromkeys(ids))
    if not ids:
        return {}
    found = db.session.scalars(select(Teacher).where(Teacher.org_id == require_scope().org_id,
                                                     Teacher.id.in_(ids))).all()
    return {teacher.id: teacher for teacher in found}


def _person(teacher: Teacher) -> texts.Person:
    return texts.Person(teacher.id, teacher.full_name, teacher.position)


def _consents(teacher_ids, purpose: Purpose) -> dict[uuid.UUID, texts.ConsentRef]:
    """The latest standing consent of each person for ``purpose`` (one statement), to be referenced."""
    ids = list(dict.fromkeys(teacher_ids))
    if not ids:
        return {}
    rows = db.session.execute(
        select(Consent.teacher_id, Consent.id, func.max(Consent.given_at).over(partition_by=Consent.teacher_id)
               .label("latest"), Consent.given_at)
        .where(Consent.org_id == require_scope().org_id, Consent.teacher_id.in_(ids), Consent.purpose == purpose,
               Consent.withdrawn_at.is_(None)))
    found = {}
    for row in rows:
        if row.given_at == row.latest:
            found[row.teacher_id] = (row.id, texts.ConsentRef("", row.given_at.date()))
    return found


def _require_consents(teachers: list[Teacher], purpose: Purpose) -> dict:
    """The standing consents the order references (Положение 3.2: the mentor's written consent; 3.3: the
    pair's participants'); refused naming whoever lacks one."""
    found = _consents([t.id for t in teachers], purpose)
    lacking = ", ".join(t.full_name for t in teachers if t.id not in found)
    if lacking and purpose == Purpose.mentor_duty:
        raise ServiceError(_l("Without the written consent to the mentoring duties (Положение 3.2): %(names)s.",
                              names=lacking))
    if lacking:
        raise ServiceError(_l("Without the consent to the duties of the pair (Положение 3.3): %(names)s.",
                              names=lacking))
    return found


def _pair_people(pair_ids: list[uuid.UUID]) -> tuple[dict[uuid.UUID, Pair], list[PairParticipant]]:
    scope = require_scope()
    pairs = {pair.id: pair for pair in db.session.scalars(select(Pair).where(
        Pair.org_id == scope.org_id, Pair.id.in_(pair_ids)))}
    participants = list(db.session.scalars(select(PairParticipant).where(
        PairParticipant.pair_org_id == scope.org_id, PairParticipant.pair_id.in_(pair_ids),
        PairParticipant.left_at.is_(None)).order_by(PairParticipant.role, PairParticipant.joined_at)))
    return pairs, participants


def _pair_line(pair_id: uuid.UUID) -> tuple[str, list[Teacher], Pair]:
    pairs, participants = _pair_people([pair_id])
    pair = pairs.get(pair_id)
    if pair is None:
        raise ServiceError(_l("The pair is not in this school."), field="pair_id")
    teachers = _teachers(p.teacher_id for p in participants)
    mentors = [teachers[p.teacher_id] for p in participants if p.role == ParticipantRole.mentor]
    mentees = [teachers[p.teacher_id] for p in participants if p.role == ParticipantRole.mentee]
    line = (f"наставник {', '.join(t.full_name for t in mentors)} — "
            f"{'наставляемые' if len(mentees) > 1 else 'наставляемый'} {', '.join(t.full_name for t in mentees)}")
    return line, mentors + mentees, pair


def _from_petition(request: DraftRequest) -> DraftRequest:
    """A granted petition decides what its order says (Положение 4.1, 5.1): with a new mentor proposed, a
    replacement of the mentor; a release with nobody proposed ends the pair early at the mentor's
    initiative (Положение 7.1)."""
    petition = petitions.get(request.petition_id)
    if petition is None or petition.status != petitions.PetitionStatus.granted:
        raise ServiceError(_l("Only a granted petition is executed by an order."), field="petition_id")
    if petition.proposed_mentor_id is not None:
        return DraftRequest(kind=OrderKind.replace_mentor, pair_id=petition.pair_id,
                            new_mentor_id=petition.proposed_mentor_id, petition_id=petition.id)
    return DraftRequest(kind=OrderKind.early_end, pair_id=petition.pair_id, reason=EndReason.mentor_initiative.value,
                        note=petition.decision_reason or petition.reason, petition_id=petition.id)


def _generate(request: DraftRequest, school: str) -> tuple[str, str, list[dict], dict, list[Teacher]]:
    kind = request.kind
    if kind in (OrderKind.regulations, OrderKind.curator):
        teacher = _teachers([request.teacher_id]).get(request.teacher_id) if request.teacher_id else None
        if kind == OrderKind.curator and teacher is None:
            raise ServiceError(_l("Choose the curator."), field="teacher_id")
        person = _person(teacher) if teacher else None
        title, preamble, items = (texts.regulations(school, person) if kind == OrderKind.regulations
                                  else texts.curator(school, person))
        return title, preamble, items, {"teacher": str(teacher.id) if teacher else None}, [teacher] if teacher else []
    if kind == OrderKind.mentor_bank:
        ids = list(dict.fromkeys(request.entry_ids or []))
        if not ids:
            raise ServiceError(_l("Choose at least one candidate."), field="entry_ids")
        entries = list(db.session.scalars(select(MentorEntry).where(
            MentorEntry.org_id == require_scope().org_id, MentorEntry.id.in_(ids),
            MentorEntry.status == MentorStatus.candidate)))
        if len(entries) != len(ids):
            raise ServiceError(_l("Only candidates of the bank of mentors can be appointed."), field="entry_ids")
        teachers = _teachers(e.teacher_id for e in entries)
        chosen = sorted((teachers[e.teacher_id] for e in entries), key=lambda t: t.sort_name)
        consents = _require_consents(chosen, Purpose.mentor_duty)
        title, preamble, items = texts.mentor_bank(school, [(_person(t), consents[t.id][1]) for t in chosen])
        refs = {"mentor_entries": [str(e.id) for e in entries],
                "consents": {str(t.id): str(consents[t.id][0]) for t in chosen}}
        return title, preamble, items, refs, chosen
    if kind == OrderKind.pairs:
        ids = list(dict.fromkeys(request.pair_ids or []))
        if not ids:
            raise ServiceError(_l("Choose at least one pair or group."), field="pair_ids")
        pairs, participants = _pair_people(ids)
        if len(pairs) != len(ids) or any(p.status != PairStatus.consents_complete for p in pairs.values()):
            raise ServiceError(_l("Only pairs whose participants' consents are complete can be assigned by an order "
                                  "(Положение 3.3, 6.2)."), field="pair_ids")
        teachers = _teachers(p.teacher_id for p in participants)
        people = [teachers[p.teacher_id] for p in participants]
        consents = _require_consents(people, Purpose.pair_duty)
        groups = []
        for pair_id in ids:
            own = [p for p in participants if p.pair_id == pair_id]
            groups.append((pairs[pair_id].form_code,
                           [(_person(teachers[p.teacher_id]), consents[p.teacher_id][1]) for p in own
                            if p.role == ParticipantRole.mentor],
                           [(_person(teachers[p.teacher_id]), consents[p.teacher_id][1]) for p in own
                            if p.role == ParticipantRole.mentee]))
        title, preamble, items = texts.pairs(school, groups)
        refs = {"pairs": [str(i) for i in ids], "consents": {str(t.id): str(consents[t.id][0]) for t in people}}
        return title, preamble, items, refs, list({t.id: t for t in people}.values())
    if kind == OrderKind.release:
        teacher = _teachers([request.teacher_id]).get(request.teacher_id) if request.teacher_id else None
        if teacher is None:
            raise ServiceError(_l("Choose the mentor."), field="teacher_id")
        title, preamble, items = texts.release(school, _person(teacher))
        return title, preamble, items, {"teacher": str(teacher.id)}, [teacher]
    if request.pair_id is None:
        raise ServiceError(_l("Choose the pair."), field="pair_id")
    line, people, pair = _pair_line(request.pair_id)
    refs = {"pair": str(pair.id)}
    if kind == OrderKind.replace_mentor:
        new = _teachers([request.new_mentor_id]).get(request.new_mentor_id) if request.new_mentor_id else None
        if new is None:
            raise ServiceError(_l("Choose the new mentor."), field="new_mentor_id")
        consents = _require_consents([new], Purpose.mentor_duty)
        old = people[0]
        title, preamble, items = texts.replace_mentor(school, line, _person(old), _person(new), consents[new.id][1])
        refs.update(new_mentor=str(new.id), consent=str(consents[new.id][0]))
        return title, preamble, items, refs, [*people, new]
    if kind == OrderKind.extension:
        revision = programmes.agreed_extension(pair.id)
        if revision is None:
            raise ServiceError(_l("The term is extended by agreement first (Положение 7.2): a participant proposes the "
                                  "extension on the programme's page, the other confirms it, the curator approves."),
                               field="pair_id")
        until = date.fromisoformat(revision.snapshot["ends_on"])
        if request.until is not None and request.until != until:
            raise ServiceError(_l("The agreed extension runs until %(day)s: the order states that day.",
                                  day=until.strftime("%d.%m.%Y")), field="until")
        signed = db.session.scalar(select(Order.number).where(
            Order.org_id == require_scope().org_id, Order.kind == OrderKind.extension,
            Order.status == OrderStatus.signed, Order.refs["revision"].astext == str(revision.id)).limit(1))
        if signed is not None:
            raise ServiceError(_l("The order of this extension is already signed: № %(number)s.", number=signed),
                               field="pair_id")
        title, preamble, items = texts.extension(school, line, until)
        refs.update(until=until.isoformat(), revision=str(revision.id))
        return title, preamble, items, refs, people
    reason = "plan_completed" if kind == OrderKind.completion else (request.reason or "")
    if reason not in texts.END_REASONS or (kind == OrderKind.early_end and reason == "plan_completed"):
        raise ServiceError(_l("Choose a reason of Положение 7.1."), field="reason")
    note = " ".join((request.note or "").split()) or None
    if kind == OrderKind.early_end and not note:
        raise ServiceError(_l("State the reason for ending the pair early (Положение 7.1)."), field="note")
    if note and len(note) > 1000:
        raise ServiceError(_l("The reason is at most 1000 characters."), field="note")
    title, preamble, items = texts.ending(school, line, reason, kind == OrderKind.early_end, note)
    refs.update(reason=reason, note=note)
    return title, preamble, items, refs, people


def _set_people(order: Order, people: list[Teacher]) -> None:
    db.session.execute(OrderPerson.__table__.delete().where(OrderPerson.order_id == order.id,
                                                            OrderPerson.org_id == order.org_id))
    for place, teacher in enumerate(dict((t.id, t) for t in people).values(), start=1):
        db.session.add(OrderPerson(id=uuid.uuid4(), order_id=order.id, teacher_id=teacher.id,
                                   name=teacher.full_name, position=teacher.position, place=place))
    db.session.flush()


def create_draft(request: DraftRequest) -> Order:
    """The curator drafts an order of a kind; its text is generated from what it references (a granted
    petition decides the kind itself)."""
    school = _school()
    if request.petition_id is not None:
        request = _from_petition(request)
    title, preamble, items, refs, people = _generate(request, _school_words(school))
    if request.petition_id is not None:
        refs = {**refs, "petition": str(request.petition_id)}
    order = Order(id=uuid.uuid4(), kind=request.kind, status=OrderStatus.draft, title=title, preamble=preamble,
                  items=items, refs=refs, created_by_id=require_scope().user_id)
    db.session.add(order)
    db.session.flush()
    _set_people(order, people)
    audit.record("draft_order", "order", order.id, object_name=title, details={"order_kind": request.kind.value})
    return order


def get(order_id: uuid.UUID, *, lock: bool = False) -> Order | None:
    stmt = select(Order).where(Order.id == order_id, Order.org_id == require_scope().org_id)
    return db.session.scalars(stmt.with_for_update() if lock else stmt).one_or_none()


def people_of(order: Order) -> list[OrderPerson]:
    return list(db.session.scalars(select(OrderPerson).where(
        OrderPerson.org_id == order.org_id, OrderPerson.order_id == order.id).order_by(OrderPerson.place)))


def _editable(order_id: uuid.UUID) -> Order:
    order = get(order_id, lock=True)
    if order is None:
        raise ServiceError(_l("The order is not in this school's registry."))
    if order.is_signed:
        raise ServiceError(_l("A signed order is never edited: it is changed only by a new order."))
    return order


@dataclass
class DraftText:
    title: str
    preamble: str
    items: list[dict]
    appendix: str | None = None


def _paragraph(value: str | None) -> str:
    return "\n".join(" ".join(line.split()) for line in (value or "").replace("\r\n", "\n").split("\n")).strip()


def edit_draft(order_id: uuid.UUID, draft: DraftText) -> Order:
    """The curator edits a draft's text before the director signs it."""
    order = _editable(order_id)
    title = " ".join((draft.title or "").split())
    preamble = _paragraph(draft.preamble)
    items = [{"lead": " ".join((item.get("lead") or "").split()), "text": " ".join((item.get("text") or "").split())}
             for item in draft.items]
    items = [item for item in items if item["text"] or item["lead"]]
    appendix = _paragraph(draft.appendix) or None
    if not title.startswith(("Об ", "О ", "Об", "О")) or len(title) < 4:
        raise ServiceError(_l("The title of an order begins with «О» or «Об»."), field="title")
    if len(title) > MAX_TITLE:
        raise ServiceError(_l("The title is at most 1000 characters."), field="title")
    if not preamble or len(preamble) > MAX_PREAMBLE:
        raise ServiceError(_l("State the grounds of the order (at most 8000 characters)."), field="preamble")
    if not items or len(items) > MAX_ITEMS or any(len(i["text"]) + len(i["lead"]) > MAX_ITEM for i in items):
        raise ServiceError(_l("An order has from 1 to 30 items, each at most 4000 characters."), field="items")
    if appendix and len(appendix) > MAX_APPENDIX:
        raise ServiceError(_l("The appendix is too long."), field="appendix")
    order.title, order.preamble, order.items, order.appendix = title, preamble, items, appendix
    order.updated_at = utcnow()
    audit.record("edit_order", "order", order.id, object_name=title)
    return order


# ------------------------------------------------------------------------------------------ signing


def relaxed() -> bool:
    """Where the demo relaxes the second factor, signing asks no code (the page says one would be asked)."""
    return bool(current_app.config.get("DEMO_RELAX_TOTP"))


def _fresh_code(code: str, ip: str | None) -> None:
    """A fresh code of the director's second factor: checked against their secret, a code used once
    (the sign-in's code of the same time step is refused: the replay guard). The person's row is written
    in their own scope (ARCHITECTURE.md «Narrow paths»)."""
    user_id = require_scope().user_id
    attempt = throttle.Attempt(throttle.CODE, str(user_id), ip)
    wait = throttle.wait_seconds(attempt)
    if wait > 0:
        raise ServiceError(throttle.too_many(wait), field="code")
    with as_person(user_id):
        user = db.session.get(User, user_id)
        if user is None or not user.totp_enabled:
            raise ServiceError(_l("Signing needs your second factor: turn it on in your account first."),
                               field="code")
        ok = totp.verify(user, code)
        db.session.flush()
    if not ok:
        throttle.failed(attempt)
        raise ServiceError(_l("The code is wrong or has already been used."), field="code")
    throttle.succeeded(attempt)


def allocate_number(year: int) -> int:
    """The next number of the school's registry for ``year``: one statement taking the counter row's lock
    until the transaction ends (a concurrent signing waits, then takes the next one; a rolled-back
    signing gives its number back)."""
    scope = require_scope()
    stmt = pg_insert(OrderCounter.__table__).values(
        id=uuid.uuid4(), municipality_id=scope.municipality_id, org_id=scope.org_id, year=year, last_number=1)
    stmt = stmt.on_conflict_do_update(constraint="uq_order_counters_org_year",
                                      set_={"last_number": OrderCounter.__table__.c.last_number + 1}
                                      ).returning(OrderCounter.__table__.c.last_number)
    return db.session.execute(stmt).scalar_one()


def check_sign(order: Order) -> None:
    if Role.director.value not in acting_member().roles:
        raise ServiceError(_l("Only the director signs orders."))
    if order.is_signed:
        raise ServiceError(_l("The order is already signed."))


def sign(order_id: uuid.UUID, code: str, ip: str | None = None, *, today: date | None = None) -> Order:
    """The director signs: a fresh second-factor code, the date, the number, the order frozen, and its
    effects in the same transaction (Положение 3.2: mentors appointed; 6.2: pairs approved)."""
    order = get(order_id, lock=True)
    if order is None:
        raise ServiceError(_l("The order is not in this school's registry."))
    check_sign(order)
    if not relaxed():
        _fresh_code(code, ip)
    signed_on = today or date.today()
    seq = allocate_number(signed_on.year)
    member, fmt = acting_member(), number_format()
    signer_name = member.user.full_name
    order.status, order.year, order.seq, order.number = OrderStatus.signed, signed_on.year, seq, format_number(fmt, seq)
    order.signed_on, order.signed_at, order.signed_by_id = signed_on, utcnow(), member.user_id
    order.signed_by_name = signer_name
    db.session.flush()
    _effects(order)
    audit.record("sign_order", "order", order.id, object_name=order.title,
                 details={"order_number": order.number, "order_kind": order.kind.value})
    return order


def reference(order: Order) -> str:
    return f"приказ от {order.signed_on.strftime('%d.%m.%Y')} № {order.number}"


def _effects(order: Order) -> None:
    """What a signed order does, in the signing's transaction: a refusal of any effect rolls the
    signing back (the number included). Положение 3.2: the mentors appointed; 6.2: the pairs approved and
    only then active; 4.1: a mentor replaced or released; 7.1: a programme completed or ended early. An
    extension changes no state here: the term moved when the curator approved the agreed revision
    (Положение 7.2), and the order states that revision's end date and names it in its references."""
    refs = order.refs
    if order.kind == OrderKind.mentor_bank:
        for entry_id in refs.get("mentor_entries", []):
            entry = bank_mentors.approve(uuid.UUID(entry_id), reference(order))
            entry.approval_order_id = order.id
    elif order.kind == OrderKind.pairs:
        for pair_id in refs.get("pairs", []):
            lifecycle.activate(uuid.UUID(pair_id), order.id)
    elif refs.get("petition"):
        petitions.apply_decision(uuid.UUID(refs["petition"]), order.id)
    elif order.kind == OrderKind.replace_mentor:
        lifecycle.replace_mentor(uuid.UUID(refs["pair"]), uuid.UUID(refs["new_mentor"]), order.id)
    elif order.kind in (OrderKind.completion, OrderKind.early_end):
        lifecycle.end(uuid.UUID(refs["pair"]), EndReason(refs["reason"]), refs.get("note"), order_id=order.id)
    elif order.kind == OrderKind.release:
        entry = bank_mentors.entry_of_teacher(uuid.UUID(refs["teacher"]))
        if entry is not None and entry.status != MentorStatus.inactive:
            bank_mentors.deactivate(entry.id, f"Освобождён от обязанностей наставника: {reference(order)}")
    db.session.flush()


# ------------------------------------------------------------------------------------------ after signing


def acknowledge(order_id: uuid.UUID) -> Acknowledgement:
    """A person named by a signed order acknowledges it in the app (its own append-only row, the time)."""
    order = get(order_id)
    if order is None or not order.is_signed:
        raise ServiceError(_l("Only a signed order is acknowledged."))
    scope = require_scope()
    teacher_id = db.session.scalar(select(OrderPerson.teacher_id).join(
        Teacher, and_(Teacher.id == OrderPerson.teacher_id, Teacher.org_id == OrderPerson.org_id)).where(
        OrderPerson.org_id == scope.org_id, OrderPerson.order_id == order.id, Teacher.user_id == scope.user_id))
    if teacher_id is None:
        raise ServiceError(_l("The order does not name you."))
    if db.session.scalar(select(Acknowledgement.id).where(Acknowledgement.org_id == scope.org_id,
                                                          Acknowledgement.order_id == order.id,
                                                          Acknowledgement.teacher_id == teacher_id)):
        raise ServiceError(_l("You have already acknowledged the order."))
    ack = Acknowledgement(id=uuid.uuid4(), order_id=order.id, teacher_id=teacher_id, at=utcnow(), by_id=scope.user_id)
    db.session.add(ack)
    db.session.flush()
    audit.record("acknowledge_order", "order", order.id, object_name=order.title)
    return ack


def acknowledgements(order: Order) -> dict[uuid.UUID, Acknowledgement]:
    return {a.teacher_id: a for a in db.session.scalars(select(Acknowledgement).where(
        Acknowledgement.org_id == order.org_id, Acknowledgement.order_id == order.id))}


def _clean_name(filename: str | None, media_type: str) -> str:
    name = CONTROL_CHARACTERS.sub("", (filename or "").replace("/", "_").replace("\\", "_")).strip()
    return f"{(name.rsplit('.', 1)[0][:150] or 'order')}.{ACCEPTED[media_type]}"


def attach_scan(order_id: uuid.UUID, content: bytes, filename: str | None) -> OrderScan:
    """The scan of the signed paper original (PDF, JPEG or PNG, checked by its content)."""
    order = get(order_id)
    if order is None:
        raise ServiceError(_l("The order is not in this school's registry."))
    if not order.is_signed:
        raise ServiceError(_l("A scan is attached to a signed order."), field="scan")
    media_type = checked_media_type(content)
    scan = OrderScan(id=uuid.uuid4(), order_id=order.id, filename=_clean_name(filename, media_type),
                     media_type=media_type, size=len(content), sha256=hashlib.sha256(content).hexdigest(),
                     content=content, uploaded_at=utcnow(), uploaded_by_id=require_scope().user_id)
    db.session.add(scan)
    db.session.flush()
    audit.record("attach_order_scan", "order", order.id, object_name=order.title)
    return scan


def latest_scan(order: Order, *, with_content: bool = False) -> OrderScan | None:
    from sqlalchemy.orm import undefer

    stmt = (select(OrderScan).where(OrderScan.org_id == order.org_id, OrderScan.order_id == order.id)
            .order_by(OrderScan.uploaded_at.desc()).limit(1))
    if with_content:
        stmt = stmt.options(undefer(OrderScan.content))
    return db.session.scalars(stmt).first()


# ------------------------------------------------------------------------------------------ choices

CHOICES_LIMIT = 500


def choices() -> dict[str, list[tuple[str, str]]]:
    """What a new draft may reference: the granted petitions, the school's active teachers, the candidates
    of the mentor bank, the pairs whose consents are complete, the active pairs (five statements, each
    capped)."""
    scope = require_scope()
    teachers = db.session.execute(select(Teacher.id, Teacher.last_name, Teacher.first_name, Teacher.middle_name)
                                  .where(Teacher.org_id == scope.org_id, Teacher.is_active.is_(True))
                                  .order_by(Teacher.sort_name, Teacher.id).limit(CHOICES_LIMIT)).all()

    def name(row) -> str:
        return " ".join(part for part in (row.last_name, row.first_name, row.middle_name) if part)

    candidates = db.session.execute(
        select(MentorEntry.id, Teacher.last_name, Teacher.first_name, Teacher.middle_name)
        .join(Teacher, and_(Teacher.id == MentorEntry.teacher_id, Teacher.org_id == MentorEntry.org_id))
        .where(MentorEntry.org_id == scope.org_id, MentorEntry.status == MentorStatus.candidate)
        .order_by(Teacher.sort_name, Teacher.id).limit(CHOICES_LIMIT)).all()
    # «Mentor — mentee, mentee»: the mentor first, as every page names a pair.
    people = (select(PairParticipant.pair_id, func.string_agg(
        func.concat_ws(" ", Teacher.last_name, Teacher.first_name, Teacher.middle_name),
        aggregate_order_by(func.cast(" — ", db.String), PairParticipant.role.desc(), Teacher.sort_name)
    ).label("names"))
        .join(Teacher, and_(Teacher.id == PairParticipant.teacher_id, Teacher.org_id == PairParticipant.org_id))
        .join(Pair, and_(Pair.id == PairParticipant.pair_id, Pair.org_id == PairParticipant.pair_org_id))
        .where(PairParticipant.pair_org_id == scope.org_id, PairParticipant.left_at.is_(None),
               Pair.status.in_([PairStatus.consents_complete, PairStatus.active]))
        .group_by(PairParticipant.pair_id).subquery())
    pairs = db.session.execute(select(Pair.id, Pair.status, people.c.names).join(people, people.c.pair_id == Pair.id)
                               .where(Pair.org_id == scope.org_id).order_by(Pair.created_at, Pair.id)
                               .limit(CHOICES_LIMIT)).all()
    granted = db.session.execute(
        select(petitions.Petition.id, petitions.Petition.kind, Teacher.last_name, Teacher.first_name,
               Teacher.middle_name)
        .join(Teacher, and_(Teacher.id == petitions.Petition.filed_by_teacher_id,
                            Teacher.org_id == petitions.Petition.org_id))
        .where(petitions.Petition.org_id == scope.org_id,
               petitions.Petition.status == petitions.PetitionStatus.granted)
        .order_by(petitions.Petition.decided_at, petitions.Petition.id).limit(CHOICES_LIMIT)).all()
    return {"petitions": [(str(r.id), f"{name(r)}: {petitions.KIND_WORDS[r.kind]}") for r in granted],
            "teachers": [(str(r.id), name(r)) for r in teachers],
            "candidates": [(str(r.id), name(r)) for r in candidates],
            "ready_pairs": [(str(r.id), r.names) for r in pairs if r.status == PairStatus.consents_complete],
            "active_pairs": [(str(r.id), r.names) for r in pairs if r.status == PairStatus.active]}


def names_me(order: Order) -> bool:
    """Whether the order names the signed-in person (their teacher record)."""
    scope = require_scope()
    return db.session.scalar(select(OrderPerson.id).join(
        Teacher, and_(Teacher.id == OrderPerson.teacher_id, Teacher.org_id == OrderPerson.org_id)).where(
        OrderPerson.org_id == scope.org_id, OrderPerson.order_id == order.id,
        Teacher.user_id == scope.user_id).limit(1)) is not None
