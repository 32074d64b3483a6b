"""Browser tests: Playwright drives Debian's Chromium against a live server on 127.0.0.1.
A curator signs in (password, then the TOTP code), sees the school's home page and switches to their
other organization with the switcher in the header. The main pages of several roles, at desktop
(1280 px) and phone (390 px) width, pass axe-core (the engine shipped inside the pinned
axe-playwright-python wheel, injected by Playwright: no CDN) with no violation, fit the screen's width
(tables become cards, long names wrap), load no resource that fails and break no CSP rule."""
from __future__ import annotations

import os
import re
import shutil
import threading
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from werkzeug.serving import make_server

from tests.support.http import totp_code
from tests.support.world import TEST_PASSWORD, add_membership

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.browser


def _chromium_or_skip():
    if os.path.exists(CHROMIUM):
        return
    if os.environ.get("CI"):
        pytest.fail("Chromium is missing on CI: .ci/run installs Debian's chromium package")
    pytest.skip("Debian's chromium is not installed (apt-get install chromium); .ci/run installs it")


@pytest.fixture
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


def test_curator_signs_in_with_totp_sees_the_school_and_switches_organization(app, world, live_server):
    _chromium_or_skip()
    from playwright.sync_api import expect, sync_playwright

    add_membership(app, world, "a_curator", "B", ["teacher"])
    curator = world.people["a_curator"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="ru-RU")
            page.goto(f"{live_server}/login")
            expect(page.locator("h1")).to_have_text("Войти")
            page.fill("input[name=email]", curator.email)
            page.fill("input[name=password]", TEST_PASSWORD)
            page.click("button[type=submit].primary")
            expect(page).to_have_url(f"{live_server}/login/code")
            page.fill("input[name=code]", totp_code(app, curator))
            page.click("button[type=submit].primary")
            expect(page.locator("h1")).to_have_text("Org A")
            expect(page.locator(".tag")).to_have_text("Куратор")
            page.click(".switcher summary")
            page.click(".switcher a:has-text('Org B')")
            expect(page).to_have_url(f"{live_server}/school-b/")
            expect(page.locator("h1")).to_have_text("Org B")
            expect(page.locator(".tag")).to_have_text("Педагог")
        finally:
            browser.close()


# --- every main page, two widths, axe-core ---

DESKTOP, PHONE = 1280, 390
LONG_WORD = "Пред" + "о" * 72 + "вская"  # an 80-letter name with nowhere to break
LONG_EMAIL = "a.very.long.address.of.a.colleague.with.many.parts@school-number-eleven-shchekino.test-nastavnik.ru"


def _grow_for_the_eye(app, world) -> None:
    """What makes a layout break: an 80-letter name, a long e-mail, an open invitation (its action), a
    second organization of the curator (the switcher), events in the audit log."""
    from app.accounts.models import User
    from app.audit.models import AuditEvent
    from app.core.extensions import db
    from app.orgs.models import Invitation, Membership
    from app.core.models import utcnow
    from datetime import timedelta
    from tenants.scope import TenantScope, tenant_scope
    from tests.support.world import add_user

    add_membership(app, world, "a_curator", "B", ["teacher"])
    school = world.orgs["A"]
    with app.app_context():
        user = User(id=uuid.uuid4(), email=LONG_EMAIL, full_name=f"{LONG_WORD} Анна Петровна")
        add_user(user)
        with tenant_scope(TenantScope(municipality_id=school.municipality_id, org_id=school.id)):
            membership = Membership(id=uuid.uuid4(), org_id=school.id, municipality_id=school.municipality_id,
                                    user_id=user.id, roles=["teacher", "methodist"])
            db.session.add(membership)
            db.session.add(Invitation(id=uuid.uuid4(), org_id=school.id, municipality_id=school.municipality_id,
                                      email="invited." + LONG_EMAIL, full_name=LONG_WORD, roles=["teacher"],
                                      token_hash="0" * 64, expires_at=utcnow() + timedelta(days=3)))
            for action, details in (("change_roles", {"before": ["teacher"], "after": ["methodist", "teacher"]}),
                                    ("deactivate", {"before": {"is_active": True}, "after": {"is_active": False}}),
                                    ("view", {})):
                db.session.add(AuditEvent(municipality_id=school.municipality_id, org_id=school.id,
                                          actor_id=world.people["a_admin"].id, actor_name="Person a_admin",
                                          action=action, object_type="membership", object_id=str(membership.id),
                                          object_name=user.full_name, ip="10.0.0.1", details=details))
            db.session.flush()
        db.session.commit()
        db.session.remove()
    world.memberships[("long", "A")] = membership.id


