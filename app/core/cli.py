"""Command-line entry points of the core: `flask --app app worker | cron | db-roles` (README.md).
Features add their own commands (platform: `admin`, demo: `serve` and `demo`)."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from app.core import embedded_db


def register(app) -> None:
    app.cli.add_command(worker_command)
    app.cli.add_command(cron_command)
    app.cli.add_command(db_roles_group)


def database_ready() -> None:
    """Commands that use the database call this first: on the embedded default it starts the
    embedded PostgreSQL (the app factory never does)."""
    embedded_db.ensure_started(current_app._get_current_object())


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@with_appcontext
def worker_command(burst: bool) -> None:
    """Run an RQ worker (with its scheduler, which runs retries) on the real Redis. It first enqueues
    the cron table's jobs marked «at start» (the outbox sweep: letters that fell due while no worker ran)."""
    from rq import Worker

    from app.core.redis import redis_is_real
    from worker.cron_config import enqueue_start_jobs
    from worker.queue import get_queue

    if not redis_is_real():
        raise click.ClickException("REDIS_URL is not set: jobs run in-process, no worker is needed")
    queue = get_queue()
    enqueue_start_jobs(queue)
    Worker([queue], connection=queue.connection, serializer=queue.serializer).work(
        with_scheduler=True, burst=burst)


@click.command("cron")
@with_appcontext
def cron_command() -> None:
    """Run the periodic scheduler (worker/cron_config.py) on the real Redis."""
    import worker.cron_config
    from app.core.redis import redis_client, redis_is_real
    from worker.cron import JsonCronScheduler

    if not redis_is_real():
        raise click.ClickException("REDIS_URL is not set: periodic jobs need the real Redis")
    scheduler = JsonCronScheduler(connection=redis_client())
    scheduler.load_config_from_file(worker.cron_config.__file__)
    scheduler.start()


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
