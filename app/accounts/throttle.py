"""Brute-force protection (ASVS 6.3.1) that keeps the attacker slow without handing him a lever.

Failures are counted per purpose (``login``: the password at sign-in; ``code``: the second-factor or
recovery code; ``reauth``: the current password or code that confirms an account change) for three keys:

- the **pair** (account, origin) — the origin is the browser when it is a known device of the account
  (a signed cookie that a successful sign-in leaves, OWASP's "device cookies"), else the address;
- the **address** alone — one address trying many accounts;
- the **account** alone — many addresses trying one account.

After its ``free`` failures, each further failure of a key makes the next attempt of that key wait a
delay that doubles (1 s, 2 s, 4 s…) up to a ceiling. A refused attempt is neither checked nor counted,
so waiting out the delay always gives one more try. The pair's ceiling is long (15 minutes): it is the
attacker's own. The address and the account are shared with innocent people — a school behind one
NAT, the account's owner — so their ceiling is short (a minute): they slow, never lock out. A known
device of the account ignores the address and account keys, so its owner is never slowed by someone
else's failures; and an address that has not failed is never slowed by the pair of another.

Counters live in Redis. When Redis is down they live in PostgreSQL (``throttle_counters``, an
UNLOGGED table), and if that fails too, in this process with halved free counts: never nowhere, and
never an error page. Keys are keyed hashes (HMAC with the app's secret) of purpose, kind and value:
no e-mail and no address is stored.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import math
import secrets
import threading
import time
from dataclasses import dataclass, replace

from flask import current_app
from flask_babel import lazy_ngettext
from itsdangerous import BadSignature, URLSafeSerializer
from redis.exceptions import RedisError
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.core.extensions import db
from app.core.redis import redis_client

log = logging.getLogger(__name__)

LOGIN, CODE, REAUTH = "login", "code", "reauth"
DEVICE_COOKIE = "nastavnik_device"
_DEVICE_ACCOUNTS = 5  # accounts remembered per browser
# After a store fails, it is skipped for this long (no connection attempt per request).
_RETRY_STORE_AFTER = 30.0


@dataclass(frozen=True)
class Rule:
    free: int  # failures before delays start
    ceiling: float  # the longest delay, seconds

    def delay(self, failures: int, first: float) -> float:
        over = failures - self.free
        if over <= 0:
            return 0.0
        return min(self.ceiling, first * 2 ** min(over - 1, 40))


@dataclass(frozen=True)
class Attempt:
    """Who tries what from where. ``device`` is set when the browser is a known device of ``account``."""

    purpose: str
    account: str
    ip: str | None
    device: str | None = None

    def _account(self) -> str:
        return self.account.strip().lower()

    def pair_key(self) -> str:
        origin = f"device:{self.device}" if self.device else f"ip:{self.ip or '-'}"
        return _key(self.purpose, "pair", f"{self._account()}|{origin}")

    def account_key(self) -> str:
        return _key(self.purpose, "account", self._account())

    def keys(self) -> list[tuple[str, Rule]]:
        cfg = current_app.config
        shared, longest = cfg["LOGIN_SHARED_MAX_DELAY_SECONDS"], cfg["LOGIN_MAX_DELAY_SECONDS"]
        keys = [(self.pair_key(), Rule(cfg["LOGIN_FREE_FAILURES_PER_PAIR"], longest))]
        if not self.device:
            # Whoever tries a code already has the password: the account's own ceiling is the long one.
            account_ceiling = longest if self.purpose == CODE else shared
            keys += [(_key(self.purpose, "ip", self.ip or "-"), Rule(cfg["LOGIN_FREE_FAILURES_PER_ADDRESS"], shared)),
                     (self.account_key(), Rule(cfg["LOGIN_FREE_FAILURES_PER_ACCOUNT"], account_ceiling))]
        return keys


def _key(purpose: str, kind: str, value: str) -> str:
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, f"{purpose}|{kind}|{value}".encode(), hashlib.sha256).hexdigest()[:48]


# --- the stores -------------------------------------------------------------------------------------------

class StoreDown(Exception):
    """The store cannot be reached; the next one is used."""


class RedisStore:
    name = "redis"

    @staticmethod
    def _names(key: str) -> tuple[str, str]:
        return f"nastavnik:throttle:{key}:n", f"nastavnik:throttle:{key}:wait"

    def _run(self, build):
        try:
            pipe = redis_client().pipeline()
            build(pipe)
            return pipe.execute()
        except (RedisError, OSError) as error:
            raise StoreDown(error) from error

    def wait(self, keys: list[str]) -> float:
        ttls = self._run(lambda pipe: [pipe.pttl(self._names(k)[1]) for k in keys])
        return max([t / 1000 for t in ttls if t and t > 0] or [0.0])

    def count(self, key: str, window: int) -> int:
        counter = self._names(key)[0]
        return int(self._run(lambda pipe: (pipe.incr(counter), pipe.expire(counter, window)))[0])

    def block(self, key: str, seconds: float) -> None:
        self._run(lambda pipe: pipe.set(self._names(key)[1], 1, px=max(1, int(seconds * 1000))))

    def clear(self, keys: list[str]) -> None:
        self._run(lambda pipe: [pipe.delete(*self._names(k)) for k in keys])


class DatabaseStore:
    """PostgreSQL, on a connection of its own in autocommit: a counter is kept whatever becomes of the
    request's transaction (a refusal rolls it back)."""

    name = "postgresql"

    def _run(self, statement: str, params: dict):
        try:
            with db.engine.connect() as conn:
                conn = conn.execution_options(isolation_level="AUTOCOMMIT")
                return conn.execute(text(statement), params)
        except SQLAlchemyError as error:
            raise StoreDown(error) from error

    def wait(self, keys: list[str]) -> float:
        rows = self._run("SELECT extract(epoch FROM max(blocked_until) - clock_timestamp()) FROM throttle_counters "
                         "WHERE key = ANY(:keys) AND blocked_until > clock_timestamp()", {"keys": keys})
        value = rows.scalar()
        return max(float(value or 0), 0.0)

    def count(self, key: str, window: int) -> int:
        return self._run(
            "INSERT INTO throttle_counters AS t (key, hits, expires_at) "
            "VALUES (:key, 1, clock_timestamp() + make_interval(secs => :window)) "
            "ON CONFLICT (key) DO UPDATE SET "
            "hits = CASE WHEN t.expires_at <= clock_timestamp() THEN 1 ELSE t.hits + 1 END, "
            "blocked_until = CASE WHEN t.expires_at <= clock_timestamp() THEN NULL ELSE t.blocked_until END, "
            "expires_at = clock_timestamp() + make_interval(secs => :window) RETURNING hits",
            {"key": key, "window": window}).scalar_one()

    def block(self, key: str, seconds: float) -> None:
        self._run("UPDATE throttle_counters SET blocked_until = clock_timestamp() + make_interval(secs => :s), "
                  "expires_at = greatest(expires_at, clock_timestamp() + make_interval(secs => :s)) WHERE key = :key",
                  {"key": key, "s": seconds})

    def clear(self, keys: list[str]) -> None:
        self._run("DELETE FROM throttle_counters WHERE key = ANY(:keys)", {"keys": keys})

    def purge(self) -> int:
        return self._run("DELETE FROM throttle_counters WHERE expires_at < clock_timestamp()", {}).rowcount


