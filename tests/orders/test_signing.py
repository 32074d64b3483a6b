"""Signing an order: only the director, with a fresh code of the second factor (a wrong or reused code
refused, nothing changes); the number allocated at signing without gaps or duplicates under concurrency;
a signed order frozen (the service refuses, the database refuses the app role's UPDATE and DELETE); the
effects in the signing's transaction (Положение 3.2: the mentors appointed by the order)."""
from __future__ import annotations

import threading
import time
from datetime import date

import pyotp
import pytest
from sqlalchemy import text

from tests.banks.helpers import add_entry, consenting_teacher, rows, scalar
from tests.orders.helpers import as_member, draft, sign_relaxed
from tests.support.http import post, totp_code
from tests.support.mentoring import add_teacher


def _curator_draft(app, world) -> object:
    teacher_id = add_teacher(app, world.orgs["A"], "Шишкина", "Елена", "Александровна")
    return draft(app, world, "curator", teacher_id=teacher_id)


def test_signing_needs_a_fresh_code_a_wrong_or_reused_one_is_refused(app, world, clients, inspector):
    """The director signs with a fresh code of the second factor: a wrong code and the code already used at
    sign-in are refused in Russian and nothing is signed; a fresh code signs, dates and numbers the order."""
    order_id = _curator_draft(app, world)
    director = clients("a_director")
    path = f"/school-a/orders/{order_id}/sign"
    page = director.get(path).get_data(as_text=True)
    assert 'name="code"' in page and "Шишкина Елена Александровна" in page
    person = world.people["a_director"]
    wrong = post(director, path, {"code": "000000"}, token_from=path)
    assert wrong.status_code == 400 and "Код неверен или уже использован." in wrong.get_data(as_text=True)
    last = scalar(inspector, "SELECT totp_last_step FROM users WHERE id = :u", u=person.id)
    reused = post(director, path, {"code": pyotp.TOTP(person.totp_secret).at(last * 30)}, token_from=path)
    assert reused.status_code == 400 and "Код неверен или уже использован." in reused.get_data(as_text=True)
    assert scalar(inspector, "SELECT status FROM orders WHERE id = :o", o=order_id) == "draft"
    assert scalar(inspector, "SELECT count(*) FROM order_counters") == 0
    signed = post(director, path, {"code": totp_code(app, person)}, token_from=path)
    assert signed.status_code == 302
    (status, number, signed_on, by), = rows(inspector, "SELECT status, number, signed_on, signed_by_id FROM orders")
    assert (status, number, signed_on, by) == ("signed", "1 – А", date.today(), person.id)
    assert scalar(inspector, "SELECT count(*) FROM audit_events WHERE action = 'sign_order'") == 1


def test_where_the_demo_relaxes_the_second_factor_the_page_says_a_code_would_be_asked(app, world, clients):
    order_id = _curator_draft(app, world)
    app.config["DEMO_RELAX_TOTP"] = True
    try:
        director = clients("a_director")
        path = f"/school-a/orders/{order_id}/sign"
        page = director.get(path).get_data(as_text=True)
        assert 'data-relaxed="yes"' in page and 'name="code"' not in page
        assert post(director, path, {}, token_from=path).status_code == 302
    finally:
        app.config["DEMO_RELAX_TOTP"] = False


def test_only_the_director_signs(app, world, clients, inspector):
    """Положение 3.2, 6.2: orders are the director's. The curator's page is refused by the access
    registry, and the service refuses the curator too."""
    from app.core.errors import ServiceError
    from app.orders import services

    order_id = _curator_draft(app, world)
    assert clients("a_curator").get(f"/school-a/orders/{order_id}/sign").status_code == 403
    app.config["DEMO_RELAX_TOTP"] = True
    try:
        with as_member(app, world.orgs["A"], world.people["a_curator"].id):
            with pytest.raises(ServiceError):
                services.sign(order_id, "")
    finally:
        app.config["DEMO_RELAX_TOTP"] = False
    assert scalar(inspector, "SELECT status FROM orders") == "draft"


