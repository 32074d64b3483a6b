"""Failed jobs for the platform admin: what failed and why, never the tenant data in its arguments.

The list lives in Redis; when Redis cannot be reached the page says so (``QueueUnavailable``) and
still shows the failed letters, which live in PostgreSQL (app/mail/services.py ``failed_letters``)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from redis.exceptions import RedisError
from rq.exceptions import InvalidJobOperation, NoSuchJobError
from rq.job import Job
from rq.registry import FailedJobRegistry

from worker.queue import get_queue


@dataclass
class FailedJob:
    id: str
    function: str
    error: str
    failed_at: datetime | None
    retries_left: int | None


class QueueUnavailable(Exception):
    """Redis cannot be reached: the failed jobs cannot be listed or retried now."""


def listing(limit: int = 100) -> list[FailedJob]:
    try:
        return _listing(limit)
    except RedisError as exc:
        raise QueueUnavailable(str(exc)) from exc


def _listing(limit: int) -> list[FailedJob]:
    queue = get_queue()
    registry = FailedJobRegistry(queue=queue)
    ids = registry.get_job_ids(0, limit - 1)
    jobs = Job.fetch_many(ids, connection=queue.connection, serializer=queue.serializer)
    found = []
    for job in jobs:
        if job is None:
            continue
        error = (job.latest_result().exc_string if job.latest_result() else "") or ""
        last_line = error.strip().splitlines()[-1] if error.strip() else ""
        found.append(FailedJob(job.id, job.func_name, last_line.split(":")[0], job.ended_at, job.retries_left))
    return found


def retry(job_id: str) -> bool:
    try:
        FailedJobRegistry(queue=get_queue()).requeue(job_id)
    except (NoSuchJobError, InvalidJobOperation):
        return False
    except RedisError as exc:
        raise QueueUnavailable(str(exc)) from exc
    return True
