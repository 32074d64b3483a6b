"""mentoring cycle I, the foundation: teacher records, the municipality's rules, the consent ledger

- ``teachers``: the school's registry (Положение 3.4), one row per person working in the school,
  with or without an account; never deleted (grants). Its order index serves the registry's keyset
  pages; e-mail and account are unique per school (the import matches on them).
- ``mentoring_rules``: a municipality's settings (the young-specialist rule); read in the whole
  municipality, written only in the scope of its education department (the policy checks the kind of
  the current organization: one primary-key lookup).
- ``consent_texts`` (append-only), ``consent_scans`` (append-only), ``consents`` (only the withdrawal
  and destruction columns are updatable; never deleted): the ledger of 152-ФЗ ст. 9, 10.1, 21.
Every table is under forced row-level security, owned by one organization (or municipality).

Revision ID: 0010_teachers
Revises: 0009_walk
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa

from tenants.policies import CURRENT_MUNICIPALITY, CURRENT_ORG, enable_rls, org_owned, policy

revision = "0010_teachers"
down_revision = "0009_walk"
branch_labels = None
depends_on = None

DEPARTMENT_OF_THE_ROW = (f"EXISTS (SELECT 1 FROM organizations o WHERE o.id = {CURRENT_ORG} "
                         "AND o.kind = 'municipal' AND o.municipality_id = mentoring_rules.municipality_id)")


def _owned():
    return [sa.Column("municipality_id", sa.Uuid(), sa.ForeignKey("municipalities.id"), nullable=False),
            sa.Column("org_id", sa.Uuid(), sa.ForeignKey("organizations.id"), nullable=False)]


def upgrade():
    op.create_table(
        "teachers",
        sa.Column("id", sa.Uuid(), primary_key=True),
        *_owned(),
        sa.Column("user_id", sa.Uuid(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("last_name", sa.String(100), nullable=False),
        sa.Column("first_name", sa.String(100), nullable=False),
        sa.Column("middle_name", sa.String(100), nullable=True),
        sa.Column("sort_name", sa.String(310, collation="C"), nullable=False),
        sa.Column("position", sa.String(200), nullable=True),
        sa.Column("subjects", sa.ARRAY(sa.String(100)), nullable=False, server_default="{}"),
        sa.Column("category", sa.String(20), nullable=False, server_default="none"),
        sa.Column("experience_since", sa.Date(), nullable=True),
        sa.Column("hired_on", sa.Date(), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("email", sa.String(254), nullable=True),
        sa.Column("phone", sa.String(40), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("left_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.ForeignKeyConstraint(["org_id", "municipality_id"], ["organizations.id", "organizations.municipality_id"],
                                name="fk_teachers_org_municipality"),
        sa.UniqueConstraint("id", "org_id", name="uq_teachers_id_org"),
        sa.CheckConstraint("(left_at IS NULL) = is_active", name="ck_teachers_left"),
        sa.CheckConstraint("category IN ('none', 'conformity', 'first', 'highest')", name="ck_teachers_category"),
    )
    op.execute("CREATE INDEX ix_teachers_org_order ON teachers (org_id, (NOT is_active), sort_name, id)")
    op.execute("CREATE UNIQUE INDEX uq_teachers_org_user ON teachers (org_id, user_id) WHERE user_id IS NOT NULL")
    op.execute("CREATE UNIQUE INDEX uq_teachers_org_email ON teachers (org_id, lower(email)) WHERE email IS NOT NULL")
    op.execute("CREATE INDEX ix_teachers_org_name_birth ON teachers (org_id, sort_name, birth_date)")
    op.execute("CREATE INDEX ix_teachers_user ON teachers (user_id) WHERE user_id IS NOT NULL")

    op.create_table(
        "mentoring_rules",
        sa.Column("municipality_id", sa.Uuid(), sa.ForeignKey("municipalities.id"), primary_key=True),
        sa.Column("young_max_age", sa.Integer(), nullable=False, server_default="35"),
        sa.Column("young_max_experience_years", sa.Integer(), nullable=False, server_default="3"),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("updated_by_id", sa.Uuid(), sa.ForeignKey("users.id"), nullable=True),
        sa.CheckConstraint("young_max_age BETWEEN 18 AND 70", name="ck_mentoring_rules_age"),
        sa.CheckConstraint("young_max_experience_years BETWEEN 0 AND 15", name="ck_mentoring_rules_experience"),
    )

    op.create_table(
        "consent_texts",
        sa.Column("id", sa.Uuid(), primary_key=True),
        *_owned(),
        sa.Column("purpose", sa.String(20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("created_by_id", sa.Uuid(), sa.ForeignKey("users.id"), nullable=True),
        sa.ForeignKeyConstraint(["org_id", "municipality_id"], ["organizations.id", "organizations.municipality_id"],
                                name="fk_consent_texts_org_municipality"),
        sa.UniqueConstraint("org_id", "purpose", "version", name="uq_consent_texts_org_purpose_version"),
        sa.UniqueConstraint("id", "org_id", name="uq_consent_texts_id_org"),
    )

    op.create_table(
        "consent_scans",
        sa.Column("id", sa.Uuid(), primary_key=True),
        *_owned(),
        sa.Column("teacher_id", sa.Uuid(), nullable=False),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("media_type", sa.String(50), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("uploaded_by_id", sa.Uuid(), sa.ForeignKey("users.id"), nullable=True),
        sa.ForeignKeyConstraint(["org_id", "municipality_id"], ["organizations.id", "organizations.municipality_id"],
                                name="fk_consent_scans_org_municipality"),
        sa.ForeignKeyConstraint(["teacher_id", "org_id"], ["teachers.id", "teachers.org_id"],
                                name="fk_consent_scans_teacher"),
        sa.UniqueConstraint("id", "org_id", name="uq_consent_scans_id_org"),
    )

    op.create_table(
        "consents",
        sa.Column("id", sa.Uuid(), primary_key=True),
        *_owned(),
        sa.Column("teacher_id", sa.Uuid(), nullable=False),
        sa.Column("purpose", sa.String(20), nullable=False),
        sa.Column("recipient", sa.String(300), nullable=True),
        sa.Column("recipient_org_id", sa.Uuid(), sa.ForeignKey("organizations.id"), nullable=True),
        sa.Column("published_fields", sa.ARRAY(sa.String(40)), nullable=False, server_default="{}"),
        sa.Column("published_where", sa.String(300), nullable=True),
        sa.Column("text_id", sa.Uuid(), nullable=False),
        sa.Column("given_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("channel", sa.String(10), nullable=False),
        sa.Column("client_ip", sa.String(64), nullable=True),
        sa.Column("user_agent", sa.String(300), nullable=True),
        sa.Column("scan_id", sa.Uuid(), nullable=True),
        sa.Column("recorded_by_id", sa.Uuid(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_by_id", sa.Uuid(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("withdrawal_channel", sa.String(10), nullable=True),
        sa.Column("withdrawal_ip", sa.String(64), nullable=True),
        sa.Column("destroy_due_on", sa.Date(), nullable=True),
        sa.Column("destroyed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["org_id", "municipality_id"], ["organizations.id", "organizations.municipality_id"],
                                name="fk_consents_org_municipality"),
        sa.ForeignKeyConstraint(["teacher_id", "org_id"], ["teachers.id", "teachers.org_id"],
                                name="fk_consents_teacher"),
        sa.ForeignKeyConstraint(["text_id", "org_id"], ["consent_texts.id", "consent_texts.org_id"],
                                name="fk_consents_text"),
        sa.ForeignKeyConstraint(["scan_id", "org_id"], ["consent_scans.id", "consent_scans.org_id"],
                                name="fk_consents_scan"),
        sa.CheckConstraint("purpose IN ('processing', 'transfer', 'dissemination', 'mentor_duty', 'pair_duty')",
                           name="ck_consents_purpose"),
        sa.CheckConstraint("channel IN ('in_app', 'paper')", name="ck_consents_channel"),
        # A paper consent carries its scan; a transfer names its recipient.
        sa.CheckConstraint("channel <> 'paper' OR scan_id IS NOT NULL", name="ck_consents_paper_scan"),
        sa.CheckConstraint("purpose <> 'transfer' OR recipient IS NOT NULL", name="ck_consents_transfer_recipient"),
        sa.CheckConstraint("(withdrawn_at IS NULL) = (destroy_due_on IS NULL)", name="ck_consents_withdrawal"),
    )
    op.execute("CREATE UNIQUE INDEX uq_consents_standing ON consents "
               "(org_id, teacher_id, purpose, coalesce(recipient, '')) WHERE withdrawn_at IS NULL")
    op.execute("CREATE INDEX ix_consents_org_teacher ON consents (org_id, teacher_id, purpose, given_at)")
    op.execute("CREATE INDEX ix_consents_destroy_due ON consents (destroy_due_on) "
               "WHERE withdrawn_at IS NOT NULL AND destroyed_at IS NULL")

    for table in ("teachers", "consent_texts", "consent_scans", "consents"):
        for statement in org_owned(table):
            op.execute(statement)
    for statement in enable_rls("mentoring_rules"):
        op.execute(statement)
    op.execute(policy("mentoring_rules", "mentoring_rules_read", f"municipality_id = {CURRENT_MUNICIPALITY}",
                      command="SELECT"))
    for command in ("INSERT", "UPDATE"):
        op.execute(policy("mentoring_rules", f"mentoring_rules_{command.lower()}",
                          None if command == "INSERT" else f"municipality_id = {CURRENT_MUNICIPALITY}",
                          f"municipality_id = {CURRENT_MUNICIPALITY} AND {DEPARTMENT_OF_THE_ROW}", command=command))


def downgrade():
    for table in ("consents", "consent_scans", "consent_texts", "mentoring_rules", "teachers"):
        op.drop_table(table)
