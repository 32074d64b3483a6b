"""the audit log reads like a register: the object's name kept with the event; the index of an
organization's log in its order

- ``audit_events.object_name``: the name of the object at the time (a person's name for a membership,
  the e-mail of an invitation, an organization's short name), so that the log needs no later look-up
  and a rename does not rewrite history.
- ``ix_audit_events_org_at_id (org_id, at DESC, id DESC)`` replaces ``ix_audit_events_org_at``: it
  serves the log's ORDER BY at DESC, id DESC and its period filter (and, later, a keyset cursor).
- Events written before this revision get the names as they are now (the best that is known), and
  the actor's name where 0002's backfill could not write it: audit_events is under FORCE ROW LEVEL
  SECURITY with no UPDATE policy (the trail is append-only), so that UPDATE changed no row. Here
  the owner lifts FORCE on the tables it reads and writes for the backfill only, inside this
  migration's transaction, and sets it again before the end; the app role's grants stay append-only.

Revision ID: 0004_audit
Revises: 0003_roles
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa

revision = "0004_audit"
down_revision = "0003_roles"
branch_labels = None
depends_on = None

# Tables the backfill reads (and audit_events, which it writes); FORCE is lifted and set again.
BACKFILL_TABLES = ("audit_events", "users", "memberships", "invitations", "organizations")

BACKFILL = [
    # A staff member: the person's name.
    "UPDATE audit_events e SET object_name = u.full_name FROM memberships m JOIN users u ON u.id = m.user_id "
    "WHERE e.object_type = 'membership' AND e.object_name IS NULL AND e.object_id = m.id::text",
    # An invitation: the address it was sent to.
    "UPDATE audit_events e SET object_name = i.email FROM invitations i "
    "WHERE e.object_type = 'invitation' AND e.object_name IS NULL AND e.object_id = i.id::text",
    # An organization: its short name.
    "UPDATE audit_events e SET object_name = o.short_name FROM organizations o "
    "WHERE e.object_type = 'organization' AND e.object_name IS NULL AND e.object_id = o.id::text",
    # A municipality: its name (municipalities are a platform table, not under RLS).
    "UPDATE audit_events e SET object_name = mu.name FROM municipalities mu "
    "WHERE e.object_type = 'municipality' AND e.object_name IS NULL AND e.object_id = mu.id::text",
    # An account: the person's name.
    "UPDATE audit_events e SET object_name = u.full_name FROM users u "
    "WHERE e.object_type = 'user' AND e.object_name IS NULL AND e.object_id = u.id::text",
    # The actor's name (what 0002 meant to fill).
    "UPDATE audit_events e SET actor_name = u.full_name FROM users u "
    "WHERE e.actor_name IS NULL AND e.actor_id = u.id",
]


def upgrade():
    op.add_column("audit_events", sa.Column("object_name", sa.String(length=300), nullable=True))
    op.drop_index("ix_audit_events_org_at", table_name="audit_events")
    op.create_index("ix_audit_events_org_at_id", "audit_events",
                    ["org_id", sa.text("at DESC"), sa.text("id DESC")], unique=False)
    for table in BACKFILL_TABLES:
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
    for statement in BACKFILL:
        op.execute(statement)
    for table in BACKFILL_TABLES:
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")


def downgrade():
    op.drop_index("ix_audit_events_org_at_id", table_name="audit_events")
    op.create_index("ix_audit_events_org_at", "audit_events", ["org_id", "at"], unique=False)
    op.drop_column("audit_events", "object_name")
