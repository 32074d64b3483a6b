"""The demo schools' mentoring cycle, stages 2 and 3 (issue 7, «Demo data»): the consent ledger in every
state, the bank of mentors and the bank of mentees, the questionnaires and request forms sent, so every
page of the registry, both banks and the ledger has something to show.

Everything is written through the features' own services, in each school's scope and as the person who
would do it (the curator records paper forms, the director approves, a teacher with an account gives
their consents and fills their questionnaire in the app): the audit trail and the rules are real, and a
rule the demo broke would stop the seed. Dates are relative to today (the school year that started on
the last 1 September), so the demo stays coherent whenever it is started; each step happens on its day
(the story's clock, app/demo/clock.py: a paper form recorded the afternoon it was signed, the
questionnaires answered before the approvals of 1 September, the requests in the first days of the year).

Idempotent like the rest of the seed: a school whose ledger or banks hold anything is kept as it is."""
from __future__ import annotations

import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal

from sqlalchemy import exists, select

from app.banks import dictionary, mentees, mentors, sending
from app.banks.models import (Bank, BankInvitation, BasisKind, DictionaryEntry, DictionaryKind, MenteeCategory,
                              MenteeEntry, MenteeStatus, MentorEntry, PayKind, SupportKind)
from app.consents import destruction, services as ledger, texts
from app.consents.models import Consent, Purpose
from app.core.extensions import db
from app.core.http import CLIENT_IP
from app.demo import scans
from app.demo.clock import StoryClock, running
from app.orgs import requisites
from app.orgs.models import Organization
from app.teachers.models import Category, Teacher
from app.teachers.young import rule_for
from tenants.switches import acting_in

REASON = "demo data: the mentoring cycle (consents, banks)"
# The browsers the demo people «used» to give their consents in the app.
USER_AGENTS = {
    "mentor@school11.demo": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                            "YaBrowser/24.10 Chrome/128.0 Safari/537.36",
    "mentee@school11.demo": "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) "
                            "Chrome/130.0 Mobile Safari/537.36",
    "methodist@school11.demo": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
    "curator@school11.demo": "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:131.0) Gecko/20100101 Firefox/131.0",
    "director@school11.demo": "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                              "Version/17.6 Safari/605.1.15",
    "curator@school5.demo": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                            "Chrome/129.0 Safari/537.36",
}
# The school's network (a private address: nobody real).
ADDRESSES = ("10.11.0.23", "10.11.0.41", "10.11.0.57", "10.11.0.12", "10.11.0.9", "10.5.0.17")

SCHOOL_REQUISITES = {
    "school11": requisites.RequisitesValues(
        address="301240, Тульская область, г. Щёкино, ул. Школьная, д. 11", locality="г. Щёкино",
        phone="+7 (48751) 5-11-11", email="school11@shchekino.demo"),
    "school1": requisites.RequisitesValues(
        address="301241, Тульская область, г. Щёкино, ул. Ленина, д. 1", locality="г. Щёкино",
        phone="+7 (48751) 5-01-01", email="school1@shchekino.demo"),
}
# The municipality extends the dictionary of competences (issue 7: «a dictionary the municipality can extend»).
MUNICIPAL_COMPETENCE = "Инклюзивное образование: работа с детьми с ОВЗ"


# --------------------------------------------------------------------------------------- helpers


def school_year_start(today: date) -> date:
    """1 September of the school year under way."""
    return date(today.year if today.month >= 9 else today.year - 1, 9, 1)


def order_ref(number: str, day: date) -> str:
    """An order reference as schools write it: «№ 27 – А от 01.09.2026»."""
    return f"№ {number} – А от {day.strftime('%d.%m.%Y')}"


def _moment(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timezone.utc)


def _on(school: "School", day: date, hour: int = 10, minute: int = 0) -> None:
    """The next steps of the school's story happen on ``day`` (never after today) at ``hour``:``minute``:
    what the services stamp is moved there (app/demo/clock.py)."""
    if school.clock is not None:
        school.clock.at(min(day, school.today), hour, minute)


@contextmanager
def _in(org: Organization, user_id: uuid.UUID | None):
    """Act in the school's scope as ``user_id`` (the curator, the director, a teacher)."""
    with acting_in(municipality_id=org.municipality_id, org_id=org.id, user_id=user_id, reason=REASON) as scope:
        yield scope


@contextmanager
def _from_address(address: str):
    """The client's address a service records with a consent given in the app."""
    token = CLIENT_IP.set(address)
    try:
        yield
    finally:
        CLIENT_IP.reset(token)


def _started(org: Organization) -> bool:
    """Whether the school's ledger or banks hold anything: then the demo keeps what is there."""
    return bool(db.session.scalar(select(
        exists().where(Consent.org_id == org.id) | exists().where(MentorEntry.org_id == org.id)
        | exists().where(MenteeEntry.org_id == org.id) | exists().where(BankInvitation.org_id == org.id))))