def test_a_signed_order_is_never_edited_by_the_service_nor_the_page(app, world, clients, inspector):
    from app.core.errors import ServiceError
    from app.orders import services

    order_id = _curator_draft(app, world)
    sign_relaxed(app, world, order_id)
    with as_member(app, world.orgs["A"], world.people["a_curator"].id):
        with pytest.raises(ServiceError):
            services.edit_draft(order_id, services.DraftText("О другом", "Основания", [{"lead": "Сделать",
                                                                                         "text": "иное."}]))
    curator = clients("a_curator")
    path = f"/school-a/orders/{order_id}/edit"
    response = post(curator, path, {"title": "О другом", "preamble": "x", "items": "Сделать иное."},
                    token_from=f"/school-a/orders/{order_id}")
    assert response.status_code == 302
    assert scalar(inspector, "SELECT title FROM orders") == "О назначении куратора реализации программ наставничества"


def test_the_database_refuses_the_app_role_an_update_or_delete_of_a_signed_order(app, world):
    """Even a statement written by hand as the app role cannot change a signed order, its people, or
    delete it (the trigger of 0017_orders and the grants)."""
    from sqlalchemy.exc import DBAPIError

    from app.core.extensions import db

    order_id = _curator_draft(app, world)
    other = _curator_draft(app, world)
    sign_relaxed(app, world, order_id)
    statements = ["UPDATE orders SET title = 'О подмене' WHERE id = :o",
                  "UPDATE orders SET status = 'draft', number = NULL WHERE id = :o",
                  "DELETE FROM orders WHERE id = :o",
                  "UPDATE order_people SET name = 'Подменный' WHERE order_id = :o",
                  "DELETE FROM order_people WHERE order_id = :o"]
    for statement in statements:
        with as_member(app, world.orgs["A"], world.people["a_curator"].id):
            assert db.session.execute(text("SELECT current_user")).scalar() != "postgres"
            with pytest.raises(DBAPIError):
                db.session.execute(text(statement), {"o": order_id})
                db.session.flush()
            db.session.rollback()
    with as_member(app, world.orgs["A"], world.people["a_curator"].id):  # a draft stays editable
        assert db.session.execute(text("UPDATE orders SET title = 'О другом' WHERE id = :o"), {"o": other}).rowcount == 1
        db.session.rollback()


def test_signing_approves_the_mentors_in_the_same_transaction_and_a_refusal_takes_no_number(app, world, inspector):
    """Положение 3.2: a mentor is appointed by the director's order with their written consent. The order's
    effect runs in the signing's transaction: the entries are approved and linked to the order; when one
    cannot be approved (no legal basis, ТК РФ ст. 351.8), nothing is signed and no number is taken."""
    from app.core.errors import ServiceError

    org = world.orgs["A"]
    ready = consenting_teacher(app, world, "a_teacher", purposes=("processing", "mentor_duty"))
    lacking = consenting_teacher(app, world, "a_methodist", purposes=("processing", "mentor_duty"))
    ready_entry = add_entry(app, org, "mentor", ready, basis="job_description", job_description_ref="ДИ п. 3")
    lacking_entry = add_entry(app, org, "mentor", lacking)
    refused = draft(app, world, "mentor_bank", entry_ids=[ready_entry, lacking_entry])
    with pytest.raises(ServiceError):
        sign_relaxed(app, world, refused)
    assert scalar(inspector, "SELECT status FROM orders WHERE id = :o", o=refused) == "draft"
    assert scalar(inspector, "SELECT count(*) FROM order_counters") == 0
    assert scalar(inspector, "SELECT status FROM mentor_entries WHERE id = :e", e=ready_entry) == "candidate"

    order_id = draft(app, world, "mentor_bank", entry_ids=[ready_entry])
    number = sign_relaxed(app, world, order_id, today=date(2026, 3, 24))
    assert number == "1 – А"
    (status, order_ref, approval_order_id), = rows(
        inspector, "SELECT status, approval_order_ref, approval_order_id FROM mentor_entries WHERE id = :e",
        e=ready_entry)
    assert status == "approved" and approval_order_id == order_id
    assert order_ref == "приказ от 24.03.2026 № 1 – А"


