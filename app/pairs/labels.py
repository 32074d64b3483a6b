"""UI words of pairs and groups: states, kinds, reasons of Положение 7.1, answers, roles, audit events."""
from flask_babel import lazy_gettext as _l

from app.audit.details import words_of
from app.audit.labels import Field
from app.consents.models import Purpose
from app.pairs.models import EndReason, PairKind, PairStatus, ParticipantRole, Response
from app.teachers.gender import feminine

PAIR_STATUS = {
    PairStatus.draft: _l("Proposed, waiting for the answers"),
    PairStatus.declined: _l("Declined by a participant"),
    PairStatus.agreed: _l("Agreed, consents pending"),
    PairStatus.consents_complete: _l("Consents complete, waiting for the order"),
    PairStatus.active: _l("Active"),
    PairStatus.completed: _l("Completed, the plan fulfilled"),
    PairStatus.ended_early: _l("Ended early"),
}

PAIR_KIND = {PairKind.pair: _l("Pair"), PairKind.group: _l("Group")}

# Положение 7.1.
END_REASON = {
    EndReason.plan_completed: _l("The plan is fulfilled in full"),
    EndReason.mentor_initiative: _l("The mentor's initiative, for valid reasons"),
    EndReason.mentee_initiative: _l("The mentee's initiative, for valid reasons"),
    EndReason.mutual: _l("The decision of both sides, for valid reasons"),
    EndReason.curator_improper: _l("The curator's initiative: improper execution of the programme"),
    EndReason.curator_force_majeure: _l("The curator's initiative: force majeure"),
}

RESPONSE = {Response.pending: _l("No answer yet"), Response.accepted: _l("Agreed"), Response.declined: _l("Declined")}

ROLE = {ParticipantRole.mentor: _l("Mentor"), ParticipantRole.mentee: _l("Mentee")}
# The role word agreeing with a woman («Наставляемая»); «наставник» serves both.
ROLE_OF_WOMAN = {**ROLE, ParticipantRole.mentee: _l("Mentee (a woman)")}


def role_word(role: ParticipantRole, middle_name: str | None):
    return (ROLE_OF_WOMAN if feminine(middle_name) else ROLE)[role]

PURPOSE = {
    Purpose.processing: _l("consent to the processing of personal data"),
    Purpose.pair_duty: _l("consent to the duties of the pair"),
    Purpose.mentor_duty: _l("the mentor's written consent"),
}

STATUS_WORDS = {status.value: word for status, word in PAIR_STATUS.items()}

AUDIT_ACTIONS = {
    "propose_pair": _l("Proposed a pair"),
    "accept_pair": _l("Agreed to the pair"),
    "decline_pair": _l("Declined the pair"),
    "change_pair_status": _l("Changed the state of the pair"),
    "replace_mentor": _l("Replaced the mentor"),
    "export_pairs": _l("Exported the pairs"),
}

AUDIT_OBJECTS = {"pair": _l("Pair or group"), "pairs": _l("Pairs and groups")}

AUDIT_FIELDS = {
    "pair_status": Field(_l("State"), words_of(STATUS_WORDS)),
    "pair_form": Field(_l("Form of mentoring")),
    "pair_kind": Field(_l("Kind"), words_of({k.value: w for k, w in PAIR_KIND.items()})),
    "order": Field(_l("Order")),
    "rows": Field(_l("Rows")),
    "paper_answer_on": Field(_l("Answered on paper, the statement of")),
    "teacher": Field(_l("Teacher")),
}
