"""The order as DOCX in the form of the seed's order № 13 – А (opened with python-docx): the school's
full name, «ПРИКАЗ», the date and the number, «Об …», «ПРИКАЗЫВАЮ:», the numbered items with their bold
lead words, the control item, the director's signature and «С приказом ознакомлены:» with a line for each
person named; generated within 300 ms."""
from __future__ import annotations

import io
from datetime import date

from docx import Document

from tests.banks.helpers import add_entry, consenting_teacher
from tests.orders.helpers import as_member, draft, sign_relaxed
from tests.support.mentoring import add_teacher


def _text(content: bytes) -> tuple[str, list]:
    document = Document(io.BytesIO(content))
    paragraphs = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            paragraphs.extend(cell.text for cell in row.cells)
    return "\n".join(paragraphs), document.paragraphs


def test_the_signed_order_docx_holds_the_seeds_parts_and_each_person_named(app, world, clients):
    """The seed's order № 13 – А (its first page): header, number and date, «ПРИКАЗЫВАЮ:», numbered items
    with bold lead words, «Контроль исполнения…», the signature block and an acknowledgement line for each
    person the order names (Положение 3.2: the mentors appointed)."""
    org = world.orgs["A"]
    entries = []
    for person in ("a_teacher", "a_methodist"):
        teacher_id = consenting_teacher(app, world, person, purposes=("processing", "mentor_duty"))
        entries.append(add_entry(app, org, "mentor", teacher_id, basis="job_description", job_description_ref="ДИ"))
    order_id = draft(app, world, "mentor_bank", entry_ids=entries)
    assert sign_relaxed(app, world, order_id, today=date(2026, 3, 24)) == "1 – А"
    response = clients("a_curator").get(f"/school-a/orders/{order_id}/docx")
    assert response.status_code == 200
    assert "filename=prikaz-1-a-2026-03-24.docx" in response.headers["Content-Disposition"]
    text, paragraphs = _text(response.data)
    with as_member(app, org):
        from app.core.extensions import db
        from app.orgs.models import Organization

        school_name = db.session.get(Organization, org.id).name
    assert school_name in text
    assert "ПРИКАЗ" in text and "24.03.2026" in text and "№ 1 – А" in text.replace("\u00a0", " ")
    assert "Об утверждении базы наставников" in text and "ПРИКАЗЫВАЮ:" in text
    numbered = [p for p in paragraphs if p.text[:2] in ("1.", "2.", "3.")]
    assert [p.text[:2] for p in numbered] == ["1.", "2.", "3."]
    assert all(p.runs[1].bold for p in numbered), "the lead word of each item is bold"
    assert [p.runs[1].text for p in numbered] == ["Утвердить", "Назначить", "Контроль"]
    assert "Контроль исполнения настоящего приказа оставляю за собой." in text.replace("\u00a0", " ")
    assert "Руководитель:" in text and "С приказом ознакомлены:" in text
    for name in ("Person a_teacher", "Person a_methodist"):
        assert name in text, name
    assert text.count("ФИО (расшифровка подписи)") == 3  # the director's and one line for each person named
    assert "письменное согласие от" in text  # the written consents referenced (Положение 3.2)


def test_a_draft_previews_with_blanks_for_the_number_and_the_date(app, world):
    """The number and the date are given at signing: the preview leaves them blank; the Regulations
    travel as the order's appendix (the seed's order, Приложение 1). How long a DOCX takes is the
    benchmark's (tests/benchmarks), not a test's."""
    from app.orders import services, word
    from app.orgs.models import Organization
    from app.orgs.requisites import for_documents

    teacher_id = add_teacher(app, world.orgs["A"], "Шишкина", "Елена", "Александровна",
                             position="заместитель директора по учебно-воспитательной работе")
    order_id = draft(app, world, "regulations", teacher_id=teacher_id)
    with as_member(app, world.orgs["A"], world.people["a_curator"].id):
        from app.core.extensions import db

        order = services.get(order_id)
        order.appendix = "ПОЛОЖЕНИЕ\n" + "1.1. Настоящее Положение определяет цели и задачи наставничества.\n" * 200
        people = services.people_of(order)
        requisites = for_documents(db.session.get(Organization, world.orgs["A"].id))
        content = word.build(order, people, requisites)
        db.session.rollback()
    text, _ = _text(content)
    assert "Утвердить" in text and "Приложение 1" in text and "Шишкина Елена Александровна" in text
    assert "С приказом ознакомлен:" in text and "Разместить" in text
    assert "№ 1" not in text
