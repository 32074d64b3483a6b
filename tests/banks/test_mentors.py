"""The bank of mentors: the questionnaire enters the bank only with the processing consent, the
director approves only with the mentor's written consent and the legal basis, the basis states the
pay explicitly, and each status change keeps who, when and why."""
from __future__ import annotations

import re
import uuid
from datetime import date

from tests.banks.helpers import QUESTIONNAIRE, add_entry, consenting_teacher, rows, scalar, withdraw
from tests.support.http import post
from tests.support.mentoring import add_consent, add_teacher, add_world_teacher

MY = "/school-a/banks/my/questionnaire"


def test_a_teacher_without_the_processing_consent_cannot_enter_the_bank(app, world, clients, inspector):
    """Положение 3.2, roadmap 3.2, 152-ФЗ ст. 9: nobody enters a bank without the processing consent;
    the page says so and points to the consents; nothing is written."""
    add_world_teacher(app, world, "a_teacher", "A")
    teacher = clients("a_teacher")
    page = teacher.get(MY).get_data(as_text=True)
    assert 'data-consent="missing"' in page
    response = post(teacher, MY, QUESTIONNAIRE, token_from=MY)
    assert response.status_code == 400
    assert "152-ФЗ ст. 9" in response.get_data(as_text=True)
    assert scalar(inspector, "SELECT count(*) FROM mentor_entries") == 0


def test_a_teacher_with_the_consent_submits_the_questionnaire_as_a_candidate(app, world, clients, inspector):
    """Roadmap 3.1: the potential mentor's questionnaire, filled by the teacher themself."""
    teacher_id = consenting_teacher(app, world, "a_teacher")
    teacher = clients("a_teacher")
    response = post(teacher, MY, QUESTIONNAIRE, token_from=MY)
    assert response.status_code == 302
    (status, competences, subjects, topics, forms, capacity, filled_by, filled_by_id), = rows(
        inspector, "SELECT status, competences, subjects, topics, forms, capacity, filled_by, filled_by_id "
        "FROM mentor_entries WHERE teacher_id = :t", t=teacher_id)
    assert (status, capacity, filled_by) == ("candidate", 3, "self")
    assert competences == ["subject_content", "teaching_methods"] and subjects == ["Математика", "Физика"]
    assert topics == "Формирующее оценивание\nПроектная деятельность" and forms == ["traditional", "group"]
    assert filled_by_id == world.people["a_teacher"].id
    assert rows(inspector, "SELECT old_status, new_status, by_id FROM bank_status_changes") == [
        (None, "candidate", world.people["a_teacher"].id)]
    page = teacher.get(MY).get_data(as_text=True)
    assert "Формирующее оценивание" in page and 'data-consent="missing"' not in page


def test_the_curator_copies_a_paper_questionnaire_and_who_filled_it_is_recorded(app, world, clients, inspector):
    """Roadmap 3.1: the curator fills the questionnaire from a signed paper form."""
    teacher_id = add_teacher(app, world.orgs["A"], "Петрова", "Анна", "Ивановна")
    path = f"/school-a/banks/mentors/for/{teacher_id}"
    curator = clients("a_curator")
    refused = post(curator, path, QUESTIONNAIRE, token_from=path)
    assert refused.status_code == 400
    assert "Петрова Анна Ивановна" in refused.get_data(as_text=True)
    assert "152-ФЗ ст. 9" in refused.get_data(as_text=True)
    add_consent(app, world.orgs["A"], teacher_id)
    assert post(curator, path, QUESTIONNAIRE, token_from=path).status_code == 302
    assert rows(inspector, "SELECT filled_by, filled_by_id FROM mentor_entries") == [
        ("curator", world.people["a_curator"].id)]
    html = curator.get("/school-a/banks/mentors").get_data(as_text=True)
    assert "Петрова Анна Ивановна" in html and "0/3" in html


