"""The decision is an order (issue 8; Положение 3.3, 4.1, 5.1, 7.1): when the director's order on a
granted petition is signed, the pair continues with the proposed mentor — the replaced mentor's row and
the pair's history kept, the loads moved — or, for a release with nobody proposed, ends early at the
mentor's initiative. Applying the same order twice changes nothing."""
from __future__ import annotations

import uuid

import pytest

from tests.banks.helpers import add_entry, in_scope, rows, scalar
from tests.petitions.helpers import active_pair, approved_mentor
from tests.support.mentoring import add_consent

MENTOR_CONSENTS = ("processing", "pair_duty", "mentor_duty")


def _ready_mentor(app, world, last_name="Смирнова"):
    org = world.orgs["A"]
    teacher_id = approved_mentor(app, org, last_name)
    for purpose in MENTOR_CONSENTS:
        add_consent(app, org, teacher_id, purpose)
    return teacher_id


def _granted(app, world, kind, proposed):
    """A petition filed, reviewed and granted through the services, each step by its own person."""
    from app.core.extensions import db
    from app.pairs import petitions

    org = world.orgs["A"]
    filer = "a_methodist" if kind == "replace_mentor" else "a_teacher"
    pair = active_pair(app, world)
    add_entry(app, org, "mentor", pair.mentor_id, status="approved", approved_at="2026-09-01T09:00:00+03:00",
              approval_order_ref="№ 13 – А", load=1)
    new_mentor = _ready_mentor(app, world) if proposed else None
    with in_scope(app, org, world.people[filer].id):
        petition_id = petitions.file(pair.pair_id, petitions.PetitionKind(kind), "Причина").id
        db.session.commit()
    with in_scope(app, org, world.people["a_curator"].id):
        petitions.review(petition_id, "Заключение куратора", new_mentor)
        db.session.commit()
    with in_scope(app, org, world.people["a_director"].id):
        petitions.decide(petition_id, True, "Уважительная причина")
        db.session.commit()
    return pair, petition_id, new_mentor


def _apply(app, world, petition_id, order_id):
    from app.core.extensions import db
    from app.pairs import petitions

    with in_scope(app, world.orgs["A"], world.people["a_director"].id):
        petitions.apply_decision(petition_id, order_id)
        db.session.commit()


def test_a_granted_replacement_changes_the_mentor_and_keeps_the_history(app, world, inspector):
    """Положение 5.1: the mentee's petition granted, its order signed: the pair stays active with the
    new mentor; the old mentor's row stays with left_at; the pair's transitions are kept and one more
    records the replacement under the order; the loads move; the petition is executed by that order."""
    pair, petition_id, new_mentor = _granted(app, world, "replace_mentor", proposed=True)
    transitions_before = scalar(inspector, "SELECT count(*) FROM pair_transitions WHERE pair_id = :p", p=pair.pair_id)
    order_id = uuid.uuid4()
    _apply(app, world, petition_id, order_id)
    assert scalar(inspector, "SELECT status FROM pairs WHERE id = :p", p=pair.pair_id) == "active"
    people = rows(inspector, "SELECT teacher_id, role, left_at IS NULL FROM pair_participants WHERE pair_id = :p "
                             "ORDER BY joined_at", p=pair.pair_id)
    assert (pair.mentor_id, "mentor", False) in people and (new_mentor, "mentor", True) in people
    assert (pair.mentee_id, "mentee", True) in people
    assert scalar(inspector, "SELECT count(*) FROM pair_transitions WHERE pair_id = :p",
                  p=pair.pair_id) == transitions_before + 1
    assert scalar(inspector, "SELECT order_id FROM pair_transitions WHERE pair_id = :p AND order_id IS NOT NULL "
                             "ORDER BY at DESC LIMIT 1", p=pair.pair_id) == order_id
    assert rows(inspector, "SELECT teacher_id, load FROM mentor_entries ORDER BY load") == \
        [(pair.mentor_id, 0), (new_mentor, 1)]
    assert rows(inspector, "SELECT status, order_id FROM petitions") == [("executed", order_id)]
    assert [s for (s,) in rows(inspector, "SELECT status FROM petition_events ORDER BY at")] == \
        ["filed", "reviewed", "granted", "executed"]
    # The same order again: nothing changes (the orders' signing may retry).
    _apply(app, world, petition_id, order_id)
    assert scalar(inspector, "SELECT count(*) FROM pair_participants WHERE pair_id = :p", p=pair.pair_id) == 3
    assert scalar(inspector, "SELECT count(*) FROM petition_events") == 4


def test_a_granted_release_with_nobody_to_take_over_ends_the_pair_at_the_mentors_initiative(app, world, inspector):
    """Положение 4.1, 7.1: the mentor released, nobody proposed: the pair ends early, reason
    mentor_initiative, under the order; the mentor's load is given back."""
    pair, petition_id, _ = _granted(app, world, "release", proposed=False)
    order_id = uuid.uuid4()
    _apply(app, world, petition_id, order_id)
    assert rows(inspector, "SELECT status, end_reason, end_order_id FROM pairs WHERE id = :p", p=pair.pair_id) == \
        [("ended_early", "mentor_initiative", order_id)]
    assert scalar(inspector, "SELECT load FROM mentor_entries WHERE teacher_id = :t", t=pair.mentor_id) == 0
    assert scalar(inspector, "SELECT status FROM petitions") == "executed"


def test_a_granted_release_with_a_new_mentor_continues_the_pair(app, world, inspector):
    """Положение 4.1: the mentor is released and the pair continues with the mentor the curator proposed."""
    pair, petition_id, new_mentor = _granted(app, world, "release", proposed=True)
    _apply(app, world, petition_id, uuid.uuid4())
    assert scalar(inspector, "SELECT status FROM pairs WHERE id = :p", p=pair.pair_id) == "active"
    assert scalar(inspector, "SELECT teacher_id FROM pair_participants WHERE pair_id = :p AND role = 'mentor' "
                             "AND left_at IS NULL", p=pair.pair_id) == new_mentor


def test_a_refusal_of_the_lifecycle_leaves_the_petition_granted(app, world, inspector):
    """The new mentor's written consent withdrawn before the order is signed: the lifecycle refuses
    (Положение 3.2), nothing is half-written, the petition still waits for an order."""
    from app.core.errors import ServiceError

    pair, petition_id, new_mentor = _granted(app, world, "replace_mentor", proposed=True)
    with inspector.begin() as conn:
        from sqlalchemy import text

        conn.execute(text("UPDATE consents SET withdrawn_at = now(), destroy_due_on = current_date + 30 "
                          "WHERE teacher_id = :t AND purpose = 'mentor_duty'"), {"t": new_mentor})
    with pytest.raises(ServiceError):
        _apply(app, world, petition_id, uuid.uuid4())
    assert scalar(inspector, "SELECT status FROM petitions") == "granted"
    assert scalar(inspector, "SELECT count(*) FROM pair_participants WHERE pair_id = :p", p=pair.pair_id) == 2
