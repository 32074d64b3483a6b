"""Configuration from environment variables (documented in README.md, «Configuration»)."""
from __future__ import annotations

import os
from datetime import timedelta


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class ConfigError(RuntimeError):
    """The environment does not describe a deployment we are willing to run."""


def load(overrides: dict | None = None) -> dict:
    env = (overrides or {}).get("APP_ENV") or os.environ.get("APP_ENV", "development")
    cfg: dict = {
        "APP_ENV": env,
        "SECRET_KEY": os.environ.get("SECRET_KEY"),
        "DATABASE_URL": os.environ.get("DATABASE_URL"),
        "DATABASE_OWNER_URL": os.environ.get("DATABASE_OWNER_URL"),
        "REDIS_URL": os.environ.get("REDIS_URL"),
        # No ping per checkout (a round trip on every request): a connection that PostgreSQL dropped
        # fails the one request that meets it, SQLAlchemy then empties the pool, and the next request
        # gets fresh connections (tests/core/test_database_restart.py).
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": False},
        "SQLALCHEMY_TRACK_MODIFICATIONS": False,
        "BABEL_DEFAULT_LOCALE": "ru",
        "BABEL_DEFAULT_TIMEZONE": os.environ.get("APP_TIMEZONE", "Europe/Moscow"),
        "LANGUAGES": ["ru", "en"],
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the server-side session
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        "SESSION_COOKIE_NAME": "nastavnik_session",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env == "production",
        "REMEMBER_COOKIE_DURATION": timedelta(seconds=0),
        # ASVS 7.3: idle and absolute limits, stricter for privileged roles.
        "SESSION_IDLE_MINUTES": int(os.environ.get("SESSION_IDLE_MINUTES", "60")),
        "SESSION_ABSOLUTE_HOURS": int(os.environ.get("SESSION_ABSOLUTE_HOURS", "12")),
        "PRIVILEGED_SESSION_IDLE_MINUTES": int(os.environ.get("PRIVILEGED_SESSION_IDLE_MINUTES", "20")),
        "PRIVILEGED_SESSION_ABSOLUTE_HOURS": int(os.environ.get("PRIVILEGED_SESSION_ABSOLUTE_HOURS", "8")),
        # ASVS 6.3: failed passwords and codes slow their key down (app/accounts/throttle.py): after
        # the free failures of a key, each next attempt waits a delay that doubles from the first one,
        # up to the longest for the (account, address) pair and up to the shared one for the keys
        # innocent people share (the address, the account); counters are forgotten after the window.
        "LOGIN_FREE_FAILURES_PER_PAIR": int(os.environ.get("LOGIN_FREE_FAILURES_PER_PAIR", "5")),
        "LOGIN_FREE_FAILURES_PER_ADDRESS": int(os.environ.get("LOGIN_FREE_FAILURES_PER_ADDRESS", "30")),
        "LOGIN_FREE_FAILURES_PER_ACCOUNT": int(os.environ.get("LOGIN_FREE_FAILURES_PER_ACCOUNT", "20")),
        "LOGIN_FIRST_DELAY_SECONDS": float(os.environ.get("LOGIN_FIRST_DELAY_SECONDS", "1")),
        "LOGIN_MAX_DELAY_SECONDS": float(os.environ.get("LOGIN_MAX_DELAY_SECONDS", "900")),
        "LOGIN_SHARED_MAX_DELAY_SECONDS": float(os.environ.get("LOGIN_SHARED_MAX_DELAY_SECONDS", "60")),
        "LOGIN_FAILURE_WINDOW_SECONDS": int(os.environ.get("LOGIN_FAILURE_WINDOW_SECONDS", "3600")),
        # A browser where a sign-in succeeded is a known device of that account for this long.
        "KNOWN_DEVICE_DAYS": int(os.environ.get("KNOWN_DEVICE_DAYS", "180")),
        "RESET_MAX_PER_ACCOUNT": int(os.environ.get("RESET_MAX_PER_ACCOUNT", "3")),
        "RESET_MAX_PER_IP": int(os.environ.get("RESET_MAX_PER_IP", "20")),
        "RESET_WINDOW_SECONDS": int(os.environ.get("RESET_WINDOW_SECONDS", "900")),
        "INVITATION_TTL_HOURS": int(os.environ.get("INVITATION_TTL_HOURS", "72")),
        "PASSWORD_RESET_TTL_MINUTES": int(os.environ.get("PASSWORD_RESET_TTL_MINUTES", "60")),
        "EMAIL_CHANGE_TTL_HOURS": int(os.environ.get("EMAIL_CHANGE_TTL_HOURS", "24")),
        # The demo of the embedded default may skip TOTP for privileged roles; production refuses.
        "DEMO_RELAX_TOTP": _flag("DEMO_RELAX_TOTP"),
        "ARGON2_PROFILE": os.environ.get("ARGON2_PROFILE", "default"),
        # The key that seals second-factor secrets at rest (a Fernet key); derived from SECRET_KEY when
        # unset. Changing it makes every enrolled second factor unusable (people enrol again).
        "TOTP_SEALING_KEY": os.environ.get("TOTP_SEALING_KEY"),
        "MAIL_BACKEND": os.environ.get("MAIL_BACKEND", "file"),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", "localhost"),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "25")),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME"),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD"),
        "MAIL_USE_TLS": _flag("MAIL_USE_TLS"),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "Наставник <noreply@nastavnik.local>"),
        "PUBLIC_BASE_URL": os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000"),
        "TRUSTED_PROXIES": int(os.environ.get("TRUSTED_PROXIES", "0")),
        "RQ_QUEUE": os.environ.get("RQ_QUEUE", "nastavnik"),
        # A page never waits long for Redis: it answers without it (README «Faults»).
        "REDIS_CONNECT_TIMEOUT": float(os.environ.get("REDIS_CONNECT_TIMEOUT", "2")),
        "REDIS_SOCKET_TIMEOUT": float(os.environ.get("REDIS_SOCKET_TIMEOUT", "5")),
        "REDIS_RETRIES": int(os.environ.get("REDIS_RETRIES", "2")),
        # RQ's retries of a failed job (seconds between them); the outbox sweeper retries letters further.
        "JOB_RETRIES": int(os.environ.get("JOB_RETRIES", "3")),
        "JOB_RETRY_INTERVALS": [int(x) for x in os.environ.get("JOB_RETRY_INTERVALS", "10,60,300").split(",")],
        # A letter is given up (and shown to the platform admin) after this many failed attempts.
        "MAIL_MAX_ATTEMPTS": int(os.environ.get("MAIL_MAX_ATTEMPTS", "10")),
        # The sweeper leaves a letter alone this long after its last attempt (doubling per attempt, at
        # most an hour), so it does not race the enqueue after commit or RQ's own retries.
        "OUTBOX_SWEEP_GRACE_SECONDS": int(os.environ.get("OUTBOX_SWEEP_GRACE_SECONDS", "30")),
        # The import of staff files into the teacher registry (app/teachers/imports.py): the largest file
        # and the most rows accepted, the rows a job writes per batch (one transaction each), and how long
        # a confirmed import may show no progress before its sweeper enqueues it again.
        "TEACHER_IMPORT_MAX_BYTES": int(os.environ.get("TEACHER_IMPORT_MAX_BYTES", str(5 * 1024 * 1024))),
        "TEACHER_IMPORT_MAX_ROWS": int(os.environ.get("TEACHER_IMPORT_MAX_ROWS", "20000")),
        "TEACHER_IMPORT_BATCH_ROWS": int(os.environ.get("TEACHER_IMPORT_BATCH_ROWS", "1000")),
        "TEACHER_IMPORT_MAX_ATTEMPTS": int(os.environ.get("TEACHER_IMPORT_MAX_ATTEMPTS", "5")),
        "TEACHER_IMPORT_SWEEP_GRACE_SECONDS": int(os.environ.get("TEACHER_IMPORT_SWEEP_GRACE_SECONDS", "120")),
        # An uploaded staff file nobody confirms is cleared after this many hours (152-ФЗ ст. 5 ч. 7).
        "TEACHER_IMPORT_DRAFT_HOURS": int(os.environ.get("TEACHER_IMPORT_DRAFT_HOURS", "72")),
    }
    if overrides:
        cfg.update(overrides)
    return cfg


def validate(cfg: dict) -> None:
    if cfg["APP_ENV"] != "production":
        return
    missing = [k for k in ("SECRET_KEY", "DATABASE_URL", "DATABASE_OWNER_URL", "REDIS_URL") if not cfg.get(k)]
    if missing:
        raise ConfigError(f"production requires {', '.join(missing)}")
    if cfg["DEMO_RELAX_TOTP"]:
        raise ConfigError("production refuses DEMO_RELAX_TOTP: the second factor is mandatory for privileged roles")
    if cfg["MAIL_BACKEND"] != "smtp":
        raise ConfigError("production sends mail through SMTP (MAIL_BACKEND=smtp)")
    if not cfg["SESSION_COOKIE_SECURE"]:
        raise ConfigError("production sends the session cookie over HTTPS only (SESSION_COOKIE_SECURE)")
    if len(cfg["SECRET_KEY"]) < 32:
        raise ConfigError("SECRET_KEY must be at least 32 characters")
