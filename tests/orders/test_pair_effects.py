"""The orders' effects on pairs, in the signing's transaction (Положение 6.2: pairs and groups are
approved by the director's order and only then active; 3.3: with the participants' written consents
referenced; 4.1: a mentor replaced; 7.1: a programme completed or ended early with its reason). A pair
stays inactive while its order is a draft; a refused effect leaves the order unsigned and unnumbered."""
from __future__ import annotations

import io
import uuid

import pytest
from docx import Document

from tests.banks.helpers import withdraw
from tests.orders.helpers import draft, sign_relaxed
from tests.pairs.helpers import call, load_of, mentee, mentor, rows, scalar, status_of


@pytest.fixture
def cast(app, world):
    """An approved mentor (a_teacher's record) and a mentee (a_methodist's), both with their consents,
    a second approved mentor; the pair proposed, accepted by both: consents complete."""
    from app.pairs import services

    org, people = world.orgs["A"], world.people
    m, m_entry = mentor(app, org, "Сидорова", user_id=people["a_teacher"].id)
    m2, m2_entry = mentor(app, org, "Орлова")
    e, _e_entry = mentee(app, org, "Петров", user_id=people["a_methodist"].id)
    pair_id = call(app, org, services.propose, m, [e], "traditional", user_id=people["a_curator"].id)
    assert isinstance(pair_id, uuid.UUID), pair_id
    for user in ("a_teacher", "a_methodist"):
        assert call(app, org, services.accept, pair_id, user_id=people[user].id) == pair_id
    return dict(org=org, pair=pair_id, mentor=m, mentor_entry=m_entry, mentor2=m2, mentor2_entry=m2_entry, mentee=e)


def test_a_pair_becomes_active_only_when_its_order_is_signed(app, world, clients, cast, inspector):
    """Положение 6.2, 3.3: the assignment order references the participants' consents; the pair stays
    in «consents complete» while the order is a draft and is active, linked to the order, once signed."""
    assert status_of(inspector, cast["pair"]) == "consents_complete"
    order_id = draft(app, world, "pairs", pair_ids=[cast["pair"]])
    assert status_of(inspector, cast["pair"]) == "consents_complete"
    docx = clients("a_curator").get(f"/school-a/orders/{order_id}/docx").data
    text = "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
    assert "Закрепить" in text and "Сидорова Наставник" in text and "Петров Подопечный" in text
    assert text.count("письменное согласие от") == 2
    sign_relaxed(app, world, order_id)
    (status, pair_order, activated), = rows(inspector, "SELECT status, order_id, activated_at FROM pairs WHERE id = :p",
                                            p=cast["pair"])
    assert status == "active" and pair_order == order_id and activated is not None
    assert load_of(inspector, cast["mentor_entry"]) == 1
    assert scalar(inspector, "SELECT order_id FROM pair_transitions WHERE pair_id = :p AND to_status = 'active'",
                  p=cast["pair"]) == order_id


def test_only_pairs_with_their_consents_complete_go_into_an_assignment_order(app, world, cast, inspector):
    from app.core.errors import ServiceError
    from app.pairs import services

    org, people = cast["org"], world.people
    other_mentee, _ = mentee(app, org, "Иванов")
    proposed = call(app, org, services.propose, cast["mentor2"], [other_mentee], "traditional",
                    user_id=people["a_curator"].id)
    with pytest.raises(ServiceError):
        draft(app, world, "pairs", pair_ids=[proposed])
    assert scalar(inspector, "SELECT count(*) FROM orders") == 0


def test_a_consent_withdrawn_before_signing_refuses_the_signing_whole(app, world, cast, inspector):
    """Положение 3.3: the activation checks the consents again; a refusal rolls the signing back — the
    order stays a draft and takes no number, the pair stays inactive."""
    from app.core.errors import ServiceError

    order_id = draft(app, world, "pairs", pair_ids=[cast["pair"]])
    withdraw(inspector, cast["mentee"], "pair_duty")
    with pytest.raises(ServiceError):
        sign_relaxed(app, world, order_id)
    assert scalar(inspector, "SELECT status FROM orders WHERE id = :o", o=order_id) == "draft"
    assert scalar(inspector, "SELECT count(*) FROM order_counters") == 0
    assert status_of(inspector, cast["pair"]) == "consents_complete"


def test_a_replacement_order_replaces_the_mentor_and_an_early_end_order_ends_the_pair(app, world, cast, inspector):
    """Положение 4.1 (the mentor replaced under an order, the old one keeps their row) and 7.1 (ended
    early, the reason and the order recorded)."""
    sign_relaxed(app, world, draft(app, world, "pairs", pair_ids=[cast["pair"]]))
    replacement = draft(app, world, "replace_mentor", pair_id=cast["pair"], new_mentor_id=cast["mentor2"])
    sign_relaxed(app, world, replacement)
    current = rows(inspector, "SELECT teacher_id FROM pair_participants WHERE pair_id = :p AND role = 'mentor' "
                              "AND left_at IS NULL", p=cast["pair"])
    assert current == [(cast["mentor2"],)]
    assert load_of(inspector, cast["mentor_entry"]) == 0 and load_of(inspector, cast["mentor2_entry"]) == 1
    from app.core.errors import ServiceError

    with pytest.raises(ServiceError):
        draft(app, world, "early_end", pair_id=cast["pair"], reason="mutual")  # the valid reason is stated
    ending = draft(app, world, "early_end", pair_id=cast["pair"], reason="mutual", note="Переезд наставляемого")
    sign_relaxed(app, world, ending)
    (status, reason, note, end_order), = rows(
        inspector, "SELECT status, end_reason, end_note, end_order_id FROM pairs WHERE id = :p", p=cast["pair"])
    assert (status, reason, note, end_order) == ("ended_early", "mutual", "Переезд наставляемого", ending)


