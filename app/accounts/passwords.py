"""Password hashing (Argon2id) and the rules for a new password (ASVS 6.2: length, common passwords,
no composition rules, no forced rotation)."""
from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l, lazy_ngettext
from zxcvbn.frequency_lists import FREQUENCY_LISTS

MIN_LENGTH = 8
MAX_LENGTH = 128

# Words a Russian-speaking school user is likely to pick that an English list misses.
_LOCAL_COMMON = {"пароль", "пароль123", "йцукен", "йцукенгш", "qwertyйцукен", "наставник", "nastavnik",
                 "школа123", "учитель", "uchitel", "parol123", "privet123", "qwerty123", "1q2w3e4r"}


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    return frozenset(FREQUENCY_LISTS["passwords"]) | _LOCAL_COMMON


@lru_cache(maxsize=2)
def _hasher(profile: str) -> PasswordHasher:
    if profile == "fast":  # tests only: the same algorithm with a tiny cost
        return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1, type=Type.ID)
    return PasswordHasher(type=Type.ID)  # argon2-cffi's RFC 9106 low-memory profile


def hasher() -> PasswordHasher:
    return _hasher(current_app.config.get("ARGON2_PROFILE", "default"))


def hash_password(password: str) -> str:
    return hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        # Spend the same time as a real check, so a missing account is not told apart by timing.
        hasher().hash(password)
        return False
    try:
        return hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def problems(password: str, email: str | None = None, full_name: str | None = None) -> list:
    """Why a new password is refused, as translated sentences; empty if it is acceptable."""
    found = []
    if len(password) < MIN_LENGTH:
        found.append(lazy_ngettext("The password must be at least %(num)d character long.",
                                   "The password must be at least %(num)d characters long.", MIN_LENGTH))
    if len(password) > MAX_LENGTH:
        found.append(lazy_ngettext("The password must be at most %(num)d character long.",
                                   "The password must be at most %(num)d characters long.", MAX_LENGTH))
    lowered = password.lower()
    if lowered in _common_passwords() or (email and lowered == email.lower().split("@")[0]):
        found.append(_l("This password is too common or easy to guess; choose another."))
    return found
