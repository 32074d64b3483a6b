"""The registry's pages by role (Положение 3.4: the curator keeps the personified record «совместно с
системным администратором»; Положение 3.5: the methodist keeps count of the young specialists, so reads
it, like the director), the record's rules (dates, e-mail unique in the school, nothing deleted), its
audit trail, and the search and filters of the list."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import text

from tests.support.http import post
from tests.support.mentoring import add_teacher, add_world_teacher
from tests.teachers.helpers import (errors, events, flashes, names, row, said, shown, today, years_ago,
                                    young_teacher)


def _form(**overrides) -> dict:
    data = {"last_name": "Петрова", "first_name": "Елена", "middle_name": "Викторовна",
            "position": "учитель математики",
            "subjects": "Математика, Информатика", "category": "first", "experience_years": "",
            "experience_since": "2015-09-01", "hired_on": "2018-09-01", "birth_date": "1988-04-12",
            "email": "Petrova@School-A.ru", "phone": "+7 900 123-45-67"}
    return {**data, **overrides}


def _count(inspector, where="true", **params) -> int:
    with inspector.connect() as conn:
        return conn.execute(text(f"SELECT count(*) FROM teachers WHERE {where}"), params).scalar_one()


# --- who opens what -----------------------------------------------------------------------------------

@pytest.mark.parametrize("person", ["a_curator", "a_admin"])
def test_the_curator_and_the_school_admin_keep_the_registry(person, app, world, clients):
    teacher = add_teacher(app, world.orgs["A"])
    client = clients(person)
    for path in ("/school-a/teachers/", "/school-a/teachers/new", f"/school-a/teachers/{teacher}",
                 f"/school-a/teachers/{teacher}/edit", f"/school-a/teachers/{teacher}/deactivate",
                 "/school-a/teachers/export.xlsx"):
        assert client.get(path).status_code == 200, path
    assert 'href="/school-a/teachers/new"' in client.get("/school-a/teachers/").get_data(as_text=True)


@pytest.mark.parametrize("person", ["a_director", "a_methodist"])
def test_the_director_and_the_methodist_read_the_registry_and_change_nothing(person, app, world, clients, inspector):
    teacher = add_teacher(app, world.orgs["A"])
    client = clients(person)
    for path in ("/school-a/teachers/", f"/school-a/teachers/{teacher}", "/school-a/teachers/export.xlsx"):
        assert client.get(path).status_code == 200, path
    page = client.get("/school-a/teachers/").get_data(as_text=True)
    assert "/school-a/teachers/new" not in page
    card = client.get(f"/school-a/teachers/{teacher}").get_data(as_text=True)
    assert f"/school-a/teachers/{teacher}/edit" not in card and "/deactivate" not in card and "/invite" not in card
    for path in ("/school-a/teachers/new", f"/school-a/teachers/{teacher}/edit",
                 f"/school-a/teachers/{teacher}/deactivate", f"/school-a/teachers/{teacher}/invite"):
        assert client.get(path).status_code == 403, path
    assert post(client, "/school-a/teachers/new", _form()).status_code == 403
    assert post(client, f"/school-a/teachers/{teacher}/deactivate", {"confirm": "yes"}).status_code == 403
    assert row(inspector, teacher)["is_active"] and _count(inspector) == 1


def test_a_teacher_does_not_see_the_registry_but_sees_their_own_record(app, world, clients):
    own = add_world_teacher(app, world, "a_teacher", "A", position="учитель истории")
    other = add_teacher(app, world.orgs["A"], "Чужая", "Запись", None, position="учитель химии")
    teacher = clients("a_teacher")
    for path in ("/school-a/teachers/", f"/school-a/teachers/{other}", f"/school-a/teachers/{own}",
                 "/school-a/teachers/export.xlsx", "/school-a/teachers/new"):
        assert teacher.get(path).status_code == 403, path
    home = teacher.get("/school-a/").get_data(as_text=True)
    assert 'href="/school-a/teachers/"' not in home and 'href="/school-a/teachers/me"' in home
    mine = teacher.get("/school-a/teachers/me").get_data(as_text=True)
    assert "учитель истории" in mine and "Чужая" not in mine and "учитель химии" not in mine


def test_my_record_is_the_record_of_the_signed_in_person_in_this_school_only(app, world, clients):
    """ab_teacher works in A and B; B's record is not shown in A, and without a record the page says so."""
    add_world_teacher(app, world, "ab_teacher", "B", position="учитель музыки")
    client = clients("ab_teacher")
    in_a = client.get("/school-a/teachers/me")
    assert in_a.status_code == 200 and "учитель музыки" not in in_a.get_data(as_text=True)
    assert "учитель музыки" in client.get("/school-b/teachers/me").get_data(as_text=True)


