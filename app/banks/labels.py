"""UI words of the banks: statuses, categories, kinds of support and of legal basis, audit events."""
from flask_babel import lazy_gettext as _l

from app.audit.details import words_of
from app.audit.labels import Field
from app.banks.models import (BasisKind, FilledBy, MenteeCategory, MenteeStatus, MentorStatus, PayKind,
                              SupportKind)

MENTOR_STATUS = {
    MentorStatus.candidate: _l("Candidate"),
    MentorStatus.approved: _l("Approved mentor"),
    MentorStatus.inactive: _l("Left the bank"),
}

MENTEE_STATUS = {
    MenteeStatus.needs_mentor: _l("Needs a mentor"),
    MenteeStatus.in_pair: _l("In a pair"),
    MenteeStatus.supported: _l("Supported without a pair"),
    MenteeStatus.completed: _l("Completed"),
}

MENTEE_CATEGORY = {
    MenteeCategory.young_specialist: _l("Young specialist"),
    MenteeCategory.new_employee: _l("New employee"),
    MenteeCategory.changed_role: _l("Changed position or subject"),
    MenteeCategory.after_break: _l("Returned after a long break"),
    MenteeCategory.personal_request: _l("By personal request"),
}

SUPPORT_KIND = {
    SupportKind.consultations: _l("Consultations"),
    SupportKind.methodical_association: _l("Methodical association"),
    SupportKind.psychological: _l("Psychological and pedagogical support"),
    SupportKind.other: _l("Other support"),
}

BASIS_KIND = {
    BasisKind.agreement: _l("Additional agreement to the employment contract"),
    BasisKind.job_description: _l("Job description"),
}

PAY_KIND = {
    PayKind.amount: _l("Paid: an amount"),
    PayKind.unpaid: _l("Without pay"),
}

FILLED_BY = {
    FilledBy.self: _l("by the teacher"),
    FilledBy.curator: _l("by the curator from a paper form"),
}

# Every status word of both banks, by its value (the history keeps values).
STATUS_WORDS = {status.value: word for status, word in (*MENTOR_STATUS.items(), *MENTEE_STATUS.items())}

AUDIT_ACTIONS = {
    "submit_questionnaire": _l("Submitted the potential mentor's questionnaire"),
    "submit_requests": _l("Submitted the professional difficulties and requests"),
    "set_basis": _l("Recorded the legal basis of the mentoring duty"),
    "approve_mentor": _l("Approved as a mentor"),
    "change_status": _l("Changed the status"),
    "add_support": _l("Recorded support while waiting for a pair"),
    "end_support": _l("Ended the support"),
    "review_bank": _l("Reviewed the bank of mentees"),
    "send_questionnaire": _l("Sent the potential mentor's questionnaire"),
    "send_request_form": _l("Sent the form of professional requests"),
    "add_dictionary_entry": _l("Added a dictionary entry"),
}

AUDIT_OBJECTS = {
    "mentor_entry": _l("Bank of mentors"),
    "mentee_entry": _l("Bank of mentees"),
    "bank": _l("Bank of mentees"),
    "teacher": _l("Teacher"),
    "dictionary_entry": _l("Dictionary entry"),
}

AUDIT_FIELDS = {
    "filled_by": Field(_l("Filled in"), words_of({f.value: w for f, w in FILLED_BY.items()})),
    "mentor_basis": Field(_l("Legal basis"), words_of({b.value: w for b, w in BASIS_KIND.items()})),
    "approval_order": Field(_l("Order")),
    "reason": Field(_l("Reason")),
    "note": Field(_l("Note")),
    "support": Field(_l("Support"), words_of({s.value: w for s, w in SUPPORT_KIND.items()})),
    "mentee_status": Field(_l("Status"), words_of(STATUS_WORDS)),
    "dictionary": Field(_l("Dictionary"), words_of({"competence": _l("Competences"),
                                                     "form": _l("Forms of mentoring")})),
}
