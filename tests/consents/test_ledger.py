"""The consent ledger's rules: one record per person and purpose on the exact text version shown
(152-ФЗ ст. 9), a new version never changes what was signed, withdrawal takes effect at once and
schedules destruction in 30 days (ст. 21 ч. 5), dissemination covers exactly the ticked data and places
(ст. 10.1), a transfer names one recipient of the municipality, the mentor's consent states term, form
and pay (ТК РФ ст. 351.8; Положение 3.2), and who may do what."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import text

from tests.consents.helpers import in_school
from tests.support.http import csrf_token, post
from tests.support.mentoring import add_consent, add_teacher, add_world_teacher


def _give(client, purpose: str, data: dict | None = None, headers: dict | None = None, **kwargs):
    page = client.get(f"/school-a/consents/mine/give?purpose={purpose}").get_data(as_text=True)
    text_id = re.search(r'name="text_id" type="hidden" value="([^"]+)"', page).group(1)
    token = csrf_token(client, f"/school-a/consents/mine/give?purpose={purpose}")
    return client.post(f"/school-a/consents/mine/give?purpose={purpose}",
                       data={"csrf_token": token, "text_id": text_id, "agree": "y", **(data or {})},
                       headers=headers or {}, **kwargs)


def _consents(inspector, teacher_id) -> list:
    with inspector.connect() as conn:
        return conn.execute(text("SELECT c.*, t.version, t.body FROM consents c "
                                 "JOIN consent_texts t ON t.id = c.text_id WHERE c.teacher_id = :t "
                                 "ORDER BY c.given_at"), {"t": teacher_id}).all()


def test_giving_in_the_app_records_the_version_read_the_address_and_the_user_agent(app, world, clients, inspector):
    """152-ФЗ ст. 9: the exact text shown, when, how (in the app, address and user agent), who."""
    teacher_id = add_world_teacher(app, world, "a_teacher", "A")
    client = clients("a_teacher")
    page = client.get("/school-a/consents/mine/give?purpose=processing").get_data(as_text=True)
    assert "Person a_teacher" in page and "Organization A" in page  # the text is filled for the person
    response = _give(client, "processing", headers={"User-Agent": "Browser/1.0"},
                     environ_base={"REMOTE_ADDR": "203.0.113.7"})
    assert response.status_code == 302
    [consent] = _consents(inspector, teacher_id)
    assert (consent.purpose, consent.channel, consent.version) == ("processing", "in_app", 1)
    assert consent.client_ip == "203.0.113.7" and consent.user_agent == "Browser/1.0"
    assert consent.recorded_by_id == world.people["a_teacher"].id and consent.withdrawn_at is None
    with inspector.connect() as conn:
        actions = conn.execute(text("SELECT action FROM audit_events WHERE object_id = :c"),
                               {"c": str(consent.id)}).scalars().all()
    assert actions == ["give"]
    again = _give(client, "processing")
    assert "already been given" in again.get_data(as_text=True) or "уже дано" in again.get_data(as_text=True)
    assert len(_consents(inspector, teacher_id)) == 1


def test_a_new_text_version_never_changes_what_was_signed(app, world, clients, inspector):
    """Consent texts are versioned documents of the school: a new version is a new row; consents keep
    pointing at the version they were given on, and its text stays as it was."""
    teacher_id = add_world_teacher(app, world, "a_teacher", "A")
    assert _give(clients("a_teacher"), "processing").status_code == 302
    [before] = _consents(inspector, teacher_id)
    curator = clients("a_curator")
    form = curator.get("/school-a/consents/texts/new?purpose=processing").get_data(as_text=True)
    assert "[ФИО]" in form
    body = "Я, [ФИО], даю [ОПЕРАТОР] по адресу [АДРЕС ОПЕРАТОРА] согласие — редакция два.\nВторой абзац."
    response = post(curator, "/school-a/consents/texts/new?purpose=processing",
                    {"title": "Согласие, редакция 2", "body": body}, token_from="/school-a/consents/texts")
    assert response.status_code == 302
    [after] = _consents(inspector, teacher_id)
    assert (after.text_id, after.version, after.body) == (before.text_id, 1, before.body)
    with inspector.connect() as conn:
        versions = conn.execute(text("SELECT version, body FROM consent_texts WHERE org_id = :o AND purpose = "
                                     "'processing' ORDER BY version"), {"o": world.orgs["A"].id}).all()
    assert [v.version for v in versions] == [1, 2] and versions[0].body == before.body and versions[1].body == body
    # The record still shows the version signed; a new consent is given on the new one.
    shown = curator.get(f"/school-a/consents/{before.id}").get_data(as_text=True)
    assert "редакция два" not in shown and "Person a_teacher" in shown
    assert "редакция два" in clients("a_teacher").get("/school-a/consents/mine/give?purpose=processing").get_data(
        as_text=True)


def test_a_text_version_missing_a_required_marker_is_refused(app, world, clients, inspector):
    """152-ФЗ ст. 9 ч. 4: the subject, the operator and its address must be in every version."""
    curator = clients("a_curator")
    response = post(curator, "/school-a/consents/texts/new?purpose=transfer",
                    {"title": "Без получателя", "body": "Я, [ФИО], даю [ОПЕРАТОР] ([АДРЕС ОПЕРАТОРА]) согласие."},
                    token_from="/school-a/consents/texts")
    assert response.status_code == 200 and "[ПОЛУЧАТЕЛЬ]" in response.get_data(as_text=True)
    with inspector.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM consent_texts WHERE version > 1")).scalar() == 0


def test_the_app_role_can_neither_update_a_text_nor_delete_a_consent(app, world, app_engine):
    """What a person signed stays what they read (grants: consent_texts append-only, consents never
    deleted, only the withdrawal and destruction columns updatable)."""
    teacher_id = add_teacher(app, world.orgs["A"])
    consent_id = add_consent(app, world.orgs["A"], teacher_id)
    org = world.orgs["A"]
    for statement in ("UPDATE consent_texts SET body = 'x'", f"DELETE FROM consents WHERE id = '{consent_id}'",
                      "UPDATE consents SET purpose = 'transfer'", "UPDATE consents SET text_id = text_id"):
        with app_engine.connect() as conn:
            conn.execute(text("SELECT set_config('app.org_id', :o, true), set_config('app.municipality_id', :m, true)"),
                         {"o": str(org.id), "m": str(org.municipality_id)})
            try:
                conn.execute(text(statement))
                raise AssertionError(f"the app role may: {statement}")
            except Exception as error:  # noqa: BLE001 — the refusal is the point
                assert "permission denied" in str(error), statement
            conn.rollback()


def test_a_consent_given_on_a_text_changed_since_it_was_read_is_refused(app, world, clients, inspector):
    teacher_id = add_world_teacher(app, world, "a_teacher", "A")
    client = clients("a_teacher")
    page = client.get("/school-a/consents/mine/give?purpose=pair_duty").get_data(as_text=True)
    old_text_id = re.search(r'name="text_id" type="hidden" value="([^"]+)"', page).group(1)
    post(clients("a_curator"), "/school-a/consents/texts/new?purpose=pair_duty",
         {"title": "Новая", "body": "Я, [ФИО]; [ОПЕРАТОР], [АДРЕС ОПЕРАТОРА]."}, token_from="/school-a/consents/texts")
    response = post(client, "/school-a/consents/mine/give?purpose=pair_duty", {"text_id": old_text_id, "agree": "y"},
                    token_from="/school-a/consents/mine")
    assert response.status_code == 200
    assert _consents(inspector, teacher_id) == []


def test_withdrawal_takes_effect_in_the_same_request_and_schedules_destruction_in_30_days(app, world):
    """152-ФЗ ст. 21: the standing check other features use turns false at once, in the same
    transaction; destroy_due_on = the withdrawal's date + 30 days (ст. 21 ч. 5)."""
    from app.consents import gate, services
    from app.consents.models import Purpose

    teacher_id = add_world_teacher(app, world, "a_teacher", "A")
    consent_id = add_consent(app, world.orgs["A"], teacher_id, "processing")
    moment = datetime(2026, 3, 10, 9, 0, tzinfo=timezone.utc)
    with in_school(app, world, "A", "a_teacher"):
        assert gate.has_standing(teacher_id, Purpose.processing)
        assert gate.missing([teacher_id], [Purpose.processing]) == {teacher_id: []}
        consent = services.withdraw_own(consent_id, now=moment)
        assert not gate.has_standing(teacher_id, Purpose.processing)
        assert gate.missing([teacher_id], [Purpose.processing]) == {teacher_id: [Purpose.processing]}
        assert consent.destroy_due_on == date(2026, 4, 9) and consent.destroyed_at is None


