"""Scans of signed paper forms: checked by their content, never by their name (a «.pdf» that is text is
refused), size-limited, kept in PostgreSQL under the school's row-level security."""
from __future__ import annotations

import hashlib
import uuid

import filetype
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import undefer

from app.audit import services as audit
from app.consents.models import ConsentScan
from app.core.errors import ServiceError
from app.core.extensions import db
from app.core.forms import CONTROL_CHARACTERS
from tenants.scope import require_scope

MAX_SCAN_BYTES = 5 * 1024 * 1024
# What a scan may be, as its content says (the `filetype` signatures), with the extension it is served as.
ACCEPTED = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def checked_media_type(content: bytes) -> str:
    """The scan's media type read from its first bytes; refuses what is not a PDF, JPEG or PNG, an empty
    file and one over the limit."""
    if not content:
        raise ServiceError(_l("The file is empty."), field="scan")
    if len(content) > MAX_SCAN_BYTES:
        raise ServiceError(_l("The scan is larger than 5 MB: scan it at a lower resolution."), field="scan")
    kind = filetype.guess(content)
    if kind is None or kind.mime not in ACCEPTED:
        raise ServiceError(_l("The scan must be a PDF, JPEG or PNG file (its content is checked, not its name)."),
                           field="scan")
    return kind.mime


def _clean_name(filename: str | None, media_type: str) -> str:
    name = CONTROL_CHARACTERS.sub("", (filename or "").replace("/", "_").replace("\\", "_")).strip()
    stem = name.rsplit(".", 1)[0][:150] or "scan"
    return f"{stem}.{ACCEPTED[media_type]}"


def store(teacher_id: uuid.UUID, content: bytes, filename: str | None) -> ConsentScan:
    """Keep a checked scan of a person's paper form (in the caller's transaction)."""
    media_type = checked_media_type(content)
    scan = ConsentScan(id=uuid.uuid4(), teacher_id=teacher_id, filename=_clean_name(filename, media_type),
                       media_type=media_type, size=len(content), sha256=hashlib.sha256(content).hexdigest(),
                       content=content, uploaded_by_id=require_scope().user_id)
    db.session.add(scan)
    db.session.flush()
    return scan


def open_scan(scan_id: uuid.UUID, subject_name_of) -> ConsentScan | None:
    """A scan of this school with its content, or None (also for another school's id). Every download
    of a scan is recorded (152-ФЗ ст. 19)."""
    scope = require_scope()
    scan = db.session.scalars(select(ConsentScan).where(ConsentScan.id == scan_id, ConsentScan.org_id == scope.org_id)
                              .options(undefer(ConsentScan.content))).one_or_none()
    if scan is not None:
        audit.record("view", "consent_scan", scan.id, object_name=subject_name_of(scan.teacher_id))
    return scan

