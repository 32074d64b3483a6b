"""Command-line entry points: `flask --app app <command>` (README.md lists them)."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url


def register(app) -> None:
    app.cli.add_command(serve)
    app.cli.add_command(worker_command)
    app.cli.add_command(cron_command)
    app.cli.add_command(admin_group)
    app.cli.add_command(db_roles_group)
    app.cli.add_command(demo_group)


def upgrade_database() -> None:
    from flask_migrate import upgrade

    upgrade()


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--seed/--no-seed", default=True, show_default=True, help="Load the demo data.")
@with_appcontext
def serve(host: str, port: int, seed: bool) -> None:
    """Migrate, load the demo data, print the logins and serve (the quick start of `make run`)."""
    from app.services import demo

    upgrade_database()
    if seed:
        demo.seed()
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
    if app.config["DEMO_RELAX_TOTP"]:
        click.echo("  DEMO_RELAX_TOTP is on: privileged roles may sign in without a second factor.")
    click.echo("  Ctrl-C stops the server and the embedded database.\n")
    import signal

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


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@with_appcontext
def worker_command(burst: bool) -> None:
    """Run an RQ worker (with its scheduler, which runs retries) on the real Redis."""
    from rq import Worker

    from app.redis_conn import redis_is_real
    from worker.queue import get_queue

    if not redis_is_real():
        raise click.ClickException("REDIS_URL is not set: jobs run in-process, no worker is needed")
    queue = get_queue()
    Worker([queue], connection=queue.connection, serializer=queue.serializer).work(
        with_scheduler=True, burst=burst)


@click.command("cron")
@with_appcontext
def cron_command() -> None:
    """Run the periodic scheduler (worker/cron_config.py) on the real Redis."""
    from pathlib import Path

    from rq.cron import CronScheduler

    from app.redis_conn import redis_client, redis_is_real

    if not redis_is_real():
        raise click.ClickException("REDIS_URL is not set: periodic jobs need the real Redis")
    scheduler = CronScheduler(connection=redis_client())
    scheduler.load_config_from_file(str(Path(__file__).resolve().parent.parent / "worker" / "cron_config.py"))
    scheduler.start()


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
    from app.extensions import db
    from app.services import ServiceError, platform_admin

    try:
        platform_admin.create(email, full_name, password)
    except ServiceError as error:
        db.session.rollback()
        raise click.ClickException(str(error.message))
    db.session.commit()
    click.echo(f"Platform admin {email} is ready.")


@click.group("db-roles")
def db_roles_group() -> None:
    """PostgreSQL roles of a deployment."""


@db_roles_group.command("create")
@click.option("--admin-url", required=True, help="A superuser URL of the server, e.g. postgresql://postgres@host/postgres")
@click.option("--database", default="nastavnik", show_default=True)
@click.option("--owner", default="nastavnik_owner", show_default=True)
@click.option("--app-role", default="nastavnik_app", show_default=True)
@click.option("--owner-password", envvar="DB_OWNER_PASSWORD", default=None)
@click.option("--app-password", envvar="DB_APP_PASSWORD", default=None)
def db_roles_create(admin_url, database, owner, app_role, owner_password, app_password) -> None:
    """Create the owner and the app role and the database owned by the owner; then run
    `flask db upgrade`, which applies the policies and the app role's grants."""
    from sqlalchemy import text

    from tenants.provisioning import create_roles

    engine = create_engine(make_url(admin_url).set(drivername="postgresql+psycopg2"), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        create_roles(conn, owner, app_role, database)
        for role, password in ((owner, owner_password), (app_role, app_password)):
            if password:
                ident = conn.execute(text("SELECT quote_ident(:r)"), {"r": role}).scalar_one()
                conn.execute(text(f"ALTER ROLE {ident} PASSWORD :p"), {"p": password})
    engine.dispose()
    click.echo(f"Roles {owner} (owner) and {app_role} (app) and database {database} are ready.")


@click.group("demo")
def demo_group() -> None:
    """Demo data."""


@demo_group.command("seed")
@with_appcontext
def demo_seed() -> None:
    """Load the demo municipality (idempotent: a second run keeps what is there)."""
    from app.services import demo

    demo.seed()
    for email, label in demo.logins():
        click.echo(f"{email:<34} {label}")
