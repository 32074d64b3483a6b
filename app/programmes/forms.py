"""Forms of programmes: every text field one line or paragraphs (app.core.forms), dates, the evidence file."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import IntegerField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.core.forms import (ONE_LINE_RULE, PARAGRAPH_RULE, REQUIRED, DayField, MultiCheckboxField, OfferedChoice,
                            RadioGroup, strip_text)

DATE_MESSAGE = _l("Enter a date.")


def _paragraph(label, required: bool = False):
    rules = [DataRequired(REQUIRED)] if required else [Optional()]
    return TextAreaField(label, validators=[*rules, PARAGRAPH_RULE, Length(max=5000)], filters=[strip_text])


class ProgrammeForm(FlaskForm):
    starts_on = DayField(_l("Start of the term"), validators=[InputRequired(DATE_MESSAGE)])
    ends_on = DayField(_l("End of the term"), validators=[InputRequired(DATE_MESSAGE)],
                        description=_l("From three months to one year (Положение 1.2)."))
    form_code = OfferedChoice(_l("Form of mentoring"), validators=[DataRequired(REQUIRED)])
    goals = _paragraph(_l("Goals and tasks"), required=True)
    difficulties = MultiCheckboxField(_l("Difficulties it addresses (from the mentees' requests)"))
    difficulties_note = _paragraph(_l("Other difficulties"))
    strengths = _paragraph(_l("Strengths it supports"))
    directions = _paragraph(_l("Directions"))
    activity_forms = _paragraph(_l("Forms and kinds of activity"))
    expected_results = _paragraph(_l("Expected results"), required=True)
    submit = SubmitField(_l("Save"))


class ActivityForm(FlaskForm):
    title = StringField(_l("Activity"), validators=[DataRequired(REQUIRED), ONE_LINE_RULE, Length(max=300)],
                        filters=[strip_text])
    kind = OfferedChoice(_l("Kind"), validators=[DataRequired(REQUIRED)])
    due_on = DayField(_l("Due date"), validators=[InputRequired(DATE_MESSAGE)])
    responsible = OfferedChoice(_l("Responsible"), validators=[Optional()])
    submit = SubmitField(_l("Add to the plan"))


class MarkForm(FlaskForm):
    status = RadioGroup(_l("State"), validators=[DataRequired(REQUIRED)])
    result = _paragraph(_l("Result"))
    evidence = FileField(_l("Evidence (PDF, JPEG, PNG, DOCX or XLSX, up to 10 MB)"))
    submit = SubmitField(_l("Save"))


class JournalForm(FlaskForm):
    met_on = DayField(_l("Date of the meeting"), validators=[InputRequired(DATE_MESSAGE)])
    minutes = IntegerField(_l("Duration, minutes"), validators=[DataRequired(REQUIRED), NumberRange(1, 1440)])
    topic = StringField(_l("Topic"), validators=[DataRequired(REQUIRED), ONE_LINE_RULE, Length(max=300)],
                        filters=[strip_text])
    notes = _paragraph(_l("Notes"))
    submit = SubmitField(_l("Record the meeting"))


class RevisionForm(FlaskForm):
    kind = RadioGroup(_l("What changes"), validators=[DataRequired(REQUIRED)])
    reason = _paragraph(_l("Why (Положение 7.2)"), required=True)
    ends_on = DayField(_l("New end of the term (extension)"), validators=[Optional()])
    form_code = OfferedChoice(_l("New form of mentoring"), validators=[Optional()])
    postpone_id = OfferedChoice(_l("Move the activity"), validators=[Optional()])
    postpone_to = DayField(_l("to the date"), validators=[Optional()])
    cancel_id = OfferedChoice(_l("Drop the activity"), validators=[Optional()])
    add_title = StringField(_l("Add an activity"), validators=[Optional(), ONE_LINE_RULE, Length(max=300)],
                            filters=[strip_text])
    add_kind = OfferedChoice(_l("Its kind"), validators=[Optional()])
    add_due_on = DayField(_l("Its date"), validators=[Optional()])
    submit = SubmitField(_l("Propose"))


class DecisionForm(FlaskForm):
    note = StringField(_l("Note"), validators=[Optional(), ONE_LINE_RULE, Length(max=1000)], filters=[strip_text])
    submit = SubmitField(_l("Decline"))
