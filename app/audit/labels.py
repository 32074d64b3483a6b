"""UI words of the audit log. Each feature adds the words of its own actions, objects and detail
fields when it is registered (its ``init_app``)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from flask import current_app

_KEY = "nastavnik.audit_labels"


@dataclass(frozen=True)
class Field:
    """How a key of an event's details reads: its label and the words of its values.

    A field registered under an action's name describes a bare ``{"before": …, "after": …}`` of that
    action (e.g. "change_roles": the lists of roles before and after)."""

    label: Any  # a lazy gettext string
    words: Callable[[Any], str] | None = None


def add(app, actions: dict, objects: dict, fields: dict[str, Field] | None = None) -> None:
    known_actions, known_objects, known_fields = app.extensions.setdefault(_KEY, ({}, {}, {}))
    known_actions.update(actions)
    known_objects.update(objects)
    known_fields.update(fields or {})


def _known() -> tuple[dict, dict, dict]:
    return current_app.extensions.get(_KEY, ({}, {}, {}))


def action_labels() -> dict:
    return _known()[0]


def object_labels() -> dict:
    return _known()[1]


def field_labels() -> dict[str, Field]:
    return _known()[2]
