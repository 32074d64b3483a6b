"""Restoring a job's tenant scope and application context inside the worker."""
from __future__ import annotations

import functools
import importlib
import os

from flask import current_app, has_app_context
from rq import get_current_job

from tenants.scope import TenantScopeMissing
from tenants.switches import restored
from worker.queue import SCOPE_META_KEY

# The application the worker runs, named by import path (the worker imports no feature).
APP_FACTORY = os.environ.get("NASTAVNIK_APP_FACTORY", "app:create_app")
_worker_app = None


def _app():
    global _worker_app
    if has_app_context():
        return current_app._get_current_object()
    if _worker_app is None:
        module, _, name = APP_FACTORY.partition(":")
        _worker_app = getattr(importlib.import_module(module), name)()
    return _worker_app


class KeepAndRetry(Exception):
    """Raised by a job that recorded its failed attempt: the record is committed, then RQ retries."""


def job_scope() -> dict:
    job = get_current_job()
    data = job.meta.get(SCOPE_META_KEY) if job is not None else None
    if not data:
        raise TenantScopeMissing("a job must declare its tenant scope")
    return data


def scoped_job(func):
    """Run the job body in its own app context (a fresh DB session) under the scope it carries;
    commit on success, roll back on failure so RQ can retry (``KeepAndRetry``: commit what the job
    recorded about its attempt, then fail)."""

    @functools.wraps(func)
    def run(*args, **kwargs):
        scope = job_scope()
        app = _app()
        with app.app_context():
            session = current_app.extensions["sqlalchemy"].session
            with restored(scope):
                try:
                    result = func(*args, **kwargs)
                    session.commit()
                    return result
                except KeepAndRetry:
                    session.commit()
                    raise
                except Exception:
                    session.rollback()
                    raise
                finally:
                    session.remove()

    return run
