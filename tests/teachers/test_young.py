"""The young specialist (DESIGN.md §4; issue 7; Положение 2.1, 3.4: the young and beginning teachers):
derived, never typed — under 35 full years of age and at most 3 years of pedagogical experience by
default, the municipality's rule otherwise. The edges: 34 years 364 days is young, 35 is not; exactly
3 years of experience is young, 3 years and a day is not; a 29 February birthday or start counts
its years on 28 February of a common year (ГК РФ ст. 192 п. 3); unknown dates are not young."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select, text

from app.teachers.young import YoungRule, add_years
from tests.support.http import post
from tests.support.mentoring import add_teacher
from tests.teachers.helpers import names, years_ago

DEFAULT = YoungRule()
ON = date(2026, 6, 15)
EXPERIENCED_ENOUGH = date(2025, 9, 1)  # less than a year before ON: experience is no obstacle
YOUNG_ENOUGH = date(2000, 1, 1)  # 26 on ON: age is no obstacle


def test_the_default_rule_is_under_35_and_at_most_3_years():
    assert (DEFAULT.max_age, DEFAULT.max_experience_years) == (35, 3)


def test_34_years_and_364_days_old_is_young_and_the_35th_birthday_is_not():
    assert DEFAULT.is_young(date(1991, 6, 16), EXPERIENCED_ENOUGH, ON)  # 35 tomorrow
    assert not DEFAULT.is_young(date(1991, 6, 15), EXPERIENCED_ENOUGH, ON)  # 35 today
    assert not DEFAULT.is_young(date(1980, 1, 1), EXPERIENCED_ENOUGH, ON)


def test_exactly_3_years_of_experience_is_young_and_3_years_and_a_day_is_not():
    assert DEFAULT.is_young(YOUNG_ENOUGH, date(2023, 6, 15), ON)
    assert not DEFAULT.is_young(YOUNG_ENOUGH, date(2023, 6, 14), ON)
    assert DEFAULT.is_young(YOUNG_ENOUGH, ON, ON)  # started today: 0 years


def test_an_unknown_birth_date_or_experience_is_not_young():
    assert not DEFAULT.is_young(None, EXPERIENCED_ENOUGH, ON)
    assert not DEFAULT.is_young(YOUNG_ENOUGH, None, ON)
    assert not DEFAULT.is_young(None, None, ON)


def test_a_29_february_birthday_turns_35_on_28_february_of_a_common_year():
    born = date(1992, 2, 29)
    assert DEFAULT.is_young(born, date(2026, 1, 1), date(2027, 2, 27))
    assert not DEFAULT.is_young(born, date(2026, 1, 1), date(2027, 2, 28))
    assert not DEFAULT.is_young(born, date(2026, 1, 1), date(2027, 3, 1))


def test_on_29_february_a_person_born_on_28_february_35_years_before_is_no_longer_young():
    on = date(2028, 2, 29)
    assert not DEFAULT.is_young(date(1993, 2, 28), date(2027, 1, 1), on)
    assert DEFAULT.is_young(date(1993, 3, 1), date(2027, 1, 1), on)
    assert DEFAULT.cutoffs(on).born_after == date(1993, 2, 28)


def test_on_28_february_of_a_common_year_a_29_february_birthday_is_the_last_day_already_35():
    """2035-02-28: a person born on 2000-02-29 turns 35 that day, so the bound is 29 February itself."""
    on = date(2035, 2, 28)
    assert DEFAULT.cutoffs(on).born_after == date(2000, 2, 29)
    assert not DEFAULT.is_young(date(2000, 2, 29), date(2034, 1, 1), on)
    assert DEFAULT.is_young(date(2000, 3, 1), date(2034, 1, 1), on)


def test_experience_started_on_29_february_reaches_3_years_on_28_february():
    since = date(2024, 2, 29)
    assert DEFAULT.is_young(YOUNG_ENOUGH, since, date(2027, 2, 28))
    assert not DEFAULT.is_young(YOUNG_ENOUGH, since, date(2027, 3, 1))
    # On a 29 February, experience started on 28 February three years before is 3 years and a day.
    assert not DEFAULT.is_young(YOUNG_ENOUGH, date(2025, 2, 28), date(2028, 2, 29))
    assert DEFAULT.is_young(YOUNG_ENOUGH, date(2025, 3, 1), date(2028, 2, 29))
    assert DEFAULT.cutoffs(date(2028, 2, 29)).experience_from == date(2025, 3, 1)


@pytest.mark.parametrize("rule", [DEFAULT, YoungRule(40, 5), YoungRule(30, 0)], ids=str)
def test_the_cutoff_dates_agree_with_the_definition_on_every_day_of_a_leap_cycle(rule):
    day = date(2026, 12, 1)
    while day < date(2033, 3, 31):
        bounds = rule.cutoffs(day)
        for shift in range(-3, 4):
            born = bounds.born_after + timedelta(days=shift)
            assert (born > bounds.born_after) == (add_years(born, rule.max_age) > day), (day, born)
            since = bounds.experience_from + timedelta(days=shift)
            assert (since >= bounds.experience_from) == (add_years(since, rule.max_experience_years) >= day), \
                (day, since)
        day += timedelta(days=1)


def test_python_the_bound_sql_and_the_joined_sql_select_the_same_records(app, world, inspector):
    """The three forms of the rule (young.py) on records around every edge, on edge days."""
    from app.core.extensions import db
    from app.teachers import young
    from app.teachers.models import Teacher
    from tenants.switches import acting_in

    school = world.orgs["A"]
    births = [date(y, m, d) for y in (1991, 1992, 1993, 2000) for m, d in ((2, 27), (2, 28), (2, 29), (3, 1))
              if not (m == 2 and d == 29 and y % 4)]
    starts = [date(y, m, d) for y in (2023, 2024, 2025, 2032) for m, d in ((2, 27), (2, 28), (2, 29), (3, 1), (6, 15))
              if not (m == 2 and d == 29 and y % 4)]
    records = {}
    for born in births + [None]:
        for since in starts + [None]:
            records[add_teacher(app, school, "Т", "Т", None, birth_date=born, experience_since=since)] = (born, since)
    days = [date(2026, 6, 15), date(2027, 2, 27), date(2027, 2, 28), date(2027, 3, 1), date(2028, 2, 28),
            date(2028, 2, 29), date(2028, 3, 1), date(2035, 2, 28)]
    for rule, stored in ((DEFAULT, None), (YoungRule(36, 4), (36, 4))):
        if stored:
            with inspector.begin() as conn:
                conn.execute(text("INSERT INTO mentoring_rules (municipality_id, young_max_age, "
                                  "young_max_experience_years) VALUES (:m, :a, :e)"),
                             {"m": school.municipality_id, "a": stored[0], "e": stored[1]})
        with app.app_context(), acting_in(municipality_id=school.municipality_id, org_id=school.id, reason="test"):
            assert young.rule_for(school.municipality_id) == rule
            for day in days:
                python = {i for i, (born, since) in records.items() if rule.is_young(born, since, day)}
                bound = set(db.session.scalars(select(Teacher.id).where(rule.clause(day))))
                joined = set(db.session.scalars(select(Teacher.id).where(
                    young.joined_clause(school.municipality_id, day))))
                assert python == bound == joined, (rule, day)
                assert python  # the sample has young records on every edge day
            db.session.remove()


def test_changing_the_municipal_rule_re_derives_the_flag_in_its_schools_only(app, world, clients, inspector):
    """A 36-year-old with 2 years of experience is not young under 35; the department raises the age to
    40: the school's filter, card and counts say young at once; another municipality's school does not
    follow the rule of this one."""
    a, c = world.orgs["A"], world.orgs["C"]
    born, since = years_ago(app, 36), years_ago(app, 2)
    in_a = add_teacher(app, a, "Зрелова", "Ольга", "Игоревна", birth_date=born, experience_since=since)
    add_teacher(app, c, "Зрелова", "Ольга", "Игоревна", birth_date=born, experience_since=since)
    curator = clients("a_curator")

    def young_names(client, slug):
        return names(client.get(f"/{slug}/teachers/?young=yes").get_data(as_text=True))

    def counts(org):
        from app.teachers import services
        from tenants.switches import acting_in

        with app.app_context(), acting_in(municipality_id=org.municipality_id, org_id=org.id, reason="test"):
            return services.registry_counts()

    assert young_names(curator, "school-a") == [] and counts(a) == (1, 0)
    response = post(clients("d1_officer"), "/m1-uo/teachers/rules", {"max_age": "40", "max_experience_years": "3"},
                    token_from="/m1-uo/teachers/rules")
    assert response.status_code == 302
    assert young_names(curator, "school-a") == ["Зрелова Ольга Игоревна"]
    card = curator.get(f"/school-a/teachers/{in_a}").get_data(as_text=True)
    assert '<span class="tag">' in card
    assert counts(a) == (1, 1)
    assert young_names(clients("c_admin"), "school-c") == [] and counts(c) == (1, 0)
    # Back to 35: the flag goes as it came; nothing was stored on the record.
    post(clients("d1_officer"), "/m1-uo/teachers/rules", {"max_age": "35", "max_experience_years": "3"},
         token_from="/m1-uo/teachers/rules")
    assert young_names(curator, "school-a") == [] and counts(a) == (1, 0)
    with inspector.connect() as conn:
        columns = set(conn.execute(text("SELECT column_name FROM information_schema.columns "
                                        "WHERE table_name = 'teachers'")).scalars())
    assert not {c for c in columns if "young" in c}