def test_the_registry_is_a_school_page_and_the_rule_a_department_page(app, world, clients):
    assert clients("d1_officer").get("/m1-uo/teachers/").status_code == 404
    assert clients("a_admin").get("/school-a/teachers/rules").status_code == 404
    assert clients("d1_coordinator").get("/m1-uo/teachers/rules").status_code == 403
    assert clients("p_coordinator").get("/partner-p/teachers/me").status_code == 404


# --- add, edit ----------------------------------------------------------------------------------------

def test_a_record_is_added_with_its_fields_and_the_event_says_what_it_holds(app, world, clients, inspector):
    curator = clients("a_curator")
    response = post(curator, "/school-a/teachers/new", _form(), token_from="/school-a/teachers/new")
    assert response.status_code == 302
    teacher_id = response.headers["Location"].rsplit("/", 1)[1]
    record = row(inspector, teacher_id)
    assert (record["last_name"], record["first_name"], record["middle_name"]) == ("Петрова", "Елена", "Викторовна")
    assert record["subjects"] == ["Математика", "Информатика"] and record["category"] == "first"
    assert str(record["experience_since"]) == "2015-09-01" and str(record["birth_date"]) == "1988-04-12"
    assert record["email"] == "petrova@school-a.ru" and record["org_id"] == world.orgs["A"].id
    assert record["is_active"] and record["left_at"] is None and record["user_id"] is None
    (created,) = events(inspector, teacher_id, "create")
    assert created["details"]["after"]["subjects"] == ["Математика", "Информатика"]
    assert created["actor_id"] == world.people["a_curator"].id


def test_experience_in_years_becomes_the_date_it_started(app, world, clients, inspector):
    from app.teachers.young import add_years

    response = post(clients("a_admin"), "/school-a/teachers/new",
                    _form(experience_years="4", experience_since="", email=""), token_from="/school-a/teachers/new")
    assert response.status_code == 302
    teacher_id = response.headers["Location"].rsplit("/", 1)[1]
    assert row(inspector, teacher_id)["experience_since"] == add_years(today(app), -4)


@pytest.mark.parametrize("overrides, message", [
    ({"birth_date": "2999-01-01"}, ("The birth date must be in the past.", {})),
    ({"birth_date": "1890-01-01"}, ("Check the birth date: the person would be over %(num)d years old.", {"num": 100})),
    ({"birth_date": "1988-04-12", "hired_on": "2003-09-01"},
     ("The date is earlier than the person's %(num)dth birthday.", {"num": 16})),
    ({"experience_since": "2000-01-01"}, ("The date is earlier than the person's %(num)dth birthday.", {"num": 16})),
    ({"hired_on": "2999-09-01"}, ("The date cannot be in the future.", {})),
    ({"experience_years": "3"}, ("Give either the years or the date, not both.", {})),
    ({"experience_years": "abc", "experience_since": ""}, ("Enter a whole number.", {})),
    ({"experience_years": "90", "experience_since": ""}, ("From 0 to 70.", {})),
    ({"birth_date": "31.02.1988"}, ("Enter a date as dd.mm.yyyy, for example 31.01.2026.", {})),
    ({"phone": "call me maybe"}, ("Enter the phone with digits, spaces, brackets and hyphens, e.g. +7 900 123-45-67.",
                                  {})),
    ({"email": "not-an-address"}, ("Enter a valid e-mail address.", {})),
    ({"last_name": ""}, ("This field is required.", {})),
    ({"category": "grandmaster"}, ("Choose a value from the list.", {})),
    ({"position": "учитель\nистории"}, ("The value must be one line, without line breaks or control characters.", {})),
])
def test_a_bad_value_is_refused_next_to_its_field_and_nothing_is_written(overrides, message, app, world, clients,
                                                                        inspector):
    response = post(clients("a_curator"), "/school-a/teachers/new", _form(**overrides),
                    token_from="/school-a/teachers/new")
    assert response.status_code == 400
    msgid, params = message
    assert said(app, msgid, **params) in shown(errors(response.get_data(as_text=True)))
    assert _count(inspector) == 0


