"""Forms of the staff list, invitations and the municipality's organizations."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length, Optional

from app.core.forms import EMAIL, ONE_LINE_RULE, REQUIRED, MultiCheckboxField, NameField, strip_text

SLUG_HELP = _l("Latin letters, digits and hyphens; it becomes part of the address.")


class AcceptInvitationForm(FlaskForm):
    full_name = NameField(_l("Full name"), max_length=200, render_kw={"autocomplete": "name"})
    password = PasswordField(_l("Password"), validators=[Optional(), Length(max=128)],
                             render_kw={"autocomplete": "new-password"})
    submit = SubmitField(_l("Join"))


class InviteForm(FlaskForm):
    email = EmailField(_l("E-mail"),
                       validators=[DataRequired(REQUIRED), ONE_LINE_RULE, Email(EMAIL), Length(max=254)])
    full_name = NameField(_l("Full name"), max_length=200)
    roles = MultiCheckboxField(_l("Roles"), validators=[DataRequired(_l("Choose at least one role."))])
    submit = SubmitField(_l("Send the invitation"))


class RolesForm(FlaskForm):
    roles = MultiCheckboxField(_l("Roles"), validators=[DataRequired(_l("Choose at least one role."))])
    submit = SubmitField(_l("Save the roles"))


class OrganizationForm(FlaskForm):
    kind = SelectField(_l("Kind"), validators=[DataRequired(REQUIRED)])
    partner_kind = SelectField(_l("Kind of partner"), validators=[Optional()])
    name = NameField(_l("Full name of the organization"), max_length=300)
    short_name = NameField(_l("Short name"), max_length=120)
    slug = StringField(_l("Short address"), description=SLUG_HELP, filters=[strip_text],
                       validators=[DataRequired(REQUIRED), ONE_LINE_RULE, Length(min=3, max=63)])
    submit = SubmitField(_l("Create"))


class FirstAccountForm(FlaskForm):
    email = EmailField(_l("E-mail"),
                       validators=[DataRequired(REQUIRED), ONE_LINE_RULE, Email(EMAIL), Length(max=254)])
    full_name = NameField(_l("Full name"), max_length=200)
    role = SelectField(_l("Role"), validators=[DataRequired(REQUIRED)])
    submit = SubmitField(_l("Send the invitation"))