def test_a_completion_order_completes_the_pair(app, world, cast, inspector):
    """Положение 7.1: the plan fulfilled in full."""
    sign_relaxed(app, world, draft(app, world, "pairs", pair_ids=[cast["pair"]]))
    completion = draft(app, world, "completion", pair_id=cast["pair"])
    sign_relaxed(app, world, completion)
    assert rows(inspector, "SELECT status, end_reason, end_order_id FROM pairs WHERE id = :p", p=cast["pair"]) == [
        ("completed", "plan_completed", completion)]


def test_a_granted_petition_is_executed_by_its_order_with_the_pairs_history_kept(app, world, cast, inspector):
    """Положение 5.1: the mentee asks to replace the mentor; the curator proposes a mentor, the director
    grants, and the order drafted from the petition replaces the mentor when it is signed — the petition
    executed under that order, the old mentor's row kept (issue 8, «Petitions»)."""
    from app.pairs import petitions

    org, people = cast["org"], world.people
    sign_relaxed(app, world, draft(app, world, "pairs", pair_ids=[cast["pair"]]))
    petition = call(app, org, petitions.file, cast["pair"], petitions.PetitionKind.replace_mentor,
                    "Не совпадают графики", user_id=people["a_methodist"].id)
    assert isinstance(petition, uuid.UUID), petition
    assert call(app, org, petitions.review, petition, "Предлагаю Орлову", cast["mentor2"],
                user_id=people["a_curator"].id) == petition
    assert call(app, org, petitions.decide, petition, True, "Удовлетворить",
                user_id=people["a_director"].id) == petition
    order_id = draft(app, world, "curator", petition_id=petition)  # the petition decides the kind
    assert scalar(inspector, "SELECT kind FROM orders WHERE id = :o", o=order_id) == "replace_mentor"
    assert status_of(inspector, cast["pair"]) == "active"
    sign_relaxed(app, world, order_id)
    assert rows(inspector, "SELECT teacher_id, left_at IS NULL FROM pair_participants WHERE pair_id = :p "
                           "AND role = 'mentor' ORDER BY joined_at", p=cast["pair"]) == [
        (cast["mentor"], False), (cast["mentor2"], True)]
    assert rows(inspector, "SELECT status, order_id FROM petitions WHERE id = :i", i=petition) == [
        ("executed", order_id)]


def test_the_pairs_page_leads_to_its_order_and_its_programme(app, world, clients, cast):
    """Положение 6.2 and 1.2: an active pair shows the order that approved it and its programme (or the
    way to draw it up)."""
    from tests.programmes.helpers import add_programme

    order_id = draft(app, world, "pairs", pair_ids=[cast["pair"]])
    sign_relaxed(app, world, order_id)
    curator = clients("a_curator")
    page = f"/school-a/pairs/{cast['pair']}"
    html = curator.get(page).get_data(as_text=True)
    assert f"/school-a/orders/{order_id}" in html and f"/school-a/programmes/new/{cast['pair']}" in html
    programme_id, _activities = add_programme(app, cast["org"], cast["pair"])
    html = curator.get(page).get_data(as_text=True)
    assert f"/school-a/programmes/{programme_id}" in html and "/programmes/new/" not in html


def _agreed_extension(app, org, programme_id, ends_on):
    """A second revision of the programme: an extension both sides agreed and the curator approved."""
    from app.core.extensions import db
    from app.programmes import services
    from app.programmes.models import Programme, Revision
    from tenants.switches import acting_in

    with app.app_context(), acting_in(municipality_id=org.municipality_id, org_id=org.id, reason="test factory"):
        programme = db.session.get(Programme, programme_id)
        snapshot = services.snapshot(programme, services.plan(programme_id))
        programme.ends_on = ends_on
        db.session.add(Revision(id=uuid.uuid4(), programme_id=programme_id, number=2, kind="extension",
                                status="approved", reason="Открытый урок в июне", confirmed_at=services.utcnow(),
                                decided_at=services.utcnow(), snapshot={**snapshot, "ends_on": ends_on.isoformat()}))
        db.session.commit()
        db.session.remove()


def test_an_extension_order_states_the_term_the_participants_agreed_and_is_signed_once(app, world, cast, inspector):
    """Положение 7.2: the term is extended by mutual agreement (a revision proposed, confirmed and
    approved); the order states that revision's end date, refuses another date, and is not signed twice."""
    from datetime import date

    from app.core.errors import ServiceError
    from tests.programmes.helpers import add_programme

    programme_id, _ = add_programme(app, cast["org"], cast["pair"])
    with pytest.raises(ServiceError) as refused:
        draft(app, world, "extension", pair_id=cast["pair"])
    assert refused.value.field == "pair_id"
    _agreed_extension(app, cast["org"], programme_id, date(2027, 8, 31))
    with pytest.raises(ServiceError) as wrong_day:
        draft(app, world, "extension", pair_id=cast["pair"], until=date(2027, 9, 30))
    assert wrong_day.value.field == "until"
    order_id = draft(app, world, "extension", pair_id=cast["pair"])
    (refs, items), = rows(inspector, "SELECT refs, items FROM orders WHERE id = :o", o=order_id)
    revision = scalar(inspector, "SELECT id FROM programme_revisions WHERE kind = 'extension'")
    assert refs["until"] == "2027-08-31" and refs["revision"] == str(revision)
    assert "31.08.2027" in items[0]["text"]
    sign_relaxed(app, world, order_id)
    with pytest.raises(ServiceError):
        draft(app, world, "extension", pair_id=cast["pair"])
    assert scalar(inspector, "SELECT count(*) FROM orders WHERE kind = 'extension'") == 1
