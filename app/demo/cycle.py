"""The demo school's mentoring cycle II (issue 8, «Demo data»): pairs and groups in every state of the
lifecycle, their programmes, the petitions and the director's orders, in СШ №11.

Like app/demo/mentoring.py, everything goes through the features' services, each step in the school's
scope as the person who would do it: the curator proposes and drafts, each teacher accepts or declines
in the app and marks the plan, the director decides and signs (with the demo's relaxed second factor,
as tests/orders/helpers.py sign_relaxed). A pair is accepted by each participant in the app
(app.pairs.services.accept finds the signed-in person's teacher record), so the teachers of the demo
pairs have accounts: the registry's addresses (teacherNN@school11.demo) with the demo password, a
teacher's membership of the school and their record linked, as an accepted invitation would.

The story (dates relative to today), each step on its day of the school year: the story's clock
(app/demo/clock.py) moves what the services stamp (a pair proposed, agreed, activated, ended, an answer, a
transition, an order drafted, signed, acknowledged, a petition's steps, a programme's marks and journal)
to the step's day and hour, so a pair reads, e.g., «proposed 15.09, active from 22.09 under order № 4 of
22.09», not the day the demo was loaded:
- the regulations (the Положение and the roadmap) and the curator's appointment, before 1 September;
- the mentor bank: a candidate appointed mentor by order;
- a declined proposal; then, by the first order of assignment, the demo mentor with the demo mentee
  («один на один», the programme in progress, extended by agreement, its plan changed), a reverse pair,
  a group of three, a short-term pair whose plan is fulfilled (completed by order), a pair ended early
  at the mentee's initiative (Положение 7.1, by order) and a pair whose mentor is replaced after the
  mentee's granted petition (by the order drafted from it);
- the last days: a pair whose consents are complete with its order drafted and waiting for the director,
  a pair agreed and waiting for a consent, a proposal waiting for the answers, the methodist's petition
  to be released waiting for the curator; the production calendar left as the federal default;
- what a walk starts with («form a pair from the banks, both teachers accept and consent…», ``walk``):
  two approved mentors with a free place under the rule of app/pairs/checks.py (the mentees of their
  open pairs counted against the capacity: the Russian teacher 2 of 3, the primary teacher 1 of 2) and
  two teachers waiting for their first pair by personal request, with accounts, one of them without the
  pair-duties consent (given in the app during the walk).

Idempotent: a school that has pairs is kept as it is."""
from __future__ import annotations

import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from flask import current_app
from sqlalchemy import and_, exists, select

from app.accounts import passwords
from app.accounts import services as accounts
from app.banks.models import WAITING, MenteeEntry, MentorEntry, MentorStatus
from app.consents.gate import standing
from app.consents.models import Consent, Purpose
from app.core.extensions import db
from app.core.roles import Role
from app.demo import scans
from app.demo.clock import StoryClock, running
from app.demo.mentoring import Ledger, School, _in, school_year_start
from app.orders import services as orders
from app.orders.models import OrderKind
from app.orgs.models import Membership, Organization
from app.pairs import checks, petitions
from app.pairs import services as pairs
from app.pairs.models import EndReason, Pair, PairParticipant
from app.programmes import services as programmes
from app.programmes.models import Programme, ProgrammeStatus
from app.teachers import services as registry
from app.teachers.models import Teacher
from tenants.switches import as_person

CURATOR, DIRECTOR = "curator@school11.demo", "director@school11.demo"
MENTOR, MENTEE, METHODIST = "mentor@school11.demo", "mentee@school11.demo", "methodist@school11.demo"


# --------------------------------------------------------------------------------------- the cast


@dataclass
class Cast:
    """Who is who in the story, read from the registry and the banks that issue 7's demo filled."""

    mentor_me: Teacher
    mentee_me: Teacher
    methodist: Teacher
    curator: Teacher | None
    mentor_ru: Teacher         # approved, capacity 3 (Русский язык): room for one more at the end
    mentor_primary: Teacher    # approved, capacity 2 (Начальные классы): room for one more at the end
    candidate: Teacher         # a candidate with the written consent and the basis: appointed by order
    new_employee: Teacher      # the reverse pair's mentee (more experienced than her mentor)
    changed_role: Teacher      # the agreed pair's mentee, waiting for his consent
    young: list[Teacher]       # the young specialists of the mentee bank (without the demo mentee)
    waiting: list[Teacher]     # waiting for a pair when the demo starts, by personal request (the walk)


