"""The registry filters by bank status (issue 7): mentor candidates, approved mentors, mentees, those
waiting for a mentor (roadmap 5.3), and those in neither bank; a value outside the list is refused."""
from __future__ import annotations

from datetime import datetime, timezone

from tests.banks.helpers import add_entry
from tests.support.mentoring import add_teacher


def _names(html: str) -> set[str]:
    return {name for name in ("Кандидатова", "Утверждённова", "Ожидаева", "Впаревa", "Никакова") if name in html}


def test_the_registry_filters_by_bank_status(app, world, clients):
    org = world.orgs["A"]
    add_entry(app, org, "mentor", add_teacher(app, org, "Кандидатова", "Анна", None))
    add_entry(app, org, "mentor", add_teacher(app, org, "Утверждённова", "Анна", None), status="approved",
              approved_at=datetime.now(timezone.utc), approval_order_ref="№ 27 – А от 01.09.2026")
    add_entry(app, org, "mentee", add_teacher(app, org, "Ожидаева", "Анна", None))
    add_entry(app, org, "mentee", add_teacher(app, org, "Впаревa", "Анна", None), status="in_pair")
    add_teacher(app, org, "Никакова", "Анна", None)
    curator = clients("a_curator")

    def shown(bank: str) -> set[str]:
        response = curator.get(f"/school-a/teachers/?bank={bank}")
        assert response.status_code == 200
        return _names(response.get_data(as_text=True))

    assert shown("mentor_candidate") == {"Кандидатова"}
    assert shown("mentor_approved") == {"Утверждённова"}
    assert shown("mentee") == {"Ожидаева", "Впаревa"}
    assert shown("mentee_waiting") == {"Ожидаева"}
    assert shown("none") == {"Никакова"}
    assert curator.get("/school-a/teachers/?bank=everyone").status_code == 400