@dataclass
class School:
    """A school's registry as the demo reads it: the demo accounts' records, the young specialists and
    the rest in the registry's order, handed out to the roles of the story one by one."""

    org: Organization
    today: date
    linked: dict[str, Teacher]
    young: list[Teacher]
    others: list[Teacher]
    taken: set[uuid.UUID] = field(default_factory=set)
    # The story's clock (app/demo/clock.py): the steps of the school's year happen on their days.
    clock: StoryClock | None = None

    @classmethod
    def read(cls, org: Organization, people: dict[str, tuple[uuid.UUID, str]], today: date) -> "School":
        teachers = list(db.session.scalars(select(Teacher).where(Teacher.org_id == org.id, Teacher.is_active.is_(True))
                                           .order_by(Teacher.sort_name, Teacher.id)))
        by_user = {user_id: email for email, (user_id, _name) in people.items()}
        linked = {by_user[t.user_id]: t for t in teachers if t.user_id in by_user}
        rule = rule_for(org.municipality_id)
        young = [t for t in teachers if t.user_id is None and rule.is_young(t.birth_date, t.experience_since, today)]
        others = [t for t in teachers if t.user_id is None and t not in young]
        return cls(org, today, linked, young, others)

    def pick(self, *, subjects: tuple[str, ...] = (), categories: tuple[Category, ...] = (),
             young: bool = False, own_surname: bool = False) -> Teacher | None:
        """The next record not handed out yet, preferring the subjects and categories asked for;
        ``own_surname``: none sharing a demo account's surname (a page about them is not mistaken for the
        demo person's)."""
        pool = [t for t in (self.young if young else self.others) if t.id not in self.taken]
        if own_surname:
            surnames = {t.last_name for t in self.linked.values()}
            pool = [t for t in pool if t.last_name not in surnames]
        for wanted in (lambda t: (not subjects or set(subjects) & set(t.subjects))
                       and (not categories or t.category in categories),
                       lambda t: not subjects or set(subjects) & set(t.subjects),
                       lambda t: True):
            found = next((t for t in pool if wanted(t)), None)
            if found is not None:
                self.taken.add(found.id)
                return found
        return None

    def rest(self) -> list[Teacher]:
        """The records not handed out yet (young and not)."""
        return [t for t in self.young + self.others if t.id not in self.taken]


def _scan_of(teacher: Teacher, what: str, day: date, number: int) -> tuple[bytes, str]:
    """The scan of a signed form: a PDF most of the time, a phone photo (PNG) every fourth one."""
    if number % 4 == 3:
        return scans.png(number), f"foto-{what}-{number:02d}.png"
    return (scans.pdf(f"Scan: {what}", [f"MBOU, demo scan No. {number}", f"Signed on {day.strftime('%d.%m.%Y')}",
                                         "Demonstration data of the Nastavnik system", "(no real person)"]),
            f"skan-{what}-{number:02d}.pdf")


class Ledger:
    """The consent ledger of one school, written as the curator (paper forms) or as the person (in the app)."""

    def __init__(self, school: School, recorder_id: uuid.UUID | None):
        self.school, self.recorder_id, self.scans = school, recorder_id, 0
        with _in(school.org, recorder_id):
            # The first version of each text: the ledger writes it from its defaults.
            self.texts = {purpose: texts.current_text(purpose).id for purpose in Purpose}

    def paper(self, teacher: Teacher, purpose: Purpose, signed_on: date, choices: ledger.Choices | None = None
              ) -> Consent:
        self.scans += 1
        content, filename = _scan_of(teacher, purpose.value, signed_on, self.scans)
        _on(self.school, signed_on, 15, (self.scans * 7) % 60)  # recorded the afternoon it was signed
        with _in(self.school.org, self.recorder_id):
            return ledger.record_paper(teacher.id, purpose, self.texts[purpose], min(signed_on, self.school.today),
                                       content, filename, choices or ledger.Choices())

    def in_app(self, email: str, teacher: Teacher, purpose: Purpose, address: str,
               choices: ledger.Choices | None = None, *, on: date | None = None) -> Consent:
        """Given by the person in the app, on ``on`` in the evening."""
        if on is not None:
            _on(self.school, on, 20, 5 * self.scans % 60)
        with _in(self.school.org, teacher.user_id), _from_address(address):
            return ledger.give(purpose, self.texts[purpose], choices or ledger.Choices(),
                               user_agent=USER_AGENTS.get(email))

    def paper_withdrawal(self, consent: Consent, received_on: date) -> Consent:
        self.scans += 1
        _on(self.school, received_on, 11, 30)
        with _in(self.school.org, self.recorder_id):
            return ledger.record_paper_withdrawal(consent.id, received_on, scans.png(self.scans),
                                                  f"zayavlenie-ob-otzyve-{self.scans:02d}.png",
                                                  now=_moment(received_on, 11))


def _send(school: School, sender_id: uuid.UUID, bank: Bank, teachers: list[Teacher], days_ago: int) -> None:
    """The curator sends the questionnaire or the request form; the day it was sent is set back."""
    teachers = [t for t in teachers if t is not None]
    if not teachers:
        return
    _on(school, school.today - timedelta(days=days_ago), 9)
    with _in(school.org, sender_id):
        sending.send(school.org, bank, [t.id for t in teachers])
        sent = _moment(school.today - timedelta(days=days_ago), 9)
        for invitation in db.session.scalars(select(BankInvitation).where(
                BankInvitation.org_id == school.org.id, BankInvitation.bank == bank,
                BankInvitation.teacher_id.in_([t.id for t in teachers]))):
            invitation.sent_at = sent
        db.session.flush()


