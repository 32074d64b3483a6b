"""Fixtures of the whole suite live in tests/support/ (database, world, HTTP, queries)."""
pytest_plugins = ("tests.support.database", "tests.support.world", "tests.support.http", "tests.support.queries",
                  "tests.support.faults")
