"""The banks' pages cost a fixed number of statements whatever the size of the bank (10 or 2,000
entries: keyset pages, capped counts, the consents joined, no N+1), and their statements, run as the
app role under its policies, walk the registry's order index instead of sorting the school."""
from __future__ import annotations

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.banks.helpers import add_entry, add_support, consenting_teacher
from tests.support.database import db_urls
from tests.support.queries import statements_per_page

GROWN = 2000

# page -> (person who reads it, path) — the statement count must not change as the bank grows.
PAGES = {
    "mentor bank": ("a_curator", "/school-a/banks/mentors"),
    "mentor bank, filtered": ("a_curator", "/school-a/banks/mentors?competence=parents&free=y&subject=мат&name=а"),
    "mentor bank, the last page": ("a_curator", "/school-a/banks/mentors?last=1"),
    "candidates": ("a_director", "/school-a/banks/candidates"),
    "mentee bank": ("a_curator", "/school-a/banks/mentees"),
    "mentee bank, waiting": ("a_curator", "/school-a/banks/mentees?waiting=y&difficulty=parents"),
    "sending the questionnaire": ("a_curator", "/school-a/banks/mentors/send"),
    "sending the request form": ("a_curator", "/school-a/banks/mentees/send?name=в"),
    "my questionnaire": ("a_teacher", "/school-a/banks/my/questionnaire"),
    "my requests": ("a_teacher", "/school-a/banks/my/requests"),
}
BUDGET = 10  # statements of a page, the session's two included


def _grow(inspector, world, n: int = GROWN) -> None:
    """n more teachers of school A, each with a processing consent, a mentor entry and a mentee entry,
    some with support (a superuser's connection: the test is about reading them)."""
    school = world.orgs["A"]
    params = {"m": school.municipality_id, "o": school.id, "n": n}
    with inspector.begin() as conn:
        conn.execute(text(
            "INSERT INTO teachers (id, municipality_id, org_id, last_name, first_name, sort_name) "
            "SELECT gen_random_uuid(), :m, :o, 'Выросший', 'Педагог ' || lpad(g::text, 5, '0'), "
            "'выросший педагог ' || lpad(g::text, 5, '0') FROM generate_series(1, :n) g"), params)
        text_id = conn.execute(text(
            "INSERT INTO consent_texts (id, municipality_id, org_id, purpose, version, title, body) "
            "VALUES (gen_random_uuid(), :m, :o, 'processing', 99, 'Согласие', 'Текст') RETURNING id"), params).scalar()
        conn.execute(text(
            "INSERT INTO consents (id, municipality_id, org_id, teacher_id, purpose, text_id, channel) "
            "SELECT gen_random_uuid(), :m, :o, t.id, 'processing', :x, 'in_app' FROM teachers t "
            "WHERE t.org_id = :o AND t.last_name = 'Выросший'"), {**params, "x": text_id})
        conn.execute(text(
            "INSERT INTO mentor_entries (id, municipality_id, org_id, teacher_id, competences, subjects, forms, "
            "capacity, load, filled_by) SELECT gen_random_uuid(), :m, :o, t.id, ARRAY['parents', 'upbringing'], "
            "ARRAY['Математика'], ARRAY['traditional'], 3, 1, 'curator' FROM teachers t "
            "WHERE t.org_id = :o AND t.last_name = 'Выросший'"), params)
        conn.execute(text(
            "INSERT INTO mentee_entries (id, municipality_id, org_id, teacher_id, category, difficulties, filled_by) "
            "SELECT gen_random_uuid(), :m, :o, t.id, 'young_specialist', '{\"parents\": \"Трудно\"}', 'self' "
            "FROM teachers t WHERE t.org_id = :o AND t.last_name = 'Выросший'"), params)
        conn.execute(text(
            "INSERT INTO mentee_support (id, municipality_id, org_id, mentee_entry_id, kind, starts_on) "
            "SELECT gen_random_uuid(), :m, :o, e.id, 'consultations', current_date FROM mentee_entries e "
            "WHERE e.org_id = :o"), params)
        conn.execute(text("ANALYZE teachers; ANALYZE consents; ANALYZE mentor_entries; ANALYZE mentee_entries"))


def _seed_small(app, world) -> None:
    org = world.orgs["A"]
    mine = consenting_teacher(app, world, "a_teacher")
    add_entry(app, org, "mentor", mine)
    mentee = add_entry(app, org, "mentee", consenting_teacher(app, world, "a_methodist"))
    add_support(app, org, mentee)


