"""Brute-force protection (ASVS 6.3) kept in Redis, so every gunicorn worker sees the same counters."""
from __future__ import annotations

import hashlib

from flask import current_app

from app.core.redis import redis_client


def _key(kind: str, value: str, purpose: str = "login-failures") -> str:
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"nastavnik:{purpose}:{kind}:{digest}"


def is_locked(account: str, ip: str | None) -> bool:
    cfg = current_app.config
    r = redis_client()
    account_failures = int(r.get(_key("account", account)) or 0)
    ip_failures = int(r.get(_key("ip", ip or "-")) or 0)
    return (account_failures >= cfg["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
            or ip_failures >= cfg["LOGIN_MAX_FAILURES_PER_IP"])


def register_failure(account: str, ip: str | None) -> None:
    window = current_app.config["LOGIN_LOCKOUT_SECONDS"]
    pipe = redis_client().pipeline()
    for key in (_key("account", account), _key("ip", ip or "-")):
        pipe.incr(key)
        pipe.expire(key, window)
    pipe.execute()


def clear_account(account: str) -> None:
    redis_client().delete(_key("account", account))


def allow_reset_request(account: str, ip: str | None) -> bool:
    """Password-reset letters: a few per account and a bounded number per address in the window,
    so the form cannot be used to flood someone's mailbox."""
    cfg = current_app.config
    window = cfg["LOGIN_LOCKOUT_SECONDS"]
    pipe = redis_client().pipeline()
    for kind, value in (("account", account), ("ip", ip or "-")):
        key = _key(kind, value, purpose="reset-requests")
        pipe.incr(key)
        pipe.expire(key, window)
    account_count, _, ip_count, _ = pipe.execute()
    return account_count <= cfg["RESET_MAX_PER_ACCOUNT"] and ip_count <= cfg["RESET_MAX_PER_IP"]
