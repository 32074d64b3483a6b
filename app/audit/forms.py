"""The filter of the audit log: who, what, when; views of records only when asked for."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, SubmitField
from wtforms.validators import Length, Optional, ValidationError

from app.core.forms import ONE_LINE_RULE, DayField, strip_text

class ActionField(SelectField):
    def pre_validate(self, form):
        if self.data and self.data not in {value for value, _ in self.choices}:
            raise ValidationError(_l("Choose an action from the list."))


class LogFilterForm(FlaskForm):
    """Read from the query string (a GET form: no CSRF token, nothing changes)."""

    class Meta:
        csrf = False

    actor = StringField(_l("Who"), filters=[strip_text], description=_l("A name or a part of it"),
                        validators=[Optional(), ONE_LINE_RULE, Length(max=200)])
    action = ActionField(_l("Action"), validators=[Optional()])
    date_from = DayField(_l("From"), name="from", validators=[Optional()])
    date_to = DayField(_l("To"), name="to", validators=[Optional()])
    views = BooleanField(_l("Include views of records"))
    submit = SubmitField(_l("Show"))

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("The end of the period is earlier than its start."))
