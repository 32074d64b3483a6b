"""The dictionaries (Положение 2.3 forms of mentoring, 3.5 competences): built-ins with stable codes
and the municipality's own entries, added and retired by its education department only, offered to its
schools and invisible to another municipality."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.banks.helpers import consenting_teacher, rows, scalar
from tests.support.http import post

PAGE = "/m1-uo/banks/dictionary"


def test_the_department_adds_a_form_its_schools_are_offered_it_and_another_municipality_is_not(
        app, world, clients, inspector):
    officer = clients("d1_officer")
    assert post(officer, PAGE, {"kind": "form", "title": "Сетевое наставничество"}, token_from=PAGE).status_code == 302
    assert post(officer, PAGE, {"kind": "form", "title": "сетевое  наставничество"}, token_from=PAGE
                ).status_code == 400  # already there
    assert post(officer, PAGE, {"kind": "form", "title": "Реверсивное"}, token_from=PAGE).status_code == 302
    code = scalar(inspector, "SELECT code FROM bank_dictionary_entries WHERE title = 'Сетевое наставничество'")
    consenting_teacher(app, world, "a_teacher")
    assert code in clients("a_teacher").get("/school-a/banks/my/questionnaire").get_data(as_text=True)
    consenting_teacher(app, world, "c_teacher", "C")
    assert code not in clients("c_teacher").get("/school-c/banks/my/questionnaire").get_data(as_text=True)
    assert "Сетевое наставничество" not in clients("d2_officer").get("/m2-uo/banks/dictionary").get_data(as_text=True)


def test_a_retired_entry_is_not_offered_and_a_questionnaire_cannot_choose_it(app, world, clients, inspector):
    officer = clients("d1_officer")
    post(officer, PAGE, {"kind": "competence", "title": "Инклюзивное образование"}, token_from=PAGE)
    (entry_id, code), = rows(inspector, "SELECT id, code FROM bank_dictionary_entries")
    post(officer, f"/m1-uo/banks/dictionary/{entry_id}/deactivate", token_from=PAGE)
    assert scalar(inspector, "SELECT is_active FROM bank_dictionary_entries") is False
    consenting_teacher(app, world, "a_teacher")
    teacher = clients("a_teacher")
    my = "/school-a/banks/my/questionnaire"
    assert code not in teacher.get(my).get_data(as_text=True)
    response = post(teacher, my, {"competences": [code], "capacity": "1"}, token_from=my)
    assert response.status_code == 400
    post(officer, f"/m1-uo/banks/dictionary/{entry_id}/reactivate", token_from=PAGE)
    assert post(teacher, my, {"competences": [code], "capacity": "1"}, token_from=my).status_code == 302


def test_only_the_education_department_opens_the_dictionary_page(world, clients):
    assert clients("a_curator").get("/school-a/banks/dictionary").status_code == 404  # a school is not a department
    assert clients("d1_officer").get(PAGE).status_code == 200


def _scope(conn, org):
    conn.execute(text("SELECT set_config('app.org_id', :o, true), set_config('app.municipality_id', :m, true)"),
                 {"o": str(org.id), "m": str(org.municipality_id)})


INSERT = ("INSERT INTO bank_dictionary_entries (id, municipality_id, kind, code, title) "
          "VALUES (gen_random_uuid(), :m, 'form', 'x-1', 'Своя форма')")


def test_rls_lets_a_school_read_but_never_write_the_dictionary(world, app_engine):
    """Raw SQL as the app role: a school's scope cannot add to its municipality's dictionary; the
    department cannot add to another municipality's; the department of the row can."""
    a, d1, d2 = world.orgs["A"], world.orgs["D1"], world.orgs["D2"]
    with app_engine.connect() as conn:
        for org, target in ((a, a.municipality_id), (d2, d1.municipality_id)):
            trans = conn.begin()
            _scope(conn, org)
            with pytest.raises(Exception, match="row-level security"):
                conn.execute(text(INSERT), {"m": target})
            trans.rollback()
        with conn.begin():
            _scope(conn, d1)
            conn.execute(text(INSERT), {"m": d1.municipality_id})
        with conn.begin():
            _scope(conn, a)
            assert conn.execute(text("SELECT count(*) FROM bank_dictionary_entries")).scalar_one() == 1
        trans = conn.begin()
        _scope(conn, a)
        with pytest.raises(Exception, match="row-level security"):
            conn.execute(text("UPDATE bank_dictionary_entries SET is_active = false, deactivated_at = now()"))
        trans.rollback()
        with conn.begin():
            _scope(conn, world.orgs["C"])
            assert conn.execute(text("SELECT count(*) FROM bank_dictionary_entries")).scalar_one() == 0
