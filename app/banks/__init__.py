"""The banks of mentors and mentees (roadmap stages 2 and 3; Положение 3.2, 3.4, 4, 5): the potential
mentor's questionnaire, the mentee's professional difficulties and requests, the waiting list."""
from flask import Blueprint

bp = Blueprint("banks", __name__, url_prefix="/<org_slug>/banks", template_folder="templates")

ACCESS: dict = {}
NAV: list = []


def init_app(app) -> None:
    app.register_blueprint(bp)
