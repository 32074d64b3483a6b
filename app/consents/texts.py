"""The consent texts of the school as operator: the default template of each purpose (the first version,
written in Russian, with every element of 152-ФЗ ст. 9 ч. 4), the versions the curator publishes, and
the filling of a text for one person.

A text holds markers that are filled per person and per consent: [ФИО] (the subject), [ОПЕРАТОР] and
[АДРЕС ОПЕРАТОРА] (the school), [ПОЛУЧАТЕЛЬ] (a transfer's recipient), [ПУБЛИКУЕМЫЕ ДАННЫЕ] and
[МЕСТО ПУБЛИКАЦИИ] (a dissemination's choices, ст. 10.1), [СРОК], [ФОРМА НАСТАВНИЧЕСТВА], [ОПЛАТА] (the
mentor's terms, ТК РФ ст. 351.8). Markers are replaced as plain text, never formatted: a text the
curator writes cannot run anything."""
from __future__ import annotations

import uuid
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.audit import services as audit
from app.consents.models import ConsentText, Purpose
from app.core.extensions import db
from tenants.scope import require_scope

SUBJECT, OPERATOR, OPERATOR_ADDRESS = "[ФИО]", "[ОПЕРАТОР]", "[АДРЕС ОПЕРАТОРА]"
RECIPIENT, PUBLISHED, PLACE = "[ПОЛУЧАТЕЛЬ]", "[ПУБЛИКУЕМЫЕ ДАННЫЕ]", "[МЕСТО ПУБЛИКАЦИИ]"
TERM, FORM, PAY = "[СРОК]", "[ФОРМА НАСТАВНИЧЕСТВА]", "[ОПЛАТА]"

# Markers a version must keep: 152-ФЗ ст. 9 ч. 4 п. 1, 3 (the subject, the operator and its address),
# п. 6 for a transfer (the recipient), ст. 10.1 for a dissemination (which data, where), ТК РФ ст. 351.8
# for the mentor (term, form, pay).
REQUIRED_MARKERS = {
    Purpose.processing: (SUBJECT, OPERATOR, OPERATOR_ADDRESS),
    Purpose.transfer: (SUBJECT, OPERATOR, OPERATOR_ADDRESS, RECIPIENT),
    Purpose.dissemination: (SUBJECT, OPERATOR, OPERATOR_ADDRESS, PUBLISHED, PLACE),
    Purpose.mentor_duty: (SUBJECT, OPERATOR, OPERATOR_ADDRESS, TERM, FORM, PAY),
    Purpose.pair_duty: (SUBJECT, OPERATOR, OPERATOR_ADDRESS),
}

# The data of a teacher record that a dissemination may cover (only what the registry holds).
PUBLISHABLE = {
    "full_name": "фамилия, имя, отчество",
    "position": "должность",
    "subjects": "преподаваемые предметы",
    "category": "квалификационная категория",
    "experience": "педагогический стаж",
}
PUBLISHABLE_LABELS = {
    "full_name": _l("Full name"), "position": _l("Position"), "subjects": _l("Subjects"),
    "category": _l("Qualification category"), "experience": _l("Pedagogical experience"),
}
# Where the data may be published (Положение 8.1: the section of the school's site; DESIGN.md §5: the
# municipal bank of mentors).
PLACES = {
    "school_site": "раздел «Наставничество» официального сайта школы в сети «Интернет»",
    "municipal_bank": "муниципальный банк наставников (доступен педагогам и кураторам школ муниципалитета)",
}
PLACE_LABELS = {"school_site": _l("The «Mentoring» section of the school's website"),
                "municipal_bank": _l("The municipal bank of mentors")}
# The forms of mentoring of Положение 2.3 (the mentor's consent names one).
MENTORING_FORMS = ("традиционная форма («один на один»)", "наставничество в группе",
                   "виртуальное (дистанционное) наставничество", "краткосрочное или целеполагающее наставничество",
                   "реверсивное наставничество", "ситуационное наставничество", "скоростное наставничество",
                   "«учитель – учитель»", "«руководитель образовательной организации – учитель»")

_ACTIONS = ("сбор, запись, систематизация, накопление, хранение, уточнение (обновление, изменение), извлечение, "
            "использование, блокирование, удаление, уничтожение; обработка автоматизированная (в информационной "
            "системе «Наставник») и без использования средств автоматизации")
_WITHDRAWAL = ("Согласие действует со дня его подписания до дня его отзыва. Я могу отозвать согласие в любой момент: "
               "письменным заявлением, поданным оператору, или на своей странице «Мои согласия» в системе "
               "«Наставник». Отзыв действует сразу; данные, обработка которых больше не основана на согласии, "
               "оператор уничтожает в срок, не превышающий тридцати дней с даты поступления отзыва "
               "(ч. 5 ст. 21 Федерального закона от 27.07.2006 № 152-ФЗ «О персональных данных»), и составляет "
               "акт об уничтожении.")
