"""The two points of Russian grammar an order's generated text needs: the school named after «в» (the
seed's «…педагогических работников в муниципальном бюджетном общеобразовательном учреждении «Средняя
школа №11»») and a mentee's role word agreeing with the person («наставляемый», «наставляемая»)."""
from __future__ import annotations

import re

from app.teachers.gender import feminine

# The words of a school's legal form before its quoted name, in the prepositional case. An adjective
# agrees with its noun: -ое/-ая/-ый/-ий/-ой → -ом/-ой/-ом/-ем/-ом.
_NOUNS = {"учреждение": "учреждении", "организация": "организации", "школа": "школе", "гимназия": "гимназии",
          "лицей": "лицее", "центр": "центре", "колледж": "колледже", "техникум": "техникуме", "сад": "саду",
          "интернат": "интернате", "школа-интернат": "школе-интернате", "комплекс": "комплексе"}
_ADJECTIVE_ENDINGS = (("ское", "ском"), ("ное", "ном"), ("ое", "ом"), ("ее", "ем"), ("ская", "ской"),
                      ("ная", "ной"), ("ая", "ой"), ("яя", "ей"), ("ый", "ом"), ("ий", "ем"), ("ой", "ом"))
_LEGAL_FORM = re.compile(r"^(?P<words>[А-Яа-яЁё\- ]+?)\s*(?P<rest>[«\"].*)$")


def _prepositional(word: str) -> str | None:
    lower = word.lower()
    if lower in _NOUNS:
        return _NOUNS[lower]
    for ending, replacement in _ADJECTIVE_ENDINGS:
        if lower.endswith(ending):
            return lower[: -len(ending)] + replacement
    return None


def in_school(name: str) -> str:
    """«в муниципальном бюджетном общеобразовательном учреждении «Средняя школа №11»» from the school's
    full name; an abbreviated one follows «в» as written, any other after «в организации»."""
    name = " ".join((name or "").split())
    match = _LEGAL_FORM.match(name)
    if match:
        declined = [_prepositional(word) for word in match["words"].split()]
        if declined and all(declined):
            return f"в {' '.join(declined)} {match['rest']}"
    if not name:
        return "в организации"
    if name.split()[0].isupper():  # «МБОУ «СШ №5»»: an abbreviation is not declined
        return f"в {name}"
    return f"в организации {name}" if "«" in name or '"' in name else f"в организации «{name}»"


def mentee_word(full_name: str) -> str:
    """By the patronymic, the last word of «Фамилия Имя Отчество» (a name of two words has none)."""
    words = (full_name or "").split()
    return "наставляемая" if len(words) >= 3 and feminine(words[-1]) else "наставляемый"
