"""Every server error, wherever it is raised, shows the product's own Russian error page with a
request id that is also in the log line of the error (issue 5 §4.5)."""
from __future__ import annotations

import logging
import re

import pytest
from flask import Blueprint, g, render_template_string, request
from sqlalchemy import event, text
from sqlalchemy.orm import Session

_RID = re.compile(r"Код запроса: (?:<code>)?([0-9A-Za-z._-]+)")
_TITLE = re.compile(r"<title>([^<]*)</title>")


class Boom(RuntimeError):
    pass


def _service_that_writes():
    from app.core.extensions import db

    db.session.execute(text("SELECT 1"))  # a transaction to commit
    db.session.info["fail_after_commit"] = True


@pytest.fixture
def broken(make_app):
    """An app with routes that fail in each place a server error can come from."""
    from app.core.access import PUBLIC
    from app.core.uow import attempt

    application = make_app()
    bp = Blueprint("broken", __name__)

    @bp.get("/_broken/view")
    def view():
        raise Boom("a bug in a view")

    @bp.get("/_broken/template")
    def template():
        return render_template_string("{{ nothing.attribute }}")

    @bp.get("/_broken/after-commit")
    def after_commit():
        attempt(None, _service_that_writes)
        return "unreachable"

    @bp.get("/_broken/layout")
    def layout():
        g.break_layout = True
        raise Boom("a bug, and the layout of the error page fails too")

    @bp.get("/_broken/teardown")
    def teardown():
        return "the answer was ready"

    @bp.get("/_broken/unavailable")
    def unavailable():
        from redis import Redis

        Redis(port=1, socket_connect_timeout=0.2, retry=None).ping()  # nothing listens on port 1

    application.register_blueprint(bp)
    application.extensions["nastavnik.access"].update(
        {f"broken.{name}": PUBLIC for name in ("view", "template", "after_commit", "layout", "teardown",
                                               "unavailable")})

    @application.context_processor
    def _fragile():
        if g.get("break_layout"):
            raise Boom("the layout needs something that has failed")
        return {}

    @application.teardown_request
    def _teardown(exc):
        if request.path == "/_broken/teardown":
            raise Boom("a teardown that raises, outside every Flask error handler")

    def _raise_after_commit(session):
        if session.info.pop("fail_after_commit", False):
            raise Boom("an after-commit hook failed")

    event.listen(Session, "after_commit", _raise_after_commit)
    yield application
    event.remove(Session, "after_commit", _raise_after_commit)


def _page(response) -> tuple[str, str, str]:
    html = response.get_data(as_text=True)
    found = _RID.search(html)
    assert found, html[:800]
    return html, found.group(1), _TITLE.search(html).group(1)


def _logged_with(caplog, request_id: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if getattr(r, "request_id", None) == request_id and r.levelno >= logging.ERROR]


def test_an_error_in_a_view_shows_the_russian_error_page_with_the_request_id_of_its_log_line(broken, caplog):
    from app.core.request_id import LOG_FORMAT

    response = broken.test_client().get("/_broken/view")
    assert response.status_code == 500
    html, rid, title = _page(response)
    assert "Ошибка на сервере" in title and "Никакие изменения не внесены" in html
    assert response.headers["X-Request-ID"] == rid
    records = _logged_with(caplog, rid)
    assert records and "Boom" in (records[0].exc_text or logging.Formatter().formatException(records[0].exc_info))
    assert f"request_id={rid}" in logging.Formatter(LOG_FORMAT).format(records[0])


def test_an_error_in_a_template_shows_the_error_page(broken, caplog):
    response = broken.test_client().get("/_broken/template")
    html, rid, title = _page(response)
    assert response.status_code == 500 and "Ошибка на сервере" in title
    assert _logged_with(caplog, rid)


def test_an_error_in_an_after_commit_hook_shows_the_error_page_and_says_the_change_was_saved(broken, caplog):
    response = broken.test_client().get("/_broken/after-commit")
    html, rid, title = _page(response)
    assert response.status_code == 500 and "Ошибка на сервере" in title
    assert "Изменения сохранены" in html and "Никакие изменения не внесены" not in html
    assert _logged_with(caplog, rid)


def test_when_the_error_page_fails_in_the_layout_the_plain_error_page_is_shown(broken, caplog):
    response = broken.test_client().get("/_broken/layout")
    html, rid, title = _page(response)
    assert response.status_code == 500 and "Ошибка на сервере" in title
    assert 'class="top"' not in html  # not the layout
    messages = [r.getMessage() for r in _logged_with(caplog, rid)]
    assert any("plain page" in m for m in messages)


def test_an_error_that_escapes_flask_gets_the_last_resort_page_not_the_servers_bare_500(broken, caplog):
    response = broken.test_client().get("/_broken/teardown")
    html, rid, title = _page(response)
    assert response.status_code == 500
    assert "Internal Server Error" not in html and "Ошибка на сервере" in title
    assert response.headers["X-Request-ID"] == rid
    assert _logged_with(caplog, rid)


def test_an_unreachable_service_answers_503_temporarily_unavailable(broken):
    response = broken.test_client().get("/_broken/unavailable")
    html, rid, title = _page(response)
    assert response.status_code == 503 and "Сервис временно недоступен" in title


def _title(response) -> str:
    return _TITLE.search(response.get_data(as_text=True)).group(1)


def test_each_error_page_has_its_own_title(broken):
    client = broken.test_client()
    titles = {
        404: _title(client.get("/no/such/page/here/at-all")),
        405: _title(client.put("/login")),
        400: _title(client.post("/login", data={"email": "x"})),  # no CSRF token
        500: _title(client.get("/_broken/view")),
        503: _title(client.get("/_broken/unavailable")),
    }
    assert len(set(titles.values())) == len(titles), titles
    assert "Страница не найдена" in titles[404] and "Срок действия формы истёк" in titles[400]


def test_a_request_id_from_a_trusted_proxy_is_kept_and_otherwise_replaced(make_app):
    offered = "0123456789abcdef0123456789abcdef"
    direct = make_app().test_client().get("/no/such/page/here/at-all", headers={"X-Request-ID": offered})
    assert direct.headers["X-Request-ID"] != offered  # a client cannot choose the id
    proxied = make_app(TRUSTED_PROXIES=1).test_client().get("/no/such/page/here/at-all",
                                                           headers={"X-Request-ID": offered})
    assert proxied.headers["X-Request-ID"] == offered
    junk = make_app(TRUSTED_PROXIES=1).test_client().get("/no/such/page/here/at-all", headers={"X-Request-ID": "<script>"})
    assert junk.headers["X-Request-ID"] != "<script>"


def test_every_log_record_of_a_request_carries_its_request_id(broken, caplog):
    caplog.set_level(logging.INFO)
    logger = logging.getLogger("nastavnik.test")

    @broken.before_request
    def _log():
        logger.info("inside the request")

    response = broken.test_client().get("/no/such/page/here/at-all")
    record = next(r for r in caplog.records if r.getMessage() == "inside the request")
    assert record.request_id == response.headers["X-Request-ID"]
    logger.info("outside any request")
    assert caplog.records[-1].request_id == "-"