_OPENING = (f"Я, {SUBJECT}, в соответствии со статьёй 9 Федерального закона от 27.07.2006 № 152-ФЗ «О персональных "
            f"данных» свободно, своей волей и в своём интересе даю оператору — {OPERATOR} (адрес: "
            f"{OPERATOR_ADDRESS}) — ")

DEFAULTS: dict[Purpose, tuple[str, str]] = {
    Purpose.processing: (
        "Согласие на обработку персональных данных в системе наставничества",
        "\n".join([
            _OPENING + "согласие на обработку моих персональных данных.",
            "Цель обработки: организация и реализация системы (целевой модели) наставничества педагогических "
            "работников школы — ведение банков наставников и наставляемых, формирование наставнических пар "
            "и групп, персонализированные программы наставничества, мониторинг и отчётность (Положение о системе "
            "наставничества, пп. 3.4, 3.5).",
            "Перечень персональных данных: фамилия, имя, отчество; должность; преподаваемые предметы; "
            "квалификационная категория; педагогический стаж; дата приёма на работу; дата рождения; адрес "
            "электронной почты; номер телефона; профессиональные затруднения и запросы; сведения анкеты "
            "потенциального наставника (компетенции, темы, формы наставничества); участие в наставнических "
            "парах и группах и его результаты.",
            "Действия с персональными данными: " + _ACTIONS + ".",
            _WITHDRAWAL,
        ])),
    Purpose.transfer: (
        "Согласие на передачу персональных данных другому оператору",
        "\n".join([
            _OPENING + f"согласие на передачу (предоставление) моих персональных данных оператору: {RECIPIENT}.",
            "Цель передачи: участие в сетевом и муниципальном наставничестве — подбор наставников и "
            "наставляемых, формирование сетевых наставнических пар, муниципальный банк наставников.",
            "Перечень передаваемых персональных данных: фамилия, имя, отчество; должность; преподаваемые "
            "предметы; квалификационная категория; педагогический стаж; адрес электронной почты; сведения анкеты "
            "потенциального наставника или профессиональные запросы.",
            "Действия с персональными данными: передача (предоставление, доступ) получателю, который "
            "обрабатывает их для указанной цели: " + _ACTIONS + ".",
            _WITHDRAWAL,
        ])),
    Purpose.dissemination: (
        "Согласие на обработку персональных данных, разрешённых для распространения",
        "\n".join([
            f"Я, {SUBJECT}, в соответствии со статьёй 10.1 Федерального закона от 27.07.2006 № 152-ФЗ «О "
            f"персональных данных» даю оператору — {OPERATOR} (адрес: {OPERATOR_ADDRESS}) — согласие на "
            "распространение моих персональных данных.",
            "Цель: информирование о системе наставничества школы, её наставниках и результатах "
            "(Положение о системе наставничества, раздел 8).",
            f"Персональные данные, разрешённые для распространения: {PUBLISHED}. Иные данные не "
            "распространяются.",
            f"Место распространения: {PLACE}.",
            "Условия и запреты: данные публикуются только в указанном месте; передача их неограниченному кругу "
            "лиц иным способом запрещена.",
            "Согласие действует со дня его подписания до дня его отзыва. Я могу в любой момент отозвать его и "
            "потребовать прекратить распространение (ч. 12 ст. 10.1) письменным заявлением или на своей странице «Мои "
            "согласия» в системе «Наставник»; оператор прекращает распространение сразу и уничтожает данные, "
            "обработка которых больше не основана на согласии, в срок, не превышающий тридцати дней.",
        ])),
    Purpose.mentor_duty: (
        "Согласие на выполнение обязанностей наставника",
        "\n".join([
            f"Я, {SUBJECT}, в соответствии со статьёй 351.8 Трудового кодекса Российской Федерации и пунктом 3.2 "
            f"Положения о системе наставничества даю работодателю — {OPERATOR} (адрес: {OPERATOR_ADDRESS}) — "
            "письменное согласие на выполнение обязанностей наставника.",
            "Содержание работы: обязанности наставника по пункту 4.2 Положения о системе наставничества — "
            "сопровождение наставляемого по персонализированной программе наставничества, включение его в "
            "жизнь коллектива, методическая поддержка, участие в обсуждении его педагогической деятельности.",
            f"Срок наставничества: {TERM}.",
            f"Форма наставничества: {FORM}.",
            f"Оплата: {PAY}.",
            "Условия выполнения работы наставника устанавливаются дополнительным соглашением к трудовому "
            "договору; каждая сторона вправе досрочно отказаться от выполнения этой работы, предупредив другую "
            "сторону в письменной форме не менее чем за три рабочих дня (ст. 351.8 ТК РФ).",
            "Для этой цели обрабатываются: фамилия, имя, отчество; должность; сведения анкеты потенциального "
            "наставника; сведения о наставнических парах; действия: " + _ACTIONS + ".",
            _WITHDRAWAL,
        ])),
    Purpose.pair_duty: (
        "Согласие на участие в наставнической паре (группе)",
        "\n".join([
            f"Я, {SUBJECT}, в соответствии с пунктами 3.3 и 6.2 Положения о системе наставничества даю "
            f"работодателю — {OPERATOR} (адрес: {OPERATOR_ADDRESS}) — письменное согласие на закрепление меня в "
            "наставнической паре (группе) приказом руководителя и на возложение на меня дополнительных "
            "обязанностей, связанных с наставнической деятельностью.",
            "Цель: реализация персонализированной программы наставничества сроком от трёх месяцев до одного "
            "года (Положение, п. 1.2).",
            "Для этой цели обрабатываются: фамилия, имя, отчество; должность; профессиональные затруднения и "
            "запросы; план и журнал персонализированной программы; действия: " + _ACTIONS + ".",
            _WITHDRAWAL,
        ])),
}


