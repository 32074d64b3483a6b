"""Periodic jobs for `rq cron` (started by `flask --app app cron`). The table names each job by its
import path (the worker imports no feature); system jobs declare a system scope."""
import importlib

from rq import cron

from tenants.switches import system_job_scope
from worker.queue import SCOPE_META_KEY

QUEUE = "nastavnik"
SYSTEM = {SCOPE_META_KEY: system_job_scope()}

# name, job (module:function), cron schedule, meta
JOBS = [
    ("purge-sessions", "app.accounts.jobs:purge_sessions", "17 3 * * *", SYSTEM),
]


def _load(path: str):
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


for name, path, schedule, meta in JOBS:
    cron.register(_load(path), QUEUE, cron=schedule, meta=meta, name=name)
