"""The columns of a staff file and the fields of a teacher record they hold: the common Russian headers
of HR and e-journal exports are recognised by themselves (case, ё/е and punctuation do not matter, a
remark in brackets is ignored); the curator may change any column's field on the import page."""
from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l

# The fields a column may hold, in the order the mapping page offers them (the keys of TeacherRowSchema).
FIELDS = {
    "full_name": _l("Full name (last name, first name, patronymic)"),
    "last_name": _l("Last name"),
    "first_name": _l("First name"),
    "middle_name": _l("Patronymic"),
    "position": _l("Position"),
    "subjects": _l("Subjects"),
    "category": _l("Qualification category"),
    "experience": _l("Pedagogical experience"),
    "experience_since": _l("Start of pedagogical experience"),
    "hired_on": _l("Hire date"),
    "birth_date": _l("Birth date"),
    "email": _l("E-mail"),
    "phone": _l("Phone"),
}

_HEADERS = {
    "full_name": ("фио", "ф и о", "фамилия имя отчество", "фамилия имя отчество полностью", "сотрудник",
                  "работник", "педагог", "педагогический работник", "фио сотрудника", "фио педагога",
                  "фио работника", "full name"),
    "last_name": ("фамилия", "last name", "surname"),
    "first_name": ("имя", "first name"),
    "middle_name": ("отчество", "отчество при наличии", "patronymic", "middle name"),
    "position": ("должность", "занимаемая должность", "должность по штатному расписанию", "position"),
    "subjects": ("предмет", "предметы", "преподаваемые предметы", "преподаваемый предмет", "учебные предметы",
                 "учебный предмет", "дисциплины", "преподаваемые дисциплины", "subjects"),
    "category": ("квалификационная категория", "категория", "квалификация", "category"),
    "experience": ("педагогический стаж", "стаж", "пед стаж", "педстаж", "стаж педагогической работы",
                   "педагогический стаж лет", "стаж работы", "experience"),
    "experience_since": ("дата начала пед стажа", "дата начала педагогического стажа", "начало пед стажа",
                         "начало педагогического стажа", "пед стаж с", "педагогический стаж с",
                         "experience since"),
    "hired_on": ("дата приема", "дата приема на работу", "дата приема в оо", "дата поступления на работу",
                 "дата поступления", "принят", "принята", "hired on", "hire date"),
    "birth_date": ("дата рождения", "birth date", "date of birth"),
    "email": ("email", "e mail", "эл почта", "электронная почта", "адрес электронной почты", "почта",
              "e mail адрес", "емейл", "имейл"),
    "phone": ("телефон", "тел", "мобильный телефон", "контактный телефон", "номер телефона", "phone"),
}
_BRACKETS = re.compile(r"\([^)]*\)|\[[^]]*\]")
_PUNCTUATION = re.compile(r"[^\w]+")


def normalized(title) -> str:
    """«Дата начала пед. стажа» -> «дата начала пед стажа»; «E-mail» -> «e mail»; «Стаж (лет)» -> «стаж»."""
    text = _BRACKETS.sub(" ", str(title or "")).lower().replace("ё", "е")
    return " ".join(_PUNCTUATION.sub(" ", text).replace("_", " ").split())


_BY_HEADER = {normalized(header): name for name, headers in _HEADERS.items() for header in headers}


def field_of(title) -> str | None:
    return _BY_HEADER.get(normalized(title)) if title is not None else None


def guess(headers: list[str]) -> list[str]:
    """The field of each column ("" for none); a field is given to its first column only."""
    taken, mapping = set(), []
    for title in headers:
        name = field_of(title)
        if name in taken:
            name = None
        if name:
            taken.add(name)
        mapping.append(name or "")
    return mapping


def problems(mapping: list[str]) -> list:
    """What makes a mapping unusable, in the reader's words (empty when it can be used)."""
    chosen = [name for name in mapping if name]
    found = []
    for name in sorted({name for name in chosen if chosen.count(name) > 1}, key=list(FIELDS).index):
        found.append(_l("The field «%(field)s» is chosen for several columns.", field=FIELDS[name]))
    has_parts = "last_name" in chosen and "first_name" in chosen
    if "full_name" in chosen and ({"last_name", "first_name", "middle_name"} & set(chosen)):
        found.append(_l("Choose either one column with the full name or the columns of the last name, first name "
                        "and patronymic, not both."))
    elif "full_name" not in chosen and not has_parts:
        found.append(_l("Choose the column with the full name, or the columns of the last name and the first "
                        "name."))
    if "email" not in chosen and "birth_date" not in chosen:
        found.append(_l("Choose the column of the e-mail or of the birth date: a row is matched with the "
                        "registry by them."))
    return found
