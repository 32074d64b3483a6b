"""The interface language: the one chosen on the sign-in page for this session (kept through the
sign-in; the profile's choice replaces it), else the person's saved choice, else the browser's, else
Russian."""
from __future__ import annotations

from flask import current_app, g, has_request_context, request, session
from flask_babel import get_locale, get_translations
from flask_login import current_user


def select_locale() -> str:
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if session.get("locale"):
        return session["locale"]
    if current_user and current_user.is_authenticated and current_user.locale:
        return current_user.locale
    return (request.accept_languages.best_match(current_app.config["LANGUAGES"])
            or current_app.config["BABEL_DEFAULT_LOCALE"])


def _translations():
    """The request's translations, looked up once per request (and again only if the locale changes,
    as under ``force_locale``): Flask-Babel resolves them anew on every ``_()`` of a template, which
    cost a list page 150 look-ups."""
    babel = g.get("_flask_babel")  # where Flask-Babel keeps the request's locale, once selected
    locale = getattr(babel, "babel_locale", None) or get_locale()
    cached = g.get("_nastavnik_translations")
    if cached is not None and cached[0] is locale:
        return cached[1]
    translations = get_translations()
    g._nastavnik_translations = (locale, translations)
    return translations


def init_app(app) -> None:
    """Templates translate through the cached look-up (the same calls Flask-Babel installs)."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
        newstyle=True)
