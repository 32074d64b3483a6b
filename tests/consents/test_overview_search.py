"""Every list is searchable (issue 7, «Pages by role»): the consents overview finds teachers by the
beginning of any part of their name, keeps the search across the filter and the pages, and refuses
a line break in words."""
from __future__ import annotations

from tests.support.mentoring import add_teacher


def test_the_overview_finds_teachers_by_the_beginning_of_a_part_of_their_name(app, world, clients):
    org = world.orgs["A"]
    add_teacher(app, org, "Соколова", "Ирина", "Петровна")
    add_teacher(app, org, "Иванова", "Мария", "Сергеевна")
    curator = clients("a_curator")
    html = curator.get("/school-a/consents/?q=ири").get_data(as_text=True)
    assert "Соколова Ирина" in html and "Иванова Мария" not in html
    lacking = curator.get("/school-a/consents/?q=иван&lacking=processing").get_data(as_text=True)
    assert "Иванова Мария" in lacking and "Соколова Ирина" not in lacking
    assert 'name="lacking" value="processing"' in lacking  # the search keeps the filter


def test_a_search_with_a_line_break_is_refused_in_words(world, clients):
    response = clients("a_curator").get("/school-a/consents/?q=%D0%B0%0A%D0%B1")
    assert response.status_code == 400
    assert "Значение должно быть одной строкой" in response.get_data(as_text=True)
