"""The outbox cannot lose a letter (issue 5 §4.1, §4.7): the row is the truth; the sweeper finds what is
due across tenants through its narrow path only; a letter is rendered by its delivery job; a password
reset request does the same work whoever the address belongs to."""
from __future__ import annotations

import re
import uuid

import pytest
from rq import Queue
from rq.serializers import JSONSerializer
from sqlalchemy import text

from tests.support.http import csrf_token, login, post
from tests.support.jobs import drain_jobs, letters_to
from tests.support.queries import QueryCounter


def _invite(app, world, org_key: str, email: str, full_name: str = "Новый Педагог"):
    from app.core.extensions import db
    from app.orgs import invitations
    from app.orgs.models import Organization
    from tenants.switches import acting_in

    org = world.orgs[org_key]
    with app.app_context(), acting_in(municipality_id=org.municipality_id, org_id=org.id, reason="test"):
        invitations.issue_invitation(db.session.get(Organization, org.id), email, full_name, ["teacher"])
        db.session.commit()
        db.session.remove()


def _letters(inspector, where: str = "true", **params) -> list:
    with inspector.connect() as conn:
        return conn.execute(text(f"SELECT * FROM outbound_emails WHERE {where} ORDER BY created_at"), params).all()


def _age(inspector, seconds: int = 120) -> None:
    """Make every undelivered letter older than the sweeper's grace period."""
    with inspector.begin() as conn:
        conn.execute(text("UPDATE outbound_emails SET created_at = created_at - make_interval(secs => :s) "
                          "WHERE sent_at IS NULL"), {"s": seconds})


def _sweep(app) -> int:
    from app.core.extensions import db
    from app.mail import services
    from tenants.switches import unscoped

    with app.app_context(), unscoped("test: the sweeper is a system job"):
        found = services.sweep()
        db.session.commit()
        db.session.remove()
    return found


@pytest.fixture
def outbox_app(make_app, redis_server):
    """An app with a real Redis of its own: jobs are queued, not run in-process at commit."""
    return make_app(REDIS_URL=redis_server.url)


# ------------------------------------------------------------------------------------ the sweeper


def test_the_sweeper_enqueues_each_due_letter_of_every_tenant_once_under_its_owners_scope(
        outbox_app, world, inspector):
    app = outbox_app
    from app.core.redis import redis_client
    from worker.queue import SCOPE_META_KEY, get_queue

    _invite(app, world, "A", "a.new@test-nastavnik.ru")
    _invite(app, world, "C", "c.new@test-nastavnik.ru")  # another municipality
    client = app.test_client()
    client.post("/password/forgot", data={"csrf_token": csrf_token(client, "/password/forgot"),
                                          "email": "nobody@test-nastavnik.ru"})
    with app.app_context():
        redis_client().flushdb()  # the enqueues after commit are lost, as if Redis had been down
    assert _sweep(app) == 0  # within the grace period: left to the enqueue after commit
    _age(inspector)
    assert _sweep(app) == 3
    letters = {row.id: row for row in _letters(inspector)}
    with app.app_context():
        queue = get_queue()
        jobs = {job.id: job for job in queue.jobs}
        assert set(jobs) == {f"email-{letter_id}" for letter_id in letters}
        for letter_id, row in letters.items():
            scope = jobs[f"email-{letter_id}"].meta[SCOPE_META_KEY]
            assert scope["org_id"] == (str(row.org_id) if row.org_id else None)
            assert scope["system"] is (row.org_id is None)  # the address letter: its narrow path
    assert _sweep(app) == 3  # still due, but on their way: no second job
    with app.app_context():
        assert get_queue().count == 3
    drain_jobs(app)
    assert _sweep(app) == 0  # delivered (or, for the unknown address, dropped)
    assert len(letters_to(app, "a.new@test-nastavnik.ru")) == 1
    assert len(letters_to(app, "c.new@test-nastavnik.ru")) == 1
    assert _letters(inspector, "to_address = 'nobody@test-nastavnik.ru'") == []


def test_a_given_up_letter_is_not_swept_and_the_platform_admin_can_send_it_again(outbox_app, world, inspector):
    app = outbox_app
    _invite(app, world, "A", "given.up@test-nastavnik.ru")
    (letter,) = _letters(inspector)
    with inspector.begin() as conn:
        conn.execute(text("UPDATE outbound_emails SET failed_at = now(), attempts = 10, "
                          "last_error = 'SMTPRecipientsRefused: 550 <recipient>: unknown', "
                          "created_at = created_at - interval '2 hours'"))
    assert _sweep(app) == 0
    admin = app.test_client()
    assert login(app, admin, world.people["platform_admin"]).status_code == 302
    page = admin.get("/platform/jobs").get_data(as_text=True)
    assert "orgs/invitation_letter.txt" in page and "550" in page and "given.up@" not in page
    response = post(admin, f"/platform/letters/{letter.id}/retry", token_from="/platform/jobs")
    assert response.status_code == 302
    assert _sweep(app) == 1
    drain_jobs(app)
    assert len(letters_to(app, "given.up@test-nastavnik.ru")) == 1
    assert post(admin, f"/platform/letters/{letter.id}/retry", token_from="/platform/jobs").status_code == 404