def test_capacity_is_from_one_to_ten_and_a_competence_is_required(app, world, clients, inspector):
    consenting_teacher(app, world, "a_teacher")
    teacher = clients("a_teacher")
    for changes in ({"capacity": "11"}, {"capacity": "0"}, {"competences": []}, {"competences": ["no-such-code"]},
                    {"forms": ["no-such-form"]}):
        response = post(teacher, MY, {**QUESTIONNAIRE, **changes}, token_from=MY)
        assert response.status_code == 400, changes
    assert scalar(inspector, "SELECT count(*) FROM mentor_entries") == 0


def test_a_withdrawn_processing_consent_removes_the_mentor_from_the_bank_at_once(app, world, clients, inspector):
    """152-ФЗ ст. 21: without the processing consent the person leaves the working lists in the same
    request, and their entry page answers 404."""
    teacher_id = consenting_teacher(app, world, "a_teacher")
    entry_id = add_entry(app, world.orgs["A"], "mentor", teacher_id)
    curator = clients("a_curator")
    assert "Person a_teacher" in curator.get("/school-a/banks/mentors").get_data(as_text=True)
    withdraw(inspector, teacher_id)
    html = curator.get("/school-a/banks/mentors").get_data(as_text=True)
    assert f"/banks/mentors/{entry_id}" not in html
    assert '<li data-lacks="processing">Person a_teacher' in html  # listed among those who lack it
    assert curator.get(f"/school-a/banks/mentors/{entry_id}").status_code == 404


def _basis(client, entry_id, data):
    path = f"/school-a/banks/mentors/{entry_id}/basis"
    return post(client, path, data, token_from=path)


AGREEMENT = {"kind": "agreement", "agreement_content": "Сопровождение молодого специалиста",
             "agreement_from": "2026-09-01",
             "agreement_until": "2027-05-31", "agreement_form": "traditional"}


def test_the_agreement_states_the_pay_an_amount_or_without_pay_explicitly(app, world, clients, inspector):
    """ТК РФ ст. 351.8: the additional agreement names content, term, form and pay."""
    teacher_id = consenting_teacher(app, world, "a_teacher")
    entry_id = add_entry(app, world.orgs["A"], "mentor", teacher_id)
    curator = clients("a_curator")
    assert _basis(curator, entry_id, AGREEMENT).status_code == 400  # no pay chosen
    assert _basis(curator, entry_id, {**AGREEMENT, "pay_kind": "amount"}).status_code == 400  # no amount
    assert _basis(curator, entry_id, {**AGREEMENT, "pay_kind": "amount", "pay_amount": "0"}).status_code == 400
    assert _basis(curator, entry_id, {**AGREEMENT, "agreement_until": "2026-01-01", "pay_kind": "unpaid"}
                  ).status_code == 400
    assert _basis(curator, entry_id, {"kind": "job_description"}).status_code == 400
    assert scalar(inspector, "SELECT basis FROM mentor_entries") is None
    assert _basis(curator, entry_id, {**AGREEMENT, "pay_kind": "unpaid", "pay_amount": "500"}).status_code == 302
    assert rows(inspector, "SELECT basis, pay_kind, pay_amount FROM mentor_entries") == [("agreement", "unpaid", None)]
    assert _basis(curator, entry_id, {**AGREEMENT, "pay_kind": "amount", "pay_amount": "2500.50"}).status_code == 302
    assert rows(inspector, "SELECT pay_kind, pay_amount::text FROM mentor_entries") == [("amount", "2500.50")]
    assert _basis(curator, entry_id, {"kind": "job_description", "job_description_ref": "ДИ учителя, п. 3.12"}
                  ).status_code == 302
    assert rows(inspector, "SELECT basis, agreement_content, job_description_ref FROM mentor_entries") == [
        ("job_description", None, "ДИ учителя, п. 3.12")]


