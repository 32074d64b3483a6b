"""The import of staff files into the teacher registry (Положение 3.4: the curator keeps the personified
record of the school's pedagogical workers «совместно с системным администратором»; Дорожная карта,
этапы 2–3 start from it).

1. ``upload``: the file is checked by its content (app/teachers/import_files.py) and kept with the
   mapping its headers suggest and the preview of every row.
2. ``remap``: the curator changes the field of a column; the preview is computed again.
3. The preview: each row validated by ``TeacherRowSchema`` and matched with the registry — by the
   e-mail (any case) within the school, else by the full name and the birth date. A row repeating an
   earlier row of the file (the same e-mail, or the same person) is an error.
4. ``confirm``: with any row in error nothing is written unless the curator chose to import the valid
   rows only, after seeing the report. The job is enqueued after the commit.
5. ``run_batch`` (the job, app/teachers/jobs.py): a batch of rows per transaction — the keys of the
   batch's people read once, one INSERT and one UPDATE for the whole batch, the progress written with
   them; then the next batch is enqueued. Rows are matched again at this moment, so a record added
   since the preview is updated, not duplicated, and a second import of the same file updates.
   A batch that fails leaves nothing behind and is retried; a killed run is found by the sweeper and
   goes on from the last committed batch; a finished import does nothing when run again.
One audit event per import, with its counts (152-ФЗ ст. 19), not one per row.
"""
from __future__ import annotations

import hashlib
import io
import json
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from flask_babel import gettext as _, lazy_gettext as _l
from marshmallow import ValidationError
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from sqlalchemy import cast, func, literal, or_, select, text
from sqlalchemy.dialects.postgresql import JSONB, JSONPATH

from app.audit import services as audit
from app.core.errors import ServiceError
from app.core.extensions import db
from app.core.forms import CONTROL_CHARACTERS
from app.core.models import new_id, utcnow
from app.teachers import import_files, import_mapping
from app.teachers.import_models import ACTIVE_STATUSES, ImportStatus, TeacherImport
from app.teachers.models import Teacher, teacher_name_key
from app.teachers.schemas import TeacherRowSchema
from tenants.scope import require_scope
from tenants.switches import scope_for_job
from worker.context import KeepAndRetry
from worker.queue import enqueue_after_commit, enqueue_now

# Named by path: the job module imports this one.
RUN_JOB = "app.teachers.jobs.run_import"
PREVIEW_PAGE = 100
RECENT = 10

CREATE, UPDATE, ERROR = "create", "update", "error"
_ERRORS_ONLY = '$[*] ? (@.action == "error")'


def job_id(import_id, offset: int) -> str:
    """Deterministic per batch: the enqueue after commit, a retry and every sweep name the same job."""
    return f"teacher-import-{import_id}-{offset}"


# ------------------------------------------------------------------------------------------ upload


def _display_filename(name: str | None) -> str:
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = " ".join(CONTROL_CHARACTERS.sub(" ", base).split())
    return base[:200] or _("file")


def _columns(sheet: import_files.Sheet) -> list[dict]:
    """Each column's title and its first value (the mapping page shows what a column holds)."""
    first = sheet.rows[0][1] if sheet.rows else []
    columns = []
    for index, title in enumerate(sheet.headers):
        sample = first[index] if index < len(first) else None
        if hasattr(sample, "strftime"):
            sample = sample.strftime("%d.%m.%Y")
        columns.append({"title": title, "sample": "" if sample is None else str(sample)[:60]})
    return columns


def upload(filename: str | None, data: bytes) -> TeacherImport:
    """Keep an uploaded staff file with its suggested mapping and its preview; refuse a file that is too
    large, not a spreadsheet, or holds formulas (nothing is stored then)."""
    cfg = current_app.config
    limit = cfg["TEACHER_IMPORT_MAX_BYTES"]
    if len(data) > limit:
        raise ServiceError(_l("The file is larger than %(size)s MB: split it into several files.",
                              size=f"{limit / 1024 / 1024:g}"), field="file")
    try:
        sheet = import_files.read(data, cfg["TEACHER_IMPORT_MAX_ROWS"])
    except import_files.FileRefused as refused:
        raise ServiceError(refused.message, field="file") from None
    scope = require_scope()
    record = TeacherImport(id=new_id(), filename=_display_filename(filename), file_kind=sheet.kind, size=len(data),
                           sha256=hashlib.sha256(data).hexdigest(), content=data, columns=_columns(sheet),
                           mapping=import_mapping.guess(sheet.headers), created_by_id=scope.user_id,
                           status=ImportStatus.draft, revision=1)
    _preview(record, sheet)
    db.session.add(record)
    db.session.flush()
    return record


