"""Accessibility of the markup (ГОСТ Р 52872-2019 ≈ WCAG 2.1 AA), checked page by page without a
browser; tests/browser/test_browser.py runs axe-core on the rendered pages at desktop and phone
width. Each page's title says what it is (error pages too); sign-in and password fields say what they
hold (autocomplete); English words are marked as English; aria-describedby names only elements that
are on the page; a table's scroll box takes focus and has a name; its cells carry their column's name
for the phone layout; the focus ring has 3:1 contrast."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.http import csrf_token, post
from tests.support.jobs import letters_to, link_in

CSS = Path(__file__).resolve().parents[2] / "app" / "static" / "css" / "app.css"


def _title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def _h1(html: str) -> str:
    return re.sub(r"<[^>]+>", "", re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)).strip()


def test_each_error_page_has_its_own_title(app, world, clients):
    anonymous, teacher = app.test_client(), clients("a_teacher")
    responses = {
        400: anonymous.get("/login?next=%00"),
        401: anonymous.post("/logout", data={"csrf_token": csrf_token(anonymous)}),
        403: teacher.get("/school-a/audit"),
        404: anonymous.get("/no-such-page/at-all"),
        405: anonymous.get("/platform/jobs/some-job/retry"),
        "csrf": anonymous.post("/login", data={"email": "x@test-nastavnik.ru", "password": "x"}),
    }
    titles = {}
    for kind, response in responses.items():
        html = response.get_data(as_text=True)
        assert response.status_code == (400 if kind == "csrf" else kind), kind
        titles[kind] = _title(html)
        assert titles[kind] == f"{_h1(html)} · Наставник", kind
    assert len(set(titles.values())) == len(titles), titles
    assert titles[404] == "Страница не найдена · Наставник"


def _input(html: str, name: str) -> str:
    found = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert found, name
    return found.group(0)


def test_sign_in_and_password_fields_say_what_they_hold(app, world, clients):
    anonymous = app.test_client()
    login = anonymous.get("/login").get_data(as_text=True)
    assert 'autocomplete="username"' in _input(login, "email")
    assert 'autocomplete="current-password"' in _input(login, "password")
    forgot = anonymous.get("/password/forgot").get_data(as_text=True)
    assert 'autocomplete="username"' in _input(forgot, "email")
    anonymous.post("/password/forgot", data={"csrf_token": csrf_token(anonymous, "/password/forgot"),
                                             "email": world.people["a_teacher"].email})
    (_subject, letter), = letters_to(app, world.people["a_teacher"].email)
    reset = anonymous.get(link_in(letter, "/password/reset/")).get_data(as_text=True)
    assert 'autocomplete="new-password"' in _input(reset, "password")
    profile = clients("a_teacher").get("/account/").get_data(as_text=True)
    assert 'autocomplete="current-password"' in _input(profile, "current_password")
    assert 'autocomplete="new-password"' in _input(profile, "password")


def test_the_english_choices_are_marked_as_english(app, world, clients):
    login = app.test_client().get("/login").get_data(as_text=True)
    assert re.search(r'<button[^>]*lang="en"[^>]*>English</button>', login)
    assert re.search(r'<button[^>]*lang="ru"[^>]*>Русский</button>', login)
    profile = clients("a_teacher").get("/account/").get_data(as_text=True)
    assert re.search(r'<option[^>]*lang="en"[^>]*>English</option>', profile)
    assert re.search(r'<option[^>]*lang="ru"[^>]*>Русский</option>', profile)


def _dangling_describedby(html: str) -> list[str]:
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    refs = [ref for value in re.findall(r'aria-describedby="([^"]*)"', html) for ref in value.split()]
    return [ref for ref in refs if ref not in ids]


def test_aria_describedby_names_only_elements_on_the_page(app, world, clients):
    admin = clients("a_admin")
    member = f"/school-a/staff/{world.memberships[('a_teacher', 'A')]}"
    pages = {
        "member page": admin.get(member),
        "invite form": admin.get("/school-a/staff/invite"),
        "audit log": admin.get("/school-a/audit"),
        "new organization": clients("d1_officer").get("/m1-uo/organizations/new"),
        "sign-in": app.test_client().get("/login"),
    }
    for name, response in pages.items():
        assert _dangling_describedby(response.get_data(as_text=True)) == [], name
    html = admin.get(member).get_data(as_text=True)
    assert 'aria-describedby="roles-errors"' not in html  # no errors yet: nothing to point to


def test_a_field_with_errors_is_described_by_them(world, clients):
    admin = clients("a_admin")
    member = f"/school-a/staff/{world.memberships[('a_teacher', 'A')]}"
    # A role that is not offered: the field's own error.
    response = post(admin, f"{member}/roles", {"roles": ["no-such-role"]}, token_from="/school-a/staff")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert re.search(r'<fieldset aria-describedby="roles-errors">', html)
    assert 'id="roles-errors"' in html and _dangling_describedby(html) == []
    invite = post(admin, "/school-a/staff/invite", {"email": "not-an-address", "full_name": "Имя", "roles": ["teacher"]},
                  token_from="/school-a/staff/invite").get_data(as_text=True)
    assert re.search(r'<input[^>]*aria-describedby="email-errors"[^>]*aria-invalid="true"|'
                      r'<input[^>]*aria-invalid="true"[^>]*aria-describedby="email-errors"', invite)
    assert _dangling_describedby(invite) == []


TABLE_PAGES = [("a_admin", "/school-a/staff"), ("d1_officer", "/m1-uo/organizations/"),
               ("a_admin", "/school-a/audit"), ("platform_admin", "/platform/jobs"),
               ("a_teacher", "/account/sessions"), ("d1_officer", "/m1-uo/organizations/{A}/head")]


@pytest.mark.parametrize("who, path", TABLE_PAGES)
def test_table_scroll_boxes_take_focus_and_have_a_name(who, path, world, clients):
    client = clients(who)
    path = path.format(A=world.orgs["A"].id)
    if path.endswith("/audit"):  # an event in the log, so the table has rows
        post(client, f"/school-a/staff/{world.memberships[('a_teacher', 'A')]}/deactivate", {"confirm": "yes"},
             token_from="/school-a/staff")
    html = client.get(path).get_data(as_text=True)
    boxes = re.findall(r'<div class="table-wrap"[^>]*>', html)
    assert boxes, path
    for box in boxes:
        assert 'tabindex="0"' in box and 'role="region"' in box and re.search(r'aria-label="[^"]+"', box), box


@pytest.mark.parametrize("who, path", TABLE_PAGES)
def test_every_data_cell_names_its_column_for_the_phone_layout(who, path, world, clients):
    client = clients(who)
    path = path.format(A=world.orgs["A"].id)
    if path.endswith("/audit"):
        post(client, f"/school-a/staff/{world.memberships[('a_teacher', 'A')]}/deactivate", {"confirm": "yes"},
             token_from="/school-a/staff")
    html = client.get(path).get_data(as_text=True)
    cells = re.findall(r"<td([^>]*)>(.*?)</td>", html, re.S)
    assert cells
    for attrs, content in cells:
        labelled = re.search(r'data-label="[^"]+"', attrs)
        action_or_message = "colspan" in attrs or "<form" in content or re.fullmatch(r"\s*(<a [^>]*>[^<]*</a>)?\s*", content)
        assert labelled or action_or_message, (attrs, content[:80])


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_the_focus_ring_has_three_to_one_contrast_against_the_page_and_the_cards():
    """WCAG 1.4.11: the yellow ring alone had 1.6:1 against white; the dark ring carries the contrast."""
    css = CSS.read_text(encoding="utf-8")
    variables = {name: value if len(value) == 7 else "#" + "".join(c * 2 for c in value[1:])
                 for name, value in re.findall(r"--([a-z-]+):(#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3})\b", css)}
    rule = re.search(r"a:focus[^{]*\{([^}]*)\}", css).group(1)
    colour = re.search(r"outline:\s*\d+px solid var\(--([a-z-]+)\)", rule).group(1)
    for background in ("card", "bg", "warn-bg"):
        assert _contrast(variables[colour], variables[background]) >= 3, (colour, background)
    assert _contrast(variables["focus"], variables["card"]) < 3  # why the yellow ring is not enough alone
