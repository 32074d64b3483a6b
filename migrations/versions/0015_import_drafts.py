"""a staff file that is never confirmed does not stay: its drafts expire

An uploaded staff file holds personal data (152-ФЗ ст. 5 ч. 7: kept no longer than its purpose needs).
A draft that nobody confirms within ``TEACHER_IMPORT_DRAFT_HOURS`` expires: the file and the rows'
values are cleared, the row stays as a record of the upload (status ``expired``).
- ``teacher_imports_stale``: the daily sweeper's narrow path across schools (ids and scopes of the
  drafts older than a given age that still hold their file; nothing else), SECURITY DEFINER, EXECUTE
  revoked from PUBLIC; a SELECT policy for the owner role admits the drafts to it.

Revision ID: 0015_import_drafts
Revises: 0014_banks
Create Date: 2026-12-01
"""
from alembic import op

revision = "0015_import_drafts"
down_revision = "0014_banks"
branch_labels = None
depends_on = None

STALE = "status = 'draft' AND content IS NOT NULL"

FUNCTIONS = {
    "teacher_imports_stale(integer, integer)": f"""
CREATE FUNCTION teacher_imports_stale(max_rows integer, max_age_hours integer)
RETURNS TABLE (id uuid, municipality_id uuid, org_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT i.id, i.municipality_id, i.org_id
    FROM public.teacher_imports i
    WHERE i.{STALE} AND i.created_at < now() - make_interval(hours => max_age_hours)
    ORDER BY i.created_at
    LIMIT max_rows
$$""",
}


def upgrade():
    op.execute("ALTER TABLE teacher_imports DROP CONSTRAINT ck_teacher_imports_status")
    op.execute("ALTER TABLE teacher_imports ADD CONSTRAINT ck_teacher_imports_status "
               "CHECK (status IN ('draft', 'queued', 'running', 'finished', 'failed', 'expired'))")
    op.execute(f"CREATE INDEX ix_teacher_imports_stale ON teacher_imports (created_at) WHERE {STALE}")
    op.execute(f"CREATE POLICY teacher_imports_purger_read ON teacher_imports FOR SELECT TO CURRENT_USER USING ({STALE})")
    for signature, body in FUNCTIONS.items():
        op.execute(body)
        op.execute(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")


def downgrade():
    for signature in FUNCTIONS:
        op.execute(f"DROP FUNCTION {signature}")
    op.execute("DROP POLICY teacher_imports_purger_read ON teacher_imports")
    op.execute("DROP INDEX ix_teacher_imports_stale")
    op.execute("ALTER TABLE teacher_imports DROP CONSTRAINT ck_teacher_imports_status")
    op.execute("ALTER TABLE teacher_imports ADD CONSTRAINT ck_teacher_imports_status "
               "CHECK (status IN ('draft', 'queued', 'running', 'finished', 'failed'))")
