"""The daily end-date job (worker/cron_config.py): at the end date of an active programme it proposes to
the curator to complete it or to extend it (Положение 7.1, 7.2), once per end date. It reads ids and
scopes across schools through the narrow path ``programmes_due_for_end_proposal`` (migration
0017_programmes) and records each proposal in its school's scope."""
from __future__ import annotations

import logging
from datetime import date

from sqlalchemy import text

from app.core.extensions import db
from app.programmes import services
from tenants.switches import acting_in
from worker.context import scoped_job

log = logging.getLogger(__name__)


def sweep(today: date | None = None, limit: int = 500) -> int:
    today = today or date.today()
    rows = db.session.execute(text("SELECT * FROM programmes_due_for_end_proposal(:d, :n)"),
                              {"d": today, "n": limit}).all()
    proposed = 0
    for row in rows:
        with acting_in(municipality_id=row.municipality_id, org_id=row.org_id, reason="programme end proposal"):
            proposed += services.propose_end(row.id, today)
    if proposed:
        log.info("programme end proposals: %s made", proposed)
    return proposed


@scoped_job
def propose_ends() -> int:
    return sweep()
