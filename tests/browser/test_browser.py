"""Browser tests: Playwright drives Debian's Chromium against a live server on 127.0.0.1.
A curator signs in (password, then the TOTP code), sees the school's home page and switches to their
other organization with the switcher in the header. The main pages of several roles, at desktop
(1280 px) and phone (390 px) width, pass axe-core (the engine shipped inside the pinned
axe-playwright-python wheel, injected by Playwright: no CDN) with no violation, fit the screen's width
(tables become cards, long names wrap), load no resource that fails and break no CSP rule."""
from __future__ import annotations

import os
import re
import shutil
import threading
import uuid

import pytest
from werkzeug.serving import make_server

from tests.support.http import totp_code
from tests.support.world import TEST_PASSWORD, add_membership

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


def test_curator_signs_in_with_totp_sees_the_school_and_switches_organization(app, world, live_server):
    _chromium_or_skip()
    from playwright.sync_api import expect, sync_playwright

    add_membership(app, world, "a_curator", "B", ["teacher"])
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


# --- every main page, two widths, axe-core ---

DESKTOP, PHONE = 1280, 390
LONG_WORD = "Пред" + "о" * 72 + "вская"  # an 80-letter name with nowhere to break
LONG_EMAIL = "a.very.long.address.of.a.colleague.with.many.parts@school-number-eleven-shchekino.test-nastavnik.ru"


def _grow_for_the_eye(app, world) -> None:
    """What makes a layout break: an 80-letter name, a long e-mail, an open invitation (its action), a
    second organization of the curator (the switcher), events in the audit log."""
    from app.accounts.models import User
    from app.audit.models import AuditEvent
    from app.core.extensions import db
    from app.orgs.models import Invitation, Membership
    from app.core.models import utcnow
    from datetime import timedelta
    from tenants.scope import TenantScope, tenant_scope
    from tests.support.world import add_user

    add_membership(app, world, "a_curator", "B", ["teacher"])
    school = world.orgs["A"]
    with app.app_context():
        user = User(id=uuid.uuid4(), email=LONG_EMAIL, full_name=f"{LONG_WORD} Анна Петровна")
        add_user(user)
        with tenant_scope(TenantScope(municipality_id=school.municipality_id, org_id=school.id)):
            membership = Membership(id=uuid.uuid4(), org_id=school.id, municipality_id=school.municipality_id,
                                    user_id=user.id, roles=["teacher", "methodist"])
            db.session.add(membership)
            db.session.add(Invitation(id=uuid.uuid4(), org_id=school.id, municipality_id=school.municipality_id,
                                      email="invited." + LONG_EMAIL, full_name=LONG_WORD, roles=["teacher"],
                                      token_hash="0" * 64, expires_at=utcnow() + timedelta(days=3)))
            for action, details in (("change_roles", {"before": ["teacher"], "after": ["methodist", "teacher"]}),
                                    ("deactivate", {"before": {"is_active": True}, "after": {"is_active": False}}),
                                    ("view", {})):
                db.session.add(AuditEvent(municipality_id=school.municipality_id, org_id=school.id,
                                          actor_id=world.people["a_admin"].id, actor_name="Person a_admin",
                                          action=action, object_type="membership", object_id=str(membership.id),
                                          object_name=user.full_name, ip="10.0.0.1", details=details))
            db.session.flush()
        db.session.commit()
        db.session.remove()
    world.memberships[("long", "A")] = membership.id


def _pages(world) -> dict[str | None, list[str]]:
    """The main pages of several roles (None: not signed in)."""
    return {
        None: ["/login", "/password/forgot", "/no-such-page/at-all"],
        "a_admin": ["/school-a/", "/school-a/staff", f"/school-a/staff/{world.memberships[('long', 'A')]}",
                    "/school-a/staff/invite", "/school-a/audit?views=y", "/school-a/audit?from=2026-13-01",
                    "/account/"],
        "a_curator": ["/school-a/"],
        "d1_officer": ["/m1-uo/", "/m1-uo/organizations/", "/m1-uo/organizations/new"],
        "platform_admin": ["/platform/", "/platform/municipalities/new", "/platform/jobs"],
    }


def _sign_in(app, page, base: str, person) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=email]", person.email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("button[type=submit].primary")
    if page.url.endswith("/login/code"):
        page.fill("input[name=code]", totp_code(app, person))
        page.click("button[type=submit].primary")
    assert "/login" not in page.url, page.url


