"""Personalized mentoring programmes (Положение 1.2, 7.2; roadmap 5.2): one per pair or group, its plan
of activities with evidence, the pair's journal of meetings, revisions by mutual agreement."""
from flask import Blueprint

bp = Blueprint("programmes", __name__, url_prefix="/<org_slug>/programmes", template_folder="templates")

ACCESS: dict = {}
NAV: list = []


def init_app(app) -> None:
    app.register_blueprint(bp)
