"""The enrolment QR code is drawn whole at every width: a viewBox of the whole symbol and no fixed
size, so the stylesheet scales it instead of cropping it to its top-left part."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pyotp
import segno
from sqlalchemy import text

from tests.support.http import csrf_token
from tests.support.world import TEST_PASSWORD

def _drawn_extent(path: ET.Element) -> tuple[float, float]:
    """The right and bottom edges of what a segno path draws, in modules (its d is M/m/h/v steps)."""
    x = y = right = bottom = 0.0
    for command, a, b in re.findall(r"([MmHhVv])\s*(-?[\d.]+)(?:[ ,]?(-?[\d.]+))?", path.get("d")):
        a = float(a)
        if command == "M":
            x, y = a, float(b)
        elif command == "m":
            x, y = x + a, y + float(b)
        elif command in "hH":
            x = x + a if command == "h" else a
        elif command in "vV":
            y = y + a if command == "v" else a
        right, bottom = max(right, x), max(bottom, y + 0.5)  # a line of width 1 centred on y
    return right, bottom


def _check_whole(svg: str, uri: str) -> None:
    root = ET.fromstring(svg)
    assert root.get("width") is None and root.get("height") is None  # sized by the stylesheet
    view_box = [float(v) for v in root.get("viewBox").split()]
    width, height = segno.make(uri, error="m").symbol_size(scale=5)
    assert view_box == [0, 0, width, height]  # the whole symbol with its quiet zone
    path, = [p for p in root.iter() if p.tag.endswith("path") and p.get("class") == "qrline"]
    transform = " ".join(e.get("transform") or "" for e in root.iter())  # on the path or its group
    scale = float(re.search(r"scale\(([\d.]+)\)", transform).group(1))
    right, bottom = _drawn_extent(path)
    assert right * scale <= width and bottom * scale <= height
    assert right * scale > width * 0.8  # it draws up to the far edge, not a corner of it


def test_the_qr_code_has_a_view_box_of_the_whole_symbol_and_no_fixed_size(app):
    from app.accounts import totp

    uri = pyotp.TOTP(pyotp.random_base32()).provisioning_uri(name="ivan@школа.рф", issuer_name="Nastavnik")
    _check_whole(totp.qr_svg(uri, title="QR"), uri)


def test_the_enrolment_page_draws_the_whole_qr_code(app, world, inspector):
    with inspector.begin() as conn:
        conn.execute(text("UPDATE users SET totp_secret = NULL, totp_enabled_at = NULL WHERE email = :e"),
                     {"e": world.people["a_curator"].email})
    client = app.test_client()
    client.post("/login", data={"csrf_token": csrf_token(client), "email": world.people["a_curator"].email,
                                "password": TEST_PASSWORD})
    html = client.get("/account/second-factor").get_data(as_text=True)
    svg = html[html.index("<svg"):html.index("</svg>") + len("</svg>")]
    secret = html.split('class="secret">')[1].split("<")[0].replace(" ", "")
    _check_whole(svg, pyotp.TOTP(secret).provisioning_uri(name=world.people["a_curator"].email,
                                                          issuer_name="Nastavnik"))


def test_the_stylesheet_scales_the_qr_code_to_the_width_it_has():
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "app" / "static" / "css" / "app.css").read_text()
    rule = re.search(r"\.qr svg\s*\{([^}]*)\}", css).group(1).replace(" ", "")
    assert "width:100%" in rule and "max-width:" in rule and "height:auto" in rule


def test_the_key_for_typing_by_hand_is_shown_in_groups_of_four(app, world, inspector):
    """The tester's walk, fix 11: «ABCD EFGH …», and the grouped key works in the app as it is."""
    with inspector.begin() as conn:
        conn.execute(text("UPDATE users SET totp_secret = NULL, totp_enabled_at = NULL WHERE email = :e"),
                     {"e": world.people["a_curator"].email})
    client = app.test_client()
    client.post("/login", data={"csrf_token": csrf_token(client), "email": world.people["a_curator"].email,
                                "password": TEST_PASSWORD})
    html = client.get("/account/second-factor").get_data(as_text=True)
    shown = html.split('class="secret">')[1].split("<")[0]
    groups = shown.split(" ")
    assert len(groups) > 1 and all(len(g) == 4 for g in groups[:-1]) and 1 <= len(groups[-1]) <= 4
    assert "".join(groups).isalnum()
