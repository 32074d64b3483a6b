"""Forms of the consent ledger."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from app.core.forms import (ONE_LINE_RULE, PARAGRAPH_RULE, REQUIRED, DayField, MultiCheckboxField, NameField,
                            strip_text)

DATE_MESSAGE = _l("Enter a date as dd.mm.yyyy.")


class _Choices(FlaskForm):
    """What a consent of some purposes carries: a transfer's recipient, a dissemination's data and
    places, the mentor's terms (ТК РФ ст. 351.8)."""

    recipient = SelectField(_l("Recipient of the data"), choices=[], validate_choice=False,
                            validators=[Optional()])
    published = MultiCheckboxField(_l("Data that may be published"), choices=[], validate_choice=False)
    places = MultiCheckboxField(_l("Where it may be published"), choices=[], validate_choice=False)
    term = StringField(_l("Term of mentoring"), filters=[strip_text],
                       validators=[ONE_LINE_RULE, Length(max=300)],
                       description=_l("For example: for the period of the personalised programme, until 31.05.2027"))
    form = SelectField(_l("Form of mentoring"), choices=[], validate_choice=False, validators=[Optional()])
    pay = StringField(_l("Pay"), filters=[strip_text], validators=[ONE_LINE_RULE, Length(max=300)],
                      description=_l("The amount of the additional payment, or «без оплаты»"))


class GiveForm(_Choices):
    text_id = HiddenField()
    agree = BooleanField(_l("I have read the text and give this consent"),
                         validators=[DataRequired(_l("Tick that you have read the text."))])
    submit = SubmitField(_l("Give the consent"))


class PaperForm(_Choices):
    text_id = SelectField(_l("Text version that was signed"), choices=[], validate_choice=False,
                          validators=[DataRequired(REQUIRED)])
    signed_on = DayField(_l("Signed on"), validators=[InputRequired(DATE_MESSAGE)])
    scan = FileField(_l("Scan of the signed form (PDF, JPEG or PNG, up to 5 MB)"),
                     validators=[FileRequired(_l("Attach the scan of the signed form."))])
    submit = SubmitField(_l("Record the consent"))


class PaperWithdrawalForm(FlaskForm):
    received_on = DayField(_l("Withdrawal received on"), validators=[InputRequired(DATE_MESSAGE)])
    scan = FileField(_l("Scan of the signed withdrawal (PDF, JPEG or PNG, up to 5 MB)"),
                     validators=[FileRequired(_l("Attach the scan of the signed withdrawal."))])
    submit = SubmitField(_l("Record the withdrawal"))


class TextForm(FlaskForm):
    title = NameField(_l("Title"), max_length=300)
    body = TextAreaField(_l("Text"), validators=[DataRequired(REQUIRED), PARAGRAPH_RULE, Length(max=20_000)],
                         render_kw={"rows": 20})
    submit = SubmitField(_l("Publish the new version"))


class SearchForm(FlaskForm):
    """The overview's search by name (a GET form: no CSRF token, nothing changes)."""

    class Meta:
        csrf = False

    q = StringField(_l("Name"), filters=[strip_text], description=_l("The beginning of any part of the name"),
                    validators=[Optional(), ONE_LINE_RULE, Length(max=200)])
