"""The demo: the quick start of `make run` and the demo municipality's data."""

ACCESS: dict = {}


def init_app(app) -> None:
    from app.demo import cli

    for command in cli.COMMANDS:
        app.cli.add_command(command)
