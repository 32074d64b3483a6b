"""The school's teacher registry (Положение 3.4: the personified record the curator keeps with the
system administrator): teacher records, the derived young-specialist flag and its municipal rule,
the import of staff files."""
from flask import Blueprint

bp = Blueprint("teachers", __name__, url_prefix="/<org_slug>/teachers", template_folder="templates")

ACCESS: dict = {}
NAV: list = []


def init_app(app) -> None:
    from app.teachers import models  # noqa: F401  (its tables)

    app.register_blueprint(bp)
