"""Tenant scope: the one place that decides which organization's rows a piece of code may touch.

Three layers (DESIGN.md §2): the request layer (app/web/access.py) resolves the org from the URL and
checks membership; the ORM layer (tenants/orm.py) filters every SELECT/UPDATE/DELETE of a tenant model
and fails closed without a scope; the database layer (tenants/rls.py + the policies written by
tenants/policies.py into migrations) repeats the filter with row-level security.
"""
from tenants.scope import (
    TenantScope,
    TenantScopeMissing,
    current_scope,
    require_scope,
    tenant_scope,
    unscoped,
)

__all__ = [
    "TenantScope",
    "TenantScopeMissing",
    "current_scope",
    "require_scope",
    "tenant_scope",
    "unscoped",
]
