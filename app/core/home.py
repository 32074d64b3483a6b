"""The panels of an organization's home page: each feature declares ``HOME`` (functions of the
organization and the membership that return a rendered panel, or None when it has nothing for this
person), so the home page shows the work of features the orgs feature cannot import."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from flask import current_app


@dataclass(frozen=True)
class HomePanel:
    render: Callable[[object, object], object]  # (organization, membership) -> Markup | None
    order: int = 100


def init_app(app, panels: list[HomePanel]) -> None:
    app.extensions["nastavnik.home"] = sorted(panels, key=lambda panel: panel.order)


def panels(org, membership) -> list:
    rendered = (panel.render(org, membership) for panel in current_app.extensions["nastavnik.home"])
    return [html for html in rendered if html]