def _problems_of_the_page(page, axe, width: int) -> list[str]:
    problems = []
    results = axe.run(page)
    if results.violations_count:
        problems.append(results.generate_report())
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        culprits = page.evaluate("""[...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))""")
        problems.append(f"wider than the screen by {overflow}px: {culprits}")
    dangling = page.evaluate("""[...document.querySelectorAll('[aria-describedby]')]
        .flatMap(e => e.getAttribute('aria-describedby').split(/\\s+/)).filter(id => !document.getElementById(id))""")
    if dangling:
        problems.append(f"aria-describedby names no element: {dangling}")
    if width == PHONE:
        for box in page.evaluate("""[...document.querySelectorAll('main .table-wrap')]
                .map(b => b.scrollWidth - b.clientWidth)"""):
            if box > 0:
                problems.append(f"a table scrolls sideways on a phone ({box}px)")
        hidden_actions = page.evaluate("""[...document.querySelectorAll('main td button, main td a')]
            .map(e => e.getBoundingClientRect()).filter(r => r.left < 0 || r.right > window.innerWidth).length""")
        if hidden_actions:
            problems.append(f"{hidden_actions} actions of a table are off the screen")
    return problems


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_main_pages_of_every_role_pass_axe_and_fit_the_screen(width, app, world, live_server, monkeypatch):
    _chromium_or_skip()
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    _grow_for_the_eye(app, world)
    monkeypatch.setitem(app.config, "DEMO_RELAX_TOTP", True)  # the banner is on every page, as in the demo
    axe = Axe()
    problems: dict[str, list[str]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for who, paths in _pages(world).items():
                context = browser.new_context(viewport={"width": width, "height": 900}, locale="ru-RU")
                page = context.new_page()
                failed, console = [], []
                page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
                page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
                if who:
                    _sign_in(app, page, live_server, world.people[who])
                for path in paths:
                    failed.clear(), console.clear()
                    page.goto(f"{live_server}{path}")
                    found = _problems_of_the_page(page, axe, width)
                    expected = {"/no-such-page/at-all": 404, "/school-a/audit?from=2026-13-01": 400}.get(path)
                    found += [f for f in failed if not (expected and f.startswith(f"{expected} {live_server}{path}"))]
                    found += [f"console: {c}" for c in console if not (expected and str(expected) in c)]
                    if found:
                        problems[f"{who or 'anonymous'} {path}"] = found
                context.close()
        finally:
            browser.close()
    assert not problems, "\n\n".join(f"{where}:\n" + "\n".join(found) for where, found in problems.items())


def test_on_a_phone_the_banner_is_one_line_and_the_switcher_stays_on_the_screen(app, world, live_server,
                                                                                monkeypatch):
    _chromium_or_skip()
    from playwright.sync_api import sync_playwright

    add_membership(app, world, "a_curator", "B", ["teacher"])
    monkeypatch.setitem(app.config, "DEMO_RELAX_TOTP", True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": PHONE, "height": 800}, locale="ru-RU")
            _sign_in(app, page, live_server, world.people["a_curator"])
            page.goto(f"{live_server}/school-a/")
            banner = page.locator(".banner-demo")
            line = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.banner-demo')).lineHeight)")
            padding = page.evaluate("""(() => { const s = getComputedStyle(document.querySelector('.banner-demo'));
                return parseFloat(s.paddingTop) + parseFloat(s.paddingBottom) + parseFloat(s.borderBottomWidth); })()""")
            assert banner.bounding_box()["height"] <= line + padding + 1
            assert banner.locator(".short").is_visible() and not banner.locator(".long").is_visible()
            page.click(".switcher summary")
            menu = page.locator(".switcher ul").bounding_box()
            assert menu["x"] >= 0 and menu["x"] + menu["width"] <= PHONE, menu
            for link in page.locator(".switcher a").all():
                box = link.bounding_box()
                assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE
            page.click(".switcher a:has-text('Org B')")
            assert page.url == f"{live_server}/school-b/"
        finally:
            browser.close()


def test_the_focus_ring_is_dark_enough_to_see_on_white(app, live_server):
    """WCAG 1.4.11 (3:1): the ring the browser draws around a focused link on the sign-in card."""
    _chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": DESKTOP, "height": 800})
            page.goto(f"{live_server}/login")
            page.focus("main a")
            colour = page.evaluate("getComputedStyle(document.activeElement).outlineColor")
            width = page.evaluate("parseFloat(getComputedStyle(document.activeElement).outlineWidth)")
        finally:
            browser.close()
    red, green, blue = (int(v) / 255 for v in re.findall(r"\d+", colour)[:3])
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    assert (1 + 0.05) / (luminance + 0.05) >= 3, colour
    assert width >= 2
