"""Destruction on a fixed clock (152-ФЗ ст. 21 ч. 5): nothing is destroyed before day 30 after the
withdrawal; on day 30 the daily sweeper finds the consent through its narrow path, the job destroys in
the school's scope what the purpose alone covered (the teacher record's mentoring data for
``processing``, the registered destroyers for the others), marks the consent and keeps the act (DOCX
with the extract of the event log); a re-run does nothing. The fact of the consent and its withdrawal
stays in the ledger."""
from __future__ import annotations

import uuid
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.consents.helpers import docx_text, in_school
from tests.support.database import db_urls
from tests.support.jobs import drain_jobs
from tests.support.mentoring import add_consent, add_world_teacher

WITHDRAWN = datetime(2026, 3, 10, 9, 30, tzinfo=timezone.utc)
DAY_29, DAY_30 = date(2026, 4, 8), date(2026, 4, 9)
CALLS: list[uuid.UUID] = []


def _questionnaire_destroyer(teacher_id: uuid.UUID) -> list[str]:
    """What another feature (the mentor bank) registers for the mentor's consent."""
    CALLS.append(teacher_id)
    return ["Анкета потенциального наставника: компетенции, темы"]


@pytest.fixture
def withdrawn(app, world):
    """a_teacher's record with mentoring data, processing and mentor consents withdrawn on WITHDRAWN."""
    from app.consents import effects, services
    from app.consents.models import Purpose
    from app.teachers.models import Category

    effects.destroys(Purpose.mentor_duty)(_questionnaire_destroyer)
    CALLS.clear()
    teacher_id = add_world_teacher(app, world, "a_teacher", "A", phone="+7 900 000-00-00", position="учитель химии",
                                   birth_date=date(1995, 1, 2), experience_since=date(2019, 9, 1),
                                   category=Category.first, subjects=["химия", "биология"])
    given = datetime(2026, 1, 15, 10, 0, tzinfo=timezone.utc)
    ids = [add_consent(app, world.orgs["A"], teacher_id, purpose, given_at=given)
           for purpose in ("processing", "mentor_duty")]
    add_consent(app, world.orgs["A"], teacher_id, "pair_duty", given_at=given)  # stays
    with in_school(app, world, "A", "a_teacher") as session:
        for consent_id in ids:
            services.withdraw_own(consent_id, now=WITHDRAWN)
        session.commit()
    return teacher_id, ids


def _sweep(app, day: date) -> int:
    from app.consents import destruction
    from app.core.extensions import db
    from tenants.switches import unscoped

    with app.app_context(), unscoped("test: the daily sweeper"):
        found = destruction.sweep(day)
        db.session.commit()
        db.session.remove()
    drain_jobs(app)
    return found


def _state(inspector, teacher_id):
    with inspector.connect() as conn:
        teacher = conn.execute(text("SELECT * FROM teachers WHERE id = :t"), {"t": teacher_id}).one()
        consents = conn.execute(text("SELECT purpose, withdrawn_at, destroyed_at FROM consents WHERE teacher_id = :t "
                                     "ORDER BY purpose"), {"t": teacher_id}).all()
        acts = conn.execute(text("SELECT * FROM consent_destruction_acts ORDER BY created_at")).all()
    return teacher, consents, acts


def test_nothing_is_destroyed_before_day_30(app, world, withdrawn, inspector):
    teacher_id, _ = withdrawn
    assert _sweep(app, DAY_29) == 0
    teacher, consents, acts = _state(inspector, teacher_id)
    assert teacher.phone and teacher.birth_date and teacher.subjects
    assert all(c.destroyed_at is None for c in consents) and acts == [] and CALLS == []


