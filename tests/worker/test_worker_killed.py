"""A worker killed in the middle of a job (issue 5 §4.3): the job runs again and its effect happens once.

A real `flask worker` process delivers an invitation to a real SMTP server that holds its answer to
the letter's DATA; while the work-horse waits for it, it is killed with SIGKILL. The letter's row is
locked and its attempt recorded in the one transaction that also marks it sent, so the kill rolls all
of it back (and PostgreSQL releases the lock); the job runs again and the letter is delivered exactly
once, and never again after its recorded success (at-least-once to SMTP remains only for a kill
between the server's «250» and the commit)."""
from __future__ import annotations

import os
import signal
import time
import uuid

import pytest
from rq.registry import StartedJobRegistry
from sqlalchemy import text

from tests.mail.test_outbox import _invite, _letters
from tests.support.servers import child_pids, pid_connected_to, wait_for

INVITEE = "interrupted@test-nastavnik.ru"


@pytest.fixture
def kill_app(make_app, redis_server, smtp_server):
    # Retries at once (no scheduler needed to bring the job back).
    return make_app(REDIS_URL=redis_server.url, MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1",
                    MAIL_PORT=smtp_server.port, JOB_RETRY_INTERVALS=[0, 0, 0], OUTBOX_SWEEP_GRACE_SECONDS=0)


def _outbox_locks(inspector) -> int:
    with inspector.connect() as conn:
        return conn.execute(text(
            "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
            "AND c.relname = 'outbound_emails' AND l.mode = 'RowShareLock'")).scalar_one()


def _in_the_middle_of_sending(smtp_server, worker) -> None:
    smtp_server.state.hold.set()
    wait_for(smtp_server.state.data_arrived.is_set, timeout=60,
             what=lambda: f"the letter's DATA at the SMTP server; worker log:\n{worker.log()}")


def _let_the_server_answer(smtp_server) -> None:
    smtp_server.state.hold.clear()
    smtp_server.state.release.set()


def _delivered_once_and_never_again(kill_app, smtp_server, inspector, worker) -> None:
    from app.core.extensions import db
    from app.mail import services
    from tenants.switches import scope_for_job, unscoped
    from worker.queue import enqueue_now

    wait_for(lambda: [m for m in smtp_server.delivered if INVITEE in m.rcpt_to], timeout=60,
             what=lambda: f"the letter delivered; worker log:\n{worker.log()}")
    assert [m.rcpt_to for m in smtp_server.state.unanswered] == [[INVITEE]]  # the interrupted attempt
    (row,) = wait_for(lambda: [r for r in _letters(inspector) if r.sent_at is not None], timeout=30,
                      what="the letter marked sent")
    assert row.attempts == 1  # the killed attempt was rolled back with its transaction
    # Never twice after a recorded success: the same job again under another id, and a sweep.
    with kill_app.app_context():
        again = enqueue_now(services.DELIVERY_JOB, str(row.id), job_id=f"again-{uuid.uuid4()}",
                            scope=scope_for_job(municipality_id=row.municipality_id, org_id=row.org_id))
        with unscoped("test: a sweep"):
            services.sweep()
            db.session.commit()
            db.session.remove()
    wait_for(lambda: again.get_status(refresh=True) == "finished", timeout=60, what="the repeated job")
    assert again.return_value() is False
    time.sleep(0.5)
    assert len([m for m in smtp_server.delivered if INVITEE in m.rcpt_to]) == 1


def test_a_job_whose_worker_was_killed_runs_again_and_its_letter_is_sent_once(
        kill_app, world, redis_server, smtp_server, inspector, start_worker):
    from worker.queue import get_queue

    _invite(kill_app, world, "A", INVITEE)
    worker = start_worker(kill_app)
    _in_the_middle_of_sending(smtp_server, worker)
    assert _outbox_locks(inspector) == 1  # the attempt holds the letter's row
    worker.kill()  # the worker and its work-horse, at once: nothing of RQ's shutdown runs
    _let_the_server_answer(smtp_server)
    wait_for(lambda: _outbox_locks(inspector) == 0, timeout=30,
             what="PostgreSQL ending the dead worker's transaction and releasing the letter's row")
    with kill_app.app_context():
        queue = get_queue()
        (job_id,) = StartedJobRegistry(queue=queue).get_job_ids(cleanup=False)  # abandoned, still «started»
        # RQ's abandoned-job clean-up (every worker's maintenance, and the outbox sweep's
        # recover_abandoned) takes a job whose heartbeat expired; the heartbeat lasts at least 60 s
        # after the worker's last one, so the clean-up runs here with its clock two minutes ahead.
        StartedJobRegistry(queue=queue).cleanup(timestamp=time.time() + 120)
        assert queue.fetch_job(job_id).get_status(refresh=True) == "queued"  # retried: it had retries left
    worker = start_worker(kill_app)
    _delivered_once_and_never_again(kill_app, smtp_server, inspector, worker)


def test_a_killed_work_horse_is_retried_by_its_worker_and_its_letter_is_sent_once(
        kill_app, world, redis_server, smtp_server, inspector, start_worker):
    _invite(kill_app, world, "A", INVITEE)
    worker = start_worker(kill_app)
    _in_the_middle_of_sending(smtp_server, worker)
    horse = pid_connected_to(smtp_server.port, child_pids(worker.process.pid))
    assert horse is not None, child_pids(worker.process.pid)
    os.kill(horse, signal.SIGKILL)  # as the kernel's OOM killer would
    _let_the_server_answer(smtp_server)
    _delivered_once_and_never_again(kill_app, smtp_server, inspector, worker)


def test_a_letter_whose_killed_job_had_no_retries_left_is_sent_once_by_the_sweep(
        make_app, redis_server, smtp_server, world, inspector, start_worker):
    from app.core.extensions import db
    from app.mail import services
    from tenants.switches import unscoped
    from worker.queue import get_queue

    app = make_app(REDIS_URL=redis_server.url, MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1",
                   MAIL_PORT=smtp_server.port, JOB_RETRIES=0, OUTBOX_SWEEP_GRACE_SECONDS=0)
    _invite(app, world, "A", INVITEE)
    worker = start_worker(app)
    _in_the_middle_of_sending(smtp_server, worker)
    worker.kill()
    _let_the_server_answer(smtp_server)
    with app.app_context():
        queue = get_queue()
        (job_id,) = StartedJobRegistry(queue=queue).get_job_ids(cleanup=False)
        StartedJobRegistry(queue=queue).cleanup(timestamp=time.time() + 120)  # see the test above
        assert queue.fetch_job(job_id).get_status(refresh=True) == "failed"  # RQ alone would stop here
        with unscoped("test: the sweep, as the cron table runs it every minute"):
            assert services.sweep() == 1
            db.session.commit()
            db.session.remove()
        assert queue.fetch_job(job_id).get_status(refresh=True) == "queued"  # the same id, again
    worker = start_worker(app)
    _delivered_once_and_never_again(app, smtp_server, inspector, worker)