def test_dates_typed_as_dd_mm_yyyy_are_accepted(app, world, clients, inspector):
    response = post(clients("a_curator"), "/school-a/teachers/new",
                    _form(birth_date="12.04.1988", hired_on="01.09.2018", experience_since="01.09.2015"),
                    token_from="/school-a/teachers/new")
    assert response.status_code == 302
    assert str(row(inspector, response.headers["Location"].rsplit("/", 1)[1])["hired_on"]) == "2018-09-01"


def test_an_e_mail_is_one_record_in_a_school_said_in_words_not_a_server_error(app, world, clients, inspector):
    first = add_teacher(app, world.orgs["A"], email="petrova@school-a.ru")
    add_teacher(app, world.orgs["B"], email="taken-in-b@school-a.ru")  # another school's address is not taken
    curator = clients("a_curator")
    response = post(curator, "/school-a/teachers/new", _form(email="PETROVA@school-a.ru"),
                    token_from="/school-a/teachers/new")
    assert response.status_code == 400
    assert said(app, "The registry already has a record with this e-mail: %(name)s.",
                name="Иванова Мария Петровна") in shown(errors(response.get_data(as_text=True)))
    assert _count(inspector, "org_id = :o", o=world.orgs["A"].id) == 1
    second = post(curator, "/school-a/teachers/new", _form(email="other@school-a.ru"),
                  token_from="/school-a/teachers/new").headers["Location"].rsplit("/", 1)[1]
    response = post(curator, f"/school-a/teachers/{second}/edit", _form(email="petrova@school-a.ru"),
                    token_from="/school-a/teachers/new")
    assert response.status_code == 400 and said(
        app, "The registry already has a record with this e-mail: %(name)s.", name="Иванова Мария Петровна") in shown(
        errors(response.get_data(as_text=True)))
    assert row(inspector, second)["email"] == "other@school-a.ru" and row(inspector, first)["email"]
    response = post(curator, "/school-a/teachers/new", _form(email="taken-in-b@school-a.ru"),
                    token_from="/school-a/teachers/new")
    assert response.status_code == 302


def test_an_edit_records_only_what_changed_before_and_after(app, world, clients, inspector):
    teacher = add_teacher(app, world.orgs["A"], "Петрова", "Елена", "Викторовна", subjects=["Математика"],
                          position="учитель математики", birth_date=years_ago(app, 40))
    curator = clients("a_curator")
    page = curator.get(f"/school-a/teachers/{teacher}/edit").get_data(as_text=True)
    assert 'value="Петрова"' in page and 'value="Математика"' in page
    data = _form(last_name="Сидорова", subjects="Математика, Физика", category="none", experience_since="",
                 hired_on="", birth_date=str(years_ago(app, 40)), email="", phone="")
    response = post(curator, f"/school-a/teachers/{teacher}/edit", data, token_from="/school-a/teachers/new")
    assert response.status_code == 302
    record = row(inspector, teacher)
    assert record["last_name"] == "Сидорова" and record["subjects"] == ["Математика", "Физика"]
    assert record["sort_name"] == "сидорова елена викторовна"
    (update,) = events(inspector, teacher, "update")
    assert update["details"] == {"before": {"last_name": "Петрова", "subjects": ["Математика"]},
                                 "after": {"last_name": "Сидорова", "subjects": ["Математика", "Физика"]}}
    post(curator, f"/school-a/teachers/{teacher}/edit", data, token_from="/school-a/teachers/new")
    assert len(events(inspector, teacher, "update")) == 1  # the same values again change nothing


