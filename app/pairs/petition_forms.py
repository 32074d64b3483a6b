"""Forms of the petitions (Положение 4.1, 5.1) and of the production calendar's page."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from app.core.forms import (DayField, ONE_LINE_RULE, OfferedRadio, PARAGRAPH_RULE, REQUIRED, strip_text)


def paragraph(label, **kwargs) -> TextAreaField:
    return TextAreaField(label, filters=[strip_text],
                         validators=[DataRequired(REQUIRED), PARAGRAPH_RULE, Length(max=2000)], **kwargs)


class FileForm(FlaskForm):
    """A participant's petition: which pair (and so which kind: the mentee's or the mentor's), why."""

    pair = OfferedRadio(_l("Pair"), validators=[InputRequired(REQUIRED)])
    reason = paragraph(_l("Reason"), description=_l("Say why, in your own words; the curator and the director "
                                                    "read it."))
    submit = SubmitField(_l("File the petition"))


class ReviewForm(FlaskForm):
    mentor = OfferedRadio(_l("New mentor"), validators=[InputRequired(REQUIRED)])
    note = paragraph(_l("Curator's conclusion"))
    submit = SubmitField(_l("Send to the director"))


class DecideForm(FlaskForm):
    decision = OfferedRadio(_l("Decision"), choices=[("grant", _l("Grant")), ("refuse", _l("Refuse"))],
                            validators=[InputRequired(REQUIRED)])
    reason = paragraph(_l("Reason of the decision"))
    submit = SubmitField(_l("Record the decision"))


class CalendarDayForm(FlaskForm):
    day = DayField(_l("Day"), validators=[InputRequired(REQUIRED)])
    kind = OfferedRadio(_l("The day is"), choices=[("off", _l("a day off")), ("working", _l("a working day"))],
                        validators=[InputRequired(REQUIRED)])
    note = StringField(_l("Why (the act that sets it)"), filters=[strip_text],
                       validators=[DataRequired(REQUIRED), ONE_LINE_RULE, Length(max=200)])
    submit = SubmitField(_l("Record the day"))
