"""The default text of each kind of order: the title «Об …», the preamble with the legal grounds and the
items generated from what the order references (the seed's order № 13 – А is the model of the form).
The curator edits the text of a draft before the director signs it. The text of a document is Russian
whatever the language of the page (it is the school's document), so it is not translated."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.documents.typography import date_numeric
from app.orders import grammar

# The legal grounds every order of the mentoring system rests on (the seed's preamble, shortened).
GROUNDS = ("Руководствуясь Федеральным законом от 29.12.2012 № 273-ФЗ «Об образовании в Российской Федерации», "
           "статьёй 351.8 Трудового кодекса Российской Федерации, Методическими рекомендациями по разработке и "
           "внедрению системы (целевой модели) наставничества педагогических работников в образовательных "
           "организациях (письмо Минпросвещения России от 21.12.2021 № АЗ-1128/08), Положением о системе "
           "наставничества педагогических работников {school}")
CLOSING_ITEM = "исполнения настоящего приказа оставляю за собой."


@dataclass(frozen=True)
class Person:
    teacher_id: object
    name: str              # «Шишкина Елена Александровна»
    position: str | None = None


@dataclass(frozen=True)
class ConsentRef:
    name: str
    given_on: date | None


def _consent(ref: ConsentRef) -> str:
    return (f"письменное согласие от {date_numeric(ref.given_on)}" if ref.given_on
            else "письменное согласие")


def regulations(school: str, curator: Person | None) -> tuple[str, str, list[dict]]:
    """The seed's order: the Положение (Приложение 1) and the roadmap (Приложение 2) approved, the curator
    appointed, the order published on the school's site."""
    title = f"Об утверждении Положения о системе наставничества педагогических работников {school}"
    preamble = (GROUNDS.format(school=school) + ", с целью реализации основных принципов системы наставничества, "
                "создания эффективной среды наставничества, способствующей непрерывному профессиональному росту "
                "педагогических работников и закреплению молодых специалистов в профессии")
    items = [{"lead": "Утвердить", "text": f"Положение о системе наставничества педагогических работников {school} "
                                          "(Приложение 1)."},
             {"lead": "Утвердить", "text": "Дорожную карту (план мероприятий) по реализации Положения о системе "
                                          f"наставничества педагогических работников {school} (Приложение 2)."}]
    if curator is not None:
        items.append(_curator_item(curator, school))
    items.append({"lead": "Разместить", "text": "данный приказ на сайте школы."})
    return title, preamble, items


def _curator_item(curator: Person, school: str) -> dict:
    position = f", {curator.position}" if curator.position else ""
    return {"lead": "Назначить", "text": "куратором реализации программ наставничества педагогических работников "
                                        f"{school} {curator.name}{position}."}


def curator(school: str, person: Person) -> tuple[str, str, list[dict]]:
    """Положение 3.5 (the curator)."""
    return ("О назначении куратора реализации программ наставничества",
            GROUNDS.format(school=school) + ", в целях организации работы по наставничеству",
            [_curator_item(person, school)])


def mentor_bank(school: str, mentors: list[tuple[Person, ConsentRef]]) -> tuple[str, str, list[dict]]:
    """Положение 3.2: a mentor is appointed by the director's order with their written consent."""
    lines = "; ".join(f"{person.name}{', ' + person.position if person.position else ''} ({_consent(consent)})"
                      for person, consent in mentors)
    return ("Об утверждении базы наставников и назначении наставников",
            GROUNDS.format(school=school) + " (пункт 3.2), на основании письменного согласия педагогических "
            "работников на возложение на них дополнительных обязанностей, связанных с наставнической деятельностью",
            [{"lead": "Утвердить", "text": f"базу наставников {school}."},
             {"lead": "Назначить", "text": f"наставниками педагогических работников: {lines}."}])


def pairs(school: str, groups: list[tuple[str, list[tuple[Person, ConsentRef]], list[tuple[Person, ConsentRef]]]]
          ) -> tuple[str, str, list[dict]]:
    """Положение 3.3, 6.2: the pairs and groups are approved by the order with the written consent of
    their participants."""
    lines = []
    for form, mentors, mentees in groups:
        mentor_text = ", ".join(f"{p.name} ({_consent(c)})" for p, c in mentors)
        mentee_text = ", ".join(f"{p.name} ({_consent(c)})" for p, c in mentees)
        lines.append(f"наставник {mentor_text} — наставляемые {mentee_text}" if len(mentees) > 1
                     else f"наставник {mentor_text} — {grammar.mentee_word(mentees[0][0].name)} {mentee_text}")
    return ("О закреплении наставнических пар (групп)",
            GROUNDS.format(school=school) + " (пункты 3.3, 6.2), с письменного согласия участников на возложение на "
            "них дополнительных обязанностей, связанных с наставнической деятельностью",
            [{"lead": "Закрепить", "text": "наставнические пары (группы): " + "; ".join(lines) + "."},
             {"lead": "Наставникам", "text": "в течение месяца разработать совместно с наставляемыми "
                                             "персонализированные программы наставничества."}])


def replace_mentor(school: str, pair_line: str, old: Person, new: Person, consent: ConsentRef
                   ) -> tuple[str, str, list[dict]]:
    return ("О замене наставника",
            GROUNDS.format(school=school) + ", на основании письменного согласия педагогического работника",
            [{"lead": "Освободить", "text": f"{old.name} от обязанностей наставника ({pair_line})."},
             {"lead": "Назначить", "text": f"наставником ({pair_line}) {new.name} ({_consent(consent)})."}])


def extension(school: str, pair_line: str, until: date) -> tuple[str, str, list[dict]]:
    return ("О продлении срока реализации программы наставничества",
            GROUNDS.format(school=school) + " (пункт 7.2), по обоюдному согласию наставника и наставляемого",
            [{"lead": "Продлить", "text": f"срок реализации программы наставничества ({pair_line}) до "
                                         f"{date_numeric(until)}."}])


def release(school: str, person: Person) -> tuple[str, str, list[dict]]:
    """Положение 4.1: the mentor is released from the duties at their request."""
    return ("Об освобождении от обязанностей наставника",
            GROUNDS.format(school=school) + " (пункт 4.1), на основании заявления педагогического работника",
            [{"lead": "Освободить", "text": f"{person.name} от обязанностей наставника."}])


END_REASONS = {
    "plan_completed": "в связи с выполнением плана мероприятий программы наставничества в полном объёме",
    "mentor_initiative": "по инициативе наставника по уважительным обстоятельствам",
    "mentee_initiative": "по инициативе наставляемого по уважительным обстоятельствам",
    "mutual": "по обоюдному решению наставника и наставляемого по уважительным обстоятельствам",
    "curator_improper": "по инициативе куратора в связи с ненадлежащим исполнением программы наставничества",
    "curator_force_majeure": "по инициативе куратора в связи с форс-мажорными обстоятельствами",
}


def ending(school: str, pair_line: str, reason: str, early: bool, note: str | None = None
           ) -> tuple[str, str, list[dict]]:
    """Положение 7.1: the programme ends with the plan fulfilled, or early for a stated reason."""
    title = ("О досрочном прекращении программы наставничества" if early
             else "О завершении программы наставничества")
    return (title, GROUNDS.format(school=school) + " (пункт 7.1)",
            [{"lead": "Прекратить" if early else "Завершить",
              "text": f"реализацию программы наставничества ({pair_line}) {END_REASONS[reason]}"
                      + (f": {note.rstrip('.')}." if note else ".")}])

