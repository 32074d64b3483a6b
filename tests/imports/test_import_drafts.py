"""A staff file nobody confirms keeps no personal data (152-ФЗ ст. 5 ч. 7): after
TEACHER_IMPORT_DRAFT_HOURS the hourly sweeper clears its file and the values of its rows, in its own
school's scope; a younger draft and a confirmed import are left alone."""
from __future__ import annotations

from sqlalchemy import text

from tests.imports.files import ROWS, csv_bytes, import_id_of, upload
from tests.support.jobs import drain_jobs


def _state(inspector, import_id) -> tuple:
    with inspector.connect() as conn:
        return conn.execute(text(
            "SELECT status, content IS NULL, report::text LIKE '%\"data\"%' FROM teacher_imports WHERE id = :i"),
            {"i": import_id}).one()


def _age(inspector, import_id, hours: int) -> None:
    with inspector.begin() as conn:
        conn.execute(text("UPDATE teacher_imports SET created_at = now() - make_interval(hours => :h) WHERE id = :i"),
                     {"h": hours, "i": import_id})


def _sweep(app) -> None:
    from tenants.scope import TenantScope
    from tenants.switches import system_job_scope
    from worker.cron_config import JOBS
    from worker.queue import enqueue_now

    assert ("expire-teacher-import-drafts", "app.teachers.jobs:sweep_stale_drafts") in [(j[0], j[1]) for j in JOBS]
    with app.app_context():
        enqueue_now("app.teachers.jobs.sweep_stale_drafts", scope=TenantScope.from_dict(system_job_scope()))
    drain_jobs(app)


def test_a_draft_nobody_confirms_is_cleared_after_72_hours_in_every_school(app, world, clients, inspector):
    old_a = import_id_of(upload(clients("a_admin"), "school-a", csv_bytes(rows=ROWS)))
    old_b = import_id_of(upload(clients("b_admin"), "school-b", csv_bytes(rows=ROWS)))
    young = import_id_of(upload(clients("a_admin"), "school-a", csv_bytes(rows=ROWS)))
    assert _state(inspector, old_a) == ("draft", False, True)
    _age(inspector, old_a, 73)
    _age(inspector, old_b, 73)
    _age(inspector, young, 71)
    _sweep(app)
    assert _state(inspector, old_a) == ("expired", True, False)
    assert _state(inspector, old_b) == ("expired", True, False)
    assert _state(inspector, young) == ("draft", False, True)
    page = clients("a_admin").get(f"/school-a/teachers/import/{old_a}").get_data(as_text=True)
    assert "не был подтверждён вовремя" in page
    with inspector.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM teachers")).scalar_one() == 0  # nothing was imported
        assert conn.execute(text("SELECT count(*) FROM audit_events WHERE action = 'expire'")).scalar_one() == 2
    _sweep(app)  # idempotent: nothing left to clear
    with inspector.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_events WHERE action = 'expire'")).scalar_one() == 2


def test_an_expired_draft_cannot_be_confirmed(app, world, clients, inspector):
    from tests.imports.files import confirm

    admin = clients("a_admin")
    import_id = import_id_of(upload(admin, "school-a", csv_bytes(rows=ROWS)))
    _age(inspector, import_id, 100)
    _sweep(app)
    confirm(admin, "school-a", import_id)
    assert _state(inspector, import_id)[0] == "expired"
    with inspector.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM teachers")).scalar_one() == 0
