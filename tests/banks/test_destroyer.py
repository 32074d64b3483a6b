"""152-ФЗ ст. 21 ч. 5: the destroyer registered for the processing purpose destroys what the teacher
wrote in both banks (questionnaire, requests, support descriptions), keeps the entries and their status
history, and returns the lines of the act of destruction."""
from __future__ import annotations

from tests.banks.helpers import add_entry, add_support, consenting_teacher, in_scope, rows, withdraw


def _destroy(app, org, teacher_id) -> list[str]:
    from app.consents.effects import destroyers
    from app.consents.models import Purpose
    from app.core.extensions import db

    lines = []
    with in_scope(app, org):
        for destroy in destroyers(Purpose.processing):
            lines += destroy(teacher_id)
        db.session.commit()
        db.session.remove()
    return lines


def test_the_processing_destroyer_destroys_the_content_and_keeps_the_history(app, world, inspector):
    org = world.orgs["A"]
    teacher_id = consenting_teacher(app, world, "a_teacher")
    other_id = consenting_teacher(app, world, "a_methodist")
    mentor = add_entry(app, org, "mentor", teacher_id, availability="По вторникам", experience="5 лет")
    mentee = add_entry(app, org, "mentee", teacher_id, request_text="Хочу научиться", status="supported")
    add_support(app, org, mentee, description="Консультации психолога")
    add_entry(app, org, "mentor", other_id)
    withdraw(inspector, teacher_id)
    lines = _destroy(app, org, teacher_id)
    assert len(lines) == 3 and all(isinstance(line, str) and line for line in lines)
    assert rows(inspector, "SELECT competences, subjects, topics, forms, availability, experience, status, "
                           "content_destroyed_at IS NOT NULL FROM mentor_entries WHERE id = :e", e=mentor) == [
        ([], [], None, [], None, None, "inactive", True)]
    assert rows(inspector, "SELECT category, difficulties, request_text, status, content_destroyed_at IS NOT NULL "
                           "FROM mentee_entries WHERE id = :e", e=mentee) == [(None, {}, None, "supported", True)]
    assert rows(inspector, "SELECT description FROM mentee_support") == [(None,)]
    # The history stays, with the reason of the last move; the other teacher's questionnaire is untouched.
    assert [r[0] for r in rows(inspector, "SELECT new_status FROM bank_status_changes WHERE mentor_entry_id = :e "
                                          "ORDER BY at", e=mentor)] == ["candidate", "inactive"]
    assert rows(inspector, "SELECT competences FROM mentor_entries WHERE teacher_id = :t", t=other_id) == [
        (["subject_content"],)]
    assert _destroy(app, org, teacher_id) == []  # once


def test_nothing_is_destroyed_while_a_processing_consent_stands_again(app, world, inspector):
    """A consent given again before the due date covers the data: the destroyer leaves it."""
    from tests.support.mentoring import add_consent

    org = world.orgs["A"]
    teacher_id = consenting_teacher(app, world, "a_teacher")
    add_entry(app, org, "mentor", teacher_id)
    withdraw(inspector, teacher_id)
    add_consent(app, org, teacher_id)
    assert _destroy(app, org, teacher_id) == []
    assert rows(inspector, "SELECT competences FROM mentor_entries") == [(["subject_content"],)]


def test_the_destroyer_acts_only_in_its_school(app, world, inspector):
    teacher_b = consenting_teacher(app, world, "b_teacher", "B")
    add_entry(app, world.orgs["B"], "mentor", teacher_b)
    withdraw(inspector, teacher_b)
    assert _destroy(app, world.orgs["A"], teacher_b) == []
    assert rows(inspector, "SELECT content_destroyed_at FROM mentor_entries") == [(None,)]
