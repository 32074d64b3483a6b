"""The Redis connection: the real server when REDIS_URL is set, otherwise an in-process fakeredis
(the embedded default of DESIGN.md §6, where jobs also run in-process)."""
from __future__ import annotations

from flask import current_app
from redis import Redis


def init_app(app) -> None:
    url = app.config.get("REDIS_URL")
    if url:
        app.extensions["redis"] = Redis.from_url(url)
    else:
        import fakeredis

        app.extensions["redis"] = fakeredis.FakeRedis(server=fakeredis.FakeServer())
    app.extensions["redis_is_real"] = bool(url)


def redis_client() -> Redis:
    return current_app.extensions["redis"]


def redis_is_real() -> bool:
    return bool(current_app.extensions.get("redis_is_real"))
