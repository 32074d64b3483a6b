"""Forms of the platform admin."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length

from app.core.forms import EMAIL, ONE_LINE_RULE, REQUIRED, NameField, strip_text
from app.orgs.forms import SLUG_HELP


class MunicipalityForm(FlaskForm):
    name = NameField(_l("Municipality"), max_length=200)
    slug = StringField(_l("Short address"), description=SLUG_HELP, filters=[strip_text],
                       validators=[DataRequired(REQUIRED), ONE_LINE_RULE, Length(min=3, max=50)])
    department_name = NameField(_l("Education department, full name"), max_length=300)
    department_short_name = NameField(_l("Education department, short name"), max_length=120)
    first_email = EmailField(_l("First account: e-mail"), validators=[
        DataRequired(REQUIRED), ONE_LINE_RULE, Email(EMAIL), Length(max=254)])
    first_name = NameField(_l("First account: full name"), max_length=200)
    first_role = SelectField(_l("First account: role"), validators=[DataRequired(REQUIRED)])
    submit = SubmitField(_l("Create"))
