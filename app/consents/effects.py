"""What other features do when a consent is withdrawn (152-ФЗ ст. 21 ч. 5): the consents feature sits
below them, so they register here what each purpose covers of their data, and the ledger calls them
when that data is due for destruction. A destroyer takes the teacher's id, destroys (in the current
organization's scope, in the caller's transaction) what the purpose no longer covers, and returns
the lines the act of destruction lists («Анкета потенциального наставника: компетенции, темы…»).

A feature whose state rests on a standing consent registers a watcher instead: the ledger calls it in
the withdrawal's own transaction, so nothing reads as consented after the consent is gone."""
from __future__ import annotations

import uuid
from typing import Callable

from app.consents.models import Purpose

Destroyer = Callable[[uuid.UUID], list[str]]
Watcher = Callable[[uuid.UUID, Purpose], None]

_DESTROYERS: dict[Purpose, list[Destroyer]] = {}
_WATCHERS: dict[Purpose, list[Watcher]] = {}


def destroys(purpose: Purpose):
    """Register a destroyer of ``purpose``'s data (at a feature's init_app)."""
    def register(function: Destroyer) -> Destroyer:
        if function not in _DESTROYERS.setdefault(purpose, []):
            _DESTROYERS[purpose].append(function)
        return function
    return register


def destroyers(purpose: Purpose) -> list[Destroyer]:
    return list(_DESTROYERS.get(purpose, ()))


def on_withdrawal(*purposes: Purpose):
    """Register a watcher called with (teacher id, purpose) when a consent of ``purposes`` is withdrawn."""
    def register(function: Watcher) -> Watcher:
        for purpose in purposes:
            if function not in _WATCHERS.setdefault(purpose, []):
                _WATCHERS[purpose].append(function)
        return function
    return register


def watchers(purpose: Purpose) -> list[Watcher]:
    return list(_WATCHERS.get(purpose, ()))
