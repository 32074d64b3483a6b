"""UI words of the consent ledger and of its audit events."""
from flask_babel import lazy_gettext as _l

from app.audit.details import words_of
from app.audit.labels import Field
from app.consents.models import Channel, Purpose
from app.consents.texts import PLACE_LABELS, PUBLISHABLE_LABELS

PURPOSE_LABELS = {
    Purpose.processing: _l("Processing of personal data"),
    Purpose.transfer: _l("Transfer to another operator"),
    Purpose.dissemination: _l("Publication (dissemination)"),
    Purpose.mentor_duty: _l("Mentor's duties"),
    Purpose.pair_duty: _l("Duties in a pair or group"),
}
CHANNEL_LABELS = {Channel.in_app: _l("given in the app"), Channel.paper: _l("on paper")}
STATE_LABELS = {"in_app": _l("given in the app"), "paper": _l("on paper"), "withdrawn": _l("withdrawn"),
                "missing": _l("missing")}


AUDIT_ACTIONS = {
    "give": _l("Gave a consent in the app"),
    "record_paper": _l("Recorded a consent signed on paper"),
    "withdraw": _l("Withdrew a consent"),
    "record_paper_withdrawal": _l("Recorded a withdrawal signed on paper"),
    "destroy": _l("Destroyed the data of a withdrawn consent"),
    "publish_text": _l("Published a version of a consent text"),
    "print_form": _l("Printed a consent form"),
}
AUDIT_OBJECTS = {
    "consent": _l("Consent"),
    "consent_text": _l("Consent text"),
    "consent_scan": _l("Scan of a paper form"),
    "destruction_act": _l("Act of destruction"),
}
AUDIT_FIELDS = {
    "purpose": Field(_l("Purpose"), words_of(PURPOSE_LABELS)),
    "channel": Field(_l("How"), words_of(CHANNEL_LABELS)),
    "version": Field(_l("Text version")),
    "recipient": Field(_l("Recipient")),
    "published": Field(_l("Data that may be published"), words_of(PUBLISHABLE_LABELS)),
    "places": Field(_l("Where it may be published"), words_of(PLACE_LABELS)),
    "signed_on": Field(_l("Signed on")),
    "received_on": Field(_l("Withdrawal received on")),
    "destroy_due_on": Field(_l("Data to be destroyed by")),
    "destroyed": Field(_l("Data destroyed")),
}
