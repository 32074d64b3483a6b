"""Reading the demo's rows and opening its pages as a demo login (tests of the demo data)."""
from __future__ import annotations

from sqlalchemy import text

from tests.demo.test_demo import _sign_in


def open_pages(app, monkeypatch, email: str, pages: list[tuple[str, str]]) -> None:
    """Sign in as ``email`` (the demo's relaxed second factor) and check each (path, expected text)."""
    monkeypatch.setitem(app.config, "DEMO_RELAX_TOTP", True)
    client, response = _sign_in(app, email)
    assert response.status_code == 302, email
    for path, expected in pages:
        page = client.get(path)
        assert page.status_code == 200, (email, path, page.status_code)
        assert expected in page.get_data(as_text=True), (email, path, expected)


def all_rows(inspector, sql: str, **params) -> list:
    with inspector.connect() as conn:
        return conn.execute(text(sql), params).all()


def one_row(inspector, sql: str, **params):
    with inspector.connect() as conn:
        return conn.execute(text(sql), params).one()