def test_the_sweepers_narrow_path_gives_ids_and_scopes_only_and_nothing_else_crosses_tenants(
        outbox_app, world, inspector, app_engine):
    _invite(outbox_app, world, "A", "a.new@test-nastavnik.ru")
    _age(inspector)
    with app_engine.connect() as conn:
        with conn.begin():
            assert conn.execute(text("SELECT count(*) FROM outbound_emails")).scalar_one() == 0  # no scope
            due = conn.execute(text("SELECT * FROM outbox_due(100, 30, 10)"))
            assert list(due.keys()) == ["id", "municipality_id", "org_id", "recipient_user_id"]
            assert len(due.all()) == 1
            failures = conn.execute(text("SELECT * FROM outbox_failures(100)"))
            assert "to_address" not in failures.keys() and "context" not in failures.keys()
    with inspector.connect() as conn:
        for function in ("outbox_due(integer,integer,integer)", "outbox_failures(integer)", "outbox_retry(uuid)"):
            assert conn.execute(text("SELECT has_function_privilege('public', :f, 'EXECUTE')"),
                                {"f": function}).scalar_one() is False, function
            assert conn.execute(text("SELECT prosecdef FROM pg_proc WHERE oid = CAST(:f AS regprocedure)"),
                                {"f": function}).scalar_one() is True


def test_a_letter_to_an_address_is_seen_only_by_whoever_names_its_id(app, world, inspector, app_engine):
    client = app.test_client()
    client.post("/password/forgot", data={"csrf_token": csrf_token(client, "/password/forgot"),
                                          "email": world.people["a_teacher"].email})
    (letter,) = _letters(inspector)
    a = world.orgs["A"]
    with app_engine.connect() as conn:
        with conn.begin():
            conn.execute(text("SELECT set_config('app.org_id', :o, true), set_config('app.user_id', :u, true)"),
                         {"o": str(a.id), "u": str(world.people["a_teacher"].id)})
            assert conn.execute(text("SELECT count(*) FROM outbound_emails")).scalar_one() == 0
            conn.execute(text("SELECT set_config('app.outbox_id', :i, true)"), {"i": str(uuid.uuid4())})
            assert conn.execute(text("SELECT count(*) FROM outbound_emails")).scalar_one() == 0
            conn.execute(text("SELECT set_config('app.outbox_id', :i, true)"), {"i": str(letter.id)})
            assert conn.execute(text("SELECT to_address FROM outbound_emails")).scalar_one() == letter.to_address


# ------------------------------------------------------------------------------- rendering at delivery


def _reset_statements(app, email: str) -> list[str]:
    from sqlalchemy import event

    from app.core.extensions import db

    client = app.test_client()
    token = csrf_token(client, "/password/forgot")
    counter = QueryCounter()
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", counter)
    try:
        response = client.post("/password/forgot", data={"csrf_token": token, "email": email})
    finally:
        event.remove(engine, "before_cursor_execute", counter)
    assert response.status_code == 302
    uuids = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
    return [uuids.sub("<id>", statement) for statement in counter.statements]


def test_a_password_reset_request_does_the_same_work_for_a_known_and_an_unknown_address(
        outbox_app, world, inspector):
    app = outbox_app
    known = _reset_statements(app, world.people["a_teacher"].email)
    unknown = _reset_statements(app, "nobody@test-nastavnik.ru")
    assert known == unknown  # the same statements, in the same order
    assert not any("FROM users" in statement for statement in known)  # no lookup of the account
    rows = _letters(inspector)
    assert [r.to_address for r in rows] == [world.people["a_teacher"].email, "nobody@test-nastavnik.ru"]
    for row in rows:  # the intent only: nothing rendered, no link, no recipient decided
        assert row.subject is None and row.body is None and row.recipient_user_id is None
        assert row.template == "accounts/password_reset_letter.txt" and row.builder
        assert "link" not in (row.context or {})
    assert len(letters_to(app, world.people["a_teacher"].email)) == 1
    assert letters_to(app, "nobody@test-nastavnik.ru") == []
    assert [r.to_address for r in _letters(inspector)] == [world.people["a_teacher"].email]


def test_a_letter_is_rendered_by_its_delivery_in_the_recipients_language(app, world, inspector):
    teacher = world.people["a_teacher"]
    with inspector.begin() as conn:
        conn.execute(text("UPDATE users SET locale = 'en' WHERE id = :u"), {"u": teacher.id})
    client = app.test_client()
    client.post("/password/forgot", data={"csrf_token": csrf_token(client, "/password/forgot"), "email": teacher.email})
    ((subject, body),) = letters_to(app, teacher.email)
    assert subject == "Password reset" and "Hello, Person a_teacher!" in body and "/password/reset/" in body
    (row,) = _letters(inspector)
    assert row.sent_at is not None and row.subject == "Password reset"
    assert row.context is None  # the one-time link is not kept once sent


def test_the_cron_table_enqueues_the_sweep_in_a_form_the_worker_runs(outbox_app, world):
    app = outbox_app
    import worker.cron_config
    from app.core.redis import redis_client
    from worker.cron import JsonCronScheduler
    from worker.queue import get_queue

    with app.app_context():
        scheduler = JsonCronScheduler(connection=redis_client())
        scheduler.load_config_from_file(worker.cron_config.__file__)
        sweep = next(job for job in scheduler._cron_jobs if job.name == "sweep-outbox")
        job = sweep.enqueue(redis_client())
        queue = get_queue()
        assert Queue(queue.name, connection=redis_client(), serializer=JSONSerializer).fetch_job(job.id) is not None
    drain_jobs(app)
    with app.app_context():
        job = get_queue().fetch_job(job.id)
        assert job.get_status(refresh=True) == "finished", job.latest_result().exc_string if job.latest_result() else ""
