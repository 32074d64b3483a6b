"""The consent ledger (152-ФЗ ст. 9, 10.1, 21; ТК РФ ст. 351.8; Положение 3.2, 3.3, 6.2): one record
per person and purpose, the exact text version shown, how and by whom it was recorded, withdrawal and
the destruction it schedules."""
from flask import Blueprint

bp = Blueprint("consents", __name__, url_prefix="/<org_slug>/consents", template_folder="templates")

ACCESS: dict = {}
NAV: list = []


def init_app(app) -> None:
    from app.consents import models  # noqa: F401  (its tables)

    app.register_blueprint(bp)
