"""The curator's overview «Согласия»: every active teacher × purpose with its state (given in the app,
on paper, withdrawn, missing) and the number of transfers, the filter «lacks processing», keyset pages,
counts capped, one statement for the rows of a page whatever the school's size (10 vs 2,000 teachers),
and the count for the curator's home page."""
from __future__ import annotations

import re
from datetime import date

from sqlalchemy import text

from tests.consents.helpers import PDF, in_school
from tests.support.mentoring import add_consent, add_teacher

GROWN = 2000
NUMBERED = ("(SELECT *, row_number() OVER (ORDER BY sort_name) r FROM teachers "
            "WHERE last_name LIKE 'Выросшая%') t")


def _grow(inspector, world, n: int) -> None:
    """n more teachers of school A, every other with a processing consent, every third with a mentor's
    consent withdrawn (a superuser's bulk insert: the test is about reading them)."""
    org = world.orgs["A"]
    with inspector.begin() as conn:
        conn.execute(text(
            "INSERT INTO consent_texts (id, municipality_id, org_id, purpose, version, title, body) "
            "SELECT gen_random_uuid(), :m, :o, p, 1, 'Т', 'Т' FROM unnest(ARRAY['processing', 'mentor_duty']) p "
            "ON CONFLICT DO NOTHING"), {"m": org.municipality_id, "o": org.id})
        conn.execute(text(
            "INSERT INTO teachers (id, municipality_id, org_id, last_name, first_name, sort_name, is_active) "
            "SELECT gen_random_uuid(), :m, :o, 'Выросшая' || lpad(g::text, 5, '0'), 'Мария', "
            "'выросшая' || lpad(g::text, 5, '0') || ' мария', true FROM generate_series(1, :n) g"),
            {"m": org.municipality_id, "o": org.id, "n": n})
        conn.execute(text(
            "INSERT INTO consents (id, municipality_id, org_id, teacher_id, purpose, text_id, channel) "
            "SELECT gen_random_uuid(), t.municipality_id, t.org_id, t.id, 'processing', x.id, 'in_app' "
            f"FROM {NUMBERED} JOIN consent_texts x ON x.org_id = t.org_id AND x.purpose = 'processing' "
            "WHERE t.r % 2 = 0"))
        conn.execute(text(
            "INSERT INTO consents (id, municipality_id, org_id, teacher_id, purpose, text_id, channel, withdrawn_at, "
            "destroy_due_on) SELECT gen_random_uuid(), t.municipality_id, t.org_id, t.id, 'mentor_duty', x.id, "
            "'in_app', now(), current_date + 30 "
            f"FROM {NUMBERED} JOIN consent_texts x ON x.org_id = t.org_id AND x.purpose = 'mentor_duty' "
            "WHERE t.r % 3 = 0"))


PAGES = ("/school-a/consents/", "/school-a/consents/?lacking=processing", "/school-a/consents/?last=1",
         "/school-a/consents/?lacking=processing&page=2")


def _measure(clients, count_queries) -> list[int]:
    client = clients("a_curator")
    figures = []
    for path in PAGES:
        assert client.get(path).status_code == 200, path  # warm-up (a due session touch happens here)
        with count_queries() as counter:
            assert client.get(path).status_code == 200
        figures.append(counter.count)
    return figures


def test_the_overview_costs_the_same_statements_with_10_and_2000_teachers(app, world, clients, count_queries,
                                                                          inspector):
    for n in range(10):
        teacher_id = add_teacher(app, world.orgs["A"], f"Малая{n}")
        if n % 2:
            add_consent(app, world.orgs["A"], teacher_id, "processing")
    small = _measure(clients, count_queries)
    _grow(inspector, world, GROWN)
    grown = _measure(clients, count_queries)
    assert grown == small, (small, grown)
    assert max(grown) <= 5  # session and person, the scope, the count, the page's rows (as the staff list)
    html = clients("a_curator").get("/school-a/consents/").get_data(as_text=True)
    assert "More than 1000 teachers" in html or "Педагогов больше 1000" in html


