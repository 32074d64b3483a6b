"""Periodic jobs of accounts (the cron table in worker/cron_config.py names them by path)."""
from __future__ import annotations

from datetime import timedelta

from app.accounts import sessions, throttle
from app.core.models import utcnow
from worker.context import scoped_job


@scoped_job
def purge_sessions() -> int:
    """Forget sessions that ended more than a week ago, and the expired counters of the throttle's
    PostgreSQL fallback."""
    throttle.purge()
    return sessions.purge_older_than(utcnow() - timedelta(days=7))
