"""mentoring cycle II: the production calendar and the participants' petitions

- ``calendar_days``: a municipality's days that differ from the federal production calendar (a regional
  holiday, a transfer; ТК РФ ст. 112); read in the whole municipality, written only in the scope of its
  education department (like ``mentoring_rules``, 0010_teachers). The federal calendar is in code.
- ``petitions``: the mentee's request to replace the mentor (Положение 5.1) and the mentor's to be
  released (Положение 4.1; ТК РФ ст. 351.8: the notice's last day); filed → reviewed → granted | refused
  → executed by an order; one open petition of a kind per person and pair (partial unique index); the
  steps' columns as CHECKs; never deleted, only the review, decision and execution columns updatable.
- ``petition_events``: append-only history (who, when, why).

Revision ID: 0019_petitions
Revises: 0018_programmes
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa

from tenants.policies import CURRENT_MUNICIPALITY, CURRENT_ORG, enable_rls, org_owned, policy

revision = "0019_petitions"
down_revision = "0018_programmes"
branch_labels = None
depends_on = None

DEPARTMENT_OF_THE_ROW = (f"EXISTS (SELECT 1 FROM organizations o WHERE o.id = {CURRENT_ORG} "
                         "AND o.kind = 'municipal' AND o.municipality_id = calendar_days.municipality_id)")


def _owned():
    return [sa.Column("municipality_id", sa.Uuid(), sa.ForeignKey("municipalities.id"), nullable=False),
            sa.Column("org_id", sa.Uuid(), sa.ForeignKey("organizations.id"), nullable=False)]


def _of_org(table: str):
    return sa.ForeignKeyConstraint(["org_id", "municipality_id"], ["organizations.id", "organizations.municipality_id"],
                                   name=f"fk_{table}_org_municipality")


def upgrade():
    op.create_table(
        "calendar_days",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("municipality_id", sa.Uuid(), sa.ForeignKey("municipalities.id"), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("is_working", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("updated_by_id", sa.Uuid(), sa.ForeignKey("users.id"), nullable=True),
        sa.UniqueConstraint("municipality_id", "day", name="uq_calendar_days_municipality_day"),
    )
    op.create_index("ix_calendar_days_municipality_day", "calendar_days", ["municipality_id", "day"])
    for statement in enable_rls("calendar_days"):
        op.execute(statement)
    op.execute(policy("calendar_days", "calendar_days_read", f"municipality_id = {CURRENT_MUNICIPALITY}",
                      command="SELECT"))
    written = f"municipality_id = {CURRENT_MUNICIPALITY} AND {DEPARTMENT_OF_THE_ROW}"
    op.execute(policy("calendar_days", "calendar_days_insert", None, written, command="INSERT"))
    op.execute(policy("calendar_days", "calendar_days_update", f"municipality_id = {CURRENT_MUNICIPALITY}", written,
                      command="UPDATE"))
    op.execute(policy("calendar_days", "calendar_days_delete", written, command="DELETE"))

    op.create_table(
        "petitions",
        sa.Column("id", sa.Uuid(), primary_key=True),
        *_owned(),
        sa.Column("pair_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("filed_by_teacher_id", sa.Uuid(), nullable=False),
        sa.Column("filed_by_user_id", sa.Uuid(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("filed_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("filed_on", sa.Date(), nullable=False),
        sa.Column("notice_ends_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False, server_default="filed"),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reviewed_by_id", sa.Uuid(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("review_note", sa.Text(), nullable=True),
        sa.Column("proposed_mentor_id", sa.Uuid(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Uuid(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.Column("order_id", sa.Uuid(), nullable=True),
        sa.Column("executed_at", sa.DateTime(timezone=True), nullable=True),
        _of_org("petitions"),
        sa.ForeignKeyConstraint(["pair_id", "org_id"], ["pairs.id", "pairs.org_id"], name="fk_petitions_pair"),
        sa.ForeignKeyConstraint(["filed_by_teacher_id", "org_id"], ["teachers.id", "teachers.org_id"],
                                name="fk_petitions_filed_by"),
        sa.ForeignKeyConstraint(["proposed_mentor_id", "org_id"], ["teachers.id", "teachers.org_id"],
                                name="fk_petitions_proposed_mentor"),
        sa.UniqueConstraint("id", "org_id", name="uq_petitions_id_org"),
        sa.CheckConstraint("kind IN ('replace_mentor', 'release')", name="ck_petitions_kind"),
        sa.CheckConstraint("status IN ('filed', 'reviewed', 'granted', 'refused', 'executed')",
                           name="ck_petitions_status"),
        sa.CheckConstraint("length(reason) BETWEEN 1 AND 2000", name="ck_petitions_reason"),
        # ТК РФ ст. 351.8: a release carries the last day of its notice.
        sa.CheckConstraint("(kind = 'release') = (notice_ends_on IS NOT NULL)", name="ck_petitions_notice"),
        sa.CheckConstraint("status = 'filed' OR (reviewed_at IS NOT NULL AND review_note IS NOT NULL)",
                           name="ck_petitions_reviewed"),
        # Положение 5.1: a replacement names the new mentor once reviewed.
        sa.CheckConstraint("kind <> 'replace_mentor' OR status IN ('filed', 'refused') OR proposed_mentor_id IS NOT NULL",
                           name="ck_petitions_proposed_mentor"),
        sa.CheckConstraint("status IN ('filed', 'reviewed') OR (decided_at IS NOT NULL AND decision_reason IS NOT NULL)",
                           name="ck_petitions_decided"),
        sa.CheckConstraint("(status = 'executed') = (order_id IS NOT NULL AND executed_at IS NOT NULL)",
                           name="ck_petitions_executed"),
    )
    op.execute("CREATE UNIQUE INDEX uq_petitions_open ON petitions (pair_id, kind, filed_by_teacher_id) "
               "WHERE status IN ('filed', 'reviewed', 'granted')")
    op.execute("CREATE INDEX ix_petitions_org_filed ON petitions (org_id, filed_at, id)")
    op.execute("CREATE INDEX ix_petitions_org_status_filed ON petitions (org_id, status, filed_at, id)")
    op.execute("CREATE INDEX ix_petitions_org_teacher ON petitions (org_id, filed_by_teacher_id, filed_at)")

    op.create_table(
        "petition_events",
        sa.Column("id", sa.Uuid(), primary_key=True),
        *_owned(),
        sa.Column("petition_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("by_id", sa.Uuid(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        _of_org("petition_events"),
        sa.ForeignKeyConstraint(["petition_id", "org_id"], ["petitions.id", "petitions.org_id"],
                                name="fk_petition_events_petition"),
    )
    op.execute("CREATE INDEX ix_petition_events_petition ON petition_events (org_id, petition_id, at)")

    for table in ("petitions", "petition_events"):
        for statement in org_owned(table):
            op.execute(statement)


def downgrade():
    for table in ("petition_events", "petitions", "calendar_days"):
        op.drop_table(table)
