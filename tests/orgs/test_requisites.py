"""The school's requisites (issue 7, «Documents engine»: the header with the school's requisites;
152-ФЗ ст. 9 ч. 4 п. 2: a consent names the operator by name and address): kept by the school's
director or school admin, in the school's own scope only, audited, printed by the documents."""
from __future__ import annotations

import io
import json

import pytest
from docx import Document
from sqlalchemy import text

from tests.orgs.helpers import acting, errors, refused, snapshot
from tests.support.http import post

# Public requisites of a real organization (ПАО Сбербанк): a valid INN and OGRN.
INN, OGRN = "7707083893", "1027700132195"
GOOD = {"address": "301248, Тульская область, г. Щёкино, ул. Лукашина, д. 5",
        "locality": "г. Щёкино Тульской области", "inn": INN, "ogrn": OGRN, "phone": "8 (48751) 5-36-05",
        "email": "school11@example.ru", "document_font": "PT Astra Serif", "document_font_size": "12"}


def ru(app, msgid: str, **values) -> str:
    """A message as the Russian page shows it (the catalog's translation, from
    /work/notes/ru-documents.json once merged)."""
    from flask_babel import force_locale, gettext

    with app.test_request_context(), force_locale("ru"):
        return gettext(msgid, **values)


def _save(client, slug: str = "school-a", **changes):
    return post(client, f"/{slug}/requisites", {**GOOD, **changes}, token_from=f"/{slug}/requisites")


def _row(inspector, org_id) -> dict:
    with inspector.connect() as conn:
        return dict(conn.execute(text(
            "SELECT address, locality, inn, ogrn, phone, email, document_font, document_font_size "
            "FROM organizations WHERE id = :i"), {"i": org_id}).mappings().one())


def _scope(conn, org, user=None):
    conn.execute(text("SELECT set_config('app.org_id', :o, true), set_config('app.municipality_id', :m, true),"
                      " set_config('app.user_id', :u, true)"),
                 {"o": str(org.id), "m": str(org.municipality_id), "u": str(user or "")})


# --- the page ---

@pytest.mark.parametrize("person", ["a_director", "a_admin"])
def test_the_director_and_the_school_admin_save_the_requisites(person, app, world, clients, inspector):
    client = clients(person)
    assert ru(app, "School requisites") in client.get("/school-a/requisites").get_data(as_text=True)
    response = _save(client)
    assert response.status_code == 302, errors(response.get_data(as_text=True))
    assert _row(inspector, world.orgs["A"].id) == {**GOOD, "document_font_size": 12}
    page = client.get("/school-a/requisites").get_data(as_text=True)
    assert f'value="{INN}"' in page and ru(app, "The requisites have been saved.") in page


def test_the_change_is_audited_with_what_was_and_what_became(app, world, clients, inspector):
    client = clients("a_director")
    _save(client)
    _save(client, phone="+7 900 000-00-00")
    with inspector.connect() as conn:
        events = conn.execute(text("SELECT org_id, actor_id, object_name, details FROM audit_events "
                                   "WHERE action = 'update_requisites' ORDER BY at")).all()
    assert len(events) == 2
    last = events[-1]
    assert (last.org_id, last.actor_id, last.object_name) == (
        world.orgs["A"].id, world.people["a_director"].id, "Org A")
    assert last.details == {"before": {"phone": GOOD["phone"]}, "after": {"phone": "+7 900 000-00-00"}}
    assert ru(app, "Edited the school's requisites") in client.get("/school-a/audit").get_data(as_text=True)


def test_saving_nothing_new_writes_no_audit_event(world, clients, inspector):
    client = clients("a_director")
    _save(client)
    _save(client)
    with inspector.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_events WHERE action = 'update_requisites'")
                            ).scalar_one() == 1


def test_emptied_fields_are_stored_as_nothing(world, clients, inspector):
    client = clients("a_director")
    _save(client)
    _save(client, inn="", ogrn="", phone="", email="", document_font="", document_font_size="")
    row = _row(inspector, world.orgs["A"].id)
    assert row["inn"] is None and row["document_font_size"] is None and row["address"] == GOOD["address"]


@pytest.mark.parametrize("person", ["a_curator", "a_teacher", "a_methodist"])
def test_other_members_of_the_school_may_not_open_the_page(person, clients):
    assert clients(person).get("/school-a/requisites").status_code == 403


