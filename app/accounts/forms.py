"""Forms of sign-in and of a person's own account."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SelectChoice, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Regexp

from app.core.forms import EMAIL, ONE_LINE_RULE, REQUIRED, strip_text


class LoginForm(FlaskForm):
    # No format check at sign-in: an account is found by exact match or not at all.
    email = EmailField(_l("E-mail"), validators=[DataRequired(REQUIRED), ONE_LINE_RULE, Length(max=254)],
                       render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Password"), validators=[DataRequired(REQUIRED), Length(max=128)],
                             render_kw={"autocomplete": "current-password"})
    next = HiddenField()
    submit = SubmitField(_l("Sign in"))


class CodeForm(FlaskForm):
    code = StringField(_l("Code from the authenticator app"), filters=[strip_text],
                       validators=[DataRequired(REQUIRED), ONE_LINE_RULE,
                                   Regexp(r"^\s*\d{3}\s?\d{3}\s*$", message=_l("Enter the 6 digits."))],
                       render_kw={"inputmode": "numeric", "autocomplete": "one-time-code"})
    submit = SubmitField(_l("Confirm"))


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("E-mail"),
                       validators=[DataRequired(REQUIRED), ONE_LINE_RULE, Email(EMAIL), Length(max=254)],
                       render_kw={"autocomplete": "username"})
    submit = SubmitField(_l("Send the link"))


# A new password is judged by the rules (app/accounts/passwords.py), which say why eight spaces are
# refused; DataRequired would strip it and only say "required".
class NewPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[InputRequired(REQUIRED), Length(max=128)],
                             render_kw={"autocomplete": "new-password"})
    submit = SubmitField(_l("Save the password"))


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[InputRequired(REQUIRED)],
                                     render_kw={"autocomplete": "current-password"})
    password = PasswordField(_l("New password"), validators=[InputRequired(REQUIRED), Length(max=128)],
                             render_kw={"autocomplete": "new-password"})
    submit = SubmitField(_l("Change the password"))


class LanguageForm(FlaskForm):
    locale = SelectField(_l("Interface language"), choices=[
        SelectChoice("ru", "Русский", render_kw={"lang": "ru"}),
        SelectChoice("en", "English", render_kw={"lang": "en"})])
    submit = SubmitField(_l("Save"))


# Field names differ between the profile's forms, so that each field's id is unique on the page.
class ChangeEmailForm(FlaskForm):
    new_email = EmailField(_l("New e-mail"), validators=[DataRequired(REQUIRED), ONE_LINE_RULE, Length(max=254)],
                           render_kw={"autocomplete": "email"})
    email_password = PasswordField(_l("Current password"), validators=[InputRequired(REQUIRED)],
                                   render_kw={"autocomplete": "current-password"})
    submit = SubmitField(_l("Change the e-mail"))


class TurnOffSecondFactorForm(FlaskForm):
    confirmation = PasswordField(_l("Current password or a code from the authenticator app"),
                                 validators=[InputRequired(REQUIRED)], render_kw={"autocomplete": "current-password"})
    submit = SubmitField(_l("Turn off"))


class RecoveryCodeForm(FlaskForm):
    code = StringField(_l("Recovery code"), validators=[DataRequired(REQUIRED), ONE_LINE_RULE, Length(max=40)],
                       render_kw={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"})
    submit = SubmitField(_l("Sign in"))


class RecoveryCodesForm(FlaskForm):
    codes_password = PasswordField(_l("Current password"), validators=[InputRequired(REQUIRED)],
                                   render_kw={"autocomplete": "current-password"})
    submit = SubmitField(_l("Get new recovery codes"))
