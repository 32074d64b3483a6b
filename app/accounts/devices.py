"""A session's device in plain words, from its browser's User-Agent ("Chrome на Windows"), for the
person's list of their sessions (ASVS 7.5.2). Deliberately small: the browser family and the system,
nothing a person would not recognise."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

# The first token found names the browser: the specific ones come before those they also contain
# (Yandex, Edge and Opera carry "Chrome/"; Chrome carries "Safari/").
_BROWSERS = (
    ("YaBrowser/", _l("Yandex Browser")), ("YaSearchBrowser/", _l("Yandex Browser")),
    ("Edg/", "Edge"), ("EdgA/", "Edge"), ("EdgiOS/", "Edge"),
    ("OPR/", "Opera"), ("Opera", "Opera"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("FxiOS/", "Firefox"), ("Firefox/", "Firefox"),
    ("CriOS/", "Chrome"), ("Chromium/", "Chromium"), ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"), ("Windows", "Windows"),
    ("CrOS", "ChromeOS"), ("Macintosh", "macOS"), ("Mac OS X", "macOS"), ("Linux", "Linux"),
)


def _first(user_agent: str, table) -> str | None:
    return next((name for token, name in table if token in user_agent), None)


def describe(user_agent: str | None):
    """"Firefox на Windows", "Safari на iPhone", or what is known of it; "Unknown device" otherwise."""
    agent = user_agent or ""
    browser, system = _first(agent, _BROWSERS), _first(agent, _SYSTEMS)
    if browser and system:
        return _l("%(browser)s on %(system)s", browser=browser, system=system)
    return browser or system or _l("Unknown device")
