"""Tenant scope: the one place that decides which organization's rows a piece of code may touch.

Three layers (DESIGN.md §2): the request layer (app/core/access.py) resolves the org from the URL and
checks membership; the ORM layer (tenants/orm.py) filters every SELECT/UPDATE/DELETE of a tenant model
and fails closed without a scope; the database layer (tenants/rls.py + the policies written by
tenants/policies.py into migrations) repeats the filter with row-level security. Code outside this
package changes the scope only through the named switches of tenants/switches.py.
"""
