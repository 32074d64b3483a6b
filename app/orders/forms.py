"""The orders' forms: a new draft, the draft's text, signing with a code, the scan, the number format,
the registry's filters."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import IntegerField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.core.forms import (DayField, ONE_LINE_RULE, OfferedChoice, OfferedChoices, PARAGRAPH_RULE,
                            REQUIRED, RadioGroup, strip_text)
from app.orders import labels


class NewOrderForm(FlaskForm):
    kind = RadioGroup(_l("Kind of order"), choices=[(k.value, w) for k, w in labels.KIND.items()],
                      validators=[DataRequired(REQUIRED)])
    petition_id = OfferedChoice(_l("A granted petition this order executes (Положение 4.1, 5.1)"), choices=[],
                              validators=[Optional()])
    teacher_id = OfferedChoice(_l("Curator or mentor (appointment of the curator, the Regulations, release)"),
                             choices=[], validators=[Optional()])
    entry_ids = OfferedChoices(_l("Candidates of the mentor bank (approval of the mentor bank)"), choices=[])
    pair_ids = OfferedChoices(_l("Pairs and groups with their consents complete (assignment)"), choices=[])
    pair_id = OfferedChoice(_l("Pair (replacement, extension, completion, early end)"), choices=[],
                          validators=[Optional()])
    new_mentor_id = OfferedChoice(_l("New mentor (replacement)"), choices=[], validators=[Optional()])
    until = DayField(_l("New end date (extension; the agreed one if left empty)"), validators=[Optional()])
    reason = OfferedChoice(_l("Reason of Положение 7.1 (early end)"),
                         choices=[("", "")] + [(k, w) for k, w in labels.END_REASON.items()], validators=[Optional()])
    note = StringField(_l("The valid reason stated (early end)"), filters=[strip_text],
                       validators=[Optional(), ONE_LINE_RULE, Length(max=1000)])
    submit = SubmitField(_l("Create the draft"))


class DraftForm(FlaskForm):
    title = StringField(_l("Title «Об …»"), filters=[strip_text],
                        validators=[DataRequired(REQUIRED), ONE_LINE_RULE, Length(max=1000)])
    preamble = TextAreaField(_l("Preamble: the legal grounds"), filters=[strip_text],
                             validators=[DataRequired(REQUIRED), PARAGRAPH_RULE, Length(max=8000)])
    items = TextAreaField(_l("Items: one a line; the first word is printed in bold"), filters=[strip_text],
                          validators=[DataRequired(REQUIRED), PARAGRAPH_RULE, Length(max=60000)])
    appendix = TextAreaField(_l("Appendix (the text of the Regulations, the roadmap…)"), filters=[strip_text],
                             validators=[Optional(), PARAGRAPH_RULE, Length(max=200000)])
    submit = SubmitField(_l("Save the draft"))

    def item_list(self) -> list[dict]:
        items = []
        for line in (self.items.data or "").split("\n"):
            line = " ".join(line.split())
            if line:
                lead, _, rest = line.partition(" ")
                items.append({"lead": lead, "text": rest})
        return items


class SignForm(FlaskForm):
    code = StringField(_l("Code of the authenticator app"), filters=[strip_text],
                       validators=[Optional(), ONE_LINE_RULE, Length(max=20)],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"})
    submit = SubmitField(_l("Sign the order"))


class ScanForm(FlaskForm):
    scan = FileField(_l("Scan of the signed paper original (PDF, JPEG or PNG, up to 5 MB)"))
    submit = SubmitField(_l("Attach the scan"))


class SettingsForm(FlaskForm):
    number_format = StringField(_l("Number format"), filters=[strip_text],
                                validators=[DataRequired(REQUIRED), ONE_LINE_RULE, Length(max=40)],
                                description=_l("«{n}» stands for the order's sequence number in the year: "
                                               "«{n} – А» gives «13 – А»."))
    submit = SubmitField(_l("Save"))


class FilterForm(FlaskForm):
    class Meta:
        csrf = False

    year = IntegerField(_l("Year"), validators=[Optional(), NumberRange(min=2000, max=2100)])
    kind = OfferedChoice(_l("Kind"), choices=[("", "")] + [(k.value, w) for k, w in labels.KIND.items()],
                         validators=[Optional()])
    status = OfferedChoice(_l("Status"), choices=[("", "")] + [(k.value, w) for k, w in labels.STATUS.items()],
                           validators=[Optional()])
    q = StringField(_l("Number or title"), filters=[strip_text], validators=[Optional(), ONE_LINE_RULE,
                                                                            Length(max=200)])
