"""Enqueueing: only after the transaction that recorded the intent commits, with the tenant scope in
``job.meta``, JSON serialization, deterministic ids where a job must not run twice, and retries.

When REDIS_URL is unset (the embedded default) the queue is synchronous: the same jobs run
in-process right after the commit (RQ ignores ``Retry`` there; failures are still recorded).
The worker package imports nothing of ``app``: the Redis connection and the database session are
the Flask app's extensions, read from ``current_app``.

Enqueueing after the commit can fail (Redis down or unreachable): the change is committed by then, so
the failure is logged and never raised into the request. A job enqueued after commit therefore must
have its intent recorded in PostgreSQL by the transaction that committed, with a sweeper that finds
what is due and enqueues it again under the same deterministic job id (the outbox: app/mail/jobs.py
``sweep_outbox``, run by the cron table and at every worker start).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import current_app
from rq import Queue, Retry
from rq.job import JobStatus
from rq.registry import StartedJobRegistry
from rq.serializers import JSONSerializer
from sqlalchemy import event
from sqlalchemy.orm import Session

from tenants.scope import TenantScope, require_scope

SCOPE_META_KEY = "tenant_scope"
_PENDING_KEY = "nastavnik_pending_jobs"
# The retry policy of the configuration (JOB_RETRIES, JOB_RETRY_INTERVALS), unless a job names its own.
CONFIGURED = object()
# A job with a deterministic id that is on its way or done is not enqueued again.
_ON_ITS_WAY = (JobStatus.QUEUED, JobStatus.STARTED, JobStatus.SCHEDULED, JobStatus.DEFERRED, JobStatus.FINISHED)

log = logging.getLogger(__name__)


def configured_retry() -> Retry | None:
    cfg = current_app.config
    retries = int(cfg.get("JOB_RETRIES", 3))
    return Retry(max=retries, interval=list(cfg.get("JOB_RETRY_INTERVALS", [10, 60, 300]))) if retries else None


@dataclass
class PendingJob:
    func: object  # a job function or its dotted import path
    args: tuple
    scope: TenantScope
    job_id: str | None
    retry: object


def get_queue() -> Queue:
    return Queue(current_app.config["RQ_QUEUE"], connection=current_app.extensions["redis"],
                 serializer=JSONSerializer, is_async=bool(current_app.extensions.get("redis_is_real")))


def enqueue_now(func, *args, scope: TenantScope, job_id: str | None = None, retry=CONFIGURED):
    """Enqueue now; raises when Redis cannot be reached (callers after a commit catch it)."""
    queue = get_queue()
    if retry is CONFIGURED:
        retry = configured_retry()
    if job_id is not None:
        existing = queue.fetch_job(job_id)
        if existing is not None:
            if existing.get_status(refresh=True) in _ON_ITS_WAY:
                return existing  # the same work is already on its way or done
            existing.delete()  # failed or stopped: a fresh job under the same id (out of the failed list)
    return queue.enqueue(func, *args, job_id=job_id, retry=retry,
                         meta={SCOPE_META_KEY: scope.as_dict()}, failure_ttl=30 * 24 * 3600)


def recover_abandoned() -> None:
    """RQ's clean-up of jobs whose worker died in the middle (SIGKILL, a lost machine): a job whose
    heartbeat expired is retried while it has retries left, else moved to the failed jobs. Workers run
    it every 10 minutes; the outbox sweeper runs it every minute."""
    queue = get_queue()
    if queue.is_async and queue.acquire_maintenance_lock():
        try:
            StartedJobRegistry(queue=queue).cleanup()
        finally:
            queue.release_maintenance_lock()


def enqueue_after_commit(func, *args, session: Session | None = None, scope: TenantScope | None = None,
                         job_id: str | None = None, retry=CONFIGURED) -> None:
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
            try:
                enqueue_now(job.func, *job.args, scope=job.scope, job_id=job.job_id, retry=job.retry)
            except Exception as exc:
                # Committed already: raising would show an error page for a change that was made. The
                # intent is in PostgreSQL; the sweeper enqueues it when the queue is back.
                name = job.func if isinstance(job.func, str) else getattr(job.func, "__qualname__", job.func)
                log.warning("job %s (%s) not enqueued after commit (%s: %s); its sweeper will enqueue it",
                            job.job_id or "-", name, type(exc).__name__, exc)

    @event.listens_for(session_class, "after_soft_rollback")
    def _drop_pending(session: Session, previous_transaction) -> None:
        if not session.in_transaction():
            session.info.pop(_PENDING_KEY, None)