def get(import_id: uuid.UUID) -> TeacherImport | None:
    """An import of the current school (another school's id finds nothing, like a random one)."""
    return db.session.get(TeacherImport, import_id)


@dataclass(frozen=True)
class RecentImport:
    id: uuid.UUID
    filename: str
    status: ImportStatus
    total_rows: int
    created_count: int
    updated_count: int
    skipped_count: int
    created_at: object


def recent() -> list[RecentImport]:
    """The school's last few files (ix_teacher_imports_org_created), newest first."""
    scope = require_scope()
    rows = db.session.execute(
        select(TeacherImport.id, TeacherImport.filename, TeacherImport.status, TeacherImport.total_rows,
               TeacherImport.created_count, TeacherImport.updated_count, TeacherImport.skipped_count,
               TeacherImport.created_at)
        .where(TeacherImport.org_id == scope.org_id)
        .order_by(TeacherImport.created_at.desc(), TeacherImport.id.desc()).limit(RECENT)).all()
    return [RecentImport(*row) for row in rows]


# ----------------------------------------------------------------------------------------- preview


@dataclass
class _Existing:
    """The registry's keys of the school: e-mail (lower case) -> record, (name key, birth date) ->
    records, and each record's patronymic (kept when a row has none)."""

    by_email: dict
    by_person: dict
    middle: dict

    @classmethod
    def load(cls, emails: list[str] | None = None, names: list[str] | None = None) -> "_Existing":
        scope = require_scope()
        stmt = select(Teacher.id, func.lower(Teacher.email), Teacher.sort_name, Teacher.birth_date,
                      Teacher.middle_name).where(Teacher.org_id == scope.org_id)
        if emails is not None:
            stmt = stmt.where(or_(func.lower(Teacher.email).in_(emails), Teacher.sort_name.in_(names)))
        by_email, by_person, middle = {}, {}, {}
        for teacher_id, email, sort_name, birth, middle_name in db.session.execute(stmt):
            if email:
                by_email[email] = teacher_id
            if birth is not None:
                by_person.setdefault((sort_name, birth.isoformat()), []).append(teacher_id)
            middle[teacher_id] = middle_name
        return cls(by_email, by_person, middle)

    def match(self, email_key: str | None, person_key: tuple | None):
        """The record a row updates, None for a new one, or ``...`` when several records fit."""
        if email_key and email_key in self.by_email:
            return self.by_email[email_key]
        found = self.by_person.get(person_key, []) if person_key else []
        if len(found) > 1:
            return ...
        return found[0] if found else None


def _keys(data: dict) -> tuple[str | None, tuple | None]:
    email = data["email"].lower() if data.get("email") else None
    birth = data.get("birth_date")
    person = None
    if birth:
        person = (teacher_name_key(data["last_name"], data["first_name"], data.get("middle_name")),
                  birth if isinstance(birth, str) else birth.isoformat())
    return email, person


def _display_name(raw: dict) -> str:
    if raw.get("full_name") is not None:
        name = str(raw["full_name"])
    else:
        name = " ".join(str(raw[key]) for key in ("last_name", "first_name", "middle_name") if raw.get(key) is not None)
    return " ".join(CONTROL_CHARACTERS.sub(" ", name).split())[:200]


def _messages(messages, field: str | None = None) -> list[dict]:
    """marshmallow's errors as (field label, message) pairs, in the order of the fields."""
    if isinstance(messages, dict):
        order = list(import_mapping.FIELDS)
        found = []
        for key in sorted(messages, key=lambda k: order.index(k) if k in order else len(order)):
            found += _messages(messages[key], key)
        return found
    if isinstance(messages, (list, tuple)):
        return [item for message in messages for item in _messages(message, field)]
    label = import_mapping.FIELDS.get(field)
    return [{"field": str(label) if label else "", "message": str(messages)}]


