"""Layer 3: PostgreSQL row-level security, read from the catalog and exercised with raw SQL as the
app role (no ORM, no hooks)."""
from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from tests.support.database import db_urls

TENANT_COLUMNS = ("org_id", "municipality_id")
# Tables of people's records without a tenant column, held to RLS all the same.
PERSONAL_TABLES = ("users", "user_sessions", "recovery_codes")


def _tenant_tables(conn) -> list[str]:
    return list(conn.execute(text(
        "SELECT DISTINCT c.table_name FROM information_schema.columns c "
        "JOIN information_schema.tables t ON t.table_name = c.table_name AND t.table_schema = c.table_schema "
        "WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.column_name = ANY(:cols) "
        "ORDER BY 1"), {"cols": list(TENANT_COLUMNS)}).scalars())


def test_every_table_with_a_tenant_column_has_rls_enabled_and_forced(app, owner_engine):
    with owner_engine.connect() as conn:
        tables = _tenant_tables(conn) + list(PERSONAL_TABLES)
        assert {"organizations", "memberships", "invitations", "audit_events", "outbound_emails"} <= set(tables)
        rows = conn.execute(text(
            "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class "
            "WHERE relname = ANY(:t) AND relkind = 'r'"), {"t": tables}).all()
        flags = {name: (enabled, forced) for name, enabled, forced in rows}
        for table in tables:
            assert flags[table] == (True, True), f"{table}: RLS enabled/forced = {flags[table]}"
            policies = conn.execute(text("SELECT count(*) FROM pg_policies WHERE tablename = :t"),
                                    {"t": table}).scalar_one()
            assert policies > 0, f"{table} has no policy"


