"""One browser test: Playwright drives Debian's Chromium against a live server on 127.0.0.1.
A curator signs in (password, then the TOTP code), sees the school's home page and switches to their
other organization with the switcher in the header."""
from __future__ import annotations

import os
import shutil
import threading
import uuid

import pytest
from werkzeug.serving import make_server

from tests.support.http import totp_code
from tests.support.world import TEST_PASSWORD

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.browser


def _chromium_or_skip():
    if os.path.exists(CHROMIUM):
        return
    if os.environ.get("CI"):
        pytest.fail("Chromium is missing on CI: .ci/run installs Debian's chromium package")
    pytest.skip("Debian's chromium is not installed (apt-get install chromium); .ci/run installs it")


@pytest.fixture
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


def _add_membership(app, world, person: str, org_key: str, roles: list[str]) -> None:
    from app.core.extensions import db
    from app.orgs.models import Membership
    from tenants.scope import TenantScope, tenant_scope

    org = world.orgs[org_key]
    with app.app_context(), tenant_scope(TenantScope(municipality_id=org.municipality_id, org_id=org.id)):
        db.session.add(Membership(id=uuid.uuid4(), org_id=org.id, municipality_id=org.municipality_id,
                                  user_id=world.people[person].id, roles=roles))
        db.session.commit()
        db.session.remove()


def test_curator_signs_in_with_totp_sees_the_school_and_switches_organization(app, world, live_server):
    _chromium_or_skip()
    from playwright.sync_api import expect, sync_playwright

    _add_membership(app, world, "a_curator", "B", ["teacher"])
    curator = world.people["a_curator"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="ru-RU")
            page.goto(f"{live_server}/login")
            expect(page.locator("h1")).to_have_text("Войти")
            page.fill("input[name=email]", curator.email)
            page.fill("input[name=password]", TEST_PASSWORD)
            page.click("button[type=submit].primary")
            expect(page).to_have_url(f"{live_server}/login/code")
            page.fill("input[name=code]", totp_code(app, curator))
            page.click("button[type=submit].primary")
            expect(page.locator("h1")).to_have_text("Org A")
            expect(page.locator(".tag")).to_have_text("Куратор")
            page.click(".switcher summary")
            page.click(".switcher a:has-text('Org B')")
            expect(page).to_have_url(f"{live_server}/school-b/")
            expect(page.locator("h1")).to_have_text("Org B")
            expect(page.locator(".tag")).to_have_text("Педагог")
        finally:
            browser.close()
