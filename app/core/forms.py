"""Form pieces every feature uses: translated messages, the one-line rule of every text input and the
paragraph rule of the texts written in a person's own words, the name field, the checkbox list and the
radio group, the CSRF-only form."""
from __future__ import annotations

import re
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, StopValidation, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

REQUIRED = _l("This field is required.")
EMAIL = _l("Enter a valid e-mail address.")
ONE_LINE = _l("The value must be one line, without line breaks or control characters.")

# C0 and C1 controls (NUL, tab, CR, LF, ESC, DEL, NEL…), the Unicode line and paragraph separators,
# and the bidirectional embeddings, overrides and isolates that make a text read differently from
# what it holds.
CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


class NoControlCharacters:
    """Every text input of every form: one line, no control characters. A NUL byte never gets here
    from the web (app.core.http.refuse_nul answers 400 first); this refuses the rest in Russian."""

    field_flags = {}

    def __init__(self, message=None):
        self.message = message

    def __call__(self, form, field) -> None:
        if isinstance(field.data, str) and CONTROL_CHARACTERS.search(field.data):
            raise StopValidation(self.message or ONE_LINE)


ONE_LINE_RULE = NoControlCharacters()

_LINE_BREAKS = re.compile(r"\r\n?")


class ParagraphText(NoControlCharacters):
    """A text of paragraphs (a difficulty in the person's own words, a consent text): line breaks are
    kept (as "\n"), every other control character is refused as on any text field."""

    def __call__(self, form, field) -> None:
        if isinstance(field.data, str):
            field.data = _LINE_BREAKS.sub("\n", field.data)
            if CONTROL_CHARACTERS.search(field.data.replace("\n", "")):
                raise StopValidation(self.message or _l("The text must not contain control characters."))


PARAGRAPH_RULE = ParagraphText()


def strip_text(value):
    """Leading and trailing spaces (and a pasted trailing line break) are not part of a name."""
    return value.strip() if isinstance(value, str) else value


class NameField(StringField):
    """A name: of a person, an organization, a municipality. Trimmed; required unless said otherwise;
    one line; at most ``max_length`` characters."""

    def __init__(self, label=None, validators=None, *, max_length: int = 200, required: bool = True,
                 **kwargs):
        rules = [DataRequired(REQUIRED)] if required else []
        rules += [ONE_LINE_RULE, Length(max=max_length), *(validators or ())]
        super().__init__(label, validators=rules, filters=[strip_text, *kwargs.pop("filters", ())], **kwargs)


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
    # The form macro draws a group of checkboxes (and its subclasses) as a fieldset with a legend.
    is_choice_group = True


class RadioGroup(RadioField):
    """A choice of one among a few options: the form macro draws it as a fieldset with a legend (its
    label), each radio button followed by its own label, as the groups of checkboxes."""

    is_choice_group = True


class _OneOffered:
    """A value the view did not offer is refused in Russian (WTForms' own message has no translation);
    an empty value is left to the field's validators (DataRequired, InputRequired or Optional)."""

    def pre_validate(self, form):
        offered = {str(value) for value, *_rest in self.choices or []}
        if self.data not in (None, "") and str(self.data) not in offered:
            raise StopValidation(_l("Choose a value from the list."))


class OfferedChoice(_OneOffered, SelectField):
    """A select whose choices the view sets."""


class OfferedRadio(_OneOffered, RadioGroup):
    """A radio group whose choices the view sets."""


class OfferedChoices(MultiCheckboxField):
    """Checkboxes whose choices the view sets: any value not offered is refused in Russian."""

    def pre_validate(self, form):
        offered = {str(value) for value, *_rest in self.choices or []}
        if any(str(value) not in offered for value in self.data or ()):
            raise StopValidation(_l("Choose the values from the list."))


EARLIEST, LATEST = date(2000, 1, 1), date(2099, 12, 31)


DAY_FORMATS = ("%Y-%m-%d", "%d.%m.%Y")


class DayField(DateField):
    """A calendar day, the same on every page: the browser's date picker sends 2026-01-31; typed by hand
    (a browser without the picker, a pasted date) 31.01.2026 too. A day of this century by default (a
    birth date reaches further back): a typo of the year reads as an error, not as a date in 20260."""

    def __init__(self, label=None, validators=None, *, earliest: date = EARLIEST, latest: date = LATEST, **kwargs):
        super().__init__(label, validators, format=list(DAY_FORMATS), **kwargs)
        self.earliest, self.latest = earliest, latest

    def process_formdata(self, valuelist):
        raw = " ".join(valuelist).strip() if valuelist else ""
        self.data = None
        if not raw:
            return
        for pattern in DAY_FORMATS:
            try:
                self.data = datetime.strptime(raw, pattern).date()
                return
            except ValueError:
                continue
        raise ValueError(_l("Enter a date as dd.mm.yyyy, for example 31.01.2026."))

    def pre_validate(self, form):
        if self.data is not None and not self.earliest <= self.data <= self.latest:
            raise ValidationError(_l("Enter a date between %(first)d and %(last)d.", first=self.earliest.year,
                                     last=self.latest.year))


class EmptyForm(FlaskForm):
    """A POST with nothing but the CSRF token (buttons that change state)."""

    submit = SubmitField(_l("Confirm"))
