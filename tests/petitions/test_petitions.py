"""Petitions (Положение 4.1, 5.1; ТК РФ ст. 351.8): only a participant of an active pair files one, of
the kind of their role; one open petition of a kind per person and pair; the mentor's release carries the
third working day of the notice; the curator reviews with a new mentor from the approved ones with free
capacity; the director grants or refuses with a reason; every step kept, nothing deleted."""
from __future__ import annotations

import uuid
from datetime import date
from unittest import mock  # only the clock (today) is set; the database is real

import pytest

from tests.banks.helpers import in_scope, rows, scalar
from tests.petitions.helpers import active_pair, add_calendar_day, approved_mentor
from tests.support.http import post

MINE = "/school-a/pairs/petitions/my"


def _file(client, pair_id, reason="Не сложились рабочие отношения"):
    return post(client, MINE, {"pair": str(pair_id), "reason": reason}, token_from=MINE)


def test_the_mentee_files_a_replacement_and_sees_its_status(app, world, clients, inspector):
    """Положение 5.1: the mentee may ask to replace the mentor; the petition is filed in the app."""
    pair = active_pair(app, world)
    mentee = clients("a_methodist")
    assert _file(mentee, pair.pair_id).status_code == 302
    petition = rows(inspector, "SELECT kind, status, filed_by_teacher_id, notice_ends_on FROM petitions")
    assert petition == [("replace_mentor", "filed", pair.mentee_id, None)]
    assert 'data-status="filed"' in mentee.get(MINE).get_data(as_text=True)
    assert scalar(inspector, "SELECT count(*) FROM petition_events WHERE status = 'filed'") == 1
    assert scalar(inspector, "SELECT count(*) FROM audit_events WHERE action = 'file_petition'") == 1


def test_the_mentors_release_ends_after_three_working_days_counted_by_the_calendar(app, world):
    """Положение 4.1, ТК РФ ст. 351.8: the mentor's notice runs three working days of the municipality's
    calendar — across a weekend, and across the municipality's own day off."""
    from app.pairs import petitions
    from app.pairs.petitions import PetitionKind

    pair = active_pair(app, world)
    add_calendar_day(app, world.orgs["D1"], date(2026, 10, 16), False, "Региональный праздник")
    with in_scope(app, world.orgs["A"], world.people["a_teacher"].id), \
            mock.patch("app.pairs.petitions.today", return_value=date(2026, 10, 15)):
        from app.core.extensions import db

        petition = petitions.file(pair.pair_id, PetitionKind.release, "Перевожусь в другую школу")
        assert petition.filed_on == date(2026, 10, 15)
        # Friday 16 is the municipality's day off: Monday 19, Tuesday 20, Wednesday 21.
        assert petition.notice_ends_on == date(2026, 10, 21)
        db.session.rollback()


def test_only_a_participant_of_an_active_pair_files(app, world, clients, inspector):
    """Положение 4.1, 5.1: the participants of the pair petition; a pair not active takes none; a teacher
    outside the pair is refused, nothing is written."""
    from app.pairs import petitions
    from app.pairs.petitions import PetitionKind
    from app.core.errors import ServiceError

    draft = active_pair(app, world, status="draft")
    outsider = clients("a_admin")
    from tests.support.mentoring import add_world_teacher

    add_world_teacher(app, world, "a_admin", "A")
    for person, pair_id, kind in (("a_methodist", draft.pair_id, PetitionKind.replace_mentor),
                                  ("a_admin", draft.pair_id, PetitionKind.replace_mentor),
                                  ("a_methodist", uuid.uuid4(), PetitionKind.replace_mentor)):
        with in_scope(app, world.orgs["A"], world.people[person].id):
            with pytest.raises(ServiceError):
                petitions.file(pair_id, kind, "Причина")
    assert outsider.get(MINE).status_code == 200  # no active pair: nothing to choose
    assert _file(outsider, draft.pair_id).status_code == 400
    assert scalar(inspector, "SELECT count(*) FROM petitions") == 0


