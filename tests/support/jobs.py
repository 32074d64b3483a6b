"""Jobs and letters: run what the app enqueued, read the letters it wrote."""
from __future__ import annotations


def drain_jobs(app) -> None:
    """Run what the app enqueued with a real worker (burst); in-process queues have run already."""
    from rq import SimpleWorker

    with app.app_context():
        from worker.queue import get_queue

        queue = get_queue()
        if queue.is_async:
            SimpleWorker([queue], connection=queue.connection, serializer=queue.serializer).work(burst=True)


def letters_to(app, address: str) -> list[tuple[str, str]]:
    """(subject, text) of the .eml files written for ``address`` by the file mail backend, after the
    queued delivery jobs have run."""
    from email import policy
    from email.parser import BytesParser
    from pathlib import Path

    drain_jobs(app)
    found = []
    for path in sorted((Path(app.instance_path) / "mail").glob("*.eml")):
        message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        if message["To"] == address:
            found.append((str(message["Subject"]), message.get_content()))
    return found


def link_in(text_body: str, marker: str) -> str:
    """The path of the first link containing ``marker`` (e.g. '/invite/')."""
    for word in text_body.split():
        if marker in word:
            return word[word.index(marker):]
    raise AssertionError(f"no link with {marker} in: {text_body}")
