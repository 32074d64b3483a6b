"""Granting and handing over the head role (the tester's walk, fixes 3–5): granting «Директор» asks
first, since only its holder (or the founder) can take it back; a head who unticks their own role
keeps the base role without ticking it, is asked in the second person, and lands where they may
still go."""
from __future__ import annotations

import re

from tests.orgs.helpers import errors, flashes, roles_of, snapshot
from tests.support.http import post


def _member(world, person: str) -> str:
    return f"/school-a/staff/{world.memberships[(person, 'A')]}"


def test_granting_the_head_role_asks_for_confirmation_first(app, world, clients, inspector):
    director = clients("a_director")
    path = f"{_member(world, 'a_curator')}/roles"
    before = snapshot(inspector)
    asked = post(director, path, {"roles": ["curator", "director"]}, token_from="/school-a/staff")
    assert asked.status_code == 200
    html = asked.get_data(as_text=True)
    assert "Назначить руководителя?" in html
    assert "Person a_curator становится руководителем («Директор»)" in html
    assert "вернуть это решение не сможете" in html and "управление образования" in html
    assert 'name="roles" value="director"' in html and 'name="confirm" value="yes"' in html
    assert "<script" not in html
    assert snapshot(inspector) == before
    done = post(director, path, {"roles": ["curator", "director"], "confirm": "yes"}, token_from="/school-a/staff")
    assert done.status_code == 302
    assert roles_of(inspector, world.memberships[("a_curator", "A")]) == (["curator", "director"], True)


def test_granting_a_role_below_the_head_takes_one_click(app, world, clients, inspector):
    director = clients("a_director")
    done = post(director, f"{_member(world, 'a_teacher')}/roles", {"roles": ["teacher", "curator"]},
                token_from="/school-a/staff")
    assert done.status_code == 302
    assert roles_of(inspector, world.memberships[("a_teacher", "A")]) == (["curator", "teacher"], True)


def _second_director(clients, world) -> None:
    post(clients("a_director"), f"{_member(world, 'a_curator')}/roles",
         {"roles": ["curator", "director"], "confirm": "yes"}, token_from="/school-a/staff")


def test_unticking_ones_own_head_role_alone_keeps_the_base_role_and_speaks_to_the_person(
        app, world, clients, inspector):
    _second_director(clients, world)
    director = clients("a_director")
    own = world.memberships[("a_director", "A")]
    before = snapshot(inspector)
    asked = post(director, f"/school-a/staff/{own}/roles", {}, token_from="/school-a/staff")  # nothing ticked
    html = asked.get_data(as_text=True)
    assert asked.status_code == 200, errors(html)
    assert "Выберите хотя бы одну роль" not in html
    assert "Отказаться от роли?" in html
    assert "Вы сразу потеряете роль «Директор» в этой организации." in html
    assert "После этого ваши роли здесь: «Педагог»." in html
    lost = re.search(r"Разделы ([^<]*) станут вам недоступны\.", html)
    assert lost and "«Сотрудники»" in lost.group(1) and "«Журнал аудита»" in lost.group(1)
    assert "«Главная»" not in lost.group(1)  # a teacher keeps the home page
    assert "Person a_director сразу лишается" not in html  # not in the third person
    assert snapshot(inspector) == before
    done = post(director, f"/school-a/staff/{own}/roles", {"confirm": "yes"}, token_from="/school-a/staff")
    assert done.status_code == 302
    assert roles_of(inspector, own) == (["teacher"], True)


def test_a_head_who_hands_over_lands_on_the_home_page_with_the_message(app, world, clients, inspector):
    _second_director(clients, world)
    director = clients("a_director")
    own = world.memberships[("a_director", "A")]
    done = post(director, f"/school-a/staff/{own}/roles", {"roles": ["teacher"], "confirm": "yes"},
                token_from="/school-a/staff")
    assert done.status_code == 302 and done.headers["Location"].endswith("/school-a/")
    home = director.get(done.headers["Location"])
    assert home.status_code == 200 and "Роли изменены." in flashes(home.get_data(as_text=True))


def test_a_change_that_keeps_the_member_page_open_goes_back_to_it(app, world, clients, inspector):
    """A director who changes someone else's roles stays on that person's page."""
    director = clients("a_director")
    member = _member(world, "a_teacher")
    done = post(director, f"{member}/roles", {"roles": ["teacher", "methodist"]}, token_from="/school-a/staff")
    assert done.status_code == 302 and done.headers["Location"].endswith(member)
    assert re.search(r"Педагог|Методист", director.get(member).get_data(as_text=True))
