"""The Redis connection: the real server when REDIS_URL is set, otherwise an in-process fakeredis
(the embedded default of DESIGN.md §6, where jobs also run in-process)."""
from __future__ import annotations

from flask import current_app
from redis import Redis
from redis.backoff import ExponentialWithJitterBackoff
from redis.retry import Retry


def init_app(app) -> None:
    url = app.config.get("REDIS_URL")
    if url:
        # A page waits little for an unreachable Redis, then answers without it: short timeouts, and a
        # couple of quick retries instead of redis-py's default ten (about 4.5 s per command when Redis is
        # down). An RQ worker raises the socket timeout above its blocking dequeue by itself.
        cfg = app.config
        app.extensions["redis"] = Redis.from_url(
            url, socket_connect_timeout=cfg["REDIS_CONNECT_TIMEOUT"], socket_timeout=cfg["REDIS_SOCKET_TIMEOUT"],
            retry=Retry(ExponentialWithJitterBackoff(base=0.01, cap=0.1), cfg["REDIS_RETRIES"]))
    else:
        import fakeredis

        app.extensions["redis"] = fakeredis.FakeRedis(server=fakeredis.FakeServer())
    app.extensions["redis_is_real"] = bool(url)


def redis_client() -> Redis:
    return current_app.extensions["redis"]


def redis_is_real() -> bool:
    return bool(current_app.extensions.get("redis_is_real"))
