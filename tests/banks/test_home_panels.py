"""The home page shows roadmap stages 2 and 3 in figures to those who run them (Положение 3.4, 3.5),
the candidates waiting for the director (Положение 3.2), and a teacher's own pages with what the
curator asked of them; its cost does not grow with the school."""
from __future__ import annotations

import re
from datetime import date

from sqlalchemy import text

from tests.banks.helpers import add_entry, consenting_teacher
from tests.support.mentoring import add_teacher


def _figures(html: str) -> dict[str, str]:
    return {label.strip(): number.strip() for label, number in
            re.findall(r"<dt>([^<]*)</dt><dd>(?:&gt;&nbsp;)?([^<]*)</dd>", html)}


def _young_and_old(app, world, n_old: int = 3) -> None:
    org = world.orgs["A"]
    today = date.today()
    add_teacher(app, org, "Юнова", "Вера", None, birth_date=date(today.year - 25, 1, 1),
                experience_since=date(today.year - 1, 1, 1))
    for i in range(n_old):
        add_teacher(app, org, f"Старова{i}", "Ирина", None, birth_date=date(today.year - 50, 1, 1),
                    experience_since=date(today.year - 20, 1, 1))


def test_the_curators_home_shows_the_registry_the_banks_and_the_consents_in_figures(app, world, clients):
    _young_and_old(app, world)
    mentor = consenting_teacher(app, world, "a_teacher")
    add_entry(app, world.orgs["A"], "mentor", mentor)
    mentee = consenting_teacher(app, world, "ab_teacher")
    add_entry(app, world.orgs["A"], "mentee", mentee)
    html = clients("a_curator").get("/school-a/").get_data(as_text=True)
    figures = _figures(html)
    assert figures["в реестре"] == "6"  # four records and the two of the world's teachers
    assert figures["молодых специалистов"] == "1"
    assert figures["без согласия на обработку ПДн"] == "4"
    assert figures["кандидатов"] == "1" and figures["утверждённых наставников"] == "0"
    assert figures["с запросами"] == "1" and figures["ожидают наставника"] == "1"
    assert "Банк наставляемых ещё не актуализировался" in html  # Положение 3.4: the yearly review is due
    assert "/school-a/banks/candidates" not in html  # the director's page


def test_the_directors_home_links_the_candidates_and_a_teachers_home_does_not_show_the_figures(app, world, clients):
    director = clients("a_director").get("/school-a/").get_data(as_text=True)
    assert "/school-a/banks/candidates" in director and "кандидатов" in director
    teacher = clients("a_teacher").get("/school-a/").get_data(as_text=True)
    assert "кандидатов" not in teacher and "Моё участие в наставничестве" in teacher


def test_a_teacher_sees_the_missing_consent_and_what_the_curator_asked(app, world, clients, inspector):
    teacher_id = consenting_teacher(app, world, "a_teacher", purposes=())
    html = clients("a_teacher").get("/school-a/").get_data(as_text=True)
    assert "Нет вашего согласия на обработку персональных данных" in html
    with inspector.begin() as conn:  # the curator sent the questionnaire (app/banks/sending.py)
        conn.execute(text("INSERT INTO bank_invitations (id, municipality_id, org_id, teacher_id, bank, sent_at) "
                          "SELECT gen_random_uuid(), municipality_id, org_id, id, 'mentor', now() FROM teachers "
                          "WHERE id = :t"), {"t": teacher_id})
    html = clients("a_teacher").get("/school-a/").get_data(as_text=True)
    assert "Куратор просит вас заполнить анкету потенциального наставника." in html


def test_the_curators_home_costs_the_same_statements_whatever_the_schools_size(app, world, clients, count_queries):
    curator = clients("a_curator")
    curator.get("/school-a/")
    _young_and_old(app, world, n_old=1)
    with count_queries() as small:
        assert curator.get("/school-a/").status_code == 200
    _young_and_old(app, world, n_old=300)
    with count_queries() as grown:
        assert curator.get("/school-a/").status_code == 200
    assert grown.count == small.count <= 10
