"""Error pages. A 404 has one body whatever the reason, so it reveals nothing about other tenants."""
from __future__ import annotations

from flask import render_template
from flask_wtf.csrf import CSRFError

from app.core.extensions import db


def register(app) -> None:
    def _page(code: int):
        def handler(error):
            db.session.rollback()
            return render_template("errors/error.html", code=code), code
        return handler

    for code in (400, 401, 403, 404, 405, 413, 500):
        app.register_error_handler(code, _page(code))

    @app.errorhandler(CSRFError)
    def _csrf(error):
        db.session.rollback()
        return render_template("errors/error.html", code=400, csrf=True), 400
