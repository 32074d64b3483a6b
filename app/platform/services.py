"""The platform admin account (created from the command line)."""
from __future__ import annotations

from app.accounts import services as accounts
from app.accounts.models import User
from app.audit import services as audit
from tenants.switches import as_person


def create(email: str, full_name: str, password: str) -> User:
    user = accounts.find_user_for_login(email)
    if user is None:
        user = accounts.create_user(email, full_name, None)
    with as_person(user.id):
        accounts.set_password(user, password)
        user.is_platform_admin = True
        user.is_active = True
        audit.record("platform_admin_created", "user", user.id, tenant=False)
    return user
