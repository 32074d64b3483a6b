"""the import of staff files into the teacher registry

- ``teacher_imports``: one row per uploaded file of a school (Положение 3.4: the curator keeps the
  registry with the system administrator): the file itself (bytea, cleared once the import has run),
  the column mapping, the per-row report of the preview, the state and progress of its job, who and
  when. Under forced row-level security, owned by one organization; never deleted (grants); the app
  updates only the columns of the mapping, the state and the progress.
- ``teacher_imports_due``: the sweeper's narrow path across schools (ids, scopes and offsets of
  confirmed imports that show no progress; no file, no names), SECURITY DEFINER, EXECUTE revoked from
  PUBLIC and granted to the app role (tenants/provisioning.py).

Revision ID: 0012_imports
Revises: 0011_requisites
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from tenants.policies import org_owned

revision = "0012_imports"
down_revision = "0011_requisites"
branch_labels = None
depends_on = None

ACTIVE = "status IN ('queued', 'running')"

FUNCTIONS = {
    "teacher_imports_due(integer, integer)": f"""
CREATE FUNCTION teacher_imports_due(max_rows integer, grace_seconds integer)
RETURNS TABLE (id uuid, municipality_id uuid, org_id uuid, processed integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT i.id, i.municipality_id, i.org_id, i.processed
    FROM public.teacher_imports i
    WHERE i.{ACTIVE} AND i.progress_at < now() - make_interval(secs => grace_seconds)
    ORDER BY i.progress_at
    LIMIT max_rows
$$""",
}


def upgrade():
    op.create_table(
        "teacher_imports",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("municipality_id", sa.Uuid(), sa.ForeignKey("municipalities.id"), nullable=False),
        sa.Column("org_id", sa.Uuid(), sa.ForeignKey("organizations.id"), nullable=False),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("file_kind", sa.String(10), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("columns", postgresql.JSONB(), nullable=False, server_default="[]"),
        sa.Column("mapping", postgresql.JSONB(), nullable=False, server_default="[]"),
        sa.Column("revision", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("status", sa.String(10), nullable=False, server_default="draft"),
        sa.Column("only_valid", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("total_rows", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("error_rows", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("to_create", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("to_update", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("processed", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("created_count", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("updated_count", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("skipped_count", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("report", postgresql.JSONB(), nullable=False, server_default="[]"),
        sa.Column("run_notes", postgresql.JSONB(), nullable=False, server_default="[]"),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("last_error", sa.String(500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("created_by_id", sa.Uuid(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("confirmed_by_id", sa.Uuid(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("progress_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.ForeignKeyConstraint(["org_id", "municipality_id"], ["organizations.id", "organizations.municipality_id"],
                                name="fk_teacher_imports_org_municipality"),
        sa.CheckConstraint("status IN ('draft', 'queued', 'running', 'finished', 'failed')",
                           name="ck_teacher_imports_status"),
        sa.CheckConstraint("file_kind IN ('csv', 'xlsx')", name="ck_teacher_imports_kind"),
        sa.CheckConstraint("processed BETWEEN 0 AND total_rows", name="ck_teacher_imports_processed"),
    )
    # The import page's list of a school's recent files, newest first.
    op.execute("CREATE INDEX ix_teacher_imports_org_created ON teacher_imports (org_id, created_at DESC, id DESC)")
    # The sweeper reads only the confirmed imports that are not done.
    op.execute(f"CREATE INDEX ix_teacher_imports_active ON teacher_imports (progress_at) WHERE {ACTIVE}")
    for statement in [
        *org_owned("teacher_imports"),
        # The owner role (current_user of the migration), for the SECURITY DEFINER function below.
        f"CREATE POLICY teacher_imports_sweeper_read ON teacher_imports FOR SELECT TO CURRENT_USER USING ({ACTIVE})",
        *FUNCTIONS.values(),
        *(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC" for signature in FUNCTIONS),
    ]:
        op.execute(statement)


def downgrade():
    for signature in FUNCTIONS:
        op.execute(f"DROP FUNCTION {signature}")
    op.drop_table("teacher_imports")
