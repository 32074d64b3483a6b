"""The outbox: letters recorded in PostgreSQL with the change that causes them, rendered and delivered
by a job, swept again when their enqueue failed (services.py, jobs.py)."""

ACCESS: dict = {}


def init_app(app) -> None:
    """The outbox has no pages of its own."""
