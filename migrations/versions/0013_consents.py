"""the consent ledger at work: dissemination places, the mentor's terms, paper withdrawals, acts of
destruction and the destruction sweeper's narrow path

- ``consents``: ``published_places`` (codes of where the person allowed publication, 152-ФЗ ст. 10.1),
  ``terms`` (the mentor's term, form and pay, ТК РФ ст. 351.8), ``withdrawal_scan_id`` (the scan of a
  signed withdrawal); a unique key (id, org_id) for the acts' composite foreign key.
- ``consent_destruction_acts`` (append-only): the act of destruction (DOCX) of a withdrawn consent's
  data with the extract of the event log (152-ФЗ ст. 21 ч. 5), under forced row-level security.
- ``consents_due_for_destruction(date, integer)``: SECURITY DEFINER, returns ids and scopes only of the
  withdrawn consents due for destruction on a day, across schools, for the daily sweeper (as the
  outbox's ``outbox_due``); the owner role reads those rows through a policy of its own. EXECUTE is
  revoked from PUBLIC and granted to the app role (tenants/provisioning.py).

Revision ID: 0013_consents
Revises: 0012_imports (written on 0010_teachers; chained after the documents feature's migration
when the docs branch was merged into this one)
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa

from tenants.policies import org_owned

revision = "0013_consents"
down_revision = "0012_imports"
branch_labels = None
depends_on = None

FUNCTIONS = {
    "consents_due_for_destruction(date, integer)": """
CREATE FUNCTION consents_due_for_destruction(on_date date, max_rows integer)
RETURNS TABLE (id uuid, municipality_id uuid, org_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT c.id, c.municipality_id, c.org_id
    FROM public.consents c
    WHERE c.withdrawn_at IS NOT NULL AND c.destroyed_at IS NULL AND c.destroy_due_on <= on_date
    ORDER BY c.destroy_due_on, c.id
    LIMIT max_rows
$$""",
}


def upgrade():
    op.add_column("consents", sa.Column("published_places", sa.ARRAY(sa.String(40)), nullable=False,
                                        server_default="{}"))
    op.add_column("consents", sa.Column("terms", sa.JSON(), nullable=True))
    op.add_column("consents", sa.Column("withdrawal_scan_id", sa.Uuid(), nullable=True))
    op.create_foreign_key("fk_consents_withdrawal_scan", "consents", "consent_scans",
                          ["withdrawal_scan_id", "org_id"], ["id", "org_id"])
    op.create_unique_constraint("uq_consents_id_org", "consents", ["id", "org_id"])
    # A paper withdrawal keeps its scan; a withdrawal in the app has none.
    op.create_check_constraint("ck_consents_paper_withdrawal", "consents",
                               "withdrawal_channel IS DISTINCT FROM 'paper' OR withdrawal_scan_id IS NOT NULL")

    op.create_table(
        "consent_destruction_acts",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("municipality_id", sa.Uuid(), sa.ForeignKey("municipalities.id"), nullable=False),
        sa.Column("org_id", sa.Uuid(), sa.ForeignKey("organizations.id"), nullable=False),
        sa.Column("consent_id", sa.Uuid(), nullable=False),
        sa.Column("teacher_id", sa.Uuid(), nullable=False),
        sa.Column("destroyed_on", sa.Date(), nullable=False),
        sa.Column("lines", sa.ARRAY(sa.Text()), nullable=False, server_default="{}"),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.ForeignKeyConstraint(["org_id", "municipality_id"], ["organizations.id", "organizations.municipality_id"],
                                name="fk_consent_destruction_acts_org_municipality"),
        sa.ForeignKeyConstraint(["consent_id", "org_id"], ["consents.id", "consents.org_id"],
                                name="fk_consent_destruction_acts_consent"),
        sa.ForeignKeyConstraint(["teacher_id", "org_id"], ["teachers.id", "teachers.org_id"],
                                name="fk_consent_destruction_acts_teacher"),
        sa.UniqueConstraint("org_id", "consent_id", name="uq_consent_destruction_acts_org_consent"),
    )
    for statement in org_owned("consent_destruction_acts"):
        op.execute(statement)
    for statement in [
        # The owner role (current_user of the migration), for the SECURITY DEFINER function below.
        "CREATE POLICY consents_destruction_due_read ON consents FOR SELECT TO CURRENT_USER"
        " USING (withdrawn_at IS NOT NULL AND destroyed_at IS NULL)",
        *FUNCTIONS.values(),
        *(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC" for signature in FUNCTIONS),
    ]:
        op.execute(statement)


def downgrade():
    for signature in FUNCTIONS:
        op.execute(f"DROP FUNCTION {signature}")
    op.execute("DROP POLICY consents_destruction_due_read ON consents")
    op.drop_table("consent_destruction_acts")
    op.drop_constraint("ck_consents_paper_withdrawal", "consents")
    op.drop_constraint("uq_consents_id_org", "consents")
    op.drop_constraint("fk_consents_withdrawal_scan", "consents")
    for column in ("withdrawal_scan_id", "terms", "published_places"):
        op.drop_column("consents", column)
