"""The demo's mentoring cycle (issue 7, «Demo data»; app/demo/mentoring.py): consents in every state
including one withdrawn with its destruction done and its act, both banks with every status the issue
names, questionnaires and request forms sent and not all answered, and every page of «Pages by role»
answering its role with something to show."""
from __future__ import annotations

import io
import re
from datetime import date, datetime, timezone

from docx import Document

from app.consents.scans import checked_media_type
from app.demo.mentoring import order_ref, school_year_start
from tests.demo.helpers import all_rows, one_row, open_pages
from tests.demo.test_demo import _seed, _sign_in


SCHOOL = "(SELECT id FROM organizations WHERE slug = :slug)"


def test_the_consent_texts_are_the_ledgers_first_versions_of_every_purpose(seeded_db):
    """152-ФЗ ст. 9 ч. 4: the texts are the ledger's defaults, version 1 of each purpose, in each school."""
    rows = all_rows(seeded_db, f"SELECT purpose, version, body FROM consent_texts WHERE org_id = {SCHOOL}", slug="school11")
    assert sorted(r.purpose for r in rows) == sorted(["processing", "transfer", "dissemination", "mentor_duty",
                                                      "pair_duty"])
    assert {r.version for r in rows} == {1} and all("[ФИО]" in r.body for r in rows)


def test_school11_has_processing_consents_in_the_app_on_paper_and_missing(seeded_db):
    """Most teachers consented (the demo accounts in the app with address and user agent, the rest on paper
    with a scan that passes the ledger's check by content); several have not, so «who lacks what» shows."""
    in_app = all_rows(seeded_db, f"""SELECT c.client_ip, c.user_agent, t.user_id FROM consents c JOIN teachers t
        ON t.id = c.teacher_id WHERE c.org_id = {SCHOOL} AND c.purpose = 'processing' AND c.channel = 'in_app'""",
                  slug="school11")
    assert len(in_app) == 5 and all(r.client_ip and r.user_agent and r.user_id for r in in_app)
    paper = all_rows(seeded_db, f"""SELECT s.media_type, s.content, s.size FROM consents c JOIN consent_scans s
        ON s.id = c.scan_id WHERE c.org_id = {SCHOOL} AND c.channel = 'paper'""", slug="school11")
    assert len(paper) >= 30
    assert {r.media_type for r in paper} == {"application/pdf", "image/png"}
    for row in paper:
        assert checked_media_type(bytes(row.content)) == row.media_type and row.size == len(row.content)
    lacking = one_row(seeded_db, f"""SELECT count(*) FROM teachers t WHERE t.org_id = {SCHOOL} AND t.is_active
        AND NOT EXISTS (SELECT 1 FROM consents c WHERE c.teacher_id = t.id AND c.purpose = 'processing'
                        AND c.withdrawn_at IS NULL)""", slug="school11")[0]
    assert 5 <= lacking <= 10
    total = one_row(seeded_db, f"SELECT count(*) FROM teachers WHERE org_id = {SCHOOL}", slug="school11")[0]
    assert total - lacking >= 35


def test_school11_has_transfers_publications_mentor_and_pair_consents(seeded_db):
    """A transfer names the education department (one consent per recipient); a publication names its data
    and places (152-ФЗ ст. 10.1); the mentor's consent states term, form and pay (ТК РФ ст. 351.8)."""
    transfers = all_rows(seeded_db, f"""SELECT o.slug FROM consents c JOIN organizations o ON o.id = c.recipient_org_id
        WHERE c.org_id = {SCHOOL} AND c.purpose = 'transfer'""", slug="school11")
    assert len(transfers) >= 4 and {r.slug for r in transfers} == {"shchekino-uo"}
    published = all_rows(seeded_db, f"""SELECT published_fields, published_places FROM consents WHERE org_id = {SCHOOL}
        AND purpose = 'dissemination' AND withdrawn_at IS NULL""", slug="school11")
    assert len(published) >= 3 and all(r.published_fields and r.published_places for r in published)
    duties = all_rows(seeded_db, f"SELECT terms FROM consents WHERE org_id = {SCHOOL} AND purpose = 'mentor_duty'",
                  slug="school11")
    assert len(duties) >= 5 and all(r.terms["term"] and r.terms["form"] and r.terms["pay"] for r in duties)
    assert any("без оплаты" in r.terms["pay"] for r in duties) and any("руб." in r.terms["pay"] for r in duties)
    assert one_row(seeded_db, f"SELECT count(*) FROM consents WHERE org_id = {SCHOOL} AND purpose = 'pair_duty'",
                slug="school11")[0] >= 1