def test_a_department_has_no_requisites_page(clients):
    # The page is a school's: the department's officer keeps names, not a school's requisites.
    assert clients("d1_officer").get("/m1-uo/requisites").status_code == 404


def test_another_schools_director_gets_404_and_changes_nothing(world, clients, inspector):
    client = clients("b_director")
    before = snapshot(inspector)
    assert client.get("/school-a/requisites").status_code == 404
    response = client.post("/school-a/requisites", data=GOOD)
    assert response.status_code in (400, 404)
    assert snapshot(inspector) == before


INN_MESSAGE = "The INN of an organization is 10 digits with a correct check digit."
OGRN_MESSAGE = "The OGRN is 13 digits with a correct check digit."


@pytest.mark.parametrize("field, value, message", [
    ("inn", "7707083894", INN_MESSAGE),
    ("inn", "12345", INN_MESSAGE),
    ("ogrn", "1027700132196", OGRN_MESSAGE),
    ("ogrn", "10277001321", OGRN_MESSAGE),
    ("phone", "звоните", "Enter the phone with digits, spaces, brackets, hyphens and a plus."),
    ("email", "school.ru", "Enter a valid e-mail address."),
    ("address", "ул. Лукашина\nд. 5", "The value must be one line, without line breaks or control characters."),
])
def test_bad_requisites_are_refused_with_a_message_by_the_field_and_nothing_changes(
        field, value, message, app, world, clients, inspector):
    client = clients("a_director")
    client.get("/school-a/requisites")
    before = snapshot(inspector)
    response = _save(client, **{field: value})
    assert response.status_code == 200
    assert ru(app, message) in errors(response.get_data(as_text=True))
    assert snapshot(inspector) == before


@pytest.mark.parametrize("field, value", [("document_font_size", "20"), ("document_font", "Comic Sans MS")])
def test_a_font_outside_the_list_is_refused(field, value, world, clients, inspector):
    client = clients("a_director")
    client.get("/school-a/requisites")
    before = snapshot(inspector)
    response = _save(client, **{field: value})
    assert response.status_code == 200 and errors(response.get_data(as_text=True))
    assert snapshot(inspector) == before


# --- the service ---

def test_the_service_refuses_a_member_who_is_not_the_director_or_admin(app, world):
    from app.orgs.models import Organization
    from app.orgs.requisites import RequisitesValues, update_requisites

    with acting(app, world, "a_curator", "A") as session:
        org = session.get(Organization, world.orgs["A"].id)
        message = refused(update_requisites, org, RequisitesValues(address="x"))
    assert message == ru(app, "Only the director or the school administrator may change the requisites.")


def test_the_service_refuses_a_font_size_outside_10_to_16(app, world):
    from app.orgs.models import Organization
    from app.orgs.requisites import RequisitesValues, update_requisites

    with acting(app, world, "a_director", "A") as session:
        org = session.get(Organization, world.orgs["A"].id)
        message = refused(update_requisites, org, RequisitesValues(document_font_size=17))
    assert message == ru(app, "The font size is from 10 to 16 points.")


def test_inn_and_ogrn_checksums():
    from app.orgs.requisites import valid_inn, valid_ogrn

    assert valid_inn(INN) and not valid_inn("7707083890") and not valid_inn("770708389") and not valid_inn("77070838ab")
    assert valid_ogrn(OGRN) and not valid_ogrn("1027700132190") and not valid_ogrn("102770013219")


def test_for_documents_gives_the_engine_the_schools_requisites_and_its_director(app, world, clients):
    from app.documents import WordDocument
    from app.orgs.models import Organization
    from app.orgs.requisites import for_documents

    _save(clients("a_director"))
    with acting(app, world, "a_curator", "A") as session:
        requisites = for_documents(session.get(Organization, world.orgs["A"].id))
    assert requisites.full_name == "Organization A" and requisites.short_name == "Org A"
    assert requisites.address == GOOD["address"] and requisites.inn == INN
    assert requisites.director_name == "Person a_director"
    assert (requisites.font_name, requisites.font_size) == ("PT Astra Serif", 12)
    doc = WordDocument(requisites)
    doc.header("ПРИКАЗ")
    doc.signature()
    document = Document(io.BytesIO(doc.to_bytes()))
    assert document.paragraphs[0].text == "Organization A"
    assert document.tables[0].rows[0].cells[-1].text == "Person a_director"


