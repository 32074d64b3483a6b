"""Recovery codes of a lost second factor: ten one-time codes, shown once when the second factor is
enrolled (or the person asks for new ones), stored as hashes, each accepted once at the second-factor
step. Every function works in the person's own scope, the only one where the codes are visible."""
from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import delete, func, select

from app.accounts.models import RecoveryCode, User
from app.core.extensions import db
from app.core.models import utcnow
from tenants.switches import as_person

COUNT = 10
# No 0/o, 1/l/i: read off paper and typed on a phone. 16 characters of 31: about 79 bits each.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_LENGTH = 16


def _normal(code: str) -> str:
    return "".join(ch for ch in (code or "").lower() if ch.isalnum())


def _hash(code: str) -> str:
    # High-entropy random codes: a plain SHA-256 cannot be reversed by guessing (ASVS 6.5.2).
    return hashlib.sha256(_normal(code).encode()).hexdigest()


def _new_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(_LENGTH))
    return "-".join(raw[i:i + 4] for i in range(0, _LENGTH, 4))


def looks_like_code(text: str) -> bool:
    return len(_normal(text)) == _LENGTH


def issue(user: User) -> list[str]:
    """New codes for the person, replacing all earlier ones; returns them in clear, once."""
    codes = [_new_code() for _ in range(COUNT)]
    with as_person(user.id):
        db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
        db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash(code)) for code in codes)
    return codes


def use(user: User, code: str) -> bool:
    """Accept an unused code of the person once (a concurrent second use waits, then finds it used)."""
    if not looks_like_code(code):
        return False
    with as_person(user.id):
        found = db.session.scalars(select(RecoveryCode).where(
            RecoveryCode.user_id == user.id, RecoveryCode.code_hash == _hash(code),
            RecoveryCode.used_at.is_(None)).with_for_update()).first()
        if found is None:
            return False
        found.used_at = utcnow()
    return True


def remaining(user: User) -> int:
    with as_person(user.id):
        return db.session.scalar(select(func.count()).select_from(RecoveryCode).where(
            RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))) or 0


def clear(user: User) -> None:
    with as_person(user.id):
        db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
