"""The demo schools' teacher registries: fictional teachers with subjects, categories and dates
relative to today, so the young specialists stay young whenever the demo is started. The demo
accounts that are teachers get their records linked. Idempotent: a school that has records is kept."""
from __future__ import annotations

import random
import uuid
from datetime import date

from dateutil.relativedelta import relativedelta
from sqlalchemy import func, select

from app.core.extensions import db
from app.orgs.models import Organization
from app.teachers.models import Category, Teacher
from tenants.switches import acting_in

LAST = ["Иванова", "Смирнова", "Кузнецова", "Попова", "Васильева", "Петрова", "Соколова", "Михайлова", "Новикова",
        "Фёдорова", "Морозова", "Волкова", "Алексеева", "Лебедева", "Семёнова", "Егорова", "Павлова", "Козлова",
        "Степанова", "Николаева", "Орлова", "Андреева", "Макарова", "Никитина", "Захарова"]
LAST_M = ["Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков",
          "Морозов", "Волков", "Алексеев", "Павлов", "Козлов", "Степанов"]
FIRST = ["Анна", "Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Светлана", "Мария", "Юлия", "Екатерина",
         "Галина", "Людмила", "Оксана", "Дарья", "Ксения"]
FIRST_M = ["Андрей", "Сергей", "Дмитрий", "Алексей", "Игорь", "Николай", "Михаил", "Павел"]
MIDDLE = ["Александровна", "Сергеевна", "Викторовна", "Ивановна", "Николаевна", "Петровна", "Юрьевна",
          "Владимировна", "Андреевна", "Михайловна"]
MIDDLE_M = ["Александрович", "Сергеевич", "Викторович", "Иванович", "Николаевич", "Петрович"]
SUBJECTS = [["Русский язык", "Литература"], ["Математика"], ["Математика", "Информатика"], ["История", "Обществознание"],
            ["Английский язык"], ["Биология"], ["Химия"], ["Физика"], ["География"], ["Начальные классы"],
            ["Начальные классы"], ["Физическая культура"], ["Музыка"], ["Изобразительное искусство"], ["Технология"],
            ["ОБЗР"], ["Немецкий язык"]]
POSITIONS = {"Начальные классы": "Учитель начальных классов"}

# school slug -> (how many records, how many young specialists)
SIZES = {"school11": (45, 6), "school1": (24, 3), "school5": (18, 2)}

# The demo accounts that teach: e-mail -> (school, position, subjects, category, young)
LINKED = {
    "director@school11.demo": ("school11", "Директор", ["История"], Category.highest, False),
    "curator@school11.demo": ("school11", "Заместитель директора по УВР", ["Русский язык", "Литература"],
                              Category.highest, False),
    "methodist@school11.demo": ("school11", "Учитель, руководитель ШМО", ["Математика"], Category.highest, False),
    "mentor@school11.demo": ("school11", "Учитель", ["Математика", "Информатика"], Category.first, False),
    "mentee@school11.demo": ("school11", "Учитель", ["Математика"], Category.none, True),
    "curator@school5.demo": ("school5", "Заместитель директора по УВР", ["Биология"], Category.first, False),
}


def _dates(rng: random.Random, young: bool, today: date) -> tuple[date, date, date]:
    """Birth date, start of pedagogical experience, hire date."""
    if young:
        age, experience = rng.randint(22, 30), rng.randint(0, 2)
    else:
        age = rng.randint(36, 62)
        experience = rng.randint(6, age - 23)
    birth = today - relativedelta(years=age, days=rng.randint(1, 360))
    since = today - relativedelta(years=experience, days=rng.randint(1, 300))
    hired = max(since, today - relativedelta(years=rng.randint(0, experience + 1), days=rng.randint(0, 200)))
    return birth, since, hired


def _record(org: Organization, full_name: str, position: str, subjects: list[str], category: Category,
            dates: tuple[date, date, date], email: str | None, user_id: uuid.UUID | None) -> Teacher:
    last, first, middle = full_name.split(" ")
    birth, since, hired = dates
    return Teacher(id=uuid.uuid4(), org_id=org.id, municipality_id=org.municipality_id, user_id=user_id,
                   last_name=last, first_name=first, middle_name=middle, position=position, subjects=subjects,
                   category=category, birth_date=birth, experience_since=since, hired_on=hired, email=email)


def seed_registry(orgs: dict[str, Organization], people: dict[str, tuple[uuid.UUID, str]],
                  today: date | None = None) -> None:
    """``people``: e-mail -> (user id, full name) of the demo accounts."""
    today = today or date.today()
    for slug, (size, young_count) in SIZES.items():
        org = orgs[slug]
        rng = random.Random(slug)
        with acting_in(municipality_id=org.municipality_id, org_id=org.id, reason="demo data: teacher registry"):
            if db.session.scalar(select(func.count()).select_from(Teacher).where(Teacher.org_id == org.id)):
                continue
            records = []
            for email, (school, position, subjects, category, young) in LINKED.items():
                if school == slug:
                    user_id, full_name = people[email]
                    records.append(_record(org, full_name, position, subjects, category, _dates(rng, young, today),
                                           email, user_id))
                    young_count -= young
            used = {t.full_name for t in records}
            while len(records) < size:
                male = rng.random() < 0.2
                name = " ".join((rng.choice(LAST_M if male else LAST), rng.choice(FIRST_M if male else FIRST),
                                 rng.choice(MIDDLE_M if male else MIDDLE)))
                if name in used:
                    continue
                used.add(name)
                young = young_count > 0
                young_count -= young
                subjects = rng.choice(SUBJECTS)
                category = Category.none if young else rng.choice(
                    [Category.highest, Category.first, Category.first, Category.conformity])
                position = POSITIONS.get(subjects[0], "Учитель")
                number = len(records) + 1
                records.append(_record(org, name, position, subjects, category, _dates(rng, young, today),
                                       f"teacher{number:02d}@{slug}.demo", None))
            db.session.add_all(records)
            db.session.flush()
