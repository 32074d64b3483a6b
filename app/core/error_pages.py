"""Error pages. A 404 has one body whatever the reason, so it reveals nothing about other tenants.

Every error, wherever it was raised — a view, an after-commit hook, a template, the error page
itself — ends on the product's own Russian page with the request id (app/core/request_id.py), in
three layers, each used only when the one before it failed:

1. the page in the layout (``errors/error.html``);
2. the same words without the layout (``errors/error_plain.html``, rendered without the context
   processors, which may need the database that has just failed);
3. a fixed page built here without templates (``last_resort_page``), used by the outermost WSGI layer
   for whatever escapes Flask.

The page tells the truth: when the request's unit of work had committed before the failure
(``uow.committed()``), it says the change was saved; otherwise that nothing was changed. A database or
Redis outage answers 503 («temporarily unavailable»), not 500.
"""
from __future__ import annotations

import html
import logging

from flask import current_app, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException

from app.core import request_id, uow
from app.core.extensions import db

log = logging.getLogger(__name__)

# code -> (title, explanation); the title is also the page's <title>, distinct for each error.
PAGES = {
    400: (_l("Bad request"), _l("Check the data and try again.")),
    401: (_l("Sign-in required"), None),
    403: (_l("Access denied"), _l("Your role does not allow this action.")),
    404: (_l("Page not found"), _l("There is no such page, or it is not available to you.")),
    405: (_l("This action is not available here"), _l("Check the data and try again.")),
    413: (_l("File too large"), _l("The request is larger than allowed.")),
    429: (_l("Too many requests"), _l("Wait a little and try again.")),
    500: (_l("Server error"), _l("Nothing has been changed. Try again later.")),
    503: (_l("Service temporarily unavailable"),
          _l("Nothing has been changed. Try again in a minute.")),
}
CSRF_PAGE = (_l("The form has expired"), _l("Reload the page and submit the form again."))
SAVED = _l("Your change has been saved, but the page could not be shown. Open the page again.")

# The last resort has no templates and no translations: Russian first, English second.
_LAST_RESORT = """<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>Ошибка на сервере · Наставник</title></head>
<body><main><h1>Ошибка на сервере</h1>
<p>Не удалось показать страницу. Попробуйте ещё раз позже.</p>
<p>Код запроса: <code>{rid}</code> — назовите его, если обратитесь в поддержку.</p>
<p lang="en">Server error. Request id: <code>{rid}</code>.</p>
</main></body></html>
"""


def last_resort_page(rid: str | None) -> bytes:
    return _LAST_RESORT.format(rid=html.escape(rid or "-")).encode("utf-8")


def is_unavailable(error: BaseException | None) -> bool:
    """A lost database connection or an unreachable Redis: the service is down for a moment."""
    if isinstance(error, DBAPIError) and (error.connection_invalidated or isinstance(error, OperationalError)):
        return True
    return isinstance(error, (RedisConnectionError, RedisTimeoutError))


def _reset_session() -> None:
    """Roll back what the request left; a session that cannot even roll back (its connection is gone)
    is discarded, so the page itself starts from a clean one."""
    try:
        db.session.rollback()
    except Exception:
        log.warning("rollback failed before an error page; the session is discarded", exc_info=True)
        try:
            db.session.remove()
        except Exception:
            log.warning("the session could not be discarded", exc_info=True)


def render_error(code: int, page: tuple | None = None, **extra):
    _reset_session()
    title, message = page or PAGES.get(code, PAGES[500])
    if code >= 500 and uow.committed():
        message = SAVED
    # The request id is shown on server errors (the person quotes it); a 4xx page stays the same for
    # every request, so a 404 for another tenant's object is byte-for-byte a 404 for a random id.
    context = dict(code=code, title=title, message=message,
                   request_id=request_id.current() if code >= 500 else None, **extra)
    try:
        return render_template("errors/error.html", **context), code
    except Exception:
        log.exception("the error page %s could not be shown in the layout; the plain page is shown", code)
    try:
        return current_app.jinja_env.get_template("errors/error_plain.html").render(**context), code
    except Exception:
        log.exception("the plain error page %s failed too; the last-resort page is shown", code)
    return last_resort_page(request_id.current()), code, {"Content-Type": "text/html; charset=utf-8"}


def register(app) -> None:
    request_id.init_app(app, last_resort_page)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error  # routing redirects are not errors
        if error.code >= 500:
            return _server_error(error)
        return render_error(error.code)

    @app.errorhandler(500)
    def _server_error(error):
        original = getattr(error, "original_exception", None)
        if is_unavailable(original):
            log.warning("a service is unavailable: %s", type(original).__name__)
            return render_error(503)
        return render_error(error.code if isinstance(error, HTTPException) and error.code in PAGES else 500)

    @app.errorhandler(CSRFError)
    def _csrf(error):
        return render_error(400, CSRF_PAGE, csrf=True)
