"""Restoring a job's tenant scope and application context inside the worker."""
from __future__ import annotations

import functools

from flask import current_app, has_app_context
from rq import get_current_job

from tenants.scope import TenantScope, TenantScopeMissing, tenant_scope
from worker.queue import SCOPE_META_KEY

_worker_app = None


def _app():
    global _worker_app
    if has_app_context():
        return current_app._get_current_object()
    if _worker_app is None:
        from app import create_app

        _worker_app = create_app()
    return _worker_app


def job_scope() -> TenantScope:
    job = get_current_job()
    data = job.meta.get(SCOPE_META_KEY) if job is not None else None
    if not data:
        raise TenantScopeMissing("a job must declare its tenant scope")
    return TenantScope.from_dict(data)


def scoped_job(func):
    """Run the job body in its own app context (a fresh DB session) under the scope it carries;
    commit on success, roll back on failure so RQ can retry."""

    @functools.wraps(func)
    def run(*args, **kwargs):
        scope = job_scope()
        app = _app()
        with app.app_context():
            from app.extensions import db

            with tenant_scope(scope):
                try:
                    result = func(*args, **kwargs)
                    db.session.commit()
                    return result
                except Exception:
                    db.session.rollback()
                    raise
                finally:
                    db.session.remove()

    return run
