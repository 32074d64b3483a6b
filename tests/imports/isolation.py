"""Rows of the cross-tenant matrix (tests/tenants/test_isolation_matrix.py) for the staff-file import:
another school's import answers 404 on every route, the error report included, and changes nothing."""
from __future__ import annotations

import uuid

OBJECT_ROUTES = {
    ("teachers.import_show", "GET"): ("/{slug}/teachers/import/{id}", "teacher_import", "a_admin", "A", None),
    ("teachers.import_mapping", "POST"): ("/{slug}/teachers/import/{id}/mapping", "teacher_import", "a_admin", "A",
                                          {"columns_-0": "full_name", "columns_-1": "email"}),
    ("teachers.import_confirm", "POST"): ("/{slug}/teachers/import/{id}/confirm", "teacher_import", "a_admin", "A",
                                          {"revision": "1", "only_valid": "y"}),
    ("teachers.import_status", "GET"): ("/{slug}/teachers/import/{id}/status", "teacher_import", "a_admin", "A",
                                        None),
    ("teachers.import_report", "GET"): ("/{slug}/teachers/import/{id}/report.xlsx", "teacher_import", "a_admin",
                                        "A", None),
}
SNAPSHOT_TABLES = ("teacher_imports", "teachers")


def foreign_objects(app, world) -> dict:
    """A draft import (with a row in error, so the report has content) of school B and of school C."""
    from app.core.extensions import db
    from app.teachers import imports
    from tenants.switches import acting_in
    from tests.imports.files import ROWS, csv_bytes

    found = {}
    for key in ("B", "C"):
        org = world.orgs[key]
        with app.test_request_context(), acting_in(municipality_id=org.municipality_id, org_id=org.id,
                                                   reason="test: another school's import"):
            record = imports.upload("staff.csv", csv_bytes(rows=ROWS + [["Сидоров"] + [""] * 8]))
            found[key] = str(record.id)
            db.session.commit()
            db.session.remove()
    assert all(uuid.UUID(value) for value in found.values())
    return {"teacher_import": found}
