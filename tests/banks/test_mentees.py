"""The bank of mentees: requests enter only with the processing consent, by competence category in
the teacher's words; the status moves with who and when; the waiting list gets dated support
(roadmap 5.3); the curator reviews the bank at least once a year (Положение 3.4)."""
from __future__ import annotations

import re
from datetime import date, datetime, timezone

from tests.banks.helpers import (REQUESTS, add_entry, add_support, consenting_teacher, in_scope, rows, scalar,
                                 withdraw)
from tests.support.http import post
from tests.support.mentoring import add_world_teacher

MY = "/school-a/banks/my/requests"


def test_requests_enter_the_bank_only_with_the_processing_consent(app, world, clients, inspector):
    """Roadmap 2.2, 152-ФЗ ст. 9: the bank of mentees with the consents to processing."""
    teacher_id = add_world_teacher(app, world, "a_teacher", "A")
    teacher = clients("a_teacher")
    assert 'data-consent="missing"' in teacher.get(MY).get_data(as_text=True)
    response = post(teacher, MY, REQUESTS, token_from=MY)
    assert response.status_code == 400 and "152-ФЗ ст. 9" in response.get_data(as_text=True)
    assert scalar(inspector, "SELECT count(*) FROM mentee_entries") == 0
    from tests.support.mentoring import add_consent

    add_consent(app, world.orgs["A"], teacher_id)
    assert post(teacher, MY, REQUESTS, token_from=MY).status_code == 302
    (status, category, difficulties, request_text, filled_by), = rows(
        inspector, "SELECT status, category, difficulties, request_text, filled_by FROM mentee_entries")
    assert (status, category, filled_by) == ("needs_mentor", "young_specialist", "self")
    assert difficulties == {"teaching_methods": "Не успеваю провести урок по плану",
                            "parents": "Трудно говорить с родителями"}
    assert request_text == "Хочу посещать уроки наставника"


def test_a_request_needs_a_category_and_at_least_one_text(app, world, clients, inspector):
    consenting_teacher(app, world, "a_teacher")
    teacher = clients("a_teacher")
    assert post(teacher, MY, {**REQUESTS, "category": ""}, token_from=MY).status_code == 400
    assert post(teacher, MY, {"category": "new_employee"}, token_from=MY).status_code == 400
    assert post(teacher, MY, {**REQUESTS, "category": "astronaut"}, token_from=MY).status_code == 400
    assert scalar(inspector, "SELECT count(*) FROM mentee_entries") == 0


def test_the_status_moves_with_who_when_and_why(app, world, clients, inspector):
    teacher_id = consenting_teacher(app, world, "a_teacher")
    entry_id = add_entry(app, world.orgs["A"], "mentee", teacher_id)
    curator = clients("a_curator")
    path = f"/school-a/banks/mentees/{entry_id}/status"
    page = f"/school-a/banks/mentees/{entry_id}"
    assert post(curator, path, {"status": "in_pair", "reason": "Пара с наставником"}, token_from=page
                ).status_code == 302
    assert post(curator, path, {"status": "supported"}, token_from=page).status_code == 400  # not from a pair
    assert post(curator, path, {"status": ""}, token_from=page).status_code == 400  # nothing chosen, nothing moves
    assert 'value="">—</option>' in curator.get(page).get_data(as_text=True)  # the first choice is none
    assert post(curator, path, {"status": "completed", "reason": "Программа завершена"}, token_from=page
                ).status_code == 302
    history = rows(inspector, "SELECT old_status, new_status, by_id, reason FROM bank_status_changes "
                              "WHERE mentee_entry_id = :e ORDER BY at", e=entry_id)
    assert history[1:] == [("needs_mentor", "in_pair", world.people["a_curator"].id, "Пара с наставником"),
                           ("in_pair", "completed", world.people["a_curator"].id, "Программа завершена")]


def test_support_while_waiting_has_dates_and_marks_the_mentee_supported(app, world, clients, inspector):
    """Roadmap 5.3: psychological and pedagogical support of those without a pair, with dates."""
    teacher_id = consenting_teacher(app, world, "a_teacher")
    entry_id = add_entry(app, world.orgs["A"], "mentee", teacher_id)
    curator = clients("a_curator")
    path = f"/school-a/banks/mentees/{entry_id}/support"
    bad = {"kind": "consultations", "starts_on": "2026-10-01", "ends_on": "2026-09-01"}
    assert post(curator, path, bad, token_from=path).status_code == 400
    assert post(curator, path, {"kind": "methodical_association", "description": "МО учителей начальных классов",
                                "starts_on": "2026-09-01"}, token_from=path).status_code == 302
    assert scalar(inspector, "SELECT status FROM mentee_entries") == "supported"
    support_id = scalar(inspector, "SELECT id FROM mentee_support")
    end = f"/school-a/banks/support/{support_id}/end"
    assert post(curator, end, {"ends_on": "2026-08-01"}, token_from=end).status_code == 400
    assert post(curator, end, {"ends_on": "2026-12-20"}, token_from=end).status_code == 302
    assert rows(inspector, "SELECT kind, starts_on, ends_on FROM mentee_support") == [
        ("methodical_association", date(2026, 9, 1), date(2026, 12, 20))]
    html = curator.get("/school-a/banks/mentees?waiting=y").get_data(as_text=True)
    assert f"/banks/mentees/{entry_id}" in html