def test_a_candidate_without_the_written_consent_is_not_put_in_an_order(app, world, inspector):
    """Положение 3.2: the written consent is referenced by the order; without it the draft is refused."""
    from app.core.errors import ServiceError

    teacher_id = consenting_teacher(app, world, "a_teacher")
    entry = add_entry(app, world.orgs["A"], "mentor", teacher_id, basis="job_description", job_description_ref="ДИ")
    with pytest.raises(ServiceError):
        draft(app, world, "mentor_bank", entry_ids=[entry])
    assert scalar(inspector, "SELECT count(*) FROM orders") == 0


def test_two_concurrent_signings_take_consecutive_numbers_and_a_rolled_back_one_leaves_no_gap(app, world, inspector):
    """The registry's numbers per school and year: two signings at once on two real connections — the
    second waits on the counter row's lock; the first rolls back, so the second takes № 1; the next
    signing takes № 2 (no gap, no duplicate)."""
    from app.core.extensions import db
    from app.orders import services

    first, second, third = (_curator_draft(app, world) for _ in range(3))
    allocated, release, done = threading.Event(), threading.Event(), threading.Event()
    numbers, errors = {}, []
    app.config["DEMO_RELAX_TOTP"] = True

    def sign_and_hold():
        try:
            with as_member(app, world.orgs["A"], world.people["a_director"].id):
                numbers["first"] = services.sign(first, "").number
                allocated.set()
                release.wait(10)
                db.session.rollback()
                db.session.remove()
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
            allocated.set()

    def sign_second():
        try:
            with as_member(app, world.orgs["A"], world.people["a_director"].id):
                numbers["second"] = services.sign(second, "").number
                db.session.commit()
                db.session.remove()
        except Exception as error:  # pragma: no cover
            errors.append(error)
        done.set()

    try:
        holder = threading.Thread(target=sign_and_hold)
        holder.start()
        assert allocated.wait(10)
        waiter = threading.Thread(target=sign_second)
        waiter.start()
        time.sleep(0.5)
        assert not done.is_set(), "the second signing waits on the counter row's lock"
        release.set()
        holder.join(10)
        waiter.join(10)
        assert not errors, errors
        assert numbers == {"first": "1 – А", "second": "1 – А"}
        assert sign_relaxed(app, world, third) == "2 – А"
    finally:
        app.config["DEMO_RELAX_TOTP"] = False
    assert rows(inspector, "SELECT seq, status FROM orders WHERE status = 'signed' ORDER BY seq") == [
        (1, "signed"), (2, "signed")]
    assert scalar(inspector, "SELECT status FROM orders WHERE id = :o", o=first) == "draft"


def test_two_committed_concurrent_signings_never_share_a_number(app, world, inspector):
    from app.core.extensions import db
    from app.orders import services

    drafts = [_curator_draft(app, world) for _ in range(2)]
    start = threading.Barrier(2)
    errors = []
    app.config["DEMO_RELAX_TOTP"] = True

    def sign(order_id):
        try:
            with as_member(app, world.orgs["A"], world.people["a_director"].id):
                start.wait(10)
                services.sign(order_id, "")
                db.session.commit()
                db.session.remove()
        except Exception as error:  # pragma: no cover
            errors.append(error)

    try:
        threads = [threading.Thread(target=sign, args=(order_id,)) for order_id in drafts]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(20)
    finally:
        app.config["DEMO_RELAX_TOTP"] = False
    assert not errors, errors
    assert rows(inspector, "SELECT seq, number FROM orders ORDER BY seq") == [(1, "1 – А"), (2, "2 – А")]


def test_the_number_format_is_the_schools_and_each_year_starts_again(app, world, clients, inspector):
    curator = clients("a_curator")
    path = "/school-a/orders/settings"
    assert post(curator, path, {"number_format": "без номера"}, token_from=path).status_code == 400
    assert post(curator, path, {"number_format": "{n}-од"}, token_from=path).status_code == 302
    orders = [_curator_draft(app, world) for _ in range(3)]
    assert sign_relaxed(app, world, orders[0], today=date(2026, 12, 30)) == "1-од"
    assert sign_relaxed(app, world, orders[1], today=date(2026, 12, 31)) == "2-од"
    assert sign_relaxed(app, world, orders[2], today=date(2027, 1, 9)) == "1-од"
    assert rows(inspector, "SELECT year, last_number FROM order_counters ORDER BY year") == [(2026, 2), (2027, 1)]
