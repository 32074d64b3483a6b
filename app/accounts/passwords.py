"""Password hashing (Argon2id) and the rules for a new password (ASVS 6.2: length, guessable
passwords — app/accounts/weak.py with its Russian list and zxcvbn's English one —, no composition
rules, no forced rotation)."""
from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l, lazy_ngettext

from app.accounts import weak

MIN_LENGTH = 8
MAX_LENGTH = 128

# The demo's password is published (README, the console of `make run`): nobody may choose it. The
# demo seed, which owns it, writes its hash itself (app/demo/seed.py).
DEMO_PASSWORD = "demo-nastavnik-2026"

# Why app/accounts/weak.py finds a password guessable, in the person's language.
REASONS = {
    "product": _l("The password is made of words of this service or of school life (наставник, школа, "
                  "учитель…); choose another."),
    "personal": _l("The password is made of your name or your e-mail address; choose another."),
    "repeated": _l("The password repeats one character or a short group of characters; choose another."),
    "too_short_unique": _l("The password has too few different characters; choose another."),
    "sequence": _l("The password is a run of keys, letters or digits (qwerty, йцукен, 12345); choose another."),
    "common": _l("This password is too common or easy to guess; choose another."),
    "published": _l("This is the published password of the demo; choose another."),
}


@lru_cache(maxsize=2)
def _hasher(profile: str) -> PasswordHasher:
    if profile == "fast":  # tests only: the same algorithm with a tiny cost
        return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1, type=Type.ID)
    # OWASP's Argon2id recommendation (19 MiB, 2 passes, 1 lane): about 35 ms of one core here, so
    # a 2-core machine signs in some 40 people a second (argon2-cffi's default, 64 MiB × 3 × 4
    # lanes, kept 1.6 cores busy for one sign-in). Hashes of other parameters are re-hashed at the
    # person's next sign-in (services.authenticate).
    return PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, type=Type.ID)


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
    """Why a new password is refused, as translated sentences; empty if it is acceptable. The
    person's e-mail and full name are passed so that a password made of them is refused."""
    found = []
    if len(password) < MIN_LENGTH:
        found.append(lazy_ngettext("The password must be at least %(num)d character long.",
                                   "The password must be at least %(num)d characters long.", MIN_LENGTH))
    if len(password) > MAX_LENGTH:
        found.append(lazy_ngettext("The password must be at most %(num)d character long.",
                                   "The password must be at most %(num)d characters long.", MAX_LENGTH))
        return found
    if password == DEMO_PASSWORD:
        found.append(REASONS["published"])
    else:
        reason = weak.weakness(password, email=email, full_name=full_name)
        if reason is not None:
            found.append(REASONS[reason])
    return found
