"""Error pages. A 404 has one body whatever the reason, so it reveals nothing about other tenants.
Each kind of error has its own heading, which is also the page's title (what a screen reader and a
browser tab say first)."""
from __future__ import annotations

from flask import render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError

from app.core.extensions import db

AGAIN = _l("Check the data and try again.")
PAGES = {  # code -> (heading and title, text)
    400: (_l("Bad request"), AGAIN),
    401: (_l("Sign-in required"), None),
    403: (_l("Access denied"), _l("Your role does not allow this action.")),
    404: (_l("Page not found"), _l("There is no such page, or it is not available to you.")),
    405: (_l("This action is not available here"), AGAIN),
    413: (_l("File too large"), _l("The request is larger than allowed.")),
    500: (_l("Something went wrong"), _l("Nothing has been changed. Try again later.")),
}
CSRF_PAGE = (_l("The form has expired"), _l("Reload the page and submit the form again."))


def _render(code: int, page: tuple):
    title, text = page
    return render_template("errors/error.html", code=code, title=title, text=text), code


def register(app) -> None:
    def _page(code: int):
        def handler(error):
            db.session.rollback()
            return _render(code, PAGES[code])
        return handler

    for code in PAGES:
        app.register_error_handler(code, _page(code))

    @app.errorhandler(CSRFError)
    def _csrf(error):
        db.session.rollback()
        return _render(400, CSRF_PAGE)
