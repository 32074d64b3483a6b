"""Sessions and people under row-level security, exercised with raw SQL as the app role (no ORM, no
hooks): what a bug or an injected statement in some scope could do to sessions and accounts."""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from tests.support.database import db_urls
from tests.support.http import login


def _scope(conn, org=None, municipality=None, user=None):
    conn.execute(text("SELECT set_config('app.org_id', :o, true), set_config('app.municipality_id', :m, true),"
                      " set_config('app.user_id', :u, true)"),
                 {"o": str(org or ""), "m": str(municipality or ""), "u": str(user or "")})


def _signed_in(app, world, *keys) -> dict[str, object]:
    """Sign the people in; their clients by key."""
    clients = {}
    for key in keys:
        clients[key] = app.test_client()
        assert login(app, clients[key], world.people[key]).status_code == 302
    return clients


def _sessions(inspector) -> dict[uuid.UUID, str]:
    with inspector.connect() as conn:
        return {user: sid for sid, user in conn.execute(text("SELECT id, user_id FROM user_sessions"))}


# --- sessions -------------------------------------------------------------------------------------------

def test_without_a_scope_the_app_role_reads_and_changes_no_session(app, world, app_engine, inspector):
    _signed_in(app, world, "a_teacher", "b_teacher")
    with app_engine.connect() as conn, conn.begin():
        assert conn.execute(text("SELECT count(*) FROM user_sessions")).scalar_one() == 0
        assert conn.execute(text("UPDATE user_sessions SET revoked_at = now()")).rowcount == 0
    with inspector.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM user_sessions WHERE revoked_at IS NULL")).scalar_one() == 2


def test_the_app_role_cannot_rewrite_the_owner_of_a_session(app, world, app_engine, inspector):
    """The probe: rewriting one row's user_id turned a teacher's cookie into the platform admin's."""
    clients = _signed_in(app, world, "a_teacher")
    teacher, admin = world.people["a_teacher"].id, world.people["platform_admin"].id
    token_hash = _sessions(inspector)[teacher]
    for scope in ({}, {"user": teacher}, {"user": admin}):
        with app_engine.connect() as conn:
            trans = conn.begin()
            _scope(conn, **scope)
            conn.execute(text("SELECT * FROM session_by_token_hash(:h)"), {"h": token_hash})
            with pytest.raises(Exception, match="permission denied"):
                conn.execute(text("UPDATE user_sessions SET user_id = :a WHERE id = :h"),
                             {"a": admin, "h": token_hash})
            trans.rollback()
    assert _sessions(inspector)[teacher] == token_hash
    assert clients["a_teacher"].get("/platform/").status_code == 404  # still the teacher


def test_the_session_lookup_shows_exactly_the_session_of_that_token_hash(app, world, app_engine, inspector):
    _signed_in(app, world, "a_teacher", "b_teacher")
    sessions = _sessions(inspector)
    mine = sessions[world.people["a_teacher"].id]
    with app_engine.connect() as conn, conn.begin():
        rows = conn.execute(text("SELECT id FROM session_by_token_hash(:h)"), {"h": mine}).scalars().all()
        assert rows == [mine]
        # The rest of the transaction (the request) sees its own session, and no other.
        assert conn.execute(text("SELECT id FROM user_sessions")).scalars().all() == [mine]
    with app_engine.connect() as conn, conn.begin():
        assert conn.execute(text("SELECT count(*) FROM session_by_token_hash(:h)"),
                            {"h": "0" * 64}).scalar_one() == 0


