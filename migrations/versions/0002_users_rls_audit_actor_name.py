"""users under row-level security; the audit trail keeps the actor's name

A person's record is personal data (152-ФЗ): it is visible to the person, to the organizations they
belong to (through memberships, themselves under RLS), and, for one statement, to the sign-in lookup
by e-mail (tenants/rls.py login_lookup). The app never deletes users, so there is no DELETE policy.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""
from alembic import op
import sqlalchemy as sa

from tenants.policies import CURRENT_USER, LOGIN_EMAIL, enable_rls, policy

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

VISIBLE_USER = (f"id = {CURRENT_USER} OR email = {LOGIN_EMAIL} "
                f"OR id IN (SELECT m.user_id FROM memberships m)")


def upgrade():
    op.add_column('audit_events', sa.Column('actor_name', sa.String(length=200), nullable=True))
    op.execute("UPDATE audit_events e SET actor_name = u.full_name FROM users u WHERE u.id = e.actor_id")
    for statement in [
        *enable_rls("users"),
        policy("users", "users_read", VISIBLE_USER, command="SELECT"),
        policy("users", "users_update", VISIBLE_USER, "true", command="UPDATE"),
        policy("users", "users_insert", None, "true", command="INSERT"),
    ]:
        op.execute(statement)


def downgrade():
    for name in ("users_insert", "users_update", "users_read"):
        op.execute(f"DROP POLICY {name} ON users")
    op.execute("ALTER TABLE users NO FORCE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE users DISABLE ROW LEVEL SECURITY")
    op.drop_column('audit_events', 'actor_name')