def _grow_the_mentoring_cycle(app, world, inspector) -> dict[str, uuid.UUID]:
    """Issue 7's rows in school A, written by the factories and services the way the app writes them: a
    registry (a young specialist, an 80-letter name with a long e-mail, a teacher who left), a mentor
    candidate with the agreement of ТК ст. 351.8, an approved mentor, mentees on the waiting list with
    support, consents in every state (standing, for a recipient, withdrawn with its destruction date), a
    municipal dictionary entry and a staff file waiting in its preview with a row in error."""
    from datetime import date

    from app.banks import dictionary
    from app.banks.models import BasisKind, DictionaryKind, MenteeCategory, MentorStatus, PayKind
    from app.core.extensions import db
    from app.teachers import imports
    from app.teachers.models import Category
    from tenants.switches import acting_in
    from app.consents.texts import PLACES
    from tests.banks.helpers import add_entry, add_support, consenting_teacher, withdraw
    from tests.imports.files import csv_bytes
    from tests.support.mentoring import add_consent, add_teacher

    school = world.orgs["A"]
    ids = {}
    ids["young"] = consenting_teacher(
        app, world, "a_teacher", position="Учитель математики", subjects=["Математика", "Информатика"],
        category=Category.none, birth_date=date(2001, 3, 9), experience_since=date(2024, 9, 1),
        hired_on=date(2024, 9, 1), phone="+7 900 123-45-67")
    ids["candidate"] = consenting_teacher(
        app, world, "a_methodist", purposes=("processing", "mentor_duty"),
        position="Учитель русского языка и литературы",
        subjects=["Русский язык", "Литература"], category=Category.highest, birth_date=date(1978, 11, 2),
        experience_since=date(2001, 9, 1), hired_on=date(2010, 8, 30))
    ids["mentor"] = consenting_teacher(
        app, world, "ab_teacher", purposes=("processing", "mentor_duty"), position="Учитель физики",
        subjects=["Физика", "Астрономия"], category=Category.first, birth_date=date(1969, 1, 15),
        experience_since=date(1992, 9, 1))
    ids["long"] = add_teacher(app, school, LONG_WORD, "Анна", "Петровна", email="teacher." + LONG_EMAIL,
                              position="Педагог дополнительного образования, руководитель школьного театра",
                              subjects=["Изобразительное искусство", "Мировая художественная культура",
                                        "Технология"], category=Category.conformity, birth_date=date(1999, 6, 1),
                              experience_since=date(2023, 9, 1))
    for last, first, middle, position, subjects in (
            ("Смирнова", "Ольга", "Игоревна", "Учитель начальных классов", ["Начальные классы"]),
            ("Кузнецов", "Дмитрий", "Андреевич", "Учитель истории", ["История", "Обществознание"]),
            ("Попова", "Елена", None, "Педагог-психолог", []),
            ("Васильев", "Артём", "Сергеевич", "Учитель физической культуры", ["Физическая культура"])):
        ids[last] = add_teacher(app, school, last, first, middle, position=position, subjects=subjects,
                                birth_date=date(1985, 4, 12), experience_since=date(2008, 9, 1))
    add_teacher(app, school, "Уволенная", "Нина", "Павловна", is_active=False, left_at=datetime.now(timezone.utc))

    add_consent(app, school, ids["long"], "processing")
    add_consent(app, school, ids["long"], "transfer", recipient="Управление образования администрации "
                                                                 "муниципального образования Щёкинский район")
    add_consent(app, school, ids["long"], "dissemination", published_fields=["full_name", "position"],
                published_where=PLACES["school_site"], published_places=["school_site"])
    withdraw(inspector, ids["long"], "dissemination")
    add_consent(app, school, ids["Смирнова"], "processing")
    withdraw(inspector, ids["Смирнова"], "processing")

    ids["candidate_entry"] = add_entry(
        app, school, "mentor", ids["candidate"], competences=["subject_content", "teaching_methods"],
        subjects=["Русский язык", "Литература"], forms=["traditional", "group"], capacity=2,
        topics="Подготовка к итоговому сочинению\nСмысловое чтение", basis=BasisKind.agreement,
        agreement_content="Наставничество над молодым специалистом", agreement_from=date(2026, 9, 1),
        agreement_until=date(2027, 6, 30), agreement_form="traditional", pay_kind=PayKind.unpaid)
    add_entry(app, school, "mentor", ids["mentor"], status=MentorStatus.approved, load=1, capacity=3,
              subjects=["Физика"], basis=BasisKind.job_description,
              job_description_ref="Должностная инструкция, п. 2.14",
              approval_order_ref="№ 45-о от 29.08.2026",
              approved_at=datetime(2026, 8, 29, 9, tzinfo=timezone.utc), approved_by_id=world.people["a_director"].id)
    ids["mentee"] = add_entry(app, school, "mentee", ids["young"],
                              request_text="Хочу посещать уроки наставника и разбирать с ним свои")
    add_support(app, school, ids["mentee"], description="Консультации руководителя МО по средам")
    add_entry(app, school, "mentee", ids["long"], category=MenteeCategory.changed_role,
              difficulties={"upbringing": "Не знаю, как выстроить работу с классом " + LONG_WORD.lower()})

    with app.app_context():
        department = world.orgs["D1"]
        with acting_in(municipality_id=department.municipality_id, org_id=department.id,
                       user_id=world.people["d1_officer"].id, reason="test data"):
            dictionary.add_entry(DictionaryKind.competence,
                                 "Сопровождение обучающихся с ограниченными возможностями здоровья")
        with acting_in(municipality_id=school.municipality_id, org_id=school.id, user_id=world.people["a_curator"].id,
                       reason="test data"):
            rows = [["Орлова Вера Николаевна", "Учитель химии", "Химия; биология", "первая", "7", "01.09.2018",
                     "21.07.1990", "orlova@school.test", ""],
                    ["Никитин", "Учитель", "", "не знаю", "", "31.02.2020", "", "", ""]]
            ids["import"] = imports.upload("Сотрудники (выгрузка из АИС «Сетевой город»).csv", csv_bytes(rows=rows)).id
        db.session.commit()
        db.session.remove()
    return ids


def _agree_for(app, org, pair_id) -> None:
    """Every participant of a proposed pair agrees, as «Мои пары» does for each of them (these teachers
    have no account to sign in with): the answers, then agreed and, the consents standing, complete."""
    from app.core.extensions import db
    from app.pairs import lifecycle
    from app.pairs.models import PairStatus, Response
    from app.core.models import utcnow
    from tests.pairs.helpers import in_scope

    with in_scope(app, org):
        pair = lifecycle.lock_pair(pair_id)
        members = lifecycle.current(pair)
        for participant, _teacher in members:
            participant.response, participant.responded_at = Response.accepted, utcnow()
        pair.agreed_at = utcnow()
        lifecycle.move(pair, PairStatus.agreed, "Все участники согласились.", members=members)
        assert lifecycle.complete_consents(pair, members, reason="Все согласия даны.")
        db.session.commit()
        db.session.remove()


