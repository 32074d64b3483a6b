"""Business rules shared by the web views, the API and the jobs. Nothing here reads ``flask.request``."""


class ServiceError(Exception):
    """A rule refused the operation; ``message`` is a translated sentence for the person acting."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field
