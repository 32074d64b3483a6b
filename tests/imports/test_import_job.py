"""The import's job: progress in PostgreSQL by batches, set-based writes (statements per batch do not grow
with the rows), idempotent (a finished import does nothing, a failed batch leaves nothing, a killed run
goes on from the last batch through the sweeper without duplicates)."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import text

from tests.imports.files import ROWS, confirm, csv_bytes, import_id_of, teachers_of, upload
from tests.support.jobs import drain_jobs

SLUG = "school-a"


def _rows(n: int, start: int = 0) -> list[list[str]]:
    return [[f"Учителева{i} Анна Петровна", "Учитель", "Математика", "первая", "4", "01.09.2020", "01.01.1990",
             f"teacher{i}@school.test", ""] for i in range(start, start + n)]


def _confirmed(client, data: bytes) -> str:
    import_id = import_id_of(upload(client, SLUG, data))
    assert confirm(client, SLUG, import_id).status_code == 302
    return import_id


def _row(inspector, import_id) -> dict:
    with inspector.connect() as conn:
        return dict(conn.execute(text("SELECT * FROM teacher_imports WHERE id = :id"), {"id": import_id}).one()._mapping)


def _run_one_job(app) -> None:
    from rq import SimpleWorker

    with app.app_context():
        from worker.queue import get_queue

        queue = get_queue()
        SimpleWorker([queue], connection=queue.connection, serializer=queue.serializer).work(burst=True, max_jobs=1)


@pytest.fixture
def batches_of(app):
    def set_size(size: int):
        app.config["TEACHER_IMPORT_BATCH_ROWS"] = size
    yield set_size
    app.config["TEACHER_IMPORT_BATCH_ROWS"] = 1000


def test_the_job_reports_its_progress_batch_by_batch(app, world, clients, inspector, batches_of):
    batches_of(2)
    client = clients("a_admin")
    import_id = _confirmed(client, csv_bytes(rows=_rows(5)))
    status_url = f"/{SLUG}/teachers/import/{import_id}/status"
    assert client.get(status_url).get_json() | {} == {"status": "queued", "processed": 0, "total": 5, "created": 0,
                                                      "updated": 0, "skipped": 0, "done": False}
    _run_one_job(app)
    status = client.get(status_url).get_json()
    assert (status["status"], status["processed"], status["total"], status["done"]) == ("running", 2, 5, False)
    assert len(teachers_of(inspector, world.orgs["A"].id)) == 2  # the batch is committed with its progress
    page = client.get(f"/{SLUG}/teachers/import/{import_id}").get_data(as_text=True)
    assert re.search(r'<progress id="import-progress"[^>]*max="5" value="2"', page)
    assert f'data-status-url="{status_url}"' in page and "teacher-import.js" in page
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page  # without the script
    drain_jobs(app)
    status = client.get(status_url).get_json()
    assert (status["status"], status["processed"], status["created"], status["done"]) == ("finished", 5, 5, True)
    assert "import-progress" not in client.get(f"/{SLUG}/teachers/import/{import_id}").get_data(as_text=True)


def _run_batch_counting(app, world, count_queries, import_id, offset=0):
    import uuid

    from app.core.extensions import db
    from app.teachers import imports
    from tenants.switches import acting_in

    org = world.orgs["A"]
    with app.test_request_context(), acting_in(municipality_id=org.municipality_id, org_id=org.id,
                                               user_id=world.people["a_admin"].id, reason="test: the job's batch"):
        with count_queries() as counter:
            assert imports.run_batch(uuid.UUID(import_id), offset)
            db.session.commit()
        db.session.remove()
    return counter.count


def test_the_statements_of_a_batch_do_not_grow_with_its_rows(app, world, clients, inspector, count_queries):
    """One key lookup, one INSERT and one UPDATE per batch, whatever the number of rows in it."""
    client = clients("a_admin")
    counts = {}
    for n, start in ((10, 0), (300, 1000)):
        first = _confirmed(client, csv_bytes(rows=_rows(n, start)))
        created = _run_batch_counting(app, world, count_queries, first)
        mixed = _rows(n // 2, start) + _rows(n - n // 2, start + 5000)  # half updates, half new records
        second = _confirmed(client, csv_bytes(rows=mixed))
        counts[n] = (created, _run_batch_counting(app, world, count_queries, second))
        assert _row(inspector, second)["updated_count"] == n // 2
    assert counts[10] == counts[300], counts
    assert counts[10][1] <= 14, counts
    drain_jobs(app)  # the jobs enqueued by the confirmations find their batches written: nothing changes
    assert len(teachers_of(inspector, world.orgs["A"].id)) == (10 + 5) + (300 + 150)


def test_a_finished_import_run_again_does_nothing(app, world, clients, inspector):
    import uuid

    from app.core.extensions import db
    from app.teachers import imports
    from tenants.switches import acting_in

    import_id = _confirmed(clients("a_admin"), csv_bytes())
    drain_jobs(app)
    before = _row(inspector, import_id)
    org = world.orgs["A"]
    with app.app_context(), acting_in(municipality_id=org.municipality_id, org_id=org.id, reason="test: rerun"):
        assert imports.run_batch(uuid.UUID(import_id), 0) is False
        assert imports.run_batch(uuid.UUID(import_id), 3) is False
        db.session.commit()
    assert _row(inspector, import_id) == before
    assert len(teachers_of(inspector, org.id)) == 3


def test_a_failed_batch_leaves_nothing_and_is_retried_then_given_up(app, world, clients, inspector, monkeypatch):
    import uuid

    from app.core.extensions import db
    from app.teachers import imports
    from tenants.switches import acting_in
    from worker.context import KeepAndRetry

    import_id = _confirmed(clients("a_admin"), csv_bytes())
    real_write = imports._write

    def write_then_fail(entries):
        real_write(entries)  # the rows are written, then the batch fails: its savepoint is rolled back
        raise RuntimeError("the connection broke")

    org = world.orgs["A"]
    monkeypatch.setattr(imports, "_write", write_then_fail)
    with app.app_context(), acting_in(municipality_id=org.municipality_id, org_id=org.id, reason="test: failure"):
        with pytest.raises(KeepAndRetry):
            imports.run_batch(uuid.UUID(import_id), 0)
        db.session.commit()  # what the job's wrapper does with KeepAndRetry: the attempt is kept
        db.session.remove()
    row = _row(inspector, import_id)
    assert (row["status"], row["processed"], row["attempts"]) == ("queued", 0, 1)
    assert "the connection broke" in row["last_error"]
    assert teachers_of(inspector, org.id) == []

    app.config["TEACHER_IMPORT_MAX_ATTEMPTS"] = 2
    try:
        with app.app_context(), acting_in(municipality_id=org.municipality_id, org_id=org.id, reason="test: failure"):
            assert imports.run_batch(uuid.UUID(import_id), 0) is False
            db.session.commit()
            db.session.remove()
    finally:
        app.config["TEACHER_IMPORT_MAX_ATTEMPTS"] = 5
    row = _row(inspector, import_id)
    assert (row["status"], row["attempts"]) == ("failed", 2) and teachers_of(inspector, org.id) == []
    monkeypatch.undo()
    drain_jobs(app)  # the enqueued job finds the import given up
    assert teachers_of(inspector, org.id) == []


def test_a_killed_run_is_swept_and_goes_on_without_duplicates(app, world, clients, inspector, batches_of):
    from app.core.extensions import db
    from app.teachers import imports
    from tenants.switches import unscoped
    from worker.cron_config import JOBS

    assert ("sweep-teacher-imports", "app.teachers.jobs:sweep_imports") in [(j[0], j[1]) for j in JOBS]
    batches_of(2)
    import_id = _confirmed(clients("a_admin"), csv_bytes(rows=_rows(5)))
    _run_one_job(app)
    with app.app_context():
        from worker.queue import get_queue

        get_queue().empty()  # the worker died: the next batch's job is lost
    with app.app_context(), unscoped("test: the sweeper"):
        assert imports.sweep() == 0  # a run that progressed a moment ago is left alone
        db.session.rollback()
    with inspector.connect() as conn:
        conn.execute(text("UPDATE teacher_imports SET progress_at = now() - interval '1 hour'"))
    with app.app_context(), unscoped("test: the sweeper"):
        assert imports.sweep() == 1
        db.session.rollback()
    drain_jobs(app)
    row = _row(inspector, import_id)
    assert (row["status"], row["processed"], row["created_count"]) == ("finished", 5, 5)
    assert len(teachers_of(inspector, world.orgs["A"].id)) == 5


def test_an_import_whose_enqueue_failed_is_swept(app, world, clients, inspector):
    import_id = _confirmed(clients("a_admin"), csv_bytes(rows=ROWS))
    with app.app_context():
        from worker.queue import get_queue

        get_queue().empty()  # Redis lost the job enqueued after the commit
    with inspector.connect() as conn:
        conn.execute(text("UPDATE teacher_imports SET progress_at = progress_at - :d"), {"d": timedelta(hours=1)})
    from tests.support.jobs import drain_jobs as drain

    with app.app_context():
        from worker.queue import enqueue_now
        from tenants.switches import system_job_scope
        from tenants.scope import TenantScope

        enqueue_now("app.teachers.jobs.sweep_imports", scope=TenantScope.from_dict(system_job_scope()))
    drain(app)
    assert _row(inspector, import_id)["status"] == "finished"
