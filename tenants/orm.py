"""ORM layer of isolation: tenant criteria on every SELECT/UPDATE/DELETE of a tenant model.

A model joins by defining ``__tenant_criteria__(cls, scope)`` (see app/models/base.py). With no scope
set, touching such a model raises ``TenantScopeMissing``: the hook fails closed.
"""
from __future__ import annotations

from sqlalchemy import event, false, or_
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria

from tenants.scope import TenantScopeMissing, current_scope


# The named paths around the scope (tenants/rls.py), each for the models that declare it:
# login_lookup reads one user by e-mail before sign-in; session_lookup reads one session by the hash of
# its cookie token before anyone is known. PostgreSQL admits exactly that row (the policies).
_NARROW_PATHS = (("login_lookup", "__login_lookup__"), ("session_lookup", "__session_lookup__"))


def when_set(*alternatives):
    """Criteria helper for models: the OR of ``build(value)`` for each ``(value, build)`` whose scope
    value is set, and no rows at all when none is (fails closed)."""
    clauses = [build(value) for value, build in alternatives if value is not None]
    return or_(*clauses) if clauses else false()


def first_set(*alternatives):
    """Criteria helper for models whose policy is a CASE on the scope: ``build(value)`` of the first
    ``(value, build)`` whose scope value is set, and no rows at all when none is (fails closed).
    Unlike an OR of alternatives, one plain condition lets PostgreSQL estimate and use its indexes."""
    for value, build in alternatives:
        if value is not None:
            return build(value)
    return false()


def is_tenant_model(cls) -> bool:
    return hasattr(cls, "__tenant_criteria__")


def _tenant_mappers(state: ORMExecuteState):
    return [m for m in state.all_mappers if is_tenant_model(m.class_)]


def install(session_class=Session) -> None:
    @event.listens_for(session_class, "do_orm_execute")
    def _add_tenant_criteria(state: ORMExecuteState) -> None:
        if not (state.is_select or state.is_update or state.is_delete):
            return
        mappers = _tenant_mappers(state)
        for option, flag in _NARROW_PATHS:
            if state.execution_options.get(option):
                mappers = [m for m in mappers if not getattr(m.class_, flag, False)]
        if not mappers:
            return
        scope = current_scope()
        if scope is None:
            names = ", ".join(sorted(m.class_.__name__ for m in mappers))
            raise TenantScopeMissing(f"query on tenant models ({names}) without a tenant scope")
        if scope.system:
            return
        options = [
            with_loader_criteria(m.class_, m.class_.__tenant_criteria__(scope), include_aliases=True)
            for m in mappers
        ]
        state.statement = state.statement.options(*options)

    @event.listens_for(session_class, "before_flush")
    def _check_new_rows(session: Session, flush_context, instances) -> None:
        # Writes do not pass through do_orm_execute: new rows are stamped with, and held to, the scope.
        for obj in session.new:
            stamp = getattr(type(obj), "__tenant_stamp__", None)
            if stamp is None:
                continue
            scope = current_scope()
            if scope is None:
                raise TenantScopeMissing(f"insert of {type(obj).__name__} without a tenant scope")
            if not scope.system:
                stamp(obj, scope)
