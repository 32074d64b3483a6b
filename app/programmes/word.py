"""The programme as a DOCX in the usual form of a personalized mentoring programme (roadmap 5.2): the
title page with the school's requisites and the director's «УТВЕРЖДАЮ», the participants, the form and
the term, goals, difficulties and strengths, the plan as a table, expected results, signature lines.
It is called as the Положение calls it (1.2: «персонализированная программа наставничества»), as the
pages and the export do; the curator's line is named like the director's (``curator_name``: who
approved it, or the school's curator; empty leaves the line to fill in by hand)."""
from __future__ import annotations

from app.documents import Signer, WordDocument
from app.documents.typography import date_numeric
from app.orgs.requisites import for_documents

KIND_WORDS = {
    "lesson_visit": "Посещение урока", "open_lesson": "Открытый урок", "consultation": "Консультация",
    "joint_planning": "Совместное планирование урока", "self_study": "Самообразование", "seminar": "Семинар",
    "contest": "Конкурс", "course": "Курсы", "other": "Другое",
}
STATUS_WORDS = {"planned": "запланировано", "in_progress": "выполняется", "done": "выполнено",
                "cancelled": "отменено"}


def build(org, programme, participants, activities, form_name: str, curator_name: str, competences: dict) -> bytes:
    requisites = for_documents(org)
    doc = WordDocument(requisites, title="Персонализированная программа наставничества")
    doc.paragraph(requisites.full_name, align="center", bold=True)
    doc.paragraph("")
    doc.paragraph("УТВЕРЖДАЮ", align="right", bold=True)
    doc.paragraph(f"{requisites.director_position.capitalize()} {requisites.name}", align="right")
    doc.paragraph(f"____________ {requisites.director_name}", align="right")
    doc.paragraph("«___» ____________ 20___ г.", align="right")
    doc.paragraph("")
    doc.title("ПЕРСОНАЛИЗИРОВАННАЯ ПРОГРАММА НАСТАВНИЧЕСТВА")
    names = {teacher.id: teacher for _, teacher in participants}
    mentors = [t.full_name for p, t in participants if p.role.value == "mentor"]
    mentees = [t.full_name for p, t in participants if p.role.value == "mentee"]
    doc.paragraph(f"Наставник: {', '.join(mentors)}", align="left", indent=False)
    doc.paragraph(f"{'Наставляемые' if len(mentees) > 1 else 'Наставляемый'}: {', '.join(mentees)}",
                  align="left", indent=False)
    doc.paragraph(f"Форма наставничества: {form_name}", align="left", indent=False)
    doc.paragraph(f"Срок реализации: с {date_numeric(programme.starts_on)} по {date_numeric(programme.ends_on)}",
                  align="left", indent=False)
    if requisites.locality:
        doc.paragraph(requisites.locality, align="center")
    doc.page_break()
    sections = [("1. Цели и задачи", programme.goals),
                ("2. Профессиональные затруднения наставляемого", None),
                ("3. Сильные стороны, которые поддерживает программа", programme.strengths),
                ("4. Направления работы", programme.directions),
                ("5. Формы и виды деятельности", programme.activity_forms)]
    for heading, text in sections:
        doc.paragraph(heading, align="left", bold=True, indent=False)
        if text is None:
            for item in programme.difficulties:
                doc.paragraph(f"{competences.get(item['code'], item['code'])}: {item['text']}")
            if programme.difficulties_note:
                doc.paragraph(programme.difficulties_note)
            if not programme.difficulties and not programme.difficulties_note:
                doc.paragraph("—")
        else:
            doc.paragraph(text or "—")
    doc.paragraph("6. План мероприятий", align="left", bold=True, indent=False)
    doc.table(["№", "Мероприятие", "Вид", "Срок", "Ответственный", "Отметка о выполнении"],
              [[str(n), a.title, KIND_WORDS[a.kind.value], a.due_on,
                names[a.responsible_teacher_id].short_name if a.responsible_teacher_id in names else "",
                STATUS_WORDS[a.status.value]] for n, a in enumerate(activities, start=1)],
              widths_mm=[10, 55, 30, 22, 30, 28], font_size=11)
    doc.paragraph("7. Ожидаемые результаты", align="left", bold=True, indent=False)
    doc.paragraph(programme.expected_results or "—")
    doc.signature(Signer(curator_name, "куратор"), heading="Куратор:")
    for name in mentors:
        doc.signature(Signer(name), heading="Наставник:", with_position=False)
    for name in mentees:
        doc.signature(Signer(name), heading="Наставляемый:", with_position=False)
    return doc.to_bytes()