def _approve(client, entry_id, order="№ 13 – А от 24.03.2022"):
    path = f"/school-a/banks/mentors/{entry_id}/approve"
    return post(client, path, {"order_ref": order}, token_from=path)


def test_the_director_approves_only_with_the_written_consent_and_the_legal_basis(app, world, clients, inspector):
    """Положение 3.2: a teacher is appointed mentor by the director's order with their written consent
    (Purpose.mentor_duty); ТК РФ ст. 351.8: on the legal basis of the duty."""
    teacher_id = consenting_teacher(app, world, "a_teacher")
    entry_id = add_entry(app, world.orgs["A"], "mentor", teacher_id)
    director = clients("a_director")
    page = director.get(f"/school-a/banks/mentors/{entry_id}/approve").get_data(as_text=True)
    assert "(Положение 3.2):" in page  # the refusal is said before the form is sent
    refused = _approve(director, entry_id)
    assert refused.status_code == 400 and "(Положение 3.2):" in refused.get_data(as_text=True)
    add_consent(app, world.orgs["A"], teacher_id, "mentor_duty")
    refused = _approve(director, entry_id)
    assert refused.status_code == 400 and "ТК РФ ст. 351.8" in refused.get_data(as_text=True)
    assert scalar(inspector, "SELECT status FROM mentor_entries") == "candidate"
    _basis(clients("a_curator"), entry_id, {"kind": "job_description", "job_description_ref": "ДИ, п. 3"})
    assert _approve(director, entry_id, order="").status_code == 400
    assert _approve(director, entry_id).status_code == 302
    (status, approved_by, order, order_id, approved_at), = rows(
        inspector,
        "SELECT status, approved_by_id, approval_order_ref, approval_order_id, approved_at FROM mentor_entries")
    assert (status, approved_by, order, order_id) == ("approved", world.people["a_director"].id,
                                                      "№ 13 – А от 24.03.2022", None)
    assert approved_at is not None
    assert rows(inspector, "SELECT old_status, new_status, by_id, reason FROM bank_status_changes ORDER BY at")[-1] == (
        "candidate", "approved", world.people["a_director"].id, "№ 13 – А от 24.03.2022")
    assert _approve(director, entry_id).status_code == 400  # only a candidate is approved


def test_approval_is_refused_when_the_processing_consent_was_withdrawn(app, world, clients, inspector):
    teacher_id = consenting_teacher(app, world, "a_teacher", purposes=("processing", "mentor_duty"))
    entry_id = add_entry(app, world.orgs["A"], "mentor", teacher_id, basis="job_description",
                         job_description_ref="ДИ")
    withdraw(inspector, teacher_id)
    assert _approve(clients("a_director"), entry_id).status_code == 404
    assert scalar(inspector, "SELECT status FROM mentor_entries") == "candidate"


def test_the_candidates_page_lists_those_waiting_and_what_each_lacks(app, world, clients):
    """Положение 3.2: the director's «Кандидаты в наставники»."""
    ready = consenting_teacher(app, world, "a_teacher", purposes=("processing", "mentor_duty"))
    lacking = consenting_teacher(app, world, "a_methodist")
    add_entry(app, world.orgs["A"], "mentor", ready, basis="job_description", job_description_ref="ДИ")
    add_entry(app, world.orgs["A"], "mentor", lacking)
    html = clients("a_director").get("/school-a/banks/candidates").get_data(as_text=True)
    assert "Person a_teacher" in html and "Person a_methodist" in html
    assert html.count('data-lacks="mentor_duty"') == 1
    assert html.count("/approve") == 1


