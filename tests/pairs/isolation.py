"""The pairs' rows of the cross-tenant matrix (tests/tenants/test_isolation_matrix.py): another school's
pair answers 404 on every route, like a random id, and changes nothing — for the curator's pages and
for a teacher's own answers."""
from __future__ import annotations

from tests.support.mentoring import add_consent, add_pair, add_teacher

OBJECT_ROUTES = {
    ("pairs.detail", "GET"): ("/{slug}/pairs/{id}", "pair", "a_curator", "A", None),
    ("pairs.check_consents", "POST"): ("/{slug}/pairs/{id}/consents", "pair", "a_curator", "A", {}),
    ("pairs.paper_answer", "GET"): ("/{slug}/pairs/{id}/paper", "pair", "a_curator", "A", None),
    ("pairs.paper_answer", "POST"): ("/{slug}/pairs/{id}/paper", "pair", "a_curator", "A",
                                     {"participant": "x", "answer": "accepted", "signed_on": "2026-11-30"}),
    ("pairs.end", "GET"): ("/{slug}/pairs/{id}/end", "pair", "a_curator", "A", None),
    ("pairs.end", "POST"): ("/{slug}/pairs/{id}/end", "pair", "a_curator", "A",
                            {"reason": "curator_force_majeure", "note": "x"}),
    ("pairs.accept", "POST"): ("/{slug}/pairs/my/{id}/accept", "pair", "a_methodist", "A", {}),
    ("pairs.decline", "GET"): ("/{slug}/pairs/my/{id}/decline", "pair", "a_methodist", "A", None),
    ("pairs.decline", "POST"): ("/{slug}/pairs/my/{id}/decline", "pair", "a_methodist", "A", {"reason": "x"}),
}

SNAPSHOT_TABLES = ("pairs", "pair_participants", "pair_transitions", "mentor_entries", "mentee_entries")


def foreign_objects(app, world) -> dict:
    """A draft pair of schools B and C (its people consenting: only the tenant hides it)."""
    objects: dict = {"pair": {}}
    for key in ("B", "C"):
        org = world.orgs[key]
        mentor = add_teacher(app, org, "Чужой", f"Наставник {key}")
        mentee = add_teacher(app, org, "Чужой", f"Подопечный {key}")
        for teacher in (mentor, mentee):
            add_consent(app, org, teacher)
            add_consent(app, org, teacher, "pair_duty")
        objects["pair"][key] = str(add_pair(app, org, mentor, [mentee]))
    return objects