@dataclass(frozen=True)
class Filling:
    """What a text is filled with for one person and one consent."""

    subject: str
    operator: str
    operator_address: str
    recipient: str | None = None
    published: list[str] | None = None  # PUBLISHABLE codes
    places: list[str] | None = None  # PLACES codes
    terms: dict | None = None  # the mentor's {"term", "form", "pay"}


UNFILLED = "____________________"


def operator_of(org) -> tuple[str, str]:
    """The school's full name and address as the operator (152-ФЗ ст. 9 ч. 4 п. 3); an address the
    school has not entered in its requisites is a line to fill in by hand."""
    return org.name, org.address or UNFILLED


def published_words(codes) -> str:
    return "; ".join(PUBLISHABLE[c] for c in codes if c in PUBLISHABLE) or UNFILLED


def place_words(codes) -> str:
    return "; ".join(PLACES[c] for c in codes if c in PLACES) or UNFILLED


def fill(body: str, filling: Filling) -> str:
    """The text as the person reads and signs it."""
    terms = filling.terms or {}
    values = {
        SUBJECT: filling.subject or UNFILLED,
        OPERATOR: filling.operator,
        OPERATOR_ADDRESS: filling.operator_address,
        RECIPIENT: filling.recipient or UNFILLED,
        PUBLISHED: published_words(filling.published or ()),
        PLACE: place_words(filling.places or ()),
        TERM: terms.get("term") or UNFILLED,
        FORM: terms.get("form") or UNFILLED,
        PAY: terms.get("pay") or UNFILLED,
    }
    for marker, value in values.items():
        body = body.replace(marker, value)
    return body


def missing_markers(purpose: Purpose, body: str) -> list[str]:
    return [marker for marker in REQUIRED_MARKERS[purpose] if marker not in body]


def current_texts() -> dict[Purpose, ConsentText]:
    """The current (latest) version of each purpose's text of this school, in one statement."""
    scope = require_scope()
    latest = (select(ConsentText.purpose, func.max(ConsentText.version).label("version"))
              .where(ConsentText.org_id == scope.org_id).group_by(ConsentText.purpose).subquery())
    rows = db.session.scalars(select(ConsentText).join(latest, (latest.c.purpose == ConsentText.purpose)
                                                       & (latest.c.version == ConsentText.version))
                              .where(ConsentText.org_id == scope.org_id))
    return {row.purpose: row for row in rows}


def current_text(purpose: Purpose) -> ConsentText:
    """The purpose's current version; the first is written from the default template when the school has
    none yet (an insert, never an update: texts are append-only)."""
    scope = require_scope()
    found = db.session.scalars(select(ConsentText).where(ConsentText.org_id == scope.org_id,
                                                         ConsentText.purpose == purpose)
                               .order_by(ConsentText.version.desc()).limit(1)).first()
    if found is not None:
        return found
    title, body = DEFAULTS[purpose]
    text_row = ConsentText(id=uuid.uuid4(), purpose=purpose, version=1, title=title, body=body,
                           created_by_id=None)
    try:
        with db.session.begin_nested():  # two first readers at once: the second reads the first's
            db.session.add(text_row)
    except IntegrityError:
        return current_text(purpose)
    audit.record("publish_text", "consent_text", text_row.id, object_name=title,
                 details={"purpose": purpose.value, "version": 1})
    return text_row


def get_text(text_id: uuid.UUID) -> ConsentText | None:
    scope = require_scope()
    return db.session.scalars(select(ConsentText).where(ConsentText.id == text_id,
                                                        ConsentText.org_id == scope.org_id)).one_or_none()


def versions(purpose: Purpose) -> list[ConsentText]:
    scope = require_scope()
    return list(db.session.scalars(select(ConsentText).where(ConsentText.org_id == scope.org_id,
                                                             ConsentText.purpose == purpose)
                                   .order_by(ConsentText.version.desc()).limit(100)))
