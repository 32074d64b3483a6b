"""The platform admin: municipalities and their first accounts, failed jobs. Sees no tenant data."""
from flask import Blueprint

from app.core.access import PLATFORM_ADMIN

bp = Blueprint("platform", __name__, url_prefix="/platform", template_folder="templates")

ACCESS = {
    "platform.index": PLATFORM_ADMIN,
    "platform.new_municipality": PLATFORM_ADMIN,
    "platform.failed_jobs_page": PLATFORM_ADMIN,
    "platform.retry_job": PLATFORM_ADMIN,
    "platform.retry_letter": PLATFORM_ADMIN,
}


def init_app(app) -> None:
    from app.platform import cli, views  # noqa: F401  (its routes)

    app.register_blueprint(bp)
    for command in cli.COMMANDS:
        app.cli.add_command(command)