def test_a_teacher_withdraws_on_their_page_and_the_ledger_keeps_both_facts(app, world, clients, inspector):
    teacher_id = add_world_teacher(app, world, "a_teacher", "A")
    consent_id = add_consent(app, world.orgs["A"], teacher_id, "processing")
    client = clients("a_teacher")
    assert client.get(f"/school-a/consents/mine/{consent_id}/withdraw").status_code == 200  # asks first
    assert _consents(inspector, teacher_id)[0].withdrawn_at is None
    response = post(client, f"/school-a/consents/mine/{consent_id}/withdraw", {"confirm": "yes"},
                    token_from="/school-a/consents/mine")
    assert response.status_code == 302
    [row] = _consents(inspector, teacher_id)
    assert row.withdrawn_at is not None and row.withdrawal_channel == "in_app"
    assert row.destroy_due_on == row.withdrawn_at.date() + timedelta(days=30)
    html = clients("a_curator").get("/school-a/consents/?lacking=processing").get_data(as_text=True)
    assert "Person a_teacher" in html
    # Given again: a new record; the withdrawn one stays.
    assert _give(client, "processing").status_code == 302
    assert [r.withdrawn_at is None for r in _consents(inspector, teacher_id)] == [False, True]


def test_dissemination_covers_exactly_the_ticked_data_and_places(app, world, clients, inspector):
    """152-ФЗ ст. 10.1: the person ticks which data may be published and where; a public view asks
    gate.may_publish, which a withdrawal turns false at once."""
    from app.consents import gate, services
    from app.core.extensions import db
    from sqlalchemy import select

    teacher_id = add_world_teacher(app, world, "a_teacher", "A")
    client = clients("a_teacher")
    refused = _give(client, "dissemination", {"places": ["school_site"]})
    assert refused.status_code == 200 and _consents(inspector, teacher_id) == []
    assert _give(client, "dissemination", {"published": ["full_name", "subjects"],
                                            "places": ["school_site"]}).status_code == 302
    [row] = _consents(inspector, teacher_id)
    assert row.published_fields == ["full_name", "subjects"] and row.published_places == ["school_site"]
    assert "сайта школы" in row.published_where

    def may(field, place):
        return db.session.scalar(select(gate.may_publish(field, place, teacher_id)))

    with in_school(app, world, "A", "a_teacher"):
        assert may("full_name", "school_site") and may("subjects", "school_site")
        assert not may("position", "school_site") and not may("full_name", "municipal_bank")
        services.withdraw_own(row.id)
        assert not may("full_name", "school_site")
        _, filled = services.filled_text(services.get_consent(row.id))
        assert "фамилия, имя, отчество; преподаваемые предметы" in filled and "должность" not in filled.split(
            "разрешённые для распространения:")[1].split(".")[0]