def test_every_bank_page_keeps_its_statement_count_as_the_bank_grows(app, world, clients, count_queries, inspector):
    _seed_small(app, world)
    small = statements_per_page(clients, count_queries, PAGES)
    _grow(inspector, world)
    grown = statements_per_page(clients, count_queries, PAGES)
    for name in PAGES:
        assert grown[name] == small[name], f"{name}: {small[name]} -> {grown[name]}"
        assert grown[name] <= BUDGET, f"{name}: {grown[name]}"


def test_a_page_after_a_cursor_shows_the_next_entries_in_the_registrys_order(app, world, clients, inspector):
    import re

    _grow(inspector, world, 60)
    curator = clients("a_curator")
    html = curator.get("/school-a/banks/mentors").get_data(as_text=True)
    first = re.findall(r'/school-a/banks/mentors/[0-9a-f-]{36}">([^<]+)<', html)
    following = re.search(r'<a href="([^"]+)" rel="next">', html).group(1).replace("&amp;", "&")
    second = re.findall(r'/school-a/banks/mentors/[0-9a-f-]{36}">([^<]+)<',
                        curator.get(following).get_data(as_text=True))
    assert len(first) == 25 and len(second) == 25 and first + second == sorted(first + second)
    assert not set(first) & set(second)


def test_the_bank_statements_walk_the_registry_index_as_the_app_role(app, world, inspector):
    """EXPLAIN as the app role, its policies in force, on a grown school: the mentor and mentee banks
    read ix_teachers_org_order in the list's order, find each entry by (org_id, teacher_id) and its
    processing consent by uq_consents_standing; no sort of the school's rows, no scan of the tables."""
    from app.banks import mentees, mentors
    from tests.banks.helpers import in_scope

    _grow(inspector, world)
    org = world.orgs["A"]
    with in_scope(app, org), app.test_request_context("/"):
        from app.core.extensions import db

        captured = []

        def capture(conn, cursor, statement, parameters, context, executemany):
            if "ORDER BY" in statement and "LIMIT" in statement:
                captured.append(cursor.mogrify(statement, parameters).decode())

        from sqlalchemy import event

        event.listen(db.engine, "before_cursor_execute", capture)
        try:
            mentors.page(mentors.MentorFilter())
            mentees.page(mentees.MenteeFilter(waiting=True))
        finally:
            event.remove(db.engine, "before_cursor_execute", capture)
            db.session.rollback()
        statements = captured
    assert len(statements) == 2
    engine = create_engine(make_url(db_urls()["DATABASE_URL"]).set(drivername="postgresql+psycopg2"))
    try:
        with engine.connect() as conn:
            for sql in statements:
                with conn.begin():
                    conn.execute(text("SELECT set_config('app.org_id', :o, true), "
                                      "set_config('app.municipality_id', :m, true)"),
                                 {"o": str(org.id), "m": str(org.municipality_id)})
                    plan = "\n".join(conn.execute(text(f"EXPLAIN {sql}")).scalars())
                assert "ix_teachers_org_order" in plan and "uq_consents_standing" in plan, plan
                for table in ("teachers", "mentor_entries", "mentee_entries"):
                    assert f"Seq Scan on {table}" not in plan, plan
                assert "Sort" not in plan, plan
    finally:
        engine.dispose()


def test_the_mentor_banks_count_reads_the_bank_not_the_schools_records(app, world, inspector):
    """The capped count of the mentor bank (filtered by competence and subject, as a search) reads the
    bank's entries and their processing consents only: joined to the records, PostgreSQL walked every
    record of the school (docs/performance.md «Mentoring cycle I pages»). A search by name joins them,
    and the counts agree with the rows."""
    from sqlalchemy import event

    from app.banks import mentors
    from app.core.extensions import db
    from tests.banks.helpers import in_scope

    _grow(inspector, world, 60)
    counts = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().startswith("SELECT count(*)"):
            counts.append(statement)

    with in_scope(app, world.orgs["A"]), app.test_request_context("/"):
        event.listen(db.engine, "before_cursor_execute", capture)
        try:
            searched = mentors.page(mentors.MentorFilter(competence="parents", subject="мат"))
            named = mentors.page(mentors.MentorFilter(competence="parents", name="педагог 0001"))
        finally:
            event.remove(db.engine, "before_cursor_execute", capture)
            db.session.rollback()
    assert len(counts) == 2
    assert "teachers" not in counts[0] and "JOIN teachers" in counts[1]
    assert searched.total == 60 and len(searched.items) == 25
    assert named.total == len(named.items) == 10  # «педагог 00010» … «педагог 00019»
