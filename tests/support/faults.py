"""Fixtures of the fault tests: apps of their own (their own Redis, pool_pre_ping off, exceptions not
propagated, as in production), a private redis-server, an SMTP server, real worker processes."""
from __future__ import annotations

import os
import shutil
import uuid

import pytest

from tests.support.database import app_config
from tests.support.servers import RedisServer, SMTPServer, WorkerProcess, worker_env


@pytest.fixture
def redis_server():
    """A redis-server of the test's own (the machine's binary); missing, the test is skipped — except
    on CI, where it must run."""
    if shutil.which("redis-server") is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is missing on CI: the fault tests need it")
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    server = RedisServer().start()
    yield server
    server.close()


@pytest.fixture
def smtp_server():
    server = SMTPServer()
    yield server
    server.close()


@pytest.fixture
def make_app(app):
    """make_app(**overrides) -> a new app on the test database (migrated by the session app) with
    production's error handling (exceptions are not propagated), pool_pre_ping off, and its own
    PostgreSQL application_name (``app.config["TEST_APPLICATION_NAME"]``) for pg_terminate_backend."""
    from app import create_app
    from app.core.extensions import db

    made = []

    def make(**overrides):
        name = f"nastavnik-test-{uuid.uuid4().hex[:8]}"
        config = app_config(**{"PROPAGATE_EXCEPTIONS": False, "JOB_RETRY_INTERVALS": [1, 1, 1],
                               "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": False,
                                                             "connect_args": {"application_name": name}},
                               "TEST_APPLICATION_NAME": name, **overrides})
        application = create_app(config)
        application.config["TEST_CONFIG"] = config
        made.append(application)
        return application

    yield make
    for application in made:
        with application.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def start_worker(tmp_path):
    """start_worker(app) -> a real `flask worker` process running ``app``'s configuration."""
    workers = []

    def start(application) -> WorkerProcess:
        config = {k: v for k, v in application.config["TEST_CONFIG"].items()
                  if k not in ("SQLALCHEMY_ENGINE_OPTIONS", "TESTING", "PROPAGATE_EXCEPTIONS", "SERVER_NAME")}
        config["INSTANCE_PATH"] = application.instance_path
        worker = WorkerProcess(worker_env(config), tmp_path / f"worker-{len(workers)}.log").start()
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()