def test_app_role_is_not_owner_superuser_or_bypassrls(app, owner_engine):
    app_role = make_url(db_urls()["DATABASE_URL"]).username
    with owner_engine.connect() as conn:
        superuser, bypass = conn.execute(text(
            "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = :r"), {"r": app_role}).one()
        owned = conn.execute(text(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND pg_get_userbyid(c.relowner) = :r"), {"r": app_role}).scalar_one()
        db_owner = conn.execute(text(
            "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()")).scalar_one()
    assert superuser is False and bypass is False
    assert owned == 0
    assert db_owner != app_role


def test_unique_constraints_of_tenant_tables_include_the_tenant(app, owner_engine):
    with owner_engine.connect() as conn:
        tables = _tenant_tables(conn)
        rows = conn.execute(text(
            "SELECT tc.table_name, tc.constraint_name, array_agg(kcu.column_name::text) "
            "FROM information_schema.table_constraints tc JOIN information_schema.key_column_usage kcu "
            "ON kcu.constraint_name = tc.constraint_name AND kcu.table_name = tc.table_name "
            "WHERE tc.constraint_type = 'UNIQUE' AND tc.table_schema = 'public' AND tc.table_name = ANY(:t) "
            "GROUP BY 1, 2"), {"t": tables}).all()
    # organizations.slug is the one global name: it routes URLs (/<slug>/) and is public information.
    allowed_global = {("organizations", "organizations_slug_key")}
    for table, name, columns in rows:
        if (table, name) in allowed_global:
            continue
        assert {"org_id", "municipality_id", "id"} & set(columns), f"{table}.{name} {columns} is global"


def _set_scope(conn, org=None, municipality=None, user=None):
    conn.execute(text("SELECT set_config('app.org_id', :o, true), set_config('app.municipality_id', :m, true),"
                      " set_config('app.user_id', :u, true)"),
                 {"o": str(org or ""), "m": str(municipality or ""), "u": str(user or "")})


def test_raw_sql_as_app_role_sees_only_its_scope(world, app_engine):
    a, b = world.orgs["A"], world.orgs["B"]
    with app_engine.connect() as conn:
        with conn.begin():
            _set_scope(conn, org=a.id, municipality=a.municipality_id)
            orgs = set(conn.execute(text("SELECT DISTINCT org_id FROM memberships")).scalars())
            invites = conn.execute(text("SELECT count(*) FROM invitations WHERE org_id = :b"),
                                   {"b": b.id}).scalar_one()
            directory = set(conn.execute(text("SELECT municipality_id FROM organizations")).scalars())
    assert orgs == {a.id}
    assert invites == 0
    assert directory == {a.municipality_id}  # never another municipality's organizations


def test_raw_sql_as_app_role_without_scope_sees_no_tenant_rows(world, app_engine):
    with app_engine.connect() as conn:
        with conn.begin():
            for table in ("organizations", "memberships", "invitations", "audit_events", "outbound_emails"):
                assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() == 0, table


def test_raw_sql_as_app_role_cannot_write_into_another_org(world, app_engine):
    a, b = world.orgs["A"], world.orgs["B"]
    with app_engine.connect() as conn:
        trans = conn.begin()
        _set_scope(conn, org=a.id, municipality=a.municipality_id)
        updated = conn.execute(text("UPDATE memberships SET roles = '{director}' WHERE org_id = :b"),
                               {"b": b.id}).rowcount
        assert updated == 0
        with pytest.raises(Exception, match="row-level security"):
            conn.execute(text(
                "INSERT INTO invitations (id, org_id, municipality_id, email, full_name, roles, token_hash,"
                " expires_at, created_at) VALUES (gen_random_uuid(), :b, :m, 'x@x.ru', 'X', '{teacher}', 'h',"
                " now(), now())"), {"b": b.id, "m": b.municipality_id})
        trans.rollback()


def test_scope_of_one_transaction_is_not_visible_to_the_next_on_the_same_connection(world, app_engine):
    a = world.orgs["A"]
    with app_engine.connect() as conn:  # pool_size=1: the same pooled connection throughout
        pid = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
        conn.commit()
        with conn.begin():
            _set_scope(conn, org=a.id, municipality=a.municipality_id)
            assert conn.execute(text("SELECT count(*) FROM memberships")).scalar_one() > 0
        with conn.begin():
            assert conn.execute(text("SELECT pg_backend_pid()")).scalar_one() == pid
            assert conn.execute(text("SELECT current_setting('app.org_id', true)")).scalar_one() == ""
            assert conn.execute(text("SELECT count(*) FROM memberships")).scalar_one() == 0
    with app_engine.connect() as conn:  # checked out again from the pool
        with conn.begin():
            assert conn.execute(text("SELECT pg_backend_pid()")).scalar_one() == pid
            assert conn.execute(text("SELECT count(*) FROM memberships")).scalar_one() == 0


def test_audit_trail_is_append_only_for_the_app_role(world, app_engine):
    a = world.orgs["A"]
    with app_engine.connect() as conn:
        trans = conn.begin()
        _set_scope(conn, org=a.id, municipality=a.municipality_id)
        conn.execute(text("INSERT INTO audit_events (at, org_id, municipality_id, action, object_type, details)"
                          " VALUES (now(), :o, :m, 'test', 'x', '{}')"), {"o": a.id, "m": a.municipality_id})
        trans.commit()
        for statement in ("UPDATE audit_events SET action = 'forged'", "DELETE FROM audit_events",
                          "TRUNCATE audit_events"):
            trans = conn.begin()
            _set_scope(conn, org=a.id, municipality=a.municipality_id)
            with pytest.raises(Exception, match="permission denied"):
                conn.execute(text(statement))
            trans.rollback()


def test_raw_sql_as_app_role_sees_only_the_people_of_its_scope(world, app_engine):
    a = world.orgs["A"]
    a_people = {world.people[k].id for (k, org) in world.memberships if org == "A"}
    with app_engine.connect() as conn:
        with conn.begin():
            assert conn.execute(text("SELECT count(*) FROM users")).scalar_one() == 0  # no scope: nobody
        with conn.begin():
            _set_scope(conn, org=a.id, municipality=a.municipality_id)
            assert set(conn.execute(text("SELECT id FROM users")).scalars()) == a_people
        with conn.begin():
            _set_scope(conn, user=world.people["c_teacher"].id)
            assert set(conn.execute(text("SELECT id FROM users")).scalars()) == {world.people["c_teacher"].id}


def test_sign_in_lookup_shows_exactly_the_one_person_with_that_email(world, app_engine):
    email = world.people["c_teacher"].email
    with app_engine.connect() as conn:
        with conn.begin():
            conn.execute(text("SELECT set_config('app.login_email', :e, true)"), {"e": email})
            assert conn.execute(text("SELECT email FROM users")).scalars().all() == [email]
            # The lookup reads; it changes nobody, not even the person it found (own scope only).
            assert conn.execute(text("UPDATE users SET locale = 'en'")).rowcount == 0
