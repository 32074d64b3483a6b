"""The one exception a rule raises to refuse an operation (services never commit; the unit of work
in app/core/uow.py rolls back and shows the message)."""


class ServiceError(Exception):
    """A rule refused the operation; ``message`` is a translated sentence for the person acting."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field
