"""The printable consent forms (DOCX, opened with python-docx): every element of 152-ФЗ ст. 9 ч. 4 — the
subject (with the passport and address lines left to fill by hand: no passport data is stored), the
operator's full name and address, the purpose, the list of data, the actions, the term, how to
withdraw — the school's requisites, the date and the signature lines; for a transfer the recipient, for
a dissemination the data and places chosen (ст. 10.1), for the mentor the duties, term, form and pay
(ТК РФ ст. 351.8), for a pair Положение 3.3 and 6.2."""
from __future__ import annotations

import pytest

from tests.consents.helpers import docx_text, in_school
from tests.support.mentoring import add_consent, add_world_teacher

# ст. 9 ч. 4: п. 1 subject, п. 3 operator and address, п. 4 purpose, п. 5 data, п. 7 actions, п. 8 term and
# withdrawal, п. 9 signature.
ADDRESS = "301246, Тульская область, г. Щёкино, ул. Лукашина, д. 9"
COMMON = ("Person a_teacher", "паспорт: серия ______ № ____________, выдан", "зарегистрирован(а) по адресу",
          "Organization A", f"(адрес: {ADDRESS})", "Субъект персональных данных:", "подпись",
          "ФИО (расшифровка подписи)", "Согласие действует со дня его подписания", "отозвать", "тридцати дней")


@pytest.fixture(autouse=True)
def requisites(app, world):
    """The school's requisites (the documents feature's organization fields), written in its own scope."""
    from app.orgs.models import Organization

    with in_school(app, world) as session:
        org = session.get(Organization, world.orgs["A"].id)
        org.address, org.locality = ADDRESS, "г. Щёкино"
        session.commit()


BY_PURPOSE = {
    "processing": ({}, ("Цель обработки", "Перечень персональных данных", "дата рождения", "Действия с "
                        "персональными данными", "сбор, запись", "№ 152-ФЗ")),
    "transfer": ({"recipient": "Organization B"}, ("оператору: Organization B", "Цель передачи",
                                                   "Перечень передаваемых персональных данных")),
    "dissemination": ({"published_fields": ["full_name", "category"], "published_places": ["municipal_bank"]},
                      ("разрешённые для распространения: фамилия, имя, отчество; квалификационная категория",
                       "Место распространения: муниципальный банк наставников", "статьёй 10.1")),
    "mentor_duty": ({"terms": {"term": "до 31.05.2027", "form": "наставничество в группе", "pay": "без оплаты"}},
                    ("статьёй 351.8", "пунктом 3.2", "пункту 4.2", "Срок наставничества: до 31.05.2027",
                     "Форма наставничества: наставничество в группе", "Оплата: без оплаты", "три рабочих дня")),
    "pair_duty": ({}, ("пунктами 3.3 и 6.2", "наставнической паре", "дополнительных обязанностей")),
}


@pytest.mark.parametrize("purpose", sorted(BY_PURPOSE))
def test_the_form_filled_from_a_record_holds_every_element_of_article_9_part_4(purpose, app, world, clients):
    fields, expected = BY_PURPOSE[purpose]
    from app.consents import texts
    from app.consents.models import Purpose

    teacher_id = add_world_teacher(app, world, "a_teacher", "A")
    with in_school(app, world) as session:  # the school's first version, from the default template
        texts.current_text(Purpose(purpose))
        session.commit()
    consent_id = add_consent(app, world.orgs["A"], teacher_id, purpose, **fields)
    response = clients("a_curator").get(f"/school-a/consents/{consent_id}/form.docx")
    assert response.status_code == 200
    assert response.mimetype.endswith("wordprocessingml.document")
    document = docx_text(response.data)
    assert texts.DEFAULTS[Purpose(purpose)][0] + " (редакция № 1)" in document
    for element in COMMON + expected + ("\n" + ADDRESS + "\n", "г. Щёкино"):  # the header's requisites
        assert element in document, (purpose, element)
    assert "Дано в электронной форме" in document and "«___» ____________ 20___ г." in document


def test_a_blank_form_for_a_person_is_filled_with_their_name_and_the_schools_requisites(app, world, clients):
    teacher_id = add_world_teacher(app, world, "a_teacher", "A")
    response = clients("a_admin").get(f"/school-a/consents/people/{teacher_id}/blank.docx?purpose=processing")
    assert response.status_code == 200
    document = docx_text(response.data)
    for element in COMMON + BY_PURPOSE["processing"][1] + ("«___» ____________ 20___ г.",):
        assert element in document, element
    own = clients("a_teacher").get("/school-a/consents/mine/blank.docx?purpose=mentor_duty")
    assert own.status_code == 200 and "Срок наставничества: ____" in docx_text(own.data)
    assert clients("a_admin").get(f"/school-a/consents/people/{teacher_id}/blank.docx?purpose=nothing"
                                  ).status_code == 404
