"""Form pieces every feature uses: translated messages, the checkbox list, the CSRF-only form."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, SubmitField
from wtforms.widgets import CheckboxInput, ListWidget

REQUIRED = _l("This field is required.")
EMAIL = _l("Enter a valid e-mail address.")


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class EmptyForm(FlaskForm):
    """A POST with nothing but the CSRF token (buttons that change state)."""

    submit = SubmitField(_l("Confirm"))
