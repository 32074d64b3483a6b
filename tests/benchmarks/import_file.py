"""The import of a staff file end to end, timed (issue 7 «Performance»: 10,000 rows ≤ 20 s on the 2-core
machine):

    .venv/bin/python -m tests.benchmarks.import_file [--rows 10000] [--batch 1000]

Generates an XLSX of ``--rows`` teachers (Excel dates, subjects, categories), then, as a school's
administrator through the pages: uploads it (reading, the check of every row, the preview), confirms,
and runs the job (batches in RQ on REDIS_URL, or in-process without it) — and the same file again
(every row an update). Uses the database of the tests (DATABASE_URL, DATABASE_OWNER_URL; migrated to
the head if needed) and adds its own municipality, school and person with a random name; nothing else
is touched.
"""
from __future__ import annotations

import argparse
import io
import random
import time
import uuid
from datetime import datetime

from openpyxl import Workbook

from tests.benchmarks.region import FIRST_F, PATRONYMIC_ROOTS, SURNAMES_M

HEADER = ["ФИО", "Должность", "Преподаваемые предметы", "Квалификационная категория", "Педагогический стаж",
          "Дата приёма на работу", "Дата рождения", "E-mail", "Телефон"]
SUBJECTS = ["Математика", "Русский язык", "Литература", "Физика", "История", "Биология", "Английский язык"]
CATEGORIES = ["высшая", "первая", "соответствие", "без категории", ""]


def workbook(rows: int, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Сотрудники")
    sheet.append(HEADER)
    for i in range(rows):
        name = f"{rng.choice(SURNAMES_M)}а{i} {rng.choice(FIRST_F)} {rng.choice(PATRONYMIC_ROOTS)}на"
        born = rng.randint(1960, 2002)
        sheet.append([name, "Учитель", "; ".join(rng.sample(SUBJECTS, 2)), rng.choice(CATEGORIES),
                      rng.randint(0, 2024 - born - 22), datetime(rng.randint(2000, 2024), rng.randint(1, 12), 1),
                      datetime(born, rng.randint(1, 12), rng.randint(1, 28)),
                      f"teacher{i}@bench.test", f"+7 900 {i % 1000:03d}-{i % 100:02d}-{i % 97:02d}"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _school(app) -> tuple[str, object]:
    """A municipality, a school and its administrator of their own (random names)."""
    from app.accounts import passwords
    from app.accounts.models import User
    from app.core.extensions import db
    from app.core.roles import OrgKind
    from app.orgs.models import Membership, Municipality, Organization
    from tenants.switches import acting_in
    from tests.support.world import TEST_PASSWORD, Person, add_user

    tag = uuid.uuid4().hex[:8]
    with app.app_context():
        municipality = Municipality(id=uuid.uuid4(), name=f"Бенчмарк {tag}", slug=f"bench-{tag}")
        db.session.add(municipality)
        db.session.flush()
        with acting_in(municipality_id=municipality.id, reason="benchmark"):
            org = Organization(id=uuid.uuid4(), municipality_id=municipality.id, kind=OrgKind.school,
                               name=f"Школа {tag}", short_name=f"Школа {tag}", slug=f"bench-school-{tag}")
            db.session.add(org)
            db.session.flush()
        user = User(id=uuid.uuid4(), email=f"admin-{tag}@bench.test", full_name="Администратор",
                    password_hash=passwords.hash_password(TEST_PASSWORD))
        add_user(user)
        with acting_in(municipality_id=municipality.id, org_id=org.id, reason="benchmark"):
            db.session.add(Membership(id=uuid.uuid4(), org_id=org.id, municipality_id=municipality.id,
                                      user_id=user.id, roles=["school_admin"]))
            db.session.flush()
        db.session.commit()
        slug = org.slug
        db.session.remove()
    return slug, Person(user.email, user.id)


def _run(app, client, slug: str, data: bytes) -> dict:
    from tests.imports.files import confirm, import_id_of, upload
    from tests.support.jobs import drain_jobs

    started = time.perf_counter()
    import_id = import_id_of(upload(client, slug, data, "staff.xlsx"))
    previewed = time.perf_counter()
    assert confirm(client, slug, import_id).status_code == 302
    confirmed = time.perf_counter()
    drain_jobs(app)
    done = time.perf_counter()
    status = client.get(f"/{slug}/teachers/import/{import_id}/status").get_json()
    assert status["done"] and status["status"] == "finished", status
    return {"upload and preview": previewed - started, "confirm": confirmed - previewed,
            "job": done - confirmed, "total": done - started, "status": status}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--batch", type=int, default=1000)
    args = parser.parse_args(argv)

    import logging
    import os
    import tempfile

    logging.getLogger("rq").setLevel(logging.WARNING)
    os.environ.setdefault("INSTANCE_PATH", tempfile.mkdtemp(prefix="nastavnik-bench-"))
    from flask_migrate import upgrade

    from app import create_app
    from tests.support.database import app_config
    from tests.support.http import login

    app = create_app(app_config(TEACHER_IMPORT_BATCH_ROWS=args.batch,
                                TEACHER_IMPORT_MAX_ROWS=max(args.rows, 20000),
                                TEACHER_IMPORT_MAX_BYTES=50 * 1024 * 1024))
    with app.app_context():
        upgrade()
    data = workbook(args.rows)
    slug, person = _school(app)
    client = app.test_client()
    assert login(app, client, person).status_code == 302
    print(f"staff file: {args.rows} rows, {len(data) / 1024:.0f} KiB XLSX; batches of {args.batch}; "
          f"jobs {'in RQ on ' + os.environ['REDIS_URL'] if os.environ.get('REDIS_URL') else 'in-process'}")
    for label in ("first import (every row a new record)", "same file again (every row an update)"):
        result = _run(app, client, slug, data)
        status = result.pop("status")
        print(f"{label}: " + ", ".join(f"{k} {v:.2f} s" for k, v in result.items())
              + f" — created {status['created']}, updated {status['updated']}, skipped {status['skipped']}")


if __name__ == "__main__":
    main()