def test_one_withdrawn_processing_consent_is_destroyed_with_its_act_and_one_withdrawal_is_pending(seeded_db):
    """152-ФЗ ст. 21 ч. 5: the withdrawal received more than 30 days ago, its data destroyed and the act
    (DOCX) kept; another withdrawal, ten days old, waits for its day."""
    done = all_rows(seeded_db, f"""SELECT c.id, c.withdrawn_at, c.destroy_due_on, c.destroyed_at, c.withdrawal_scan_id,
            a.content, t.birth_date, t.last_name
        FROM consents c JOIN consent_destruction_acts a ON a.consent_id = c.id JOIN teachers t ON t.id = c.teacher_id
        WHERE c.org_id = {SCHOOL} AND c.purpose = 'processing' AND c.destroyed_at IS NOT NULL""", slug="school11")
    assert len(done) == 1
    act = done[0]
    assert act.withdrawal_scan_id is not None and act.destroy_due_on <= date.today()
    assert (datetime.now(timezone.utc) - act.withdrawn_at).days >= 30
    assert act.birth_date is None  # the registry's data only the mentoring system needed is gone
    words = "\n".join(p.text for p in Document(io.BytesIO(bytes(act.content))).paragraphs)
    assert act.last_name in words
    pending = all_rows(seeded_db, f"""SELECT destroy_due_on FROM consents WHERE org_id = {SCHOOL} AND withdrawn_at IS NOT NULL
        AND destroyed_at IS NULL""", slug="school11")
    assert len(pending) == 1 and pending[0].destroy_due_on > date.today()


def test_the_mentor_bank_has_candidates_approved_mentors_under_the_order_and_one_who_left(seeded_db):
    """Roadmap stage 3; Положение 3.2; ТК РФ ст. 351.8: about 8 questionnaires (the demo mentor and the
    methodist among them); 3–4 approved with their legal basis and the order of 1 September; candidates,
    one of them without the mentor's written consent; one inactive with its reason."""
    rows = all_rows(seeded_db, f"""SELECT e.status, e.basis, e.pay_kind, e.approval_order_ref, e.competences, e.forms,
            e.capacity, e.availability, t.email,
            EXISTS (SELECT 1 FROM consents c WHERE c.teacher_id = e.teacher_id AND c.purpose = 'mentor_duty'
                    AND c.withdrawn_at IS NULL) AS duty
        FROM mentor_entries e JOIN teachers t ON t.id = e.teacher_id WHERE e.org_id = {SCHOOL}""", slug="school11")
    assert 7 <= len(rows) <= 10
    assert {"mentor@school11.demo", "methodist@school11.demo"} <= {r.email for r in rows}
    assert all(r.competences and r.forms and r.capacity and r.availability for r in rows)
    # Issue 7's approvals reference the paper order of 1 September; the cycle's order appoints one more
    # (app/demo/cycle.py, approval_order_id set).
    approved = [r for r in rows if r.status == "approved" and r.approval_order_ref.startswith("№")]
    assert 3 <= len(approved) <= 4
    expected_order = order_ref("27", school_year_start(date.today()))
    assert all(r.approval_order_ref == expected_order and r.basis and r.duty for r in approved)
    assert {r.pay_kind for r in approved if r.basis == "agreement"} == {"amount", "unpaid"}
    assert any(r.basis == "job_description" for r in approved)
    candidates = [r for r in rows if r.status == "candidate"]
    assert len(candidates) >= 2 and len([r for r in candidates if not r.duty]) == 1
    assert re.fullmatch(r"№ 27 – А от 01\.09\.\d{4}", expected_order)
    inactive = all_rows(seeded_db, f"""SELECT s.reason FROM bank_status_changes s
        JOIN mentor_entries e ON e.id = s.mentor_entry_id WHERE e.org_id = {SCHOOL} AND e.status = 'inactive' AND s.new_status = 'inactive'""", slug="school11")
    assert len(inactive) == 1 and "личному заявлению" in inactive[0].reason


