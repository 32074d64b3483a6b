"""pairs: a participant's answer given on paper

A teacher without an account (or who prefers paper) answers a proposal with a signed statement; the
curator records it (Положение 1.3.5, 6.2: voluntariness is the person's, the record is the curator's).
``paper_answer_on`` is the day the statement was signed, ``paper_answer_by_id`` who recorded it; an
answer in the app leaves both empty.

Revision ID: 0021_paper_answers
Revises: 0020_orders
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa

revision = "0021_paper_answers"
down_revision = "0020_orders"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("pair_participants", sa.Column("paper_answer_on", sa.Date(), nullable=True))
    op.add_column("pair_participants", sa.Column("paper_answer_by_id", sa.Uuid(), sa.ForeignKey("users.id"),
                                                 nullable=True))


def downgrade():
    op.drop_column("pair_participants", "paper_answer_by_id")
    op.drop_column("pair_participants", "paper_answer_on")
