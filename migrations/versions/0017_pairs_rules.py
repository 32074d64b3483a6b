"""pairs and groups, the rules: the order of each transition, the list's index

- ``pair_transitions.order_id``: the order under which a transition happened (activation, end, replaced
  mentor; Положение 6.2, 7.1), kept with who, when and why. The table stays append-only (grants).
- ``ix_pairs_org_created``: the curator's list of pairs, newest first, unfiltered (keyset on
  ``(created_at, id)`` inside the school); the filtered list uses ``ix_pairs_org_status_created``.
- ``ix_pair_participants_pair``: a page of pairs reads its participants by pair (one statement).

Revision ID: 0017_pairs_rules
Revises: 0016_pairs
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa

revision = "0017_pairs_rules"
down_revision = "0016_pairs"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("pair_transitions", sa.Column("order_id", sa.Uuid(), nullable=True))
    op.execute("CREATE INDEX ix_pairs_org_created ON pairs (org_id, created_at, id)")
    op.execute("CREATE INDEX ix_pair_participants_pair ON pair_participants (org_id, pair_id)")


def downgrade():
    op.execute("DROP INDEX ix_pair_participants_pair")
    op.execute("DROP INDEX ix_pairs_org_created")
    op.drop_column("pair_transitions", "order_id")
