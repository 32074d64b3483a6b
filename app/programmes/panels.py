"""The home page's panel of programmes (app/core/home.py): the revisions that wait for this person's
decision (Положение 7.2: one side proposes, the other confirms, the curator approves). A participant
sees the changes the other side proposed; the curator (and the methodist, Положение 3.5) the changes
both sides agreed. One statement for each, none when the person is neither."""
from __future__ import annotations

from flask import render_template
from markupsafe import Markup

from app.core.roles import OrgKind, Role
from app.programmes import labels, services
from app.teachers import services as teachers

_CURATORS = frozenset({Role.curator, Role.methodist})


def revisions_waiting(org, membership) -> Markup | None:
    if org.kind != OrgKind.school:
        return None
    to_confirm = to_approve = None
    # A participant is a teacher of the school (the orders' panel asks the same; my_record is read
    # once a request for both).
    if Role.teacher.value in membership.roles:
        record = teachers.my_record()
        if record is not None:
            to_confirm = services.waiting_for_confirmation(record.id)
    if membership.has_any(_CURATORS):
        to_approve = services.waiting_for_approval()
    if not ((to_confirm and to_confirm.total) or (to_approve and to_approve.total)):
        return None
    return Markup(render_template("programmes/panel.html", to_confirm=to_confirm, to_approve=to_approve,
                                  revision_kind=labels.REVISION_KIND))