def test_a_pair_ends_the_open_support_and_support_is_not_recorded_outside_the_waiting_list(app, world, clients,
                                                                                           inspector):
    teacher_id = consenting_teacher(app, world, "a_teacher")
    entry_id = add_entry(app, world.orgs["A"], "mentee", teacher_id, status="supported")
    add_support(app, world.orgs["A"], entry_id, starts_on=date(2026, 1, 10))
    curator = clients("a_curator")
    page = f"/school-a/banks/mentees/{entry_id}"
    post(curator, f"{page}/status", {"status": "in_pair"}, token_from=page)
    assert scalar(inspector, "SELECT ends_on FROM mentee_support") is not None
    path = f"{page}/support"
    assert post(curator, path, {"kind": "other", "starts_on": "2026-09-01"}, token_from=path).status_code == 400
    assert scalar(inspector, "SELECT count(*) FROM mentee_support") == 1


def test_the_mentee_bank_filters_by_category_difficulty_status_and_waiting(app, world, clients):
    first = consenting_teacher(app, world, "a_teacher")
    second = consenting_teacher(app, world, "a_methodist")
    add_entry(app, world.orgs["A"], "mentee", first, category="after_break", difficulties={"parents": "Родители"})
    add_entry(app, world.orgs["A"], "mentee", second, status="in_pair")
    curator = clients("a_curator")

    def names(query):
        html = curator.get(f"/school-a/banks/mentees?{query}").get_data(as_text=True)
        return set(re.findall(r'/school-a/banks/mentees/[0-9a-f-]{36}">Person (\w+)<', html))

    assert names("") == {"a_teacher", "a_methodist"}
    assert names("category=after_break") == {"a_teacher"}
    assert names("difficulty=parents") == {"a_teacher"}
    assert names("difficulty=teaching_methods") == {"a_methodist"}
    assert names("status=in_pair") == {"a_methodist"}
    assert names("waiting=y") == {"a_teacher"}


def test_withdrawal_removes_the_mentee_from_the_bank_and_its_counts_at_once(app, world, clients, inspector):
    """152-ФЗ ст. 21: the working list and the counts join the standing consent."""
    from app.banks import home

    teacher_id = consenting_teacher(app, world, "a_teacher")
    entry_id = add_entry(app, world.orgs["A"], "mentee", teacher_id)
    curator = clients("a_curator")
    assert f"/banks/mentees/{entry_id}" in curator.get("/school-a/banks/mentees").get_data(as_text=True)
    withdraw(inspector, teacher_id)
    html = curator.get("/school-a/banks/mentees").get_data(as_text=True)
    assert f"/banks/mentees/{entry_id}" not in html and '<li data-lacks="processing">Person a_teacher' in html
    assert curator.get(f"/school-a/banks/mentees/{entry_id}").status_code == 404
    with in_scope(app, world.orgs["A"]):
        assert home.counts(type("Org", (), {"id": world.orgs["A"].id})).mentees_with_requests == 0


def test_the_home_counts_come_in_one_statement(app, world, count_queries):
    """The curator's home page: candidates, approved mentors, mentees with requests, waiting."""
    from app.banks import home

    org = world.orgs["A"]
    people = ["a_teacher", "a_methodist", "a_admin", "ab_teacher"]
    ids = [consenting_teacher(app, world, person) for person in people]
    add_entry(app, org, "mentor", ids[0])
    add_entry(app, org, "mentor", ids[1], status="approved", approved_at=datetime.now(timezone.utc))
    add_entry(app, org, "mentee", ids[2])
    add_entry(app, org, "mentee", ids[3], status="in_pair")
    add_entry(app, world.orgs["B"], "mentor", consenting_teacher(app, world, "b_teacher", "B"))
    with in_scope(app, org):
        with count_queries() as counter:
            counts = home.counts(type("Org", (), {"id": org.id}))
    # The scope's settings go first, lazily, with the transaction's first statement (tenants/rls.py).
    assert len([s for s in counter.statements if "set_config" not in s]) == 1
    assert counts == home.BankCounts(candidates=1, approved_mentors=1, mentees_with_requests=2, waiting=1)


def test_the_review_is_recorded_and_falls_due_after_twelve_months(app, world, clients, inspector):
    """Положение 3.4: the curator updates the bank of mentees at least once a year."""
    from app.banks import mentees

    org = type("Org", (), {"id": world.orgs["A"].id})
    with in_scope(app, world.orgs["A"]):
        assert mentees.review_due(org) is True  # never reviewed
    curator = clients("a_curator")
    path = "/school-a/banks/mentees/review"
    assert post(curator, path, {"note": "Добавлены два молодых специалиста"}, token_from=path).status_code == 302
    (reviewed_at, by, note), = rows(inspector, "SELECT reviewed_at, reviewed_by_id, note FROM bank_reviews")
    assert (by, note) == (world.people["a_curator"].id, "Добавлены два молодых специалиста")
    html = curator.get("/school-a/banks/mentees").get_data(as_text=True)
    assert "Person a_curator" in html and "Добавлены два молодых специалиста" in html
    day = reviewed_at.date()
    with in_scope(app, world.orgs["A"]):
        assert mentees.review_due(org, today=day) is False
        assert mentees.review_due(org, today=day.replace(year=day.year + 1)) is False
        assert mentees.review_due(org, today=date.fromordinal(day.replace(year=day.year + 1).toordinal() + 1)) is True
    with in_scope(app, world.orgs["B"]):
        assert mentees.review_due(type("Org", (), {"id": world.orgs["B"].id})) is True  # A's review is not B's
