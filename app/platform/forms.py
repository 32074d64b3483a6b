"""Forms of the platform admin."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length

from app.core.forms import EMAIL, REQUIRED
from app.orgs.forms import SLUG_HELP


class MunicipalityForm(FlaskForm):
    name = StringField(_l("Municipality"), validators=[DataRequired(REQUIRED), Length(max=200)])
    slug = StringField(_l("Short address"), description=SLUG_HELP,
                       validators=[DataRequired(REQUIRED), Length(min=3, max=50)])
    department_name = StringField(_l("Education department, full name"),
                                  validators=[DataRequired(REQUIRED), Length(max=300)])
    department_short_name = StringField(_l("Education department, short name"),
                                        validators=[DataRequired(REQUIRED), Length(max=120)])
    first_email = EmailField(_l("First account: e-mail"),
                             validators=[DataRequired(REQUIRED), Email(EMAIL), Length(max=254)])
    first_name = StringField(_l("First account: full name"), validators=[DataRequired(REQUIRED), Length(max=200)])
    first_role = SelectField(_l("First account: role"), validators=[DataRequired(REQUIRED)])
    submit = SubmitField(_l("Create"))
