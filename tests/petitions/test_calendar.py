"""The production calendar (ТК РФ ст. 112; ст. 351.8: three working days' notice): the federal default
in code, a municipality's own exceptions respected, another municipality's not, and the department's
page that records them."""
from __future__ import annotations

from datetime import date

import pytest

from tests.banks.helpers import in_scope, scalar
from tests.petitions.helpers import add_calendar_day
from tests.support.http import post


def _add(app, org, start, n):
    from app.pairs.calendar import add_working_days

    with in_scope(app, org):
        return add_working_days(org.municipality_id, start, n)


def test_the_federal_default_knows_the_holidays_and_the_decreed_transfers():
    """ТК РФ ст. 112; Постановления № 1335 (2025) and № 1466 (2026); for 2027 the rule of ст. 112 ч. 2."""
    from app.pairs.calendar import federal_is_working

    assert not federal_is_working(date(2026, 1, 9))        # 3 Jan → 9 Jan (№ 1466)
    assert not federal_is_working(date(2026, 12, 31))      # 4 Jan → 31 Dec (№ 1466)
    assert not federal_is_working(date(2026, 3, 9))        # 8 Mar on a Sunday
    assert not federal_is_working(date(2026, 6, 12))       # День России
    assert federal_is_working(date(2025, 11, 1))           # a working Saturday (№ 1335)
    assert not federal_is_working(date(2025, 11, 3))
    assert not federal_is_working(date(2025, 5, 8))        # 23 Feb → 8 May (№ 1335)
    assert federal_is_working(date(2025, 2, 24))           # …so not the Monday after 23 Feb
    assert not federal_is_working(date(2027, 5, 3))        # 1 May 2027 on a Saturday → Monday (ст. 112 ч. 2)
    assert not federal_is_working(date(2027, 6, 14))       # 12 June 2027 on a Saturday → Monday
    assert federal_is_working(date(2027, 1, 11))           # January holidays move only by a decree
    assert federal_is_working(date(2026, 11, 5)) and not federal_is_working(date(2026, 11, 4))


def test_three_working_days_notice_runs_across_a_weekend(app, world):
    """ТК РФ ст. 351.8: a notice given on Thursday 15 October 2026 runs Friday, Monday, Tuesday."""
    assert _add(app, world.orgs["A"], date(2026, 10, 15), 3) == date(2026, 10, 20)


def test_three_working_days_notice_runs_across_a_holiday(app, world):
    """ТК РФ ст. 112, 351.8: from Thursday 7 May 2026 — Friday 8, then the weekend with 9 May and the
    Monday 11 May it moves to — Tuesday 12, Wednesday 13."""
    assert _add(app, world.orgs["A"], date(2026, 5, 7), 3) == date(2026, 5, 13)
    # Across the New Year holidays: from Tuesday 30 December 2025 the next working days are 12–14 January.
    assert _add(app, world.orgs["A"], date(2025, 12, 30), 3) == date(2026, 1, 14)


def test_a_municipalitys_own_day_off_is_respected_and_another_municipalitys_is_not(app, world):
    """The municipality keeps its calendar (issue 8): M1's day off on Friday 16 October 2026 moves
    the notice of M1's school; school C of M2 counts the federal calendar."""
    add_calendar_day(app, world.orgs["D1"], date(2026, 10, 16), False, "Региональный праздник")
    assert _add(app, world.orgs["A"], date(2026, 10, 15), 3) == date(2026, 10, 21)
    assert _add(app, world.orgs["C"], date(2026, 10, 15), 3) == date(2026, 10, 20)


def test_a_municipalitys_working_saturday_counts(app, world):
    add_calendar_day(app, world.orgs["D1"], date(2026, 10, 17), True, "Перенос рабочего дня")
    assert _add(app, world.orgs["A"], date(2026, 10, 15), 3) == date(2026, 10, 19)
    assert _add(app, world.orgs["B"], date(2026, 10, 15), 3) == date(2026, 10, 19)
    assert _add(app, world.orgs["C"], date(2026, 10, 15), 3) == date(2026, 10, 20)


def test_working_days_between_is_the_inverse_of_adding_them(app, world):
    from app.pairs.calendar import add_working_days, working_days_between

    org = world.orgs["A"]
    with in_scope(app, org):
        for start in (date(2026, 5, 7), date(2025, 12, 30), date(2026, 2, 20)):
            for n in (0, 1, 3, 10):
                end = add_working_days(org.municipality_id, start, n)
                assert working_days_between(org.municipality_id, start, end) == n
        assert working_days_between(org.municipality_id, date(2026, 5, 8), date(2026, 5, 1)) == 0


def test_a_school_cannot_write_the_calendar_even_past_the_service(app, world):
    """Only the education department writes the municipality's calendar: the policy refuses a school."""
    from sqlalchemy.exc import ProgrammingError

    from app.core.extensions import db
    from app.pairs.calendar import CalendarDay

    school = world.orgs["A"]
    with in_scope(app, school):
        db.session.add(CalendarDay(day=date(2026, 10, 16), is_working=False, note="x"))
        with pytest.raises(ProgrammingError):
            db.session.flush()
        db.session.rollback()


def test_the_department_records_and_removes_a_day_on_its_page(app, world, clients, inspector):
    officer = clients("d1_officer")
    page = "/m1-uo/pairs/calendar?year=2026"
    html = officer.get(page).get_data(as_text=True)
    assert 'data-day="2026-01-09"' in html and "№ 1466" in html
    response = post(officer, "/m1-uo/pairs/calendar", {"day": "2026-10-16", "kind": "off",
                                                       "note": "Региональный праздник"}, token_from=page)
    assert response.status_code == 302
    assert scalar(inspector, "SELECT count(*) FROM calendar_days WHERE NOT is_working") == 1
    # A day the federal calendar already says so: refused in Russian, nothing written.
    refused = post(officer, "/m1-uo/pairs/calendar", {"day": "2026-10-18", "kind": "off", "note": "x"},
                   token_from=page)
    assert refused.status_code == 400
    assert scalar(inspector, "SELECT count(*) FROM calendar_days") == 1
    row_id = scalar(inspector, "SELECT id FROM calendar_days")
    remove = f"/m1-uo/pairs/calendar/{row_id}/remove"
    assert officer.get(remove).status_code == 200  # asks first
    assert scalar(inspector, "SELECT count(*) FROM calendar_days") == 1
    assert post(officer, remove, {"confirm": "yes"}, token_from=remove).status_code == 302
    assert scalar(inspector, "SELECT count(*) FROM calendar_days") == 0
    assert scalar(inspector, "SELECT count(*) FROM audit_events WHERE action LIKE '%calendar_day'") == 2


def test_a_school_has_no_calendar_page(clients):
    assert clients("a_curator").get("/school-a/pairs/calendar").status_code == 404  # not a page of a school
