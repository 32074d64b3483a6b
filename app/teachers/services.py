"""The teacher registry's rules: the personified record the curator keeps «совместно с системным
администратором» (Положение 3.4), a record per person working in the school, with or without an
account. Records are never deleted: a teacher who left is deactivated (``left_at``) and stays in
history; every change is in the audit trail with what it was and what it became."""
from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date

from flask import g, has_request_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, false, func, not_, or_, select
from sqlalchemy.exc import IntegrityError

from app.accounts import services as accounts
from app.accounts.models import User
from app.audit import services as audit
from app.core.errors import ServiceError
from app.core.extensions import db
from app.core.models import utcnow
from app.core.pagination import Keys, Window, keyset_page
from app.core.roles import Role
from app.orgs import invitations, staff
from app.orgs.models import Membership, Organization
from app.teachers import bank_status, young
from app.teachers.models import Category, MentoringRules, Teacher, teacher_name_key
from tenants.scope import require_scope

# Положение 3.4: the curator keeps the record with the system administrator; the director and the
# methodist read it.
EDITOR_ROLES = frozenset({Role.curator, Role.school_admin})

# The registry's order: active first, then by name (index ix_teachers_org_order).
REGISTRY_ORDER = Keys(((not_(Teacher.is_active), lambda t: not t.is_active),
                       (Teacher.sort_name, lambda t: t.sort_name),
                       (Teacher.id, lambda t: t.id)))

# The columns a registry page and the export show (rows, not objects).
ROW_COLUMNS = (Teacher.id, Teacher.last_name, Teacher.first_name, Teacher.middle_name, Teacher.sort_name,
               Teacher.position, Teacher.subjects, Teacher.category, Teacher.experience_since, Teacher.hired_on,
               Teacher.birth_date, Teacher.email, Teacher.phone, Teacher.is_active, Teacher.left_at, Teacher.user_id)

MAX_SEARCH_WORDS = 5
MAX_SUBJECTS = 20
SUBJECT_LENGTH = 100
WORKING_AGE = 16  # ТК РФ ст. 63: the age from which an employment contract is concluded
OLDEST = 100  # a birth date further back is a typing error
PHONE = re.compile(r"^\+?[0-9 ()\-]{5,30}$")


# --- the list ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RegistryFilter:
    """What the reader of the registry asks for; every part optional.

    ``query``: words each of which begins a word of the full name («ив ма» finds «Иванова Мария»;
    case and ё/е do not matter). ``status``: "active", "left" or None (both, the active first)."""

    query: str | None = None
    subject: str | None = None
    category: Category | None = None
    young: bool | None = None
    status: str | None = None
    bank: str | None = None  # a key of bank_status.BANK_STATUS_LABELS


