"""Forms of the teacher registry: the record, the registry's filter, the municipality's rule."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, IntegerField, StringField, SubmitField
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional

from app.core.forms import EMAIL, DayField, NameField, ONE_LINE_RULE, OfferedChoice, REQUIRED, strip_text
from app.teachers import services
from app.teachers.bank_status import BANK_STATUS_LABELS
from app.teachers.labels import CATEGORY_LABELS, STATUS_LABELS
from app.teachers.models import Category

# A teacher's dates reach back past 2000 (a birth date, decades of experience); the registry's rules
# (services.date_problems) judge them with messages of their own.
ANY_DAY = {"earliest": date.min, "latest": date.max}


class WholeNumberField(IntegerField):
    """A whole number with a Russian message (WTForms' own has no translation)."""

    def process_formdata(self, valuelist):
        raw = valuelist[0].strip() if valuelist and valuelist[0] is not None else ""
        if not raw:
            self.data = None
            return
        if not (raw.isascii() and raw.isdigit() and len(raw) <= 4):
            self.data = None
            raise ValueError(_l("Enter a whole number."))
        self.data = int(raw)


def category_choices() -> list[tuple[str, str]]:
    return [(c.value, str(CATEGORY_LABELS[c])) for c in Category]


class TeacherForm(FlaskForm):
    last_name = NameField(_l("Last name"), max_length=100, render_kw={"autocomplete": "off"})
    first_name = NameField(_l("First name"), max_length=100, render_kw={"autocomplete": "off"})
    middle_name = NameField(_l("Patronymic"), max_length=100, required=False, render_kw={"autocomplete": "off"})
    position = StringField(_l("Position"), filters=[strip_text],
                           validators=[Optional(), ONE_LINE_RULE, Length(max=200)],
                           description=_l("For example: учитель математики"))
    subjects = StringField(_l("Subjects"), filters=[strip_text],
                           validators=[Optional(), ONE_LINE_RULE, Length(max=2000)],
                           description=_l("Separated by commas: Математика, Информатика"))
    category = OfferedChoice(_l("Qualification category"), default=Category.none.value,
                             validators=[InputRequired(REQUIRED)])
    experience_years = WholeNumberField(
        _l("Pedagogical experience, full years"), validators=[Optional(), NumberRange(0, 70, _l("From 0 to 70."))],
        description=_l("Either the years or the date the experience started; the years are turned into the date."))
    experience_since = DayField(_l("Pedagogical experience since"), validators=[Optional()], **ANY_DAY)
    hired_on = DayField(_l("Hired in this school on"), validators=[Optional()], **ANY_DAY)
    birth_date = DayField(_l("Birth date"), validators=[Optional()], **ANY_DAY)
    email = EmailField(_l("E-mail"), filters=[strip_text],
                       validators=[Optional(), ONE_LINE_RULE, Email(EMAIL), Length(max=254)])
    phone = StringField(_l("Phone"), filters=[strip_text], validators=[Optional(), ONE_LINE_RULE, Length(max=40)],
                        description=_l("Optional"))
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.category.choices = category_choices()

    @classmethod
    def of(cls, teacher) -> "TeacherForm":
        return cls(data={
            "last_name": teacher.last_name, "first_name": teacher.first_name, "middle_name": teacher.middle_name,
            "position": teacher.position, "subjects": ", ".join(teacher.subjects or []),
            "category": teacher.category.value, "experience_since": teacher.experience_since,
            "hired_on": teacher.hired_on, "birth_date": teacher.birth_date, "email": teacher.email,
            "phone": teacher.phone})

    def to_data(self, on: date) -> services.TeacherData:
        since = self.experience_since.data
        if self.experience_years.data is not None:
            since = services.years_to_date(self.experience_years.data, on)
        return services.TeacherData(
            last_name=self.last_name.data, first_name=self.first_name.data, middle_name=self.middle_name.data or None,
            position=self.position.data or None, subjects=services.split_subjects(self.subjects.data),
            category=Category(self.category.data), experience_since=since, hired_on=self.hired_on.data,
            birth_date=self.birth_date.data, email=self.email.data or None, phone=self.phone.data or None)

    def validate(self, extra_validators=None) -> bool:
        """The fields one by one, then the rules between them (services.date_problems), each message
        next to its field."""
        valid = super().validate(extra_validators)
        if self.experience_years.data is not None and self.experience_since.data is not None:
            self.experience_years.errors = list(self.experience_years.errors) + [
                _l("Give either the years or the date, not both.")]
            return False
        if not valid:
            return False
        from app.teachers.young import today

        for name, message in services.date_problems(self.to_data(today()), today()):
            target = self.experience_years if name == "experience_since" and self.experience_years.data is not None \
                else getattr(self, name)
            target.errors = list(target.errors) + [message]
            valid = False
        return valid


class RegistryFilterForm(FlaskForm):
    """Read from the query string (a GET form: no CSRF token, nothing changes)."""

    class Meta:
        csrf = False

    q = StringField(_l("Name"), filters=[strip_text], description=_l("The beginning of any part of the name"),
                    validators=[Optional(), ONE_LINE_RULE, Length(max=200)])
    subject = OfferedChoice(_l("Subject"), validators=[Optional()])
    category = OfferedChoice(_l("Qualification category"), validators=[Optional()])
    young = OfferedChoice(_l("Young specialist"), validators=[Optional()])
    status = OfferedChoice(_l("Status"), validators=[Optional()])
    bank = OfferedChoice(_l("Banks"), validators=[Optional()])

    def __init__(self, formdata=None, subjects: list[str] = (), **kwargs):
        super().__init__(formdata, **kwargs)
        everyone = ("", "—")
        self.subject.choices = [everyone] + [(s, s) for s in subjects]
        self.category.choices = [everyone] + category_choices()
        self.young.choices = [everyone, ("yes", str(_l("Young specialists"))), ("no", str(_l("Others")))]
        self.status.choices = [everyone] + [(key, str(label)) for key, label in STATUS_LABELS.items()]
        self.bank.choices = [everyone] + [(key, str(label)) for key, label in BANK_STATUS_LABELS.items()]

    def to_filter(self) -> services.RegistryFilter:
        return services.RegistryFilter(
            query=self.q.data or None, subject=self.subject.data or None,
            category=Category(self.category.data) if self.category.data else None,
            young={"yes": True, "no": False}.get(self.young.data), status=self.status.data or None,
            bank=self.bank.data or None)


class YoungRuleForm(FlaskForm):
    max_age = WholeNumberField(_l("Under the age of, full years"),
                               validators=[InputRequired(REQUIRED), NumberRange(18, 70, _l("From 18 to 70."))])
    max_experience_years = WholeNumberField(
        _l("Pedagogical experience at most, years"),
        validators=[InputRequired(REQUIRED), NumberRange(0, 15, _l("From 0 to 15."))])
    submit = SubmitField(_l("Save the rule"))
