"""The rules of each form of mentoring (Положение 2.3), written as data: which kinds it allows (a pair
of one mentor and one mentee, a group of one mentor and several mentees), whether it is a «one to
one» programme that holds its mentee alone, and whether the mentor must be the more experienced one.

Choices where the Положение is silent (issue 8 asks to say them):
- Only the reverse form (реверсивная) lets a less experienced teacher mentor a more experienced one;
  every other form asks that the mentor's pedagogical experience (``teachers.experience_since``) began
  earlier than each mentee's — checked when both dates are in the registry.
- A group (several mentees) is allowed by «в группе» and by the forms that name no number of people
  (virtual, short-term, situational, speed); the others are one mentor and one mentee.
- Situational, speed and short-term mentoring are episodes beside a programme: a mentee in one of them
  may be in another pair at the same time. Every other form holds its mentee: one open pair of such
  a form per mentee.
- A municipality's own form (its dictionary) takes the default: one mentor and one or several mentees,
  holding the mentee, the mentor the more experienced one.
"""
from __future__ import annotations

from dataclasses import dataclass

from app.pairs.models import PairKind

PAIR_ONLY = frozenset({PairKind.pair})
GROUP_ONLY = frozenset({PairKind.group})
EITHER = frozenset({PairKind.pair, PairKind.group})

# A group is at most this many mentees (a mentor takes at most 10 at once, app/banks/mentors.py).
MAX_MENTEES = 10


@dataclass(frozen=True)
class FormRule:
    kinds: frozenset          # the kinds of PairKind the form allows
    exclusive: bool           # a mentee is in at most one open pair of an exclusive form
    mentor_more_experienced: bool  # the mentor's experience must be longer than each mentee's


DEFAULT_RULE = FormRule(kinds=EITHER, exclusive=True, mentor_more_experienced=True)

FORM_RULES: dict[str, FormRule] = {
    "traditional": FormRule(PAIR_ONLY, exclusive=True, mentor_more_experienced=True),
    "group": FormRule(GROUP_ONLY, exclusive=True, mentor_more_experienced=True),
    "virtual": FormRule(EITHER, exclusive=True, mentor_more_experienced=True),
    "short_term": FormRule(EITHER, exclusive=False, mentor_more_experienced=True),
    # Положение 2.3: «реверсивная» — the younger teacher mentors the experienced one (digital skills…).
    "reverse": FormRule(PAIR_ONLY, exclusive=True, mentor_more_experienced=False),
    "situational": FormRule(EITHER, exclusive=False, mentor_more_experienced=True),
    "speed": FormRule(EITHER, exclusive=False, mentor_more_experienced=True),
    "teacher_teacher": FormRule(PAIR_ONLY, exclusive=True, mentor_more_experienced=True),
    "head_teacher": FormRule(PAIR_ONLY, exclusive=True, mentor_more_experienced=True),
    "employer_student": FormRule(PAIR_ONLY, exclusive=True, mentor_more_experienced=True),
    "university_teacher": FormRule(PAIR_ONLY, exclusive=True, mentor_more_experienced=True),
}


def rule_of(form_code: str) -> FormRule:
    return FORM_RULES.get(form_code, DEFAULT_RULE)


def exclusive_codes(codes) -> list[str]:
    """The codes among ``codes`` whose pairs hold their mentee."""
    return [code for code in codes if rule_of(code).exclusive]
