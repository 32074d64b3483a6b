"""Named scope switches: the only ways code outside ``tenants/`` changes the tenant scope.

Each name says whose eyes the code looks through, so a reader (and ``grep``) finds every place
where the scope changes and why. A raw ``tenant_scope(TenantScope(...))`` outside this package
fails tests/tenants/test_scope_switches.py.
"""
from __future__ import annotations

import uuid
from contextlib import contextmanager
from typing import Iterator

from tenants.scope import TenantScope, set_scope, tenant_scope


def _needs(reason: str) -> None:
    if not reason or not reason.strip():
        raise ValueError("a scope switch needs a reason")


@contextmanager
def as_person(user_id: uuid.UUID) -> Iterator[TenantScope]:
    """A person's own eyes: their account, their memberships and the organizations they belong to."""
    with tenant_scope(TenantScope(user_id=user_id)) as scope:
        yield scope


@contextmanager
def acting_in(*, municipality_id: uuid.UUID, org_id: uuid.UUID | None = None,
              user_id: uuid.UUID | None = None, reason: str) -> Iterator[TenantScope]:
    """Act inside one organization (or, without ``org_id``, one municipality's directory) for a
    stated reason: provisioning, an invitation link, a fixture."""
    _needs(reason)
    with tenant_scope(TenantScope(user_id=user_id, municipality_id=municipality_id, org_id=org_id)) as scope:
        yield scope


@contextmanager
def unscoped(reason: str) -> Iterator[TenantScope]:
    """The explicit escape from ORM tenant filtering, for system jobs only.

    The ORM hook lets a system scope pass unfiltered; PostgreSQL still applies row-level security,
    so a system job that must read across tenants does so one tenant at a time."""
    _needs(reason)
    with tenant_scope(TenantScope(system=True)) as scope:
        yield scope


@contextmanager
def restored(data: dict) -> Iterator[TenantScope]:
    """A job's scope, carried as data in ``job.meta`` and restored in the worker."""
    with tenant_scope(TenantScope.from_dict(data)) as scope:
        yield scope


def enter_request(user_id: uuid.UUID, *, municipality_id: uuid.UUID | None = None,
                  org_id: uuid.UUID | None = None) -> None:
    """The scope of the rest of a web request (cleared at its end by ``clear_scope``): the signed-in
    person, and the organization of the URL once membership is checked (app/core/access.py)."""
    set_scope(TenantScope(user_id=user_id, municipality_id=municipality_id, org_id=org_id))


def scope_for_job(*, municipality_id: uuid.UUID | None = None, org_id: uuid.UUID | None = None,
                  user_id: uuid.UUID | None = None) -> TenantScope:
    """The scope a job is enqueued with, built from the owner of the row it works on (the outbox
    sweeper: an organization's letter, a person's own, or — neither — a system job that reaches its
    one row through a narrow path). Switches nothing itself; the worker restores it."""
    if org_id is None and user_id is None:
        return TenantScope(system=True)
    return TenantScope(user_id=user_id if org_id is None else None, municipality_id=municipality_id, org_id=org_id)


def system_job_scope() -> dict:
    """The scope a periodic system job declares in its meta (restored by ``restored``; its
    work then goes through ``unscoped`` or one tenant at a time)."""
    return TenantScope(system=True).as_dict()
