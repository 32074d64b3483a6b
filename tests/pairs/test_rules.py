"""The rules of forming a pair (Положение 2.3, 3.2, 6.1; 152-ФЗ ст. 9): the form's rules as data, no
pair with oneself, nobody without the processing consent or inactive in the registry, the mentor's
capacity, one open «one to one» pair per mentee — and two requests at once on two real connections:
one wins, the other gets the Russian message, nothing half-written."""
from __future__ import annotations

import threading
from datetime import date, datetime, timezone

from tests.banks.helpers import withdraw
from tests.pairs.helpers import call, mentee, mentor, scalar, tr


def _propose(app, org, mentor_id, mentee_ids, form="traditional"):
    from app.pairs import services

    return call(app, org, services.propose, mentor_id, mentee_ids, form)


def test_nobody_is_their_own_mentor(app, world):
    org = world.orgs["A"]
    m, _ = mentor(app, org, "Сидорова")
    assert _propose(app, org, m, [m]) == tr(app, "Nobody is their own mentor.")


def test_only_the_reverse_form_lets_the_less_experienced_teacher_mentor(app, world, inspector):
    """Положение 2.3: «реверсивная» — the younger teacher mentors the experienced one; every other form
    asks that the mentor taught longer."""
    org = world.orgs["A"]
    young, _ = mentor(app, org, "Молодая", since=date(2023, 9, 1))
    veteran, _ = mentee(app, org, "Опытный", since=date(1995, 9, 1))
    refused = _propose(app, org, young, [veteran])
    assert refused == tr(app, "%(mentee)s has taught longer than %(mentor)s: only the reverse form lets a less "
                              "experienced teacher mentor a more experienced one (Положение 2.3).",
                         mentee="Опытный Подопечный", mentor="Молодая Наставник")
    assert not isinstance(_propose(app, org, young, [veteran], "reverse"), str)
    assert scalar(inspector, "SELECT form_code FROM pairs") == "reverse"


def test_a_group_form_takes_several_mentees_and_a_one_to_one_form_takes_one(app, world, inspector):
    """Положение 2.3: «в группе» is one mentor and several mentees; «один на один» one and one."""
    org = world.orgs["A"]
    m, _ = mentor(app, org, "Сидорова", capacity=3)
    a, _ = mentee(app, org, "Первый")
    b, _ = mentee(app, org, "Второй")
    assert _propose(app, org, m, [a, b], "traditional") == tr(app, "This form is for one mentor and one mentee.")
    assert _propose(app, org, m, [a], "group") == tr(app, "This form is for a group: choose several mentees.")
    assert not isinstance(_propose(app, org, m, [a, b], "group"), str)
    assert scalar(inspector, "SELECT kind FROM pairs") == "group"
    assert scalar(inspector, "SELECT count(*) FROM pair_participants WHERE role = 'mentee'") == 2


def test_nobody_without_the_processing_consent_is_in_a_pair(app, world, inspector):
    """152-ФЗ ст. 9: the processing consent stands for each participant."""
    org = world.orgs["A"]
    m, _ = mentor(app, org, "Сидорова")
    e, _ = mentee(app, org, "Петров")
    withdraw(inspector, e, "processing")
    refused = _propose(app, org, m, [e])
    assert isinstance(refused, str) and "Петров Подопечный" in refused
    assert scalar(inspector, "SELECT count(*) FROM pairs") == 0


def test_nobody_inactive_in_the_registry_is_in_a_pair(app, world, inspector):
    org = world.orgs["A"]
    m, _ = mentor(app, org, "Сидорова")
    e, _ = mentee(app, org, "Ушедший", is_active=False, left_at=datetime(2026, 10, 1, tzinfo=timezone.utc))
    assert _propose(app, org, m, [e]) == tr(
        app, "%(name)s no longer works in the school: nobody inactive in the registry is in a pair.",
        name="Ушедший Подопечный")


def test_a_candidate_who_is_not_approved_mentors_nobody(app, world):
    """Положение 3.2: the mentor is appointed by the director's order first."""
    from tests.pairs.helpers import add_entry
    from tests.support.mentoring import add_consent, add_teacher

    org = world.orgs["A"]
    candidate = add_teacher(app, org, "Кандидатова", "Анна", None)
    add_consent(app, org, candidate)
    add_entry(app, org, "mentor", candidate)
    e, _ = mentee(app, org, "Петров")
    assert _propose(app, org, candidate, [e]) == tr(
        app, "%(name)s is not an approved mentor of the bank (Положение 3.2).", name="Кандидатова Анна")


