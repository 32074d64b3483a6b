"""SQL for row-level security, used by the hand-written migrations.

Every tenant table gets ENABLE + FORCE ROW LEVEL SECURITY (FORCE so that even the owner role is held
to the policies) and a policy that reads the per-transaction settings written by tenants/rls.py.
"""
from __future__ import annotations

CURRENT_ORG = "NULLIF(current_setting('app.org_id', true), '')::uuid"
CURRENT_MUNICIPALITY = "NULLIF(current_setting('app.municipality_id', true), '')::uuid"
CURRENT_USER = "NULLIF(current_setting('app.user_id', true), '')::uuid"
# Set only for the one statement of a sign-in lookup (tenants/rls.py: login_lookup).
LOGIN_EMAIL = "NULLIF(current_setting('app.login_email', true), '')"
# Set only while the outbox delivers one letter to an address (tenants/rls.py: outbox_letter).
OUTBOX_LETTER = "NULLIF(current_setting('app.outbox_id', true), '')::uuid"
# Set by the session lookup of a request (tenants/rls.py: session_lookup), for that transaction: the
# request's own session, found by the hash of its cookie token.
SESSION_LOOKUP = "NULLIF(current_setting('app.session_id', true), '')"
# Set only while a new person's row is written (tenants/rls.py: creating_user).
NEW_USER = "NULLIF(current_setting('app.new_user_id', true), '')::uuid"
# A person's own scope: a person and no organization or municipality (tenants/switches.py as_person).
OWN_SCOPE_ONLY = (f"{CURRENT_ORG} IS NULL AND {CURRENT_MUNICIPALITY} IS NULL")


def enable_rls(table: str) -> list[str]:
    return [
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
    ]


def policy(table: str, name: str, using: str | None, check: str | None = None, command: str = "ALL") -> str:
    """One policy; an INSERT policy has only a check (``using=None``)."""
    sql = f"CREATE POLICY {name} ON {table} FOR {command}"
    if using is not None:
        sql += f" USING ({using})"
    if check is not None:
        sql += f" WITH CHECK ({check})"
    return sql


def org_owned(table: str) -> list[str]:
    """The common case: a row belongs to exactly one organization."""
    rule = f"org_id = {CURRENT_ORG}"
    return enable_rls(table) + [policy(table, f"{table}_org_isolation", rule, rule)]
