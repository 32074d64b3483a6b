"""Helpers of the orgs tests: calling a service as a member (the rules hold in the services, not only
in the pages), reading rows as the inspector, inviting and following a letter's link."""
from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from sqlalchemy import text

from tests.support.http import post
from tests.support.jobs import letters_to, link_in


@contextmanager
def acting(app, world, person: str, org_key: str):
    """Run service calls as ``person`` inside ``org_key``'s scope (as a request would), then roll back."""
    from app.core.extensions import db
    from tenants.switches import acting_in

    org = world.orgs[org_key]
    with app.app_context():
        with acting_in(municipality_id=org.municipality_id, org_id=org.id, user_id=world.people[person].id,
                       reason="test: a member acts in their organization"):
            try:
                yield db.session
            finally:
                db.session.rollback()
        db.session.remove()


def refused(call, *args, **kwargs) -> str:
    """The Russian message of a ServiceError raised by ``call`` (fails if it is not refused)."""
    from flask_babel import force_locale

    from app.core.errors import ServiceError

    with pytest.raises(ServiceError) as caught:
        call(*args, **kwargs)
    with force_locale("ru"):
        return str(caught.value.message)


def load(model, id_):
    from app.core.extensions import db

    return db.session.get(model, id_)


def roles_of(inspector, membership_id) -> tuple[list[str], bool]:
    with inspector.connect() as conn:
        row = conn.execute(text("SELECT roles, is_active FROM memberships WHERE id = :i"),
                           {"i": membership_id}).one()
    return sorted(row.roles), row.is_active


def snapshot(inspector) -> dict:
    """The rows a refused action must leave as they were. A person's last organization
    (users.last_org_id) is where they navigated, not what they changed: it is left out."""
    tables = ("organizations", "memberships", "invitations", "audit_events", "outbound_emails")
    with inspector.connect() as conn:
        found = {t: conn.execute(text(f"SELECT t::text FROM {t} t ORDER BY 1")).scalars().all() for t in tables}
        found["users"] = conn.execute(text(
            "SELECT (to_jsonb(u) - 'last_org_id')::text FROM users u ORDER BY 1")).scalars().all()
    return found


def errors(html: str) -> str:
    return " ".join(re.findall(r'<ul class="errors"[^>]*>(.*?)</ul>', html, re.S))


def flashes(html: str) -> str:
    return " ".join(re.findall(r'<div class="flash[^"]*"[^>]*>(.*?)</div>', html, re.S))


def invite(app, client, slug: str, email: str, roles: list[str], name: str = "Приглашённая Анна Ивановна") -> str:
    """Invite through the staff page; the path of the link in the letter."""
    response = post(client, f"/{slug}/staff/invite", {"email": email, "full_name": name, "roles": roles},
                    token_from=f"/{slug}/staff/invite")
    assert response.status_code == 302, errors(response.get_data(as_text=True))
    (_subject, body), = letters_to(app, email)
    return link_in(body, "/invite/")
