"""The names the programmes' downloads are saved under: the pairs' export's way (``pairs-<school>-<date>.xlsx``),
so a folder of downloads tells them apart — ``programmes-<school>-<date>.xlsx`` and, for one programme,
``programma-<the mentee's surname>-<date>.docx``. Latin letters only: a browser or a mail client that
mangles Cyrillic in ``filename`` still saves a readable name; ``filename*`` carries the same in UTF-8."""
from __future__ import annotations

import re
from datetime import date
from urllib.parse import quote

# The ICAO Doc 9303 transliteration, as Russian foreign passports spell names: the spelling a teacher
# already knows as their own.
_LATIN = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                  ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r",
                   "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "ie", "y", "", "e", "iu", "ia"]))
_UNSAFE = re.compile(r"[^a-z0-9]+")


def latin(text: str) -> str:
    """Lower-case Latin letters, digits and hyphens (nothing else survives a file name everywhere)."""
    spelled = "".join(_LATIN.get(ch, ch) for ch in (text or "").lower())
    return _UNSAFE.sub("-", spelled).strip("-")


def disposition(name: str) -> str:
    return f"attachment; filename={name}; filename*=UTF-8''{quote(name)}"


def programme_docx(participants, org_slug: str, today: date) -> str:
    """By the first mentee's surname (a group: the first in the list); the school's when there is none."""
    mentees = [teacher.last_name for participant, teacher in participants if participant.role.value == "mentee"]
    who = latin(mentees[0]) if mentees else ""
    return f"programma-{who or latin(org_slug) or 'school'}-{today.isoformat()}.docx"


def programmes_xlsx(org_slug: str, today: date) -> str:
    return f"programmes-{latin(org_slug) or 'school'}-{today.isoformat()}.xlsx"