def test_opening_a_card_is_recorded(app, world, clients, inspector):
    teacher = add_teacher(app, world.orgs["A"])
    clients("a_director").get(f"/school-a/teachers/{teacher}")
    (view,) = events(inspector, teacher, "view")
    assert view["actor_id"] == world.people["a_director"].id and view["object_name"] == "Иванова Мария Петровна"


# --- deactivate, reactivate ---------------------------------------------------------------------------

def test_a_teacher_who_left_is_deactivated_after_a_confirmation_and_stays_in_history(app, world, clients, inspector):
    teacher = add_teacher(app, world.orgs["A"], "Ушедшая", "Вера", None)
    add_teacher(app, world.orgs["A"], "Яковлева", "Ирина", None)
    admin = clients("a_admin")
    path = f"/school-a/teachers/{teacher}/deactivate"
    asked = admin.get(path).get_data(as_text=True)
    assert 'name="confirm" value="yes"' in asked
    assert post(admin, path, {}, token_from=path).status_code == 200  # without confirm=yes: asked again
    assert row(inspector, teacher)["is_active"]
    assert post(admin, path, {"confirm": "yes"}, token_from=path).status_code == 302
    record = row(inspector, teacher)
    assert not record["is_active"] and record["left_at"] is not None
    (event,) = events(inspector, teacher, "deactivate")
    assert event["details"] == {"before": {"works": True}, "after": {"works": False}}
    assert names(admin.get("/school-a/teachers/").get_data(as_text=True)) == ["Яковлева Ирина", "Ушедшая Вера"]
    assert names(admin.get("/school-a/teachers/?status=left").get_data(as_text=True)) == ["Ушедшая Вера"]
    card = admin.get(f"/school-a/teachers/{teacher}").get_data(as_text=True)
    assert f"/school-a/teachers/{teacher}/reactivate" in card
    assert post(admin, f"/school-a/teachers/{teacher}/reactivate",
                token_from=f"/school-a/teachers/{teacher}").status_code == 302
    record = row(inspector, teacher)
    assert record["is_active"] and record["left_at"] is None
    assert events(inspector, teacher, "reactivate")


def test_the_app_role_may_not_delete_a_record(app, world, inspector):
    """Nothing is lost (issue 7): the app's role has no DELETE on teachers."""
    with inspector.connect() as conn:
        allowed = conn.execute(text("SELECT has_table_privilege('nastavnik_app', 'teachers', 'DELETE')")).scalar_one()
    assert allowed is False


# --- search and filters -------------------------------------------------------------------------------

@pytest.fixture
def staff_room(app, world):
    a = world.orgs["A"]
    add_teacher(app, a, "Иванова", "Мария", "Петровна", subjects=["Математика"], category="first",
                birth_date=years_ago(app, 50), experience_since=years_ago(app, 20))
    add_teacher(app, a, "Алёшина", "Ирина", "Олеговна", subjects=["Физика", "Математика"], category="highest",
                birth_date=years_ago(app, 45), experience_since=years_ago(app, 15))
    young_teacher(app, a, "Молодова", subjects=["Русский язык"])
    add_teacher(app, a, "Маринина", "Ольга", None, subjects=["Русский язык"], birth_date=years_ago(app, 30),
                experience_since=years_ago(app, 3, days=1))
    add_teacher(app, a, "Ушедшая", "Иванна", None, is_active=False, left_at=datetime.now(timezone.utc),
                subjects=["Математика"], birth_date=years_ago(app, 26), experience_since=years_ago(app, 2))
    add_teacher(app, world.orgs["B"], "Иванова", "Чужая", None, subjects=["Математика"])