def test_the_mentee_bank_holds_the_young_specialists_requests_the_waiting_lists_support_and_a_review(seeded_db):
    """Roadmap stage 2 and 5.3; Положение 3.4: the six young specialists' requests in their words, several
    categories, needing a mentor or supported meanwhile (with dated support), the curator's yearly review."""
    rows = all_rows(seeded_db, f"""SELECT e.id, e.status, e.category, e.difficulties, e.request_text FROM mentee_entries e
        WHERE e.org_id = {SCHOOL}""", slug="school11")
    young = [r for r in rows if r.category == "young_specialist"]
    assert len(young) == 6 and all(r.difficulties for r in young)
    assert len({r.category for r in rows}) >= 3
    words = " ".join([*(t for r in rows for t in r.difficulties.values()), *(r.request_text or "" for r in rows)])
    for topic in ("дисциплин", "ФГОС", "Рабочая программа", "родител", "ЦОС"):
        assert topic in words, topic
    statuses = {r.status for r in rows}
    assert {"needs_mentor", "supported"} <= statuses
    supported = [r.id for r in rows if r.status == "supported"]
    support = all_rows(seeded_db, "SELECT mentee_entry_id, kind, starts_on FROM mentee_support")
    assert {s.mentee_entry_id for s in support if s.mentee_entry_id in supported} == set(supported)
    assert {"consultations", "methodical_association"} <= {s.kind for s in support}
    review = one_row(seeded_db, f"""SELECT u.email FROM bank_reviews r JOIN users u ON u.id = r.reviewed_by_id
        WHERE r.org_id = {SCHOOL}""", slug="school11")
    assert review.email == "curator@school11.demo"


def test_questionnaires_and_request_forms_were_sent_and_some_are_not_answered(seeded_db):
    """Roadmap 2.1, 3.1: the curator sees who answered; the demo mentor has an open request form (her to-do)."""
    rows = all_rows(seeded_db, f"""SELECT i.bank, i.sent_at, i.answered_at, t.email FROM bank_invitations i
        JOIN teachers t ON t.id = i.teacher_id WHERE i.org_id = {SCHOOL}""", slug="school11")
    for bank in ("mentor", "mentee"):
        sent = [r for r in rows if r.bank == bank]
        assert any(r.answered_at for r in sent) and any(r.answered_at is None for r in sent), bank
        assert all(r.sent_at < datetime.now(timezone.utc) for r in sent)
    assert any(r.bank == "mentee" and r.email == "mentor@school11.demo" and r.answered_at is None for r in rows)


def test_the_other_schools_and_the_municipality_have_a_smaller_version(seeded_db):
    for slug in ("school1", "school5"):
        consents, mentors, mentees = one_row(seeded_db, f"""SELECT
            (SELECT count(*) FROM consents WHERE org_id = {SCHOOL}),
            (SELECT count(*) FROM mentor_entries WHERE org_id = {SCHOOL}),
            (SELECT count(*) FROM mentee_entries WHERE org_id = {SCHOOL})""", slug=slug)
        assert consents >= 5 and mentors >= 1 and mentees >= 1, slug
    assert one_row(seeded_db, "SELECT count(*) FROM mentor_entries e JOIN organizations o ON o.id = e.org_id "
                        "WHERE o.slug = 'school1' AND e.status = 'approved'")[0] == 1
    assert one_row(seeded_db, "SELECT count(*) FROM bank_dictionary_entries")[0] >= 1


def test_the_demo_is_dated_relative_to_today(app, inspector):
    """Started on any day, the demo stays coherent: no paper form is signed in the future, the support rows
    end after they start, the approval order is of the school year under way."""
    _seed(app)
    assert one_row(inspector, "SELECT count(*) FROM consents WHERE given_at > now()")[0] == 0
    assert one_row(inspector, "SELECT count(*) FROM mentee_support WHERE starts_on > current_date "
                           "OR ends_on < starts_on")[0] == 0
    assert school_year_start(date(2027, 8, 31)) == date(2026, 9, 1)
    assert school_year_start(date(2027, 9, 1)) == date(2027, 9, 1)


# ------------------------------------------------------------------------------- the pages by role


