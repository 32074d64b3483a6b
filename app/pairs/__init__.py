"""Mentoring pairs and groups (Положение 2.3, 6.1, 6.2, 7.1; roadmap stages 4 and 5): formed from the
two banks, agreed by both sides, covered by the consents, approved by the director's order, active,
completed or ended early with a reason."""
from flask import Blueprint

bp = Blueprint("pairs", __name__, url_prefix="/<org_slug>/pairs", template_folder="templates")

ACCESS: dict = {}
NAV: list = []


def init_app(app) -> None:
    from app.pairs import models  # noqa: F401  (its tables)

    app.register_blueprint(bp)
