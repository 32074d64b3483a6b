"""The demo's mentoring cycle II (issue 8, «Demo data»; app/demo/cycle.py): pairs and groups in every
state of the lifecycle — a reverse pair, a group of three, one ended early with a reason of Положение
7.1, a replaced mentor —, a programme with an extension and its revision history, signed orders of every
kind with their DOCX, a petition waiting for the curator, and the issue's main pages answering their
roles with something to show."""
from __future__ import annotations

import io

from docx import Document

from tests.demo.helpers import all_rows, one_row, open_pages
from tests.demo.test_demo import _sign_in

SCHOOL = "(SELECT id FROM organizations WHERE slug = 'school11')"


def test_pairs_in_every_state_with_a_reverse_pair_a_group_of_three_and_an_early_end(seeded_db):
    """Положение 2.3, 6.1, 6.2, 7.1: every state of the lifecycle, the transitions recorded."""
    counts = dict(all_rows(seeded_db, f"SELECT status, count(*) FROM pairs WHERE org_id = {SCHOOL} GROUP BY status"))
    assert counts == {"draft": 1, "declined": 1, "agreed": 1, "consents_complete": 1, "active": 4, "completed": 1,
                      "ended_early": 1}
    active = all_rows(seeded_db, f"""SELECT p.form_code, p.kind, count(pp.id) FILTER (WHERE pp.role = 'mentee') AS mentees
        FROM pairs p JOIN pair_participants pp ON pp.pair_id = p.id AND pp.left_at IS NULL
        WHERE p.org_id = {SCHOOL} AND p.status = 'active' GROUP BY p.id""")
    assert ("reverse", "pair", 1) in [tuple(r) for r in active]
    assert ("group", "group", 3) in [tuple(r) for r in active]
    ended = one_row(seeded_db, f"SELECT end_reason, end_note, end_order_id FROM pairs WHERE org_id = {SCHOOL} "
                         "AND status = 'ended_early'")
    assert ended.end_reason == "mentee_initiative" and ended.end_note and ended.end_order_id
    declined = one_row(seeded_db, f"""SELECT pp.decline_reason FROM pair_participants pp JOIN pairs p ON p.id = pp.pair_id
        WHERE p.org_id = {SCHOOL} AND p.status = 'declined' AND pp.response = 'declined'""")
    assert declined.decline_reason
    # The demo mentor and the demo mentee are in an active «one to one» pair together.
    together = one_row(seeded_db, f"""SELECT count(*) FROM pairs p WHERE p.org_id = {SCHOOL} AND p.status = 'active'
        AND p.form_code = 'traditional' AND (SELECT array_agg(t.email ORDER BY t.email) FROM pair_participants pp
        JOIN teachers t ON t.id = pp.teacher_id WHERE pp.pair_id = p.id AND pp.left_at IS NULL)
        = ARRAY['mentee@school11.demo', 'mentor@school11.demo']::varchar[]""")[0]
    assert together == 1
    # Every pair that became active did so under its signed order; every transition is recorded.
    assert one_row(seeded_db, f"""SELECT count(*) FROM pairs p WHERE p.org_id = {SCHOOL} AND p.activated_at IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.id = p.order_id AND o.status = 'signed')""")[0] == 0
    assert one_row(seeded_db, f"SELECT count(*) FROM pair_transitions WHERE org_id = {SCHOOL}")[0] >= 25


