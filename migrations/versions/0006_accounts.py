"""accounts, second pass: sessions under row-level security, people changed only in their own scope,
recovery codes, the fallback store of sign-in throttling

- ``user_sessions``: under RLS. A session is read by the request that holds its token (the named
  lookup ``session_by_token_hash``: one statement, the row whose id is the hash, nothing else) and by
  its person in their own scope; the app role may change only its activity columns (grants in
  tenants/provisioning.py), never its owner, and deletes nothing (old sessions are purged by the
  owner-defined ``purge_user_sessions``).
- ``users``: a row is changed only in the person's own scope (no organization), only in the columns
  the app changes (column grants), never ``is_platform_admin`` (the owner role grants it from the
  command line); a row is inserted only through ``accounts.services.create_user`` (the named setting
  ``app.new_user_id``), never as a platform admin by the app role. ``last_org_id``: where the
  next sign-in lands.
- ``recovery_codes``: one-time codes of a lost second factor, hashed, readable and writable only in
  their person's own scope (never an organization's).
- ``throttle_counters``: UNLOGGED counters of failed attempts while Redis is down; keys are keyed
  hashes (no personal data), so the table needs no RLS.

Revision ID: 0006_accounts
Revises: 0005_outbox
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa

from tenants.policies import (CURRENT_USER, NEW_USER, OWN_SCOPE_ONLY, SESSION_LOOKUP, enable_rls, policy)

revision = "0006_accounts"
down_revision = "0005_outbox"
branch_labels = None
depends_on = None

OWN_SESSION = f"id = {SESSION_LOOKUP} OR user_id = {CURRENT_USER}"
OWN_ROW = f"id = {CURRENT_USER} AND {OWN_SCOPE_ONLY}"
OWN_CODES = f"user_id = {CURRENT_USER} AND {OWN_SCOPE_ONLY}"
# What the purge may see and delete: sessions that ended or started more than a day ago (the job's
# cutoff is a week); never a live session.
DEAD_SESSION = "revoked_at < now() - interval '1 day' OR created_at < now() - interval '1 day'"

SESSION_BY_TOKEN_HASH = """
CREATE FUNCTION session_by_token_hash(token_hash text) RETURNS SETOF user_sessions
LANGUAGE plpgsql VOLATILE SECURITY INVOKER ROWS 1 AS $$
BEGIN
    -- tenants/rls.py session_lookup: the request's own session, for the rest of its transaction.
    PERFORM set_config('app.session_id', token_hash, true);
    RETURN QUERY SELECT * FROM user_sessions s WHERE s.id = token_hash;
END
$$
"""

PURGE_USER_SESSIONS = """
CREATE FUNCTION purge_user_sessions(cutoff timestamptz) RETURNS integer
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    WITH gone AS (DELETE FROM public.user_sessions WHERE created_at < cutoff OR revoked_at < cutoff
                  RETURNING 1)
    SELECT count(*)::integer FROM gone
$$
"""


def upgrade():
    op.add_column("user_sessions", sa.Column("public_id", sa.Uuid(), nullable=False,
                                             server_default=sa.text("gen_random_uuid()")))
    op.add_column("users", sa.Column("last_org_id", sa.Uuid(), nullable=True))
    op.create_table(
        "recovery_codes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_recovery_codes_user", "recovery_codes", ["user_id"])
    op.create_table(
        "throttle_counters",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.Column("blocked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key"),
        prefixes=["UNLOGGED"],
    )
    for statement in row_level_security():
        op.execute(statement)


def row_level_security() -> list[str]:
    return [
        # Sessions.
        *enable_rls("user_sessions"),
        policy("user_sessions", "user_sessions_read", OWN_SESSION, command="SELECT"),
        policy("user_sessions", "user_sessions_start", None, f"user_id = {CURRENT_USER}", command="INSERT"),
        policy("user_sessions", "user_sessions_update", OWN_SESSION, OWN_SESSION, command="UPDATE"),
        # The owner role (purge_user_sessions runs as it) sees and deletes dead sessions only.
        "CREATE POLICY user_sessions_purge_read ON user_sessions FOR SELECT TO CURRENT_USER "
        f"USING ({DEAD_SESSION})",
        "CREATE POLICY user_sessions_purge ON user_sessions FOR DELETE TO CURRENT_USER "
        f"USING ({DEAD_SESSION})",
        SESSION_BY_TOKEN_HASH,
        PURGE_USER_SESSIONS,
        "REVOKE ALL ON FUNCTION session_by_token_hash(text) FROM PUBLIC",
        "REVOKE ALL ON FUNCTION purge_user_sessions(timestamptz) FROM PUBLIC",
        # People: changed in their own scope only; created through create_user only.
        "DROP POLICY users_update ON users",
        "DROP POLICY users_insert ON users",
        policy("users", "users_update", OWN_ROW, OWN_ROW, command="UPDATE"),
        policy("users", "users_insert", None,
               f"id = {NEW_USER} AND NOT is_platform_admin AND {OWN_SCOPE_ONLY}", command="INSERT"),
        # The owner role, from the command line (`admin create`, the demo seed), inserts the platform admin.
        f"CREATE POLICY users_insert_platform_admin ON users FOR INSERT TO CURRENT_USER "
        f"WITH CHECK (id = {NEW_USER} AND {OWN_SCOPE_ONLY})",
        # Recovery codes: the person's own, in their own scope.
        *enable_rls("recovery_codes"),
        policy("recovery_codes", "recovery_codes_own", OWN_CODES, OWN_CODES),
    ]


def downgrade():
    for name in ("users_insert_platform_admin", "users_insert", "users_update"):
        op.execute(f"DROP POLICY {name} ON users")
    op.execute("CREATE POLICY users_update ON users FOR UPDATE USING "
               "(id = NULLIF(current_setting('app.user_id', true), '')::uuid "
               "OR email = NULLIF(current_setting('app.login_email', true), '') "
               "OR id IN (SELECT m.user_id FROM memberships m)) WITH CHECK (true)")
    op.execute("CREATE POLICY users_insert ON users FOR INSERT WITH CHECK (true)")
    op.execute("DROP FUNCTION purge_user_sessions(timestamptz)")
    op.execute("DROP FUNCTION session_by_token_hash(text)")
    for name in ("user_sessions_purge", "user_sessions_purge_read", "user_sessions_update",
                 "user_sessions_start", "user_sessions_read"):
        op.execute(f"DROP POLICY {name} ON user_sessions")
    op.execute("ALTER TABLE user_sessions NO FORCE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE user_sessions DISABLE ROW LEVEL SECURITY")
    op.drop_table("throttle_counters")
    op.drop_index("ix_recovery_codes_user", table_name="recovery_codes")
    op.drop_table("recovery_codes")
    op.drop_column("users", "last_org_id")
    op.drop_column("user_sessions", "public_id")
