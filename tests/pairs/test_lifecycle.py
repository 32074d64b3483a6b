"""The lifecycle of a pair (Положение 1.3.5, 3.3, 6.1, 6.2, 7.1): every transition with who, when, why;
voluntariness; consents gating; activation only under an order; each reason of 7.1; a replaced mentor;
an ended pair read-only."""
from __future__ import annotations

import uuid

import pytest

from tests.banks.helpers import withdraw
from tests.pairs.helpers import (call, load_of, mentee, mentee_status, mentor, scalar, status_of, tr,
                                 transitions)

ENDED = "The pair has ended: it can no longer be changed."

ORDER = uuid.UUID("00000000-0000-0000-0000-0000000000aa")


@pytest.fixture
def cast(app, world):
    """A mentor and a mentee with accounts (a_teacher, a_methodist), a second mentee (ab_teacher)."""
    org = world.orgs["A"]
    people = world.people
    m, m_entry = mentor(app, org, "Сидорова", user_id=people["a_teacher"].id)
    e, e_entry = mentee(app, org, "Петров", user_id=people["a_methodist"].id)
    e2, e2_entry = mentee(app, org, "Кузнецова", user_id=people["ab_teacher"].id)
    return dict(org=org, mentor=m, mentor_entry=m_entry, mentee=e, mentee_entry=e_entry, mentee2=e2,
                mentee2_entry=e2_entry, curator=people["a_curator"].id, mentor_user=people["a_teacher"].id,
                mentee_user=people["a_methodist"].id, mentee2_user=people["ab_teacher"].id)


def propose(app, c, mentees=None, form="traditional"):
    from app.pairs import services

    return call(app, c["org"], services.propose, c["mentor"], mentees or [c["mentee"]], form, user_id=c["curator"])


def answer(app, c, user, pair_id, accept=True, reason=None):
    from app.pairs import services

    if accept:
        return call(app, c["org"], services.accept, pair_id, user_id=user)
    return call(app, c["org"], services.decline, pair_id, reason, user_id=user)


def agreed_pair(app, c, **kw):
    pair_id = propose(app, c, **kw)
    assert isinstance(pair_id, uuid.UUID), pair_id
    for user in (c["mentor_user"], c["mentee_user"]):
        assert answer(app, c, user, pair_id) == pair_id
    return pair_id


def activate(app, c, pair_id, order=ORDER):
    from app.pairs import lifecycle

    return call(app, c["org"], lifecycle.activate, pair_id, order, user_id=c["curator"])


def end(app, c, pair_id, reason, note="Уважительная причина", order=None):
    from app.pairs import lifecycle

    return call(app, c["org"], lifecycle.end, pair_id, reason, note, order, user_id=c["curator"])


def test_a_proposal_is_a_draft_that_records_who_proposed_it(app, cast, inspector):
    """Положение 6.1: the curator forms the pair; the first transition names them."""
    pair_id = propose(app, cast)
    assert status_of(inspector, pair_id) == "draft"
    (first,) = transitions(inspector, pair_id)
    assert (first.from_status, first.to_status, first.by_id) == (None, "draft", cast["curator"])
    assert scalar(inspector, "SELECT count(*) FROM pair_participants WHERE pair_id = :p AND response = 'pending'",
                  p=pair_id) == 2


def test_when_every_participant_accepts_with_consents_standing_the_pair_is_agreed_then_consents_complete(
        app, cast, inspector):
    """Положение 6.2 (voluntariness) and 3.3 (the consents): agreed, then consents complete at once."""
    pair_id = propose(app, cast)
    answer(app, cast, cast["mentor_user"], pair_id)
    assert status_of(inspector, pair_id) == "draft"
    answer(app, cast, cast["mentee_user"], pair_id)
    assert status_of(inspector, pair_id) == "consents_complete"
    steps = [(t.from_status, t.to_status, t.by_id) for t in transitions(inspector, pair_id)]
    assert steps[1:] == [("draft", "agreed", cast["mentee_user"]), ("agreed", "consents_complete", cast["mentee_user"])]


