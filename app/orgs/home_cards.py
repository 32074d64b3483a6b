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
    Role.director: _l("Here you approve mentors; approving the regulation and the roadmap, pairs and signing orders "
                      "come next."),
    Role.curator: _l("Here you keep the registry of teachers, the banks of mentors and mentees and the consents; "
                     "pairs, programmes, orders and the annual report come next."),
    Role.methodist: _l("Here you work the banks with the curator; forming pairs, building programmes and collecting "
                       "best practices come next."),
    Role.teacher: _l("Here you fill in your questionnaire or your requests and keep your consents; your pair, the "
                     "plan of your programme and the journal of meetings come next."),
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
