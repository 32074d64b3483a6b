"""Forms of the staff list, invitations and the municipality's organizations."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l, lazy_ngettext
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import AnyOf, DataRequired, Email, InputRequired, Length, Optional, ValidationError

from app.accounts.passwords import MIN_LENGTH
from app.core.forms import EMAIL, ONE_LINE_RULE, REQUIRED, MultiCheckboxField, NameField, strip_text

SLUG_HELP = _l("Latin letters, digits and hyphens; it becomes part of the address.")


class RoleChoices(MultiCheckboxField):
    """The roles a page offers (only those the actor may grant); anything else is refused in Russian
    (WTForms' own message for a multiple choice has no Russian translation)."""

    def pre_validate(self, form):
        offered = {str(value) for value, *_rest in self.choices or []}
        if any(str(value) not in offered for value in self.data or []):
            raise ValidationError(_l("Choose among the roles offered."))


class AcceptInvitationForm(FlaskForm):
    """A new person joins: their name and password (the advice of the reset page, under the field)."""

    full_name = NameField(_l("Full name"), max_length=200, render_kw={"autocomplete": "name"})
    password = PasswordField(_l("Password"), validators=[Optional(), Length(max=128)],
                             description=lazy_ngettext(
                                 "At least %(num)d character; a phrase of several words is easy to remember and "
                                 "hard to guess.",
                                 "At least %(num)d characters; a phrase of several words is easy to remember and "
                                 "hard to guess.", MIN_LENGTH),
                             render_kw={"autocomplete": "new-password"})
    submit = SubmitField(_l("Join"))


class JoinForm(FlaskForm):
    """A person with an account, signed in, joins: nothing to fill in."""

    submit = SubmitField(_l("Join"))


class ConfirmForm(FlaskForm):
    """The second step of a destructive action: the POST carries ``confirm=yes`` from the confirmation
    page (no inline script: CSP forbids it)."""

    confirm = HiddenField(validators=[InputRequired(), AnyOf(["yes"])])
    submit = SubmitField(_l("Confirm"))


class InviteForm(FlaskForm):
    email = EmailField(_l("E-mail"),
                       validators=[DataRequired(REQUIRED), ONE_LINE_RULE, Email(EMAIL), Length(max=254)])
    full_name = NameField(_l("Full name"), max_length=200)
    roles = RoleChoices(_l("Roles"), validators=[DataRequired(_l("Choose at least one role."))])
    submit = SubmitField(_l("Send the invitation"))


class RolesForm(FlaskForm):
    # Only the roles the actor may change are offered; the others are kept, so an empty choice may be
    # valid (the service refuses a person left without roles).
    roles = RoleChoices(_l("Roles"), validators=[Optional()])
    confirm = HiddenField()
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


class EditOrganizationForm(FlaskForm):
    partner_kind = SelectField(_l("Kind of partner"), validators=[Optional()])
    name = NameField(_l("Full name of the organization"), max_length=300)
    short_name = NameField(_l("Short name"), max_length=120)
    submit = SubmitField(_l("Save"))


class RequisitesForm(FlaskForm):
    """The school's requisites; the formats and checksums are the service's (app/orgs/requisites.py)."""

    address = NameField(_l("Address"), max_length=500, required=False,
                        description=_l("Postal code, region, locality, street, building."))
    locality = NameField(_l("Locality, as under the date of an order"), max_length=200, required=False,
                         description=_l("For example: %(example)s", example="г. Щёкино Тульской области"))
    inn = NameField(_l("INN"), max_length=12, required=False)
    ogrn = NameField(_l("OGRN"), max_length=15, required=False)
    phone = NameField(_l("Phone"), max_length=50, required=False)
    email = NameField(_l("E-mail"), max_length=254, required=False)
    document_font = SelectField(_l("Font of the documents"), validators=[Optional()])
    document_font_size = SelectField(_l("Font size of the documents"), validators=[Optional()])
    submit = SubmitField(_l("Save"))