def test_a_transfer_is_one_consent_per_recipient_of_the_municipality(app, world, clients, inspector):
    teacher_id = add_world_teacher(app, world, "a_teacher", "A")
    client = clients("a_teacher")
    page = client.get("/school-a/consents/mine/give?purpose=transfer").get_data(as_text=True)
    assert "Organization D1" in page and "Organization B" in page and "Organization P" in page
    assert "Organization C" not in page and "Organization D2" not in page and ">Organization A<" not in page
    for foreign in (world.orgs["C"].id, world.orgs["A"].id, "not-an-id"):
        assert _give(client, "transfer", {"recipient": str(foreign)}).status_code == 200
    assert _consents(inspector, teacher_id) == []
    assert _give(client, "transfer", {"recipient": str(world.orgs["D1"].id)}).status_code == 302
    assert _give(client, "transfer", {"recipient": str(world.orgs["B"].id)}).status_code == 302
    assert _give(client, "transfer", {"recipient": str(world.orgs["B"].id)}).status_code == 200
    rows = _consents(inspector, teacher_id)
    assert sorted(r.recipient for r in rows) == ["Organization B", "Organization D1"]
    assert {r.recipient_org_id for r in rows} == {world.orgs["B"].id, world.orgs["D1"].id}


def test_the_mentors_consent_states_term_form_and_pay(app, world, clients, inspector):
    """ТК РФ ст. 351.8 and Положение 3.2: the mentor's written consent names the term, the form of
    mentoring and the pay (or «без оплаты» explicitly)."""
    teacher_id = add_world_teacher(app, world, "a_teacher", "A")
    client = clients("a_teacher")
    missing_pay = _give(client, "mentor_duty", {"term": "до 31.05.2027", "form": "наставничество в группе"})
    assert missing_pay.status_code == 200 and _consents(inspector, teacher_id) == []
    assert _give(client, "mentor_duty", {"term": "до 31.05.2027", "form": "наставничество в группе",
                                         "pay": "без оплаты"}).status_code == 302
    [row] = _consents(inspector, teacher_id)
    assert row.terms == {"term": "до 31.05.2027", "form": "наставничество в группе", "pay": "без оплаты"}


