"""The home page shows the mentoring cycle II to those who run it (issue 8, «Pages by role»): pairs by
state, programmes with overdue activities and those ending soon, drafts waiting for the director's
signature (Положение 3.3), petitions (4.1, 5.1); a participant sees what waits for them; the cost does
not grow with the school."""
from __future__ import annotations

import re
import uuid

from tests.orders.helpers import draft
from tests.pairs.helpers import call, mentee, mentor
from tests.support.mentoring import add_world_teacher


def _figures(html: str) -> dict[str, str]:
    return {label.strip(): number.strip() for label, number in re.findall(r"<dt>([^<]*)</dt><dd>([^<]*)</dd>", html)}


def _proposed(app, world, n: int = 1, mentee_user=None) -> list[uuid.UUID]:
    from app.pairs import services

    org, ids = world.orgs["A"], []
    for i in range(n):
        m, _ = mentor(app, org, f"Наставникова{i}")
        e, _ = mentee(app, org, f"Наставляемова{i}", user_id=mentee_user if i == 0 else None)
        ids.append(call(app, org, services.propose, m, [e], "traditional", user_id=world.people["a_curator"].id))
    return ids


def test_the_curators_home_shows_pairs_by_state_and_what_waits_for_signatures(app, world, clients):
    _proposed(app, world, 2)
    draft(app, world, "curator", teacher_id=add_world_teacher(app, world, "a_curator", "A"))
    html = clients("a_curator").get("/school-a/").get_data(as_text=True)
    figures = _figures(html)
    assert figures["предложены"] == "2"
    assert figures["проекты приказов на подписи"] == "1"
    assert "/school-a/pairs/new" in html and "/school-a/orders/to-sign" not in html  # signing is the director's


def test_the_directors_home_leads_to_the_orders_to_sign(app, world, clients):
    draft(app, world, "curator", teacher_id=add_world_teacher(app, world, "a_curator", "A"))
    html = clients("a_director").get("/school-a/").get_data(as_text=True)
    assert _figures(html)["проекты приказов на подписи"] == "1" and "/school-a/orders/to-sign" in html


def test_a_participant_sees_the_proposal_waiting_for_their_answer(app, world, clients):
    """Положение 1.3.5, 6.1: the pair waits for each side's voluntary answer."""
    _proposed(app, world, 1, mentee_user=world.people["a_teacher"].id)
    html = clients("a_teacher").get("/school-a/").get_data(as_text=True)
    assert "Ждёт вас" in html and "/school-a/pairs/my" in html


def test_the_curators_home_costs_the_same_statements_with_more_pairs(app, world, clients, count_queries):
    curator = clients("a_curator")
    _proposed(app, world, 1)
    curator.get("/school-a/")
    with count_queries() as small:
        assert curator.get("/school-a/").status_code == 200
    _proposed(app, world, 6)
    with count_queries() as grown:
        assert curator.get("/school-a/").status_code == 200
    assert grown.count == small.count <= 12
