"""The pairs' pages: the curator forms a pair from the banks (Положение 6.1), each teacher agrees or
declines on «My pairs» (1.3.5, 6.2), the pair's page lists who lacks which consent (3.3), the early
end asks first and takes a reason of 7.1, the list filters and exports; bad input changes nothing."""
from __future__ import annotations

import io
import re

from openpyxl import load_workbook

from tests.banks.helpers import withdraw
from tests.pairs.helpers import mentee, mentor, scalar, status_of
from tests.support.http import post

NEW = "/school-a/pairs/new"
MINE = "/school-a/pairs/my"


def _cast(app, world):
    org = world.orgs["A"]
    m, _ = mentor(app, org, "Сидорова", user_id=world.people["a_teacher"].id)
    e, _ = mentee(app, org, "Петров", user_id=world.people["a_methodist"].id)
    return m, e


def _form_pair(clients, m, e, form="traditional"):
    curator = clients("a_curator")
    return post(curator, NEW, {"form_code": form, "mentor": str(m), "mentees": [str(e)]}, token_from=NEW)


def test_the_curator_forms_a_pair_and_both_teachers_agree_on_their_pages(app, world, clients, inspector):
    m, e = _cast(app, world)
    page = clients("a_curator").get(NEW).get_data(as_text=True)
    assert "Сидорова Наставник" in page and "Петров Подопечный" in page and "0/2" in page
    assert "Не успеваю за урок" in page  # the mentee's difficulty beside the mentor's competences (6.1)
    response = _form_pair(clients, m, e)
    assert response.status_code == 302
    pair_id = scalar(inspector, "SELECT id FROM pairs")
    assert response.headers["Location"].endswith(f"/school-a/pairs/{pair_id}")
    for person in ("a_teacher", "a_methodist"):
        teacher = clients(person)
        assert "Сидорова Наставник" in teacher.get(MINE).get_data(as_text=True)
        assert post(teacher, f"/school-a/pairs/my/{pair_id}/accept", token_from=MINE).status_code == 302
    assert status_of(inspector, pair_id) == "consents_complete"
    detail = clients("a_curator").get(f"/school-a/pairs/{pair_id}").get_data(as_text=True)
    assert 'data-status="consents_complete"' in detail


def test_a_teacher_declines_with_a_reason_and_the_curator_sees_it(app, world, clients, inspector):
    m, e = _cast(app, world)
    _form_pair(clients, m, e)
    pair_id = scalar(inspector, "SELECT id FROM pairs")
    teacher = clients("a_methodist")
    path = f"/school-a/pairs/my/{pair_id}/decline"
    assert post(teacher, path, {"reason": ""}, token_from=path).status_code == 400
    assert status_of(inspector, pair_id) == "draft"
    assert post(teacher, path, {"reason": "Другая нагрузка"}, token_from=path).status_code == 302
    assert status_of(inspector, pair_id) == "declined"
    assert "Другая нагрузка" in clients("a_curator").get(f"/school-a/pairs/{pair_id}").get_data(as_text=True)
    # Proposed again: refused, nothing written.
    assert _form_pair(clients, m, e).status_code == 400
    assert scalar(inspector, "SELECT count(*) FROM pairs") == 1


def test_the_pair_page_lists_who_lacks_which_consent(app, world, clients, inspector):
    """Положение 3.3: the page names the missing pair-duties consent."""
    m, e = _cast(app, world)
    withdraw(inspector, e, "pair_duty")
    _form_pair(clients, m, e)
    pair_id = scalar(inspector, "SELECT id FROM pairs")
    html = clients("a_curator").get(f"/school-a/pairs/{pair_id}").get_data(as_text=True)
    assert html.count('data-lacks="pair_duty"') == 1


def test_someone_elses_pair_is_not_answered_by_a_teacher_outside_it(app, world, clients, inspector):
    m, e = _cast(app, world)
    _form_pair(clients, m, e)
    pair_id = scalar(inspector, "SELECT id FROM pairs")
    outsider = clients("ab_teacher")
    assert post(outsider, f"/school-a/pairs/my/{pair_id}/accept", token_from=MINE).status_code == 404
    assert scalar(inspector, "SELECT count(*) FROM pair_participants WHERE response = 'accepted'") == 0


