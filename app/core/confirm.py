"""The confirmation of a destructive action (ARCHITECTURE.md: a GET, or a POST without ``confirm=yes``,
shows what will happen), and the refusal asked before it is drawn."""
from __future__ import annotations

from flask import render_template

from app.core.errors import ServiceError


def refusal(check, *args) -> str | None:
    """The Russian message of a rule that refuses, asked before a confirmation page is drawn."""
    try:
        check(*args)
    except ServiceError as error:
        return error.message
    return None


def confirm_page(title, question, consequences, action, cancel, button, hidden=()) -> str:
    return render_template("confirm.html", title=title, question=question, consequences=consequences,
                           action=action, cancel=cancel, button=button, hidden=list(hidden))