def test_a_decline_is_kept_with_its_reason_and_the_same_proposal_is_not_made_again(app, cast, inspector):
    """Положение 1.3.5: voluntariness; the declined proposal stays on record and is refused next time."""
    pair_id = propose(app, cast)
    assert answer(app, cast, cast["mentee_user"], pair_id, accept=False, reason="  ") == tr(app, "State the reason.")
    assert answer(app, cast, cast["mentee_user"], pair_id, accept=False, reason="Нет времени") == pair_id
    assert status_of(inspector, pair_id) == "declined"
    assert scalar(inspector, "SELECT decline_reason FROM pair_participants WHERE pair_id = :p AND role = 'mentee'",
                  p=pair_id) == "Нет времени"
    assert transitions(inspector, pair_id)[-1].reason.endswith("Нет времени")
    again = propose(app, cast)
    assert again == tr(app, "This proposal of %(mentor)s to %(mentee)s was declined: it is not made again "
                            "(Положение 1.3.5).", mentor="Сидорова Наставник", mentee="Петров Подопечный")
    assert scalar(inspector, "SELECT count(*) FROM pairs") == 1
    # The declined pair is read-only: the mentor's answer is refused.
    assert answer(app, cast, cast["mentor_user"], pair_id) == tr(app, ENDED)


def test_without_the_pair_duty_consent_the_agreed_pair_waits_and_the_check_completes_it_later(
        app, world, cast, inspector):
    """Положение 3.3: the pair-duties consent of every participant; the explicit check moves it."""
    from app.pairs import services
    from tests.support.mentoring import add_consent

    withdraw(inspector, cast["mentee"], "pair_duty")
    pair_id = agreed_pair(app, cast)
    assert status_of(inspector, pair_id) == "agreed"
    refused = call(app, cast["org"], services.check_consents, pair_id, user_id=cast["curator"])
    assert refused == tr(app, "Not every consent stands yet: the page lists who lacks which.")
    assert status_of(inspector, pair_id) == "agreed"
    add_consent(app, cast["org"], cast["mentee"], "pair_duty")
    call(app, cast["org"], services.check_consents, pair_id, user_id=cast["curator"])
    assert status_of(inspector, pair_id) == "consents_complete"


def test_without_the_mentors_written_consent_the_pair_is_not_complete(app, cast, inspector):
    """Положение 3.2, 3.3: the mentor's written consent (mentor_duty) stands, or the pair waits."""
    withdraw(inspector, cast["mentor"], "mentor_duty")
    pair_id = agreed_pair(app, cast)
    assert status_of(inspector, pair_id) == "agreed"


def test_a_pair_stays_inactive_until_activate_is_called_with_an_order(app, cast, inspector):
    """Положение 6.2: the pair is approved by the director's order; only then is it active."""
    pair_id = agreed_pair(app, cast)
    assert status_of(inspector, pair_id) == "consents_complete"
    assert activate(app, cast, pair_id, None) == tr(app, "A pair becomes active only under a signed order.")
    assert status_of(inspector, pair_id) == "consents_complete"
    assert activate(app, cast, pair_id) == pair_id
    assert status_of(inspector, pair_id) == "active"
    assert scalar(inspector, "SELECT order_id FROM pairs WHERE id = :p", p=pair_id) == ORDER
    assert transitions(inspector, pair_id)[-1].order_id == ORDER
    assert load_of(inspector, cast["mentor_entry"]) == 1
    assert mentee_status(inspector, cast["mentee_entry"]) == "in_pair"


def test_activation_is_refused_before_the_consents_are_complete(app, cast, inspector):
    """Положение 3.3, 6.2: no order makes a pair active without its consents."""
    withdraw(inspector, cast["mentee"], "pair_duty")
    pair_id = agreed_pair(app, cast)
    assert activate(app, cast, pair_id) == tr(app, "The pair can be approved only when its consents are complete.")
    assert (status_of(inspector, pair_id), load_of(inspector, cast["mentor_entry"])) == ("agreed", 0)