def _grow_the_pairs(app, world, cycle: dict) -> dict[str, uuid.UUID]:
    """Issue 8's rows in school A, through the services (and the factories of their tests): an active pair
    (a_teacher's record mentored by ab_teacher's) approved by a signed order, with its programme (a plan
    with an overdue, a done and a long-titled activity, evidence-free), two meetings in its journal, an
    extension proposed, a petition of each kind (one reviewed, waiting for the director); a pair ended early
    by its order; a group of three proposed, its mentor the 80-letter name; a pair with its consents
    complete in a draft order; a draft order approving a mentor; a day of the municipality's calendar."""
    from datetime import date

    from app.core.extensions import db
    from app.pairs import petitions, services as pairs
    from app.pairs.petitions import PetitionKind
    from app.programmes import services as programmes
    from tests.orders.helpers import draft, sign_relaxed
    from tests.pairs.helpers import call, in_scope, mentee, mentor
    from tests.petitions.helpers import add_calendar_day
    from tests.support.mentoring import add_consent

    school, people = world.orgs["A"], world.people
    curator = people["a_curator"].id
    ids: dict[str, uuid.UUID] = {}

    def done(value):
        assert isinstance(value, uuid.UUID), value  # a refusal comes back as its Russian message
        return value

    for teacher in (cycle["mentor"], cycle["young"], cycle["long"]):
        add_consent(app, school, teacher, "pair_duty")
    second, _ = mentor(app, school, "Кузнецова-Оболенская", capacity=3, position="Заместитель директора по УВР")
    long_mentor, _ = mentor(app, school, LONG_WORD, capacity=3)
    ended_mentee, _ = mentee(app, school, "Соколова")
    group_mentee, _ = mentee(app, school, "Лебедев")
    waiting_mentee, _ = mentee(app, school, "Новикова-Долгорукая")

    # The active pair: proposed, agreed by both on their pages, approved by the order № 1 (with a second pair).
    ids["pair"] = done(call(app, school, pairs.propose, cycle["mentor"], [cycle["young"]], "traditional",
                            user_id=curator))
    for person in ("ab_teacher", "a_teacher"):
        done(call(app, school, pairs.accept, ids["pair"], user_id=people[person].id))
    ids["ended"] = done(call(app, school, pairs.propose, second, [ended_mentee], "traditional", user_id=curator))
    _agree_for(app, school, ids["ended"])
    ids["signed"] = draft(app, world, "pairs", pair_ids=[ids["pair"], ids["ended"]])
    sign_relaxed(app, world, ids["signed"])
    ids["early_end"] = draft(app, world, "early_end", pair_id=ids["ended"], reason="mentee_initiative",
                             note="Переезд в другой город по семейным обстоятельствам")
    sign_relaxed(app, world, ids["early_end"])
    # A group of three, proposed (the answers pending); a pair waiting for its draft order.
    ids["group"] = done(call(app, school, pairs.propose, long_mentor, [group_mentee, cycle["long"]], "group",
                             user_id=curator))
    ids["waiting"] = done(call(app, school, pairs.propose, second, [waiting_mentee], "traditional", user_id=curator))
    _agree_for(app, school, ids["waiting"])
    ids["draft"] = draft(app, world, "pairs", pair_ids=[ids["waiting"]])
    ids["bank_draft"] = draft(app, world, "mentor_bank", entry_ids=[cycle["candidate_entry"]])

    # The programme of the active pair, its plan at work, its journal, an extension proposed.
    today = date.today()
    as_curator = programmes.Actor(user_id=curator, roles=frozenset({"curator"}))
    as_mentor = programmes.Actor(user_id=people["ab_teacher"].id, roles=frozenset({"teacher"}))
    as_mentee = programmes.Actor(user_id=people["a_teacher"].id, roles=frozenset({"teacher"}))
    with in_scope(app, school, curator):
        programme = programmes.create(ids["pair"], programmes.ProgrammeValues(
            starts_on=today - timedelta(days=60), ends_on=today + timedelta(days=150), form_code="traditional",
            goals="Адаптация молодого специалиста, развитие профессиональных компетенций",
            strengths="Хорошо владеет цифровыми инструментами", directions="Методика урока физики; классное руководство",
            activity_forms="Посещение уроков, консультации, совместная подготовка", expected_results=(
                "Уверенное проведение уроков\nСамостоятельная подготовка к открытому уроку")), as_curator)
        plan = [("Посещение урока наставника", "lesson_visit", -40, cycle["young"]),
                ("Консультация по подготовке к ОГЭ", "consultation", -10, cycle["mentor"]),
                ("Совместное планирование урока по теме «Законы Ньютона» для 9 класса с использованием цифровой "
                 "лаборатории и дифференцированных заданий", "joint_planning", 20, cycle["young"]),
                ("Открытый урок", "open_lesson", 90, None)]
        activities = [programmes.add_activity(programme.id, programmes.ActivityValues(
            title, kind, today + timedelta(days=days), who), as_curator) for title, kind, days, who in plan]
        programmes.approve(programme.id, as_curator)
        ids["programme"], ids["activity"] = programme.id, activities[0].id
        db.session.commit()
        db.session.remove()
    with in_scope(app, school, people["a_teacher"].id):
        programmes.mark(activities[0].id, "done", "Посетила два урока, составила анализ по схеме", None, None, as_mentee)
        programmes.mark(activities[2].id, "in_progress", "", None, None, as_mentee)
        petition = petitions.file(ids["pair"], PetitionKind.replace_mentor,
                                  "Расписание не позволяет посещать уроки наставника: прошу назначить другого")
        ids["petition"] = petition.id
        db.session.commit()
        db.session.remove()
    with in_scope(app, school, people["ab_teacher"].id):
        for days, minutes, topic in ((-45, 45, "Знакомство, анализ затруднений"),
                                     (-12, 90, "Разбор посещённого урока: этапы и хронометраж")):
            programmes.write_journal(ids["programme"], today + timedelta(days=days), minutes, topic,
                                     "Договорились о следующих шагах", as_mentor)
        revision = programmes.propose(ids["programme"], programmes.RevisionValues(
            kind="extension", reason="Нужно время на подготовку к открытому уроку", ends_on=today + timedelta(days=240)),
            as_mentor)
        ids["revision"] = revision.id
        petitions.file(ids["pair"], PetitionKind.release, "Перевожусь на должность заместителя директора")
        db.session.commit()
        db.session.remove()
    with in_scope(app, school, curator):
        petitions.review(ids["petition"], "Предлагаю наставника с опытом подготовки к ОГЭ", second)
        db.session.commit()
        db.session.remove()
    add_calendar_day(app, world.orgs["D1"], date(today.year, 12, 31), False,
                     "Дополнительный выходной день по решению администрации муниципального образования")
    return ids