def test_for_documents_defaults_to_times_new_roman_14_and_no_director(app, world):
    from app.orgs.models import Organization
    from app.orgs.requisites import for_documents

    with acting(app, world, "b_teacher", "B") as session:
        org = session.get(Organization, world.orgs["B"].id)
        requisites = for_documents(org)
    assert (requisites.font_name, requisites.font_size) == ("Times New Roman", 14)
    assert requisites.director_name == "Person b_director"
    with acting(app, world, "c_teacher", "C") as session:
        assert for_documents(session.get(Organization, world.orgs["C"].id)).director_name == ""


# --- the database: raw SQL as the app role ---

def test_another_schools_scope_cannot_update_the_schools_row(world, app_engine, inspector):
    a, b = world.orgs["A"], world.orgs["B"]
    with app_engine.connect() as conn:
        with conn.begin():
            _scope(conn, b, world.people["b_director"].id)
            assert conn.execute(text("SELECT count(*) FROM organizations WHERE id = :a"),
                                {"a": a.id}).scalar_one() == 1  # the directory stays readable
            updated = conn.execute(text("UPDATE organizations SET address = 'forged', name = 'forged' "
                                        "WHERE id = :a"), {"a": a.id}).rowcount
    assert updated == 0
    assert _row(inspector, a.id)["address"] is None


def test_the_schools_own_scope_writes_its_requisites(world, app_engine, inspector):
    a = world.orgs["A"]
    with app_engine.connect() as conn:
        with conn.begin():
            _scope(conn, a, world.people["a_director"].id)
            assert conn.execute(text("UPDATE organizations SET address = 'ул. Лукашина, д. 5' WHERE id = :a"),
                                {"a": a.id}).rowcount == 1
    assert _row(inspector, a.id)["address"] == "ул. Лукашина, д. 5"


def test_the_department_edits_names_but_never_a_schools_requisites(world, app_engine, inspector):
    a, d1 = world.orgs["A"], world.orgs["D1"]
    with app_engine.connect() as conn:
        with conn.begin():
            _scope(conn, d1, world.people["d1_officer"].id)
            assert conn.execute(text("UPDATE organizations SET name = 'Школа А' WHERE id = :a"),
                                {"a": a.id}).rowcount == 1
            conn.rollback()
        trans = conn.begin()
        _scope(conn, d1, world.people["d1_officer"].id)
        with pytest.raises(Exception, match="requisites of an organization change only in its own scope"):
            conn.execute(text("UPDATE organizations SET inn = :inn WHERE id = :a"), {"inn": INN, "a": a.id})
        trans.rollback()
    assert _row(inspector, a.id)["inn"] is None


def test_the_app_role_never_changes_an_organizations_slug_kind_or_municipality(world, app_engine):
    a = world.orgs["A"]
    for statement in ("UPDATE organizations SET slug = 'stolen' WHERE id = :a",
                      "UPDATE organizations SET kind = 'municipal' WHERE id = :a",
                      "UPDATE organizations SET municipality_id = municipality_id WHERE id = :a"):
        with app_engine.connect() as conn:
            trans = conn.begin()
            _scope(conn, a, world.people["a_director"].id)
            with pytest.raises(Exception, match="permission denied"):
                conn.execute(text(statement), {"a": a.id})
            trans.rollback()


def test_the_database_keeps_the_formats_of_inn_ogrn_and_font_size(world, app_engine):
    a = world.orgs["A"]
    for column, value in (("inn", "12345"), ("ogrn", "abc"), ("document_font_size", 30)):
        with app_engine.connect() as conn:
            trans = conn.begin()
            _scope(conn, a, world.people["a_director"].id)
            with pytest.raises(Exception, match="ck_organizations_"):
                conn.execute(text(f"UPDATE organizations SET {column} = :v WHERE id = :a"), {"v": value, "a": a.id})
            trans.rollback()


def test_audit_details_are_plain_json(world, clients, inspector):
    _save(clients("a_admin"))
    with inspector.connect() as conn:
        details = conn.execute(text("SELECT details FROM audit_events WHERE action = 'update_requisites'")
                               ).scalar_one()
    assert json.loads(json.dumps(details))["after"]["document_font_size"] == 12
