"""Benchmark: time and SQL statements of the main pages as an organization grows.

    .venv/bin/python -m tests.benchmarks.pages [--members 25 250 2500] [--repeat 30]

Uses the same database as the tests (DATABASE_URL…, else an embedded PostgreSQL) and DROPS its
schema. Prints figures; asserts nothing (targets are read by people, not by the test suite).
"""
from __future__ import annotations

import argparse
import statistics
import time
import uuid

from sqlalchemy import event, text

from tests.support import database, http
from tests.support import world as fixture_world


def _grow(app, world, members: int) -> None:
    from app.core.extensions import db
    from app.accounts.models import User
    from app.orgs.models import Membership
    from app.accounts import passwords
    from tenants.scope import TenantScope, tenant_scope

    org = world.orgs["A"]
    with app.app_context():
        password_hash = passwords.hash_password(fixture_world.TEST_PASSWORD)
        users = []
        for n in range(members):  # people are inserted one by one, through the named path
            user = User(id=uuid.uuid4(), email=f"bench{n}-{uuid.uuid4().hex[:6]}@test-nastavnik.ru",
                        full_name=f"Педагог {n:05d}", password_hash=password_hash)
            fixture_world.add_user(user)
            users.append(user)
        with tenant_scope(TenantScope(municipality_id=org.municipality_id, org_id=org.id)):
            for n, user in enumerate(users):
                db.session.add(Membership(id=uuid.uuid4(), org_id=org.id, municipality_id=org.municipality_id,
                                          user_id=user.id, roles=["teacher"]))
                if n % 500 == 499:
                    db.session.flush()
        db.session.commit()


def _measure(app, client, path: str, repeat: int) -> tuple[float, float, int]:
    from app.core.extensions import db

    with app.app_context():
        engine = db.engine
    statements = []
    listener = lambda *args: statements.append(1)  # noqa: E731
    times = []
    for _ in range(repeat):
        statements.clear()
        event.listen(engine, "before_cursor_execute", listener)
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        event.remove(engine, "before_cursor_execute", listener)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(times), max(times), len(statements)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, nargs="+", default=[25, 250, 2500])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    urls = database.db_urls()
    engine = database._engine("DATABASE_OWNER_URL")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    from app import create_app

    app = create_app({"APP_ENV": "testing", "DATABASE_URL": urls["DATABASE_URL"],
                      "DATABASE_OWNER_URL": urls["DATABASE_OWNER_URL"], "SECRET_KEY": "b" * 40,
                      "ARGON2_PROFILE": "fast", "DEMO_RELAX_TOTP": True})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
    world = fixture_world.build_world(app)
    pages = ["/school-a/", "/school-a/staff", "/school-a/staff?page=2", "/school-a/audit"]
    print(f"database: {urls['database']}; repeat {args.repeat}; times in ms (median / max); SQL statements")
    grown = 0
    for members in sorted(args.members):
        _grow(app, world, members - grown)
        grown = members
        client = app.test_client()
        http.login(app, client, world.people["a_admin"])
        for path in pages:
            median, worst, sql = _measure(app, client, path, args.repeat)
            print(f"{members:>6} members  {path:<28} {median:7.1f} / {worst:7.1f}   {sql:3d} statements")


if __name__ == "__main__":
    main()
