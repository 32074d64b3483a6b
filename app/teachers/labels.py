"""UI words of the teacher registry and of its audit events."""
from datetime import date

from flask_babel import lazy_gettext as _l

from app.audit.details import words_of, yes_no
from app.audit.labels import Field
from app.teachers.models import Category

CATEGORY_LABELS = {
    Category.none: _l("No category"),
    Category.conformity: _l("Conformity with the position held"),
    Category.first: _l("First category"),
    Category.highest: _l("Highest category"),
}

STATUS_LABELS = {
    "active": _l("Works in the school"),
    "left": _l("Has left"),
}

AUDIT_ACTIONS = {
    "view": _l("Viewed the record"),
    "create": _l("Created"),
    "update": _l("Edited"),
    "deactivate": _l("Deactivated"),
    "reactivate": _l("Reactivated"),
    "link_account": _l("Linked the record to the account"),
    "export": _l("Exported"),
}

AUDIT_OBJECTS = {
    "teacher": _l("Teacher record"),
    "mentoring_rules": _l("Mentoring rules of the municipality"),
    "teacher_registry": _l("Teacher registry"),
}


def _day(value) -> str:
    """A date kept in the details as ISO text, as the registry writes dates (dd.mm.yyyy)."""
    try:
        return date.fromisoformat(value).strftime("%d.%m.%Y")
    except (TypeError, ValueError):
        return str(value)


AUDIT_FIELDS = {
    "last_name": Field(_l("Last name")),
    "first_name": Field(_l("First name")),
    "middle_name": Field(_l("Patronymic")),
    "position": Field(_l("Position")),
    "subjects": Field(_l("Subjects")),
    "category": Field(_l("Qualification category"), words_of(CATEGORY_LABELS)),
    "experience_since": Field(_l("Pedagogical experience since"), _day),
    "hired_on": Field(_l("Hired on"), _day),
    "birth_date": Field(_l("Birth date"), _day),
    "phone": Field(_l("Phone")),
    "works": Field(_l("Status"), yes_no(_l("works in the school"), _l("has left"))),
    "young_max_age": Field(_l("Young specialist: under the age of")),
    "young_max_experience_years": Field(_l("Young specialist: experience at most, years")),
    "rows": Field(_l("Rows")),
    "filters": Field(_l("Filter")),
}