def _pages(world, cycle: dict, pairs: dict) -> dict[str | None, list[str]]:
    """The main pages of several roles (None: not signed in)."""
    programme = f"/school-a/programmes/{pairs['programme']}"
    mine = ["/school-a/pairs/my", "/school-a/programmes/mine", programme, f"{programme}/journal",
            f"{programme}/revisions", "/school-a/orders/my", "/school-a/pairs/petitions/my"]
    return {
        None: ["/login", "/password/forgot", "/no-such-page/at-all"],
        "a_admin": ["/school-a/", "/school-a/staff", f"/school-a/staff/{world.memberships[('long', 'A')]}",
                    "/school-a/staff/invite", "/school-a/audit?views=y", "/school-a/audit?from=2026-13-01",
                    "/account/", "/school-a/teachers/"],
        "a_curator": ["/school-a/", "/school-a/teachers/", "/school-a/teachers/?young=yes&subject=Математика",
                      f"/school-a/teachers/{cycle['long']}", f"/school-a/teachers/{cycle['young']}",
                      "/school-a/teachers/import", f"/school-a/teachers/import/{cycle['import']}",
                      "/school-a/banks/mentors", "/school-a/banks/mentees",
                      f"/school-a/banks/mentors/{cycle['candidate_entry']}",
                      f"/school-a/banks/mentees/{cycle['mentee']}",
                      "/school-a/consents/", f"/school-a/consents/people/{cycle['long']}",
                      # the forms behind them
                      "/school-a/teachers/new", f"/school-a/banks/mentors/{cycle['candidate_entry']}/basis",
                      f"/school-a/banks/mentees/{cycle['mentee']}/support", "/school-a/banks/mentors/send",
                      f"/school-a/consents/people/{cycle['long']}/paper", "/school-a/consents/texts",
                      # issue 8: pairs, programmes, orders, petitions
                      "/school-a/pairs/", "/school-a/pairs/?status=active", "/school-a/pairs/new",
                      f"/school-a/pairs/{pairs['pair']}", f"/school-a/pairs/{pairs['group']}",
                      f"/school-a/pairs/{pairs['ended']}", f"/school-a/pairs/{pairs['pair']}/end",
                      "/school-a/programmes/", programme, f"{programme}/journal", f"{programme}/revisions",
                      f"/school-a/programmes/revisions/{pairs['revision']}", f"{programme}/complete",
                      f"/school-a/programmes/new/{pairs['group']}",  # the difficulties of the group's mentees
                      "/school-a/orders/", "/school-a/orders/new", f"/school-a/orders/{pairs['draft']}",
                      f"/school-a/orders/{pairs['draft']}/edit", f"/school-a/orders/{pairs['signed']}",
                      f"/school-a/orders/{pairs['early_end']}", "/school-a/orders/settings",
                      "/school-a/pairs/petitions", f"/school-a/pairs/petitions/{pairs['petition']}/review"],
        "a_director": ["/school-a/", "/school-a/banks/candidates", "/school-a/orders/to-sign",
                       f"/school-a/orders/{pairs['draft']}/sign", f"/school-a/orders/{pairs['signed']}",
                       "/school-a/pairs/petitions/decisions", f"/school-a/pairs/petitions/{pairs['petition']}/decide",
                       "/school-a/pairs/", programme],
        "a_teacher": ["/school-a/", "/school-a/teachers/me", "/school-a/banks/my/questionnaire",
                      "/school-a/banks/my/requests", "/school-a/consents/mine",
                      "/school-a/consents/mine/give?purpose=dissemination",
                      # issue 8: the mentee's pages
                      *mine, f"/school-a/programmes/activities/{pairs['activity']}",
                      f"/school-a/programmes/revisions/{pairs['revision']}"],  # the other side: confirm or decline
        "ab_teacher": mine,  # the mentor's
        "d1_officer": ["/m1-uo/", "/m1-uo/organizations/", "/m1-uo/organizations/new", "/m1-uo/teachers/rules",
                       "/m1-uo/banks/dictionary", "/m1-uo/pairs/calendar"],
        "platform_admin": ["/platform/", "/platform/municipalities/new", "/platform/jobs"],
    }


def _sign_in(app, page, base: str, person) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=email]", person.email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("button[type=submit].primary")
    if page.url.endswith("/login/code"):
        page.fill("input[name=code]", totp_code(app, person))
        page.click("button[type=submit].primary")
    assert "/login" not in page.url, page.url