def test_a_person_sees_their_own_sessions_and_a_tenant_scope_sees_nobody_elses(app, world, app_engine):
    _signed_in(app, world, "a_teacher", "a_admin")
    a = world.orgs["A"]
    teacher, admin = world.people["a_teacher"].id, world.people["a_admin"].id
    with app_engine.connect() as conn:
        with conn.begin():
            _scope(conn, user=teacher)
            assert set(conn.execute(text("SELECT user_id FROM user_sessions")).scalars()) == {teacher}
        with conn.begin():  # the school's admin, in the school: their own session only
            _scope(conn, org=a.id, municipality=a.municipality_id, user=admin)
            assert set(conn.execute(text("SELECT user_id FROM user_sessions")).scalars()) == {admin}
            assert conn.execute(text("UPDATE user_sessions SET revoked_at = now() WHERE user_id = :t"),
                                {"t": teacher}).rowcount == 0
        with conn.begin():
            _scope(conn, org=a.id, municipality=a.municipality_id)
            assert conn.execute(text("SELECT count(*) FROM user_sessions")).scalar_one() == 0


def test_the_app_role_starts_sessions_only_for_the_person_of_its_scope(world, app_engine):
    teacher, admin = world.people["a_teacher"].id, world.people["platform_admin"].id
    with app_engine.connect() as conn:
        trans = conn.begin()
        _scope(conn, user=teacher)
        with pytest.raises(Exception, match="row-level security"):
            conn.execute(text("INSERT INTO user_sessions (id, public_id, user_id, last_seen_at, created_at) "
                              "VALUES (:h, gen_random_uuid(), :a, now(), now())"), {"h": "f" * 64, "a": admin})
        trans.rollback()


def test_the_app_role_deletes_no_session_and_the_purge_only_dead_ones(app, world, app_engine, inspector):
    _signed_in(app, world, "a_teacher", "b_teacher")
    with inspector.begin() as conn:  # one session ended ten days ago
        conn.execute(text("UPDATE user_sessions SET revoked_at = now() - interval '10 days', "
                          "created_at = now() - interval '10 days' WHERE user_id = :u"),
                     {"u": world.people["b_teacher"].id})
    with app_engine.connect() as conn:
        trans = conn.begin()
        _scope(conn, user=world.people["a_teacher"].id)
        with pytest.raises(Exception, match="permission denied"):
            conn.execute(text("DELETE FROM user_sessions"))
        trans.rollback()
        with conn.begin():  # even asked to purge everything, the purge leaves live sessions alone
            assert conn.execute(text("SELECT purge_user_sessions(now() + interval '1 day')")).scalar_one() == 1
    assert set(_sessions(inspector)) == {world.people["a_teacher"].id}


def test_an_expired_session_is_ended_in_the_database_though_nobody_is_known_yet(app, world, inspector):
    """The request's own session stays visible for its transaction (the lookup's setting), so the
    session found expired is written ended without any person's scope."""
    client = _signed_in(app, world, "a_teacher")["a_teacher"]
    with inspector.begin() as conn:
        conn.execute(text("UPDATE user_sessions SET last_seen_at = now() - interval '2 hours'"))
    assert client.get("/account/").status_code == 302
    with inspector.connect() as conn:
        assert conn.execute(text("SELECT revoked_at IS NOT NULL FROM user_sessions")).scalar_one()


def test_the_session_lookup_can_use_the_primary_key_under_its_policy(app, world, app_engine, inspector):
    _signed_in(app, world, "a_teacher")
    token_hash = _sessions(inspector)[world.people["a_teacher"].id]
    with app_engine.connect() as conn, conn.begin():
        conn.execute(text("SET LOCAL enable_seqscan = off"))
        conn.execute(text("SELECT set_config('app.session_id', :h, true)"), {"h": token_hash})
        plan = "\n".join(conn.execute(text("EXPLAIN SELECT * FROM user_sessions WHERE id = :h"),
                                      {"h": token_hash}).scalars())
        assert "user_sessions_pkey" in plan and "Seq Scan" not in plan, plan
        _scope(conn, user=world.people["a_teacher"].id)
        plan = "\n".join(conn.execute(text("EXPLAIN SELECT * FROM user_sessions WHERE user_id = :u"),
                                      {"u": world.people["a_teacher"].id}).scalars())
        assert "ix_user_sessions_user" in plan and "Seq Scan" not in plan, plan


