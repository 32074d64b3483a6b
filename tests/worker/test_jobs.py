"""Jobs: enqueued after commit, scope carried in job.meta and restored by the worker, retries with a
real worker (SimpleWorker, burst) on Redis, deterministic ids, idempotent delivery of e-mail."""
from __future__ import annotations

import uuid
import pytest
from rq import Queue, Retry, SimpleWorker
from rq.job import JobStatus
from rq.serializers import JSONSerializer
from sqlalchemy import select

from tenants.scope import TenantScope, tenant_scope
from tests.support.http import post
from tests.support.jobs import letters_to, link_in
from tests.worker.jobs_fixtures import flaky, visible_memberships
from worker.queue import SCOPE_META_KEY, enqueue_after_commit, enqueue_now


@pytest.fixture
def queue(app_ctx):
    """An asynchronous queue on the test Redis (the real server in CI), drained by a real worker."""
    from app.core.redis import redis_client

    return Queue(f"test-{uuid.uuid4().hex[:8]}", connection=redis_client(), serializer=JSONSerializer)


def _work(queue: Queue) -> None:
    SimpleWorker([queue], connection=queue.connection, serializer=JSONSerializer).work(burst=True)


def _scope(world, key):
    org = world.orgs[key]
    return TenantScope(municipality_id=org.municipality_id, org_id=org.id)


def test_worker_restores_the_scope_the_job_was_enqueued_with(world, queue):
    job = queue.enqueue(visible_memberships, meta={SCOPE_META_KEY: _scope(world, "B").as_dict()})
    _work(queue)
    job.refresh()
    assert job.get_status() == JobStatus.FINISHED
    result = job.return_value()
    assert result["org_id"] == str(world.orgs["B"].id)
    assert result["orgs"] == [str(world.orgs["B"].id)]  # nothing of A or C in the job's output
    assert result["count"] == sum(1 for (_, org) in world.memberships if org == "B")


def test_a_job_without_a_declared_scope_fails(world, queue):
    job = queue.enqueue(visible_memberships)
    _work(queue)
    job.refresh()
    assert job.get_status() == JobStatus.FAILED
    assert "TenantScopeMissing" in job.latest_result().exc_string


def test_a_failing_job_is_retried_by_the_worker_until_it_succeeds(world, queue):
    key = f"test:flaky:{uuid.uuid4()}"
    job = queue.enqueue(flaky, key, retry=Retry(max=2, interval=0),
                        meta={SCOPE_META_KEY: _scope(world, "A").as_dict()})
    _work(queue)
    job.refresh()
    assert job.get_status() == JobStatus.FINISHED
    assert job.return_value() == 2
    assert int(queue.connection.get(key)) == 2


def test_jobs_are_enqueued_only_when_the_transaction_commits(app, world, queue, monkeypatch):
    from app.core.extensions import db
    import worker.queue as worker_queue

    monkeypatch.setattr(worker_queue, "get_queue", lambda: queue)
    with tenant_scope(_scope(world, "A")):
        enqueue_after_commit(visible_memberships)
        db.session.rollback()
        assert queue.count == 0
        enqueue_after_commit(visible_memberships)
        assert queue.count == 0  # not before the commit
        db.session.commit()
    assert queue.count == 1
    job = queue.jobs[0]
    assert job.meta[SCOPE_META_KEY]["org_id"] == str(world.orgs["A"].id)


def test_a_deterministic_job_id_is_enqueued_once(world, queue, monkeypatch):
    import worker.queue as worker_queue

    monkeypatch.setattr(worker_queue, "get_queue", lambda: queue)
    scope = _scope(world, "A")
    first = enqueue_now(visible_memberships, scope=scope, job_id="probe-a")
    second = enqueue_now(visible_memberships, scope=scope, job_id="probe-a")
    assert first.id == second.id == "probe-a"
    assert queue.count == 1


def test_invitation_email_is_delivered_once_even_if_the_job_runs_twice(app, world, queue, monkeypatch):
    from app.core.extensions import db
    from app.mail.models import OutboundEmail
    from app.orgs.models import Organization
    from app.orgs import invitations
    from app.mail.jobs import deliver_email
    import worker.queue as worker_queue

    monkeypatch.setattr(worker_queue, "get_queue", lambda: queue)
    scope = _scope(world, "A")
    with tenant_scope(scope):
        org = db.session.get(Organization, world.orgs["A"].id)
        invitations.issue_invitation(org, "new.teacher@test-nastavnik.ru", "Новый Педагог", ["teacher"])
        db.session.commit()
    assert queue.count == 1
    _work(queue)
    letters = letters_to(app, "new.teacher@test-nastavnik.ru")
    assert len(letters) == 1
    assert link_in(letters[0][1], "/invite/")
    with tenant_scope(scope):
        message = db.session.scalars(select(OutboundEmail)).one()
        assert message.sent_at is not None and message.body is None  # the one-time link is not kept
        message_id = str(message.id)
    db.session.remove()
    again = queue.enqueue(deliver_email, message_id, meta={SCOPE_META_KEY: scope.as_dict()})
    _work(queue)
    again.refresh()
    assert again.return_value() is False
    assert len(letters_to(app, "new.teacher@test-nastavnik.ru")) == 1


def test_platform_admin_sees_failed_jobs_and_retries_them(app, world, clients):
    from app.core.redis import redis_client
    from worker.queue import get_queue

    with app.app_context():
        real_queue = Queue(get_queue().name, connection=redis_client(), serializer=JSONSerializer)
        job = real_queue.enqueue(visible_memberships)  # no scope: it fails
        _work(real_queue)
        assert job.get_status(refresh=True) == JobStatus.FAILED
    admin = clients("platform_admin")
    html = admin.get("/platform/jobs").get_data(as_text=True)
    assert job.id in html and "visible_memberships" in html
    assert "TenantScopeMissing" in html
    response = post(admin, f"/platform/jobs/{job.id}/retry", token_from="/platform/jobs")
    assert response.status_code == 302
    with app.app_context():
        assert job.get_status(refresh=True) == JobStatus.QUEUED
    assert post(admin, f"/platform/jobs/{uuid.uuid4()}/retry", token_from="/platform/jobs").status_code == 404


def test_failed_jobs_page_is_not_for_tenant_staff(world, clients):
    assert clients("a_director").get("/platform/jobs").status_code == 404