def test_the_early_end_asks_first_and_needs_a_reason_of_7_1(app, world, clients, inspector):
    m, e = _cast(app, world)
    _form_pair(clients, m, e)
    pair_id = scalar(inspector, "SELECT id FROM pairs")
    curator, path = clients("a_curator"), f"/school-a/pairs/{pair_id}/end"
    page = curator.get(path).get_data(as_text=True)
    assert "форс-мажор" in page.lower() or "force majeure" in page.lower()
    assert post(curator, path, {"reason": "curator_force_majeure", "note": ""}, token_from=path).status_code == 400
    assert post(curator, path, {"reason": "nonsense"}, token_from=path).status_code == 400
    assert status_of(inspector, pair_id) == "draft"
    assert post(curator, path, {"reason": "curator_force_majeure", "note": "Карантин"},
                token_from=path).status_code == 302
    assert status_of(inspector, pair_id) == "ended_early"
    # Ended: the end page is not offered again.
    assert curator.get(path).status_code == 302


def test_the_list_filters_and_searches_by_a_participants_name_and_exports(app, world, clients, inspector):
    m, e = _cast(app, world)
    _form_pair(clients, m, e)
    curator = clients("a_curator")
    assert "Петров Подопечный" in curator.get("/school-a/pairs/?name=петров").get_data(as_text=True)
    assert "Петров Подопечный" not in curator.get("/school-a/pairs/?name=орлов").get_data(as_text=True)
    assert "Петров Подопечный" not in curator.get("/school-a/pairs/?status=active").get_data(as_text=True)
    assert "Петров Подопечный" in curator.get("/school-a/pairs/?status=draft&kind=pair&form=traditional"
                                              ).get_data(as_text=True)
    assert curator.get("/school-a/pairs/?status=bogus").status_code == 400
    response = curator.get("/school-a/pairs/export.xlsx?status=draft")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert "Сидорова Наставник" in values and "Петров Подопечный" in values


def test_a_director_reads_but_does_not_form_pairs_and_a_teacher_sees_no_list(app, world, clients):
    assert clients("a_director").get("/school-a/pairs/").status_code == 200
    assert clients("a_director").get(NEW).status_code == 403
    assert clients("a_teacher").get("/school-a/pairs/").status_code == 403
    assert clients("a_teacher").get(MINE).status_code == 200


def _participant(inspector, pair_id, role):
    return scalar(inspector, "SELECT id FROM pair_participants WHERE pair_id = :p AND role = :r", p=pair_id, r=role)


def test_the_curator_records_answers_given_on_paper_and_the_pair_moves_as_if_given_in_the_app(
        app, world, clients, inspector):
    """Положение 1.3.5, 6.2: a teacher without an account answers with a signed statement; the curator
    records it with its day, the pair's page says «on paper», the history names who recorded it."""
    org = world.orgs["A"]
    m, _ = mentor(app, org, "Сидорова")          # neither has an account
    e, _ = mentee(app, org, "Петров")
    _form_pair(clients, m, e)
    pair_id = scalar(inspector, "SELECT id FROM pairs")
    curator = clients("a_curator")
    path = f"/school-a/pairs/{pair_id}/paper"
    assert "Сидорова Наставник" in curator.get(path).get_data(as_text=True)
    today = scalar(inspector, "SELECT current_date")
    for role in ("mentor", "mentee"):
        answer = {"participant": str(_participant(inspector, pair_id, role)), "answer": "accepted",
                  "signed_on": today.isoformat()}
        assert post(curator, path, answer, token_from=path).status_code == 302
    assert status_of(inspector, pair_id) == "consents_complete"
    assert scalar(inspector, "SELECT count(*) FROM pair_participants WHERE pair_id = :p AND paper_answer_on = :d "
                             "AND paper_answer_by_id = :u", p=pair_id, d=today, u=world.people["a_curator"].id) == 2
    assert scalar(inspector, "SELECT by_id FROM pair_transitions WHERE pair_id = :p AND to_status = 'agreed'",
                  p=pair_id) == world.people["a_curator"].id
    detail = curator.get(f"/school-a/pairs/{pair_id}").get_data(as_text=True)
    assert detail.count("на бумаге, заявление от") == 2
    # Nobody waits any more: the page sends the curator back with a message.
    assert curator.get(path).status_code == 302


