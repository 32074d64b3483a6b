"""The director's orders (приказы; Положение 3.1–3.3, 6.2; the seed's order № 13 – А as the model): a
numbered registry per school and year, drafts, signing with a fresh second factor, frozen once signed,
their effects on pairs, mentors and petitions, the acknowledgements of the people they name."""
from flask import Blueprint

bp = Blueprint("orders", __name__, url_prefix="/<org_slug>/orders", template_folder="templates")

ACCESS: dict = {}
NAV: list = []


def init_app(app) -> None:
    app.register_blueprint(bp)
