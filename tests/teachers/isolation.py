"""The registry's rows of the cross-tenant matrix (tests/tenants/test_isolation_matrix.py): a curator
or school admin of A using a record id of school B (same municipality) or C (another) gets the same
404 as for a random id, and nothing changes."""
from __future__ import annotations

_CARD = "/{slug}/teachers/{id}"

OBJECT_ROUTES = {
    ("teachers.card", "GET"): (_CARD, "teacher", "a_curator", "A", None),
    ("teachers.edit", "GET"): (_CARD + "/edit", "teacher", "a_curator", "A", None),
    ("teachers.edit", "POST"): (_CARD + "/edit", "teacher", "a_curator", "A",
                                {"last_name": "Чужая", "first_name": "Запись", "category": "none"}),
    ("teachers.deactivate", "GET"): (_CARD + "/deactivate", "teacher", "a_admin", "A", None),
    ("teachers.deactivate", "POST"): (_CARD + "/deactivate", "teacher", "a_admin", "A", {"confirm": "yes"}),
    ("teachers.reactivate", "POST"): (_CARD + "/reactivate", "teacher", "a_admin", "A", {}),
    ("teachers.invite", "GET"): (_CARD + "/invite", "teacher", "a_curator", "A", None),
    ("teachers.invite", "POST"): (_CARD + "/invite", "teacher", "a_curator", "A", {}),
}

SNAPSHOT_TABLES = ("teachers", "mentoring_rules")


def foreign_objects(app, world) -> dict[str, dict[str, str]]:
    """A record of B and one of C, each active, with an address and no account: in its own school every
    action of the matrix would apply to it (the card, the edit, the deactivation, the invitation)."""
    from datetime import date

    from tests.support.mentoring import add_teacher

    found = {}
    for key in ("B", "C"):
        found[key] = str(add_teacher(app, world.orgs[key], "Чужая", key, None, email=f"foreign-{key}@test-nastavnik.ru",
                                     birth_date=date(1990, 1, 1)))
    return {"teacher": found}
