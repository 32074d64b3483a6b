"""A record and an account (issue 7: "a record can exist before any invitation; inviting a teacher from
the registry links them"): the card's invitation is the staff invitation with the record's address
and name; accepting it links the record (app.orgs.signals.member_joined, received in the school's
scope, audited). A record written with the address of a member of the school is linked at once."""
from __future__ import annotations

from sqlalchemy import text

from tests.support.http import login, post
from tests.support.jobs import letters_to, link_in
from tests.support.mentoring import add_teacher
from tests.teachers.helpers import events, flashes, row, said, shown


def _invite(app, client, teacher_id) -> str:
    path = f"/school-a/teachers/{teacher_id}/invite"
    page = client.get(path).get_data(as_text=True)
    assert "novikova@test-nastavnik.ru" in page
    response = post(client, path, {}, token_from=path)
    assert response.status_code == 302
    (_subject, body), = letters_to(app, "novikova@test-nastavnik.ru")
    return link_in(body, "/invite/")


def test_an_invitation_from_the_card_links_the_record_when_it_is_accepted(app, world, clients, inspector):
    teacher = add_teacher(app, world.orgs["A"], "Новикова", "Вера", "Павловна", email="novikova@test-nastavnik.ru")
    link = _invite(app, clients("a_curator"), teacher)
    with inspector.connect() as conn:
        invitation = conn.execute(text("SELECT email, full_name, roles FROM invitations")).one()
    assert tuple(invitation) == ("novikova@test-nastavnik.ru", "Новикова Вера Павловна", ["teacher"])
    assert row(inspector, teacher)["user_id"] is None  # not before the person accepts
    person = app.test_client()
    response = post(person, link, {"full_name": "Новикова Вера Павловна", "password": "мой надёжный пароль"},
                    token_from=link)
    assert response.status_code == 302
    with inspector.connect() as conn:
        user_id = conn.execute(text("SELECT id FROM users WHERE email = 'novikova@test-nastavnik.ru'")).scalar_one()
    assert row(inspector, teacher)["user_id"] == user_id
    (linked,) = events(inspector, teacher, "link_account")
    assert linked["org_id"] == world.orgs["A"].id and linked["actor_id"] == user_id
    newcomer = type("P", (), {"email": "novikova@test-nastavnik.ru", "totp_secret": None})()
    login(app, person, newcomer, password="мой надёжный пароль")
    assert "Новикова Вера Павловна" in person.get("/school-a/teachers/me").get_data(as_text=True)


def test_joining_one_school_links_only_that_schools_record(app, world, clients, inspector):
    """b_teacher's address is on a record of A and of B; joining A links A's record only."""
    email = world.people["b_teacher"].email
    in_a = add_teacher(app, world.orgs["A"], "Person", "b_teacher", None, email=email)
    in_b = add_teacher(app, world.orgs["B"], "Person", "b_teacher", None, email=email)
    path = f"/school-a/teachers/{in_a}/invite"
    assert post(clients("a_admin"), path, {}, token_from=path).status_code == 302
    (_subject, body), = letters_to(app, email)
    link = link_in(body, "/invite/")
    teacher = clients("b_teacher")
    assert post(teacher, link, token_from=link).status_code == 302
    assert row(inspector, in_a)["user_id"] == world.people["b_teacher"].id
    assert row(inspector, in_b)["user_id"] is None


def test_a_record_written_with_a_members_address_is_linked_at_once(app, world, clients, inspector):
    curator = clients("a_curator")
    response = post(curator, "/school-a/teachers/new",
                    {"last_name": "Person", "first_name": "a_teacher", "category": "none",
                     "email": world.people["a_teacher"].email.upper()}, token_from="/school-a/teachers/new")
    assert response.status_code == 302
    teacher = response.headers["Location"].rsplit("/", 1)[1]
    assert row(inspector, teacher)["user_id"] == world.people["a_teacher"].id
    assert events(inspector, teacher, "link_account")
    # An e-mail added later by an edit links too; a person of another school is not linked.
    other = add_teacher(app, world.orgs["A"], "Person", "c_teacher", None)
    post(curator, f"/school-a/teachers/{other}/edit",
         {"last_name": "Person", "first_name": "c_teacher", "category": "none",
          "email": world.people["c_teacher"].email}, token_from="/school-a/teachers/new")
    record = row(inspector, other)
    assert record["user_id"] is None and record["email"] == world.people["c_teacher"].email


def test_an_account_is_linked_to_one_record_of_a_school(app, world, clients, inspector):
    add_teacher(app, world.orgs["A"], "Person", "a_teacher", None, user_id=world.people["a_teacher"].id)
    second = add_teacher(app, world.orgs["A"], "Person", "a_teacher", None)
    post(clients("a_curator"), f"/school-a/teachers/{second}/edit",
         {"last_name": "Person", "first_name": "a_teacher", "category": "none",
          "email": world.people["a_teacher"].email}, token_from="/school-a/teachers/new")
    assert row(inspector, second)["user_id"] is None


def test_the_card_invites_only_a_working_unlinked_record_with_an_address(app, world, clients, inspector):
    curator = clients("a_curator")
    no_email = add_teacher(app, world.orgs["A"], "Безадреса", "Нина", None)
    linked = add_teacher(app, world.orgs["A"], "Person", "a_teacher", None, email=world.people["a_teacher"].email,
                         user_id=world.people["a_teacher"].id)
    for teacher, message in ((no_email, "Add the teacher's e-mail to the record first: the invitation is sent there."),
                             (linked, "This teacher already has an account in the school.")):
        card = curator.get(f"/school-a/teachers/{teacher}").get_data(as_text=True)
        assert f"/school-a/teachers/{teacher}/invite" not in card
        path = f"/school-a/teachers/{teacher}/invite"
        response = curator.get(path, follow_redirects=True)
        assert said(app, message) in shown(flashes(response.get_data(as_text=True)))
        assert post(curator, path, {}, token_from=f"/school-a/teachers/{teacher}").status_code == 302
    with inspector.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM invitations")).scalar_one() == 0
