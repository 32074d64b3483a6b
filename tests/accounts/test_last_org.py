"""Sign-in lands in the organization the person used last, even after their old sessions are gone,
and entering the same organization again writes nothing."""
from __future__ import annotations

from sqlalchemy import text

from tests.support.http import login, post


def _landing(app, person) -> str:
    client = app.test_client()
    assert login(app, client, person).status_code == 302
    return client.get("/account/home").headers["Location"], client


def test_sign_in_lands_in_the_organization_used_last(app, world, inspector):
    person = world.people["ab_teacher"]
    first, client = _landing(app, person)
    assert first.endswith("/school-a/")  # nothing used yet: the first one
    assert client.get("/school-b/").status_code == 200
    post(client, "/logout")
    again, _ = _landing(app, person)
    assert again.endswith("/school-b/")
    with inspector.begin() as conn:  # the old sessions purged: the person's record still knows
        conn.execute(text("DELETE FROM user_sessions"))
    assert _landing(app, person)[0].endswith("/school-b/")


def test_entering_the_same_organization_again_writes_nothing(app, world, count_queries):
    person = world.people["ab_teacher"]
    client = app.test_client()
    login(app, client, person)
    client.get("/school-b/")
    with count_queries() as counter:
        assert client.get("/school-b/").status_code == 200
    assert not [s for s in counter.statements if s.lstrip().upper().startswith("UPDATE")], counter.statements


def test_a_switch_of_organization_is_kept_even_by_a_page_that_writes_nothing(app, world, inspector):
    person = world.people["ab_teacher"]
    client = app.test_client()
    login(app, client, person)
    client.get("/school-b/")
    with inspector.connect() as conn:
        assert conn.execute(text("SELECT last_org_id FROM users WHERE id = :u"),
                            {"u": person.id}).scalar_one() == world.orgs["B"].id
        assert conn.execute(text("SELECT current_org_id FROM user_sessions WHERE user_id = :u"),
                            {"u": person.id}).scalar_one() == world.orgs["B"].id
