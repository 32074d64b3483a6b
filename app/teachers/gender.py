"""Whether a teacher's record names a woman, read from the patronymic («Николаевна», «…кызы»): the
registry keeps no sex, and Russian texts must agree with the person («наставляемая»)."""
from __future__ import annotations


def feminine(middle_name: str | None) -> bool:
    word = (middle_name or "").strip().lower()
    return word.endswith("на") or word == "кызы" or word.endswith(" кызы")