def _problems_of_the_page(page, axe, width: int, whole_tables: bool = False) -> list[str]:
    """``whole_tables``: a table must not scroll sideways even on a wide screen (the lists of issue 7: a
    long unbroken name breaks inside its cell, td.name in app.css, instead of pushing columns out of sight)."""
    problems = []
    results = axe.run(page)
    if results.violations_count:
        problems.append(results.generate_report())
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        culprits = page.evaluate("""[...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))""")
        problems.append(f"wider than the screen by {overflow}px: {culprits}")
    dangling = page.evaluate("""[...document.querySelectorAll('[aria-describedby]')]
        .flatMap(e => e.getAttribute('aria-describedby').split(/\\s+/)).filter(id => !document.getElementById(id))""")
    if dangling:
        problems.append(f"aria-describedby names no element: {dangling}")
    if whole_tables and width == DESKTOP:
        for box in page.evaluate("""[...document.querySelectorAll('main .table-wrap')]
                .map(b => b.scrollWidth - b.clientWidth)"""):
            if box > 0:
                problems.append(f"a table scrolls sideways on a wide screen ({box}px)")
    if width == PHONE:
        for box in page.evaluate("""[...document.querySelectorAll('main .table-wrap')]
                .map(b => b.scrollWidth - b.clientWidth)"""):
            if box > 0:
                problems.append(f"a table scrolls sideways on a phone ({box}px)")
        hidden_actions = page.evaluate("""[...document.querySelectorAll('main td button, main td a')]
            .map(e => e.getBoundingClientRect()).filter(r => r.left < 0 || r.right > window.innerWidth).length""")
        if hidden_actions:
            problems.append(f"{hidden_actions} actions of a table are off the screen")
    return problems


