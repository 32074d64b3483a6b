"""The cards of an organization's home page: what each of the person's roles will do here."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from app.core.roles import ROLE_LABELS, Role


@dataclass(frozen=True)
class Card:
    title: object
    text: object


_ROLE_TEXTS = {
    Role.director: _l("Here you approve mentors, pairs and petitions and sign the orders of the mentoring system."),
    Role.curator: _l("Here you keep the registry of teachers, the banks, the consents, the pairs and their programmes, "
                     "and draft the orders; the annual report comes next."),
    Role.methodist: _l("Here you work the banks with the curator, form pairs and build their programmes; collecting "
                       "best practices comes next."),
    Role.teacher: _l("Here you fill in your questionnaire or your requests, keep your consents, answer the proposal "
                     "of a pair, and work the plan of your programme and its journal of meetings."),
    Role.partner_coordinator: _l("Here the partner's external mentors will offer mentoring to the schools of the "
                                 "municipality."),
    Role.external_mentor: _l("Here the partner's external mentors will offer mentoring to the schools of the "
                             "municipality."),
}


def for_member(org, membership) -> list[Card]:
    cards, seen = [], set()
    for role in Role:
        text = _ROLE_TEXTS.get(role)
        if role.value in membership.roles and text is not None and str(text) not in seen:
            seen.add(str(text))
            title = _l("Partner") if role in (Role.partner_coordinator, Role.external_mentor) else ROLE_LABELS[role]
            cards.append(Card(title, text))
    return cards