def test_the_kind_follows_the_role_in_the_pair(app, world):
    """Положение 4.1 is the mentor's petition, 5.1 the mentee's: the mentee cannot ask for a release."""
    from app.core.errors import ServiceError
    from app.pairs import petitions
    from app.pairs.petitions import PetitionKind

    pair = active_pair(app, world)
    with in_scope(app, world.orgs["A"], world.people["a_methodist"].id):
        with pytest.raises(ServiceError):
            petitions.file(pair.pair_id, PetitionKind.release, "Причина")
    with in_scope(app, world.orgs["A"], world.people["a_teacher"].id):
        with pytest.raises(ServiceError):
            petitions.file(pair.pair_id, PetitionKind.replace_mentor, "Причина")


def test_one_open_petition_of_a_kind_per_person_and_pair(app, world, clients, inspector):
    """A second petition of the same kind waits until the first is decided; the database's partial
    unique index holds the rule even past the service."""
    from sqlalchemy.exc import IntegrityError

    pair = active_pair(app, world)
    mentee = clients("a_methodist")
    assert _file(mentee, pair.pair_id).status_code == 302
    assert _file(mentee, pair.pair_id, "Ещё раз").status_code == 400
    assert scalar(inspector, "SELECT count(*) FROM petitions") == 1
    with pytest.raises(IntegrityError):
        with inspector.begin() as conn:
            from sqlalchemy import text

            conn.execute(text("INSERT INTO petitions (id, municipality_id, org_id, pair_id, kind, filed_by_teacher_id, "
                              "reason, filed_on) SELECT gen_random_uuid(), municipality_id, org_id, pair_id, kind, "
                              "filed_by_teacher_id, 'x', filed_on FROM petitions"))


def _reviewed(app, world, clients, release=False):
    pair = active_pair(app, world)
    new_mentor = approved_mentor(app, world.orgs["A"])
    person = "a_teacher" if release else "a_methodist"
    assert _file(clients(person), pair.pair_id).status_code == 302
    return pair, new_mentor


def _petition_id(inspector):
    return scalar(inspector, "SELECT id FROM petitions")


def test_the_curator_proposes_an_approved_mentor_with_free_capacity(app, world, clients, inspector):
    """Положение 3.2, 3.5, 5.1: the curator reviews and proposes the new mentor among the approved
    mentors with free capacity who are not in the pair; a full mentor is not offered and refused."""
    pair, new_mentor = _reviewed(app, world, clients)
    full = approved_mentor(app, world.orgs["A"], "Полная", capacity=1, load=1)
    petition_id = _petition_id(inspector)
    curator = clients("a_curator")
    path = f"/school-a/pairs/petitions/{petition_id}/review"
    page = curator.get(path).get_data(as_text=True)
    assert f'value="{new_mentor}"' in page and f'value="{full}"' not in page
    assert f'value="{pair.mentor_id}"' not in page
    refused = post(curator, path, {"mentor": str(full), "note": "Предлагаю"}, token_from=path)
    assert refused.status_code == 400
    assert scalar(inspector, "SELECT status FROM petitions") == "filed"
    assert post(curator, path, {"mentor": str(new_mentor), "note": "Предлагаю Смирнову"},
                token_from=path).status_code == 302
    assert rows(inspector, "SELECT status, proposed_mentor_id FROM petitions") == [("reviewed", new_mentor)]


