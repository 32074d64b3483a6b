"""The dictionaries of the mentoring cycle: competences (Положение 3.5: the questions pairs are formed
on — subject content, teaching methods, upbringing…) and forms of mentoring (Положение 2.3). Built-ins
live here with stable codes; a municipality adds its own (``bank_dictionary_entries``), which its
education department may retire. Questionnaires, requests and (next) pairs keep codes, so a name reads
the same wherever it is shown; a retired entry is no longer offered but still named."""
from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.audit import services as audit
from app.banks.models import DictionaryEntry, DictionaryKind
from app.core.errors import ServiceError
from app.core.extensions import db
from app.core.models import utcnow
from tenants.scope import require_scope

# Положение 3.5 (the questions of pairs), 2.2 (the digital environment), 4.2 (contests).
BUILTIN_COMPETENCES = {
    "subject_content": _l("Subject content"),
    "teaching_methods": _l("Teaching methods"),
    "upbringing": _l("Upbringing work"),
    "lesson_organisation": _l("Organisation of lessons and extracurricular activities"),
    "psychological_support": _l("Psychological and pedagogical support"),
    "digital_environment": _l("Digital educational environment"),
    "parents": _l("Work with parents"),
    "contests_attestation": _l("Preparation for contests and attestation"),
}

# Положение 2.3: the forms of mentoring.
BUILTIN_FORMS = {
    "traditional": _l("Traditional («one to one»)"),
    "group": _l("In a group"),
    "virtual": _l("Virtual (distance)"),
    "short_term": _l("Short-term or goal-setting"),
    "reverse": _l("Reverse"),
    "situational": _l("Situational"),
    "speed": _l("Speed mentoring"),
    "teacher_teacher": _l("«Teacher – teacher»"),
    "head_teacher": _l("«Head of the school – teacher»"),
    "employer_student": _l("«Employer – student»"),
    "university_teacher": _l("«University or college teacher – young teacher»"),
}

BUILTINS = {DictionaryKind.competence: BUILTIN_COMPETENCES, DictionaryKind.form: BUILTIN_FORMS}


@dataclass(frozen=True)
class Item:
    code: str
    title: object  # a lazy translation (built-in) or the municipality's text
    builtin: bool
    is_active: bool = True
    id: uuid.UUID | None = None


def _own() -> list[DictionaryEntry]:
    """The current municipality's own entries of both dictionaries (one statement)."""
    scope = require_scope()
    if scope.municipality_id is None:
        return []
    return list(db.session.scalars(select(DictionaryEntry).where(
        DictionaryEntry.municipality_id == scope.municipality_id)
        .order_by(DictionaryEntry.kind, DictionaryEntry.title, DictionaryEntry.id)))


@dataclass(frozen=True)
class Dictionaries:
    """Both dictionaries of the current municipality, retired entries included (read once per page)."""

    entries: dict  # kind -> [Item]

    def items(self, kind: DictionaryKind, *, active_only: bool = True) -> list[Item]:
        return [item for item in self.entries[kind] if item.is_active or not active_only]

    def choices(self, kind: DictionaryKind) -> list[tuple[str, str]]:
        return [(item.code, str(item.title)) for item in self.items(kind)]

    def names(self, kind: DictionaryKind) -> dict[str, str]:
        """Code -> name of every entry, retired ones too: what a saved code reads as."""
        return {item.code: str(item.title) for item in self.entries[kind]}


def load() -> Dictionaries:
    """The built-ins, then the municipality's own entries, of both dictionaries."""
    entries = {kind: [Item(code, title, True) for code, title in BUILTINS[kind].items()] for kind in DictionaryKind}
    for entry in _own():
        entries[entry.kind].append(Item(entry.code, entry.title, False, entry.is_active, entry.id))
    return Dictionaries(entries)


def items(kind: DictionaryKind, *, active_only: bool = True) -> list[Item]:
    return load().items(kind, active_only=active_only)


def competences(*, active_only: bool = True) -> list[Item]:
    return items(DictionaryKind.competence, active_only=active_only)


def forms(*, active_only: bool = True) -> list[Item]:
    """The forms of mentoring of the current municipality (the pairs feature offers these)."""
    return items(DictionaryKind.form, active_only=active_only)


def check_codes(kind: DictionaryKind, codes: list[str]) -> list[str]:
    """The codes, refused unless each is an active entry of the municipality's dictionary."""
    offered = {item.code for item in items(kind)}
    unknown = [code for code in codes if code not in offered]
    if unknown:
        raise ServiceError(_l("Choose the values from the list."))
    return list(dict.fromkeys(codes))


# --------------------------------------------------------------------- the department's additions


def add_entry(kind: DictionaryKind, title: str) -> DictionaryEntry:
    """A municipality's own entry (the education department's scope; RLS checks it too)."""
    title = " ".join(title.split())
    if not title:
        raise ServiceError(_l("Enter the name."), field="title")
    taken = {str(item.title).casefold() for item in items(kind, active_only=False)}
    if title.casefold() in taken:
        raise ServiceError(_l("The dictionary already has this entry."), field="title")
    entry = DictionaryEntry(kind=kind, code=f"m-{secrets.token_hex(6)}", title=title,
                            created_by_id=require_scope().user_id)
    db.session.add(entry)
    db.session.flush()
    audit.record("add_dictionary_entry", "dictionary_entry", entry.id, object_name=title,
                 details={"dictionary": kind.value})
    return entry


def get_entry(entry_id: uuid.UUID) -> DictionaryEntry | None:
    scope = require_scope()
    return db.session.scalars(select(DictionaryEntry).where(
        DictionaryEntry.id == entry_id, DictionaryEntry.municipality_id == scope.municipality_id)).one_or_none()


def set_active(entry: DictionaryEntry, active: bool) -> None:
    """Retire an entry (no longer offered; what was chosen keeps its name) or bring it back."""
    if entry.is_active == active:
        return
    entry.is_active, entry.deactivated_at = active, None if active else utcnow()
    audit.record("reactivate" if active else "deactivate", "dictionary_entry", entry.id, object_name=entry.title)