class MemoryStore:
    """The last resort: this process only, so its rules are stricter (half the free failures)."""

    name = "memory"
    strict = True

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rows: dict[str, list[float]] = {}  # key -> [hits, expires, blocked_until] (monotonic)

    def _row(self, key: str, now: float) -> list[float] | None:
        row = self._rows.get(key)
        if row is not None and row[1] <= now and row[2] <= now:
            del self._rows[key]
            return None
        return row

    def wait(self, keys: list[str]) -> float:
        now = time.monotonic()
        with self._lock:
            return max([row[2] - now for k in keys if (row := self._row(k, now)) and row[2] > now] or [0.0])

    def count(self, key: str, window: int) -> int:
        now = time.monotonic()
        with self._lock:
            if len(self._rows) > 100_000:  # bounded memory: forget what has expired
                for k in [k for k, row in self._rows.items() if row[1] <= now and row[2] <= now]:
                    del self._rows[k]
            row = self._row(key, now)
            if row is None or row[1] <= now:
                row = self._rows[key] = [0, now + window, row[2] if row else 0.0]
            row[0] += 1
            row[1] = now + window
            return int(row[0])

    def block(self, key: str, seconds: float) -> None:
        now = time.monotonic()
        with self._lock:
            row = self._rows.setdefault(key, [0, now + seconds, 0.0])
            row[2] = now + seconds

    def clear(self, keys: list[str]) -> None:
        with self._lock:
            for k in keys:
                self._rows.pop(k, None)


_REDIS, _DATABASE, _MEMORY = RedisStore(), DatabaseStore(), MemoryStore()
_down_until: dict[str, float] = {}


def _stores():
    now = time.monotonic()
    return [s for s in (_REDIS, _DATABASE) if _down_until.get(s.name, 0.0) <= now] + [_MEMORY]


