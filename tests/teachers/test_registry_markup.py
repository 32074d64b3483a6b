"""The registry's pages follow the house's accessibility rules (ARCHITECTURE.md: tables in a named,
focusable region, every data cell labelled for the phone layout, hints and errors tied to their
inputs) — checked here as tests/core/test_accessibility.py checks the core pages."""
from __future__ import annotations

import re

from tests.support.http import post
from tests.support.mentoring import add_teacher
from tests.teachers.helpers import young_teacher


def _dangling_describedby(html: str) -> list[str]:
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    refs = [ref for value in re.findall(r'aria-describedby="([^"]*)"', html) for ref in value.split()]
    return [ref for ref in refs if ref not in ids]


def test_the_registry_table_is_a_named_focusable_region_with_labelled_cells(app, world, clients):
    young_teacher(app, world.orgs["A"], subjects=["Математика"])
    add_teacher(app, world.orgs["A"], position="учитель истории")
    html = clients("a_curator").get("/school-a/teachers/").get_data(as_text=True)
    boxes = re.findall(r'<div class="table-wrap"[^>]*>', html)
    assert boxes and all('tabindex="0"' in b and 'role="region"' in b and 'aria-label="' in b for b in boxes)
    cells = re.findall(r"<td([^>]*)>", html)
    assert len(cells) == 12 and all(re.search(r'data-label="[^"]+"', attrs) for attrs in cells)


def test_the_record_form_ties_hints_and_errors_to_their_inputs(app, world, clients):
    curator = clients("a_curator")
    assert _dangling_describedby(curator.get("/school-a/teachers/new").get_data(as_text=True)) == []
    html = post(curator, "/school-a/teachers/new", {"last_name": "", "first_name": "Имя", "category": "none",
                                                    "birth_date": "вчера"},
                token_from="/school-a/teachers/new").get_data(as_text=True)
    assert 'id="last_name-errors"' in html and 'id="birth_date-errors"' in html
    assert _dangling_describedby(html) == []
    for page in ("/school-a/teachers/", "/school-a/teachers/me"):
        assert _dangling_describedby(curator.get(page).get_data(as_text=True)) == []
    rules = clients("d1_officer").get("/m1-uo/teachers/rules").get_data(as_text=True)
    assert _dangling_describedby(rules) == []
