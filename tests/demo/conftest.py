"""The demo loaded once a test, read through the superuser inspector (the demo's data tests)."""
from __future__ import annotations

import pytest

from tests.demo.test_demo import _seed


@pytest.fixture
def seeded_db(app, inspector):
    _seed(app)
    return inspector
