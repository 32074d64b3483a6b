"""Periodic jobs for `rq cron` (started by `flask --app app cron`). The table names each job by its
import path (the worker imports no feature); system jobs declare a system scope. Jobs marked «at
start» are also enqueued by every worker when it starts (`flask --app app worker`): what fell due
while no worker ran is not left waiting for the next tick."""
import importlib
import os

from rq import cron

from tenants.switches import system_job_scope
from worker.queue import SCOPE_META_KEY

QUEUE = os.environ.get("RQ_QUEUE", "nastavnik")
SYSTEM = {SCOPE_META_KEY: system_job_scope()}

# name, job (module:function), cron schedule, meta, also at every worker start
JOBS = [
    ("purge-sessions", "app.accounts.jobs:purge_sessions", "17 3 * * *", SYSTEM, False),
    # The outbox (app/mail/jobs.py): letters whose enqueue failed, whose retries ran out, whose worker died.
    ("sweep-outbox", "app.mail.jobs:sweep_outbox", "* * * * *", SYSTEM, True),
    # Staff-file imports (app/teachers/jobs.py) confirmed but not progressing: enqueue failed, worker died.
    ("sweep-teacher-imports", "app.teachers.jobs:sweep_imports", "* * * * *", SYSTEM, True),
    # Staff files uploaded and never confirmed: cleared after TEACHER_IMPORT_DRAFT_HOURS (152-ФЗ ст. 5 ч. 7).
    ("expire-teacher-import-drafts", "app.teachers.jobs:sweep_stale_drafts", "23 * * * *", SYSTEM, True),
    # The consent ledger (app/consents/jobs.py): withdrawn consents whose data is due for destruction
    # (152-ФЗ ст. 21 ч. 5), every day and at every worker start (a day missed is caught up).
    ("sweep-consent-destructions", "app.consents.jobs:sweep_destructions", "41 2 * * *", SYSTEM, True),
    # Programmes at their end date (app/programmes/jobs.py): the curator is asked to complete or extend
    # (Положение 7.1, 7.2), once per end date; at every worker start too (a day missed is caught up).
    ("propose-programme-ends", "app.programmes.jobs:propose_ends", "7 3 * * *", SYSTEM, True),
]


def _load(path: str):
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def enqueue_start_jobs(queue) -> list:
    """Enqueue the jobs marked «at start» (called by the worker command before it starts working)."""
    return [queue.enqueue(path.replace(":", "."), meta=meta, description=f"{name} (worker start)")
            for name, path, _, meta, at_start in JOBS if at_start]


for name, path, schedule, meta, _ in JOBS:
    cron.register(_load(path), QUEUE, cron=schedule, meta=meta, name=name)
