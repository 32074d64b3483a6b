"""The request id: one per request, shown on the error page, sent back in ``X-Request-ID`` and added to
every log record written while the request runs, so a person's report («код запроса …») leads to the
log lines of that request.

nginx makes the id (``proxy_set_header X-Request-ID $request_id``, deploy/nginx/nastavnik.conf) and
writes it to its access log; the app believes the header only behind a trusted proxy
(``TRUSTED_PROXIES`` > 0, the proxy overwrites whatever the client sent) and only when it looks like an
id. Otherwise the app makes its own.

The outermost WSGI layer (``RequestIdMiddleware``) also catches whatever escapes Flask — an error
handler that failed, a teardown that raised — and answers with the last-resort page of
app/core/error_pages.py instead of the server's bare English «500 Internal Server Error».
"""
from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar

REQUEST_ID: ContextVar[str | None] = ContextVar("request_id", default=None)
HEADER = "X-Request-ID"
ENVIRON_KEY = "nastavnik.request_id"
_VALID = re.compile(r"^[A-Za-z0-9._-]{8,128}$")
LOG_FORMAT = "[%(asctime)s] %(levelname)s request_id=%(request_id)s %(name)s: %(message)s"

log = logging.getLogger(__name__)


def current() -> str | None:
    return REQUEST_ID.get()


def new_id() -> str:
    return uuid.uuid4().hex


def from_environ(environ: dict, trust_header: bool) -> str:
    offered = environ.get("HTTP_X_REQUEST_ID", "") if trust_header else ""
    return offered if _VALID.match(offered) else new_id()


class RequestIdMiddleware:
    """Outermost WSGI layer: the request id for the whole request, and the last resort for errors."""

    def __init__(self, wsgi_app, trust_header: bool, last_resort):
        self.wsgi_app = wsgi_app
        self.trust_header = trust_header
        self.last_resort = last_resort  # (request_id) -> bytes of a complete HTML page

    def __call__(self, environ, start_response):
        request_id = from_environ(environ, self.trust_header)
        environ[ENVIRON_KEY] = request_id
        token = REQUEST_ID.set(request_id)
        # The real start_response is called once the app has returned, so that an error escaping it
        # after it had started its answer (a teardown that raised) can still be answered cleanly.
        started: list = []
        writers: list = []

        def start(status, headers, exc_info=None):
            headers = [(k, v) for k, v in headers if k.lower() != HEADER.lower()] + [(HEADER, request_id)]
            started[:] = [status, headers]

            def write(data):  # the legacy write() callable: the answer really starts now
                if started:
                    writers.append(start_response(*started))
                    started.clear()
                writers[0](data)

            return write

        try:
            body = self.wsgi_app(environ, start)
        except Exception:
            log.exception("an error escaped the application and its error handlers")
            page = self.last_resort(request_id)
            start_response("500 INTERNAL SERVER ERROR",
                           [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(page))),
                            ("Cache-Control", "no-store"), (HEADER, request_id)])
            return [page]
        finally:
            REQUEST_ID.reset(token)
        if started:
            start_response(*started)
        return body


_factory_installed = False


def install_log_records() -> None:
    """Every log record carries ``request_id`` (``-`` outside a request), whichever logger wrote it."""
    global _factory_installed
    if _factory_installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args, **kwargs):
        record = previous(*args, **kwargs)
        if not hasattr(record, "request_id"):
            record.request_id = REQUEST_ID.get() or "-"
        return record

    logging.setLogRecordFactory(factory)
    _factory_installed = True


def init_app(app, last_resort) -> None:
    from flask.logging import default_handler

    install_log_records()
    default_handler.setFormatter(logging.Formatter(LOG_FORMAT))
    trust = bool(app.config.get("TRUSTED_PROXIES"))
    app.wsgi_app = RequestIdMiddleware(app.wsgi_app, trust, last_resort)
