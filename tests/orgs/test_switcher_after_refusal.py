"""The layout survives a refused change: a rule that refuses rolls the request's transaction back,
and the organization switcher of a person in two schools still lists both (it keeps the names it read,
not rows that the other school's scope can no longer reload)."""
from __future__ import annotations

from tests.banks.helpers import QUESTIONNAIRE
from tests.support.http import post
from tests.support.mentoring import add_world_teacher


def test_a_refused_post_of_a_person_in_two_schools_shows_the_page_with_both_schools(app, world, clients):
    add_world_teacher(app, world, "ab_teacher", "A")  # a record without the processing consent
    page = "/school-a/banks/my/questionnaire"
    response = post(clients("ab_teacher"), page, QUESTIONNAIRE, token_from=page)
    assert response.status_code == 400  # 152-ФЗ ст. 9: refused, the transaction rolled back
    html = response.get_data(as_text=True)
    assert 'href="/school-a/"' in html and 'href="/school-b/"' in html
