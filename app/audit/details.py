"""What changed, in words: an event's details as a reader of the register reads them.

Details are written by the features as plain JSON: ``{"before": {...}, "after": {...}}`` for a change
of named fields, ``{"before": x, "after": y}`` for a change of the one thing the action is about
(described by the field registered under the action's name), and other keys for the facts of the
event (``{"email": …, "roles": […]}``). Each key reads through the field the feature registered
(``app.audit.labels.add``); an unknown key still reads: yes/no for booleans, lists joined by commas.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping

from flask_babel import gettext as _

from app.audit.labels import field_labels


@dataclass(frozen=True)
class Change:
    label: str
    after: str
    before: str | None = None  # None: a fact of the event, not a change


def words_of(labels: Mapping) -> Callable[[Any], str]:
    """Values named by a dictionary of UI words (enum members or their values as keys)."""
    by_value = {getattr(key, "value", key): label for key, label in labels.items()}

    def words(value: Any) -> str:
        values = value if isinstance(value, (list, tuple)) else [value]
        return ", ".join(str(by_value.get(v, v)) for v in values) or "—"

    return words


def yes_no(yes, no) -> Callable[[Any], str]:
    """A boolean in the words of its field (e.g. «открыт» / «закрыт»)."""
    return lambda value: str(yes) if value else str(no)


def plain(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, (list, tuple)):
        return ", ".join(plain(v) for v in value)
    return str(value)


def _read(key: str, value: Any) -> str:
    field = field_labels().get(key)
    if field is not None and field.words is not None and value is not None:
        return field.words(value)
    return plain(value)


def _label(key: str) -> str:
    field = field_labels().get(key)
    return str(field.label) if field is not None else key


def describe(action: str, details: Mapping | None, object_name: str | None = None) -> list[Change]:
    details = details or {}
    changes: list[Change] = []
    before, after = details.get("before"), details.get("after")
    if isinstance(before, Mapping) or isinstance(after, Mapping):
        before, after = before or {}, after or {}
        for key in [*before, *(k for k in after if k not in before)]:
            changes.append(Change(_label(key), _read(key, after.get(key)), _read(key, before.get(key))))
    elif "before" in details or "after" in details:
        changes.append(Change(_label(action), _read(action, after), _read(action, before)))
    for key, value in details.items():
        if key in ("before", "after") or (object_name is not None and value == object_name):
            continue  # the object's name is in its own column
        changes.append(Change(_label(key), _read(key, value)))
    return changes
