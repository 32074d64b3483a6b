"""The banks' rows of the cross-tenant matrix (tests/tenants/test_isolation_matrix.py): another
school's mentor entry, mentee entry, support row and teacher record, another municipality's dictionary
entry answer 404 on every route, like a random id, and change nothing."""
from __future__ import annotations

from tests.banks.helpers import add_entry, add_support
from tests.support.mentoring import add_consent, add_teacher

QUESTIONNAIRE = {"competences": ["subject_content"], "capacity": "1"}

OBJECT_ROUTES = {
    ("banks.mentor_entry", "GET"): ("/{slug}/banks/mentors/{id}", "mentor_entry", "a_curator", "A", None),
    ("banks.mentor_basis", "GET"): ("/{slug}/banks/mentors/{id}/basis", "mentor_entry", "a_curator", "A", None),
    ("banks.mentor_basis", "POST"): ("/{slug}/banks/mentors/{id}/basis", "mentor_entry", "a_curator", "A",
                                     {"kind": "job_description", "job_description_ref": "ДИ"}),
    ("banks.mentor_approve", "GET"): ("/{slug}/banks/mentors/{id}/approve", "mentor_entry", "a_director", "A", None),
    ("banks.mentor_approve", "POST"): ("/{slug}/banks/mentors/{id}/approve", "mentor_entry", "a_director", "A",
                                       {"order_ref": "№ 1"}),
    ("banks.mentor_deactivate", "GET"): ("/{slug}/banks/mentors/{id}/deactivate", "mentor_entry", "a_curator", "A",
                                         None),
    ("banks.mentor_deactivate", "POST"): ("/{slug}/banks/mentors/{id}/deactivate", "mentor_entry", "a_curator", "A",
                                          {"reason": "x"}),
    ("banks.fill_questionnaire", "GET"): ("/{slug}/banks/mentors/for/{id}", "bank_teacher", "a_curator", "A", None),
    ("banks.fill_questionnaire", "POST"): ("/{slug}/banks/mentors/for/{id}", "bank_teacher", "a_curator", "A",
                                           QUESTIONNAIRE),
    ("banks.fill_requests", "GET"): ("/{slug}/banks/mentees/for/{id}", "bank_teacher", "a_curator", "A", None),
    ("banks.fill_requests", "POST"): ("/{slug}/banks/mentees/for/{id}", "bank_teacher", "a_curator", "A",
                                      {"category": "new_employee", "request_text": "x"}),
    ("banks.mentee_entry", "GET"): ("/{slug}/banks/mentees/{id}", "mentee_entry", "a_curator", "A", None),
    ("banks.mentee_status", "POST"): ("/{slug}/banks/mentees/{id}/status", "mentee_entry", "a_curator", "A",
                                      {"status": "completed"}),
    ("banks.mentee_support", "GET"): ("/{slug}/banks/mentees/{id}/support", "mentee_entry", "a_curator", "A", None),
    ("banks.mentee_support", "POST"): ("/{slug}/banks/mentees/{id}/support", "mentee_entry", "a_curator", "A",
                                       {"kind": "other", "starts_on": "2026-09-01"}),
    ("banks.end_support", "GET"): ("/{slug}/banks/support/{id}/end", "mentee_support", "a_curator", "A", None),
    ("banks.end_support", "POST"): ("/{slug}/banks/support/{id}/end", "mentee_support", "a_curator", "A",
                                    {"ends_on": "2026-12-01"}),
    ("banks.dictionary_deactivate", "POST"): ("/{slug}/banks/dictionary/{id}/deactivate", "dictionary_entry",
                                              "d1_officer", "D1", {}),
    ("banks.dictionary_reactivate", "POST"): ("/{slug}/banks/dictionary/{id}/reactivate", "dictionary_entry",
                                              "d1_officer", "D1", {}),
}

SNAPSHOT_TABLES = ("mentor_entries", "mentee_entries", "bank_status_changes", "mentee_support", "bank_reviews",
                   "bank_invitations", "bank_dictionary_entries")


def _dictionary_entry(app, world) -> str:
    """An entry of municipality M2's own dictionary (its department's scope)."""
    import uuid

    from app.banks.models import DictionaryEntry, DictionaryKind
    from app.core.extensions import db
    from tenants.switches import acting_in

    d2 = world.orgs["D2"]
    with app.app_context():
        with acting_in(municipality_id=d2.municipality_id, org_id=d2.id, reason="isolation matrix"):
            entry = DictionaryEntry(id=uuid.uuid4(), kind=DictionaryKind.form, code="m-foreign", title="Чужая форма")
            db.session.add(entry)
            db.session.flush()
        db.session.commit()
        db.session.remove()
    return str(entry.id)


def foreign_objects(app, world) -> dict:
    """Objects of schools B and C, each with a standing processing consent (so only the tenant hides
    them), and an entry of the other municipality's dictionary."""
    objects: dict = {"mentor_entry": {}, "mentee_entry": {}, "mentee_support": {}, "bank_teacher": {}}
    for key in ("B", "C"):
        org = world.orgs[key]
        teacher_id = add_teacher(app, org, "Чужой", f"Учитель {key}")
        add_consent(app, org, teacher_id)
        add_consent(app, org, teacher_id, "mentor_duty")
        objects["bank_teacher"][key] = str(teacher_id)
        objects["mentor_entry"][key] = str(add_entry(app, org, "mentor", teacher_id, basis="job_description",
                                                     job_description_ref="ДИ"))
        mentee = add_entry(app, org, "mentee", teacher_id)
        objects["mentee_entry"][key] = str(mentee)
        objects["mentee_support"][key] = str(add_support(app, org, mentee))
    objects["dictionary_entry"] = {"D2": _dictionary_entry(app, world)}
    return objects
