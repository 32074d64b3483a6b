"""Small helpers shared by the views."""
from __future__ import annotations

import uuid
from urllib.parse import urlsplit

from flask import abort, flash, request

from app.services import ServiceError


def show_error(form, error: ServiceError) -> None:
    """Put a refused rule's message next to its field, or at the top of the page."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = list(field.errors) + [error.message]
    else:
        flash(error.message, "error")


def parse_id(value: str) -> uuid.UUID:
    """A malformed id answers 404, exactly like a well-formed id of nothing."""
    try:
        return uuid.UUID(value)
    except (ValueError, TypeError):
        abort(404)


def page_arg() -> int:
    return max(request.args.get("page", 1, type=int) or 1, 1)


def safe_next(target: str | None) -> str | None:
    """Only same-site relative paths are followed after sign-in (no open redirect)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target