def test_leaving_the_bank_needs_a_reason_and_is_kept_in_the_history(app, world, clients, inspector):
    teacher_id = consenting_teacher(app, world, "a_teacher")
    entry_id = add_entry(app, world.orgs["A"], "mentor", teacher_id)
    path = f"/school-a/banks/mentors/{entry_id}/deactivate"
    curator = clients("a_curator")
    assert post(curator, path, {"reason": ""}, token_from=path).status_code == 400
    assert post(curator, path, {"reason": "Заявление о сложении обязанностей (Положение 4.1)"}, token_from=path
                ).status_code == 302
    assert rows(inspector, "SELECT old_status, new_status, by_id, reason FROM bank_status_changes ORDER BY at")[-1] == (
        "candidate", "inactive", world.people["a_curator"].id, "Заявление о сложении обязанностей (Положение 4.1)")
    html = curator.get(f"/school-a/banks/mentors/{entry_id}").get_data(as_text=True)
    assert "Заявление о сложении обязанностей" in html


def test_a_mentor_with_mentees_does_not_leave_the_bank_and_capacity_stays_above_the_load(app, world, clients,
                                                                                            inspector):
    """The load is kept by the pairs feature; the capacity never drops below it."""
    teacher_id = consenting_teacher(app, world, "a_teacher")
    entry_id = add_entry(app, world.orgs["A"], "mentor", teacher_id, capacity=3, load=2)
    path = f"/school-a/banks/mentors/{entry_id}/deactivate"
    assert post(clients("a_curator"), path, {"reason": "Ушла"}, token_from=path).status_code == 400
    teacher = clients("a_teacher")
    assert post(teacher, MY, {**QUESTIONNAIRE, "capacity": "1"}, token_from=MY).status_code == 400
    assert scalar(inspector, "SELECT capacity FROM mentor_entries") == 3


def test_the_bank_filters_by_competence_subject_form_free_capacity_and_status(app, world, clients):
    first = consenting_teacher(app, world, "a_teacher")
    second = consenting_teacher(app, world, "a_methodist")
    add_entry(app, world.orgs["A"], "mentor", first, competences=["parents"], subjects=["История"],
              forms=["group"], capacity=1, load=0)
    add_entry(app, world.orgs["A"], "mentor", second, competences=["subject_content"], subjects=["Математика"],
              status="approved", approved_at=date(2026, 9, 1), basis="job_description", job_description_ref="ДИ п. 3")
    curator = clients("a_curator")

    def names(query):
        html = curator.get(f"/school-a/banks/mentors?{query}").get_data(as_text=True)
        return set(re.findall(r'/school-a/banks/mentors/[0-9a-f-]{36}">Person (\w+)<', html))

    assert names("") == {"a_teacher", "a_methodist"}
    assert names("competence=parents") == {"a_teacher"}
    assert names("subject=матем") == {"a_methodist"}
    assert names("form=group") == {"a_teacher"}
    assert names("free=y") == {"a_methodist"}  # a candidate with room is not free to take mentees
    assert names("status=candidate") == {"a_teacher"}
    assert names("status=approved") == {"a_methodist"}
    assert names("name=a_meth") == {"a_methodist"}
    assert curator.get("/school-a/banks/mentors?competence=no-such").status_code == 400


def test_who_works_the_bank(app, world, clients):
    """Положение 3.5 (curator and methodist), 3.4 (the school admin with the curator); the director
    reads and approves; a teacher sees only their own questionnaire."""
    teacher_id = consenting_teacher(app, world, "b_teacher", "B")
    assert teacher_id
    for person in ("a_curator", "a_methodist", "a_admin", "a_director"):
        assert clients(person).get("/school-a/banks/mentors").status_code == 200, person
    assert clients("a_teacher").get("/school-a/banks/mentors").status_code == 403
    assert clients("a_director").get("/school-a/banks/mentors/send").status_code == 403
    assert clients("a_curator").get("/school-a/banks/candidates").status_code == 403
    other = add_teacher(app, world.orgs["A"], "Чужая", "Анкета")
    assert clients("a_teacher").get(f"/school-a/banks/mentors/for/{other}").status_code == 403
    assert clients("a_teacher").get(f"/school-a/banks/mentors/for/{uuid.uuid4()}").status_code == 403