def test_a_replaced_mentor_keeps_the_history_under_the_order_of_the_granted_petition(seeded_db):
    """Положение 5.1: the mentee's petition reviewed, granted and executed by the order; the old mentor's row
    kept, the programme and its journal stay with the pair."""
    rows = all_rows(seeded_db, f"""SELECT pp.pair_id, pp.left_at, pp.role FROM pair_participants pp
        WHERE pp.org_id = {SCHOOL} AND pp.role = 'mentor' AND pp.pair_id IN (
            SELECT pair_id FROM pair_participants WHERE left_at IS NOT NULL)""")
    assert len(rows) == 2 and len({r.pair_id for r in rows}) == 1
    petition = one_row(seeded_db, f"""SELECT p.status, p.kind, o.kind AS order_kind, o.status AS order_status
        FROM petitions p JOIN orders o ON o.id = p.order_id WHERE p.org_id = {SCHOOL}""")
    assert tuple(petition) == ("executed", "replace_mentor", "replace_mentor", "signed")
    journal = one_row(seeded_db, """SELECT count(*) FROM programme_journal j JOIN programmes g ON g.id = j.programme_id
        WHERE g.pair_id = :pair""", pair=rows[0].pair_id)[0]
    assert journal >= 2
    waiting = all_rows(seeded_db, f"SELECT kind, status FROM petitions WHERE org_id = {SCHOOL} AND status = 'filed'")
    assert [tuple(r) for r in waiting] == [("release", "filed")]


def test_programmes_with_plans_overdue_journal_and_the_extension_history(seeded_db):
    """Положение 1.2, 7.2: programmes of the active pairs with 4–8 activities of several kinds, some done with
    results, one overdue; a journal; an approved extension and a plan change, each its own revision."""
    rows = all_rows(seeded_db, f"""SELECT g.id, g.status, count(a.id) AS n, count(DISTINCT a.kind) AS kinds,
            count(a.id) FILTER (WHERE a.status = 'done' AND a.result <> '') AS done,
            count(a.id) FILTER (WHERE a.status IN ('planned', 'in_progress') AND a.due_on < current_date) AS overdue,
            (SELECT count(*) FROM programme_journal j WHERE j.programme_id = g.id) AS meetings
        FROM programmes g JOIN programme_activities a ON a.programme_id = g.id
        WHERE g.org_id = {SCHOOL} GROUP BY g.id""")
    assert len(rows) == 5
    assert all(4 <= r.n <= 8 and r.kinds >= 3 and r.done >= 2 and r.meetings >= 1 for r in rows)
    assert sum(r.overdue for r in rows) == 1
    assert {r.status for r in rows} == {"active", "completed"}
    assert one_row(seeded_db, f"SELECT count(*) FROM programme_evidence WHERE org_id = {SCHOOL}")[0] >= 3
    revisions = all_rows(seeded_db, f"""SELECT r.number, r.kind, r.status FROM programme_revisions r
        JOIN programmes g ON g.id = r.programme_id WHERE g.org_id = {SCHOOL} AND g.id IN (
            SELECT programme_id FROM programme_revisions WHERE kind = 'extension') ORDER BY r.number""")
    assert [tuple(r) for r in revisions] == [(1, "initial", "approved"), (2, "plan", "approved"),
                                             (3, "extension", "approved")]


KINDS = {"regulations", "curator", "mentor_bank", "pairs", "replace_mentor", "extension", "completion", "early_end"}


def test_signed_orders_of_every_kind_one_draft_waiting_acknowledgements_and_docx(app, seeded_db, monkeypatch):
    """Положение 3.2, 3.3, 6.2, 7.1: the registry numbered in signing order; one draft for the director; some
    named people acknowledged; each order's DOCX opens with python-docx and holds «ПРИКАЗЫВАЮ», its number and
    the people it names."""
    orders = all_rows(seeded_db, f"""SELECT id, kind, status, number, seq, signed_on FROM orders WHERE org_id = {SCHOOL}
        ORDER BY seq NULLS LAST""")
    signed = [o for o in orders if o.status == "signed"]
    assert {o.kind for o in signed} == KINDS
    assert [o.signed_on for o in signed] == sorted(o.signed_on for o in signed)
    assert [o.kind for o in orders if o.status == "draft"] == ["pairs"]
    assert one_row(seeded_db, f"SELECT count(*) FROM order_acknowledgements WHERE org_id = {SCHOOL}")[0] >= 8
    assert one_row(seeded_db, f"SELECT count(*) FROM order_scans WHERE org_id = {SCHOOL}")[0] == 1
    monkeypatch.setitem(app.config, "DEMO_RELAX_TOTP", True)
    client, _ = _sign_in(app, "curator@school11.demo")
    for order in signed:
        response = client.get(f"/school11/orders/{order.id}/docx")
        assert response.status_code == 200, order.kind
        words = "\n".join(p.text for p in Document(io.BytesIO(response.data)).paragraphs)
        words += "\n".join(c.text for t in Document(io.BytesIO(response.data)).tables for r in t.rows for c in r.cells)
        words = words.replace("\xa0", " ").replace("\u202f", " ")
        assert "ПРИКАЗЫВАЮ" in words and order.number in words, order.kind
        people = all_rows(seeded_db, "SELECT name FROM order_people WHERE order_id = :o", o=order.id)
        assert all(p.name in words for p in people), order.kind


