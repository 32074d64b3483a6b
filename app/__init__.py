"""Nastavnik: the application factory."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask, request, session
from flask_login import current_user
from sqlalchemy.engine import make_url

from app import config as config_module
from app.extensions import babel, csrf, db, login_manager, migrate


def _sqlalchemy_url(url: str) -> str:
    parsed = make_url(url)
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg2")
    return parsed.render_as_string(hide_password=False)


def _secret_key(app: Flask) -> str:
    """Outside production a random key is kept in instance/, so sessions survive a restart."""
    path = Path(app.instance_path) / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def select_locale() -> str:
    from flask import current_app, has_request_context

    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.locale:
        return current_user.locale
    if session.get("locale"):
        return session["locale"]
    return (request.accept_languages.best_match(current_app.config["LANGUAGES"])
            or current_app.config["BABEL_DEFAULT_LOCALE"])


def create_app(overrides: dict | None = None) -> Flask:
    app = Flask(__name__, instance_path=os.environ.get("INSTANCE_PATH") or None,
                instance_relative_config=True)
    app.config.update(config_module.load(overrides))
    config_module.validate(app.config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    if not app.config["DATABASE_URL"]:
        from app import embedded_db

        app.config.update(embedded_db.start(app.instance_path))
        app.config["EMBEDDED_DATABASE"] = True
    if not app.config["DATABASE_OWNER_URL"]:
        app.config["DATABASE_OWNER_URL"] = app.config["DATABASE_URL"]
    app.config["SQLALCHEMY_DATABASE_URI"] = _sqlalchemy_url(app.config["DATABASE_URL"])
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = _secret_key(app)

    if app.config["TRUSTED_PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        n = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).resolve().parent.parent / "migrations"))
    babel.init_app(app, locale_selector=select_locale)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.session_protection = None  # the server-side session is the protection
    login_manager.login_view = "auth.login"
    login_manager.login_message = None

    from app import redis_conn

    redis_conn.init_app(app)

    from app import models  # noqa: F401  (register the mappers before the hooks look at them)

    _install_session_hooks()

    from app.web import access

    login_manager.user_loader(access.load_session_user)

    from app.web import account, auth, errors, municipal, org, platform, security

    app.register_blueprint(auth.bp)
    app.register_blueprint(account.bp)
    app.register_blueprint(platform.bp)
    app.register_blueprint(municipal.bp)
    app.register_blueprint(org.bp)
    errors.register(app)
    security.register(app)
    app.before_request(access.enforce)

    @app.context_processor
    def _layout_context():
        from app.web.layout import layout_context

        return layout_context()

    @app.teardown_request
    def _reset_scope(exc):
        from tenants.scope import clear_scope

        clear_scope()

    from app.cli import register as register_cli

    register_cli(app)
    return app


_hooks_installed = False


def _install_session_hooks() -> None:
    """The ORM, RLS and job hooks listen on the Session class, once per process."""
    global _hooks_installed
    if _hooks_installed:
        return
    from flask import has_app_context
    from sqlalchemy.orm import Session

    import tenants.orm
    import tenants.rls
    import worker.queue

    def _current_session():
        return db.session() if has_app_context() else None

    tenants.orm.install(Session)
    tenants.rls.install(_current_session, Session)
    worker.queue.install(Session)
    _hooks_installed = True
