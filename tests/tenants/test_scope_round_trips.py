"""The scope reaches PostgreSQL in one statement, sent only when a statement runs under a scope the
transaction does not carry yet (the speed issue: no round trip for a scope that did not change)."""
from __future__ import annotations

from sqlalchemy import func, select

from tenants.scope import TenantScope, tenant_scope


def _scope(world, key):
    org = world.orgs[key]
    return TenantScope(municipality_id=org.municipality_id, org_id=org.id)


def _settings(counter) -> int:
    return sum(1 for s in counter.statements if "set_config('app.user_id'" in s)


def test_the_scope_is_sent_once_and_again_only_when_it_changes(app_ctx, world, count_queries):
    from app.core.extensions import db
    from app.orgs.models import Membership

    count = select(func.count()).select_from(Membership)
    with count_queries() as counter:
        with tenant_scope(_scope(world, "A")):
            a = db.session.scalar(count)
            assert db.session.scalar(count) == a
        assert _settings(counter) == 1  # the second query in the same scope sent nothing
        with tenant_scope(_scope(world, "B")):
            b = db.session.scalar(count)
        with tenant_scope(_scope(world, "A")):
            assert db.session.scalar(count) == a
    assert _settings(counter) == 3 and a != b
    db.session.rollback()


def test_switching_scope_without_a_query_in_between_sends_nothing(app_ctx, world, count_queries):
    from app.core.extensions import db
    from app.orgs.models import Membership

    with count_queries() as counter:
        for key in ("A", "B", "C"):
            with tenant_scope(_scope(world, key)):
                pass
        with tenant_scope(_scope(world, "A")):
            db.session.scalar(select(func.count()).select_from(Membership))
    assert _settings(counter) == 1
    db.session.rollback()


def test_a_rolled_back_savepoint_makes_the_scope_be_sent_again(app_ctx, world, count_queries):
    """ROLLBACK TO SAVEPOINT also undoes a set_config made inside it."""
    from app.core.extensions import db
    from app.orgs.models import Membership

    count = select(func.count()).select_from(Membership)
    with tenant_scope(_scope(world, "A")):
        a = db.session.scalar(count)
    savepoint = db.session.begin_nested()
    with tenant_scope(_scope(world, "B")):
        db.session.scalar(count)
    savepoint.rollback()
    with count_queries() as counter, tenant_scope(_scope(world, "B")):
        b = db.session.scalar(count)
    assert _settings(counter) == 1 and b != a
    db.session.rollback()


def test_a_new_transaction_starts_with_no_scope_and_sends_it_at_its_first_statement(app_ctx, world,
                                                                                   count_queries):
    from app.core.extensions import db
    from app.orgs.models import Membership

    with tenant_scope(_scope(world, "A")):
        db.session.scalar(select(func.count()).select_from(Membership))
        db.session.commit()
        with count_queries() as counter:
            assert db.session.scalar(select(func.count()).select_from(Membership)) > 0
    assert _settings(counter) == 1
    db.session.rollback()
