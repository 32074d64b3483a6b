"""Forms: every message is translated; validation happens before any service is called."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (EmailField, HiddenField, PasswordField, SelectChoice, SelectField, SelectMultipleField,
                     StringField, SubmitField)
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

REQUIRED = _l("This field is required.")
EMAIL = _l("Enter a valid e-mail address.")


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class LoginForm(FlaskForm):
    # No format check at sign-in: an account is found by exact match or not at all.
    email = EmailField(_l("E-mail"), validators=[DataRequired(REQUIRED), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(REQUIRED), Length(max=128)])
    next = HiddenField()
    submit = SubmitField(_l("Sign in"))


class CodeForm(FlaskForm):
    code = StringField(_l("Code from the authenticator app"),
                       validators=[DataRequired(REQUIRED),
                                   Regexp(r"^\s*\d{3}\s?\d{3}\s*$", message=_l("Enter the 6 digits."))],
                       render_kw={"inputmode": "numeric", "autocomplete": "one-time-code"})
    submit = SubmitField(_l("Confirm"))


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(REQUIRED), Email(EMAIL), Length(max=254)])
    submit = SubmitField(_l("Send the link"))


class NewPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(REQUIRED), Length(max=128)],
                             render_kw={"autocomplete": "new-password"})
    submit = SubmitField(_l("Save the password"))


class AcceptInvitationForm(FlaskForm):
    full_name = StringField(_l("Full name"), validators=[DataRequired(REQUIRED), Length(max=200)])
    password = PasswordField(_l("Password"), validators=[Optional(), Length(max=128)],
                             render_kw={"autocomplete": "new-password"})
    submit = SubmitField(_l("Join"))


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired(REQUIRED)])
    password = PasswordField(_l("New password"), validators=[DataRequired(REQUIRED), Length(max=128)],
                             render_kw={"autocomplete": "new-password"})
    submit = SubmitField(_l("Change the password"))


class LanguageForm(FlaskForm):
    locale = SelectField(_l("Interface language"), choices=[SelectChoice("ru", "Русский"), SelectChoice("en", "English")])
    submit = SubmitField(_l("Save"))


class EmptyForm(FlaskForm):
    """A POST with nothing but the CSRF token (buttons that change state)."""

    submit = SubmitField(_l("Confirm"))


class InviteForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(REQUIRED), Email(EMAIL), Length(max=254)])
    full_name = StringField(_l("Full name"), validators=[DataRequired(REQUIRED), Length(max=200)])
    roles = MultiCheckboxField(_l("Roles"), validators=[DataRequired(_l("Choose at least one role."))])
    submit = SubmitField(_l("Send the invitation"))


class RolesForm(FlaskForm):
    roles = MultiCheckboxField(_l("Roles"), validators=[DataRequired(_l("Choose at least one role."))])
    submit = SubmitField(_l("Save the roles"))


SLUG_HELP = _l("Latin letters, digits and hyphens; it becomes part of the address.")


class OrganizationForm(FlaskForm):
    kind = SelectField(_l("Kind"), validators=[DataRequired(REQUIRED)])
    partner_kind = SelectField(_l("Kind of partner"), validators=[Optional()])
    name = StringField(_l("Full name of the organization"), validators=[DataRequired(REQUIRED), Length(max=300)])
    short_name = StringField(_l("Short name"), validators=[DataRequired(REQUIRED), Length(max=120)])
    slug = StringField(_l("Short address"), description=SLUG_HELP,
                       validators=[DataRequired(REQUIRED), Length(min=3, max=63)])
    submit = SubmitField(_l("Create"))


class FirstAccountForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(REQUIRED), Email(EMAIL), Length(max=254)])
    full_name = StringField(_l("Full name"), validators=[DataRequired(REQUIRED), Length(max=200)])
    role = SelectField(_l("Role"), validators=[DataRequired(REQUIRED)])
    submit = SubmitField(_l("Send the invitation"))


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
