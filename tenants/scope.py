"""The tenant scope held in a ContextVar, so that it follows a request, a job or a CLI command."""
from __future__ import annotations

import uuid
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Iterator


class TenantScopeMissing(RuntimeError):
    """A tenant table was touched with no scope: a bug, never a user error."""


@dataclass(frozen=True)
class TenantScope:
    """Who acts and for which organization.

    ``user_id`` alone (no org) is the scope of a signed-in person before an organization is chosen:
    it sees only that person's own memberships and the organizations they belong to.
    ``system`` marks the rare system jobs that run across tenants (see ``unscoped``).
    """

    user_id: uuid.UUID | None = None
    municipality_id: uuid.UUID | None = None
    org_id: uuid.UUID | None = None
    system: bool = False

    def as_dict(self) -> dict:
        return {
            "user_id": str(self.user_id) if self.user_id else None,
            "municipality_id": str(self.municipality_id) if self.municipality_id else None,
            "org_id": str(self.org_id) if self.org_id else None,
            "system": self.system,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "TenantScope":
        def _uuid(key: str) -> uuid.UUID | None:
            value = data.get(key)
            return uuid.UUID(value) if value else None

        return cls(
            user_id=_uuid("user_id"),
            municipality_id=_uuid("municipality_id"),
            org_id=_uuid("org_id"),
            system=bool(data.get("system")),
        )


_scope: ContextVar[TenantScope | None] = ContextVar("tenant_scope", default=None)
_before_change: list = []
_after_change: list = []


def on_scope_change(after=None, before=None) -> None:
    """Register callables run around every scope change: ``before()`` while the old scope still holds
    (pending writes are flushed under the scope they were made in), ``after(scope)`` once the new one
    is set."""
    if before is not None:
        _before_change.append(before)
    if after is not None:
        _after_change.append(after)


def current_scope() -> TenantScope | None:
    return _scope.get()


def require_scope() -> TenantScope:
    scope = _scope.get()
    if scope is None:
        raise TenantScopeMissing("no tenant scope is set for this operation")
    return scope


def set_scope(scope: TenantScope | None):
    for listener in _before_change:
        listener()
    token = _scope.set(scope)
    for listener in _after_change:
        listener(scope)
    return token


def reset_scope(token) -> None:
    for listener in _before_change:
        listener()
    _scope.reset(token)
    for listener in _after_change:
        listener(_scope.get())


def clear_scope() -> None:
    """End of a request: forget the scope without touching a session that is being torn down."""
    _scope.set(None)


@contextmanager
def tenant_scope(scope: TenantScope) -> Iterator[TenantScope]:
    token = set_scope(scope)
    try:
        yield scope
    finally:
        reset_scope(token)