def test_the_director_decides_with_a_reason_and_the_steps_are_kept(app, world, clients, inspector):
    """Положение 3.3: the director decides; a decision before the curator's review is refused; each
    step keeps who, when and why; the petition's filed columns cannot be changed by the app role."""
    pair, new_mentor = _reviewed(app, world, clients)
    petition_id = _petition_id(inspector)
    director = clients("a_director")
    decide = f"/school-a/pairs/petitions/{petition_id}/decide"
    assert post(director, decide, {"decision": "grant", "reason": "Согласен"}, token_from=decide).status_code == 400
    review = f"/school-a/pairs/petitions/{petition_id}/review"
    post(clients("a_curator"), review, {"mentor": str(new_mentor), "note": "Предлагаю"}, token_from=review)
    queue = director.get("/school-a/pairs/petitions/decisions").get_data(as_text=True)
    assert decide in queue
    assert post(director, decide, {"decision": "grant", "reason": ""}, token_from=decide).status_code == 400
    assert post(director, decide, {"decision": "grant", "reason": "Уважительная причина"},
                token_from=decide).status_code == 302
    assert scalar(inspector, "SELECT status FROM petitions") == "granted"
    assert decide not in director.get("/school-a/pairs/petitions/decisions").get_data(as_text=True)
    steps = rows(inspector, "SELECT status, by_id FROM petition_events ORDER BY at")
    assert steps == [("filed", world.people["a_methodist"].id), ("reviewed", world.people["a_curator"].id),
                     ("granted", world.people["a_director"].id)]
    # Decided once: a second decision is refused.
    assert post(director, decide, {"decision": "refuse", "reason": "Передумал"}, token_from=decide).status_code == 400


def test_the_petitions_history_and_filed_words_are_never_rewritten(app, world, clients, app_engine):
    """The app role cannot delete a petition, change what was filed, or change a step of its history."""
    from sqlalchemy import text
    from sqlalchemy.exc import ProgrammingError

    pair = active_pair(app, world)
    _file(clients("a_methodist"), pair.pair_id)
    for sql in ("DELETE FROM petitions", "UPDATE petitions SET reason = 'другое'",
                "UPDATE petition_events SET note = 'другое'", "DELETE FROM petition_events"):
        with pytest.raises(ProgrammingError):
            with app_engine.begin() as conn:
                conn.execute(text(f"SELECT set_config('app.org_id', '{world.orgs['A'].id}', true), "
                                  f"set_config('app.municipality_id', '{world.orgs['A'].municipality_id}', true)"))
                conn.execute(text(sql))


def test_a_refused_petition_frees_the_person_to_file_again(app, world, clients, inspector):
    from app.pairs import petitions

    pair, new_mentor = _reviewed(app, world, clients)
    petition_id = _petition_id(inspector)
    with in_scope(app, world.orgs["A"], world.people["a_curator"].id):
        from app.core.extensions import db

        petitions.review(petition_id, "Предлагаю", new_mentor)
        db.session.commit()
    with in_scope(app, world.orgs["A"], world.people["a_director"].id):
        petitions.decide(petition_id, False, "Причина не уважительная")
        db.session.commit()
    assert 'data-status="refused"' in clients("a_methodist").get(MINE).get_data(as_text=True)
    assert _file(clients("a_methodist"), pair.pair_id, "Прошу снова").status_code == 302
    assert scalar(inspector, "SELECT count(*) FROM petitions") == 2


def test_apply_decision_executes_only_a_granted_petition(app, world, clients, inspector):
    """The decision is an order (issue 8): the orders' signing executes a granted petition only."""
    from app.core.errors import ServiceError
    from app.pairs import petitions

    pair, _ = _reviewed(app, world, clients)
    with in_scope(app, world.orgs["A"], world.people["a_director"].id):
        with pytest.raises(ServiceError):
            petitions.apply_decision(_petition_id(inspector), uuid.uuid4())
    assert scalar(inspector, "SELECT status FROM petitions") == "filed"


@pytest.mark.parametrize("person,path", [("a_teacher", "/school-a/pairs/petitions"),
                                         ("a_curator", "/school-a/pairs/petitions/decisions"),
                                         ("a_methodist", "/school-a/pairs/petitions/decisions")])
def test_who_reads_which_petition_page(clients, person, path):
    """The list is the curator's and the director's (Положение 3.3, 3.5); the queue the director's."""
    assert clients(person).get(path).status_code == 403
