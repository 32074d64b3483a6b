"""UI words of the orders: kinds, statuses, audit events."""
from flask_babel import lazy_gettext as _l

from app.audit.details import words_of
from app.audit.labels import Field
from app.orders.models import OrderKind, OrderStatus
from app.pairs.labels import END_REASON as PAIR_END_REASON
from app.pairs.models import EndReason

KIND = {
    OrderKind.regulations: _l("Approval of the Regulations and the roadmap"),
    OrderKind.curator: _l("Appointment of the curator"),
    OrderKind.mentor_bank: _l("Approval of the mentor bank"),
    OrderKind.pairs: _l("Assignment of pairs and groups"),
    OrderKind.replace_mentor: _l("Replacement of the mentor"),
    OrderKind.extension: _l("Extension of the term"),
    OrderKind.release: _l("Release from the mentor's duties"),
    OrderKind.completion: _l("Completion of the programme"),
    OrderKind.early_end: _l("Early end of the programme"),
}

STATUS = {
    OrderStatus.draft: _l("Draft"),
    OrderStatus.signed: _l("Signed"),
}

# Положение 7.1's reasons of an early end, worded as the pair's page words them.
END_REASON = {reason.value: word for reason, word in PAIR_END_REASON.items() if reason != EndReason.plan_completed}

AUDIT_ACTIONS = {
    "draft_order": _l("Drafted an order"),
    "edit_order": _l("Edited the draft of an order"),
    "sign_order": _l("Signed an order"),
    "acknowledge_order": _l("Acknowledged an order"),
    "attach_order_scan": _l("Attached the scan of a signed order"),
    "order_settings": _l("Changed the number format of orders"),
}

AUDIT_OBJECTS = {
    "order": _l("Order"),
    "order_settings": _l("Order settings"),
}

AUDIT_FIELDS = {
    "order_kind": Field(_l("Kind of order"), words_of({k.value: w for k, w in KIND.items()})),
    "order_number": Field(_l("Number")),
    "number_format": Field(_l("Number format")),
}
