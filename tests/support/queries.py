"""Counting the statements a piece of code sends to PostgreSQL (query-count tests)."""
from __future__ import annotations

import pytest
from sqlalchemy import event


class QueryCounter:
    def __init__(self):
        self.statements: list[str] = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app):
    """with count_queries() as counter: ... -> counter.count statements sent to PostgreSQL."""
    from contextlib import contextmanager

    from app.core.extensions import db

    @contextmanager
    def counting():
        counter = QueryCounter()
        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", counter)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", counter)

    return counting


def statements_per_page(clients, count_queries, pages: dict[str, tuple[str, str]]) -> dict[str, int]:
    """{page: statements of one request} for pages {name: (person, path)}, each read once before it is
    counted (a due session touch happens on the first request)."""
    figures = {}
    for name, (person, path) in pages.items():
        client = clients(person)
        assert client.get(path).status_code == 200, name
        with count_queries() as counter:
            response = client.get(path)
        assert response.status_code == 200, name
        figures[name] = counter.count
    return figures