def test_a_consent_withdrawn_after_completion_stops_the_activation(app, cast, inspector):
    """Положение 3.3: the consents must still stand when the order is signed."""
    pair_id = agreed_pair(app, cast)
    withdraw(inspector, cast["mentee"], "pair_duty")
    assert activate(app, cast, pair_id) == tr(
        app, "Not every consent stands: %(name)s has not given all of them (Положение 3.3).", name="Петров Подопечный")
    assert status_of(inspector, pair_id) == "consents_complete"


def test_a_consent_withdrawn_in_the_app_takes_a_complete_pair_back_to_agreed(app, cast, inspector):
    """Положение 3.3: a pair waits for its order only while every consent stands; the withdrawal moves it
    back in the same transaction, and giving the consent again lets the curator's check complete it."""
    from app.consents import services as consents
    from app.pairs import services
    from tests.support.mentoring import add_consent

    pair_id = agreed_pair(app, cast)
    consent_id = scalar(inspector, "SELECT id FROM consents WHERE teacher_id = :t AND purpose = 'pair_duty' "
                                   "AND withdrawn_at IS NULL", t=cast["mentee"])
    assert call(app, cast["org"], consents.withdraw_own, consent_id, user_id=cast["mentee_user"]) == consent_id
    assert status_of(inspector, pair_id) == "agreed"
    last = transitions(inspector, pair_id)[-1]
    assert (last.from_status, last.to_status, last.by_id) == ("consents_complete", "agreed", cast["mentee_user"])
    assert "Петров Подопечный" in last.reason
    assert activate(app, cast, pair_id) == tr(app, "The pair can be approved only when its consents are complete.")
    add_consent(app, cast["org"], cast["mentee"], "pair_duty")
    call(app, cast["org"], services.check_consents, pair_id, user_id=cast["curator"])
    assert status_of(inspector, pair_id) == "consents_complete"


def test_a_withdrawn_consent_leaves_an_active_pair_active_and_named_as_lacking(app, cast, inspector):
    """An active pair is ended only by an order (Положение 7.1); the withdrawal shows on its page."""
    from app.consents import services as consents
    from app.pairs import lifecycle
    from tests.pairs.helpers import in_scope

    pair_id = agreed_pair(app, cast)
    activate(app, cast, pair_id)
    consent_id = scalar(inspector, "SELECT id FROM consents WHERE teacher_id = :t AND purpose = 'pair_duty' "
                                   "AND withdrawn_at IS NULL", t=cast["mentor"])
    call(app, cast["org"], consents.withdraw_own, consent_id, user_id=cast["mentor_user"])
    assert status_of(inspector, pair_id) == "active"
    with in_scope(app, cast["org"], cast["curator"]):
        pair = lifecycle.lock_pair(pair_id)
        assert [str(p.value) for p in lifecycle.lacking(pair)[cast["mentor"]]] == ["pair_duty"]


def test_the_plan_fulfilled_completes_the_pair_and_the_mentee(app, cast, inspector):
    """Положение 7.1: «в случае полного выполнения плана» — completed; the load is given back."""
    pair_id = agreed_pair(app, cast)
    activate(app, cast, pair_id)
    end_order = uuid.uuid4()
    assert end(app, cast, pair_id, "plan_completed", None, end_order) == pair_id
    assert status_of(inspector, pair_id) == "completed"
    assert scalar(inspector, "SELECT end_order_id FROM pairs WHERE id = :p", p=pair_id) == end_order
    assert load_of(inspector, cast["mentor_entry"]) == 0
    assert mentee_status(inspector, cast["mentee_entry"]) == "completed"


@pytest.mark.parametrize("reason", ["mentor_initiative", "mentee_initiative", "mutual", "curator_improper",
                                    "curator_force_majeure"])
