"""speed at region scale: the request's person with its session lookup, keyset lists, a users policy
that lets PostgreSQL use its indexes

- ``session_of_token(token_hash)`` is ``session_by_token_hash`` (migration 0006) that, when the
  session is live, also sets ``app.user_id`` to its person for the rest of the transaction: the
  request's scope reaches PostgreSQL with the lookup itself (tenants/rls.py person_set_by_lookup).
  A revoked or unknown session sets nobody.
- ``memberships.sort_name``: the person's name as the staff list sorts it (lower case, ё as е, byte
  order), kept on the membership so that one index, ``(org_id, NOT is_active, sort_name, id)``,
  serves the list's order and its keyset pages, whatever the size of the school or the region.
- ``users_read``: ``id IN (SELECT … FROM memberships)`` made PostgreSQL read all the region's people
  for a school's list; the same rows are admitted by an EXISTS on the membership of the current
  organization, which it probes through an index for each person it reads
  (tests/tenants/test_users_policy.py compares both on the fixture world).
- ``memberships``, ``organizations`` and ``audit_events`` read policies were an OR of the
  organization's rows and the person's own: PostgreSQL estimated such a condition at a row or two
  and sorted a whole school rather than read its index in order. Each is now a CASE on the scope —
  an organization's (or municipality's) scope sees its rows, a person's own scope (no organization)
  their own — which it reads as one plain condition. No scope sees more than before; an
  organization's scope no longer sees the acting person's memberships in other organizations (the
  organization switcher reads them in the person's own scope).
- ``ix_audit_events_org_at_id`` includes ``action`` and ``actor_id``: the log's capped count reads
  the index only.

Revision ID: 0008_speed
Revises: 0007_sealed_totp
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa

from tenants.policies import CURRENT_MUNICIPALITY, CURRENT_ORG, CURRENT_USER, LOGIN_EMAIL, policy

revision = "0008_speed"
down_revision = "0007_sealed_totp"
branch_labels = None
depends_on = None

SESSION_OF_TOKEN = """
CREATE FUNCTION session_of_token(token_hash text) RETURNS SETOF user_sessions
LANGUAGE plpgsql VOLATILE SECURITY INVOKER ROWS 1 AS $$
DECLARE
    found user_sessions;
BEGIN
    PERFORM set_config('app.session_id', token_hash, true);
    SELECT * INTO found FROM user_sessions s WHERE s.id = token_hash;
    IF found.id IS NOT NULL AND found.revoked_at IS NULL THEN
        PERFORM set_config('app.user_id', found.user_id::text, true);
    END IF;
    IF found.id IS NOT NULL THEN
        RETURN NEXT found;
    END IF;
END
$$
"""


OLD_VISIBLE_USER = (f"id = {CURRENT_USER} OR email = {LOGIN_EMAIL} "
                    f"OR id IN (SELECT m.user_id FROM memberships m)")
VISIBLE_USER = (f"id = {CURRENT_USER} OR email = {LOGIN_EMAIL} "
                f"OR EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = users.id AND m.org_id = {CURRENT_ORG})")

MEMBERSHIPS_READ = (f"CASE WHEN {CURRENT_ORG} IS NULL THEN user_id = {CURRENT_USER} "
                    f"ELSE org_id = {CURRENT_ORG} END")
OLD_MEMBERSHIPS_READ = f"org_id = {CURRENT_ORG} OR user_id = {CURRENT_USER}"
OWN_MEMBERSHIPS = f"SELECT m.org_id FROM memberships m WHERE m.user_id = {CURRENT_USER}"
ORGANIZATIONS_READ = (f"CASE WHEN {CURRENT_MUNICIPALITY} IS NULL THEN id IN ({OWN_MEMBERSHIPS}) "
                      f"ELSE municipality_id = {CURRENT_MUNICIPALITY} END")
OLD_ORGANIZATIONS_READ = f"municipality_id = {CURRENT_MUNICIPALITY} OR id IN ({OWN_MEMBERSHIPS})"
AUDIT_READ = (f"CASE WHEN {CURRENT_ORG} IS NULL THEN org_id IS NULL AND actor_id = {CURRENT_USER} "
              f"ELSE org_id = {CURRENT_ORG} END")
OLD_AUDIT_READ = f"org_id = {CURRENT_ORG} OR (org_id IS NULL AND actor_id = {CURRENT_USER})"

# The key of a name in the staff list's order (also app/orgs/models.py name_key).
NAME_KEY = "lower(replace(replace({0}, 'ё', 'е'), 'Ё', 'Е'))"


def upgrade():
    op.execute(SESSION_OF_TOKEN)
    op.execute("REVOKE ALL ON FUNCTION session_of_token(text) FROM PUBLIC")
    op.add_column("memberships", sa.Column("sort_name", sa.String(length=200, collation="C"), nullable=False,
                                           server_default=""))
    # The owner is held to the forced policies too: lifted for the backfill, inside this transaction.
    op.execute("ALTER TABLE memberships NO FORCE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE users NO FORCE ROW LEVEL SECURITY")
    op.execute(f"UPDATE memberships m SET sort_name = {NAME_KEY.format('u.full_name')} FROM users u "
               "WHERE u.id = m.user_id")
    op.execute("ALTER TABLE users FORCE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE memberships FORCE ROW LEVEL SECURITY")
    op.alter_column("memberships", "sort_name", server_default=None)
    op.execute("CREATE INDEX ix_memberships_org_staff_order ON memberships (org_id, (NOT is_active), sort_name, id)")
    op.execute("DROP POLICY users_read ON users")
    op.execute(policy("users", "users_read", VISIBLE_USER, command="SELECT"))
    _read_policies(MEMBERSHIPS_READ, ORGANIZATIONS_READ, AUDIT_READ)
    op.drop_index("ix_audit_events_org_at_id", table_name="audit_events")
    op.execute("CREATE INDEX ix_audit_events_org_at_id ON audit_events (org_id, at DESC, id DESC) "
               "INCLUDE (action, actor_id)")


def _read_policies(memberships: str, organizations: str, audit: str) -> None:
    op.execute("DROP POLICY memberships_isolation ON memberships")
    op.execute(policy("memberships", "memberships_isolation", memberships, f"org_id = {CURRENT_ORG}"))
    op.execute("DROP POLICY organizations_isolation ON organizations")
    op.execute(policy("organizations", "organizations_isolation", organizations,
                      f"municipality_id = {CURRENT_MUNICIPALITY}"))
    op.execute("DROP POLICY audit_events_read ON audit_events")
    op.execute(policy("audit_events", "audit_events_read", audit, command="SELECT"))


def downgrade():
    op.drop_index("ix_audit_events_org_at_id", table_name="audit_events")
    op.execute("CREATE INDEX ix_audit_events_org_at_id ON audit_events (org_id, at DESC, id DESC)")
    _read_policies(OLD_MEMBERSHIPS_READ, OLD_ORGANIZATIONS_READ, OLD_AUDIT_READ)
    op.execute("DROP POLICY users_read ON users")
    op.execute(policy("users", "users_read", OLD_VISIBLE_USER, command="SELECT"))
    op.execute("DROP INDEX ix_memberships_org_staff_order")
    op.drop_column("memberships", "sort_name")
    op.execute("DROP FUNCTION session_of_token(text)")
