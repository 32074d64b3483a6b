"""`flask --app app admin create`: the platform admin, from the command line only."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from app.core.cli import database_ready
from app.core.errors import ServiceError
from app.core.extensions import db
from app.platform import services


@click.group("admin")
def admin_group() -> None:
    """The platform admin."""


@admin_group.command("create")
@click.option("--email", required=True)
@click.option("--name", "full_name", required=True)
@click.password_option()
@with_appcontext
def admin_create(email: str, full_name: str, password: str) -> None:
    """Create (or promote) the platform admin; the second factor is enrolled at first sign-in."""
    database_ready()
    try:
        services.create(email, full_name, password)
    except ServiceError as error:
        db.session.rollback()
        raise click.ClickException(str(error.message))
    db.session.commit()
    click.echo(f"Platform admin {email} is ready.")


COMMANDS = (admin_group,)