def test_each_request_finds_its_session_with_one_statement(app, world, count_queries):
    from app.accounts import sessions
    from app.core.extensions import db

    client = app.test_client()
    login(app, client, world.people["a_teacher"])
    token = _token_of(app, client)
    with app.app_context():
        with count_queries() as counter:
            found = sessions.find(token)
        assert found is not None and found.user_id == world.people["a_teacher"].id
        db.session.remove()
    lookups = [s for s in counter.statements if "user_sessions" in s or "session_of_token" in s]
    assert len(lookups) == 1, counter.statements


def test_sessions_are_not_read_through_the_orm_without_a_scope(app, world):
    from sqlalchemy import select

    from app.accounts.models import UserSession
    from app.core.extensions import db
    from tenants.scope import TenantScopeMissing

    with app.app_context():
        with pytest.raises(TenantScopeMissing):
            db.session.scalars(select(UserSession)).all()
        db.session.remove()


def _token_of(app, client) -> str:
    """The server-side session token a test client's cookie carries."""
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    with app.test_request_context():
        data = app.session_interface.get_signing_serializer(app).loads(cookie)
    return data["_user_id"]


# --- people ---------------------------------------------------------------------------------------------

def test_no_scope_can_make_anyone_a_platform_admin(world, app_engine):
    a = world.orgs["A"]
    teacher = world.people["a_teacher"].id
    for scope in ({"org": a.id, "municipality": a.municipality_id, "user": world.people["a_admin"].id},
                  {"user": teacher}, {}):
        with app_engine.connect() as conn:
            trans = conn.begin()
            _scope(conn, **scope)
            with pytest.raises(Exception, match="permission denied"):
                conn.execute(text("UPDATE users SET is_platform_admin = true WHERE id = :t"), {"t": teacher})
            trans.rollback()


def test_a_tenant_scope_cannot_change_anyones_second_factor_password_or_email(world, app_engine, inspector):
    a = world.orgs["A"]
    director, admin = world.people["a_director"].id, world.people["a_admin"].id
    statements = ("UPDATE users SET totp_secret = NULL, totp_enabled_at = NULL WHERE id = :p",
                  "UPDATE users SET totp_secret = 'JBSWY3DPEHPK3PXP' WHERE id = :p",
                  "UPDATE users SET password_hash = 'x', password_changed_at = now() WHERE id = :p",
                  "UPDATE users SET email = 'thief@test-nastavnik.ru' WHERE id = :p")
    with inspector.connect() as conn:
        before = conn.execute(text("SELECT users::text FROM users ORDER BY id")).scalars().all()
    with app_engine.connect() as conn:
        for statement in statements:
            for person in (director, admin):  # another member, and even the admin's own row
                with conn.begin():
                    _scope(conn, org=a.id, municipality=a.municipality_id, user=admin)
                    assert conn.execute(text(statement), {"p": person}).rowcount == 0, statement
    with inspector.connect() as conn:
        assert conn.execute(text("SELECT users::text FROM users ORDER BY id")).scalars().all() == before


def test_a_person_may_change_their_own_second_factor_in_their_own_scope_only(world, app_engine):
    director = world.people["a_director"].id
    with app_engine.connect() as conn:
        with conn.begin():
            _scope(conn, user=director)
            assert conn.execute(text("UPDATE users SET totp_secret = totp_secret WHERE id = :p"),
                                {"p": director}).rowcount == 1
            assert conn.execute(text("UPDATE users SET totp_secret = totp_secret WHERE id <> :p"),
                                {"p": director}).rowcount == 0


def _insert_user(conn, **values):
    row = {"id": uuid.uuid4(), "email": f"new-{uuid.uuid4().hex[:8]}@test-nastavnik.ru", "admin": False, **values}
    conn.execute(text("INSERT INTO users (id, email, full_name, is_platform_admin, is_active, created_at) "
                      "VALUES (:id, :email, 'Новый', :admin, true, now())"), row)
    return row["id"]


