"""The banks of mentors and mentees (roadmap stages 2 and 3; Положение 3.2, 3.4, 3.5, 4, 5): the potential
mentor's questionnaire, the mentee's professional difficulties and requests, the waiting list, and the
municipality's dictionaries of competences and forms of mentoring (Положение 2.3, 3.5)."""
from flask import Blueprint
from flask_babel import lazy_gettext as _l

from app.core.access import MUNICIPAL_STAFF, OrgMember
from app.core.home import HomePanel
from app.core.navigation import NavItem
from app.core.roles import OrgKind, Role

bp = Blueprint("banks", __name__, url_prefix="/<org_slug>/banks", template_folder="templates")

_SCHOOL = frozenset({OrgKind.school})
# Положение 3.5: the curator and the methodical association work the banks; 3.4: the curator keeps them
# with the system administrator. The director reads them and approves mentors (Положение 3.2, 3.3).
BANK_WORK = OrgMember(roles=frozenset({Role.curator, Role.methodist, Role.school_admin}), kinds=_SCHOOL)
BANK_READ = OrgMember(roles=frozenset({Role.curator, Role.methodist, Role.school_admin, Role.director}),
                      kinds=_SCHOOL)
DIRECTOR = OrgMember(roles=frozenset({Role.director}), kinds=_SCHOOL)
# A person's own questionnaire and requests: whoever works in the school (their teacher record decides).
OWN = OrgMember(kinds=_SCHOOL)

ACCESS = {
    "banks.mentor_bank": BANK_READ,
    "banks.mentor_entry": BANK_READ,
    "banks.candidates": DIRECTOR,
    "banks.mentor_approve": DIRECTOR,
    "banks.mentor_basis": BANK_WORK,
    "banks.mentor_deactivate": BANK_WORK,
    "banks.fill_questionnaire": BANK_WORK,
    "banks.send_questionnaire": BANK_WORK,
    "banks.mentee_bank": BANK_READ,
    "banks.mentee_entry": BANK_READ,
    "banks.mentee_status": BANK_WORK,
    "banks.mentee_support": BANK_WORK,
    "banks.end_support": BANK_WORK,
    "banks.review": BANK_WORK,
    "banks.fill_requests": BANK_WORK,
    "banks.send_requests": BANK_WORK,
    "banks.my_questionnaire": OWN,
    "banks.my_requests": OWN,
    "banks.dictionaries": MUNICIPAL_STAFF,
    "banks.dictionary_deactivate": MUNICIPAL_STAFF,
    "banks.dictionary_reactivate": MUNICIPAL_STAFF,
}

NAV = [
    NavItem(_l("Mentor bank"), "banks.mentor_bank", order=120),
    NavItem(_l("Mentor candidates"), "banks.candidates", order=125),
    NavItem(_l("Mentee bank"), "banks.mentee_bank", order=130),
    NavItem(_l("My mentor questionnaire"), "banks.my_questionnaire", order=300),
    NavItem(_l("My requests"), "banks.my_requests", order=310),
    NavItem(_l("Dictionaries"), "banks.dictionaries", order=210),
]


def _school_progress(org, membership):
    from app.banks import panels

    return panels.school_progress(org, membership)


def _my_part(org, membership):
    from app.banks import panels

    return panels.my_part(org, membership)


HOME = [HomePanel(_school_progress, order=10), HomePanel(_my_part, order=20)]


def init_app(app) -> None:
    from app.audit.labels import add as add_audit_labels
    from app.banks import destruction, dictionary_views, labels, models, views  # noqa: F401

    app.register_blueprint(bp)
    add_audit_labels(app, labels.AUDIT_ACTIONS, labels.AUDIT_OBJECTS, labels.AUDIT_FIELDS)