def _error(entry: dict, field: str, message) -> None:
    entry["action"] = ERROR
    entry["errors"] = [{"field": str(import_mapping.FIELDS[field]), "message": str(message)}]


def _preview(record: TeacherImport, sheet: import_files.Sheet) -> None:
    """Every row's result with the record's current mapping: will create, will update, or its errors."""
    schema = TeacherRowSchema()
    mapping = list(record.mapping)
    existing = _Existing.load()
    first_of_email, first_of_person, first_of_target = {}, {}, {}
    report, counts = [], {CREATE: 0, UPDATE: 0, ERROR: 0}
    for number, values in sheet.rows:
        raw = {name: values[index] for index, name in enumerate(mapping) if name and index < len(values)}
        entry = {"row": number, "name": _display_name(raw)}
        try:
            data = schema.load(raw)
        except ValidationError as error:
            entry["action"], entry["errors"] = ERROR, _messages(error.messages)
        else:
            email, person = _keys(data)
            name_field = "full_name" if "full_name" in raw else "last_name"
            target = existing.match(email, person)
            earlier = (first_of_email.get(email) if email else None) or (
                first_of_person.get(person) if person else None) or (
                first_of_target.get(target) if target not in (None, ...) else None)
            if earlier:
                _error(entry, "email" if email in first_of_email else name_field,
                       _l("The row repeats row %(row)d of the file.", row=earlier))
            elif target is ...:
                _error(entry, name_field, _l("Several records of the registry have this full name and birth date: "
                                             "add the e-mail to tell them apart."))
            else:
                entry["action"] = UPDATE if target else CREATE
                entry["data"] = schema.dump(data)
            for key, seen in ((email, first_of_email), (person, first_of_person)):
                if key:
                    seen.setdefault(key, number)
            if target not in (None, ...):
                first_of_target.setdefault(target, number)
        counts[entry["action"]] += 1
        report.append(entry)
    record.report = report
    record.total_rows = len(report)
    record.to_create, record.to_update, record.error_rows = counts[CREATE], counts[UPDATE], counts[ERROR]


def remap(import_id: uuid.UUID, mapping: list[str]) -> TeacherImport | None:
    """Give the file's columns other fields and compute the preview again (a draft only)."""
    record = _locked(import_id)
    if record is None:
        return None
    if record.status != ImportStatus.draft:
        raise ServiceError(_l("This import has been confirmed already: its mapping cannot change."))
    if len(mapping) != len(record.columns) or any(name and name not in import_mapping.FIELDS for name in mapping):
        raise ServiceError(_l("Choose a field from the list for every column."))
    problems = import_mapping.problems(mapping)
    if problems:
        raise ServiceError(problems[0])
    try:
        sheet = import_files.read(record.content or b"", current_app.config["TEACHER_IMPORT_MAX_ROWS"])
    except import_files.FileRefused as refused:  # (checked at the upload; the limits may have changed)
        raise ServiceError(refused.message) from None
    record.mapping = list(mapping)
    record.revision += 1
    _preview(record, sheet)
    db.session.flush()
    return record


@dataclass
class PreviewPage:
    entries: list[dict]
    page: int
    pages: int
    errors_only: bool


