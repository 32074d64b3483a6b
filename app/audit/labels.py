"""UI words of the audit log. Each feature adds the words of its own actions and objects when it
is registered (its ``init_app``)."""
from __future__ import annotations

from flask import current_app

_KEY = "nastavnik.audit_labels"


def add(app, actions: dict, objects: dict) -> None:
    known_actions, known_objects = app.extensions.setdefault(_KEY, ({}, {}))
    known_actions.update(actions)
    known_objects.update(objects)


def action_labels() -> dict:
    return current_app.extensions.get(_KEY, ({}, {}))[0]


def object_labels() -> dict:
    return current_app.extensions.get(_KEY, ({}, {}))[1]
