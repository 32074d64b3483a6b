"""mentoring cycle II, the foundation: pairs and groups, their participants, their history

- ``pairs``: owned by the school that formed it; its lifecycle (draft → agreed → consents complete →
  active → completed | ended early; declined) as a CHECK; the order that approved it (app/orders).
- ``pair_participants``: a mentor or mentee with their own organization and teacher record (a pair across
  schools adds organizations without rewriting the table, DESIGN.md §2); one current mentor per pair,
  nobody twice at once (partial unique indexes); a replaced mentor keeps their row (``left_at``).
- ``pair_transitions``: append-only history (who, when, why).
Every table under forced row-level security, owned by one organization; never deleted (grants).

Revision ID: 0016_pairs
Revises: 0015_import_drafts
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa

from tenants.policies import org_owned

revision = "0016_pairs"
down_revision = "0015_import_drafts"
branch_labels = None
depends_on = None

STATUSES = "'draft', 'declined', 'agreed', 'consents_complete', 'active', 'completed', 'ended_early'"
END_REASONS = ("'plan_completed', 'mentor_initiative', 'mentee_initiative', 'mutual', 'curator_improper', "
               "'curator_force_majeure'")


def _owned():
    return [sa.Column("municipality_id", sa.Uuid(), sa.ForeignKey("municipalities.id"), nullable=False),
            sa.Column("org_id", sa.Uuid(), sa.ForeignKey("organizations.id"), nullable=False)]


def _of_org(table: str):
    return sa.ForeignKeyConstraint(["org_id", "municipality_id"], ["organizations.id", "organizations.municipality_id"],
                                   name=f"fk_{table}_org_municipality")


def upgrade():
    op.create_table(
        "pairs",
        sa.Column("id", sa.Uuid(), primary_key=True),
        *_owned(),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("form_code", sa.String(40), nullable=False),
        sa.Column("status", sa.String(20), nullable=False, server_default="draft"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("created_by_id", sa.Uuid(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("agreed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("consents_complete_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("order_id", sa.Uuid(), nullable=True),
        sa.Column("activated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("end_reason", sa.String(30), nullable=True),
        sa.Column("end_note", sa.String(1000), nullable=True),
        sa.Column("end_order_id", sa.Uuid(), nullable=True),
        _of_org("pairs"),
        sa.UniqueConstraint("id", "org_id", name="uq_pairs_id_org"),
        sa.CheckConstraint("kind IN ('pair', 'group')", name="ck_pairs_kind"),
        sa.CheckConstraint(f"status IN ({STATUSES})", name="ck_pairs_status"),
        sa.CheckConstraint(f"end_reason IS NULL OR end_reason IN ({END_REASONS})", name="ck_pairs_end_reason"),
        # Положение 6.2: a pair is active only once its order is signed; an ended pair says why (7.1).
        sa.CheckConstraint("status NOT IN ('active', 'completed', 'ended_early') OR (order_id IS NOT NULL "
                           "AND activated_at IS NOT NULL) OR status = 'ended_early'", name="ck_pairs_active_order"),
        sa.CheckConstraint("status NOT IN ('completed', 'ended_early') OR (ended_at IS NOT NULL "
                           "AND end_reason IS NOT NULL)", name="ck_pairs_ended"),
    )
    op.execute("CREATE INDEX ix_pairs_org_status_created ON pairs (org_id, status, created_at, id)")

    op.create_table(
        "pair_participants",
        sa.Column("id", sa.Uuid(), primary_key=True),
        *_owned(),
        sa.Column("pair_id", sa.Uuid(), nullable=False),
        sa.Column("pair_org_id", sa.Uuid(), nullable=False),
        sa.Column("teacher_id", sa.Uuid(), nullable=False),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("response", sa.String(10), nullable=False, server_default="pending"),
        sa.Column("responded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decline_reason", sa.String(1000), nullable=True),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("left_at", sa.DateTime(timezone=True), nullable=True),
        _of_org("pair_participants"),
        sa.ForeignKeyConstraint(["teacher_id", "org_id"], ["teachers.id", "teachers.org_id"],
                                name="fk_pair_participants_teacher"),
        sa.ForeignKeyConstraint(["pair_id", "pair_org_id"], ["pairs.id", "pairs.org_id"],
                                name="fk_pair_participants_pair"),
        sa.CheckConstraint("role IN ('mentor', 'mentee')", name="ck_pair_participants_role"),
        sa.CheckConstraint("response IN ('pending', 'accepted', 'declined')", name="ck_pair_participants_response"),
        sa.CheckConstraint("response <> 'declined' OR decline_reason IS NOT NULL",
                           name="ck_pair_participants_decline_reason"),
    )
    op.execute("CREATE UNIQUE INDEX uq_pair_participants_mentor ON pair_participants (pair_id) "
               "WHERE role = 'mentor' AND left_at IS NULL")
    op.execute("CREATE UNIQUE INDEX uq_pair_participants_person ON pair_participants (pair_id, teacher_id) "
               "WHERE left_at IS NULL")
    op.execute("CREATE INDEX ix_pair_participants_teacher ON pair_participants (org_id, teacher_id, role)")

    op.create_table(
        "pair_transitions",
        sa.Column("id", sa.Uuid(), primary_key=True),
        *_owned(),
        sa.Column("pair_id", sa.Uuid(), nullable=False),
        sa.Column("from_status", sa.String(20), nullable=True),
        sa.Column("to_status", sa.String(20), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("by_id", sa.Uuid(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("reason", sa.String(1000), nullable=True),
        _of_org("pair_transitions"),
        sa.ForeignKeyConstraint(["pair_id", "org_id"], ["pairs.id", "pairs.org_id"], name="fk_pair_transitions_pair"),
    )
    op.execute("CREATE INDEX ix_pair_transitions_pair ON pair_transitions (org_id, pair_id, at)")

    for table in ("pairs", "pair_participants", "pair_transitions"):
        for statement in org_owned(table):
            op.execute(statement)


def downgrade():
    for table in ("pair_transitions", "pair_participants", "pairs"):
        op.drop_table(table)
