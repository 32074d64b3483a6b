"""Forms of the staff-file import: the upload, the mapping of columns, the confirmation."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, FieldList, HiddenField, SelectField, SubmitField
from wtforms.validators import ValidationError

from app.teachers.import_mapping import FIELDS

NOT_IMPORTED = _l("— not imported —")


class UploadForm(FlaskForm):
    file = FileField(_l("Staff file"), validators=[FileRequired(_l("Choose the file to upload."))],
                     description=_l("An Excel workbook (.xlsx) or a CSV file as your HR or e-journal system exports "
                                    "it: one row per employee, the column titles in the first row."),
                     render_kw={"accept": ".xlsx,.csv,text/csv,"
                                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"})
    submit = SubmitField(_l("Upload and check"))


class FieldChoice(SelectField):
    """A column's field; anything but the fields offered is refused in Russian."""

    def pre_validate(self, form):
        if self.data not in {value for value, _label in self.choices}:
            raise ValidationError(_l("Choose a field from the list for every column."))


def mapping_form(columns: list[dict], mapping: list[str], formdata=None):
    """A select per column of the file, each offering every field (and «not imported»)."""
    choices = [("", NOT_IMPORTED)] + [(name, label) for name, label in FIELDS.items()]

    class MappingForm(FlaskForm):
        columns_ = FieldList(FieldChoice(choices=choices, validate_choice=False), min_entries=len(columns),
                             max_entries=len(columns))
        submit = SubmitField(_l("Apply the mapping"))

    kwargs = {} if formdata is None else {"formdata": formdata}
    form = MappingForm(data={"columns_": list(mapping)}, **kwargs)
    for entry, column in zip(form.columns_.entries, columns):
        entry.label.text = column["title"] or "—"
    return form


class ConfirmForm(FlaskForm):
    revision = HiddenField()
    only_valid = BooleanField(_l("Import the valid rows only (the rows with errors are skipped)"))
    submit = SubmitField(_l("Import"))
