"""the banks of mentors and mentees (roadmap stages 2 and 3; Положение 2.3, 3.2, 3.4, 3.5, 4, 5)

- ``bank_dictionary_entries``: a municipality's own competences and forms of mentoring beside the
  built-ins of the code; read in the whole municipality, written only in the scope of its education
  department (like ``mentoring_rules``); never deleted (deactivated).
- ``mentor_entries``, ``mentee_entries``: one entry per teacher record and bank; the questionnaire or
  the requests, the status, the legal basis of the duty (ТК РФ ст. 351.8) and the approval (Положение
  3.2). Never deleted: the content is destroyed in place when the processing consent is withdrawn.
- ``bank_status_changes`` (append-only): who changed a status, when and why.
- ``mentee_support``: the waiting list's support with its dates (roadmap 5.3).
- ``bank_reviews`` (append-only): the curator's yearly review of the bank of mentees (Положение 3.4).
- ``bank_invitations``: the questionnaires and request forms sent, and whether they were answered.
The lists are in the registry's order (ix_teachers_org_order), each entry found by (org_id, teacher_id).

Revision ID: 0014_banks
Revises: 0013_consents
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from tenants.policies import CURRENT_MUNICIPALITY, CURRENT_ORG, enable_rls, org_owned, policy

revision = "0014_banks"
down_revision = "0013_consents"
branch_labels = None
depends_on = None

DEPARTMENT_OF_THE_ROW = (f"EXISTS (SELECT 1 FROM organizations o WHERE o.id = {CURRENT_ORG} "
                         "AND o.kind = 'municipal' AND o.municipality_id = bank_dictionary_entries.municipality_id)")

ORG_TABLES = ("mentor_entries", "mentee_entries", "bank_status_changes", "mentee_support", "bank_reviews",
              "bank_invitations")


def _owned(table: str):
    return [sa.Column("municipality_id", sa.Uuid(), sa.ForeignKey("municipalities.id"), nullable=False),
            sa.Column("org_id", sa.Uuid(), sa.ForeignKey("organizations.id"), nullable=False),
            sa.ForeignKeyConstraint(["org_id", "municipality_id"],
                                    ["organizations.id", "organizations.municipality_id"],
                                    name=f"fk_{table}_org_municipality")]


def _teacher(table: str):
    return [sa.Column("teacher_id", sa.Uuid(), nullable=False),
            sa.ForeignKeyConstraint(["teacher_id", "org_id"], ["teachers.id", "teachers.org_id"],
                                    name=f"fk_{table}_teacher")]


def _in(column: str, values: tuple[str, ...], name: str, nullable: bool = False) -> sa.CheckConstraint:
    listed = ", ".join(f"'{v}'" for v in values)
    return sa.CheckConstraint(f"{column} IN ({listed})" + (f" OR {column} IS NULL" if nullable else ""), name=name)


def _filled():
    return [sa.Column("filled_by", sa.String(10), nullable=False),
            sa.Column("filled_by_id", sa.Uuid(), sa.ForeignKey("users.id"), nullable=True),
            sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
            sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
            sa.Column("content_destroyed_at", sa.DateTime(timezone=True), nullable=True)]


def upgrade():
    op.create_table(
        "bank_dictionary_entries",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("municipality_id", sa.Uuid(), sa.ForeignKey("municipalities.id"), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("created_by_id", sa.Uuid(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("deactivated_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("municipality_id", "kind", "code", name="uq_bank_dictionary_code"),
        _in("kind", ("competence", "form"), "ck_bank_dictionary_kind"),
        sa.CheckConstraint("is_active = (deactivated_at IS NULL)", name="ck_bank_dictionary_active"),
    )
    op.create_index("ix_bank_dictionary_order", "bank_dictionary_entries", ["municipality_id", "kind", "title"])

    op.create_table(
        "mentor_entries",
        sa.Column("id", sa.Uuid(), primary_key=True),
        *_owned("mentor_entries"),
        *_teacher("mentor_entries"),
        sa.Column("status", sa.String(20), nullable=False, server_default="candidate"),
        sa.Column("competences", sa.ARRAY(sa.String(40)), nullable=False, server_default="{}"),
        sa.Column("subjects", sa.ARRAY(sa.String(100)), nullable=False, server_default="{}"),
        sa.Column("topics", sa.Text(), nullable=True),
        sa.Column("forms", sa.ARRAY(sa.String(40)), nullable=False, server_default="{}"),
        sa.Column("capacity", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("load", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("availability", sa.String(500), nullable=True),
        sa.Column("experience", sa.Text(), nullable=True),
        *_filled(),
        sa.Column("basis", sa.String(20), nullable=True),
        sa.Column("agreement_content", sa.Text(), nullable=True),
        sa.Column("agreement_from", sa.Date(), nullable=True),
        sa.Column("agreement_until", sa.Date(), nullable=True),
        sa.Column("agreement_form", sa.String(40), nullable=True),
        sa.Column("pay_kind", sa.String(10), nullable=True),
        sa.Column("pay_amount", sa.Numeric(10, 2), nullable=True),
        sa.Column("job_description_ref", sa.String(300), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("approved_by_id", sa.Uuid(), sa.ForeignKey("users.id"), nullable=True),
        # The order that approved the mentor: its foreign key comes with the orders feature.
        sa.Column("approval_order_id", sa.Uuid(), nullable=True),
        sa.Column("approval_order_ref", sa.String(100), nullable=True),
        sa.UniqueConstraint("org_id", "teacher_id", name="uq_mentor_entries_org_teacher"),
        sa.UniqueConstraint("id", "org_id", name="uq_mentor_entries_id_org"),
        _in("status", ("candidate", "approved", "inactive"), "ck_mentor_entries_status"),
        _in("filled_by", ("self", "curator"), "ck_mentor_entries_filled_by"),
        _in("basis", ("agreement", "job_description"), "ck_mentor_entries_basis", nullable=True),
        _in("pay_kind", ("amount", "unpaid"), "ck_mentor_entries_pay_kind", nullable=True),
        sa.CheckConstraint("capacity BETWEEN 1 AND 10", name="ck_mentor_entries_capacity"),
        sa.CheckConstraint("load >= 0 AND load <= capacity", name="ck_mentor_entries_load"),
        sa.CheckConstraint("basis <> 'agreement' OR (pay_kind IS NOT NULL AND agreement_content IS NOT NULL "
                           "AND agreement_form IS NOT NULL AND agreement_from IS NOT NULL)",
                           name="ck_mentor_entries_agreement"),
        sa.CheckConstraint("(pay_kind IS NULL AND pay_amount IS NULL) OR (pay_kind = 'amount' AND pay_amount > 0) "
                           "OR (pay_kind = 'unpaid' AND pay_amount IS NULL)", name="ck_mentor_entries_pay"),
        sa.CheckConstraint("basis <> 'job_description' OR job_description_ref IS NOT NULL",
                           name="ck_mentor_entries_job_description"),
        sa.CheckConstraint("status <> 'approved' OR approved_at IS NOT NULL", name="ck_mentor_entries_approved"),
    )
    op.execute("CREATE INDEX ix_mentor_entries_candidates ON mentor_entries (org_id, submitted_at, id) "
               "WHERE status = 'candidate'")

    op.create_table(
        "mentee_entries",
        sa.Column("id", sa.Uuid(), primary_key=True),
        *_owned("mentee_entries"),
        *_teacher("mentee_entries"),
        sa.Column("status", sa.String(20), nullable=False, server_default="needs_mentor"),
        sa.Column("category", sa.String(20), nullable=True),
        sa.Column("difficulties", JSONB(), nullable=False, server_default="{}"),
        sa.Column("request_text", sa.Text(), nullable=True),
        *_filled(),
        sa.UniqueConstraint("org_id", "teacher_id", name="uq_mentee_entries_org_teacher"),
        sa.UniqueConstraint("id", "org_id", name="uq_mentee_entries_id_org"),
        _in("status", ("needs_mentor", "in_pair", "supported", "completed"), "ck_mentee_entries_status"),
        _in("category", ("young_specialist", "new_employee", "changed_role", "after_break", "personal_request"),
            "ck_mentee_entries_category", nullable=True),
        _in("filled_by", ("self", "curator"), "ck_mentee_entries_filled_by"),
        sa.CheckConstraint("jsonb_typeof(difficulties) = 'object'", name="ck_mentee_entries_difficulties"),
    )

    op.create_table(
        "bank_status_changes",
        sa.Column("id", sa.Uuid(), primary_key=True),
        *_owned("bank_status_changes"),
        sa.Column("mentor_entry_id", sa.Uuid(), nullable=True),
        sa.Column("mentee_entry_id", sa.Uuid(), nullable=True),
        sa.Column("old_status", sa.String(20), nullable=True),
        sa.Column("new_status", sa.String(20), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("by_id", sa.Uuid(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("reason", sa.String(500), nullable=True),
        sa.ForeignKeyConstraint(["mentor_entry_id", "org_id"], ["mentor_entries.id", "mentor_entries.org_id"],
                                name="fk_bank_status_changes_mentor"),
        sa.ForeignKeyConstraint(["mentee_entry_id", "org_id"], ["mentee_entries.id", "mentee_entries.org_id"],
                                name="fk_bank_status_changes_mentee"),
        sa.CheckConstraint("num_nonnulls(mentor_entry_id, mentee_entry_id) = 1", name="ck_bank_status_changes_entry"),
    )
    op.create_index("ix_bank_status_changes_mentor", "bank_status_changes", ["org_id", "mentor_entry_id", "at"])
    op.create_index("ix_bank_status_changes_mentee", "bank_status_changes", ["org_id", "mentee_entry_id", "at"])

    op.create_table(
        "mentee_support",
        sa.Column("id", sa.Uuid(), primary_key=True),
        *_owned("mentee_support"),
        sa.Column("mentee_entry_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("description", sa.String(500), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("created_by_id", sa.Uuid(), sa.ForeignKey("users.id"), nullable=True),
        sa.ForeignKeyConstraint(["mentee_entry_id", "org_id"], ["mentee_entries.id", "mentee_entries.org_id"],
                                name="fk_mentee_support_entry"),
        _in("kind", ("consultations", "methodical_association", "psychological", "other"), "ck_mentee_support_kind"),
        sa.CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="ck_mentee_support_dates"),
    )
    op.create_index("ix_mentee_support_entry", "mentee_support", ["org_id", "mentee_entry_id", "starts_on"])

    op.create_table(
        "bank_reviews",
        sa.Column("id", sa.Uuid(), primary_key=True),
        *_owned("bank_reviews"),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("reviewed_by_id", sa.Uuid(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("note", sa.String(1000), nullable=True),
    )
    op.create_index("ix_bank_reviews_org_at", "bank_reviews", ["org_id", "reviewed_at"])

    op.create_table(
        "bank_invitations",
        sa.Column("id", sa.Uuid(), primary_key=True),
        *_owned("bank_invitations"),
        *_teacher("bank_invitations"),
        sa.Column("bank", sa.String(10), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("sent_by_id", sa.Uuid(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("org_id", "teacher_id", "bank", name="uq_bank_invitations_org_teacher_bank"),
        _in("bank", ("mentor", "mentee"), "ck_bank_invitations_bank"),
    )

    for table in ORG_TABLES:
        for statement in org_owned(table):
            op.execute(statement)
    for statement in enable_rls("bank_dictionary_entries"):
        op.execute(statement)
    op.execute(policy("bank_dictionary_entries", "bank_dictionary_read", f"municipality_id = {CURRENT_MUNICIPALITY}",
                      command="SELECT"))
    for command in ("INSERT", "UPDATE"):
        op.execute(policy("bank_dictionary_entries", f"bank_dictionary_{command.lower()}",
                          None if command == "INSERT" else f"municipality_id = {CURRENT_MUNICIPALITY}",
                          f"municipality_id = {CURRENT_MUNICIPALITY} AND {DEPARTMENT_OF_THE_ROW}", command=command))


def downgrade():
    for table in ("bank_invitations", "bank_reviews", "mentee_support", "bank_status_changes", "mentee_entries",
                  "mentor_entries", "bank_dictionary_entries"):
        op.drop_table(table)
