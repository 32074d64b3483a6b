"""Nastavnik: the application factory, the one place that wires the core and every feature together.

It configures and registers only: no server is started here (the embedded PostgreSQL is started by
the commands that need it, app/core/embedded_db.py)."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask
from sqlalchemy.engine import make_url

from app.core import config as config_module

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


def create_app(overrides: dict | None = None) -> Flask:
    app = Flask(__name__, instance_path=os.environ.get("INSTANCE_PATH") or None,
                instance_relative_config=True)
    app.config.update(config_module.load(overrides))
    config_module.validate(app.config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    _configure_database(app)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = _secret_key(app)
    if app.config["TRUSTED_PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        n = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)
    _init_core(app)
    _register_features(app)
    return app


def _configure_database(app: Flask) -> None:
    from app.core import embedded_db

    if app.config["DATABASE_URL"]:
        if not app.config["DATABASE_OWNER_URL"]:
            app.config["DATABASE_OWNER_URL"] = app.config["DATABASE_URL"]
        app.config["SQLALCHEMY_DATABASE_URI"] = _sqlalchemy_url(app.config["DATABASE_URL"])
    else:
        embedded_db.configure(app)


def _init_core(app: Flask) -> None:
    from app.core import cli, error_pages, http, pagination, redis, security
    from app.core.extensions import babel, csrf, db, login_manager, migrate
    from app.core import i18n
    from app.core.i18n import select_locale
    from tenants.scope import clear_scope

    http.register(app)  # first: a request with a NUL byte goes no further
    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).resolve().parent.parent / "migrations"))
    babel.init_app(app, locale_selector=select_locale)
    i18n.init_app(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.session_protection = None  # the server-side session is the protection
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    redis.init_app(app)
    error_pages.register(app)
    security.register(app)
    pagination.init_app(app)
    cli.register(app)
    _install_session_hooks()
    app.teardown_request(lambda exc: clear_scope())


def _register_features(app: Flask) -> None:
    from app import (accounts, audit, banks, consents, demo, documents, mail, orders, orgs, pairs, platform,
                     programmes, teachers)
    from app.accounts import current
    from app.core import access, home, navigation
    from app.core.extensions import login_manager
    from app.orgs import people as orgs_people, services as orgs_services

    features = (accounts, orgs, audit, mail, documents, teachers, consents, banks, pairs, programmes, orders,
                platform, demo)
    for feature in features:
        feature.init_app(app)  # its blueprints (views), commands and audit words
    login_manager.user_loader(current.load_session_user)
    access.init_app(app, access.merge({f.__name__: f.ACCESS for f in features}), access.Hooks(
        auth_state=current.auth_state, find_membership=orgs_services.org_by_slug_for_member,
        entered_org=current.entered_org, ended_access=orgs_people.ended_access))
    navigation.init_app(app, [item for f in features for item in getattr(f, "NAV", ())])
    home.init_app(app, [panel for f in features for panel in getattr(f, "HOME", ())])


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
    from app.core import uow
    from app.core.extensions import db

    def _current_session():
        return db.session() if has_app_context() else None

    tenants.orm.install(Session)
    tenants.rls.install(_current_session, Session)
    uow.install(Session)  # before the job hooks: it records that the request's change is committed
    worker.queue.install(Session)
    _hooks_installed = True