def _cast(school: School) -> Cast | None:
    org_id = school.org.id
    entries = list(db.session.execute(select(MentorEntry, Teacher).join(Teacher, Teacher.id == MentorEntry.teacher_id)
                                      .where(MentorEntry.org_id == org_id).order_by(Teacher.sort_name, Teacher.id)))
    linked = school.linked
    approved = [(e, t) for e, t in entries if e.status == MentorStatus.approved and t.user_id is None]
    duty = set(db.session.scalars(select(Consent.teacher_id).where(
        Consent.org_id == org_id, Consent.purpose == Purpose.mentor_duty, Consent.withdrawn_at.is_(None))))
    candidates = [t for e, t in entries if e.status == MentorStatus.candidate and e.basis is not None and t.id in duty]
    mentees = list(db.session.execute(select(MenteeEntry, Teacher).join(Teacher, Teacher.id == MenteeEntry.teacher_id)
                                      .where(MenteeEntry.org_id == org_id).order_by(Teacher.sort_name, Teacher.id)))
    by_category = {}
    for entry, teacher in mentees:
        by_category.setdefault(entry.category.value, []).append(teacher)
    # app/demo/mentoring.py: the Russian teacher takes 3 mentees at once, the primary teacher 2.
    ru = next((t for e, t in approved if e.capacity >= 3), None)
    primary = next((t for e, t in approved if e.capacity == 2), None)
    young = [t for t in by_category.get("young_specialist", []) if t.user_id is None]
    needed = (linked.get(MENTOR), linked.get(MENTEE), linked.get(METHODIST), ru, primary,
              candidates[0] if candidates else None, by_category.get("new_employee"), by_category.get("changed_role"))
    if any(item is None or item == [] for item in needed) or len(young) < 5:
        return None  # the registry or the banks are not the demo's: nothing to tell
    waiting = [t for t in by_category.get("personal_request", []) if t.user_id is None]
    return Cast(linked[MENTOR], linked[MENTEE], linked[METHODIST], linked.get(CURATOR), ru, primary, candidates[0],
                by_category["new_employee"][0], by_category["changed_role"][0], young, waiting)


def _accounts(org: Organization, teachers: list[Teacher]) -> None:
    """The teachers of the demo pairs join the school in the app (as an accepted invitation would: an
    account with the registry's address, a teacher's membership, the record linked)."""
    demo_hash = passwords.hash_password(passwords.DEMO_PASSWORD)
    for teacher in teachers:
        if teacher.user_id is not None or not teacher.email:
            continue
        user = accounts.find_user_for_login(teacher.email)
        if user is None:
            user = accounts.create_user(teacher.email, teacher.full_name, None)
            with as_person(user.id):
                user.password_hash = demo_hash
        with _in(org, None):
            if db.session.scalars(select(Membership).where(Membership.org_id == org.id,
                                                           Membership.user_id == user.id)).first() is None:
                db.session.add(Membership(id=uuid.uuid4(), org_id=org.id, municipality_id=org.municipality_id,
                                          user_id=user.id, roles=[Role.teacher.value]))
                db.session.flush()
            registry.link_joined_member(org.id, user.id, teacher.email)
            db.session.flush()


# ------------------------------------------------------------------------------------------ acts