def _like_prefix(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def name_matches(query: str | None) -> list:
    """Conditions on teachers: every word typed begins a word of the full name («ив ма» finds «Иванова
    Мария»; case and ё/е do not matter; LIKE's wildcards are letters). The registry's search, and every
    list of teachers that offers one."""
    conditions = []
    for word in teacher_name_key(query or "", "", None).split()[:MAX_SEARCH_WORDS]:
        escaped = _like_prefix(word)
        # sort_name is the name key: words separated by single spaces.
        conditions.append(or_(Teacher.sort_name.like(f"{escaped}%", escape="\\"),
                              Teacher.sort_name.like(f"% {escaped}%", escape="\\")))
    return conditions


def filtered(stmt: Select, registry_filter: RegistryFilter, rule: young.YoungRule, on: date) -> Select:
    """``stmt`` over teachers narrowed by the filter; plain conditions on the record's columns."""
    stmt = stmt.where(*name_matches(registry_filter.query))
    if registry_filter.subject:
        stmt = stmt.where(Teacher.subjects.any(registry_filter.subject))
    if registry_filter.category is not None:
        stmt = stmt.where(Teacher.category == registry_filter.category)
    if registry_filter.young is True:
        stmt = stmt.where(rule.clause(on))
    elif registry_filter.young is False:
        stmt = stmt.where(not_(func.coalesce(rule.clause(on), false())))
    if registry_filter.status == "active":
        stmt = stmt.where(Teacher.is_active.is_(True))
    elif registry_filter.status == "left":
        stmt = stmt.where(Teacher.is_active.is_(False))
    if registry_filter.bank:
        stmt = stmt.where(bank_status.clause(registry_filter.bank))
    return stmt


@dataclass
class RegistryPage:
    window: Window
    rule: young.YoungRule
    on: date
    young_ids: set = field(default_factory=set)


def registry_page(registry_filter: RegistryFilter) -> RegistryPage:
    """The page of the school's registry the request asks for: the rule (one lookup), the capped count
    and the page's rows (keyset, in the order of one index)."""
    scope = require_scope()
    rule, on = young.rule_for(scope.municipality_id), young.today()
    stmt = filtered(select(*ROW_COLUMNS).where(Teacher.org_id == scope.org_id), registry_filter, rule, on)
    count = filtered(select(Teacher.id).where(Teacher.org_id == scope.org_id), registry_filter, rule, on)
    window = keyset_page(stmt, REGISTRY_ORDER, count_stmt=count, entity=False)
    page = RegistryPage(window, rule, on)
    page.young_ids = {row.id for row in window.items if rule.is_young(row.birth_date, row.experience_since, on)}
    return page


def registry_rows(registry_filter: RegistryFilter, limit: int) -> tuple[list, young.YoungRule, date]:
    """Every row the filter selects, in the registry's order (the export), at most ``limit``."""
    scope = require_scope()
    rule, on = young.rule_for(scope.municipality_id), young.today()
    stmt = filtered(select(*ROW_COLUMNS).where(Teacher.org_id == scope.org_id), registry_filter, rule, on)
    return list(db.session.execute(REGISTRY_ORDER.ordered(stmt).limit(limit)).all()), rule, on


def school_subjects(limit: int = 300) -> list[str]:
    """The subjects the school's records name, for the filter's choice (one statement)."""
    scope = require_scope()
    subject = func.unnest(Teacher.subjects).label("subject")
    return list(db.session.scalars(select(subject).where(Teacher.org_id == scope.org_id)
                                   .distinct().order_by("subject").limit(limit)))


def registry_counts() -> tuple[int, int]:
    """(active teachers, active young specialists) of the current school in one statement, the rule
    read inside it: for the curator's home page."""
    scope = require_scope()
    young_now = young.joined_clause(scope.municipality_id, young.today())
    row = db.session.execute(select(func.count(), func.count().filter(young_now))
                             .where(Teacher.org_id == scope.org_id, Teacher.is_active.is_(True))).one()
    return row[0], row[1]


# --- one record -------------------------------------------------------------------------------------

def get_teacher(teacher_id: uuid.UUID) -> Teacher | None:
    """A record of the current school, or None (also for another school's id)."""
    scope = require_scope()
    return db.session.scalars(select(Teacher).where(Teacher.id == teacher_id,
                                                    Teacher.org_id == scope.org_id)).one_or_none()


def view_teacher(teacher_id: uuid.UUID) -> Teacher | None:
    """Open a record; every view of a personal record is logged (152-ФЗ ст. 19)."""
    teacher = get_teacher(teacher_id)
    if teacher is not None:
        audit.record("view", "teacher", teacher.id, object_name=teacher.full_name)
    return teacher


def my_record() -> Teacher | None:
    """The record of the signed-in person in the current school (looked up once a request: the home
    page's panels of several features ask for it)."""
    scope = require_scope()
    if scope.user_id is None:
        return None
    key = ("my_record", scope.org_id, scope.user_id)
    if has_request_context() and key in g.get("teacher_records", {}):
        return g.teacher_records[key]
    record = db.session.scalars(select(Teacher).where(Teacher.org_id == scope.org_id,
                                                      Teacher.user_id == scope.user_id)).one_or_none()
    if has_request_context():
        g.setdefault("teacher_records", {})[key] = record
    return record


def current_rule() -> young.YoungRule:
    return young.rule_for(require_scope().municipality_id)


@dataclass(frozen=True)
class TeacherData:
    """A record's fields as plain values (a form's or a file row's)."""

    last_name: str
    first_name: str
    middle_name: str | None = None
    position: str | None = None
    subjects: tuple[str, ...] = ()
    category: Category = Category.none
    experience_since: date | None = None
    hired_on: date | None = None
    birth_date: date | None = None
    email: str | None = None
    phone: str | None = None


def split_subjects(raw: str | list[str] | None) -> tuple[str, ...]:
    """Subjects from a comma- or semicolon-separated text or repeated values: trimmed, spaces
    collapsed, the same subject once (any case), in the order given."""
    values = raw if isinstance(raw, (list, tuple)) else [raw or ""]
    found, seen = [], set()
    for value in values:
        for part in re.split(r"[,;]", value or ""):
            subject = " ".join(part.split())
            if subject and subject.casefold() not in seen:
                seen.add(subject.casefold())
                found.append(subject)
    return tuple(found)


def years_to_date(years: int, on: date) -> date:
    """Experience given as a number of years: the date it started, ``years`` before ``on`` (kept as a
    date so the figure stays true as years pass)."""
    return young.add_years(on, -years)


def date_problems(data: TeacherData, on: date) -> list[tuple[str, object]]:
    """What is wrong with the record's dates and other values, as (field, Russian message)."""
    problems = []
    birth, hired, since = data.birth_date, data.hired_on, data.experience_since
    if birth is not None:
        if birth >= on:
            problems.append(("birth_date", _l("The birth date must be in the past.")))
        elif birth < young.add_years(on, -OLDEST):
            problems.append(("birth_date", _l("Check the birth date: the person would be over %(num)d years old.",
                                              num=OLDEST)))
        elif young.add_years(birth, WORKING_AGE) > on:
            problems.append(("birth_date", _l("Check the birth date: the person would be under %(num)d years old.",
                                              num=WORKING_AGE)))
    for name, value in (("hired_on", hired), ("experience_since", since)):
        if value is None:
            continue
        if value > on:
            problems.append((name, _l("The date cannot be in the future.")))
        elif value < young.add_years(on, -OLDEST + WORKING_AGE):
            problems.append((name, _l("Check the date: it is too far in the past.")))
        elif birth is not None and birth < on and value < young.add_years(birth, WORKING_AGE):
            problems.append((name, _l("The date is earlier than the person's %(num)dth birthday.", num=WORKING_AGE)))
    if len(data.subjects) > MAX_SUBJECTS:
        problems.append(("subjects", _l("At most %(num)d subjects.", num=MAX_SUBJECTS)))
    elif any(len(subject) > SUBJECT_LENGTH for subject in data.subjects):
        problems.append(("subjects", _l("A subject's name is at most %(num)d characters.", num=SUBJECT_LENGTH)))
    if data.phone and not PHONE.match(data.phone):
        problems.append(("phone", _l("Enter the phone with digits, spaces, brackets and hyphens, e.g. "
                                     "+7 900 123-45-67.")))
    return problems


def _editor() -> Membership:
    actor = staff.acting_member()
    if not actor.has_any(EDITOR_ROLES):
        raise ServiceError(_l("Only the curator and the school administrator keep the registry."))
    return actor


def _plain(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Category):
        return value.value
    if isinstance(value, (list, tuple)):
        return list(value)
    return value


FIELDS = ("last_name", "first_name", "middle_name", "position", "subjects", "category", "experience_since",
          "hired_on", "birth_date", "email", "phone")


def _state(teacher: Teacher) -> dict:
    return {name: _plain(getattr(teacher, name)) for name in FIELDS}


def _checked(data: TeacherData) -> TeacherData:
    problems = date_problems(data, young.today())
    if problems:
        field_name, message = problems[0]
        raise ServiceError(message, field=field_name)
    email = accounts.check_email(data.email) if data.email else None
    return TeacherData(**{**data.__dict__, "email": email, "subjects": tuple(data.subjects)})


def _refuse_taken_email(email: str | None, teacher_id: uuid.UUID | None) -> None:
    """The school keeps one record per address (uq_teachers_org_email): said, not a 500."""
    if not email:
        return
    scope = require_scope()
    other = db.session.scalars(select(Teacher).where(
        Teacher.org_id == scope.org_id, func.lower(Teacher.email) == email.lower(),
        *([Teacher.id != teacher_id] if teacher_id else []))).first()
    if other is not None:
        raise ServiceError(_l("The registry already has a record with this e-mail: %(name)s.",
                              name=other.full_name), field="email")


def _flush_unique(email: str | None) -> None:
    """Write now, so a record another request wrote with the same address a moment ago is refused
    with the same message instead of failing at commit."""
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        raise ServiceError(_l("The registry already has a record with this e-mail."), field="email") from None


def _apply(teacher: Teacher, data: TeacherData) -> None:
    for name in FIELDS:
        value = getattr(data, name)
        if name == "subjects":
            value = list(value)
        elif isinstance(value, str):
            value = value.strip() or None  # an empty optional text is no value
        setattr(teacher, name, value)
    teacher.sort_name = teacher_name_key(teacher.last_name, teacher.first_name, teacher.middle_name)


def create_teacher(org: Organization, data: TeacherData) -> Teacher:
    """A new record of the current school; linked at once to the school's member with its e-mail."""
    _editor()
    data = _checked(data)
    _refuse_taken_email(data.email, None)
    teacher = Teacher(id=uuid.uuid4(), org_id=org.id, municipality_id=org.municipality_id, is_active=True)
    _apply(teacher, data)
    db.session.add(teacher)
    _flush_unique(data.email)
    audit.record("create", "teacher", teacher.id, object_name=teacher.full_name,
                 details={"after": {k: v for k, v in _state(teacher).items() if v not in (None, [], "")}})
    link_to_member(teacher)
    return teacher


def update_teacher(teacher: Teacher, data: TeacherData) -> bool:
    """Change a record; audited with the fields that changed, before and after. False: nothing did."""
    _editor()
    data = _checked(data)
    _refuse_taken_email(data.email, teacher.id)
    before = _state(teacher)
    _apply(teacher, data)
    after = _state(teacher)
    changed = [name for name in FIELDS if before[name] != after[name]]
    if not changed:
        return False
    _flush_unique(data.email)
    audit.record("update", "teacher", teacher.id, object_name=teacher.full_name,
                 details={"before": {k: before[k] for k in changed}, "after": {k: after[k] for k in changed}})
    link_to_member(teacher)
    return True


def deactivate(teacher: Teacher) -> None:
    """The teacher left the school: the record stays, out of the active list, from now on."""
    _editor()
    if not teacher.is_active:
        return
    teacher.is_active, teacher.left_at = False, utcnow()
    audit.record("deactivate", "teacher", teacher.id, object_name=teacher.full_name,
                 details={"before": {"works": True}, "after": {"works": False}})


def reactivate(teacher: Teacher) -> None:
    """The teacher works in the school again (came back, or was marked as gone by mistake)."""
    _editor()
    if teacher.is_active:
        return
    teacher.is_active, teacher.left_at = True, None
    audit.record("reactivate", "teacher", teacher.id, object_name=teacher.full_name,
                 details={"before": {"works": False}, "after": {"works": True}})


# --- the link to an account -------------------------------------------------------------------------

def _link(teacher: Teacher, user_id: uuid.UUID) -> bool:
    """Link the record to the account unless the account already has a record in this school (one
    record per account, uq_teachers_org_user)."""
    taken = db.session.scalar(select(Teacher.id).where(Teacher.org_id == teacher.org_id, Teacher.user_id == user_id))
    if taken is not None or teacher.user_id is not None:
        return False
    teacher.user_id = user_id
    db.session.flush()
    audit.record("link_account", "teacher", teacher.id, object_name=teacher.full_name,
                 details={"email": teacher.email})
    return True


def link_to_member(teacher: Teacher) -> bool:
    """A record written with the e-mail of an active member of the school is that member's record."""
    if teacher.user_id is not None or not teacher.email:
        return False
    user_id = db.session.scalar(select(Membership.user_id).join(User, User.id == Membership.user_id).where(
        Membership.org_id == teacher.org_id, Membership.is_active.is_(True),
        User.email == teacher.email.lower()))
    return user_id is not None and _link(teacher, user_id)


def link_joined_member(org_id: uuid.UUID, user_id: uuid.UUID, email: str) -> bool:
    """A person joined the school by an invitation (app.orgs.signals.member_joined, sent inside the
    school's scope): the school's record with their address becomes theirs."""
    scope = require_scope()
    if scope.org_id != org_id:
        return False
    teacher = db.session.scalars(select(Teacher).where(
        Teacher.org_id == org_id, func.lower(Teacher.email) == email.lower(),
        Teacher.user_id.is_(None))).one_or_none()
    return teacher is not None and _link(teacher, user_id)


def check_invite(teacher: Teacher) -> None:
    if teacher.user_id is not None:
        raise ServiceError(_l("This teacher already has an account in the school."))
    if not teacher.is_active:
        raise ServiceError(_l("The teacher has left the school: reactivate the record first."))
    if not teacher.email:
        raise ServiceError(_l("Add the teacher's e-mail to the record first: the invitation is sent there."))


def invite_teacher(org: Organization, teacher: Teacher):
    """Invite the record's person to the staff as a teacher (the staff invitation, with the record's
    address and name); accepting it links the account to the record (``link_joined_member``)."""
    _editor()
    check_invite(teacher)
    return invitations.invite(org, teacher.email, teacher.full_name, [Role.teacher.value])


# --- the municipality's rule ------------------------------------------------------------------------

def set_young_rule(max_age: int, max_experience_years: int) -> bool:
    """The education department sets the young-specialist rule of its municipality (DESIGN.md §4).
    Nothing is stored on the records: every page derives the flag from the rule, so it changes at once.
    The database admits the write only in the department's scope (policy mentoring_rules_insert/update)."""
    actor = staff.acting_member()
    if not actor.has_any({Role.municipal_officer}):
        raise ServiceError(_l("Only the education department sets the rule."))
    if not 18 <= max_age <= 70:
        raise ServiceError(_l("The age is a whole number from 18 to 70."), field="max_age")
    if not 0 <= max_experience_years <= 15:
        raise ServiceError(_l("The experience is a whole number of years from 0 to 15."), field="max_experience_years")
    scope = require_scope()
    rules = db.session.get(MentoringRules, scope.municipality_id)
    current = young.YoungRule(rules.young_max_age, rules.young_max_experience_years) if rules else young.YoungRule()
    if (current.max_age, current.max_experience_years) == (max_age, max_experience_years):
        return False
    if rules is None:
        rules = MentoringRules(municipality_id=scope.municipality_id)
        db.session.add(rules)
    rules.young_max_age, rules.young_max_experience_years = max_age, max_experience_years
    rules.updated_by_id = scope.user_id
    db.session.flush()
    audit.record("update", "mentoring_rules", scope.municipality_id, object_name=str(_l("Young specialist rule")),
                 details={"before": {"young_max_age": current.max_age,
                                     "young_max_experience_years": current.max_experience_years},
                          "after": {"young_max_age": max_age, "young_max_experience_years": max_experience_years}})
    return True
