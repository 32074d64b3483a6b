"""The banks' forms: the questionnaire, the requests, the legal basis, the approval, the waiting list's
support, the review, the lists' filters, the municipality's dictionary."""
from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DecimalField, HiddenField, IntegerField, StringField,
                     SubmitField, TextAreaField)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.banks import labels
from app.core.forms import (DayField, NameField, ONE_LINE_RULE, OfferedChoice, OfferedChoices,
                            PARAGRAPH_RULE, REQUIRED, RadioGroup, strip_text)


def paragraph(label, max_length: int = 2000, **kwargs) -> TextAreaField:
    return TextAreaField(label, filters=[strip_text], validators=[Optional(), PARAGRAPH_RULE, Length(max=max_length)],
                         **kwargs)


def line(label, max_length: int = 300, required: bool = False, **kwargs) -> StringField:
    rules = [DataRequired(REQUIRED)] if required else [Optional()]
    return StringField(label, filters=[strip_text], validators=[*rules, ONE_LINE_RULE, Length(max=max_length)],
                       **kwargs)


def _options(words: dict) -> list[tuple[str, str]]:
    return [(key.value, str(word)) for key, word in words.items()]


class QuestionnaireForm(FlaskForm):
    """Анкета потенциального наставника (roadmap 3.1)."""

    competences = OfferedChoices(_l("Competences: in what can you help a colleague"))
    subjects = line(_l("Subjects"), description=_l("Separated by commas"))
    topics = paragraph(_l("Methodological topics"))
    forms = OfferedChoices(_l("Forms of mentoring you offer"))
    capacity = IntegerField(_l("How many mentees at once"), default=1, validators=[
        InputRequired(REQUIRED), NumberRange(min=1, max=10, message=_l("From 1 to 10."))])
    availability = line(_l("When you are available"), max_length=500,
                        description=_l("For example: Tuesdays and Thursdays after the 6th lesson"))
    experience = paragraph(_l("Experience as a mentor"))
    submit = SubmitField(_l("Submit the questionnaire"))

    def subject_list(self) -> list[str]:
        return [part.strip() for part in (self.subjects.data or "").split(",") if part.strip()]


class RequestsForm(FlaskForm):
    """Профессиональные затруднения и запросы (roadmap 2.1): one text per competence category is added
    by ``requests_form``; the category of the mentee and the request as a whole."""

    category = RadioGroup(_l("Category"), choices=lambda: _options(labels.MENTEE_CATEGORY),
                          validators=[InputRequired(_l("Choose the category."))])
    request_text = paragraph(_l("What do you expect from a mentor"))
    submit = SubmitField(_l("Submit the requests"))

    competence_fields: list[tuple[str, str]] = []

    def difficulties(self) -> dict[str, str]:
        return {code: self[name].data or "" for code, name in self.competence_fields}


def requests_form(competences, **kwargs) -> RequestsForm:
    """The requests form with a text per competence of the municipality's dictionary."""
    fields = [(item.code, f"d_{re.sub(r'[^a-z0-9_]', '_', item.code)}") for item in competences]
    namespace = {name: paragraph(item.title) for (code, name), item in zip(fields, competences)}
    namespace["competence_fields"] = fields
    form_class = type("RequestsFormWithCompetences", (RequestsForm,), namespace)
    return form_class(**kwargs)


class BasisForm(FlaskForm):
    """ТК РФ ст. 351.8: the additional agreement (content, term, form, pay) or the job description."""

    kind = RadioGroup(_l("Legal basis"), choices=lambda: _options(labels.BASIS_KIND),
                      validators=[InputRequired(_l("Choose the legal basis."))])
    agreement_content = paragraph(_l("Content of the mentoring work"))
    agreement_from = DayField(_l("Agreement from"), validators=[Optional()])
    agreement_until = DayField(_l("Agreement until"), validators=[Optional()])
    agreement_form = OfferedChoice(_l("Form of mentoring"), validators=[Optional()])
    pay_kind = RadioGroup(_l("Pay"), choices=lambda: _options(labels.PAY_KIND), validators=[Optional()])
    pay_amount = DecimalField(_l("Amount, roubles a month"), places=2, validators=[
        Optional(), NumberRange(min=0.01, max=10_000_000, message=_l("Enter an amount greater than zero."))])
    job_description_ref = line(_l("Job description and its item"))
    submit = SubmitField(_l("Save the legal basis"))


class ApproveForm(FlaskForm):
    order_ref = NameField(_l("Order"), max_length=100, description=_l("Number and date, e.g. «№ 13 – А от 24.03.2022»"))
    confirm = HiddenField()
    submit = SubmitField(_l("Approve"))


class DeactivateForm(FlaskForm):
    reason = line(_l("Reason"), max_length=500, required=True)
    submit = SubmitField(_l("Remove from the bank"))


class StatusForm(FlaskForm):
    status = OfferedChoice(_l("New status"), validators=[DataRequired(REQUIRED)])
    reason = line(_l("Comment"), max_length=500)
    submit = SubmitField(_l("Change the status"))


class SupportForm(FlaskForm):
    """Roadmap 5.3: support while no pair is found."""

    kind = RadioGroup(_l("Support"), choices=lambda: _options(labels.SUPPORT_KIND),
                      validators=[InputRequired(_l("Choose the kind of support."))])
    description = line(_l("What exactly"), max_length=500)
    starts_on = DayField(_l("From"), validators=[InputRequired(_l("Enter the date it starts."))])
    ends_on = DayField(_l("Until"), validators=[Optional()])
    submit = SubmitField(_l("Record the support"))


class EndSupportForm(FlaskForm):
    ends_on = DayField(_l("Ended on"), validators=[InputRequired(_l("Enter the date it ended."))])
    submit = SubmitField(_l("End the support"))


class ReviewForm(FlaskForm):
    note = line(_l("Note"), max_length=1000)
    submit = SubmitField(_l("Mark the bank reviewed"))


class DictionaryForm(FlaskForm):
    kind = RadioGroup(_l("Dictionary"), choices=[("competence", _l("Competences")), ("form", _l("Forms of mentoring"))],
                      validators=[InputRequired(_l("Choose the dictionary."))])
    title = NameField(_l("Name of the entry"), max_length=200)
    submit = SubmitField(_l("Add"))


class _Filter(FlaskForm):
    """Read from the query string (a GET form: no CSRF token, nothing changes)."""

    class Meta:
        csrf = False

    name = line(_l("Name"), max_length=200, description=_l("A name or a part of it"))
    submit = SubmitField(_l("Show"))


class MentorFilterForm(_Filter):
    competence = OfferedChoice(_l("Competence"), validators=[Optional()])
    subject = line(_l("Subject"), max_length=100)
    form = OfferedChoice(_l("Form of mentoring"), validators=[Optional()])
    status = OfferedChoice(_l("Status"), validators=[Optional()],
                         choices=lambda: [("", "")] + _options(labels.MENTOR_STATUS))
    free = BooleanField(_l("Can take more mentees"))


class MenteeFilterForm(_Filter):
    category = OfferedChoice(_l("Category"), validators=[Optional()],
                           choices=lambda: [("", "")] + _options(labels.MENTEE_CATEGORY))
    difficulty = OfferedChoice(_l("Difficulty"), validators=[Optional()])
    status = OfferedChoice(_l("Status"), validators=[Optional()],
                         choices=lambda: [("", "")] + _options(labels.MENTEE_STATUS))
    waiting = BooleanField(_l("Waiting for a pair"))


class SendFilterForm(_Filter):
    pass