@pytest.mark.parametrize("query, expected", [
    ("", ["Алёшина Ирина Олеговна", "Иванова Мария Петровна", "Маринина Ольга", "Молодова Анна Сергеевна",
          "Ушедшая Иванна"]),
    ("ива", ["Иванова Мария Петровна", "Ушедшая Иванна"]),  # the beginning of any word of the name
    ("ИВАНОВА", ["Иванова Мария Петровна"]),
    ("алеш", ["Алёшина Ирина Олеговна"]),  # ё and е are one letter to the search
    ("ма", ["Иванова Мария Петровна", "Маринина Ольга"]),
    ("мар ол", ["Маринина Ольга"]),  # every word given begins a word of the name
    ("рина", []),  # the middle of a word is not its beginning
    ("%", []), ("_", []),  # LIKE's wildcards are letters here
])
def test_the_search_finds_names_by_the_beginning_of_any_word(query, expected, staff_room, clients):
    page = clients("a_curator").get("/school-a/teachers/", query_string={"q": query}).get_data(as_text=True)
    assert names(page) == expected


@pytest.mark.parametrize("args, expected", [
    ({"subject": "Математика"}, ["Алёшина Ирина Олеговна", "Иванова Мария Петровна", "Ушедшая Иванна"]),
    ({"subject": "Русский язык"}, ["Маринина Ольга", "Молодова Анна Сергеевна"]),
    ({"category": "highest"}, ["Алёшина Ирина Олеговна"]),
    ({"young": "yes"}, ["Молодова Анна Сергеевна", "Ушедшая Иванна"]),
    ({"young": "yes", "status": "active"}, ["Молодова Анна Сергеевна"]),
    ({"young": "no", "status": "active"}, ["Алёшина Ирина Олеговна", "Иванова Мария Петровна", "Маринина Ольга"]),
    ({"status": "left"}, ["Ушедшая Иванна"]),
    ({"subject": "Математика", "status": "active", "q": "ив"}, ["Иванова Мария Петровна"]),
])
def test_the_filters_narrow_the_list(args, expected, staff_room, clients):
    page = clients("a_curator").get("/school-a/teachers/", query_string=args).get_data(as_text=True)
    assert names(page) == expected


def test_the_subject_filter_offers_the_schools_own_subjects_only(staff_room, app, world, clients):
    add_teacher(app, world.orgs["B"], "Другая", "Школа", None, subjects=["Астрономия"])
    page = clients("a_curator").get("/school-a/teachers/").get_data(as_text=True)
    assert '<option value="Математика">' in page and "Астрономия" not in page


@pytest.mark.parametrize("args", [{"subject": "Астрономия"}, {"category": "x"}, {"young": "maybe"},
                                  {"status": "deleted"}, {"q": "a\x01b"}])
def test_a_filter_value_not_offered_is_refused_in_words(args, staff_room, clients):
    response = clients("a_curator").get("/school-a/teachers/", query_string=args)
    assert response.status_code == 400 and errors(response.get_data(as_text=True))


def test_an_experience_of_3_years_and_a_day_is_not_young_on_the_list(staff_room, app, world, clients):
    """Маринина: 30 years old, experience 3 years and a day: not young (the edge of DESIGN.md §4)."""
    page = clients("a_curator").get("/school-a/teachers/?young=yes").get_data(as_text=True)
    assert "Маринина" not in page
    add_teacher(app, world.orgs["A"], "Ровно", "Три", None, birth_date=years_ago(app, 30),
                experience_since=years_ago(app, 3))
    page = clients("a_curator").get("/school-a/teachers/?young=yes").get_data(as_text=True)
    assert "Ровно Три" in names(page)


def test_the_home_page_counts_are_active_teachers_and_young_specialists_in_one_statement(
        staff_room, app, world, count_queries):
    from app.teachers import services
    from tenants.switches import acting_in

    a = world.orgs["A"]
    with app.app_context(), acting_in(municipality_id=a.municipality_id, org_id=a.id, reason="test"):
        services.registry_counts()  # the scope's first statement sets it; counted below without it
        with count_queries() as counter:
            counts = services.registry_counts()
    assert counts == (4, 1) and counter.count == 1


def test_an_added_record_opens_its_card_with_a_message(app, world, clients):
    curator = clients("a_curator")
    response = post(curator, "/school-a/teachers/new", _form(), token_from="/school-a/teachers/new",
                    follow_redirects=True)
    assert said(app, "The record has been added to the registry.") in shown(flashes(response.get_data(as_text=True)))
