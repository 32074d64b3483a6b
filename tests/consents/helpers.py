"""Helpers of the consent ledger's tests: scans of every kind, a school's scope, forms with files."""
from __future__ import annotations

import io
import struct
import zlib
from contextlib import contextmanager

from tests.support.http import csrf_token

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b""))


@contextmanager
def in_school(app, world, key: str = "A", person: str | None = None):
    """The app context and scope of a school of the fixture world (as ``person`` when given)."""
    from app.core.extensions import db
    from tenants.switches import acting_in

    org = world.orgs[key]
    user_id = world.people[person].id if person else None
    with app.app_context(), acting_in(municipality_id=org.municipality_id, org_id=org.id, user_id=user_id,
                                      reason="test"):
        try:
            yield db.session
        finally:
            db.session.rollback()
            db.session.remove()


def post_files(client, path: str, data: dict, files: dict, token_from: str):
    """A multipart POST with a valid CSRF token: ``files`` name -> (bytes, filename)."""
    payload = {"csrf_token": csrf_token(client, token_from), **data}
    for name, (content, filename) in files.items():
        payload[name] = (io.BytesIO(content), filename)
    return client.post(path, data=payload, content_type="multipart/form-data")


def docx_text(content: bytes) -> str:
    """Every paragraph and table cell of a DOCX, as python-docx reads it, non-breaking spaces read as
    spaces (the documents engine's typography is its own tests' business)."""
    from docx import Document

    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts).replace("\u00a0", " ")