def test_a_paper_decline_needs_its_reason_and_a_day_not_in_the_future(app, world, clients, inspector):
    org = world.orgs["A"]
    m, _ = mentor(app, org, "Сидорова")
    e, _ = mentee(app, org, "Петров")
    _form_pair(clients, m, e)
    pair_id = scalar(inspector, "SELECT id FROM pairs")
    curator = clients("a_curator")
    path = f"/school-a/pairs/{pair_id}/paper"
    today = scalar(inspector, "SELECT current_date")
    mentee_row = str(_participant(inspector, pair_id, "mentee"))
    no_reason = post(curator, path, {"participant": mentee_row, "answer": "declined",
                                     "signed_on": today.isoformat()}, token_from=path)
    assert no_reason.status_code == 400 and "Укажите причину." in no_reason.get_data(as_text=True)
    future = post(curator, path, {"participant": mentee_row, "answer": "declined", "reason": "Нагрузка",
                                  "signed_on": today.replace(year=today.year + 1).isoformat()}, token_from=path)
    assert future.status_code == 400
    assert (status_of(inspector, pair_id), scalar(inspector, "SELECT count(*) FROM pair_participants "
                                                             "WHERE paper_answer_on IS NOT NULL")) == ("draft", 0)
    done = post(curator, path, {"participant": mentee_row, "answer": "declined", "reason": "Нагрузка",
                                "signed_on": today.isoformat()}, token_from=path)
    assert done.status_code == 302
    assert status_of(inspector, pair_id) == "declined"
    assert scalar(inspector, "SELECT decline_reason FROM pair_participants WHERE id = :i", i=mentee_row) == "Нагрузка"


def test_a_teacher_cannot_record_a_paper_answer(app, world, clients, inspector):
    m, e = _cast(app, world)
    _form_pair(clients, m, e)
    pair_id = scalar(inspector, "SELECT id FROM pairs")
    assert clients("a_teacher").get(f"/school-a/pairs/{pair_id}/paper").status_code == 403


def test_the_form_page_counts_a_mentors_open_pairs_against_the_capacity_as_the_rule_does(
        app, world, clients, inspector):
    """Положение 6.1: a proposed pair holds its place before the order; the page shows it and says when a
    mentor has no room, as the proposal's own check would (checks.check_mentor)."""
    org = world.orgs["A"]
    m, _ = mentor(app, org, "Сидорова", capacity=1)
    e, _ = mentee(app, org, "Петров")
    assert "0/1" in clients("a_curator").get(NEW).get_data(as_text=True)
    _form_pair(clients, m, e)
    page = clients("a_curator").get(NEW).get_data(as_text=True)
    assert "1/1" in page and page.count("data-full") == 1 and "нет мест" in page


def test_an_active_pair_ends_only_through_the_order_of_its_end(app, world, clients, inspector):
    """Положение 3.3, 7.1: the director's order approved the pair, so another order ends it: the end page
    leads to the order's draft page filled in with the pair and the reason; the pair stays active."""
    from app.pairs import lifecycle, services
    from tests.pairs.helpers import call

    m, e = _cast(app, world)
    _form_pair(clients, m, e)
    pair_id = scalar(inspector, "SELECT id FROM pairs")
    org = world.orgs["A"]
    for person in ("a_teacher", "a_methodist"):
        call(app, org, services.accept, pair_id, user_id=world.people[person].id)
    call(app, org, lifecycle.activate, pair_id, pair_id, user_id=world.people["a_curator"].id)
    assert status_of(inspector, pair_id) == "active"
    curator, path = clients("a_curator"), f"/school-a/pairs/{pair_id}/end"
    response = post(curator, path, {"reason": "mentee_initiative", "note": "Переезд"}, token_from=path)
    assert response.status_code == 302
    assert "/school-a/orders/new?" in response.headers["Location"]
    assert status_of(inspector, pair_id) == "active"
    form = curator.get(response.headers["Location"]).get_data(as_text=True)
    assert re.search(r'value="early_end"[^>]*checked|checked[^>]*value="early_end"', form)
    assert re.search(rf'<option[^>]*selected[^>]*value="{pair_id}"|<option[^>]*value="{pair_id}"[^>]*selected', form)
    assert 'value="Переезд"' in form
    # The service refuses a direct end too (a request that skips the page).
    refused = call(app, org, services.end_early, pair_id, "mentee_initiative", "Переезд",
                   user_id=world.people["a_curator"].id)
    assert refused.startswith("Действующая пара прекращается приказом директора")
    assert status_of(inspector, pair_id) == "active"


def test_a_woman_mentee_is_named_with_the_role_word_that_agrees(app, world, clients, inspector):
    """«Наставляемая» for a woman (by the patronymic, the registry keeps no sex), «наставляемый» otherwise."""
    from tests.banks.helpers import add_entry
    from tests.support.mentoring import add_consent, add_teacher

    org = world.orgs["A"]
    m, _ = mentor(app, org, "Сидорова")
    she = add_teacher(app, org, "Орлова", "Юлия", "Андреевна")
    for purpose in ("processing", "pair_duty"):
        add_consent(app, org, she, purpose)
    add_entry(app, org, "mentee", she)
    _form_pair(clients, m, she)
    pair_id = scalar(inspector, "SELECT id FROM pairs")
    page = clients("a_curator").get(f"/school-a/pairs/{pair_id}").get_data(as_text=True)
    assert "Наставляемая" in page and "Наставляемый" not in page
