"""The home page tells each side of a revision that it waits for them (Положение 7.2: one side proposes,
the other confirms, the curator approves): a participant sees the changes the other side proposed, the
curator the changes both sides agreed; one statement each, whatever the school's size."""
from __future__ import annotations

import re

from tests.programmes.helpers import add_programme, add_revision, world_pair
from tests.support.http import post
from tests.support.mentoring import add_pair


def _waiting(html: str, side: str) -> int:
    found = re.search(rf'data-to-{side}="(\d+)"', html)
    return int(found.group(1)) if found else 0


def test_the_other_side_then_the_curator_see_the_revision_waiting_for_them(app, world, clients):
    pair_id, mentor, _ = world_pair(app, world)
    programme_id, _ = add_programme(app, world.orgs["A"], pair_id)
    revision_id = add_revision(app, world.orgs["A"], programme_id, proposed_by_teacher_id=mentor)
    mentee, mentor_client, curator = clients("ab_teacher"), clients("a_teacher"), clients("a_curator")
    home = mentee.get("/school-a/").get_data(as_text=True)
    assert _waiting(home, "confirm") == 1 and f"/school-a/programmes/revisions/{revision_id}" in home
    assert _waiting(mentor_client.get("/school-a/").get_data(as_text=True), "confirm") == 0  # their own proposal
    assert _waiting(curator.get("/school-a/").get_data(as_text=True), "approve") == 0  # not agreed yet
    page = f"/school-a/programmes/revisions/{revision_id}"
    assert post(mentee, f"{page}/confirm", {}, token_from=page).status_code == 302
    assert _waiting(mentee.get("/school-a/").get_data(as_text=True), "confirm") == 0
    home = curator.get("/school-a/").get_data(as_text=True)
    assert _waiting(home, "approve") == 1 and page in home
    assert "Person — Person · " in home  # the pair named (surnames, the mentor first) before the revision
    assert _waiting(clients("a_methodist").get("/school-a/").get_data(as_text=True), "approve") == 1  # 3.5
    assert _waiting(clients("a_director").get("/school-a/").get_data(as_text=True), "approve") == 0


def test_the_panels_cost_one_statement_whatever_the_count(app, world, clients, count_queries):
    org = world.orgs["A"]
    pair_id, mentor, mentee = world_pair(app, world)
    programme_id, _ = add_programme(app, org, pair_id)
    add_revision(app, org, programme_id, proposed_by_teacher_id=mentor)
    add_revision(app, org, programme_id, status="confirmed", proposed_by_teacher_id=mentor)

    def cost(person: str) -> int:
        client = clients(person)
        client.get("/school-a/")
        with count_queries() as counter:
            assert client.get("/school-a/").status_code == 200
        return counter.count

    before = {person: cost(person) for person in ("ab_teacher", "a_curator")}
    for _ in range(3):
        other = add_pair(app, org, mentor, [mentee])
        other_programme, _ = add_programme(app, org, other)
        add_revision(app, org, other_programme, proposed_by_teacher_id=mentor)
        add_revision(app, org, other_programme, status="confirmed", proposed_by_teacher_id=mentor)
    assert _waiting(clients("ab_teacher").get("/school-a/").get_data(as_text=True), "confirm") == 4
    assert _waiting(clients("a_curator").get("/school-a/").get_data(as_text=True), "approve") == 4
    assert {person: cost(person) for person in before} == before
