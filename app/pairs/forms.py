"""The pairs' forms: forming a pair, the list's filter, a participant's decline, the early end."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from app.core.forms import (ONE_LINE_RULE, DayField, OfferedChoice, OfferedChoices, OfferedRadio,
                            PARAGRAPH_RULE, REQUIRED, strip_text)
from app.pairs import labels


def _options(words: dict) -> list[tuple[str, str]]:
    return [(key.value, str(word)) for key, word in words.items()]


class ProposeForm(FlaskForm):
    """Положение 6.1: the mentor from the bank of mentors, the mentees from the bank of mentees, the form."""

    form_code = OfferedChoice(_l("Form of mentoring"), validators=[DataRequired(_l("Choose the form of mentoring."))])
    mentor = OfferedRadio(_l("Mentor"), validators=[InputRequired(_l("Choose the mentor."))])
    mentees = OfferedChoices(_l("Mentees"))
    submit = SubmitField(_l("Propose the pair"))


class FilterForm(FlaskForm):
    class Meta:
        csrf = False

    name = StringField(_l("Participant"), filters=[strip_text], validators=[Optional(), ONE_LINE_RULE,
                                                                            Length(max=100)])
    status = OfferedChoice(_l("State"), choices=lambda: [("", "")] + _options(labels.PAIR_STATUS))
    form = OfferedChoice(_l("Form of mentoring"))
    kind = OfferedChoice(_l("Kind"), choices=lambda: [("", "")] + _options(labels.PAIR_KIND))


class DeclineForm(FlaskForm):
    reason = TextAreaField(_l("Why you decline"), filters=[strip_text],
                           validators=[DataRequired(REQUIRED), PARAGRAPH_RULE, Length(max=1000)])
    submit = SubmitField(_l("Decline the proposal"))


class PaperAnswerForm(FlaskForm):
    """Положение 1.3.5, 6.2: the answer a participant signed on paper, recorded by the curator."""

    participant = OfferedRadio(_l("Participant"), validators=[InputRequired(_l("Choose the participant."))])
    answer = OfferedRadio(_l("The answer in the statement"),
                          choices=lambda: [("accepted", str(_l("agrees to the pair"))),
                                           ("declined", str(_l("declines the proposal")))],
                          validators=[InputRequired(_l("Choose the answer."))])
    signed_on = DayField(_l("Day the statement was signed"),
                         validators=[InputRequired(_l("State the day the statement was signed."))])
    reason = TextAreaField(_l("Reason for declining, as written in the statement"), filters=[strip_text],
                           validators=[Optional(), PARAGRAPH_RULE, Length(max=1000)])
    submit = SubmitField(_l("Record the answer"))


class EndForm(FlaskForm):
    """Положение 7.1: the reason and, for an early end, the valid reason in words."""

    reason = OfferedRadio(_l("Reason (Положение 7.1)"), choices=lambda: _options(labels.END_REASON),
                    validators=[InputRequired(_l("Choose the reason."))])
    note = TextAreaField(_l("The reason in words"), filters=[strip_text],
                         validators=[Optional(), PARAGRAPH_RULE, Length(max=1000)])
    submit = SubmitField(_l("End the pair"))