def _questionnaire(school: School, actor_id: uuid.UUID, teacher: Teacher, answers: mentors.Questionnaire,
                   *, own: bool) -> MentorEntry:
    with _in(school.org, teacher.user_id if own else actor_id):
        return mentors.submit_questionnaire(teacher, answers, own=own)


def _basis(school: School, actor_id: uuid.UUID, entry: MentorEntry, teacher: Teacher, basis: mentors.Basis) -> None:
    with _in(school.org, actor_id):
        mentors.set_basis(entry, teacher, basis)
        db.session.flush()


def _approve(school: School, director_id: uuid.UUID, entry: MentorEntry, ref: str) -> None:
    with _in(school.org, director_id):
        mentors.approve(entry.id, ref)
        db.session.flush()


def _requests(school: School, actor_id: uuid.UUID, teacher: Teacher, category: MenteeCategory,
              difficulties: dict[str, str], request_text: str | None, *, own: bool) -> MenteeEntry:
    with _in(school.org, teacher.user_id if own else actor_id):
        return mentees.submit_requests(teacher, mentees.Requests(category, difficulties, request_text), own=own)


def _agreement(start: date, content: str, form: str, pay: Decimal | None, until: date | None = None
               ) -> mentors.Basis:
    """ТК РФ ст. 351.8: the additional agreement — content, term, form, pay (an amount or «без оплаты»)."""
    return mentors.Basis(kind=BasisKind.agreement, agreement_content=content, agreement_from=start,
                         agreement_until=until or date(start.year + 1, 5, 31), agreement_form=form,
                         pay_kind=PayKind.amount if pay else PayKind.unpaid, pay_amount=pay)


def _duty_terms(start: date, form_index: int, pay: str) -> ledger.Choices:
    return ledger.Choices(terms={"term": f"с {start.strftime('%d.%m.%Y')} по 31.05.{start.year + 1}",
                                 "form": texts.MENTORING_FORMS[form_index], "pay": pay})


# ------------------------------------------------------------------------------- the municipality


def _municipal_dictionary(uo: Organization, officer_id: uuid.UUID) -> str | None:
    """The education department adds its own competence; its code, for the questionnaires to use."""
    with acting_in(municipality_id=uo.municipality_id, org_id=uo.id, user_id=officer_id, reason=REASON):
        found = db.session.scalars(select(DictionaryEntry).where(
            DictionaryEntry.municipality_id == uo.municipality_id, DictionaryEntry.kind == DictionaryKind.competence,
            DictionaryEntry.title == MUNICIPAL_COMPETENCE)).first()
        if found is None:
            found = dictionary.add_entry(DictionaryKind.competence, MUNICIPAL_COMPETENCE)
        return found.code if found.is_active else None


def _requisites(org: Organization, editor_id: uuid.UUID | None) -> None:
    """The school's requisites (the consent forms and the act print them), once, by its director."""
    values = SCHOOL_REQUISITES.get(org.slug)
    if values is None or org.address or editor_id is None:
        return
    with _in(org, editor_id):
        requisites.update_requisites(org, values)


# ------------------------------------------------------------------------------------ СШ №11


MENTEE_TEXTS = [
    # (category, difficulties by competence, the request as a whole)
    (MenteeCategory.young_specialist, {
        "lesson_organisation": "В 7 «Б» не получается удержать дисциплину: пока объясняю у доски, задние парты "
                               "разговаривают, замечания действуют на пять минут. К концу урока не успеваю "
                               "проверить самостоятельную работу.",
        "teaching_methods": "Не знаю, как организовать работу в группах так, чтобы работали все, а не двое "
                            "сильных учеников.",
        "parents": "Боюсь первого родительского собрания: не знаю, как говорить о низких оценках, чтобы "
                   "родители не воспринимали это как претензию.",
    }, "Хочу, чтобы наставник посетил несколько моих уроков в 7 «Б» и разобрал их со мной, и помог подготовиться "
       "к родительскому собранию."),
    (MenteeCategory.young_specialist, {
        "subject_content": "Рабочая программа по ФГОС ООО: не понимаю, как распределить часы и как оформить "
                           "планируемые результаты по новому конструктору.",
        "contests_attestation": "Не знаю, как готовить учеников к ВПР и какие задания брать для отработки.",
    }, "Нужна помощь с рабочей программой и тематическим планированием до конца четверти."),
    (MenteeCategory.young_specialist, {
        "digital_environment": "В ФГИС «Моя школа» не получается выдать домашнее задание с проверкой, "
                               "а электронный журнал заполняю вечерами по два часа.",
        "lesson_organisation": "Урок часто «разваливается», когда не работает проектор: нет запасного плана.",
    }, "Хочу научиться пользоваться цифровой образовательной средой (ЦОС) и экономить время на журнале."),
    (MenteeCategory.young_specialist, {
        "upbringing": "Впервые веду классное руководство в 5 «А»: не умею планировать воспитательную работу "
                      "и проводить «Разговоры о важном» так, чтобы детям было интересно.",
        "parents": "Родители пишут в мессенджер поздно вечером и ждут ответа сразу; не знаю, как выстроить "
                   "границы.",
    }, "Нужен опытный классный руководитель, к которому можно прийти с конкретными ситуациями."),
    (MenteeCategory.young_specialist, {
        "psychological_support": "В классе двое детей с трудностями в обучении; не понимаю, как давать им "
                                 "задания, чтобы они не отставали и не чувствовали себя «особенными».",
        "teaching_methods": "Трудно сформулировать цели урока по ФГОС и подобрать задания на функциональную "
                            "грамотность.",
    }, None),
    (MenteeCategory.young_specialist, {
        "lesson_organisation": "Не укладываюсь в 40 минут: объяснение новой темы съедает весь урок, на "
                               "закрепление времени не остаётся.",
        "contests_attestation": "Хочу подготовиться к аттестации на первую категорию через два года и не знаю, "
                                "с чего начинать портфолио.",
    }, "Прошу помочь с планированием урока и с портфолио."),
]


