"""personalized programmes: the programme of a pair, its plan, evidence, journal and revisions

- ``programmes``: one per pair or group (Положение 1.2), the term from 3 months to 1 year as a CHECK
  (past a year only with an approved extension recorded, Положение 7.2), the end-date proposal of the
  daily job (``end_proposed_for``: once per end date).
- ``programme_activities``: the plan; never deleted (a dropped activity is cancelled).
- ``programme_evidence`` (append-only): the files proving an activity, checked by content.
- ``programme_journal`` (append-only): the pair's meetings.
- ``programme_revisions``: snapshots of the programme after each change (Положение 7.2); the app role
  updates only the agreement's steps, never the snapshot (tenants/provisioning.py).
- ``programmes_due_for_end_proposal(date, integer)``: SECURITY DEFINER, ids and scopes only of the active
  programmes whose end date has come and which were not proposed for it, for the daily job.
Every table under forced row-level security, owned by one organization.

Revision ID: 0018_programmes
Revises: 0017_pairs_rules
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from tenants.policies import org_owned

revision = "0018_programmes"
down_revision = "0017_pairs_rules"
branch_labels = None
depends_on = None

TABLES = ("programmes", "programme_activities", "programme_evidence", "programme_journal", "programme_revisions")
ACTIVITY_KINDS = ("'lesson_visit', 'open_lesson', 'consultation', 'joint_planning', 'self_study', 'seminar', "
                  "'contest', 'course', 'other'")

FUNCTION = """
CREATE FUNCTION programmes_due_for_end_proposal(on_date date, max_rows integer)
RETURNS TABLE (id uuid, municipality_id uuid, org_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT p.id, p.municipality_id, p.org_id
    FROM public.programmes p
    WHERE p.status = 'active' AND p.ends_on <= on_date
      AND p.end_proposed_for IS DISTINCT FROM p.ends_on
    ORDER BY p.ends_on, p.id
    LIMIT max_rows
$$"""


def _owned():
    return [sa.Column("id", sa.Uuid(), primary_key=True),
            sa.Column("municipality_id", sa.Uuid(), sa.ForeignKey("municipalities.id"), nullable=False),
            sa.Column("org_id", sa.Uuid(), sa.ForeignKey("organizations.id"), nullable=False)]


def _of_org(table: str):
    return sa.ForeignKeyConstraint(["org_id", "municipality_id"], ["organizations.id", "organizations.municipality_id"],
                                   name=f"fk_{table}_org_municipality")


def _user(name: str, nullable: bool = True):
    return sa.Column(name, sa.Uuid(), sa.ForeignKey("users.id"), nullable=nullable)


def _at(name: str, nullable: bool = False):
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable,
                     **({} if nullable else {"server_default": sa.func.now()}))


def upgrade():
    op.create_table(
        "programmes", *_owned(),
        sa.Column("pair_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False, server_default="draft"),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("form_code", sa.String(40), nullable=False),
        *[sa.Column(name, sa.Text(), nullable=False, server_default="")
          for name in ("goals", "difficulties_note", "strengths", "directions", "activity_forms", "expected_results")],
        sa.Column("difficulties", JSONB(), nullable=False, server_default="[]"),
        sa.Column("extended_by_id", sa.Uuid(), nullable=True),
        _at("created_at"), _user("created_by_id"), _at("approved_at", True), _user("approved_by_id"),
        _at("completed_at", True),
        sa.Column("end_proposed_for", sa.Date(), nullable=True), _at("end_proposed_at", True),
        _of_org("programmes"),
        sa.ForeignKeyConstraint(["pair_id", "org_id"], ["pairs.id", "pairs.org_id"], name="fk_programmes_pair"),
        sa.UniqueConstraint("org_id", "pair_id", name="uq_programmes_org_pair"),
        sa.UniqueConstraint("id", "org_id", name="uq_programmes_id_org"),
        sa.CheckConstraint("status IN ('draft', 'active', 'completed')", name="ck_programmes_status"),
        # Положение 1.2: «от 3 месяцев до 1 года» (the term counts both its first and its last day).
        sa.CheckConstraint("ends_on >= (starts_on + interval '3 months' - interval '1 day')::date",
                           name="ck_programmes_term_min"),
        # Past one year only by an approved extension (Положение 7.2), recorded on the programme.
        sa.CheckConstraint("ends_on <= (starts_on + interval '1 year' - interval '1 day')::date "
                           "OR extended_by_id IS NOT NULL", name="ck_programmes_term_max"),
        sa.CheckConstraint("jsonb_typeof(difficulties) = 'array'", name="ck_programmes_difficulties"),
        sa.CheckConstraint("status = 'draft' OR approved_at IS NOT NULL", name="ck_programmes_approved"),
    )
    op.execute("CREATE INDEX ix_programmes_org_ends ON programmes (org_id, ends_on, id)")

    op.create_table(
        "programme_activities", *_owned(),
        sa.Column("programme_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("responsible_teacher_id", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False, server_default="planned"),
        sa.Column("result", sa.Text(), nullable=False, server_default=""),
        _at("created_at"), _at("updated_at"), _user("updated_by_id"),
        _of_org("programme_activities"),
        sa.ForeignKeyConstraint(["programme_id", "org_id"], ["programmes.id", "programmes.org_id"],
                                name="fk_programme_activities_programme"),
        sa.ForeignKeyConstraint(["responsible_teacher_id", "org_id"], ["teachers.id", "teachers.org_id"],
                                name="fk_programme_activities_teacher"),
        sa.UniqueConstraint("id", "org_id", name="uq_programme_activities_id_org"),
        sa.CheckConstraint(f"kind IN ({ACTIVITY_KINDS})", name="ck_programme_activities_kind"),
        sa.CheckConstraint("status IN ('planned', 'in_progress', 'done', 'cancelled')",
                           name="ck_programme_activities_status"),
    )
    op.execute("CREATE INDEX ix_programme_activities_plan ON programme_activities (org_id, programme_id, due_on, id)")

    op.create_table(
        "programme_evidence", *_owned(),
        sa.Column("activity_id", sa.Uuid(), nullable=False),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("media_type", sa.String(100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        _at("uploaded_at"), _user("uploaded_by_id"),
        _of_org("programme_evidence"),
        sa.ForeignKeyConstraint(["activity_id", "org_id"], ["programme_activities.id", "programme_activities.org_id"],
                                name="fk_programme_evidence_activity"),
        sa.CheckConstraint("size > 0 AND size = octet_length(content)", name="ck_programme_evidence_size"),
    )
    op.execute("CREATE INDEX ix_programme_evidence_activity ON programme_evidence (org_id, activity_id)")

    op.create_table(
        "programme_journal", *_owned(),
        sa.Column("programme_id", sa.Uuid(), nullable=False),
        sa.Column("met_on", sa.Date(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(300), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False, server_default=""),
        _at("written_at"), _user("written_by_id"),
        _of_org("programme_journal"),
        sa.ForeignKeyConstraint(["programme_id", "org_id"], ["programmes.id", "programmes.org_id"],
                                name="fk_programme_journal_programme"),
        sa.CheckConstraint("minutes > 0 AND minutes <= 1440", name="ck_programme_journal_minutes"),
    )
    op.execute("CREATE INDEX ix_programme_journal_programme ON programme_journal (org_id, programme_id, met_on, id)")

    op.create_table(
        "programme_revisions", *_owned(),
        sa.Column("programme_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False, server_default=""),
        sa.Column("snapshot", JSONB(), nullable=False),
        _at("proposed_at"), _user("proposed_by_id"), sa.Column("proposed_by_teacher_id", sa.Uuid(), nullable=True),
        _at("confirmed_at", True), _user("confirmed_by_id"), _at("decided_at", True), _user("decided_by_id"),
        sa.Column("decision_note", sa.String(1000), nullable=True),
        _of_org("programme_revisions"),
        sa.ForeignKeyConstraint(["programme_id", "org_id"], ["programmes.id", "programmes.org_id"],
                                name="fk_programme_revisions_programme"),
        sa.UniqueConstraint("org_id", "programme_id", "number", name="uq_programme_revisions_number"),
        sa.CheckConstraint("kind IN ('initial', 'extension', 'plan', 'form')", name="ck_programme_revisions_kind"),
        sa.CheckConstraint("status IN ('proposed', 'confirmed', 'approved', 'rejected')",
                           name="ck_programme_revisions_status"),
        # Положение 7.2: approved only after the other side confirmed (the initial one: at approval).
        sa.CheckConstraint("status <> 'approved' OR kind = 'initial' OR confirmed_at IS NOT NULL",
                           name="ck_programme_revisions_agreed"),
    )
    op.execute("CREATE INDEX ix_programme_revisions_programme ON programme_revisions (org_id, programme_id, number)")

    for table in TABLES:
        for statement in org_owned(table):
            op.execute(statement)
    op.execute(FUNCTION)
    op.execute("REVOKE ALL ON FUNCTION programmes_due_for_end_proposal(date, integer) FROM PUBLIC")
    # The owner role (the function's definer) reads the programmes through a policy of its own.
    op.execute("CREATE POLICY programmes_owner_end_proposals ON programmes FOR SELECT TO CURRENT_USER "
               "USING (status = 'active')")


def downgrade():
    op.execute("DROP FUNCTION IF EXISTS programmes_due_for_end_proposal(date, integer)")
    for table in reversed(TABLES):
        op.drop_table(table)
