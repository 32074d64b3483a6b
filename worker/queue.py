"""Enqueueing: only after the transaction that recorded the intent commits, with the tenant scope in
``job.meta``, JSON serialization, deterministic ids where a job must not run twice, and retries.

When REDIS_URL is unset (the embedded default) the queue is synchronous: the same jobs run
in-process right after the commit (RQ ignores ``Retry`` there; failures are still recorded).
The worker package imports nothing of ``app``: the Redis connection and the database session are
the Flask app's extensions, read from ``current_app``.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from rq import Queue, Retry
from rq.serializers import JSONSerializer
from sqlalchemy import event
from sqlalchemy.orm import Session

from tenants.scope import TenantScope, require_scope

SCOPE_META_KEY = "tenant_scope"
DEFAULT_RETRY = Retry(max=3, interval=[10, 60, 300])
_PENDING_KEY = "nastavnik_pending_jobs"


@dataclass
class PendingJob:
    func: object  # a job function or its dotted import path
    args: tuple
    scope: TenantScope
    job_id: str | None
    retry: Retry | None


def get_queue() -> Queue:
    return Queue(current_app.config["RQ_QUEUE"], connection=current_app.extensions["redis"],
                 serializer=JSONSerializer, is_async=bool(current_app.extensions.get("redis_is_real")))


def enqueue_now(func, *args, scope: TenantScope, job_id: str | None = None,
                retry: Retry | None = DEFAULT_RETRY):
    queue = get_queue()
    if job_id is not None:
        existing = queue.fetch_job(job_id)
        if existing is not None and existing.get_status(refresh=True) in ("queued", "started", "scheduled",
                                                                          "deferred", "finished"):
            return existing  # the same work is already on its way or done
    return queue.enqueue(func, *args, job_id=job_id, retry=retry,
                         meta={SCOPE_META_KEY: scope.as_dict()}, failure_ttl=30 * 24 * 3600)


def enqueue_after_commit(func, *args, session: Session | None = None, scope: TenantScope | None = None,
                         job_id: str | None = None, retry: Retry | None = DEFAULT_RETRY) -> None:
    """Remember the job on the session; it is enqueued when (and only if) the transaction commits."""
    session = session or current_app.extensions["sqlalchemy"].session()
    session.connection()  # make sure a transaction is open, so its commit fires the hook
    pending = session.info.setdefault(_PENDING_KEY, [])
    pending.append(PendingJob(func, args, scope or require_scope(), job_id, retry))


def install(session_class=Session) -> None:
    @event.listens_for(session_class, "after_commit")
    def _enqueue_pending(session: Session) -> None:
        pending = session.info.pop(_PENDING_KEY, [])
        for job in pending:
            enqueue_now(job.func, *job.args, scope=job.scope, job_id=job.job_id, retry=job.retry)

    @event.listens_for(session_class, "after_soft_rollback")
    def _drop_pending(session: Session, previous_transaction) -> None:
        if not session.in_transaction():
            session.info.pop(_PENDING_KEY, None)