def _screenshot(page, folder: str, title: str, height: int = 1500) -> None:
    """BROWSER_SCREENSHOTS=/tmp/shots: the whole page as it looked, for the eye, in pieces of ``height``
    pixels (a phone's page is long)."""
    name = re.sub(r"[^\w-]+", "_", title.strip("/"))[:100]
    total = page.evaluate("document.documentElement.scrollHeight")
    width = page.viewport_size["width"]
    for part, top in enumerate(range(0, total, height)):
        page.screenshot(path=os.path.join(folder, f"{name}-{part}.png"), full_page=True,
                        clip={"x": 0, "y": top, "width": width, "height": min(height, total - top)})


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_main_pages_of_every_role_pass_axe_and_fit_the_screen(width, app, world, inspector, live_server,
                                                              monkeypatch):
    _chromium_or_skip()
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    _grow_for_the_eye(app, world)
    cycle = _grow_the_mentoring_cycle(app, world, inspector)
    pairs = _grow_the_pairs(app, world, cycle)
    monkeypatch.setitem(app.config, "DEMO_RELAX_TOTP", True)  # the banner is on every page, as in the demo
    axe = Axe()
    shots = os.environ.get("BROWSER_SCREENSHOTS")
    problems: dict[str, list[str]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for who, paths in _pages(world, cycle, pairs).items():
                context = browser.new_context(viewport={"width": width, "height": 900}, locale="ru-RU")
                page = context.new_page()
                failed, console = [], []
                page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
                page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
                if who:
                    _sign_in(app, page, live_server, world.people[who])
                for path in paths:
                    failed.clear(), console.clear()
                    page.goto(f"{live_server}{path}")
                    found = _problems_of_the_page(page, axe, width,
                                                  whole_tables=bool(re.search(
                                                      r"/(teachers|banks|consents|pairs|programmes|orders)/", path)))
                    if shots:
                        _screenshot(page, shots, f"{width}-{who or 'anonymous'}-{path}")
                    expected = {"/no-such-page/at-all": 404, "/school-a/audit?from=2026-13-01": 400}.get(path)
                    found += [f for f in failed if not (expected and f.startswith(f"{expected} {live_server}{path}"))]
                    found += [f"console: {c}" for c in console if not (expected and str(expected) in c)]
                    if found:
                        problems[f"{who or 'anonymous'} {path}"] = found
                context.close()
        finally:
            browser.close()
    assert not problems, "\n\n".join(f"{where}:\n" + "\n".join(found) for where, found in problems.items())


def test_on_a_phone_the_banner_is_one_line_and_the_switcher_stays_on_the_screen(app, world, live_server,
                                                                                monkeypatch):
    _chromium_or_skip()
    from playwright.sync_api import sync_playwright

    add_membership(app, world, "a_curator", "B", ["teacher"])
    monkeypatch.setitem(app.config, "DEMO_RELAX_TOTP", True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": PHONE, "height": 800}, locale="ru-RU")
            _sign_in(app, page, live_server, world.people["a_curator"])
            page.goto(f"{live_server}/school-a/")
            banner = page.locator(".banner-demo")
            line = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.banner-demo')).lineHeight)")
            padding = page.evaluate("""(() => { const s = getComputedStyle(document.querySelector('.banner-demo'));
                return parseFloat(s.paddingTop) + parseFloat(s.paddingBottom) + parseFloat(s.borderBottomWidth); })()""")
            assert banner.bounding_box()["height"] <= line + padding + 1
            assert banner.locator(".short").is_visible() and not banner.locator(".long").is_visible()
            page.click(".switcher summary")
            menu = page.locator(".switcher ul").bounding_box()
            assert menu["x"] >= 0 and menu["x"] + menu["width"] <= PHONE, menu
            for link in page.locator(".switcher a").all():
                box = link.bounding_box()
                assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE
            page.click(".switcher a:has-text('Org B')")
            assert page.url == f"{live_server}/school-b/"
        finally:
            browser.close()


def test_the_focus_ring_is_dark_enough_to_see_on_white(app, live_server):
    """WCAG 1.4.11 (3:1): the ring the browser draws around a focused link on the sign-in card."""
    _chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": DESKTOP, "height": 800})
            page.goto(f"{live_server}/login")
            page.focus("main a")
            colour = page.evaluate("getComputedStyle(document.activeElement).outlineColor")
            width = page.evaluate("parseFloat(getComputedStyle(document.activeElement).outlineWidth)")
        finally:
            browser.close()
    red, green, blue = (int(v) / 255 for v in re.findall(r"\d+", colour)[:3])
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    assert (1 + 0.05) / (luminance + 0.05) >= 3, colour
    assert width >= 2


# --- issue 7: the curator's import with its progress bar; a teacher's own consent ---

STAFF = [["Орлова Вера Николаевна", "Учитель химии", "Химия; биология", "первая", "7", "01.09.2018", "21.07.1990",
          "orlova@school.test", ""],
         ["Белов Кирилл Андреевич", "Учитель информатики", "Информатика", "без категории", "1", "26.08.2025",
          "14.02.2002", "belov@school.test", ""],
         ["Зайцева Полина Игоревна", "Учитель английского языка", "Английский язык", "высшая", "15",
          "01.09.2011", "03.03.1984", "zaitseva@school.test", ""],
         ["Гусев Павел Олегович", "Учитель географии", "География", "соответствие", "4", "01.09.2022",
          "30.10.1995", "gusev@school.test", ""],
         ["Фёдорова Алина Романовна", "Учитель начальных классов", "Начальные классы", "первая", "9",
          "01.09.2017", "12.12.1991", "fedorova@school.test", ""]]


def _run_one_job(app) -> bool:
    """One job of the queue with a real worker (the import's job is one batch of rows); False when the
    queue is empty."""
    from rq import SimpleWorker

    with app.app_context():
        from worker.queue import get_queue

        queue = get_queue()
        if not queue.count:
            return False
        SimpleWorker([queue], connection=queue.connection, serializer=queue.serializer).work(burst=True, max_jobs=1)
        return True


def test_curator_imports_a_staff_file_sees_the_progress_and_the_registry_lists_the_teachers(
        app, world, live_server, monkeypatch):
    """Issue 7 (import): the curator uploads an XLSX, sees every row's result in the preview, confirms; the
    import runs as a job of batches and the page's progress bar follows it (the script polls the status
    and shows «Обработано N из M строк»), then the page shows the result and the registry the teachers."""
    _chromium_or_skip()
    from playwright.sync_api import expect, sync_playwright

    from tests.imports.files import xlsx_bytes

    monkeypatch.setitem(app.config, "TEACHER_IMPORT_BATCH_ROWS", 2)  # 5 rows: three jobs, progress seen
    with app.app_context():
        from worker.queue import get_queue

        queued = get_queue().is_async
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": DESKTOP, "height": 900}, locale="ru-RU")
            failed = []
            page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
            _sign_in(app, page, live_server, world.people["a_curator"])
            page.goto(f"{live_server}/school-a/teachers/")
            page.click("a:has-text('Импорт из файла')")
            expect(page.locator("h1")).to_have_text("Импорт файлов сотрудников")
            page.set_input_files("input[name=file]", files=[{
                "name": "Сотрудники.xlsx", "buffer": xlsx_bytes(rows=STAFF),
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}])
            page.click("button[type=submit].primary")
            expect(page.locator("h1")).to_have_text("Проверка файла «Сотрудники.xlsx»")
            expect(page.locator("main")).to_contain_text("Новых записей: 5")
            expect(page.locator("main")).to_contain_text("Строк с ошибками: 0")
            expect(page.locator("td:has-text('будет создана')")).to_have_count(5)
            page.click("button:has-text('Импортировать')")

            progress, status = page.locator("progress#import-progress"), page.locator("#import-progress-text")
            assert queued or not os.environ.get("REDIS_URL")
            if queued:  # a worker runs the jobs: the page shows the bar at 0, then follows each batch
                expect(progress).to_be_visible()
                expect(status).to_have_text("Обработано 0 из 5 строк")
                assert progress.get_attribute("value") == "0" and progress.get_attribute("max") == "5"
                assert _run_one_job(app)
                expect(status).to_have_text("Обработано 2 из 5 строк", timeout=10_000)  # the script polled
                assert page.evaluate("document.getElementById('import-progress').value") == 2
                if os.environ.get("BROWSER_SCREENSHOTS"):
                    _screenshot(page, os.environ["BROWSER_SCREENSHOTS"], "import-progress")
                assert _run_one_job(app)
                expect(status).to_have_text("Обработано 4 из 5 строк", timeout=10_000)
                assert _run_one_job(app)
            # else: without Redis the queue runs in-process in the confirming request; the page opens on
            # the result, which the checks below still require.
            expect(page.locator("main")).to_contain_text("Импорт завершён.", timeout=10_000)  # reloaded
            expect(progress).to_have_count(0)
            expect(page.locator("main")).to_contain_text("Записей создано: 5")
            if queued:
                assert not _run_one_job(app)  # nothing left behind

            page.click("nav a:has-text('Педагоги')")
            for row in STAFF:  # each once: the registry's link to the new card
                expect(page.locator("main td.name a", has_text=row[0])).to_have_count(1)
            assert not failed, failed
        finally:
            browser.close()


def test_teacher_gives_and_withdraws_the_processing_consent_and_the_curator_sees_it_lacking(
        app, world, inspector, live_server, monkeypatch):
    """Issue 7 (consents; 152-ФЗ ст. 9, ст. 21 ч. 5): a teacher reads the text, ticks and gives the
    processing consent, sees it standing; withdraws it after the confirmation page and sees it withdrawn
    with the date by which the data is destroyed (30 days); the curator's overview lists them as lacking
    the processing consent."""
    _chromium_or_skip()
    from playwright.sync_api import expect, sync_playwright

    from sqlalchemy import text

    from tests.support.mentoring import add_world_teacher

    teacher_id = add_world_teacher(app, world, "a_teacher", "A", position="Учитель математики")
    monkeypatch.setitem(app.config, "DEMO_RELAX_TOTP", True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": PHONE, "height": 800}, locale="ru-RU")
            page = context.new_page()
            _sign_in(app, page, live_server, world.people["a_teacher"])
            page.goto(f"{live_server}/school-a/")
            page.click("nav a:has-text('Мои согласия')")
            expect(page.locator("h1")).to_have_text("Мои согласия")
            page.click("main li a:has-text('Обработка персональных данных')")
            expect(page.locator(".consent-text")).to_contain_text("Person a_teacher")  # the text, filled in
            page.click("button:has-text('Дать согласие')")  # not ticked: refused, nothing given
            expect(page.locator(".errors")).to_contain_text("Отметьте")
            page.check("input[name=agree]")
            page.click("button:has-text('Дать согласие')")
            expect(page.locator(".flash")).to_contain_text("Спасибо: согласие дано.")
            row = page.locator("main tbody tr", has_text="Обработка персональных данных")
            expect(row).to_contain_text("действует")

            row.locator("a:has-text('Отозвать')").click()
            expect(page.locator("h1")).to_have_text("Отозвать согласие")
            page.click("button.danger:has-text('Отозвать')")
            expect(page.locator(".flash")).to_contain_text("Согласие отозвано")
            row = page.locator("main tbody tr", has_text="Обработка персональных данных")
            with inspector.connect() as conn:
                withdrawn_at, due = conn.execute(text(
                    "SELECT withdrawn_at, destroy_due_on FROM consents WHERE teacher_id = :t AND purpose = 'processing'"
                ), {"t": teacher_id}).one()
            assert due == withdrawn_at.astimezone(timezone.utc).date() + timedelta(days=30)  # ст. 21 ч. 5
            expect(row).to_contain_text("отозвано")
            expect(row).to_contain_text(due.strftime("%d.%m.%Y"))  # the date by which the data is destroyed
            expect(row.locator("a:has-text('Отозвать')")).to_have_count(0)
            context.close()

            context = browser.new_context(viewport={"width": DESKTOP, "height": 900}, locale="ru-RU")
            page = context.new_page()
            _sign_in(app, page, live_server, world.people["a_curator"])
            page.goto(f"{live_server}/school-a/consents/")
            page.click("a:has-text('Без согласия на обработку')")
            lacking = page.locator("main tbody tr", has_text="Person a_teacher")
            expect(lacking).to_have_count(1)
            expect(lacking.locator("td[data-label='Обработка персональных данных']")).to_have_text("отозвано")
            context.close()
        finally:
            browser.close()


# --- issue 8: from the banks to an active pair with a signed order and a programme in progress ---

def _next_code(app, person) -> str:
    """A fresh code for the signing page: ``totp_code`` reads the last step the server took (the sign-in's)
    and gives the code of a later step, which the replay guard admits (app/accounts/totp.py)."""
    return totp_code(app, person)


def test_curator_forms_a_pair_both_agree_the_director_signs_with_a_code_and_the_mentee_marks_an_activity(
        app, world, inspector, live_server):
    """Issue 8 (Положение 6.1, 6.2, 3.3, 1.2): the curator forms a pair from an approved mentor and a mentee
    of the banks; both teachers agree on «Мои пары» (their consents are on file); the curator drafts the
    assignment order; the director signs it with a fresh code of the authenticator app (a real TOTP code,
    not the sign-in's); the pair is active; the mentee sees it and marks an activity of the programme done."""
    _chromium_or_skip()
    from datetime import date

    import pyotp
    from playwright.sync_api import expect, sync_playwright

    from app.pairs.models import PairStatus
    from app.programmes import services as programmes
    from tests.pairs.helpers import in_scope, mentee, mentor, scalar, status_of, tr

    org, people = world.orgs["A"], world.people
    assert not app.config["DEMO_RELAX_TOTP"]  # the code is asked for real
    mentor_id, _ = mentor(app, org, "Сидорова", user_id=people["a_teacher"].id)
    mentee_id, _ = mentee(app, org, "Петров", user_id=people["ab_teacher"].id)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            failed = []

            def open_as(person: str):
                context = browser.new_context(viewport={"width": DESKTOP, "height": 900}, locale="ru-RU")
                page = context.new_page()
                page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
                _sign_in(app, page, live_server, people[person])
                return context, page

            # The curator forms the pair on «Сформировать пару или группу».
            curator_context, curator = open_as("a_curator")
            curator.goto(f"{live_server}/school-a/pairs/")
            curator.click("main a[href$='/pairs/new']")
            expect(curator.locator("h1")).to_have_text("Сформировать пару или группу")
            curator.select_option("select[name=form_code]", "traditional")
            curator.check(f"input[name=mentor][value='{mentor_id}']")
            curator.check(f"input[name=mentees][value='{mentee_id}']")
            curator.click("button[type=submit]:has-text('Предложить пару')")
            expect(curator.locator(".flash")).to_contain_text("Мои пары")
            pair_id = scalar(inspector, "SELECT id FROM pairs")
            expect(curator).to_have_url(f"{live_server}/school-a/pairs/{pair_id}")
            assert status_of(inspector, pair_id) == PairStatus.draft.value

            # Both teachers agree on «Мои пары» (Положение 1.3.5: voluntariness).
            for person in ("a_teacher", "ab_teacher"):
                context, page = open_as(person)
                page.goto(f"{live_server}/school-a/pairs/my")
                expect(page.locator("h1")).to_have_text("Мои пары")
                row = page.locator("main tbody tr", has_text="Сидорова Наставник")
                expect(row).to_contain_text("Петров Подопечный")
                row.locator("button:has-text('Согласиться')").click()
                expect(page.locator(".flash")).to_be_visible()
                expect(page.locator("main tbody tr", has_text="Сидорова Наставник")
                       .locator("button:has-text('Согласиться')")).to_have_count(0)
                context.close()
            # The consents are on file: agreed by both, the pair waits for the order.
            assert status_of(inspector, pair_id) == PairStatus.consents_complete.value

            # The curator drafts the assignment order (Положение 3.3, 6.2) and saves its text.
            curator.goto(f"{live_server}/school-a/orders/")
            curator.click("main a.button:has-text('Новый приказ')")
            curator.check("input[name=kind][value=pairs]")
            curator.check(f"input[name=pair_ids][value='{pair_id}']")
            curator.click("button[type=submit]:has-text('Создать проект')")
            expect(curator.locator("h1")).to_have_text("Проект приказа")
            curator.click("button[type=submit]:has-text('Сохранить проект')")
            order_id = scalar(inspector, "SELECT id FROM orders")
            expect(curator).to_have_url(f"{live_server}/school-a/orders/{order_id}")
            expect(curator.locator("[data-status]")).to_have_attribute("data-status", "draft")
            expect(curator.locator(".order-text")).to_contain_text("Петров Подопечный")
            assert status_of(inspector, pair_id) == PairStatus.consents_complete.value  # a draft activates nothing

            # The director signs it on «На подпись» with a fresh code: the sign-in's code is refused.
            director_context, director = open_as("a_director")
            signed_in_step = scalar(inspector, "SELECT totp_last_step FROM users WHERE id = :u",
                                    u=people["a_director"].id)
            director.goto(f"{live_server}/school-a/orders/to-sign")
            director.click(f"main a[href$='/orders/{order_id}/sign']")
            expect(director.locator("h1")).to_have_text("Подписать приказ")
            director.fill("input[name=code]", pyotp.TOTP(people["a_director"].totp_secret).at(signed_in_step * 30))
            director.click("button[type=submit]:has-text('Подписать приказ')")
            expect(director.locator(".errors")).to_be_visible()  # a code used once (at sign-in) is refused
            assert scalar(inspector, "SELECT status FROM orders") == "draft"
            refused = f"400 {live_server}/school-a/orders/{order_id}/sign"
            assert failed.count(refused) == 1  # the refusal's page: a 400 (nothing changed), expected
            failed.remove(refused)
            director.fill("input[name=code]", _next_code(app, people["a_director"]))
            director.click("button[type=submit]:has-text('Подписать приказ')")
            expect(director).to_have_url(f"{live_server}/school-a/orders/{order_id}")
            expect(director.locator("[data-status]")).to_have_attribute("data-status", "signed")
            number = scalar(inspector, "SELECT number FROM orders")
            expect(director.locator("h1")).to_contain_text(f"№ {number}")
            director_context.close()
            assert status_of(inspector, pair_id) == PairStatus.active.value  # the order's effect
            assert scalar(inspector, "SELECT order_id FROM pairs") == order_id

            # The curator writes the programme of the active pair with its plan and approves it (Положение 1.2).
            today = date.today()
            actor = programmes.Actor(user_id=people["a_curator"].id, roles=frozenset({"curator"}))
            with in_scope(app, org, people["a_curator"].id):
                from app.core.extensions import db

                programme = programmes.create(pair_id, programmes.ProgrammeValues(
                    starts_on=today, ends_on=today + timedelta(days=180), form_code="traditional",
                    goals="Адаптация молодого педагога", expected_results="Уверенное проведение уроков"), actor)
                activity = programmes.add_activity(programme.id, programmes.ActivityValues(
                    "Посещение урока наставника", "lesson_visit", today + timedelta(days=14), mentee_id), actor)
                programmes.approve(programme.id, actor)
                programme_id, activity_id = programme.id, activity.id
                db.session.commit()
                db.session.remove()
            curator_context.close()

            # The mentee sees the pair active, opens the programme and marks the activity done.
            context, page = open_as("ab_teacher")
            page.goto(f"{live_server}/school-a/pairs/my")
            expect(page.locator("main tbody tr", has_text="Сидорова Наставник")).to_contain_text(tr(app, "Active"))
            page.goto(f"{live_server}/school-a/programmes/mine")
            page.click(f"main a[href$='/programmes/{programme_id}']")
            row = page.locator(f"tr[data-activity='{activity_id}']")
            expect(row).to_contain_text(tr(app, "Planned"))
            row.locator("a:has-text('Посещение урока наставника')").click()
            expect(page.locator("h1")).to_have_text("Посещение урока наставника")
            page.check("input[name=status][value=done]")
            page.fill("textarea[name=result]", "Посетил урок физики в 9 «Б», разобрали с наставником этапы урока")
            page.click("button[type=submit]:has-text('Сохранить')")
            expect(page).to_have_url(f"{live_server}/school-a/programmes/{programme_id}")
            row = page.locator(f"tr[data-activity='{activity_id}']")
            expect(row).to_contain_text(tr(app, "Done"))
            expect(row).to_contain_text("разобрали с наставником")
            context.close()
            assert scalar(inspector, "SELECT status FROM programme_activities WHERE id = :a", a=activity_id) == "done"
            assert not failed, failed
        finally:
            browser.close()
