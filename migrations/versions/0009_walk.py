"""the tester's walk: the founder sees and revokes the head invitations it sent

- ``invitations.founder_org_id``: the education department that invited an organization's head
  (app/orgs/services.py ``invite_first_account``). Such an invitation belongs to the organization it
  invites into, and is shared with the department that sent it — a modelled reason (DESIGN.md §2): the
  department's list of organizations shows it (e-mail, valid until) and offers to revoke it, so it
  never sends a second head invitation while one is open. The composite foreign key keeps the
  department in the invitation's municipality.
- ``invitations_founder_read``: a second, SELECT-only policy admitting the rows whose
  ``founder_org_id`` is the current organization; every write stays the organization's own
  (``invitations_org_isolation``): the department revokes in the organization's scope.
- Existing head invitations sent by a department (``inviter_org_name`` set, the inviter an active
  member of the municipality's department) get their department.

Revision ID: 0009_walk
Revises: 0008_speed
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa

from tenants.policies import CURRENT_ORG, policy

revision = "0009_walk"
down_revision = "0008_speed"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("invitations", sa.Column("founder_org_id", sa.Uuid(), nullable=True))
    op.create_foreign_key("fk_invitations_founder_municipality", "invitations", "organizations",
                          ["founder_org_id", "municipality_id"], ["id", "municipality_id"])
    op.execute("CREATE INDEX ix_invitations_founder ON invitations (founder_org_id, org_id) "
               "WHERE founder_org_id IS NOT NULL")
    # Existing rows: the owner is held to the forced policies too, lifted inside this transaction only.
    for table in ("invitations", "organizations", "memberships"):
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
    op.execute("""
        UPDATE invitations i SET founder_org_id = d.id
          FROM organizations d
         WHERE i.inviter_org_name IS NOT NULL AND i.invited_by_id IS NOT NULL
           AND d.municipality_id = i.municipality_id AND d.kind = 'municipal' AND d.id <> i.org_id
           AND EXISTS (SELECT 1 FROM memberships m WHERE m.org_id = d.id AND m.user_id = i.invited_by_id)
    """)
    for table in ("invitations", "organizations", "memberships"):
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    op.execute(policy("invitations", "invitations_founder_read", f"founder_org_id = {CURRENT_ORG}",
                      command="SELECT"))


def downgrade():
    op.execute("DROP POLICY invitations_founder_read ON invitations")
    op.execute("DROP INDEX ix_invitations_founder")
    op.drop_constraint("fk_invitations_founder_municipality", "invitations", type_="foreignkey")
    op.drop_column("invitations", "founder_org_id")
