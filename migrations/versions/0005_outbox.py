"""the outbox cannot lose a letter: rendered at delivery, swept across tenants by a narrow path

Letters are recorded as a template and its parameters (rendered by the delivery job, in the
recipient's language), with their attempts, last error and the moment they were given up.

Who sees which row (outbound_emails stays under forced row-level security):
- an organization's letters: that organization; a person's own letters: that person (unchanged);
- a letter to an address whose recipient is decided at delivery (a password reset: the request does
  not look the account up): anyone may record one, and only whoever names its id reads or changes it
  (``app.outbox_id``, set by tenants/rls.py ``outbox_letter`` for one transaction). Ids are random
  UUIDs that only the outbox and its jobs know;
- the sweeper and the platform admin, across tenants, only through three SECURITY DEFINER functions
  owned by the owner role, which may read undelivered letters (a policy ``TO`` the owner):
  ``outbox_due`` returns ids and scopes of the letters due (no address, no content),
  ``outbox_failures`` the failed letters' template, attempts and last error (the address is never in
  it: delivery redacts it from the error), ``outbox_retry`` puts a given-up letter back in the queue.
  EXECUTE is revoked from PUBLIC and granted to the app role (tenants/provisioning.py).

Revision ID: 0005_outbox
Revises: 0004_audit
Create Date: 2026-11-25
"""
from alembic import op
import sqlalchemy as sa

from tenants.policies import OUTBOX_LETTER, policy

revision = "0005_outbox"
down_revision = "0004_audit"
branch_labels = None
depends_on = None

ADDRESS_LETTER = "org_id IS NULL AND municipality_id IS NULL AND recipient_user_id IS NULL"

FUNCTIONS = {
    "outbox_due(integer, integer, integer)": """
CREATE FUNCTION outbox_due(max_rows integer, grace_seconds integer, max_attempts integer)
RETURNS TABLE (id uuid, municipality_id uuid, org_id uuid, recipient_user_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT e.id, e.municipality_id, e.org_id, e.recipient_user_id
    FROM public.outbound_emails e
    WHERE e.sent_at IS NULL AND e.failed_at IS NULL AND e.attempts < max_attempts
      AND coalesce(e.last_attempt_at, e.created_at)
          < now() - make_interval(secs => least(grace_seconds * power(2, e.attempts), 3600))
    ORDER BY e.created_at
    LIMIT max_rows
$$""",
    "outbox_failures(integer)": """
CREATE FUNCTION outbox_failures(max_rows integer)
RETURNS TABLE (id uuid, municipality text, template text, attempts integer, last_error text,
               created_at timestamptz, last_attempt_at timestamptz, failed_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT e.id, m.name::text, e.template::text, e.attempts, e.last_error::text, e.created_at,
           e.last_attempt_at, e.failed_at
    FROM public.outbound_emails e LEFT JOIN public.municipalities m ON m.id = e.municipality_id
    WHERE e.sent_at IS NULL AND (e.failed_at IS NOT NULL OR e.last_error IS NOT NULL)
    ORDER BY coalesce(e.last_attempt_at, e.created_at) DESC
    LIMIT max_rows
$$""",
    "outbox_retry(uuid)": """
CREATE FUNCTION outbox_retry(letter uuid) RETURNS boolean
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    WITH retried AS (
        UPDATE public.outbound_emails SET failed_at = NULL, attempts = 0, last_attempt_at = NULL
        WHERE id = letter AND sent_at IS NULL AND failed_at IS NOT NULL
        RETURNING 1)
    SELECT count(*) > 0 FROM retried
$$""",
}


def upgrade():
    op.add_column("outbound_emails", sa.Column("template", sa.String(length=200), nullable=True))
    op.add_column("outbound_emails", sa.Column("context", sa.JSON(), nullable=True))
    op.add_column("outbound_emails", sa.Column("locale", sa.String(length=8), nullable=True))
    op.add_column("outbound_emails", sa.Column("builder", sa.String(length=200), nullable=True))
    op.add_column("outbound_emails", sa.Column("request_id", sa.String(length=128), nullable=True))
    op.add_column("outbound_emails", sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("outbound_emails", sa.Column("failed_at", sa.DateTime(timezone=True), nullable=True))
    op.alter_column("outbound_emails", "subject", existing_type=sa.String(length=300), nullable=True)
    op.create_index("ix_outbound_emails_undelivered", "outbound_emails", ["created_at"],
                    postgresql_where=sa.text("sent_at IS NULL"))
    for statement in [
        policy("outbound_emails", "outbound_emails_address_letter",
               f"org_id IS NULL AND recipient_user_id IS NULL AND id = {OUTBOX_LETTER}",
               f"{ADDRESS_LETTER} AND builder IS NOT NULL"),
        # The owner role (current_user of the migration), for the SECURITY DEFINER functions below.
        "CREATE POLICY outbound_emails_outbox_functions_read ON outbound_emails FOR SELECT TO CURRENT_USER"
        " USING (sent_at IS NULL)",
        "CREATE POLICY outbound_emails_outbox_functions_retry ON outbound_emails FOR UPDATE TO CURRENT_USER"
        " USING (sent_at IS NULL AND failed_at IS NOT NULL) WITH CHECK (sent_at IS NULL)",
        *FUNCTIONS.values(),
        *(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC" for signature in FUNCTIONS),
    ]:
        op.execute(statement)


def downgrade():
    for signature in FUNCTIONS:
        op.execute(f"DROP FUNCTION {signature}")
    for name in ("outbound_emails_outbox_functions_retry", "outbound_emails_outbox_functions_read",
                 "outbound_emails_address_letter"):
        op.execute(f"DROP POLICY {name} ON outbound_emails")
    op.drop_index("ix_outbound_emails_undelivered", table_name="outbound_emails")
    op.execute("UPDATE outbound_emails SET subject = '' WHERE subject IS NULL")
    op.alter_column("outbound_emails", "subject", existing_type=sa.String(length=300), nullable=False)
    for column in ("failed_at", "last_attempt_at", "request_id", "builder", "locale", "context", "template"):
        op.drop_column("outbound_emails", column)
