"""The quick start (`flask --app app serve`, which `make run` calls) and `flask --app app demo seed`."""
from __future__ import annotations

import signal

import click
from flask import current_app
from flask.cli import with_appcontext

from app.core.cli import database_ready
from app.core.extensions import db
from app.demo import seed as demo


def upgrade_database() -> None:
    from flask_migrate import upgrade

    upgrade()


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--seed/--no-seed", default=True, show_default=True, help="Load the demo data.")
@with_appcontext
def serve(host: str, port: int, seed: bool) -> None:
    """Start the embedded PostgreSQL (unless DATABASE_URL is set), migrate, load the demo data,
    print the logins and serve."""
    database_ready()
    upgrade_database()
    if seed:
        demo.seed()
        db.session.commit()
    app = current_app._get_current_object()
    base = f"http://{host}:{port}"
    app.config["PUBLIC_BASE_URL"] = base
    click.echo("")
    click.echo(f"  Наставник: {base}/login")
    if app.config.get("EMBEDDED_DATABASE"):
        click.echo(f"  Embedded PostgreSQL: {app.instance_path}/pgdata  (mail: {app.instance_path}/mail)")
    if seed:
        click.echo(f"  Demo logins (password for all: {demo.DEMO_PASSWORD}):")
        for email, label in demo.logins():
            click.echo(f"    {email:<34} {label}")
        for line in demo.walk_lines():
            click.echo(f"    {line}")
    if app.config["DEMO_RELAX_TOTP"]:
        click.echo("  DEMO_RELAX_TOTP is on: privileged roles may sign in without a second factor.")
    click.echo("  Ctrl-C stops the server and the embedded database.\n")

    from werkzeug.serving import run_simple

    def _stop(signum, frame):
        raise KeyboardInterrupt

    # Ctrl-C and SIGTERM stop the server even where the shell started us with SIGINT ignored; the
    # embedded PostgreSQL is then stopped by its exit handler.
    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    try:
        run_simple(host, port, app, threaded=True, use_reloader=False)
    except KeyboardInterrupt:
        click.echo("Stopped.")


@click.group("demo")
def demo_group() -> None:
    """Demo data."""


@demo_group.command("seed")
@with_appcontext
def demo_seed() -> None:
    """Load the demo municipality (idempotent: a second run keeps what is there)."""
    database_ready()
    demo.seed()
    db.session.commit()
    for email, label in demo.logins():
        click.echo(f"{email:<34} {label}")
    for line in demo.walk_lines():
        click.echo(line)


COMMANDS = (serve, demo_group)
