"""Periodic jobs for `rq cron` (started by `flask --app app cron`). System jobs declare a system scope."""
from rq import cron

from tenants.scope import TenantScope
from worker.jobs import purge_sessions
from worker.queue import SCOPE_META_KEY

QUEUE = "nastavnik"

cron.register(purge_sessions, QUEUE, cron="17 3 * * *",
              meta={SCOPE_META_KEY: TenantScope(system=True).as_dict()}, name="purge-sessions")
