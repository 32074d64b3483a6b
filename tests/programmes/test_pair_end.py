"""Положение 7.1: a programme ends when its pair ends — the plan fulfilled, or early for a reason of 7.1.
The pairs feature tells it (app/pairs/signals.py ``pair_ended``) inside the ending's transaction; the
programme's pages of an ended pair offer nothing more to do."""
from __future__ import annotations

from datetime import date

from tests.pairs.helpers import call
from tests.programmes.helpers import add_programme, add_revision, rows, scalar, world_pair
from tests.support.http import post


def _end(app, world, pair_id, reason, note=None):
    from app.pairs import lifecycle

    return call(app, world.orgs["A"], lifecycle.end, pair_id, reason, note, user_id=world.people["a_curator"].id)


def test_an_active_programme_completes_when_its_pair_completes(app, world, inspector):
    """The plan fulfilled (Положение 7.1): the pair completes and its programme with it, in the same
    commit, audited as the curator's completion that followed the pair's end; a revision still waiting
    is declined (nobody can agree it any more)."""
    pair_id, mentor, _ = world_pair(app, world, active=True)
    programme_id, _ = add_programme(app, world.orgs["A"], pair_id)
    add_revision(app, world.orgs["A"], programme_id, proposed_by_teacher_id=mentor)
    assert _end(app, world, pair_id, "plan_completed") == pair_id
    (status, completed_at), = rows(inspector, "SELECT status, completed_at FROM programmes")
    assert status == "completed" and completed_at is not None
    (actor, details), = rows(inspector, "SELECT actor_id, details FROM audit_events "
                                        "WHERE action = 'complete' AND object_type = 'programme'")
    assert actor == world.people["a_curator"].id and details == {"pair_ended": "plan_completed"}
    (state, note), = rows(inspector, "SELECT status, decision_note FROM programme_revisions WHERE number = 2")
    assert state == "rejected" and note


def test_a_programme_ends_with_a_pair_ended_early_and_its_pages_offer_nothing_more(app, world, clients, inspector):
    pair_id, _, _ = world_pair(app, world, active=True)
    programme_id, (activity_id,) = add_programme(app, world.orgs["A"], pair_id)
    assert _end(app, world, pair_id, "mentee_initiative", "Переезд в другой город") == pair_id
    assert scalar(inspector, "SELECT status FROM programmes") == "completed"
    assert scalar(inspector, "SELECT details->>'pair_ended' FROM audit_events WHERE action = 'complete'"
                  ) == "mentee_initiative"
    show = f"/school-a/programmes/{programme_id}"
    curator = clients("a_curator").get(show).get_data(as_text=True)
    assert 'data-pair-ended="1"' in curator and f"{show}/complete" not in curator
    mentee = clients("ab_teacher")
    assert f"/programmes/activities/{activity_id}" not in mentee.get(show).get_data(as_text=True)
    assert 'name="topic"' not in mentee.get(f"{show}/journal").get_data(as_text=True)
    assert 'name="reason"' not in mentee.get(f"{show}/revisions").get_data(as_text=True)
    # Nor does a request made by hand change it.
    response = post(mentee, f"{show}/journal", {"met_on": date.today().isoformat(), "minutes": "30", "topic": "x"},
                    token_from=show)
    assert response.status_code == 400 and scalar(inspector, "SELECT count(*) FROM programme_journal") == 0


def test_a_draft_stays_a_draft_and_is_no_longer_approved(app, world, clients, inspector):
    """A draft was never approved: the pair's end leaves it as written; the curator can no longer edit,
    plan or approve it."""
    pair_id, _, _ = world_pair(app, world)
    programme_id, _ = add_programme(app, world.orgs["A"], pair_id, status="draft")
    assert _end(app, world, pair_id, "curator_force_majeure", "Закрытие школы на ремонт") == pair_id
    assert rows(inspector, "SELECT status, completed_at FROM programmes") == [("draft", None)]
    assert scalar(inspector, "SELECT count(*) FROM audit_events WHERE action = 'complete'") == 0
    show = f"/school-a/programmes/{programme_id}"
    curator = clients("a_curator")
    html = curator.get(show).get_data(as_text=True)
    assert f"{show}/approve" not in html and f"{show}/edit" not in html and f"{show}/activities" not in html
    assert post(curator, f"{show}/approve", {"confirm": "yes"}, token_from=show).status_code == 302
    assert scalar(inspector, "SELECT status FROM programmes") == "draft"