def test_the_mentor_bank_order_appointed_a_mentor_and_the_calendar_is_the_federal_default(seeded_db):
    row = one_row(seeded_db, f"""SELECT e.approval_order_ref, o.kind FROM mentor_entries e JOIN orders o
        ON o.id = e.approval_order_id WHERE e.org_id = {SCHOOL}""")
    assert row.kind == "mentor_bank" and row.approval_order_ref.startswith("приказ от")
    assert one_row(seeded_db, "SELECT count(*) FROM calendar_days")[0] == 0


# ------------------------------------------------------------------------------- the pages by role


def _ids(inspector) -> dict:
    return one_row(inspector, """SELECT
        (SELECT p.id FROM pairs p JOIN pair_participants pp ON pp.pair_id = p.id JOIN teachers t
           ON t.id = pp.teacher_id WHERE t.email = 'mentee@school11.demo' AND p.status = 'active') AS pair,
        (SELECT g.id FROM programmes g WHERE g.id IN (SELECT programme_id FROM programme_revisions
           WHERE kind = 'extension')) AS programme,
        (SELECT r.id FROM programme_revisions r WHERE r.kind = 'extension') AS revision,
        (SELECT o.id FROM orders o WHERE o.status = 'draft') AS draft""")._asdict()


def test_the_issues_pages_answer_their_roles_with_content(app, seeded_db, monkeypatch):
    ids = _ids(seeded_db)
    open_pages(app, monkeypatch, "curator@school11.demo", [
        ("/school11/pairs/", "Фёдоров"),
        (f"/school11/pairs/{ids['pair']}", "Лебедева"),
        (f"/school11/programmes/{ids['programme']}", "Репетиция выступления"),
        (f"/school11/programmes/revisions/{ids['revision']}", "Продлить до конца июня"),
        ("/school11/programmes/", "Фёдоров"),
        ("/school11/orders/", "1 – А"),
        ("/school11/pairs/petitions", "Климова"),
    ])
    open_pages(app, monkeypatch, "director@school11.demo", [
        ("/school11/orders/to-sign", f"/school11/orders/{ids['draft']}"),
        ("/school11/orders/", "8 – А"),
    ])
    open_pages(app, monkeypatch, "mentor@school11.demo", [
        ("/school11/pairs/my", "Фёдоров"),
        ("/school11/programmes/mine", "Фёдоров"),
        (f"/school11/programmes/{ids['programme']}", "Посещение и анализ урока"),
        ("/school11/orders/my", "4 – А"),
    ])
    open_pages(app, monkeypatch, "mentee@school11.demo", [
        ("/school11/pairs/my", "Лебедева"),
        ("/school11/programmes/mine", "Лебедева"),
        ("/school11/orders/my", "8 – А"),
        ("/school11/pairs/petitions/my", "<form"),
    ])
    open_pages(app, monkeypatch, "methodist@school11.demo", [
        ("/school11/pairs/petitions/my", "аттестационной комиссии"),
    ])