def _use(operation, *args):
    """Run ``operation(store, *args)`` on the first store that is up; returns (result, store)."""
    for store in _stores():
        try:
            return operation(store, *args), store
        except StoreDown as error:
            _down_until[store.name] = time.monotonic() + _RETRY_STORE_AFTER
            log.warning("throttle: %s is down (%s); counting in the next store", store.name, error)
    raise AssertionError("the memory store never fails")


def _rules_for(store, rule: Rule) -> Rule:
    return replace(rule, free=max(1, rule.free // 2)) if getattr(store, "strict", False) else rule


# --- what the services call -------------------------------------------------------------------------------

def wait_seconds(attempt: Attempt) -> float:
    """How long this attempt must wait before it may be checked; 0 when it may be checked now."""
    return _use(lambda store: store.wait([k for k, _ in attempt.keys()]))[0]


def failed(attempt: Attempt) -> None:
    """Count a failure of each key; a key past its free failures makes its next attempt wait."""
    cfg = current_app.config
    window, first = cfg["LOGIN_FAILURE_WINDOW_SECONDS"], cfg["LOGIN_FIRST_DELAY_SECONDS"]
    for key, rule in attempt.keys():
        def record(store, key=key, rule=rule):
            delay = _rules_for(store, rule).delay(store.count(key, window), first)
            if delay > 0:
                store.block(key, delay)
        _use(record)


def succeeded(attempt: Attempt) -> None:
    """A right password or code clears the pair and the account; never the address (an attacker could
    otherwise clear it by signing in to an account of his own)."""
    _use(lambda store: store.clear([attempt.pair_key(), attempt.account_key()]))


def too_many(seconds: float):
    """The refusal of an attempt that must wait, saying how long."""
    if seconds < 60:
        num = max(1, math.ceil(seconds))
        return lazy_ngettext("Too many failed attempts. Try again in %(num)d second.",
                             "Too many failed attempts. Try again in %(num)d seconds.", num)
    return lazy_ngettext("Too many failed attempts. Try again in %(num)d minute.",
                         "Too many failed attempts. Try again in %(num)d minutes.", math.ceil(seconds / 60))


def _allow_letters(purpose: str, account: str, ip: str | None, per_account: int, per_address: int) -> bool:
    """A few letters per account and a bounded number per address in the window, so a form cannot be
    used to flood someone's mailbox. Falls back like the failure counters (stricter in-process)."""
    window = current_app.config["RESET_WINDOW_SECONDS"]
    allowed = []
    for kind, value, limit in (("account", account.strip().lower(), per_account), ("ip", ip or "-", per_address)):
        hits, store = _use(lambda store, key=_key(purpose, kind, value): store.count(key, window))
        allowed.append(hits <= (max(1, limit // 2) if getattr(store, "strict", False) else limit))
    return all(allowed)


def allow_reset_request(account: str, ip: str | None) -> bool:
    """Password-reset letters (the form's answer is the same either way)."""
    cfg = current_app.config
    return _allow_letters("reset-request", account, ip, cfg["RESET_MAX_PER_ACCOUNT"], cfg["RESET_MAX_PER_IP"])


def allow_email_change(account: str, ip: str | None) -> bool:
    """Letters of a change of e-mail (to the new and the old address)."""
    cfg = current_app.config
    return _allow_letters("email-change", account, ip, cfg["RESET_MAX_PER_ACCOUNT"], cfg["RESET_MAX_PER_IP"])


def purge() -> int:
    """Forget expired counters of the PostgreSQL fallback (periodic job)."""
    try:
        return _DATABASE.purge()
    except StoreDown:
        return 0


# --- known devices ----------------------------------------------------------------------------------------

def _device_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="known-device")


def _account_tag(account: str) -> str:
    return _key("device", "account", account.strip().lower())[:16]


def known_device(cookie: str | None, account: str) -> str | None:
    """The device id of a browser cookie if a sign-in to ``account`` succeeded from it, else None."""
    if not cookie:
        return None
    try:
        data = _device_serializer().loads(cookie)
    except BadSignature:
        return None
    if not isinstance(data, dict) or _account_tag(account) not in (data.get("a") or []):
        return None
    return str(data.get("d") or "") or None


def remember_device(cookie: str | None, account: str) -> str:
    """The cookie value after a successful sign-in to ``account`` from this browser."""
    data = {}
    if cookie:
        try:
            data = _device_serializer().loads(cookie)
        except BadSignature:
            data = {}
    if not isinstance(data, dict):
        data = {}
    tag = _account_tag(account)
    accounts = [tag] + [a for a in (data.get("a") or []) if a != tag]
    return _device_serializer().dumps({"d": data.get("d") or secrets.token_urlsafe(12),
                                       "a": accounts[:_DEVICE_ACCOUNTS]})
