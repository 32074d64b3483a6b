"""Small helpers of the web layer shared by every feature's views, and the request guard and the
browser's icon that every page shares."""
from __future__ import annotations

import uuid
from contextvars import ContextVar
from pathlib import Path
from urllib.parse import urlsplit

from flask import abort, request, send_from_directory

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


NUL = "\x00"


def refuse_nul() -> None:
    """A NUL character anywhere in a request (path, query string, form field) answers 400 before any
    other hook or view runs: PostgreSQL refuses NUL in text, and no name, address or code has one.
    Other control characters are refused field by field (app.core.forms.NoControlCharacters)."""
    if NUL in request.path or NUL in request.query_string.decode("latin-1"):
        abort(400)
    if any(NUL in key or NUL in value for key, value in request.args.items(multi=True)):
        abort(400)
    if request.method in ("POST", "PUT", "PATCH") and any(
            NUL in key or NUL in value for key, value in request.form.items(multi=True)):
        abort(400)


STATIC = Path(__file__).resolve().parent.parent / "static"


def favicon():
    """Browsers and crawlers ask for /favicon.ico whatever the page says; the pages name the SVG."""
    return send_from_directory(STATIC, "favicon.ico", mimetype="image/vnd.microsoft.icon",
                               max_age=7 * 24 * 3600)


def register(app) -> None:
    app.before_request(refuse_nul)
    app.add_url_rule("/favicon.ico", "favicon", favicon)
