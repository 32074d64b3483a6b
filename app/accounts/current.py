"""The signed-in person of a request: Flask-Login's loader, and the sign-in state and the last
organization that the access layer (app/core/access.py) asks for through its hooks."""
from __future__ import annotations

from flask import g, session
from flask_login import current_user

from app.accounts import services, sessions
from app.core.access import ANONYMOUS, ENROLMENT_OWED, SECOND_FACTOR_OWED, SIGNED_IN
from tenants.switches import as_person


def load_session_user(token: str):
    """The cookie carries a session token, not a user id (so the server can end the session)."""
    resolved = sessions.resolve(token)
    if resolved is None:
        session.clear()
        return None
    user, live = resolved
    user.session_token = token
    g.user_session = live
    return user


def auth_state() -> str:
    if not current_user.is_authenticated:
        return ANONYMOUS
    live = g.user_session
    if current_user.totp_enabled and live.second_factor_at is None:
        return SECOND_FACTOR_OWED
    if not current_user.totp_enabled and services.requires_second_factor(current_user):
        return ENROLMENT_OWED
    return SIGNED_IN


def entered_org(org) -> bool:
    """The session remembers the organization the person is in (the landing page of this session);
    when it is another one than last time, so does the person's record, in their own scope, so the
    next sign-in lands there (sessions.start). No query: both rows are already loaded."""
    live = g.user_session
    if live.current_org_id == org.id:
        return False
    live.current_org_id = org.id
    person = current_user._get_current_object()
    if person.last_org_id != org.id:
        with as_person(person.id):  # a person's record changes only in their own scope
            person.last_org_id = org.id
    return True
