"""The fixture world of the isolation tests: two municipalities; schools A and B and partner P in the
first, school C in the second; people in every role."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import pytest

TEST_PASSWORD = "correct horse battery staple"


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


def add_user(user) -> None:
    """Insert a person the way the app does: through the one named path (tenants/rls.py creating_user),
    outside any organization's scope. The platform admin flag is the owner role's (see build_world)."""
    from app.core.extensions import db
    from tenants.rls import creating_user

    with creating_user(db.session(), user.id):
        db.session.add(user)
        db.session.flush()


def build_world(app) -> World:
    from app.accounts import passwords, totp
    from app.accounts.models import User
    from app.core.extensions import db
    from app.core.roles import OrgKind
    from app.orgs.models import Membership, Municipality, Organization
    from app.platform.services import provision_platform_admin
    from tenants.switches import acting_in, as_person

    world = World()
    with app.app_context():
        for key in ("M1", "M2"):
            m = Municipality(id=uuid.uuid4(), name=f"Municipality {key}", slug=f"mun-{key.lower()}")
            db.session.add(m)
            world.municipalities[key] = m.id
        db.session.flush()
        for key, mun, kind, slug in WORLD_ORGS:
            with acting_in(municipality_id=world.municipalities[mun], reason="fixture world"):
                org = Organization(id=uuid.uuid4(), municipality_id=world.municipalities[mun], kind=OrgKind(kind),
                                   name=f"Organization {key}", short_name=f"Org {key}", slug=slug)
                db.session.add(org)
                db.session.flush()
            world.orgs[key] = Org(slug, org.id, org.municipality_id, kind)
        password_hash = passwords.hash_password(TEST_PASSWORD)
        for key, memberships in WORLD_PEOPLE:
            privileged = key == "platform_admin" or any(set(r) & PRIVILEGED for _, r in memberships)
            email, full_name = f"{key}@test-nastavnik.ru", f"Person {key}"
            if key == "platform_admin":
                user_id = provision_platform_admin(email, full_name, password_hash)
                secret = totp.new_secret()
                with as_person(user_id):
                    user = db.session.get(User, user_id)
                    totp.enable(user, secret)
            else:
                user = User(id=uuid.uuid4(), email=email, full_name=full_name, password_hash=password_hash)
                secret = totp.new_secret() if privileged else None
                if secret:
                    totp.enable(user, secret)
                add_user(user)
            world.people[key] = Person(user.email, user.id, secret)
            for org_key, roles in memberships:
                org = world.orgs[org_key]
                with acting_in(municipality_id=org.municipality_id, org_id=org.id, reason="fixture world"):
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


def add_membership(app, world: World, person: str, org_key: str, roles: list[str]) -> uuid.UUID:
    """One more membership of a person of the world (e.g. a teacher who also works in another school)."""
    from app.core.extensions import db
    from app.orgs.models import Membership, name_key
    from tenants.switches import acting_in

    org = world.orgs[org_key]
    with app.app_context(), acting_in(municipality_id=org.municipality_id, org_id=org.id, reason="fixture world"):
        membership = Membership(id=uuid.uuid4(), org_id=org.id, municipality_id=org.municipality_id,
                                user_id=world.people[person].id, roles=roles, sort_name=name_key(f"Person {person}"))
        db.session.add(membership)
        db.session.commit()
        db.session.remove()
    world.memberships[(person, org_key)] = membership.id
    return membership.id
