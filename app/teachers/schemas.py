"""The teacher record as data: one row of a staff file now, a JSON body of the API later. Values come as
a spreadsheet or a person gives them (Russian dates, Excel dates, «5 лет», «высшая», «Математика;
физика»); the schema returns the record's plain values, or errors per field in the reader's language.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, post_load, pre_load, validate, validates_schema

from app.core.forms import CONTROL_CHARACTERS
from app.teachers.models import Category

# Excel counts days from 1899-12-30; serial numbers of 1920–2100 are taken as dates, others are not.
_EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_RANGE = (7306, 73415)
_RU_DATE = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})(?:\s*г\.?)?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_YEARS = re.compile(r"^(\d{1,2}(?:[.,]\d+)?)\s*(?:г|л|год|года|лет)?\.?(?:\s*(\d{1,2})\s*(?:м|мес|месяц|месяца|месяцев)\.?)?$")
_PHONE = re.compile(r"^[\d\s()+\-.]{5,40}$")
_SUBJECT_SPLIT = re.compile(r"[,;\n]+")
_INITIALS = re.compile(r"^(\w\.\s*){1,2}$")

REQUIRED = _l("This field is required.")
DATE_FORMAT = _l("Enter the date as dd.mm.yyyy.")
ONE_LINE = _l("The value must be one line, without line breaks or control characters.")
MAX_SUBJECTS = 20


def _today() -> date:
    return date.today()


def _years_before(day: date, years: int, months: int = 0) -> date:
    month = day.month - months
    year = day.year - years + (month - 1) // 12
    month = (month - 1) % 12 + 1
    while True:
        try:
            return day.replace(year=year, month=month)
        except ValueError:  # 29 February, 31st of a shorter month
            day -= timedelta(days=1)


def as_date(value) -> date | None:
    """A date from a spreadsheet cell or a text: a date or datetime, an Excel serial number,
    «дд.мм.гггг», «д.м.гггг», ISO «гггг-мм-дд»; None when it is none of them."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if _EXCEL_RANGE[0] <= value <= _EXCEL_RANGE[1]:
            return _EXCEL_EPOCH + timedelta(days=int(value))
        return None
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        if found := _RU_DATE.match(text):
            return date(int(found[3]), int(found[2]), int(found[1]))
        if found := _ISO_DATE.match(text):
            return date(int(found[1]), int(found[2]), int(found[3]))
        if text.isdigit():
            return as_date(int(text))
    except ValueError:
        return None
    return None


class Text(fields.String):
    """One line of text: trimmed, inner spaces collapsed, no control characters, at most ``size``."""

    def __init__(self, size: int, **kwargs):
        kwargs.setdefault("error_messages", {}).update({"required": REQUIRED, "null": REQUIRED,
                                                         "invalid": ONE_LINE})
        super().__init__(**kwargs)
        self.size = size

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        text = super()._deserialize(value, attr, data, **kwargs)
        if CONTROL_CHARACTERS.search(text.replace("\n", " ").replace("\r", " ").replace("\t", " ")):
            raise self.make_error("invalid")
        text = " ".join(text.split())
        if len(text) > self.size:
            raise ValidationError(_l("At most %(n)d characters.", n=self.size))
        return text


class Name(Text):
    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if not any(ch.isalpha() for ch in text):
            raise ValidationError(_l("A name is written in letters."))
        return text


