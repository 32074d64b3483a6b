"""Database roles and grants for a deployment (DESIGN.md §2, §6).

The owner role owns the schema and runs migrations; the app role owns nothing, is not superuser and
has no BYPASSRLS, so every query of the web and the workers passes through row-level security.
"""
from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

# Tables the app may read and append to but never change: the audit trail (152-ФЗ ст. 19).
APPEND_ONLY_TABLES = ("audit_events",)


def _ident(conn: Connection, name: str) -> str:
    return conn.execute(text("SELECT quote_ident(:n)"), {"n": name}).scalar_one()


def create_roles(conn: Connection, owner: str, app_role: str, database: str) -> None:
    """Idempotently create both login roles and hand the database to the owner (run as a superuser)."""
    for role, attrs in ((owner, "LOGIN NOSUPERUSER NOCREATEROLE NOBYPASSRLS"),
                        (app_role, "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOINHERIT")):
        exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first()
        verb = "ALTER" if exists else "CREATE"
        conn.execute(text(f"{verb} ROLE {_ident(conn, role)} WITH {attrs}"))
    has_db = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :d"), {"d": database}).first()
    if not has_db:
        conn.execute(text(f"CREATE DATABASE {_ident(conn, database)} OWNER {_ident(conn, owner)}"))
    else:
        conn.execute(text(f"ALTER DATABASE {_ident(conn, database)} OWNER TO {_ident(conn, owner)}"))
    conn.execute(text(f"REVOKE ALL ON DATABASE {_ident(conn, database)} FROM PUBLIC"))
    conn.execute(text(f"GRANT CONNECT, TEMPORARY ON DATABASE {_ident(conn, database)} TO {_ident(conn, app_role)}"))


def apply_grants(conn: Connection, app_role: str) -> None:
    """Grants of the app role on what the migrations created; run after every upgrade."""
    role = _ident(conn, app_role)
    conn.execute(text("REVOKE CREATE ON SCHEMA public FROM PUBLIC"))
    conn.execute(text(f"GRANT USAGE ON SCHEMA public TO {role}"))
    conn.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}"))
    conn.execute(text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}"))
    present = set(conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars())
    if "alembic_version" in present:
        conn.execute(text(f"REVOKE ALL ON alembic_version FROM {role}"))
        conn.execute(text(f"GRANT SELECT ON alembic_version TO {role}"))
    for table in APPEND_ONLY_TABLES:
        if table in present:
            conn.execute(text(f"REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM {role}"))
    conn.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}"))
    # The narrow paths written as SECURITY DEFINER functions (the outbox's, 0003_outbox): revoked from
    # PUBLIC by their migration, executable by the app role only.
    conn.execute(text(f"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO {role}"))
