"""An uploaded staff file and its import into the teacher registry (app/teachers/imports.py)."""
from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, ForeignKeyConstraint, Integer, LargeBinary, String, Uuid
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.core.extensions import db
from app.core.models import IdMixin, OrgOwned, TimestampMixin, utcnow


class ImportStatus(str, enum.Enum):
    draft = "draft"        # uploaded; the mapping and the preview may still change
    queued = "queued"      # confirmed; its job is enqueued (or will be, by the sweeper)
    running = "running"    # the job has written some batches
    finished = "finished"
    failed = "failed"      # the job gave up after its attempts; what it wrote before stays
    expired = "expired"    # never confirmed: the file and the rows' values were cleared (migration 0015)


ACTIVE_STATUSES = (ImportStatus.queued, ImportStatus.running)


class TeacherImport(IdMixin, TimestampMixin, OrgOwned, db.Model):
    """One file a curator or the school's administrator uploaded. The preview's per-row report is kept
    as JSON (``report``: row number, name, action, errors, and the row's validated values), so the job
    writes what the curator saw and confirmed without reading the file again; the file and the values
    are cleared once the import has run (152-ФЗ ст. 5 ч. 7: kept no longer than the purpose needs)."""

    __tablename__ = "teacher_imports"
    __table_args__ = (
        ForeignKeyConstraint(["org_id", "municipality_id"], ["organizations.id", "organizations.municipality_id"],
                             name="fk_teacher_imports_org_municipality"),
    )

    filename: Mapped[str] = mapped_column(String(200))
    file_kind: Mapped[str] = mapped_column(String(10))  # csv | xlsx
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True, deferred=True)
    # The file's columns: [{"title": header, "sample": first value}], and the field of each (or "").
    columns: Mapped[list] = mapped_column(JSONB, default=list)
    mapping: Mapped[list] = mapped_column(JSONB, default=list)
    # Bumped by every change of the mapping: a confirmation names the preview it was given for.
    revision: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[ImportStatus] = mapped_column(
        db.Enum(ImportStatus, native_enum=False, length=10, validate_strings=True), default=ImportStatus.draft)
    only_valid: Mapped[bool] = mapped_column(Boolean, default=False)
    total_rows: Mapped[int] = mapped_column(Integer, default=0)
    error_rows: Mapped[int] = mapped_column(Integer, default=0)
    to_create: Mapped[int] = mapped_column(Integer, default=0)
    to_update: Mapped[int] = mapped_column(Integer, default=0)
    processed: Mapped[int] = mapped_column(Integer, default=0)
    created_count: Mapped[int] = mapped_column(Integer, default=0)
    updated_count: Mapped[int] = mapped_column(Integer, default=0)
    skipped_count: Mapped[int] = mapped_column(Integer, default=0)
    report: Mapped[list] = mapped_column(JSONB, default=list, deferred=True)
    # Rows the job could not write after all (the registry changed since the preview).
    run_notes: Mapped[list] = mapped_column(JSONB, default=list, deferred=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(500), nullable=True)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    confirmed_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    progress_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def is_done(self) -> bool:
        return self.status in (ImportStatus.finished, ImportStatus.failed)