class Email(Text):
    _check = validate.Email()

    def __init__(self, **kwargs):
        super().__init__(254, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            self._check(text)
        except ValidationError:
            raise ValidationError(_l("Enter a valid e-mail address.")) from None
        return text


class RussianDate(fields.Date):
    default_error_messages = {"invalid": DATE_FORMAT, "required": REQUIRED, "null": REQUIRED}

    def _deserialize(self, value, attr, data, **kwargs):
        found = as_date(value)
        if found is None:
            raise self.make_error("invalid")
        return found


class Subjects(fields.Field):
    """A list of subjects, or one cell of them separated by «,» or «;»."""

    default_error_messages = {"invalid": _l("List the subjects separated by commas.")}

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            value = _SUBJECT_SPLIT.split(value)
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise self.make_error("invalid")
        subjects, seen = [], set()
        for item in value:
            item = " ".join(item.split())
            if not item:
                continue
            if CONTROL_CHARACTERS.search(item) or len(item) > 100:
                raise ValidationError(_l("A subject is one line of at most 100 characters."))
            item = item[:1].upper() + item[1:]
            if item.lower() not in seen:
                seen.add(item.lower())
                subjects.append(item)
        if len(subjects) > MAX_SUBJECTS:
            raise ValidationError(_l("At most %(n)d subjects.", n=MAX_SUBJECTS))
        return subjects


def category_of(value) -> Category | None:
    """«высшая», «первая», «соответствие» (СЗД), «без категории» or empty, as people write them; the
    category's code (API)."""
    if value is None:
        return Category.none
    text = " ".join(re.sub(r"[^\w]+", " ", str(value).lower().replace("ё", "е")).split())
    if not text or text in ("нет", "не имеет", "бк", "б к", "без", "none") or text.startswith("без катег"):
        return Category.none
    if text.startswith("высш") or text in ("вкк", "highest"):
        return Category.highest
    if text.startswith("перв") or text in ("1", "i", "1 категория", "first"):
        return Category.first
    if "соответств" in text or text in ("сзд", "conformity"):
        return Category.conformity
    return None


class CategoryField(fields.Field):
    default_error_messages = {"invalid": _l("Write the category as «высшая», «первая», «соответствие» or "
                                            "«без категории».")}

    def _deserialize(self, value, attr, data, **kwargs):
        found = category_of(value)
        if found is None:
            raise self.make_error("invalid")
        return found.value


class Experience(fields.Field):
    """Pedagogical experience as the date it started: a date, or a number of years (and months) counted
    back from today («5», «5 лет», «5,5», «5 л. 6 мес.»)."""

    default_error_messages = {"invalid": _l("Write the experience in years (for example «5» or «5 лет») or as the "
                                            "date it started.")}

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, (date, datetime)):
            return as_date(value)
        if isinstance(value, str) and any(sep in value for sep in "-/") or (
                isinstance(value, str) and value.count(".") == 2):
            found = as_date(value)
            if found is None:
                raise self.make_error("invalid")
            return found
        years, months = None, 0
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            years = float(value)
        elif isinstance(value, str) and (found := _YEARS.match(value.strip().lower())):
            years = float(found[1].replace(",", "."))
            months = int(found[2] or 0)
        if years is None or not 0 <= years <= 70 or months > 11:
            raise self.make_error("invalid")
        whole = int(years)
        months += round((years - whole) * 12)
        return _years_before(_today(), whole + months // 12, months % 12)


class TeacherRowSchema(Schema):
    """One teacher record (Положение 3.4: the personified record of the school's pedagogical workers).
    The name comes whole (``full_name``: «Иванова Мария Петровна») or in parts; ``experience`` (years or
    a start date) becomes ``experience_since``. A record needs an e-mail or a birth date: an import
    matches rows with the registry by the e-mail, else by the full name and the birth date."""

    full_name = Name(200, load_only=True, load_default=None, allow_none=True)
    last_name = Name(100, load_default=None, allow_none=True)
    first_name = Name(100, load_default=None, allow_none=True)
    middle_name = Name(100, load_default=None, allow_none=True)
    position = Text(200, load_default=None, allow_none=True)
    subjects = Subjects(load_default=None, allow_none=True)
    category = CategoryField(load_default=None, allow_none=True)
    experience = Experience(load_only=True, load_default=None, allow_none=True)
    experience_since = RussianDate(load_default=None, allow_none=True)
    hired_on = RussianDate(load_default=None, allow_none=True)
    birth_date = RussianDate(load_default=None, allow_none=True)
    email = Email(load_default=None, allow_none=True)
    phone = Text(40, load_default=None, allow_none=True)

    @pre_load
    def _blank_is_none(self, data, **kwargs):
        """An empty cell is no value; a number read from a sheet (a phone) is its digits."""
        cleaned = {}
        for key, value in data.items():
            if isinstance(value, str):
                value = value.strip() or None
            cleaned[key] = value
        if isinstance(cleaned.get("email"), str):
            cleaned["email"] = cleaned["email"].strip()
        return cleaned

    @validates_schema(skip_on_field_errors=False)
    def _whole(self, data, **kwargs):
        errors: dict[str, list] = {}
        full = data.get("full_name")
        if full is not None:
            parts = full.split(" ")
            if len(parts) < 2:
                errors["full_name"] = [_l("Write the last name, the first name and the patronymic.")]
        else:
            for key in ("last_name", "first_name"):
                if not data.get(key):
                    errors[key] = [REQUIRED]
        first = data.get("first_name") or (full.split(" ")[1] if full and " " in full else None)
        if first and _INITIALS.match(first):
            errors.setdefault("full_name" if full else "first_name", []).append(
                _l("Write the name in full, not as initials."))
        today = _today()
        birth = data.get("birth_date")
        if birth is not None and not (date(1920, 1, 1) <= birth <= _years_before(today, 16)):
            errors["birth_date"] = [_l("The birth date is not plausible.")]
        hired = data.get("hired_on")
        if hired is not None and not (date(1940, 1, 1) <= hired <= today + timedelta(days=366)):
            errors["hired_on"] = [_l("The hire date is not plausible.")]
        since = data.get("experience_since") or data.get("experience")
        if since is not None and (since > today or since < date(1940, 1, 1) or
                                  (birth is not None and since < _years_before(birth, -14))):
            errors["experience_since" if data.get("experience_since") else "experience"] = [
                _l("The start of the pedagogical experience is not plausible.")]
        phone = data.get("phone")
        if phone is not None and (not _PHONE.match(phone) or sum(ch.isdigit() for ch in phone) < 5):
            errors["phone"] = [_l("Write the phone in digits, for example +7 999 123-45-67.")]
        # (A key missing from ``data`` is a value the field refused: its own message says so.)
        if "email" in data and "birth_date" in data and not data["email"] and birth is None:
            errors["email"] = [_l("Give the e-mail or the birth date: without them the row cannot be matched with "
                                  "the registry.")]
        if errors:
            raise ValidationError(errors)

    @post_load
    def _record(self, data, **kwargs):
        full = data.pop("full_name", None)
        if full is not None:
            parts = full.split(" ")
            data["last_name"], data["first_name"] = parts[0], parts[1]
            data["middle_name"] = " ".join(parts[2:]) or None
        years = data.pop("experience", None)
        if data.get("experience_since") is None:
            data["experience_since"] = years
        return data
