"""Job functions used by tests/test_jobs.py; importable by the worker by dotted path."""
from __future__ import annotations

from sqlalchemy import func, select

from worker.context import scoped_job


@scoped_job
def visible_memberships() -> dict:
    """Report the scope the worker restored and what it can see under it."""
    from app.core.extensions import db
    from app.orgs.models import Membership
    from tenants.scope import current_scope

    scope = current_scope()
    orgs = sorted(str(o) for o in db.session.scalars(select(Membership.org_id).distinct()))
    return {"org_id": str(scope.org_id), "orgs": orgs,
            "count": db.session.scalar(select(func.count()).select_from(Membership))}


@scoped_job
def flaky(key: str) -> int:
    """Fails on its first run and succeeds on the second (the attempt count lives in Redis)."""
    from app.core.redis import redis_client

    attempt = redis_client().incr(key)
    if attempt < 2:
        raise RuntimeError(f"attempt {attempt} fails on purpose")
    return attempt