def test_each_early_reason_of_7_1_ends_the_pair_early_and_the_mentee_waits_again(app, cast, inspector, reason):
    """Положение 7.1: the initiative of the mentor, the mentee or both for valid reasons; the curator's
    for improper execution or force majeure — ended early, with the reason stated."""
    pair_id = agreed_pair(app, cast)
    activate(app, cast, pair_id)
    assert end(app, cast, pair_id, reason, "   ") == tr(app, "State the reason for ending the pair early (Положение 7.1).")
    assert end(app, cast, pair_id, reason, "Переезд в другой город") == pair_id
    assert status_of(inspector, pair_id) == "ended_early"
    assert scalar(inspector, "SELECT end_reason FROM pairs WHERE id = :p", p=pair_id) == reason
    assert transitions(inspector, pair_id)[-1][:2] == ("active", "ended_early")
    assert load_of(inspector, cast["mentor_entry"]) == 0
    assert mentee_status(inspector, cast["mentee_entry"]) == "needs_mentor"


def test_an_ended_pair_is_read_only(app, cast, inspector):
    """Issue 8: an ended pair refuses every change."""
    from app.pairs import lifecycle, services

    pair_id = agreed_pair(app, cast)
    activate(app, cast, pair_id)
    end(app, cast, pair_id, "mutual", "Решение сторон")
    for refused in (end(app, cast, pair_id, "plan_completed"), activate(app, cast, pair_id),
                    call(app, cast["org"], services.check_consents, pair_id),
                    call(app, cast["org"], lifecycle.replace_mentor, pair_id, cast["mentee2"], ORDER)):
        assert refused == tr(app, ENDED)
    assert status_of(inspector, pair_id) == "ended_early"


def test_a_pair_not_yet_active_ends_early_but_never_completes(app, cast, inspector):
    """Положение 7.1: only a pair that worked can fulfil its plan; a draft can be withdrawn with a reason."""
    pair_id = propose(app, cast)
    assert isinstance(end(app, cast, pair_id, "plan_completed"), str)
    assert end(app, cast, pair_id, "curator_force_majeure", "Карантин") == pair_id
    assert status_of(inspector, pair_id) == "ended_early"
    assert load_of(inspector, cast["mentor_entry"]) == 0


def test_a_replaced_mentor_keeps_their_row_and_the_load_moves(app, world, cast, inspector):
    """Положение 4.1, 5.1: the pair continues with a new mentor under an order; its history stays."""
    from app.pairs import lifecycle

    pair_id = agreed_pair(app, cast)
    activate(app, cast, pair_id)
    new_mentor, new_entry = mentor(app, cast["org"], "Орлова")
    order = uuid.uuid4()
    assert call(app, cast["org"], lifecycle.replace_mentor, pair_id, new_mentor, order,
                user_id=cast["curator"]) == pair_id
    mentors = scalar(inspector, "SELECT array_agg(teacher_id ORDER BY joined_at) FROM pair_participants "
                                "WHERE pair_id = :p AND role = 'mentor'", p=pair_id)
    assert mentors == [cast["mentor"], new_mentor]
    assert scalar(inspector, "SELECT teacher_id FROM pair_participants WHERE pair_id = :p AND role = 'mentor' "
                             "AND left_at IS NULL", p=pair_id) == new_mentor
    assert (load_of(inspector, cast["mentor_entry"]), load_of(inspector, new_entry)) == (0, 1)
    assert status_of(inspector, pair_id) == "active"
    last = transitions(inspector, pair_id)[-1]
    assert (last.from_status, last.to_status, last.order_id) == ("active", "active", order)
    assert len(transitions(inspector, pair_id)) == 5  # draft, agreed, consents, active, replaced


def test_a_replacement_without_room_changes_nothing(app, cast, inspector):
    """The capacity of the new mentor's bank entry holds."""
    from app.pairs import lifecycle

    pair_id = agreed_pair(app, cast)
    activate(app, cast, pair_id)
    full, full_entry = mentor(app, cast["org"], "Полная", capacity=1)
    other, _ = mentee(app, cast["org"], "Другой")
    from app.pairs import services
    call(app, cast["org"], services.propose, full, [other], "traditional")
    refused = call(app, cast["org"], lifecycle.replace_mentor, pair_id, full, ORDER)
    assert isinstance(refused, str) and "Полная" in refused
    assert scalar(inspector, "SELECT count(*) FROM pair_participants WHERE pair_id = :p", p=pair_id) == 2