def test_people_are_inserted_only_through_the_named_path_and_never_as_platform_admins(world, app_engine):
    a = world.orgs["A"]
    with app_engine.connect() as conn:
        for scope, setting, admin in (({}, False, False),  # no named setting
                                      ({"org": a.id, "municipality": a.municipality_id}, True, False),  # a tenant
                                      ({}, True, True)):  # a platform admin
            trans = conn.begin()
            _scope(conn, **scope)
            new_id = uuid.uuid4()
            if setting:
                conn.execute(text("SELECT set_config('app.new_user_id', :u, true)"), {"u": str(new_id)})
            with pytest.raises(Exception, match="row-level security"):
                _insert_user(conn, id=new_id, admin=admin)
            trans.rollback()
        with conn.begin():  # the path create_user takes
            new_id = uuid.uuid4()
            conn.execute(text("SELECT set_config('app.new_user_id', :u, true)"), {"u": str(new_id)})
            _insert_user(conn, id=new_id)
        trans = conn.begin()
        with pytest.raises(Exception, match="permission denied"):
            conn.execute(text("DELETE FROM users"))
        trans.rollback()


def test_create_user_and_admin_create_still_work_through_their_paths(app, inspector):
    from app.accounts import services
    from app.core.extensions import db

    with app.app_context():
        services.create_user("new.person@test-nastavnik.ru", "Новикова Вера", "кабинет 214 на втором этаже")
        db.session.commit()
        db.session.remove()
    result = app.test_cli_runner().invoke(args=["admin", "create", "--email", "new.person@test-nastavnik.ru",
                                                "--name", "Новикова Вера",
                                                "--password", "длинный пароль администратора"])
    assert result.exit_code == 0, result.output
    with inspector.connect() as conn:
        assert conn.execute(text("SELECT is_platform_admin FROM users")).scalars().all() == [True]


def test_the_migration_downgrades_and_upgrades_with_the_grants_following(app, owner_engine):
    """apply_grants runs after a downgrade too: it grants only the columns that exist."""
    from flask_migrate import downgrade, upgrade

    app_role = make_url(db_urls()["DATABASE_URL"]).username
    with app.app_context():
        downgrade(revision="0002")
        upgrade()
    with owner_engine.connect() as conn:
        columns = set(conn.execute(text(
            "SELECT column_name FROM information_schema.column_privileges WHERE grantee = :r "
            "AND table_name = 'users' AND privilege_type = 'UPDATE'"), {"r": app_role}).scalars())
    assert "last_org_id" in columns and "is_platform_admin" not in columns and "full_name" not in columns


def test_the_purge_job_forgets_dead_sessions_and_expired_counters_with_its_system_scope(app, world, inspector):
    from rq import Queue, SimpleWorker
    from rq.job import JobStatus
    from rq.serializers import JSONSerializer

    from app.accounts.jobs import purge_sessions
    from app.core.redis import redis_client
    from tenants.switches import system_job_scope
    from worker.queue import SCOPE_META_KEY

    _signed_in(app, world, "a_teacher", "b_teacher")
    with inspector.begin() as conn:
        conn.execute(text("UPDATE user_sessions SET created_at = now() - interval '8 days' WHERE user_id = :u"),
                     {"u": world.people["b_teacher"].id})
        conn.execute(text("INSERT INTO throttle_counters (key, hits, expires_at) VALUES "
                          "('old', 3, now() - interval '1 minute'), ('live', 3, now() + interval '1 hour')"))
    with app.app_context():
        queue = Queue(f"test-{uuid.uuid4().hex[:8]}", connection=redis_client(), serializer=JSONSerializer)
        job = queue.enqueue(purge_sessions, meta={SCOPE_META_KEY: system_job_scope()})
        SimpleWorker([queue], connection=queue.connection, serializer=JSONSerializer).work(burst=True)
        job.refresh()
        assert job.get_status() == JobStatus.FINISHED and job.return_value() == 1
    assert set(_sessions(inspector)) == {world.people["a_teacher"].id}
    with inspector.connect() as conn:
        assert conn.execute(text("SELECT key FROM throttle_counters")).scalars().all() == ["live"]
