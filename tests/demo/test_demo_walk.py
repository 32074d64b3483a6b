"""The demo as a walk starts it (app/demo/cycle.py ``walk``): «form a pair from the banks, both teachers
accept and consent…» works at once, with approved mentors who have room under the rule of
app/pairs/checks.py (the mentees of their open pairs counted), waiting mentees who can sign in, one of
them without the pair-duties consent; and the story reads as lived: the pairs, orders, petitions and
acknowledgements carry the days of the school year, consistent with the orders' signing days."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select

from app.demo import seed as demo
from tests.demo.helpers import all_rows, one_row

SCHOOL = "(SELECT id FROM organizations WHERE slug = 'school11')"
LOCAL = "Europe/Moscow"


def _walk(app):
    """The demo school and its walk (app/demo/cycle.py ``walk``)."""
    from app.core.extensions import db
    from app.demo import cycle
    from app.orgs.models import Municipality, Organization
    from tenants.switches import acting_in

    with app.app_context():
        municipality = db.session.scalars(select(Municipality).where(Municipality.slug == "shchekino")).one()
        with acting_in(municipality_id=municipality.id, reason="test: the demo school"):
            org = db.session.scalars(select(Organization).where(Organization.slug == "school11")).one()
        found = cycle.walk(org)
        db.session.remove()
    return org, found


def test_two_mentors_have_room_under_the_open_pairs_rule_and_two_mentees_wait_with_logins(app, seeded_db):
    """Point 1 of the walk: capacity minus the mentees of the open pairs (proposed, agreed, consents
    complete, active) is at least 1 for two approved mentors; two mentees wait in the bank with the
    processing consent and an account, one of them without the pair-duties consent."""
    _org, walk = _walk(app)
    assert len(walk.mentors) >= 2 and all(free >= 1 for _e, _n, free, _c in walk.mentors)
    assert len(walk.mentees) >= 2
    assert {consented for _e, _n, consented in walk.mentees} == {True, False}
    # The same, straight from the tables (the rule of check_mentor, as SQL).
    room = all_rows(seeded_db, f"""SELECT t.email, e.capacity - (SELECT count(*) FROM pair_participants me
            JOIN pairs p ON p.id = me.pair_id WHERE me.role = 'mentee' AND me.left_at IS NULL
            AND p.status IN ('draft', 'agreed', 'consents_complete', 'active') AND p.id IN (
                SELECT m.pair_id FROM pair_participants m WHERE m.teacher_id = t.id AND m.role = 'mentor'
                AND m.left_at IS NULL)) AS free
        FROM mentor_entries e JOIN teachers t ON t.id = e.teacher_id
        WHERE e.org_id = {SCHOOL} AND e.status = 'approved' AND t.user_id IS NOT NULL""")
    assert sorted(r.email for r in room if r.free >= 1) == sorted(e for e, *_ in walk.mentors)
    waiting = all_rows(seeded_db, f"""SELECT t.email, t.user_id, e.status,
            EXISTS (SELECT 1 FROM consents c WHERE c.teacher_id = t.id AND c.purpose = 'processing'
                    AND c.withdrawn_at IS NULL) AS processing,
            EXISTS (SELECT 1 FROM consents c WHERE c.teacher_id = t.id AND c.purpose = 'pair_duty'
                    AND c.withdrawn_at IS NULL) AS pair_duty
        FROM mentee_entries e JOIN teachers t ON t.id = e.teacher_id
        WHERE e.org_id = {SCHOOL} AND t.email = ANY(:emails)""", emails=[e for e, *_ in walk.mentees])
    assert len(waiting) == len(walk.mentees)
    assert all(r.user_id and r.processing and r.status in ("needs_mentor", "supported") for r in waiting)
    # A mentor who left the bank has no place counted in the walk.
    left = one_row(seeded_db, f"""SELECT t.email FROM mentor_entries e JOIN teachers t ON t.id = e.teacher_id
        WHERE e.org_id = {SCHOOL} AND e.status = 'inactive'""").email
    assert left not in {e for e, *_ in walk.mentors}


def test_the_walk_forms_both_pairs_from_the_banks_the_teachers_accept_and_consent(app, seeded_db):
    """The issue's walk through the services: the curator proposes each mentor with room to a waiting
    mentee, both accept in the app, the one without the pair-duties consent gives it in the app, the
    curator checks the consents, the director signs the order: both pairs are active."""
    from app.consents import services as ledger, texts
    from app.consents.models import Purpose
    from app.core.extensions import db
    from app.orders import services as orders
    from app.orders.models import OrderKind
    from app.pairs import services as pairs
    from app.pairs.models import PairStatus
    from app.teachers.models import Teacher
    from tenants.switches import acting_in

    org, walk = _walk(app)
    users = dict(all_rows(seeded_db, "SELECT email, id FROM users"))
    curator, director = users["curator@school11.demo"], users["director@school11.demo"]

    def act(email_or_id):
        user_id = users.get(email_or_id, email_or_id)
        return acting_in(municipality_id=org.municipality_id, org_id=org.id, user_id=user_id, reason="test: walk")

    formed = []
    with app.app_context():
        for (mentor_email, *_m), (mentee_email, _name, consented) in zip(walk.mentors, walk.mentees):
            with act(curator):
                ids = {t.email: t.id for t in db.session.scalars(select(Teacher).where(
                    Teacher.email.in_([mentor_email, mentee_email])))}
                pair = pairs.propose(ids[mentor_email], [ids[mentee_email]], "traditional")
                db.session.commit()
                formed.append((pair.id, mentee_email, consented))
            for email in (mentor_email, mentee_email):
                with act(email):
                    pairs.accept(pair.id)
                    db.session.commit()
        for pair_id, mentee_email, consented in formed:
            with act(curator):
                status = pairs.get_pair(pair_id).status
            assert status == (PairStatus.consents_complete if consented else PairStatus.agreed)
            if not consented:
                with act(mentee_email):
                    ledger.give(Purpose.pair_duty, texts.current_text(Purpose.pair_duty).id, ledger.Choices())
                    db.session.commit()
                with act(curator):
                    pairs.check_consents(pair_id)
                    db.session.commit()
        with act(curator):
            order = orders.create_draft(orders.DraftRequest(kind=OrderKind.pairs,
                                                            pair_ids=[p for p, *_ in formed])).id
            db.session.commit()
        relaxed = app.config["DEMO_RELAX_TOTP"]
        app.config["DEMO_RELAX_TOTP"] = True
        try:
            with act(director):
                orders.sign(order, "")
                db.session.commit()
        finally:
            app.config["DEMO_RELAX_TOTP"] = relaxed
        with act(curator):
            assert {pairs.get_pair(p).status for p, *_ in formed} == {PairStatus.active}
        db.session.remove()


def test_the_console_names_the_teachers_logins_and_the_walks_people(app, seeded_db):
    with app.app_context():
        lines = demo.walk_lines()
    text_ = "\n".join(lines)
    assert "teacher06…teacher45@school11.demo" in text_ and "same password" in text_
    _org, walk = _walk(app)
    for email, *_rest in [*walk.mentors, *walk.mentees]:
        assert email in text_


def test_the_story_reads_as_lived_the_times_follow_the_orders(seeded_db):
    """Point 2: pairs proposed, agreed, activated and ended on days of the school year, each step after
    the one before, the activation on its order's signing day, the end on its order's; the transitions,
    answers, petitions and acknowledgements on their days too — none stamped when the demo was loaded."""
    pairs = all_rows(seeded_db, f"""SELECT p.status, p.created_at, p.agreed_at, p.consents_complete_at, p.activated_at,
            p.ended_at, (p.activated_at AT TIME ZONE '{LOCAL}')::date AS activated_on, o.signed_on,
            (p.ended_at AT TIME ZONE '{LOCAL}')::date AS ended_on, e.signed_on AS end_signed_on
        FROM pairs p LEFT JOIN orders o ON o.id = p.order_id LEFT JOIN orders e ON e.id = p.end_order_id
        WHERE p.org_id = {SCHOOL}""")
    now = datetime.now(timezone.utc)
    for p in pairs:
        steps = [t for t in (p.created_at, p.agreed_at, p.consents_complete_at, p.activated_at, p.ended_at) if t]
        assert steps == sorted(steps), p
        assert all(t < now - timedelta(hours=1) for t in steps), p
        if p.activated_at:
            assert p.activated_on == p.signed_on, p
        if p.end_signed_on:
            assert p.ended_on == p.end_signed_on, p
    active = [p for p in pairs if p.activated_at]
    assert active and {p.created_at.date() for p in active} != {date.today()}
    # The orders: drafted before signed, signed on their day; acknowledged after.
    orders = all_rows(seeded_db, f"""SELECT o.created_at, o.signed_at, o.signed_on,
            (o.signed_at AT TIME ZONE '{LOCAL}')::date AS signed_day,
            (SELECT min(a.at) FROM order_acknowledgements a WHERE a.order_id = o.id) AS first_ack
        FROM orders o WHERE o.org_id = {SCHOOL}""")
    for o in orders:
        assert o.created_at < now - timedelta(hours=1), o
        if o.signed_at:
            assert o.created_at < o.signed_at and o.signed_day == o.signed_on, o
        if o.first_ack:
            assert o.first_ack > o.signed_at, o
    # Every transition and answer within its pair's life; the petitions' events after their filing.
    late = one_row(seeded_db, f"""SELECT
        (SELECT count(*) FROM pair_transitions t JOIN pairs p ON p.id = t.pair_id WHERE t.org_id = {SCHOOL}
           AND (t.at < p.created_at OR t.at > now() - interval '1 hour')) AS transitions,
        (SELECT count(*) FROM pair_participants pp JOIN pairs p ON p.id = pp.pair_id WHERE pp.org_id = {SCHOOL}
           AND (pp.responded_at < p.created_at OR pp.responded_at > now() - interval '1 hour'
                OR pp.joined_at > now() - interval '1 hour')) AS answers,
        (SELECT count(*) FROM petition_events e JOIN petitions p ON p.id = e.petition_id WHERE p.org_id = {SCHOOL}
           AND (e.at < p.filed_at OR e.at > now() - interval '1 hour')) AS petitions,
        (SELECT count(*) FROM order_acknowledgements a WHERE a.org_id = {SCHOOL}
           AND a.at > now() - interval '1 hour') AS acknowledgements""")
    assert tuple(late) == (0, 0, 0, 0)
