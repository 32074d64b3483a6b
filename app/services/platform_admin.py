"""The platform admin account (created from the command line)."""
from __future__ import annotations

import uuid

from app.extensions import db
from app.models.accounts import User
from app.services import accounts
from app.services import audit
from tenants.scope import TenantScope, tenant_scope


def create(email: str, full_name: str, password: str) -> User:
    user = accounts.find_user_for_login(email)
    if user is None:
        user = User(id=uuid.uuid4(), email=accounts.normalize_email(email), full_name=full_name.strip())
        db.session.add(user)
    with tenant_scope(TenantScope(user_id=user.id)):
        accounts.set_password(user, password)
        user.is_platform_admin = True
        user.is_active = True
        audit.record("platform_admin_created", "user", user.id, tenant=False)
    return user