def _ids(inspector) -> dict:
    row = one_row(inspector, f"""SELECT
        (SELECT t.id FROM teachers t WHERE t.org_id = {SCHOOL} AND t.email = 'mentor@school11.demo') AS mentor,
        (SELECT e.id FROM mentor_entries e JOIN teachers t ON t.id = e.teacher_id
          WHERE t.email = 'mentor@school11.demo') AS mentor_entry,
        (SELECT e.id FROM mentee_entries e JOIN teachers t ON t.id = e.teacher_id
          WHERE t.email = 'mentee@school11.demo') AS mentee_entry,
        (SELECT a.teacher_id FROM consent_destruction_acts a WHERE a.org_id = {SCHOOL}) AS withdrawn,
        (SELECT a.id FROM consent_destruction_acts a WHERE a.org_id = {SCHOOL}) AS act""", slug="school11")
    return row._asdict()


def test_the_curator_sees_the_registry_both_banks_and_the_ledger_populated(app, seeded_db, monkeypatch):
    ids = _ids(seeded_db)
    open_pages(app, monkeypatch, "curator@school11.demo", [
        ("/school11/teachers/", "Лебедева"),
        (f"/school11/teachers/{ids['mentor']}", "Лебедева Наталья Олеговна"),
        ("/school11/teachers/import", "<form"),
        ("/school11/banks/mentors", "Климова"),
        (f"/school11/banks/mentors/{ids['mentor_entry']}", "№ 27 – А от 01.09."),
        ("/school11/banks/mentees", "Фёдоров"),
        (f"/school11/banks/mentees/{ids['mentee_entry']}", "7 «Б»"),
        ("/school11/banks/mentors/send", "ответ получен"),
        ("/school11/banks/mentees/send", "ответ получен"),
        ("/school11/consents/", "на бумаге"),
        ("/school11/consents/?lacking=processing", "/school11/consents/people/"),
        (f"/school11/consents/people/{ids['withdrawn']}", f"/school11/consents/acts/{ids['act']}"),
    ])
    client, _ = _sign_in(app, "curator@school11.demo")
    act = client.get(f"/school11/consents/acts/{ids['act']}")
    assert act.status_code == 200 and act.mimetype.endswith("wordprocessingml.document")
    assert "уничтож" in "\n".join(p.text for p in Document(io.BytesIO(act.data)).paragraphs).lower()


def test_the_director_sees_the_candidates_with_what_is_missing_and_the_overview(app, seeded_db, monkeypatch):
    missing = one_row(seeded_db, f"""SELECT t.last_name FROM mentor_entries e JOIN teachers t ON t.id = e.teacher_id
        WHERE e.org_id = {SCHOOL} AND e.status = 'candidate' AND NOT EXISTS (SELECT 1 FROM consents c
        WHERE c.teacher_id = e.teacher_id AND c.purpose = 'mentor_duty' AND c.withdrawn_at IS NULL)""",
                   slug="school11").last_name
    open_pages(app, monkeypatch, "director@school11.demo", [
        ("/school11/banks/candidates", missing),
        ("/school11/banks/mentors", "Лебедева"),
        ("/school11/banks/mentees", "Фёдоров"),
        ("/school11/consents/", "Лебедева"),
    ])


def test_the_methodist_and_the_school_admin_see_their_pages_populated(app, seeded_db, monkeypatch):
    open_pages(app, monkeypatch, "methodist@school11.demo", [
        ("/school11/banks/mentors", "Лебедева"), ("/school11/banks/mentees", "Фёдоров"),
        ("/school11/banks/my/questionnaire", "Проектирование урока по ФГОС")])
    open_pages(app, monkeypatch, "sysadmin@school11.demo", [
        ("/school11/teachers/", "Лебедева"), ("/school11/teachers/import", "<form"),
        ("/school11/consents/", "Лебедева")])


def test_the_mentor_sees_her_record_questionnaire_to_do_and_consents(app, seeded_db, monkeypatch):
    open_pages(app, monkeypatch, "mentor@school11.demo", [
        ("/school11/teachers/me", "Лебедева Наталья Олеговна"),
        ("/school11/banks/my/questionnaire", "Функциональная грамотность"),
        ("/school11/banks/my/requests", "Куратор просит вас описать"),
        ("/school11/consents/mine", "на бумаге"),
    ])


def test_the_mentee_sees_his_record_requests_and_consents(app, seeded_db, monkeypatch):
    open_pages(app, monkeypatch, "mentee@school11.demo", [
        ("/school11/teachers/me", "Фёдоров Артём Денисович"),
        ("/school11/banks/my/requests", "7 «Б»"),
        ("/school11/consents/mine", "дано в системе"),
    ])

