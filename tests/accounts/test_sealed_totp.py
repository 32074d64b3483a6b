"""Second-factor secrets are sealed at rest: an organization's scope may read its staff's records
(row-level security of users), but a stolen column is useless without the app's key."""
from __future__ import annotations

import pyotp
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.support.database import db_urls
from tests.support.http import login


def test_an_organizations_scope_reads_no_usable_second_factor_secret_of_its_staff(app, world):
    """As the app role in school A's scope (raw SQL, as an injection would): the director's record is
    visible, its secret is not the one the authenticator holds, nor any base32 secret."""
    engine = create_engine(make_url(db_urls()["DATABASE_URL"]).set(drivername="postgresql+psycopg2"))
    org, director = world.orgs["A"], world.people["a_director"]
    with engine.connect() as conn:
        conn.execute(text("SELECT set_config('app.org_id', :o, true), set_config('app.municipality_id', :m, true)"),
                     {"o": str(org.id), "m": str(org.municipality_id)})
        stored = conn.execute(text("SELECT totp_secret FROM users WHERE id = :u"), {"u": director.id}).scalar_one()
    engine.dispose()
    assert stored and director.totp_secret not in stored
    assert stored.startswith("v1:")


def test_a_sealed_secret_still_signs_in_and_a_plain_one_from_before_too(app, world, inspector):
    assert login(app, app.test_client(), world.people["a_director"]).status_code == 302
    plain = pyotp.random_base32()
    with inspector.begin() as conn:  # a secret written before sealing existed
        conn.execute(text("UPDATE users SET totp_secret = :s WHERE id = :u"),
                     {"s": plain, "u": world.people["a_curator"].id})
    curator = world.people["a_curator"]
    curator.totp_secret = plain
    assert login(app, app.test_client(), curator).status_code == 302


def test_a_secret_sealed_with_another_key_opens_nothing(app, world):
    from app.accounts import sealed

    with app.app_context():
        stored = sealed.seal("JBSWY3DPEHPK3PXP")
        app.config["SECRET_KEY"], before = "another-key-" + "y" * 40, app.config["SECRET_KEY"]
        try:
            assert sealed.unseal(stored) is None
        finally:
            app.config["SECRET_KEY"] = before
        assert sealed.unseal(stored) == "JBSWY3DPEHPK3PXP"
