"""The platform admin account (created from the command line).

The app role can neither set nor insert ``users.is_platform_admin`` (its column grants and the
``users`` policies, migration 0006_accounts): the flag is written by the owner role, the role of
`db upgrade`, which only command-line provisioning uses (`admin create`, the demo seed)."""
from __future__ import annotations

import uuid

from flask import current_app
from sqlalchemy import create_engine, pool, select
from sqlalchemy.engine import make_url

from app.accounts import services as accounts
from app.accounts.models import User
from app.audit import services as audit
from app.core.models import utcnow
from tenants.rls import creating_user, login_lookup, person_scope_on
from tenants.switches import as_person


def create(email: str, full_name: str, password: str) -> uuid.UUID:
    """Create (or promote) the platform admin with this password; the second factor is enrolled at
    first sign-in. The flag is written by the owner role in its own transaction (committed here);
    the audit event is recorded in the caller's."""
    email = accounts.check_email(email)
    password_hash = accounts.new_password_hash(password, email=email, full_name=full_name)
    user_id = provision_platform_admin(email, full_name.strip(), password_hash)
    with as_person(user_id):
        audit.record("platform_admin_created", "user", user_id, tenant=False)
    return user_id


def provision_platform_admin(email: str, full_name: str, password_hash: str) -> uuid.UUID:
    """As the owner role: insert the platform admin, or make an existing person the platform admin
    (active, with this password). Commits on its own connection; returns the person's id."""
    users = User.__table__
    url = make_url(current_app.config["DATABASE_OWNER_URL"]).set(drivername="postgresql+psycopg2")
    engine = create_engine(url, poolclass=pool.NullPool)
    try:
        with engine.begin() as conn:
            with login_lookup(conn, email):
                user_id = conn.execute(select(users.c.id).where(users.c.email == email)).scalar()
            if user_id is None:
                user_id = uuid.uuid4()
                with creating_user(conn, user_id):
                    conn.execute(users.insert().values(
                        id=user_id, email=email, full_name=full_name, password_hash=password_hash,
                        password_changed_at=utcnow(), is_platform_admin=True, is_active=True,
                        created_at=utcnow()))
            else:
                person_scope_on(conn, user_id)
                conn.execute(users.update().where(users.c.id == user_id).values(
                    password_hash=password_hash, password_changed_at=utcnow(),
                    is_platform_admin=True, is_active=True))
    finally:
        engine.dispose()
    return user_id