def test_the_capacity_counts_the_mentees_of_open_pairs(app, world, inspector):
    """Roadmap 3.1: the mentor takes as many mentees as their questionnaire says."""
    org = world.orgs["A"]
    m, _ = mentor(app, org, "Сидорова", capacity=1)
    a, _ = mentee(app, org, "Первый")
    b, _ = mentee(app, org, "Второй")
    assert not isinstance(_propose(app, org, m, [a]), str)
    refused = _propose(app, org, m, [b])
    assert isinstance(refused, str) and "Сидорова Наставник" in refused
    assert scalar(inspector, "SELECT count(*) FROM pairs") == 1


def test_one_open_one_to_one_pair_per_mentee_unless_the_form_allows_more(app, world, inspector):
    """Issue 8: one «one to one» pair per mentee; situational mentoring may run beside it."""
    org = world.orgs["A"]
    first, _ = mentor(app, org, "Первая")
    second, _ = mentor(app, org, "Вторая")
    e, _ = mentee(app, org, "Петров")
    assert not isinstance(_propose(app, org, first, [e]), str)
    assert _propose(app, org, second, [e]) == tr(
        app, "%(name)s is already in an open «one to one» pair: a mentee is in one such pair at a time.",
        name="Петров Подопечный")
    assert not isinstance(_propose(app, org, second, [e], "situational"), str)
    assert scalar(inspector, "SELECT count(*) FROM pairs") == 2


def _race(app, org, proposals: list[tuple]) -> list:
    """Each proposal on its own thread, app context and database connection; the first holds its
    locks a moment after its statements so the second waits on them, then both finish."""
    from app.core.errors import ServiceError
    from app.core.extensions import db
    from app.pairs import services
    from tenants.switches import acting_in

    locked, outcomes = threading.Event(), [None] * len(proposals)

    def run(index, mentor_id, mentee_ids, hold):
        with app.app_context(), acting_in(municipality_id=org.municipality_id, org_id=org.id,
                                          reason="test: two proposals at once"):
            try:
                pair = services.propose(mentor_id, mentee_ids, "traditional")
                if hold:
                    locked.set()
                    threading.Event().wait(0.5)  # the other request waits on the locks meanwhile
                db.session.commit()
                outcomes[index] = pair.id
            except ServiceError as error:
                db.session.rollback()
                outcomes[index] = str(error.message)
            finally:
                locked.set()
                db.session.remove()

    first = threading.Thread(target=run, args=(0, *proposals[0], True))
    first.start()
    locked.wait(5)
    second = threading.Thread(target=run, args=(1, *proposals[1], False))
    second.start()
    first.join(10)
    second.join(10)
    return outcomes


def test_two_proposals_at_once_for_the_last_place_of_a_mentor_one_wins(app, world, inspector):
    """The capacity holds under concurrency: the mentor's bank entry is locked before the count."""
    org = world.orgs["A"]
    m, _ = mentor(app, org, "Сидорова", capacity=1)
    a, _ = mentee(app, org, "Первый")
    b, _ = mentee(app, org, "Второй")
    won, lost = _race(app, org, [(m, [a]), (m, [b])])
    assert not isinstance(won, str)
    assert isinstance(lost, str) and "Сидорова Наставник" in lost
    assert scalar(inspector, "SELECT count(*) FROM pairs") == 1
    assert scalar(inspector, "SELECT count(*) FROM pair_participants") == 2
    assert scalar(inspector, "SELECT count(*) FROM pair_transitions") == 1


def test_two_one_to_one_proposals_at_once_for_one_mentee_one_wins(app, world, inspector):
    """Exclusivity holds under concurrency: the mentee's bank entry is locked before the look."""
    org = world.orgs["A"]
    first, _ = mentor(app, org, "Первая")
    second, _ = mentor(app, org, "Вторая")
    e, _ = mentee(app, org, "Петров")
    won, lost = _race(app, org, [(first, [e]), (second, [e])])
    assert not isinstance(won, str)
    assert lost == tr(app, "%(name)s is already in an open «one to one» pair: a mentee is in one such pair at "
                           "a time.", name="Петров Подопечный")
    assert scalar(inspector, "SELECT count(*) FROM pairs") == 1
    assert scalar(inspector, "SELECT count(*) FROM pair_participants") == 2