class Story:
    """The acts of the story, each on its day: ``on(day, hour)`` sets the story's clock (app/demo/clock.py)
    for the steps that follow, so the rows the services write carry the story's times."""

    def __init__(self, school: School, people: dict[str, tuple[uuid.UUID, str]], clock: StoryClock):
        self.school, self.org, self.today = school, school.org, school.today
        self.curator_id, self.director_id = people[CURATOR][0], people[DIRECTOR][0]
        self.clock = clock
        self.ledger = Ledger(school, self.curator_id)

    def on(self, day: date, hour: int = 10, minute: int = 0) -> None:
        """The next steps happen on ``day`` (never after today) at ``hour``:``minute``, the school's time."""
        self.clock.at(min(day, self.today), hour, minute)

    @contextmanager
    def as_(self, user_id):
        with _in(self.org, user_id):
            yield
            db.session.flush()

    def curator(self):
        return self.as_(self.curator_id)

    def director(self):
        return self.as_(self.director_id)

    # --- pairs
    def propose(self, mentor: Teacher, mentees: list[Teacher], form: str) -> uuid.UUID:
        with self.curator():
            return pairs.propose(mentor.id, [m.id for m in mentees], form).id

    def accept(self, pair_id: uuid.UUID, day: date, *teachers: Teacher, hour: int = 9) -> None:
        """Each participant answers in the app on ``day``, one after another (from ``hour``:10, 70 minutes
        apart)."""
        for number, teacher in enumerate(teachers):
            minutes = hour * 60 + 10 + 70 * number
            self.on(day, minutes // 60, minutes % 60)
            with self.as_(teacher.user_id):
                pairs.accept(pair_id)

    def pair_duty(self, teachers: list[Teacher], signed_on: date) -> None:
        """Положение 3.3, 6.2: the pair's consent, signed on paper and recorded by the curator the same
        afternoon (once a person)."""
        self.on(signed_on, 15)
        for teacher in teachers:
            stands = db.session.scalar(select(exists().where(
                Consent.org_id == self.org.id, Consent.teacher_id == teacher.id, Consent.purpose == Purpose.pair_duty,
                Consent.withdrawn_at.is_(None))))
            if not stands:
                self.ledger.paper(teacher, Purpose.pair_duty, signed_on)

    # --- orders
    def draft(self, **fields) -> uuid.UUID:
        with self.curator():
            return orders.create_draft(orders.DraftRequest(**fields)).id

    def sign(self, order_id: uuid.UUID, on: date, hour: int = 11, minute: int = 0) -> None:
        """The director signs on ``on`` with the demo's relaxed second factor (the page would ask a fresh
        code)."""
        self.on(on, hour, minute)
        config = current_app.config
        relaxed = config["DEMO_RELAX_TOTP"]
        config["DEMO_RELAX_TOTP"] = True
        try:
            with self.director():
                orders.sign(order_id, "", today=min(on, self.today))
        finally:
            config["DEMO_RELAX_TOTP"] = relaxed

    def acknowledge(self, order_id: uuid.UUID, day: date, *teachers: Teacher) -> None:
        """The people the order names acknowledge it in the app on ``day`` (from 9:40, 50 minutes apart)."""
        for number, teacher in enumerate(teachers):
            minutes = 9 * 60 + 40 + 50 * number
            self.on(day, minutes // 60, minutes % 60)
            with self.as_(teacher.user_id):
                orders.acknowledge(order_id)

    # --- programmes
    def actor(self, user_id, *roles: Role) -> programmes.Actor:
        return programmes.Actor(user_id=user_id, roles=frozenset(r.value for r in roles))

    def programme(self, pair_id: uuid.UUID, made_on: tuple[date, int], starts_on: date, ends_on: date, goals: str,
                  strengths: str, plan: list[tuple], journal: list[tuple], mentor: Teacher, mentee: Teacher
                  ) -> uuid.UUID:
        """The curator writes and approves the programme on ``made_on`` (day, hour; the difficulties from
        the mentees' requests), the pair marks its plan as it goes (a done activity on its day) and keeps
        its journal (each meeting the evening it took place). ``plan``: (title, kind, due, responsible,
        status, result); ``journal``: (days ago, minutes, topic, notes, writer)."""
        curator = self.actor(self.curator_id, Role.curator)
        self.on(*made_on)
        with self.curator():
            codes = list(dict.fromkeys(code for code, _text, _name in programmes.mentee_difficulties(pair_id)))[:3]
            programme = programmes.create(pair_id, programmes.ProgrammeValues(
                starts_on=starts_on, ends_on=ends_on, form_code=db.session.get(Pair, pair_id).form_code, goals=goals,
                difficulty_codes=codes, strengths=strengths,
                directions="Методическое сопровождение; анализ уроков; планирование; рефлексия",
                activity_forms="Посещение и анализ уроков, консультации, совместное планирование, открытые уроки",
                expected_results="Уверенное проведение уроков по ФГОС, снижение трудностей, названных в запросе; "
                                 "портфолио молодого педагога"), curator)
            ids = []
            for title, kind, due, who, _status, _result in plan:
                ids.append(programmes.add_activity(programme.id, programmes.ActivityValues(
                    title=title, kind=kind, due_on=due, responsible_teacher_id=who.id if who else None), curator).id)
            programmes.approve(programme.id, curator)
        for number, (activity_id, (title, _kind, due, who, status, result)) in enumerate(zip(ids, plan)):
            if status == "planned":
                continue
            marker = who if who is not None and who.user_id else mentor
            evidence = (scans.pdf(f"Evidence: {number + 1}", ["Demonstration data", due.strftime("%d.%m.%Y")])
                        if status == "done" and number % 2 == 0 else None)
            # A done activity is marked the day it took place; one under way a few days before its
            # deadline (or before today); never before the programme was approved.
            marked = due if status == "done" else min(due, self.today) - timedelta(days=5)
            self.on(min(max(marked, made_on[0]), self.today - timedelta(days=1)), 17 + number // 6, 10 * (number % 6))
            with self.as_(marker.user_id):
                programmes.mark(activity_id, status, result, evidence, f"itog-{number + 1}.pdf" if evidence else None,
                                self.actor(marker.user_id, Role.teacher))
        for days_ago, minutes, topic, notes, writer in journal:
            met_on = self.today - timedelta(days=days_ago)
            self.on(met_on, 18, 30)
            with self.as_(writer.user_id):
                programmes.write_journal(programme.id, met_on, minutes, topic, notes,
                                         self.actor(writer.user_id, Role.teacher))
        return programme.id


# ------------------------------------------------------------------------------------------ the story


def _plan(starts: date, today: date, mentor: Teacher, mentee: Teacher, *, overdue: bool) -> list[tuple]:
    """A plan of 7 activities of different kinds: the past ones done with their results (one overdue when
    asked), the rest ahead."""
    past = lambda days: max(starts + timedelta(days=1), today - timedelta(days=days))  # noqa: E731
    ahead = lambda days: today + timedelta(days=days)  # noqa: E731
    return [
        ("Посещение и анализ урока наставляемого", "lesson_visit", past(55), mentor, "done",
         "Урок проанализирован по карте наблюдения: удачно — мотивация, работа у доски; задача — время на "
         "закрепление"),
        ("Совместное планирование уроков по теме четверти", "joint_planning", past(45), mentee, "done",
         "Составлены технологические карты пяти уроков, в них заложена групповая работа"),
        ("Консультация: оценивание и обратная связь", "consultation", past(30), mentor, "done",
         "Разобраны критерии оценивания, подготовлены листы самооценки"),
        ("Посещение уроков наставника", "lesson_visit", past(20), mentee, "done",
         "Посещены два урока; записаны приёмы удержания внимания класса"),
        ("Самообразование: изучение методических рекомендаций по функциональной грамотности", "self_study",
         past(10), mentee, "in_progress" if overdue else "done",
         "Изучено две главы из четырёх" if overdue else "Изучено, составлен конспект"),
        ("Открытый урок наставляемого в рамках ШМО", "open_lesson", ahead(25), mentee, "planned", ""),
        ("Участие в муниципальном семинаре молодых педагогов", "seminar", ahead(60), mentee, "planned", ""),
    ]


def _story(school: School, people: dict[str, tuple[uuid.UUID, str]], cast: Cast, clock: StoryClock) -> None:
    today, start = school.today, school_year_start(school.today)
    story = Story(school, people, clock)
    c = cast
    # The young specialists in the registry's order: Алексеев (history) is the mentee whose mentor is
    # replaced by a historian, Алексеева the one whose pair ends early (Положение 7.1).
    alekseev, alekseeva, makarova, novikova, popova = c.young[:5]

    # The school year's calendar of the story (the orders are signed in this order: their numbers follow).
    regulations_day = min(start - timedelta(days=5), today - timedelta(days=100))
    bank_day = regulations_day + timedelta(days=20)
    pairs_day = regulations_day + timedelta(days=30)
    starts = pairs_day + timedelta(days=3)
    early_day = today - timedelta(days=40)
    year_end = date(start.year + 1, 5, 31)
    ago = lambda days: today - timedelta(days=days)  # noqa: E731

    # The teachers of the pairs (and of the walk «form a pair from the banks») join the school in the app.
    story.on(regulations_day - timedelta(days=6), 9)
    _accounts(school.org, [c.mentor_ru, c.mentor_primary, c.candidate, c.new_employee, c.changed_role,
                           alekseeva, alekseev, makarova, novikova, popova, *c.waiting])

    # --- the regulations (the seed's order: the Положение and the roadmap) and the curator, before 1 September
    curator_teacher = c.curator
    story.on(regulations_day - timedelta(days=3), 14)
    regulations = story.draft(kind=OrderKind.regulations, teacher_id=curator_teacher.id if curator_teacher else None)
    appointment = (story.draft(kind=OrderKind.curator, teacher_id=curator_teacher.id)
                   if curator_teacher is not None else None)
    story.sign(regulations, regulations_day)
    if appointment is not None:
        story.sign(appointment, regulations_day, 11, 20)
    story.on(regulations_day + timedelta(days=1), 9)
    with story.curator():
        orders.attach_scan(regulations, scans.pdf("Order: the regulations of mentoring",
                                                  ["MBOU Secondary school No. 11", "Signed original (demo scan)"]),
                           "prikaz-polozhenie.pdf")
    if appointment is not None:
        story.acknowledge(appointment, regulations_day + timedelta(days=1), curator_teacher)

    # --- the mentor bank: the candidate with her written consent and basis appointed (Положение 3.2)
    with _in(school.org, None):
        entry_id = db.session.scalar(select(MentorEntry.id).where(MentorEntry.org_id == school.org.id,
                                                                  MentorEntry.teacher_id == c.candidate.id))
    story.on(bank_day - timedelta(days=2), 15)
    bank = story.draft(kind=OrderKind.mentor_bank, entry_ids=[entry_id])
    story.sign(bank, bank_day)
    story.acknowledge(bank, bank_day + timedelta(days=1), c.candidate)

    # --- a proposal declined (Положение 1.3.5): kept, never proposed again
    story.on(bank_day + timedelta(days=1), 12)
    declined = story.propose(c.mentor_primary, [popova], "traditional")
    story.accept(declined, bank_day + timedelta(days=1), c.mentor_primary, hour=14)
    story.on(bank_day + timedelta(days=1), 16, 40)
    with story.as_(popova.user_id):
        pairs.decline(declined, "Мне ближе работа в группе молодых педагогов с руководителем ШМО: прошу включить "
                                "меня в группу")

    # --- the first pairs and the group: proposed, the pair's consents signed, accepted, the order of assignment
    proposed_day = bank_day + timedelta(days=3)
    proposals = [(c.mentor_me, [c.mentee_me], "traditional"), (c.mentor_me, [c.new_employee], "reverse"),
                 (c.methodist, [makarova, novikova, popova], "group"), (c.mentor_primary, [alekseeva], "traditional"),
                 (c.mentor_ru, [makarova], "short_term"), (c.mentor_ru, [alekseev], "traditional")]
    proposed = []
    for number, (mentor, mentees, form) in enumerate(proposals):
        story.on(proposed_day, 10, 6 * number)
        proposed.append(story.propose(mentor, mentees, form))
    one_to_one, reverse, group, ended, short, replaced = proposed
    story.pair_duty([c.mentor_me, c.methodist, c.mentor_primary, c.mentor_ru, c.candidate, c.new_employee, makarova,
                     novikova, popova, alekseeva, alekseev], proposed_day + timedelta(days=1))
    answered = proposed_day + timedelta(days=2)
    story.accept(one_to_one, answered, c.mentor_me, c.mentee_me)
    story.accept(reverse, answered + timedelta(days=1), c.new_employee, c.mentor_me)
    story.accept(group, answered, c.methodist, makarova, novikova, popova)
    story.accept(ended, answered + timedelta(days=1), alekseeva, c.mentor_primary)
    story.accept(short, answered + timedelta(days=2), c.mentor_ru, makarova)
    story.accept(replaced, answered + timedelta(days=2), alekseev, c.mentor_ru)
    story.on(pairs_day - timedelta(days=1), 14)
    assignment = story.draft(kind=OrderKind.pairs, pair_ids=[one_to_one, reverse, group, ended, short, replaced])
    story.sign(assignment, pairs_day)
    story.acknowledge(assignment, pairs_day + timedelta(days=1), c.mentor_me, c.mentee_me, c.methodist, makarova,
                      novikova, c.mentor_ru)

    # --- the programmes (Положение 1.2, 7.2), written and approved by the curator the days after the order
    made = lambda number: (pairs_day + timedelta(days=1 + number // 3), 10 + 2 * (number % 3))  # noqa: E731
    p_main = story.programme(
        one_to_one, made(0), starts, year_end,
        "Адаптация молодого учителя математики: дисциплина на уроке, групповая работа, работа с родителями",
        "Хорошее знание предмета, владение цифровыми инструментами, открытость к обратной связи",
        _plan(starts, today, c.mentor_me, c.mentee_me, overdue=True),
        [(60, 45, "Знакомство, разбор запроса", "Обсудили трудности в 7 «Б», договорились о посещениях", c.mentor_me),
         (40, 60, "Анализ посещённого урока", "Время на закрепление: таймер, карточки", c.mentee_me),
         (21, 40, "Подготовка к родительскому собранию", "Структура выступления, как говорить об оценках",
          c.mentor_me),
         (6, 30, "Итоги месяца", "Дисциплина лучше; осталось самообразование по функциональной грамотности",
          c.mentee_me)],
        c.mentor_me, c.mentee_me)
    story.programme(
        reverse, made(1), starts, starts + relativedelta(months=6),
        "Освоение цифровой образовательной среды школы: электронный журнал, ФГИС «Моя школа», отчёты",
        "Большой педагогический опыт, сильная методическая подготовка",
        [("Консультация: электронный журнал школы", "consultation", starts + timedelta(days=7), c.mentor_me,
          "done", "Настроены шаблоны отчётов, журнал заполняется за 20 минут"),
         ("Совместное планирование: домашние задания в ФГИС «Моя школа»", "joint_planning",
          starts + timedelta(days=20), c.new_employee, "done", "Выданы три задания с автопроверкой"),
         ("Семинар ШМО: цифровые инструменты урока", "seminar", starts + timedelta(days=35), c.mentor_me, "done",
          "Наставляемая показала коллегам свой опыт работы с тренажёрами"),
         ("Открытый урок с использованием ЦОС", "open_lesson", today + timedelta(days=30), c.new_employee,
          "planned", ""),
         ("Курс повышения квалификации «Цифровая школа»", "course", today + timedelta(days=70), c.new_employee,
          "planned", "")],
        [(50, 45, "Запрос и план", "Реверсивная пара: опытный педагог осваивает ЦОС", c.new_employee),
         (15, 30, "Отчёты в электронном журнале", "Разобрали выгрузку итоговых отметок", c.mentor_me)],
        c.mentor_me, c.new_employee)
    story.programme(
        group, made(2), starts, year_end,
        "Групповое сопровождение молодых педагогов: проектирование урока по ФГОС и рабочая программа",
        "Энтузиазм, готовность учиться друг у друга",
        [("Семинар: проектирование урока по ФГОС", "seminar", starts + timedelta(days=10), c.methodist, "done",
          "Каждый участник спроектировал урок по единому шаблону"),
         ("Взаимопосещение уроков в группе", "lesson_visit", starts + timedelta(days=30), novikova, "done",
          "Проведено шесть взаимопосещений с анализом"),
         ("Консультация: рабочая программа в конструкторе", "consultation", starts + timedelta(days=45),
          c.methodist, "done", "Рабочие программы приведены в соответствие с ФРП"),
         ("Конкурс методических разработок молодых педагогов", "contest", today + timedelta(days=40), makarova,
          "planned", ""),
         ("Открытые уроки группы на неделе ШМО", "open_lesson", today + timedelta(days=80), popova, "planned", ""),
         ("Самообразование: портфолио к аттестации", "self_study", today + timedelta(days=120), novikova,
          "in_progress", "Собран первый раздел портфолио")],
        [(45, 90, "Заседание группы: знакомство и запросы", "Три запроса сведены в общий план", c.methodist),
         (12, 60, "Разбор взаимопосещений", "Общие трудности: время урока, дифференциация", makarova)],
        c.methodist, makarova)
    story.programme(
        short, made(3), starts, starts + relativedelta(months=3),
        "Краткосрочная целеполагающая программа: подготовка открытого урока к неделе ШМО",
        "Умение работать с текстом, интерес к смысловому чтению",
        [("Консультация: цель и структура открытого урока", "consultation", starts + timedelta(days=5), c.mentor_ru,
          "done", "Сформулирована цель урока и планируемые результаты"),
         ("Совместная разработка технологической карты", "joint_planning", starts + timedelta(days=20), makarova,
          "done", "Технологическая карта утверждена на ШМО"),
         ("Открытый урок", "open_lesson", starts + timedelta(days=40), makarova, "done",
          "Урок проведён, получены положительные отзывы коллег"),
         ("Рефлексия и самоанализ урока", "self_study", starts + timedelta(days=45), makarova, "done",
          "Самоанализ написан, выводы внесены в портфолио")],
        [(30, 30, "Итоги программы", "План выполнен в полном объёме", c.mentor_ru)],
        c.mentor_ru, makarova)
    p_replaced = story.programme(
        replaced, made(4), starts, year_end,
        "Адаптация молодого учителя истории: рабочая программа, подготовка к ВПР",
        "Эрудиция, интерес к работе с историческим источником",
        [("Консультация: рабочая программа по ФГОС ООО", "consultation", starts + timedelta(days=7), c.mentor_ru,
          "done", "Часы распределены, программа сдана"),
         ("Посещение и анализ урока наставляемого", "lesson_visit", starts + timedelta(days=25), c.mentor_ru,
          "done", "Рекомендации по работе с источником"),
         ("Подготовка учеников к ВПР: банк заданий", "joint_planning", today + timedelta(days=20), alekseev,
          "planned", ""),
         ("Открытый урок на неделе ШМО", "open_lesson", today + timedelta(days=75), alekseev, "planned", "")],
        [(50, 45, "Знакомство и запрос", "Рабочая программа — первый приоритет", alekseev)],
        c.mentor_ru, alekseev)

    # --- ended early at the mentee's initiative, for a valid reason (Положение 7.1), by order
    story.on(early_day - timedelta(days=2), 15)
    early = story.draft(kind=OrderKind.early_end, pair_id=ended, reason=EndReason.mentee_initiative.value,
                        note="Наставляемая уходит в отпуск по уходу за ребёнком; программа будет возобновлена "
                             "после её выхода")
    story.sign(early, early_day)
    story.acknowledge(early, early_day + timedelta(days=1), c.mentor_primary)

    # --- the mentee asks to replace the mentor (Положение 5.1): reviewed, granted, executed by order
    story.on(ago(30), 12, 15)
    with story.as_(alekseev.user_id):
        petition = petitions.file(replaced, petitions.PetitionKind.replace_mentor,
                                  "Прошу заменить наставника: мне нужен наставник-историк для подготовки учеников к "
                                  "ВПР по истории, а мой наставник ведёт другой предмет").id
    story.on(ago(28), 15)
    with story.curator():
        petitions.review(petition, "Замена обоснована: предлагаю учителя истории, утверждённого наставником; "
                                   "программа и план сохраняются", c.candidate.id)
    story.on(ago(26), 11)
    with story.director():
        petitions.decide(petition, True, "Удовлетворить: наставник по предмету наставляемого (Положение 5.1)")
    story.on(ago(25), 10)
    replacement = story.draft(kind=OrderKind.replace_mentor, petition_id=petition)
    story.sign(replacement, ago(24))
    story.acknowledge(replacement, ago(23), alekseev, c.candidate)
    story.on(ago(22), 18, 30)
    with story.as_(c.candidate.user_id):
        programmes.write_journal(p_replaced, ago(22), 40, "Знакомство с новым наставником",
                                 "План и журнал пары сохранены; договорились о посещении урока",
                                 story.actor(c.candidate.user_id, Role.teacher))

    # --- the short-term plan fulfilled in full: completed by order (Положение 7.1)
    story.on(ago(17), 14)
    completion = story.draft(kind=OrderKind.completion, pair_id=short)
    story.sign(completion, ago(16))
    with story.curator():
        # The programme ends with its pair (app/programmes: ``pair_ended``); closed here only where it did not.
        p_short = db.session.scalars(select(Programme).where(Programme.pair_id == short)).one()
        if p_short.status == ProgrammeStatus.active:
            programmes.complete(p_short.id, story.actor(story.curator_id, Role.curator))
    story.acknowledge(completion, ago(15), makarova)

    # --- the main programme: its plan changed and its term extended by mutual agreement (Положение 7.2)
    mentor_actor = story.actor(c.mentor_me.user_id, Role.teacher)
    mentee_actor = story.actor(c.mentee_me.user_id, Role.teacher)
    curator_actor = story.actor(story.curator_id, Role.curator)
    story.on(ago(14), 16, 20)
    with story.as_(c.mentee_me.user_id):
        revision = programmes.propose(p_main, programmes.RevisionValues(
            kind="plan", reason="Добавить подготовку к родительскому собранию: собрание перенесено на декабрь",
            add=programmes.ActivityValues(title="Репетиция выступления на родительском собрании", kind="consultation",
                                          due_on=today + timedelta(days=12),
                                          responsible_teacher_id=c.mentor_me.id)), mentee_actor).id
    story.on(ago(13), 18)
    with story.as_(c.mentor_me.user_id):
        programmes.confirm(revision, mentor_actor)
    story.on(ago(12), 11)
    with story.curator():
        programmes.approve_revision(revision, curator_actor)
    extended_to = year_end + relativedelta(months=1)
    story.on(ago(11), 17, 30)
    with story.as_(c.mentor_me.user_id):
        revision = programmes.propose(p_main, programmes.RevisionValues(
            kind="extension", reason="Продлить до конца июня: открытый урок и аттестационные материалы после ВПР",
            ends_on=extended_to), mentor_actor).id
    story.on(ago(10), 19)
    with story.as_(c.mentee_me.user_id):
        programmes.confirm(revision, mentee_actor)
    story.on(ago(9), 11)
    with story.curator():
        programmes.approve_revision(revision, curator_actor)
    story.on(ago(8), 10)
    extension = story.draft(kind=OrderKind.extension, pair_id=one_to_one, until=extended_to)
    story.sign(extension, ago(7))
    story.acknowledge(extension, ago(6), c.mentor_me)  # the mentee has it among «my orders» to acknowledge

    # --- now: consents complete with the order waiting for the director; agreed; proposed
    story.on(ago(6), 14)
    waiting = story.propose(c.mentor_ru, [novikova], "short_term")
    story.accept(waiting, ago(5), c.mentor_ru, novikova)
    story.on(ago(4), 10)
    story.draft(kind=OrderKind.pairs, pair_ids=[waiting])
    story.on(ago(4), 15)
    agreed = story.propose(c.mentor_primary, [c.changed_role], "traditional")
    story.accept(agreed, ago(3), c.mentor_primary)
    story.accept(agreed, ago(2), c.changed_role)  # his consent to the pair's duties is not in yet
    story.on(ago(1), 10)
    story.propose(c.mentor_ru, [c.mentee_me], "situational")  # both asked, no answer yet

    # --- the methodist asks to be released (Положение 4.1): waits for the curator
    story.on(ago(1), 15)
    with story.as_(c.methodist.user_id):
        petitions.file(group, petitions.PetitionKind.release,
                       "Прошу освободить от обязанностей наставника группы с января в связи с назначением экспертом "
                       "аттестационной комиссии")

    # --- the walk «form a pair from the banks»: the waiting mentees (app/demo/mentoring.py), the first of
    # them with the pair's consent signed ahead with the request form, the second without it
    story.pair_duty(c.waiting[:1], ago(3))


def seed_cycle(orgs: dict[str, Organization], people: dict[str, tuple[uuid.UUID, str]],
               today: date | None = None) -> None:
    """СШ №11's pairs, programmes, petitions and orders; kept as they are once the school has a pair."""
    org = orgs["school11"]
    with _in(org, None):
        if db.session.scalar(select(exists().where(Pair.org_id == org.id))):
            return
        school = School.read(org, people, today or date.today())
        cast = _cast(school)
    if cast is None:
        return
    with running() as clock:
        school.clock = clock
        _story(school, people, cast, clock)
    db.session.flush()


# ------------------------------------------------------------------------------------------ the walk


@dataclass(frozen=True)
class Walk:
    """Who the walk «form a pair from the banks, both teachers accept and consent…» starts with in СШ №11,
    read from the data as it is now (the rule of app/pairs/checks.py check_mentor: the capacity counts the
    mentees of the mentor's open pairs — proposed, agreed, consents complete, active)."""

    first: str | None                    # the registry's first and last teacherNN address
    last: str | None
    joined: list[str]                    # the teacherNN addresses with an account
    mentors: list[tuple[str, str, int, int]]  # e-mail, name, free places, capacity
    mentees: list[tuple[str, str, bool]]      # e-mail, name, whether the pair-duties consent stands


def walk(org: Organization) -> Walk:
    """Approved mentors with room and mentees waiting for their first pair, of those who can sign in (an
    account linked to their record), with the processing consent standing (and the mentor's written
    consent)."""
    with _in(org, None):
        addresses = sorted(db.session.scalars(select(Teacher.email).where(
            Teacher.org_id == org.id, Teacher.email.like(f"teacher%@{org.slug}.demo"))))
        joined = sorted(db.session.scalars(select(Teacher.email).where(
            Teacher.org_id == org.id, Teacher.email.like(f"teacher%@{org.slug}.demo"), Teacher.user_id.is_not(None))))
        mentors = []
        for entry, teacher in db.session.execute(
                select(MentorEntry, Teacher).join(Teacher, and_(Teacher.id == MentorEntry.teacher_id,
                                                                Teacher.org_id == MentorEntry.org_id))
                .where(MentorEntry.org_id == org.id, MentorEntry.status == MentorStatus.approved,
                       Teacher.is_active.is_(True), Teacher.user_id.is_not(None),
                       standing(Purpose.processing, MentorEntry.teacher_id, MentorEntry.org_id),
                       standing(Purpose.mentor_duty, MentorEntry.teacher_id, MentorEntry.org_id))
                .order_by(Teacher.sort_name, Teacher.id)):
            free = entry.capacity - checks._open_mentees_of(teacher.id)
            if free > 0:
                mentors.append((teacher.email, teacher.full_name, free, entry.capacity))
        # Waiting for their first pair: never proposed yet (one whose pair ended waits too, for her own
        # reasons: not the walk's).
        in_a_pair = select(PairParticipant.teacher_id).where(PairParticipant.org_id == org.id)
        mentees = [(teacher.email, teacher.full_name, has_pair_duty) for teacher, has_pair_duty in db.session.execute(
            select(Teacher, standing(Purpose.pair_duty, MenteeEntry.teacher_id, MenteeEntry.org_id))
            .join(MenteeEntry, and_(MenteeEntry.teacher_id == Teacher.id, MenteeEntry.org_id == Teacher.org_id))
            .where(MenteeEntry.org_id == org.id, MenteeEntry.status.in_(WAITING), Teacher.is_active.is_(True),
                   Teacher.user_id.is_not(None), Teacher.id.not_in(in_a_pair),
                   standing(Purpose.processing, MenteeEntry.teacher_id, MenteeEntry.org_id))
            .order_by(Teacher.sort_name, Teacher.id))]
    return Walk(addresses[0] if addresses else None, addresses[-1] if addresses else None, joined, mentors,
                mentees)
