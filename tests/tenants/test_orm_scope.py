"""Layer 2: the ORM hook adds tenant criteria to SELECT/UPDATE/DELETE and fails closed without scope.

These tests run on a superuser connection, which row-level security does not hold: what they see is
filtered by the ORM layer alone, so removing the criteria makes them fail even though RLS would
still protect the app (tests/tenants/test_rls_catalog.py tests that layer without the ORM)."""
from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, func, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from tenants.scope import TenantScope, TenantScopeMissing, tenant_scope
from tenants.switches import unscoped
from tests.support.database import db_urls


def _scope(world, key):
    org = world.orgs[key]
    return TenantScope(municipality_id=org.municipality_id, org_id=org.id)


@pytest.fixture
def bypass(app_ctx):
    """An ORM session as a superuser: no row-level security, only the ORM hook."""
    engine = create_engine(make_url(db_urls()["DATABASE_ADMIN_URL"]).set(drivername="postgresql+psycopg2"))
    with Session(engine) as session:
        yield session
    engine.dispose()


def test_the_bypass_connection_really_is_outside_row_level_security(bypass, world, inspector):
    with inspector.connect() as conn:
        total = conn.execute(text("SELECT count(*) FROM memberships")).scalar_one()
    assert bypass.execute(text("SELECT count(*) FROM memberships")).scalar_one() == total > 0


def test_query_of_a_tenant_model_without_scope_raises(bypass, world):
    from app.orgs.models import Membership

    with pytest.raises(TenantScopeMissing):
        bypass.scalars(select(Membership)).all()


def test_query_in_a_scope_returns_only_that_orgs_rows(bypass, world):
    from app.orgs.models import Membership

    with tenant_scope(_scope(world, "A")):
        orgs = set(bypass.scalars(select(Membership.org_id)).all())
    assert orgs == {world.orgs["A"].id}
    with tenant_scope(_scope(world, "C")):
        orgs = set(bypass.scalars(select(Membership.org_id)).all())
    assert orgs == {world.orgs["C"].id}


def test_the_hook_puts_the_tenant_criteria_into_the_sql_itself(app_ctx, world, count_queries):
    from app.core.extensions import db
    from app.orgs.models import Membership

    with count_queries() as counter, tenant_scope(_scope(world, "A")):
        db.session.scalars(select(Membership).where(Membership.id == world.memberships[("b_teacher", "B")])).all()
    sql = " ".join(counter.statements)
    assert "memberships.org_id = " in sql


def test_orm_update_in_scope_a_cannot_touch_rows_of_b(bypass, world, inspector):
    from app.orgs.models import Membership

    with tenant_scope(_scope(world, "A")):
        bypass.execute(update(Membership).values(position="changed"))
        bypass.commit()
    with inspector.connect() as conn:
        changed = dict(conn.execute(text(
            "SELECT org_id, count(*) FROM memberships WHERE position = 'changed' GROUP BY org_id")).all())
    assert set(changed) == {world.orgs["A"].id}


def test_new_row_is_stamped_with_the_scope_and_refused_outside_it(bypass, world):
    from app.core.models import utcnow
    from app.orgs.models import Invitation

    def invitation(**kwargs):
        return Invitation(id=uuid.uuid4(), email="x@x.ru", full_name="X", roles=["teacher"], token_hash="h",
                          expires_at=utcnow() + timedelta(days=1), **kwargs)

    with tenant_scope(_scope(world, "A")):
        stamped = invitation()
        bypass.add(stamped)
        bypass.flush()
        assert stamped.org_id == world.orgs["A"].id
        bypass.add(invitation(org_id=world.orgs["B"].id, municipality_id=world.orgs["B"].municipality_id))
        with pytest.raises(TenantScopeMissing):
            bypass.flush()
        bypass.rollback()


def test_unscoped_needs_a_reason_and_still_meets_row_level_security(app_ctx, world):
    from app.core.extensions import db
    from app.orgs.models import Membership

    with pytest.raises(ValueError):
        with unscoped(""):
            pass
    with unscoped("test: the database layer holds without the ORM layer"):
        # The ORM adds no criteria for a system scope, and PostgreSQL, with no org set, shows nothing.
        assert db.session.scalar(select(func.count()).select_from(Membership)) == 0


def test_people_are_scoped_too_and_the_sign_in_lookup_is_the_one_way_around(bypass, app_ctx, world):
    from app.accounts.models import User
    from app.accounts.services import find_user_for_login

    with pytest.raises(TenantScopeMissing):
        bypass.scalars(select(User)).all()
    with tenant_scope(_scope(world, "B")):
        names = set(bypass.scalars(select(User.full_name)).all())
    assert names == {f"Person {k}" for (k, org) in world.memberships if org == "B"}
    assert find_user_for_login(world.people["c_teacher"].email).id == world.people["c_teacher"].id
