"""second-factor secrets sealed at rest: room for the sealed form

A sealed secret (app/accounts/sealed.py) is longer than the 64 characters of a plain one. Secrets
stored before are read as they are and sealed at their next write.

Revision ID: 0007_sealed_totp
Revises: 0006_accounts
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa

revision = "0007_sealed_totp"
down_revision = "0006_accounts"
branch_labels = None
depends_on = None


def upgrade():
    op.alter_column("users", "totp_secret", type_=sa.String(length=255), existing_nullable=True)


def downgrade():
    # A sealed secret does not fit back: the people concerned enrol again. The owner is held to the
    # forced policies too; they are lifted for this statement, inside the migration's transaction.
    op.execute("ALTER TABLE users NO FORCE ROW LEVEL SECURITY")
    op.execute("UPDATE users SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL "
               "WHERE length(totp_secret) > 64")
    op.execute("ALTER TABLE users FORCE ROW LEVEL SECURITY")
    op.alter_column("users", "totp_secret", type_=sa.String(length=64), existing_nullable=True)
