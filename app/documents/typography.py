"""Russian typography for every text the engine writes: `typeset(text)`, `quotes(text)`, `initials(full_name)`,
`date_numeric(d)` → «24.03.2022», `date_words(d)` → «"24" марта 2022 г.» in ёлочки; `NBSP`, `blank(n)`."""
from __future__ import annotations

import re
from datetime import date, datetime

NBSP = "\u00a0"
OPEN, CLOSE = "«", "»"
OPEN_INNER, CLOSE_INNER = "„", "“"

_MONTHS_GENITIVE = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
                    "сентября", "октября", "ноября", "декабря")

# XML 1.0 forbids these; a document holding one is "corrupt" for Word. Tabs and line breaks stay.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NUMBER_SIGN = re.compile(r"№[ \u00a0]*(?=[\w№])")
# «Е.А. Шишкина», «Е. А.Шишкина» → «Е.А. Шишкина» with a non-breaking space; «Шишкина Е.А.» likewise.
_INITIALS_BEFORE = re.compile(r"(?<![\w.])([А-ЯЁA-Z])\.[ \u00a0]*(?:([А-ЯЁA-Z])\.[ \u00a0]*)?(?=[А-ЯЁA-Z][а-яёa-z])")
_INITIALS_AFTER = re.compile(r"(?<![\w.])([А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)[ \u00a0]+"
                             r"([А-ЯЁ])\.(?:[ \u00a0]?([А-ЯЁ])\.)?(?![\w\u00a0])")
# Abbreviations that must not end a line: «г. Щёкино», «ул. Лукашина», «д. 5», «т. д.».
_ABBREVIATION = re.compile(r"(?<![\w.])(г|гг|ул|пос|пгт|пер|пр|просп|обл|с|д|кв|корп|стр|им|тел|см|рис|т)\."
                           r"[ \u00a0]*(?=[А-ЯЁA-Z0-9]|д\.|п\.)")
# «2022 г.»: the year stays with its «г.».
_YEAR = re.compile(r"(\d)[ \u00a0]+(?=(?:г|гг)\.)")
# A spaced hyphen is a dash; it never starts a line.
_DASH = re.compile(r"[ \u00a0]+[-–—][ \u00a0]+")


def clean(text: object) -> str:
    """The value as text without the control characters XML cannot hold; None is the empty string."""
    if text is None:
        return ""
    return _CONTROL.sub("", str(text))


def quotes(text: str, depth: int = 0, previous: str = "") -> tuple[str, int]:
    """Straight quotes to «ёлочки», nested ones to „лапки“; ёлочки already inside ёлочки become лапки.
    Returns the text and the depth left open, so a paragraph written in several runs nests across them."""
    out = []
    for char in text:
        if char == '"':
            opening = not previous or previous.isspace() or previous in "([{«„/—–-" or depth == 0 and previous == NBSP
            char = OPEN if opening else CLOSE
        if char in (OPEN, OPEN_INNER):
            depth += 1
            char = OPEN if depth == 1 else OPEN_INNER
        elif char in (CLOSE, CLOSE_INNER):
            char = CLOSE if depth <= 1 else CLOSE_INNER
            depth = max(depth - 1, 0)
        out.append(char)
        previous = char
    return "".join(out), depth


def spaces(text: str) -> str:
    """Non-breaking spaces where a line must not break: after «№», around initials, after «г.»,
    before a dash and a year's «г.»."""
    text = _NUMBER_SIGN.sub("№" + NBSP, text)
    text = _INITIALS_BEFORE.sub(lambda m: m.group(1) + "." + (m.group(2) + "." if m.group(2) else "") + NBSP, text)
    text = _INITIALS_AFTER.sub(
        lambda m: m.group(1) + NBSP + m.group(2) + "." + (m.group(3) + "." if m.group(3) else ""), text)
    text = _ABBREVIATION.sub(lambda m: m.group(1) + "." + NBSP, text)
    text = _YEAR.sub(lambda m: m.group(1) + NBSP, text)
    text = _DASH.sub(NBSP + "– ", text)
    return text


def typeset(text: object, depth: int = 0, previous: str = "") -> str:
    """All of the above on one piece of text (what every block does to what it writes)."""
    return typeset_run(text, depth, previous)[0]


def typeset_run(text: object, depth: int = 0, previous: str = "") -> tuple[str, int]:
    """`typeset` for one run of a paragraph written in several: carries the quotes' depth over."""
    set_text, depth = quotes(spaces(clean(text)), depth, previous)
    return set_text, depth


def initials(full_name: str, surname_first: bool = False) -> str:
    """«Шишкина Елена Александровна» → «Е.А. Шишкина» (or «Шишкина Е.А.»), joined by a non-breaking space.
    The name is read in the official order: surname, given name, patronymic."""
    words = clean(full_name).split()
    if len(words) < 2:
        return " ".join(words)
    surname, rest = words[0], words[1:3]
    letters = "".join(word[0].upper() + "." for word in rest)
    return f"{surname}{NBSP}{letters}" if surname_first else f"{letters}{NBSP}{surname}"


def _as_date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def date_numeric(value: date | datetime | None) -> str:
    """24.03.2022 (the date line of an order)."""
    return _as_date(value).strftime("%d.%m.%Y") if value else ""


def date_words(value: date | datetime | None) -> str:
    """«24» марта 2022 г. (the date of a consent or an act); no date gives the line to fill by hand."""
    if not value:
        return f"{OPEN}{blank(3)}{CLOSE} {blank(12)} 20{blank(3)}{NBSP}г."
    value = _as_date(value)
    return f"{OPEN}{value.day:02d}{CLOSE} {_MONTHS_GENITIVE[value.month - 1]} {value.year}{NBSP}г."


def blank(length: int = 20) -> str:
    """A line to fill in by hand (passport data, a date, a signature)."""
    return "_" * max(int(length), 1)