def test_on_day_30_what_is_not_covered_is_destroyed_and_the_act_is_kept(app, world, withdrawn, inspector, clients):
    teacher_id, (processing_id, mentor_id) = withdrawn
    assert _sweep(app, DAY_30) == 2
    teacher, consents, acts = _state(inspector, teacher_id)
    # The processing consent: the record's mentoring data go, the HR data (name, position, e-mail) stay.
    assert (teacher.phone, teacher.birth_date, teacher.experience_since) == (None, None, None)
    assert teacher.category == "none" and teacher.subjects == []
    assert teacher.last_name == "Person" and teacher.position == "учитель химии" and teacher.email
    # The mentor's consent: the destroyer the bank registered ran for this person.
    assert CALLS == [teacher_id]
    by_purpose = {c.purpose: c for c in consents}
    assert by_purpose["processing"].destroyed_at and by_purpose["mentor_duty"].destroyed_at
    assert by_purpose["pair_duty"].withdrawn_at is None and by_purpose["pair_duty"].destroyed_at is None
    assert {a.consent_id for a in acts} == {processing_id, mentor_id}
    processing_act = next(a for a in acts if a.consent_id == processing_id)
    assert "Реестр педагогов: номер телефона" in processing_act.lines
    document = docx_text(bytes(processing_act.content))
    for expected in ("АКТ", "об уничтожении персональных данных", "Organization A", "09.04.2026",
                     "Субъект персональных данных: Person a_teacher", "обработка персональных данных в системе "
                     "наставничества", "отзыв согласия субъектом персональных данных 10.03.2026",
                     "ч. 5 ст. 21", "номер телефона", "дата рождения", "преподаваемые предметы",
                     "Способ уничтожения:", "Дата уничтожения: 09.04.2026", "Председатель комиссии:",
                     "кадровые сведения"):
        assert expected in document, expected
    # The extract of the event log, as a table: the giving-back, the withdrawal and the destruction.
    assert "Дата и время (UTC) | Кто | Действие | Объект" in document
    assert document.count("Person a_teacher |") >= 2 and "система |" in document
    mentor_act = next(a for a in acts if a.consent_id == mentor_id)
    assert "Анкета потенциального наставника: компетенции, темы" in docx_text(bytes(mentor_act.content))
    with inspector.connect() as conn:
        destroyed = conn.execute(text("SELECT count(*) FROM audit_events WHERE action = 'destroy'")).scalar()
    assert destroyed == 2
    # The curator downloads the act; another school gets 404 with the exact address.
    download = clients("a_curator").get(f"/school-a/consents/acts/{processing_act.id}")
    assert download.status_code == 200 and download.data == bytes(processing_act.content)
    assert clients("b_admin").get(f"/school-b/consents/acts/{processing_act.id}").status_code == 404


def test_a_rerun_does_nothing(app, world, withdrawn, inspector):
    from app.consents import destruction

    teacher_id, (processing_id, _) = withdrawn
    _sweep(app, DAY_30)
    before = _state(inspector, teacher_id)
    assert _sweep(app, date(2026, 5, 1)) == 0
    with in_school(app, world) as session:
        assert destruction.destroy(processing_id, date(2026, 5, 1)) is None
        session.commit()
    after = _state(inspector, teacher_id)
    assert [a.id for a in after[2]] == [a.id for a in before[2]] and after[1] == before[1]
    assert CALLS == [teacher_id]


def test_a_consent_given_again_covers_the_data_and_nothing_is_destroyed(app, world, withdrawn, inspector):
    from datetime import timedelta

    teacher_id, (processing_id, _) = withdrawn
    add_consent(app, world.orgs["A"], teacher_id, "processing", given_at=WITHDRAWN + timedelta(days=3))
    _sweep(app, DAY_30)
    teacher, _, acts = _state(inspector, teacher_id)
    assert teacher.phone and teacher.subjects == ["химия", "биология"]
    act = next(a for a in acts if a.consent_id == processing_id)
    assert act.lines and "не уничтожались" in act.lines[0]


def test_the_sweepers_narrow_path_gives_ids_and_scopes_of_due_consents_only(app, world, withdrawn):
    """As the app role without any scope: no consent is visible, the function gives ids and scopes only
    and only of consents due on the day."""
    engine = create_engine(make_url(db_urls()["DATABASE_URL"]).set(drivername="postgresql+psycopg2"))
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM consents")).scalar() == 0
            early = conn.execute(text("SELECT * FROM consents_due_for_destruction(:d, 100)"), {"d": DAY_29}).all()
            due = conn.execute(text("SELECT * FROM consents_due_for_destruction(:d, 100)"), {"d": DAY_30})
            assert list(due.keys()) == ["id", "municipality_id", "org_id"]
            rows = due.all()
    finally:
        engine.dispose()
    assert early == [] and {r.id for r in rows} == set(withdrawn[1])
    assert {r.org_id for r in rows} == {world.orgs["A"].id}


def test_the_cron_tables_daily_sweep_runs_in_the_worker_and_destroys_what_is_due(app, world, withdrawn, inspector):
    """The daily system job of worker/cron_config.py, enqueued as the cron process does and run by a
    worker: today is long past the withdrawal's 30 days."""
    import worker.cron_config
    from app.core.redis import redis_client
    from worker.cron import JsonCronScheduler
    from worker.queue import get_queue

    with app.app_context():
        scheduler = JsonCronScheduler(connection=redis_client())
        scheduler.load_config_from_file(worker.cron_config.__file__)
        entry = next(job for job in scheduler._cron_jobs if job.name == "sweep-consent-destructions")
        job = entry.enqueue(redis_client())
    drain_jobs(app)  # the sweep, then the destruction jobs it enqueued
    drain_jobs(app)
    with app.app_context():
        assert get_queue().fetch_job(job.id).get_status(refresh=True) == "finished"
    _, consents, acts = _state(inspector, withdrawn[0])
    assert len(acts) == 2 and sum(1 for c in consents if c.destroyed_at) == 2
