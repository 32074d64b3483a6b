"""Second-factor secrets sealed at rest (Fernet: AES-128-CBC with HMAC-SHA256, from `cryptography`).

A person's record is readable by the organizations they belong to (row-level security of ``users``),
so a secret stored in the clear would be in the reach of any tenant scope that an injection or a bug
could abuse; sealed, the column holds nothing usable without the key, which lives in the app's
configuration (``TOTP_SEALING_KEY``, else derived from ``SECRET_KEY``), not in the database.
A value written before sealing (no prefix) is still read, and sealed when next written.
"""
from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app

PREFIX = "v1:"


def _box() -> Fernet:
    configured = current_app.config.get("TOTP_SEALING_KEY")
    if configured:
        return Fernet(configured)
    digest = hashlib.sha256(b"nastavnik totp sealing:" + current_app.config["SECRET_KEY"].encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def seal(secret: str) -> str:
    return PREFIX + _box().encrypt(secret.encode()).decode()


def unseal(stored: str | None) -> str | None:
    """The secret, or None when there is none or it cannot be opened with this key (a changed key
    makes the factor unusable: the person is reset like one who lost it)."""
    if not stored:
        return None
    if not stored.startswith(PREFIX):
        return stored
    try:
        return _box().decrypt(stored[len(PREFIX):].encode()).decode()
    except InvalidToken:
        return None