def test_the_overview_shows_each_state_and_filters_those_lacking_processing(app, world, clients):
    from app.consents import overview, services
    from app.consents.models import Purpose
    from app.consents.services import Choices
    from app.core.models import utcnow

    org = world.orgs["A"]
    given, paper, withdrawn, _missing = (add_teacher(app, org, name) for name in ("Аннина", "Бумажная", "Отозвавшая",
                                                                                  "Пустая"))
    add_consent(app, org, given, "processing")
    add_consent(app, org, given, "transfer", recipient="Управление образования")
    add_consent(app, org, given, "transfer", recipient="Organization B")
    with in_school(app, world, "A", "a_curator") as session:
        text_id = services.text_for_giving(Purpose.processing).id
        services.record_paper(paper, Purpose.processing, text_id, date.today(), PDF, "a.pdf", Choices())
        session.commit()
    add_consent(app, org, withdrawn, "processing", withdrawn_at=utcnow(), destroy_due_on=date.today())
    add_teacher(app, org, "Уволенная", is_active=False, left_at=utcnow())
    html = clients("a_curator").get("/school-a/consents/").get_data(as_text=True)
    rows = {name: row for name, row in re.findall(r'<tr><td[^>]* data-label="[^"]*"><a href="[^"]+">(\w+)[^<]*'
                                                   r'</a></td>(.*?)</tr>', html, re.S)}
    assert set(rows) == {"Аннина", "Бумажная", "Отозвавшая", "Пустая"}  # the one who left is not listed
    assert 'state-in_app' in rows["Аннина"] and '>2</td>' in rows["Аннина"]
    assert 'class="state-paper"' in rows["Бумажная"]
    assert 'state-withdrawn' in rows["Отозвавшая"] and 'state-missing' in rows["Пустая"]
    lacking = clients("a_curator").get("/school-a/consents/?lacking=processing").get_data(as_text=True)
    assert "Отозвавшая" in lacking and "Пустая" in lacking and "Аннина" not in lacking and "Бумажная" not in lacking
    with in_school(app, world):
        assert overview.lacking_processing() == (2, False)


def test_the_overview_of_a_never_shows_teachers_of_b(app, world, clients):
    add_teacher(app, world.orgs["B"], "Чужая")
    add_teacher(app, world.orgs["A"], "Своя")
    html = clients("a_curator").get("/school-a/consents/").get_data(as_text=True)
    assert "Своя" in html and "Чужая" not in html


def test_a_page_of_the_overview_reads_only_its_own_teachers_consents_as_the_app_role(app, world, inspector):
    """EXPLAIN as the app role, its policies and the request's scope in force, on a grown school: the
    overview's page walks ix_teachers_org_order and probes each row's consents by an index on
    (org_id, teacher_id, purpose); no subplan hashes every consent of the school (a page's cost would grow with the school:
    docs/performance.md «Mentoring cycle I pages»), no scan of the ledger, no sort of the school's records."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.engine import make_url

    from app.consents import overview
    from app.core.extensions import db
    from tests.banks.helpers import in_scope
    from tests.support.database import db_urls

    _grow(inspector, world, GROWN)
    with inspector.begin() as conn:
        conn.execute(text("ANALYZE teachers; ANALYZE consents"))
    org = world.orgs["A"]
    captured = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        if "ORDER BY" in statement and "LIMIT" in statement:
            captured.append(cursor.mogrify(statement, parameters).decode())

    with in_scope(app, org), app.test_request_context("/"):
        event.listen(db.engine, "before_cursor_execute", capture)
        try:
            overview.overview_page()
        finally:
            event.remove(db.engine, "before_cursor_execute", capture)
            db.session.rollback()
    assert len(captured) == 1
    engine = create_engine(make_url(db_urls()["DATABASE_URL"]).set(drivername="postgresql+psycopg2"))
    try:
        with engine.connect() as conn, conn.begin():
            conn.execute(text("SELECT set_config('app.org_id', :o, true), set_config('app.municipality_id', :m, true)"),
                         {"o": str(org.id), "m": str(org.municipality_id)})
            plan = "\n".join(conn.execute(text(f"EXPLAIN {captured[0]}")).scalars())
    finally:
        engine.dispose()
    assert "ix_teachers_org_order" in plan and re.search(r"Index Cond: .*teacher_id = teachers\.id", plan), plan
    assert "hashed SubPlan" not in plan and "Seq Scan on consents" not in plan, plan
    assert not re.search(r"Sort Key: .*teachers\.", plan), plan  # the page is read in the index's order
