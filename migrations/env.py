"""Alembic environment: migrations run as the owner role (DATABASE_OWNER_URL); afterwards the app
role (the user of DATABASE_URL) gets its grants, in the same transaction."""
from __future__ import annotations

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app
from sqlalchemy import create_engine, pool
from sqlalchemy.engine import make_url

from tenants.provisioning import apply_grants

config = context.config
if config.config_file_name is not None:
    # Keep the loggers that exist already: migrations also run inside the app's process (`serve`, the
    # test session), and disabling them would silence the app's own error logs from then on.
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

target_metadata = current_app.extensions["migrate"].db.metadata


def _url(name: str):
    return make_url(current_app.config[name]).set(drivername="postgresql+psycopg2")


def run_migrations_offline() -> None:
    context.configure(url=_url("DATABASE_OWNER_URL"), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    owner_url, app_url = _url("DATABASE_OWNER_URL"), _url("DATABASE_URL")
    engine = create_engine(owner_url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, compare_type=True)
        with context.begin_transaction():
            context.run_migrations()
            autogenerate = getattr(config.cmd_opts, "autogenerate", False)
            if not autogenerate and app_url.username and app_url.username != owner_url.username:
                apply_grants(connection, app_url.username)
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
