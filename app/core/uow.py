"""The unit of work of a web request: the one place where a view's change is committed or rolled back.

A view validates its form, then calls ``attempt(form, service, *args)``: the service applies the
rule (and never commits); on success the transaction commits, on a ``ServiceError`` it rolls back
and the refusal's Russian message is shown next to its field or at the top of the page.

``committed()`` tells the error page whether the request's change was committed before something
failed (an after-commit hook, the template of the answer): then the page says the change was saved.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from flask import flash, g, has_request_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.core.errors import ServiceError
from app.core.extensions import db


@dataclass
class Outcome:
    ok: bool
    value: Any = None

    def __bool__(self) -> bool:
        return self.ok


def show_error(form, error: ServiceError) -> None:
    """Put a refused rule's message next to its field, or at the top of the page. The message is made
    plain text here: a lazy translation counts as safe markup to Jinja, and the names it carries (an
    organization's, an e-mail address) must be escaped like any other text."""
    message = str(error.message)
    field = getattr(form, error.field, None) if (form is not None and error.field) else None
    if field is not None:
        field.errors = list(field.errors) + [message]
    else:
        flash(message, "error")


def attempt(form, service: Callable, *args, keep_on_refusal: bool = False, **kwargs) -> Outcome:
    """Run one service call as the request's unit of work.

    ``keep_on_refusal`` commits even when the rule refuses: for the counters a refusal itself must
    leave behind (a failed sign-in, a used second-factor step)."""
    try:
        value = service(*args, **kwargs)
    except ServiceError as error:
        if keep_on_refusal:
            db.session.commit()
        else:
            db.session.rollback()
        show_error(form, error)
        return Outcome(False)
    g._uow_committing = True
    try:
        db.session.commit()
    finally:
        g._uow_committing = False
    return Outcome(True, value)


def committed() -> bool:
    """Did this request's unit of work commit its change (even if something failed afterwards)?"""
    return has_request_context() and bool(g.get("_uow_committed"))


def install(session_class=Session) -> None:
    """Installed before the job hooks (app/__init__.py), so it runs first after a commit."""

    @event.listens_for(session_class, "after_commit")
    def _mark_committed(session: Session) -> None:
        if has_request_context() and g.get("_uow_committing"):
            g._uow_committed = True
