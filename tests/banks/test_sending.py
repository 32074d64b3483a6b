"""Sending the questionnaire (roadmap 3.1) and the request form (roadmap 2.1): the chosen teachers get a
to-do on their own page and, with an account, a letter; the curator sees who answered."""
from __future__ import annotations

from tests.banks.helpers import QUESTIONNAIRE, REQUESTS, consenting_teacher, rows, scalar
from tests.support.http import post
from tests.support.jobs import letters_to
from tests.support.mentoring import add_teacher


def test_the_curator_sends_the_questionnaire_and_sees_who_answered(app, world, clients, inspector):
    with_account = consenting_teacher(app, world, "a_teacher")
    without_account = add_teacher(app, world.orgs["A"], "Безучётная", "Ольга", email="olga@test-nastavnik.ru")
    curator = clients("a_curator")
    path = "/school-a/banks/mentors/send"
    response = post(curator, path, {"teacher": [str(with_account), str(without_account)]}, token_from=path)
    assert response.status_code == 302
    assert rows(inspector, "SELECT teacher_id, bank, sent_by_id, answered_at FROM bank_invitations ORDER BY teacher_id"
                ) == sorted([(with_account, "mentor", world.people["a_curator"].id, None),
                             (without_account, "mentor", world.people["a_curator"].id, None)])
    # A letter to the person with an account only, with the link to their questionnaire.
    assert scalar(inspector,
                  "SELECT count(*) FROM outbound_emails WHERE template = 'banks/questionnaire_letter.txt'") == 1
    (subject, body), = letters_to(app, world.people["a_teacher"].email)
    assert "/school-a/banks/my/questionnaire" in body
    assert letters_to(app, "olga@test-nastavnik.ru") == []
    teacher = clients("a_teacher")
    my = "/school-a/banks/my/questionnaire"
    assert 'class="flash" role="status"' in teacher.get(my).get_data(as_text=True)  # the to-do
    post(teacher, my, QUESTIONNAIRE, token_from=my)
    assert scalar(inspector, "SELECT answered_at FROM bank_invitations WHERE teacher_id = :t", t=with_account)
    assert 'class="flash" role="status"' not in teacher.get(my).get_data(as_text=True)
    assert scalar(inspector, "SELECT answered_at FROM bank_invitations WHERE teacher_id = :t",
                  t=without_account) is None


def test_the_request_form_goes_to_the_mentee_bank_page_of_the_teacher(app, world, clients, inspector):
    teacher_id = consenting_teacher(app, world, "a_teacher")
    curator = clients("a_curator")
    path = "/school-a/banks/mentees/send"
    assert post(curator, path, {"teacher": [str(teacher_id)]}, token_from=path).status_code == 302
    (subject, body), = letters_to(app, world.people["a_teacher"].email)
    assert "/school-a/banks/my/requests" in body
    teacher = clients("a_teacher")
    post(teacher, "/school-a/banks/my/requests", REQUESTS, token_from="/school-a/banks/my/requests")
    assert scalar(inspector, "SELECT answered_at IS NOT NULL FROM bank_invitations WHERE bank = 'mentee'") is True
    assert scalar(inspector, "SELECT count(*) FROM bank_invitations WHERE bank = 'mentor'") == 0


def test_sending_to_nobody_to_a_teacher_of_another_school_or_a_tampered_id_changes_nothing(app, world, clients,
                                                                                           inspector):
    other_school = consenting_teacher(app, world, "b_teacher", "B")
    curator = clients("a_curator")
    path = "/school-a/banks/mentors/send"
    for chosen in ([], [str(other_school)], ["not-an-id"]):
        response = post(curator, path, {"teacher": chosen}, token_from=path)
        assert response.status_code == 200, chosen
    assert scalar(inspector, "SELECT count(*) FROM bank_invitations") == 0
    assert scalar(inspector, "SELECT count(*) FROM outbound_emails") == 0


def test_a_person_without_a_teacher_record_is_told_so_and_nothing_is_written(app, world, clients, inspector):
    teacher = clients("a_teacher")
    for path in ("/school-a/banks/my/questionnaire", "/school-a/banks/my/requests"):
        assert 'data-record="missing"' in teacher.get(path).get_data(as_text=True)
        assert 'data-record="missing"' in post(teacher, path, QUESTIONNAIRE, token_from=path).get_data(as_text=True)
    assert scalar(inspector, "SELECT count(*) FROM mentor_entries") == 0
    add_teacher(app, world.orgs["A"], "Person", "a_teacher", user_id=world.people["a_teacher"].id)
    assert 'data-record="missing"' not in teacher.get("/school-a/banks/my/questionnaire").get_data(as_text=True)
