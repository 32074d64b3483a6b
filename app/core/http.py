"""Small helpers of the web layer shared by every feature's views."""
from __future__ import annotations

import uuid
from contextvars import ContextVar
from urllib.parse import urlsplit

from flask import abort, request

# The client's address for this request, set by the access layer: services (the audit trail) read it
# here instead of reading flask.request; jobs leave it empty.
CLIENT_IP: ContextVar[str | None] = ContextVar("client_ip", default=None)


def client_ip() -> str | None:
    return request.remote_addr


def parse_id(value: str) -> uuid.UUID:
    """A malformed id answers 404, exactly like a well-formed id of nothing."""
    try:
        return uuid.UUID(value)
    except (ValueError, TypeError):
        abort(404)


def safe_next(target: str | None) -> str | None:
    """Only same-site relative paths are followed after sign-in (no open redirect)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target
