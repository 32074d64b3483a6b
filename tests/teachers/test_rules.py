"""The municipality's young-specialist rule (DESIGN.md §4: "rule configurable per municipality"; issue
7: both numbers are a setting of the municipality): set by the education department's officer on its
page, validated, audited; the database admits the write only in the department's scope, while every
school of the municipality reads it."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import text

from tests.support.http import post
from tests.teachers.helpers import errors


def _rule(inspector, municipality_id):
    with inspector.connect() as conn:
        return conn.execute(text("SELECT young_max_age, young_max_experience_years, updated_by_id FROM mentoring_rules "
                                 "WHERE municipality_id = :m"), {"m": municipality_id}).one_or_none()


def test_the_department_sets_the_rule_of_its_municipality_and_the_change_is_audited(app, world, clients, inspector):
    officer = clients("d1_officer")
    page = officer.get("/m1-uo/teachers/rules").get_data(as_text=True)
    assert 'value="35"' in page and 'value="3"' in page  # the defaults, until it sets its own
    response = post(officer, "/m1-uo/teachers/rules", {"max_age": "36", "max_experience_years": "5"},
                    token_from="/m1-uo/teachers/rules")
    assert response.status_code == 302
    assert tuple(_rule(inspector, world.municipalities["M1"])) == (36, 5, world.people["d1_officer"].id)
    assert _rule(inspector, world.municipalities["M2"]) is None
    with inspector.connect() as conn:
        (event,) = conn.execute(text("SELECT * FROM audit_events WHERE object_type = 'mentoring_rules'")).mappings()
    assert event["org_id"] == world.orgs["D1"].id
    assert event["details"] == {"before": {"young_max_age": 35, "young_max_experience_years": 3},
                                "after": {"young_max_age": 36, "young_max_experience_years": 5}}
    post(officer, "/m1-uo/teachers/rules", {"max_age": "36", "max_experience_years": "5"},
         token_from="/m1-uo/teachers/rules")
    with inspector.connect() as conn:  # the same numbers again are no change
        assert conn.execute(text(
            "SELECT count(*) FROM audit_events WHERE object_type = 'mentoring_rules'")).scalar() == 1


@pytest.mark.parametrize("data", [{"max_age": "17", "max_experience_years": "3"},
                                  {"max_age": "71", "max_experience_years": "3"},
                                  {"max_age": "35", "max_experience_years": "16"},
                                  {"max_age": "35", "max_experience_years": "-1"},
                                  {"max_age": "тридцать", "max_experience_years": "3"},
                                  {"max_age": "", "max_experience_years": "3"},
                                  {"max_age": "35.5", "max_experience_years": "3"}])
def test_a_rule_outside_its_bounds_is_refused_in_words_and_nothing_changes(data, app, world, clients, inspector):
    response = post(clients("d1_officer"), "/m1-uo/teachers/rules", data, token_from="/m1-uo/teachers/rules")
    assert response.status_code == 400 and errors(response.get_data(as_text=True))
    assert _rule(inspector, world.municipalities["M1"]) is None


def test_schools_read_the_rule_and_see_it_on_the_registry(app, world, clients):
    post(clients("d1_officer"), "/m1-uo/teachers/rules", {"max_age": "38", "max_experience_years": "4"},
         token_from="/m1-uo/teachers/rules")
    def rule_on(client, slug):
        page = client.get(f"/{slug}/teachers/").get_data(as_text=True)
        return re.search(r'id="young-rule">[^<]*?(\d+)[^<]*?(\d+)', page).groups()

    assert rule_on(clients("a_curator"), "school-a") == ("38", "4")
    assert rule_on(clients("c_admin"), "school-c") == ("35", "3")


def _scope(conn, org):
    conn.execute(text("SELECT set_config('app.org_id', :o, true), set_config('app.municipality_id', :m, true)"),
                 {"o": str(org.id), "m": str(org.municipality_id)})


def test_a_schools_scope_reads_the_rule_but_cannot_write_it_raw_sql_as_the_app_role(world, app_engine):
    """Policies mentoring_rules_read / _insert / _update (migration 0010): the department writes, the
    schools of its municipality read, another municipality sees nothing."""
    a, d1, c = world.orgs["A"], world.orgs["D1"], world.orgs["C"]
    insert = text("INSERT INTO mentoring_rules (municipality_id, young_max_age, young_max_experience_years) "
                  "VALUES (:m, 40, 5)")
    with app_engine.connect() as conn:
        trans = conn.begin()
        _scope(conn, a)
        with pytest.raises(Exception, match="row-level security"):
            conn.execute(insert, {"m": a.municipality_id})
        trans.rollback()
        with conn.begin():
            _scope(conn, d1)
            conn.execute(insert, {"m": d1.municipality_id})
        with conn.begin():
            _scope(conn, a)
            assert conn.execute(text("SELECT young_max_age FROM mentoring_rules")).scalars().all() == [40]
        trans = conn.begin()
        _scope(conn, a)
        with pytest.raises(Exception, match="row-level security"):
            conn.execute(text("UPDATE mentoring_rules SET young_max_age = 50"))
        trans.rollback()
        with conn.begin():
            _scope(conn, c)
            assert conn.execute(text("SELECT count(*) FROM mentoring_rules")).scalar_one() == 0
        with conn.begin():
            _scope(conn, a)
            assert conn.execute(text("SELECT young_max_age FROM mentoring_rules")).scalar_one() == 40