def preview_page(record: TeacherImport, errors_only: bool, page: int | None) -> PreviewPage:
    """One page of the preview's rows (any page number shows a page: past the end, the last)."""
    total = record.error_rows if errors_only else record.total_rows
    pages = max(1, -(-total // PREVIEW_PAGE))
    page = min(max(page or 1, 1), pages)
    start = (page - 1) * PREVIEW_PAGE
    source = TeacherImport.report
    if errors_only:
        source = func.jsonb_path_query_array(source, cast(literal(_ERRORS_ONLY), JSONPATH))
    entries = db.session.scalar(
        select(func.jsonb_path_query_array(source, cast(literal(f"$[{start} to {start + PREVIEW_PAGE - 1}]"),
                                                        JSONPATH)))
        .where(TeacherImport.id == record.id)) or []
    return PreviewPage(entries, page, pages, errors_only)


# ----------------------------------------------------------------------------------------- confirm


def _locked(import_id: uuid.UUID) -> TeacherImport | None:
    return db.session.scalars(select(TeacherImport).where(TeacherImport.id == import_id)
                              .with_for_update()).one_or_none()


def confirm(import_id: uuid.UUID, revision: int | None, only_valid: bool) -> TeacherImport | None:
    """Start the import of the preview the curator saw. With rows in error nothing is written unless
    ``only_valid``; a second confirmation of the same import changes nothing."""
    record = _locked(import_id)
    if record is None:
        return None
    if record.status != ImportStatus.draft:
        return record
    if revision != record.revision:
        raise ServiceError(_l("The preview has changed since you opened it: check it again."))
    problems = import_mapping.problems(record.mapping)
    if problems:
        raise ServiceError(problems[0])
    if record.error_rows and not only_valid:
        raise ServiceError(_l("Some rows have errors, so nothing has been imported. Correct the file and upload it "
                              "again, or choose to import the valid rows only."))
    if not record.to_create and not record.to_update:
        raise ServiceError(_l("The file has no row that can be imported."))
    scope = require_scope()
    now = utcnow()
    record.status, record.only_valid = ImportStatus.queued, bool(record.error_rows)
    record.confirmed_at, record.confirmed_by_id, record.progress_at = now, scope.user_id, now
    db.session.flush()
    enqueue_after_commit(RUN_JOB, str(record.id), 0, job_id=job_id(record.id, 0))
    return record


# ------------------------------------------------------------------------------------------ the job

_COLUMNS = ("id uuid, last_name text, first_name text, middle_name text, sort_name text, position text, "
            "subjects text[], category text, experience_since date, hired_on date, birth_date date, email text, "
            "phone text")
_INSERT = text(f"""
INSERT INTO teachers (id, municipality_id, org_id, last_name, first_name, middle_name, sort_name, position,
                      subjects, category, experience_since, hired_on, birth_date, email, phone, is_active,
                      created_at, updated_at)
SELECT r.id, :municipality, :org, r.last_name, r.first_name, r.middle_name, r.sort_name, r.position,
       coalesce(r.subjects, '{{}}'), coalesce(r.category, 'none'), r.experience_since, r.hired_on, r.birth_date,
       r.email, r.phone, true, now(), now()
FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r({_COLUMNS})""")
# A column the file does not have, or an empty cell, leaves the record's value as it is.
_UPDATE = text(f"""
UPDATE teachers AS t
SET last_name = r.last_name, first_name = r.first_name, middle_name = r.middle_name, sort_name = r.sort_name,
    position = coalesce(r.position, t.position), subjects = coalesce(r.subjects, t.subjects),
    category = coalesce(r.category, t.category), experience_since = coalesce(r.experience_since, t.experience_since),
    hired_on = coalesce(r.hired_on, t.hired_on), birth_date = coalesce(r.birth_date, t.birth_date),
    email = coalesce(r.email, t.email), phone = coalesce(r.phone, t.phone), updated_at = now()
FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r({_COLUMNS})
WHERE t.id = r.id AND t.org_id = :org""")
_FINISH = text("""
UPDATE teacher_imports SET content = NULL,
       report = (SELECT coalesce(jsonb_agg(e - 'data' ORDER BY n), '[]'::jsonb)
                 FROM jsonb_array_elements(report) WITH ORDINALITY AS x(e, n))
WHERE id = :id""")


def _write(entries: list[dict]) -> tuple[int, int, list[dict]]:
    """Write one batch: (created, updated, notes of the rows that could not be written)."""
    scope = require_scope()
    rows = [entry for entry in entries if entry.get("data")]
    keyed = [(entry, *_keys(entry["data"])) for entry in rows]
    existing = _Existing.load([email for _, email, _ in keyed if email],
                              [person[0] for _, _, person in keyed if person])
    inserts, updates, notes, taken = [], [], [], set()
    for entry, email, person in keyed:
        data = dict(entry["data"])
        target = existing.match(email, person)
        if target is ... or target in taken:
            notes.append({"row": entry["row"], "name": entry["name"], "field": "",
                          "message": _("The registry changed while the file was imported: the row matches "
                                       "several records. Nothing was written for it.")})
            continue
        if target is not None:
            taken.add(target)
            if data.get("middle_name") is None:
                data["middle_name"] = existing.middle.get(target)
            data["id"] = str(target)
        else:
            data["id"] = str(new_id())
        data["sort_name"] = teacher_name_key(data["last_name"], data["first_name"], data.get("middle_name"))
        (updates if target is not None else inserts).append(data)
        if target is None and email:  # a later row of the batch with this e-mail is the same person
            existing.by_email[email] = uuid.UUID(data["id"])
            taken.add(existing.by_email[email])
    if inserts:
        db.session.execute(_INSERT, {"rows": json.dumps(inserts), "org": scope.org_id,
                                     "municipality": scope.municipality_id})
    if updates:
        db.session.execute(_UPDATE, {"rows": json.dumps(updates), "org": scope.org_id})
    return len(inserts), len(updates), notes


def run_batch(import_id: uuid.UUID, offset: int) -> bool:
    """Write the batch of rows that starts at ``offset`` and enqueue the next one; False when there is
    nothing to do (finished, not confirmed, or this batch is written already)."""
    size = current_app.config["TEACHER_IMPORT_BATCH_ROWS"]
    batch = func.jsonb_path_query_array(TeacherImport.report,
                                        cast(literal(f"$[{int(offset)} to {int(offset) + size - 1}]"), JSONPATH))
    found = db.session.execute(select(TeacherImport, batch).where(TeacherImport.id == import_id)
                               .with_for_update(of=TeacherImport)).one_or_none()
    if found is None:
        return False
    record, entries = found
    if record.status not in ACTIVE_STATUSES or record.processed != offset:
        return False
    try:
        with db.session.begin_nested():
            created, updated, notes = _write(entries or [])
    except Exception as error:  # the batch's savepoint is rolled back: nothing of it stays
        return _attempt_failed(record, error)
    now = utcnow()
    if record.started_at is None:
        record.started_at = now
    record.status = ImportStatus.running
    record.processed += len(entries)
    record.created_count += created
    record.updated_count += updated
    record.skipped_count += len(entries) - created - updated
    record.attempts, record.last_error, record.progress_at = 0, None, now
    if notes:
        record.run_notes = TeacherImport.run_notes.op("||")(cast(json.dumps(notes), JSONB))
    if record.processed >= record.total_rows or not entries:
        _finish(record, ImportStatus.finished)
    else:
        db.session.flush()
        enqueue_after_commit(RUN_JOB, str(record.id), record.processed, job_id=job_id(record.id, record.processed))
    return True


def _finish(record: TeacherImport, status: ImportStatus) -> None:
    record.status, record.finished_at = status, utcnow()
    db.session.flush()
    # The file and the rows' values served their purpose: only the report of what happened stays.
    db.session.execute(_FINISH, {"id": record.id})
    audit.record("import", "teacher_import", record.id, object_name=record.filename, details={
        "import_status": status.value, "file_rows": record.total_rows, "created_records": record.created_count,
        "updated_records": record.updated_count, "skipped_rows": record.skipped_count})


def _attempt_failed(record: TeacherImport, error: Exception) -> bool:
    """Keep the failed attempt on the row; RQ retries it (KeepAndRetry), the sweeper after the retries;
    after the configured number of attempts the import is marked failed."""
    record.attempts += 1
    record.last_error = f"{type(error).__name__}: {error}"[:500]
    record.progress_at = utcnow()
    if record.attempts >= current_app.config["TEACHER_IMPORT_MAX_ATTEMPTS"]:
        _finish(record, ImportStatus.failed)
        return False
    db.session.flush()
    raise KeepAndRetry(record.last_error) from error


def sweep(limit: int = 200) -> int:
    """Enqueue again the confirmed imports that show no progress for a while (their enqueue after commit
    failed, their worker died, their retries ran out), across schools, through the narrow path
    ``teacher_imports_due`` (ids, scopes, offsets); each under its batch's deterministic job id, so a
    batch on its way is not enqueued twice."""
    rows = db.session.execute(text("SELECT * FROM teacher_imports_due(:n, :grace)"), {
        "n": limit, "grace": current_app.config["TEACHER_IMPORT_SWEEP_GRACE_SECONDS"]}).all()
    for row in rows:
        scope = scope_for_job(municipality_id=row.municipality_id, org_id=row.org_id)
        enqueue_now(RUN_JOB, str(row.id), row.processed, scope=scope, job_id=job_id(row.id, row.processed))
    return len(rows)


EXPIRE_JOB = "app.teachers.jobs.expire_draft"


def sweep_stale_drafts(limit: int = 500) -> int:
    """Enqueue the expiry of every draft nobody confirmed within TEACHER_IMPORT_DRAFT_HOURS, across
    schools, through the narrow path ``teacher_imports_stale`` (ids and scopes), each in its school's
    scope under a deterministic job id."""
    rows = db.session.execute(text("SELECT * FROM teacher_imports_stale(:n, :hours)"), {
        "n": limit, "hours": current_app.config["TEACHER_IMPORT_DRAFT_HOURS"]}).all()
    for row in rows:
        scope = scope_for_job(municipality_id=row.municipality_id, org_id=row.org_id)
        enqueue_now(EXPIRE_JOB, str(row.id), scope=scope, job_id=f"teacher-import-expire-{row.id}")
    return len(rows)


def expire_draft(import_id: uuid.UUID) -> bool:
    """A draft that nobody confirmed in time keeps no personal data (152-ФЗ ст. 5 ч. 7): the file and
    the rows' values are cleared and the upload stays on record. Idempotent; a draft confirmed in the
    meantime, or a younger one, is left alone."""
    record = _locked(import_id)
    limit = utcnow() - timedelta(hours=current_app.config["TEACHER_IMPORT_DRAFT_HOURS"])
    if record is None or record.status != ImportStatus.draft or record.created_at >= limit:
        return False
    record.status, record.finished_at = ImportStatus.expired, utcnow()
    db.session.flush()
    db.session.execute(_FINISH, {"id": record.id})
    audit.record("expire", "teacher_import", record.id, object_name=record.filename)
    return True


# ---------------------------------------------------------------------------------- status, report


def status_of(import_id: uuid.UUID) -> dict | None:
    """The progress of an import, as the page's script polls it."""
    row = db.session.execute(
        select(TeacherImport.status, TeacherImport.processed, TeacherImport.total_rows, TeacherImport.created_count,
               TeacherImport.updated_count, TeacherImport.skipped_count).where(TeacherImport.id == import_id)
    ).one_or_none()
    if row is None:
        return None
    status, processed, total, created, updated, skipped = row
    return {"status": status.value, "processed": processed, "total": total, "created": created,
            "updated": updated, "skipped": skipped,
            "done": status in (ImportStatus.finished, ImportStatus.failed)}


def _text_cell(sheet, value):
    """A cell that is text whatever it holds: a value from a file never becomes a formula here."""
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def report_workbook(import_id: uuid.UUID) -> tuple[str, bytes] | None:
    """The per-row error report (row, name, field, message) as an XLSX workbook, with its file name."""
    found = db.session.execute(
        select(TeacherImport.filename,
               func.jsonb_path_query_array(TeacherImport.report, cast(literal(_ERRORS_ONLY), JSONPATH)),
               TeacherImport.run_notes).where(TeacherImport.id == import_id)).one_or_none()
    if found is None:
        return None
    filename, errors, notes = found
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Errors"))
    sheet.column_dimensions["B"].width = 36
    sheet.column_dimensions["C"].width = 28
    sheet.column_dimensions["D"].width = 80
    sheet.append([_("Row"), _("Full name"), _("Field"), _("Message")])
    for entry in errors or []:
        for item in entry.get("errors") or [{"field": "", "message": ""}]:
            sheet.append([entry["row"], _text_cell(sheet, entry.get("name") or ""),
                          _text_cell(sheet, item["field"]), _text_cell(sheet, item["message"])])
    for note in notes or []:
        sheet.append([note["row"], _text_cell(sheet, note.get("name") or ""), _text_cell(sheet, note["field"]),
                      _text_cell(sheet, note["message"])])
    buffer = io.BytesIO()
    workbook.save(buffer)
    stem = filename.rsplit(".", 1)[0] if "." in filename else filename
    return f"{stem} — {_('errors')} {date.today():%d.%m.%Y}.xlsx", buffer.getvalue()
