"""Pages of the staff-file import: upload, mapping and preview, confirmation, progress, result, the
error report. Thin: each parses, calls one service of app/teachers/imports.py, renders or redirects."""
from __future__ import annotations

import io

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _

from app.core.http import parse_id
from app.core.uow import attempt
from app.teachers import bp, imports
from app.teachers.import_forms import ConfirmForm, UploadForm, mapping_form
from app.teachers.import_mapping import FIELDS, problems
from app.teachers.import_models import ImportStatus

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The multipart envelope around the file (boundaries, the other fields) on top of the file's limit.
_ENVELOPE = 64 * 1024


@bp.url_value_preprocessor
def _upload_limit(endpoint, values) -> None:
    """The upload reads a larger body than other pages (MAX_CONTENT_LENGTH): set before any hook parses
    the form. A file over the import's limit but inside the envelope gets the page's own message."""
    if endpoint == "teachers.import_start" and request.method == "POST":
        request.max_content_length = current_app.config["TEACHER_IMPORT_MAX_BYTES"] + _ENVELOPE


def _import_or_404(import_id: str):
    record = imports.get(parse_id(import_id))
    if record is None:
        abort(404)
    return record


@bp.route("/import", methods=["GET", "POST"])
def import_start(org_slug: str):
    form = UploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read(current_app.config["TEACHER_IMPORT_MAX_BYTES"] + 1)
        outcome = attempt(form, imports.upload, upload.filename, data)
        if outcome:
            return redirect(url_for("teachers.import_show", org_slug=org_slug, import_id=outcome.value.id))
    status = 400 if form.errors else 200
    return render_template("teachers/import_start.html", form=form, recent=imports.recent()), status


def _preview(record, mapping=None, confirm=None, status: int = 200):
    errors_only = request.args.get("show", "errors" if record.error_rows else "all") == "errors"
    page = imports.preview_page(record, errors_only and bool(record.error_rows), request.args.get("page", type=int))
    mapping = mapping or mapping_form(record.columns, record.mapping)
    confirm = confirm or ConfirmForm(revision=record.revision)
    return render_template("teachers/import_preview.html", record=record, page=page, mapping=mapping,
                           confirm=confirm, problems=problems(record.mapping), fields=FIELDS), status


@bp.get("/import/<import_id>")
def import_show(org_slug: str, import_id: str):
    record = _import_or_404(import_id)
    if record.status == ImportStatus.draft:
        return _preview(record)
    return render_template("teachers/import_progress.html", record=record)


@bp.post("/import/<import_id>/mapping")
def import_mapping(org_slug: str, import_id: str):
    record = _import_or_404(import_id)
    form = mapping_form(record.columns, record.mapping, formdata=request.form)
    if form.validate_on_submit() and attempt(form, imports.remap, record.id, [entry.data for entry in form.columns_]):
        flash(_("The rows have been checked again with the new mapping."), "info")
        return redirect(url_for("teachers.import_show", org_slug=org_slug, import_id=record.id))
    return _preview(imports.get(record.id), mapping=form, status=400)


@bp.post("/import/<import_id>/confirm")
def import_confirm(org_slug: str, import_id: str):
    record = _import_or_404(import_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        revision = form.revision.data
        attempt(form, imports.confirm, record.id, int(revision) if str(revision).isdigit() else None,
                bool(form.only_valid.data))
    return redirect(url_for("teachers.import_show", org_slug=org_slug, import_id=record.id))


@bp.get("/import/<import_id>/status")
def import_status(org_slug: str, import_id: str):
    status = imports.status_of(parse_id(import_id))
    if status is None:
        abort(404)
    return jsonify(status)


@bp.get("/import/<import_id>/report.xlsx")
def import_report(org_slug: str, import_id: str):
    found = imports.report_workbook(parse_id(import_id))
    if found is None:
        abort(404)
    filename, content = found
    return send_file(io.BytesIO(content), mimetype=XLSX, as_attachment=True, download_name=filename)
