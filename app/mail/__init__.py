"""The outbox: letters recorded in PostgreSQL with the change that causes them, delivered by a job."""

ACCESS: dict = {}


def init_app(app) -> None:
    """The outbox has no pages of its own."""
