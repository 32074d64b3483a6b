"""speed: the session lookup of a request also sets its person

``session_of_token(token_hash)`` is ``session_by_token_hash`` (migration 0006) that, when the session
is live, also sets ``app.user_id`` to its person for the rest of the transaction: the request's scope
reaches PostgreSQL with the lookup itself, with no statement of its own (tenants/rls.py
mark_applied). A revoked or unknown session sets nobody.

Revision ID: 0008_request_context
Revises: 0007_sealed_totp
Create Date: 2026-12-01
"""
from alembic import op

revision = "0008_request_context"
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


def upgrade():
    op.execute(SESSION_OF_TOKEN)
    op.execute("REVOKE ALL ON FUNCTION session_of_token(text) FROM PUBLIC")


def downgrade():
    op.execute("DROP FUNCTION session_of_token(text)")