def test_a_person_without_a_record_is_told_to_ask_the_curator(app, world, clients):
    html = clients("a_teacher").get("/school-a/consents/mine").get_data(as_text=True)
    assert "registry" in html or "реестр" in html
    assert clients("a_teacher").get("/school-a/consents/mine/give?purpose=processing").status_code == 404


def test_missing_answers_for_many_teachers_and_purposes_in_one_statement(app, world, count_queries):
    from app.consents import gate
    from app.consents.models import Purpose

    org = world.orgs["A"]
    ids = [add_teacher(app, org, f"Фамилия{n}") for n in range(5)]
    add_consent(app, org, ids[0], "processing")
    add_consent(app, org, ids[1], "mentor_duty")
    with in_school(app, world) as session:
        session.execute(text("SELECT 1"))  # the scope reaches the transaction first (tenants/rls.py)
        with count_queries() as counter:
            found = gate.missing(ids, [Purpose.processing, Purpose.mentor_duty])
        assert counter.count == 1
    assert found[ids[0]] == [Purpose.mentor_duty] and found[ids[1]] == [Purpose.processing]
    assert found[ids[4]] == [Purpose.processing, Purpose.mentor_duty]


def test_who_may_do_what(app, world, clients):
    """Curator: all; school admin: read and record paper; director: read; teacher: their own only."""
    teacher_id = add_world_teacher(app, world, "a_teacher", "A")
    consent_id = add_consent(app, world.orgs["A"], teacher_id)
    expectations = {
        "a_curator": {"/school-a/consents/": 200, f"/school-a/consents/people/{teacher_id}/paper": 200,
                      "/school-a/consents/texts/new?purpose=processing": 200, f"/school-a/consents/{consent_id}": 200},
        "a_admin": {"/school-a/consents/": 200, f"/school-a/consents/people/{teacher_id}/paper": 200,
                    "/school-a/consents/texts/new?purpose=processing": 403},
        "a_director": {"/school-a/consents/": 200, f"/school-a/consents/people/{teacher_id}/paper": 403,
                       f"/school-a/consents/{consent_id}/withdraw": 403, f"/school-a/consents/{consent_id}": 200},
        "a_teacher": {"/school-a/consents/": 403, f"/school-a/consents/{consent_id}": 403,
                      "/school-a/consents/mine": 200, f"/school-a/consents/mine/{consent_id}/form.docx": 200},
        "a_methodist": {f"/school-a/consents/mine/{consent_id}/form.docx": 404},
    }
    for person, pages in expectations.items():
        client = clients(person)
        for path, status in pages.items():
            assert client.get(path).status_code == status, (person, path)


def test_a_new_text_version_is_audited(app, world, clients, inspector):
    post(clients("a_curator"), "/school-a/consents/texts/new?purpose=pair_duty",
         {"title": "Новая", "body": "Я, [ФИО]; [ОПЕРАТОР], [АДРЕС ОПЕРАТОРА]."}, token_from="/school-a/consents/texts")
    with inspector.connect() as conn:
        events = conn.execute(text("SELECT action, details->>'version' AS v FROM audit_events "
                                   "WHERE object_type = 'consent_text' ORDER BY id")).all()
    assert [(e.action, e.v) for e in events] == [("publish_text", "1"), ("publish_text", "2")]


def test_every_page_of_the_ledger_opens_for_its_readers(app, world, clients):
    """The person's page lists their consents and acts and offers blank forms; the texts and a version;
    the paper forms; the teacher's own page offers what is not given yet."""
    teacher_id = add_world_teacher(app, world, "a_teacher", "A")
    consent_id = add_consent(app, world.orgs["A"], teacher_id, "processing")
    curator = clients("a_curator")
    person = curator.get(f"/school-a/consents/people/{teacher_id}").get_data(as_text=True)
    assert f"/school-a/consents/{consent_id}" in person and "blank.docx?purpose=mentor_duty" in person
    texts_page = curator.get("/school-a/consents/texts").get_data(as_text=True)
    text_id = re.search(r'/school-a/consents/texts/([0-9a-f-]{36})"', texts_page).group(1)
    assert "texts/new?purpose=dissemination" in texts_page
    assert curator.get(f"/school-a/consents/texts/{text_id}").status_code == 200
    for path in (f"/school-a/consents/people/{teacher_id}/paper", f"/school-a/consents/{consent_id}/withdraw"):
        assert 'enctype="multipart/form-data"' in curator.get(path).get_data(as_text=True), path
    mine = clients("a_teacher").get("/school-a/consents/mine").get_data(as_text=True)
    assert "give?purpose=processing" not in mine and "give?purpose=mentor_duty" in mine
    assert f"/school-a/consents/mine/{consent_id}/withdraw" in mine
