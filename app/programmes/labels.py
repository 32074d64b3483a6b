"""UI words of programmes: states, kinds of activities and revisions, audit events."""
from flask_babel import lazy_gettext as _l

from app.audit.details import words_of
from app.audit.labels import Field
from app.pairs.labels import END_REASON
from app.programmes.models import ActivityKind, ActivityStatus, ProgrammeStatus, RevisionKind, RevisionStatus

PROGRAMME_STATUS = {
    ProgrammeStatus.draft: _l("Draft"),
    ProgrammeStatus.active: _l("In progress"),
    ProgrammeStatus.completed: _l("Completed"),
}
ACTIVITY_KIND = {
    ActivityKind.lesson_visit: _l("Lesson visit"),
    ActivityKind.open_lesson: _l("Open lesson"),
    ActivityKind.consultation: _l("Consultation"),
    ActivityKind.joint_planning: _l("Joint lesson planning"),
    ActivityKind.self_study: _l("Self-study"),
    ActivityKind.seminar: _l("Seminar"),
    ActivityKind.contest: _l("Contest"),
    ActivityKind.course: _l("Course"),
    ActivityKind.other: _l("Other"),
}
ACTIVITY_STATUS = {
    ActivityStatus.planned: _l("Planned"),
    ActivityStatus.in_progress: _l("In progress"),
    ActivityStatus.done: _l("Done"),
    ActivityStatus.cancelled: _l("Cancelled"),
}
REVISION_KIND = {
    RevisionKind.initial: _l("The programme as approved"),
    RevisionKind.extension: _l("Extension of the term"),
    RevisionKind.plan: _l("Change of the plan"),
    RevisionKind.form: _l("Change of the form"),
}
REVISION_STATUS = {
    RevisionStatus.proposed: _l("Proposed, waits for the other side"),
    RevisionStatus.confirmed: _l("Confirmed, waits for the curator"),
    RevisionStatus.approved: _l("Approved"),
    RevisionStatus.rejected: _l("Declined"),
}
FIELD_LABELS = {
    "starts_on": _l("Start of the term"), "ends_on": _l("End of the term"), "form_code": _l("Form of mentoring"), "goals": _l("Goals"),
    "difficulties": _l("Difficulties addressed"), "difficulties_note": _l("Other difficulties"),
    "strengths": _l("Strengths supported"), "directions": _l("Directions"),
    "activity_forms": _l("Forms and kinds of activity"), "expected_results": _l("Expected results"),
}

AUDIT_ACTIONS = {
    "create": _l("Created"),
    "edit": _l("Edited"),
    "approve": _l("Approved"),
    "complete": _l("Completed"),
    "add_activity": _l("Planned an activity"),
    "mark_activity": _l("Marked the progress of an activity"),
    "write_journal": _l("Recorded a meeting"),
    "propose_revision": _l("Proposed a revision"),
    "confirm_revision": _l("Confirmed a revision"),
    "reject_revision": _l("Declined a revision"),
    "approve_revision": _l("Approved a revision"),
    "propose_end": _l("Proposed to complete or extend"),
}
AUDIT_OBJECTS = {
    "programme": _l("Personalized mentoring programme"),
    "programme_evidence": _l("Evidence of an activity"),
}
AUDIT_FIELDS = {
    "activity": Field(_l("Activity")),
    "revision": Field(_l("Revision")),
    # A programme completed because its pair ended (Положение 7.1): the pair's reason for ending.
    "pair_ended": Field(_l("Following the end of the pair"), words_of({r.value: w for r, w in END_REASON.items()})),
}
