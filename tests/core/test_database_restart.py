"""After a PostgreSQL restart only the request that meets a dead connection fails, with the product's
page; the next one succeeds without restarting the app (issue 5 §4.4). pool_pre_ping is off (a later
issue removes it for speed): the behaviour rests on SQLAlchemy invalidating the whole pool when a
statement meets a disconnect. The restart is simulated by terminating the app's connections with
pg_terminate_backend as the superuser (this app's own application_name only)."""
from __future__ import annotations

import re

import pytest

from tests.support.http import csrf_token, login
from tests.support.servers import terminate_connections


@pytest.fixture
def restart_app(make_app):
    app = make_app()
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is False
    return app


def _fill_the_pool(app, connections: int = 3) -> None:
    """Several idle connections in the pool, as a busy app has."""
    from app.core.extensions import db

    with app.app_context():
        held = [db.engine.connect() for _ in range(connections)]
        for conn in held:
            conn.exec_driver_sql("SELECT 1")
        for conn in held:
            conn.close()


def test_after_the_database_drops_its_connections_only_the_next_request_fails_and_the_one_after_works(
        restart_app, world, inspector):
    client = restart_app.test_client()
    assert login(restart_app, client, world.people["a_teacher"]).status_code == 302
    assert client.get("/school-a/").status_code == 200
    _fill_the_pool(restart_app)
    assert terminate_connections(inspector, restart_app.config["TEST_APPLICATION_NAME"]) >= 3

    failed = client.get("/school-a/")
    html = failed.get_data(as_text=True)
    assert failed.status_code == 503
    assert "Сервис временно недоступен" in html
    rid = re.search(r"Код запроса: (\w+)", html).group(1)
    assert failed.headers["X-Request-ID"] == rid

    for _ in range(3):  # every connection of the pool was replaced, not only the one that failed
        assert client.get("/school-a/").status_code == 200


def test_a_form_sent_as_the_database_dropped_its_connections_changes_nothing_and_can_be_sent_again(
        restart_app, world, inspector):
    from sqlalchemy import text

    director = restart_app.test_client()
    assert login(restart_app, director, world.people["a_director"]).status_code == 302
    token = csrf_token(director, "/school-a/staff/invite")
    data = {"csrf_token": token, "email": "after.restart@test-nastavnik.ru", "full_name": "После Перезапуска",
            "roles": ["teacher"]}
    terminate_connections(inspector, restart_app.config["TEST_APPLICATION_NAME"])
    failed = director.post("/school-a/staff/invite", data=data)
    assert failed.status_code == 503 and "Никакие изменения не внесены" in failed.get_data(as_text=True)
    again = director.post("/school-a/staff/invite", data=data)
    assert again.status_code == 302
    with inspector.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM invitations WHERE email = 'after.restart@test-nastavnik.ru'")
                            ).scalar_one() == 1