# The requests of the two teachers waiting for a pair when the demo starts (the walk «form a pair from the
# banks»): what each asks for, by personal request.
WAITING_TEXTS = [
    ({"contests_attestation": "Готовлюсь к аттестации на высшую квалификационную категорию: не знаю, как собрать "
                              "портфолио и какие результаты учеников в него включить.",
      "teaching_methods": "Хочу освоить приёмы формирующего оценивания и проверить их на своих уроках с обратной "
                          "связью опытного коллеги."},
     "Прошу наставника, который поможет подготовить открытый урок и портфолио к аттестации."),
    ({"upbringing": "С этого учебного года впервые веду классное руководство в 6 «В»: не умею планировать "
                    "воспитательную работу и проводить «Разговоры о важном» интересно для детей.",
      "parents": "Не знаю, как провести родительское собрание и говорить с родителями о конфликтах в классе."},
     "Нужен опытный классный руководитель, к которому можно прийти с конкретными ситуациями."),
]


def _school11(school: School, people: dict[str, tuple[uuid.UUID, str]], uo: Organization,
              municipal_code: str | None) -> None:
    today, start = school.today, school_year_start(school.today)
    previous_start = start.replace(year=start.year - 1)
    curator_id = people["curator@school11.demo"][0]
    director_id = people["director@school11.demo"][0]
    _on(school, previous_start - timedelta(days=20), 9)  # the consent texts: since the school began, last year
    led = Ledger(school, curator_id)
    linked = school.linked
    mentor_me, mentee_me = linked.get("mentor@school11.demo"), linked.get("mentee@school11.demo")
    methodist = linked.get("methodist@school11.demo")

    # Who is who in the story (records of the registry, preferring fitting subjects and categories).
    best = (Category.highest, Category.first)
    mentor_ru = school.pick(subjects=("Русский язык",), categories=best)
    mentor_primary = school.pick(subjects=("Начальные классы",), categories=best)
    candidate_ready = school.pick(subjects=("История", "Обществознание", "Биология"), categories=best)
    candidate_no_duty = school.pick(subjects=("Английский язык", "Немецкий язык"), categories=best)
    candidate_no_basis = school.pick(subjects=("Физика", "Химия", "География"), categories=best)
    mentor_left = school.pick(subjects=("Физическая культура", "Технология", "Музыка"), categories=best)
    asked_no_answer = school.pick(categories=best)  # asked for the questionnaire, consent on file, no answer yet
    asked_no_consent = [school.pick(categories=best), school.pick(categories=best)]  # asked, no consent yet
    new_employee = school.pick(categories=(Category.first, Category.conformity))
    changed_role = school.pick(categories=(Category.first, Category.conformity))
    after_break = school.pick(categories=(Category.conformity, Category.first))
    requests_no_consent = school.pick()  # asked for their requests, no consent yet
    # The withdrawn processing consent whose data is destroyed.
    withdrawn = school.pick(categories=(Category.conformity, Category.first), own_surname=True)
    dissemination_withdrawn = school.pick(categories=best)  # withdrew the publication consent 10 days ago
    young = [t for t in (school.pick(young=True) for _ in range(len(school.young))) if t is not None]
    # Those who have given nothing yet (the curator's «who lacks what»): the two asked for the questionnaire
    # and the one asked for the requests above, and the last four of the registry.
    rest = school.rest()
    paper_processing = [t for t in [mentor_ru, mentor_primary, candidate_ready, candidate_no_duty, candidate_no_basis,
                                    mentor_left, asked_no_answer, new_employee, changed_role, after_break,
                                    withdrawn, dissemination_withdrawn, *young, *rest[:-4]] if t is not None]
    # Waiting for a pair when the demo starts, for the walk «form a pair from the banks» (app/demo/cycle.py
    # gives them accounts): the two least experienced of those with the processing consent, each asking for
    # a mentor on their own; the mentors with room (mentor_ru, mentor_primary) have taught longer.
    waiting = sorted(rest[:-4], key=lambda t: t.experience_since or date.min, reverse=True)[:2]

    # --- the consent ledger: the processing consents first (Положение 3.2; 152-ФЗ ст. 9)
    for number, teacher in enumerate(paper_processing):
        signed = max(teacher.hired_on or start, start - timedelta(days=12)) + timedelta(days=number % 9)
        if teacher is withdrawn:
            signed = today - timedelta(days=120)
        elif teacher is mentor_left:  # in the bank since last year
            signed = previous_start - timedelta(days=12)
        led.paper(teacher, Purpose.processing, signed)
    for number, email in enumerate(("director@school11.demo", "curator@school11.demo", "methodist@school11.demo",
                                    "mentor@school11.demo", "mentee@school11.demo")):
        if email in linked:
            led.in_app(email, linked[email], Purpose.processing, ADDRESSES[number],
                       on=start - timedelta(days=10 - number))

    # ONE withdrawn processing consent whose 30 days have passed: the paper statement received 45 days ago,
    # the destruction run (152-ФЗ ст. 21 ч. 5) on a fixed «today», the act kept.
    if withdrawn is not None:
        consent = db.session.scalars(select(Consent).where(Consent.org_id == school.org.id,
                                                           Consent.teacher_id == withdrawn.id,
                                                           Consent.purpose == Purpose.processing)).one()
        led.paper_withdrawal(consent, today - timedelta(days=45))
        _on(school, today, 3)  # the night's run of the destruction job
        with _in(school.org, None):
            destruction.destroy(consent.id, today)

    # Transfers to the education department (network mentoring, the municipal bank of mentors).
    to_uo = ledger.Choices(recipient_org_id=uo.id)
    if mentor_me is not None:
        led.in_app("mentor@school11.demo", mentor_me, Purpose.transfer, ADDRESSES[3], to_uo,
                   on=start + timedelta(days=2))
    for teacher in (mentor_ru, mentor_primary, candidate_ready, young[0] if young else None):
        if teacher is not None:
            led.paper(teacher, Purpose.transfer, start + timedelta(days=3), to_uo)

    # Publication (152-ФЗ ст. 10.1): exactly which data, and where.
    if mentor_me is not None:
        led.in_app("mentor@school11.demo", mentor_me, Purpose.dissemination, ADDRESSES[3], ledger.Choices(
            published=["full_name", "position", "subjects", "category"], places=["school_site", "municipal_bank"]),
            on=start + timedelta(days=2))
    if methodist is not None:
        led.in_app("methodist@school11.demo", methodist, Purpose.dissemination, ADDRESSES[2], ledger.Choices(
            published=["full_name", "position", "subjects"], places=["school_site"]), on=start + timedelta(days=4))
    if mentor_ru is not None:
        led.paper(mentor_ru, Purpose.dissemination, start + timedelta(days=3), ledger.Choices(
            published=["full_name", "position", "experience"], places=["school_site"]))
    if dissemination_withdrawn is not None:
        published = led.paper(dissemination_withdrawn, Purpose.dissemination, today - timedelta(days=40),
                              ledger.Choices(published=["full_name", "subjects"], places=["school_site"]))
        # Withdrawn ten days ago: off every public view at once, its destruction due in twenty days.
        led.paper_withdrawal(published, today - timedelta(days=10))

    # The mentors' written consents (Положение 3.2; ТК РФ ст. 351.8), signed on paper with the additional
    # agreement, before the order of 1 September (last year's for the mentor who has since left).
    duty_day = start - timedelta(days=5)
    for teacher, form_index, pay in ((mentor_me, 0, "доплата 2 500 руб. в месяц"),
                                     (methodist, 1, "без оплаты (обязанность включена в должностную инструкцию)"),
                                     (mentor_ru, 1, "без оплаты"), (mentor_primary, 0, "доплата 3 000 руб. в месяц"),
                                     (candidate_ready, 7, "без оплаты"), (candidate_no_basis, 0, "без оплаты"),
                                     (mentor_left, 1, "без оплаты")):
        if teacher is not None:
            led.paper(teacher, Purpose.mentor_duty,
                      previous_start - timedelta(days=5) if teacher is mentor_left else duty_day,
                      _duty_terms(previous_start if teacher is mentor_left else start, form_index, pay))
    # The pair's consent (Положение 3.3, 6.2), given ahead of the pairs.
    if mentee_me is not None:
        led.in_app("mentee@school11.demo", mentee_me, Purpose.pair_duty, ADDRESSES[4], on=start + timedelta(days=9))

    # --- sending: the questionnaire among potential mentors (roadmap 3.1), the request form (roadmap 2.1)
    # (the mentor who left answered last year's questionnaire, on paper)
    mentor_pool = [mentor_me, methodist, mentor_ru, mentor_primary, candidate_ready, candidate_no_duty,
                   candidate_no_basis, asked_no_answer, *asked_no_consent]
    # (before the approvals of 1 September), the request form the first days of the school year.
    _send(school, curator_id, Bank.mentor, mentor_pool, days_ago=(today - start).days + 25)
    request_pool = [mentee_me, *young, new_employee, changed_role, after_break, *waiting, requests_no_consent]
    _send(school, curator_id, Bank.mentee, request_pool, days_ago=max((today - start).days - 2, 0))

    # --- the bank of mentors
    extra = [municipal_code] if municipal_code else []
    agreement = ("сопровождение молодого специалиста по персонализированной программе наставничества: посещение "
                 "и анализ уроков, помощь в планировании, участие в обсуждении педагогической деятельности "
                 "(Положение, п. 4.2)")
    entries: dict[str, MentorEntry] = {}
    plans = [
        ("mentor_me", mentor_me, True, mentors.Questionnaire(
            competences=["subject_content", "teaching_methods", "digital_environment", "contests_attestation"],
            subjects=["Математика", "Информатика"],
            topics="Функциональная грамотность на уроках математики; подготовка к ОГЭ; ЦОС и ФГИС «Моя школа» "
                   "в работе учителя",
            forms=["traditional", "virtual", "reverse"], capacity=2,
            availability="Вторник и четверг после 6-го урока; онлайн-консультации по средам",
            experience="Наставник двух молодых специалистов (2022–2024), руководитель проектной группы по ЦОС")),
        ("methodist", methodist, True, mentors.Questionnaire(
            competences=["teaching_methods", "lesson_organisation", "contests_attestation", "subject_content"],
            subjects=["Математика"],
            topics="Проектирование урока по ФГОС; рабочая программа в конструкторе; подготовка к аттестации",
            forms=["group", "traditional", "short_term"], capacity=3,
            availability="Понедельник, 15:00–17:00 (заседания ШМО); по договорённости",
            experience="Руководитель ШМО учителей математики, эксперт аттестационной комиссии")),
        ("mentor_ru", mentor_ru, False, mentors.Questionnaire(
            competences=["subject_content", "upbringing", "parents"], subjects=mentor_ru.subjects if mentor_ru else [],
            topics="Подготовка к итоговому сочинению; классное руководство в 5–6 классах; родительские собрания",
            forms=["traditional", "group"], capacity=3, availability="Среда и пятница после уроков",
            experience="Классный руководитель 20 лет, наставник в 2023/24 учебном году")),
        ("mentor_primary", mentor_primary, False, mentors.Questionnaire(
            competences=["lesson_organisation", "psychological_support", "parents", *extra],
            subjects=mentor_primary.subjects if mentor_primary else [],
            topics="Адаптация первоклассников; дети с ОВЗ в общем классе; работа с родителями",
            forms=["traditional", "situational"], capacity=2, availability="Ежедневно после 13:00")),
        ("candidate_ready", candidate_ready, False, mentors.Questionnaire(
            competences=["subject_content", "teaching_methods"],
            subjects=candidate_ready.subjects if candidate_ready else [],
            topics="Смысловое чтение и работа с историческим источником", forms=["traditional", "speed"],
            capacity=1, availability="Четверг после 7-го урока")),
        ("candidate_no_duty", candidate_no_duty, False, mentors.Questionnaire(
            competences=["teaching_methods", "digital_environment"],
            subjects=candidate_no_duty.subjects if candidate_no_duty else [],
            topics="Коммуникативная методика; онлайн-тренажёры для домашних заданий", forms=["virtual", "short_term"],
            capacity=2, availability="Онлайн, по вечерам")),
        ("candidate_no_basis", candidate_no_basis, False, mentors.Questionnaire(
            competences=["subject_content", "contests_attestation"],
            subjects=candidate_no_basis.subjects if candidate_no_basis else [],
            topics="Лабораторный практикум; подготовка к олимпиадам муниципального этапа", forms=["traditional"],
            capacity=1, availability="Вторник после уроков")),
        ("mentor_left", mentor_left, False, mentors.Questionnaire(
            competences=["upbringing", "lesson_organisation"], subjects=mentor_left.subjects if mentor_left else [],
            topics="Внеурочная деятельность и школьный спортивный клуб", forms=["group"], capacity=2,
            availability="Суббота")),
    ]
    for number, (key, teacher, own, answers) in enumerate(plans):
        if teacher is not None:
            # Answered in the three weeks before 1 September (the one who left: last year).
            _on(school, (previous_start if key == "mentor_left" else start) - timedelta(days=20 - number), 16)
            entries[key] = _questionnaire(school, curator_id, teacher, answers, own=own)
    bases = {
        "mentor_me": _agreement(start, agreement, "traditional", Decimal("2500.00")),
        "methodist": mentors.Basis(kind=BasisKind.job_description,
                                   job_description_ref="Должностная инструкция руководителя школьного методического "
                                                       "объединения, п. 2.9 (приказ № 14 – А от 28.08.2023)"),
        "mentor_ru": _agreement(start, agreement, "group", None),
        "mentor_primary": _agreement(start, agreement, "traditional", Decimal("3000.00")),
        "candidate_ready": _agreement(start, agreement, "teacher_teacher", None),
        "candidate_no_duty": _agreement(start, agreement, "virtual", Decimal("1500.00")),
        "mentor_left": _agreement(previous_start, agreement, "group", None),
    }
    for key, basis in bases.items():
        if key in entries:
            _on(school, (previous_start if key == "mentor_left" else start) - timedelta(days=6), 12)
            _basis(school, curator_id, entries[key], _teacher_of(entries[key]), basis)
    # The mentor who left: approved last year, released at their own request (Положение 4.1).
    if "mentor_left" in entries:
        _on(school, previous_start - timedelta(days=2), 12)
        _approve(school, director_id, entries["mentor_left"], order_ref("112", previous_start - timedelta(days=2)))
        _on(school, start - timedelta(days=3), 12)
        with _in(school.org, curator_id):
            mentors.deactivate(entries["mentor_left"].id, "Освобождение от наставнической деятельности по личному "
                                                          "заявлению (Положение, п. 4.1): классное руководство в двух "
                                                          "классах в этом учебном году")
    _on(school, start, 12)
    for key in ("mentor_me", "methodist", "mentor_ru", "mentor_primary"):
        if key in entries:
            _approve(school, director_id, entries[key], order_ref("27", start))

    # --- the bank of mentees
    requesters = [mentee_me, *young]
    for number, teacher in enumerate(requesters):
        if teacher is None:
            continue
        _on(school, start + timedelta(days=4 + number // 2), 15 + number % 2)
        category, difficulties, request_text = MENTEE_TEXTS[number % len(MENTEE_TEXTS)]
        _requests(school, curator_id, teacher, category, difficulties, request_text, own=teacher is mentee_me)
    others = [
        (new_employee, MenteeCategory.new_employee, {
            "digital_environment": "Пришла из школы, где был другой электронный журнал; не знаю местных правил "
                                   "оформления и отчётов.",
            "upbringing": "Хочу понять традиции школы и требования к классному руководству."},
         "Нужен коллега, который в первые месяцы подскажет, как здесь всё устроено."),
        (changed_role, MenteeCategory.changed_role, {
            "subject_content": "С этого года веду информатику вместо математики: не хватает уверенности в "
                               "программировании на Python для 8–9 классов.",
            "teaching_methods": "Не знаю, как организовать практикум в компьютерном классе на 14 машин при "
                                "25 учениках."},
         None),
        (after_break, MenteeCategory.after_break, {
            "subject_content": "Вернулась из отпуска по уходу за ребёнком после трёх лет: изменились ФГОС и "
                               "федеральные рабочие программы.",
            **({municipal_code: "В классе ребёнок с ОВЗ (ЗПР), нужна адаптированная программа."}
               if municipal_code else {})},
         "Помочь войти в новые требования к рабочей программе."),
    ]
    # The walk's waiting mentees, by personal request (Положение 3.4: the bank holds every teacher who asks).
    days = [start + timedelta(days=7), start + timedelta(days=8), start + timedelta(days=8)]
    for number, (teacher, (difficulties, request_text)) in enumerate(zip(waiting, WAITING_TEXTS)):
        others.append((teacher, MenteeCategory.personal_request, difficulties, request_text))
        days.append(today - timedelta(days=12 - 2 * number))  # asked lately: the pairs were formed in September
    for day, (teacher, category, difficulties, request_text) in zip(days, others):
        if teacher is not None:
            _on(school, day, 14)
            _requests(school, curator_id, teacher, category, difficulties, request_text, own=False)
    by_teacher = {e.teacher_id: e for e in db.session.scalars(select(MenteeEntry).where(
        MenteeEntry.org_id == school.org.id))}
    with _in(school.org, curator_id):
        # Roadmap 5.3: supported without a pair while none is found — consultations, the methodical association.
        supports = [
            (young[0] if young else None, SupportKind.consultations,
             "Еженедельные консультации заместителя директора по УВР по рабочей программе", start + timedelta(days=14),
             None),
            (young[0] if young else None, SupportKind.methodical_association,
             "Работа в ШМО учителей своего предмета; посещение открытых уроков коллег", start + timedelta(days=7),
             None),
            (young[1] if len(young) > 1 else None, SupportKind.psychological,
             "Консультации педагога-психолога по работе с классом", start + timedelta(days=20),
             start + timedelta(days=60)),
            (young[1] if len(young) > 1 else None, SupportKind.methodical_association,
             "Заседания ШМО: разбор трудных ситуаций на уроке", start + timedelta(days=21), None),
            (changed_role, SupportKind.consultations, "Консультации учителя информатики по программированию на Python",
             start + timedelta(days=10), None),
            (after_break, SupportKind.methodical_association, "Курсы и ШМО: обновлённые ФГОС, ФРП",
             start + timedelta(days=3), start + timedelta(days=45)),
        ]
        for teacher, kind, description, starts_on, ends_on in supports:
            if teacher is not None and teacher.id in by_teacher:
                _on(school, starts_on, 13)
                mentees.add_support(by_teacher[teacher.id].id, kind, description, min(starts_on, today),
                                    min(ends_on, today) if ends_on else None)
        if after_break is not None and after_break.id in by_teacher:
            _on(school, start + timedelta(days=45), 12)
            mentees.change_status(by_teacher[after_break.id].id, MenteeStatus.completed,
                                  "Адаптация завершена: рабочая программа утверждена, запросы закрыты")
        # Положение 3.4: the curator brings the bank up to date at least once a year.
        _on(school, start + timedelta(days=25), 16)
        mentees.review("Банк наставляемых актуализирован: запросы молодых специалистов собраны; ожидающие пары "
                       "получают консультации и поддержку ШМО до её формирования")
    # The request form sent to the approved mentor as well (every teacher's requests are collected, roadmap
    # 2.1): not answered yet, her to-do on «Мои запросы».
    _send(school, curator_id, Bank.mentee, [mentor_me], days_ago=3)


def _teacher_of(entry: MentorEntry) -> Teacher:
    return db.session.scalars(select(Teacher).where(Teacher.id == entry.teacher_id,
                                                    Teacher.org_id == entry.org_id)).one()


# ------------------------------------------------------------------------- СШ №1 and СШ №5


def _small_school(school: School, recorder_id: uuid.UUID | None, director_id: uuid.UUID | None,
                  uo: Organization, own_email: str | None = None) -> None:
    """A smaller version: processing consents for about half the staff, a transfer, a publication, two
    questionnaires (one approved where the school has a director in the demo), the young specialists'
    requests with one supported meanwhile."""
    today, start = school.today, school_year_start(school.today)
    _on(school, start - timedelta(days=15), 9)
    led = Ledger(school, recorder_id)
    mentor_a = school.pick(subjects=("Начальные классы", "Русский язык"), categories=(Category.highest,))
    mentor_b = school.pick(subjects=("Математика", "Физика"), categories=(Category.highest, Category.first))
    young = [t for t in (school.pick(young=True) for _ in range(len(school.young))) if t is not None]
    rest = school.rest()
    half = [t for t in (mentor_a, mentor_b, *young, *rest[: max(len(rest) // 2, 0)]) if t is not None]
    for number, teacher in enumerate(half):
        led.paper(teacher, Purpose.processing, start + timedelta(days=number % 10))
    own = school.linked.get(own_email) if own_email else None
    if own is not None:
        led.in_app(own_email, own, Purpose.processing, ADDRESSES[5], on=start + timedelta(days=1))
    if mentor_a is not None:
        led.paper(mentor_a, Purpose.transfer, start + timedelta(days=4), ledger.Choices(recipient_org_id=uo.id))
        led.paper(mentor_a, Purpose.dissemination, start + timedelta(days=4),
                  ledger.Choices(published=["full_name", "position", "subjects"], places=["municipal_bank"]))
        led.paper(mentor_a, Purpose.mentor_duty, start - timedelta(days=4), _duty_terms(start, 0, "без оплаты"))
    _send(school, recorder_id, Bank.mentor, [mentor_a, mentor_b], days_ago=(today - start).days + 25)
    _send(school, recorder_id, Bank.mentee, young, days_ago=max((today - start).days - 2, 0))
    for teacher, answers in ((mentor_a, mentors.Questionnaire(
            competences=["lesson_organisation", "upbringing", "parents"],
            subjects=mentor_a.subjects if mentor_a else [],
            topics="Адаптация молодого учителя; классное руководство", forms=["traditional"], capacity=1,
            availability="После уроков по договорённости")), (mentor_b, mentors.Questionnaire(
            competences=["subject_content", "contests_attestation"], subjects=mentor_b.subjects if mentor_b else [],
            topics="Подготовка к ОГЭ и олимпиадам", forms=["traditional", "virtual"], capacity=2,
            availability="Среда, 15:00–16:30"))):
        if teacher is not None:
            _on(school, start - timedelta(days=18), 16)
            entry = _questionnaire(school, recorder_id, teacher, answers, own=False)
            if teacher is mentor_a and director_id is not None:
                agreement = ("сопровождение молодого специалиста по персонализированной программе наставничества "
                             "(Положение, п. 4.2)")
                _on(school, start - timedelta(days=6), 12)
                _basis(school, recorder_id, entry, teacher, _agreement(start, agreement, "traditional", None))
                _on(school, start, 12)
                _approve(school, director_id, entry, order_ref("31", start))
    for number, teacher in enumerate(young):
        category, difficulties, request_text = MENTEE_TEXTS[(number + 2) % len(MENTEE_TEXTS)]
        _on(school, start + timedelta(days=5), 15)
        entry = _requests(school, recorder_id, teacher, category, difficulties, request_text, own=False)
        if number == 0:
            _on(school, start + timedelta(days=15), 13)
            with _in(school.org, recorder_id):
                mentees.add_support(entry.id, SupportKind.methodical_association,
                                    "Районное методическое объединение молодых педагогов",
                                    min(start + timedelta(days=15), today), None)


# ------------------------------------------------------------------------------------------- seed


def seed_mentoring(orgs: dict[str, Organization], people: dict[str, tuple[uuid.UUID, str]],
                   today: date | None = None) -> None:
    """``people``: e-mail -> (user id, full name) of the demo accounts. A school that has anything in its
    ledger or banks is kept as it is."""
    today = today or date.today()
    uo = orgs["shchekino-uo"]
    municipal_code = _municipal_dictionary(uo, people["uo@shchekino.demo"][0])
    plans = (
        ("school11", "director@school11.demo", lambda school: _school11(school, people, uo, municipal_code)),
        ("school1", "director@school1.demo", lambda school: _small_school(
            school, people["director@school1.demo"][0], people["director@school1.demo"][0], uo)),
        ("school5", None, lambda school: _small_school(
            school, people["curator@school5.demo"][0], None, uo, own_email="curator@school5.demo")),
    )
    with running() as clock:
        for slug, editor, plan in plans:
            org = orgs[slug]
            clock.stop()
            _requisites(org, people[editor][0] if editor else None)
            with _in(org, None):
                if _started(org):
                    continue
                # Each step below acts as its person (the curator, the director, the teacher) inside this scope,
                # on its day of the school year (the clock).
                school = School.read(org, people, today)
                school.clock = clock
                plan(school)
                db.session.flush()
