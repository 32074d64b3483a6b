"""The platform admin: municipalities and failed jobs. No tenant data is shown here."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import db
from app.models.accounts import FIRST_ACCOUNT_ROLES
from app.models.orgs import OrgKind
from app.services import ServiceError, failed_jobs, orgs
from app.services.orgs import ROLE_LABELS
from app.web.forms import EmptyForm, MunicipalityForm
from app.web.helpers import show_error

bp = Blueprint("platform", __name__, url_prefix="/platform")


@bp.get("/")
def index():
    return render_template("platform/index.html", municipalities=orgs.list_municipalities())


@bp.route("/municipalities/new", methods=["GET", "POST"])
def new_municipality():
    form = MunicipalityForm()
    form.first_role.choices = [(r.value, str(ROLE_LABELS[r])) for r in FIRST_ACCOUNT_ROLES[OrgKind.municipal]]
    if form.validate_on_submit():
        try:
            orgs.create_municipality(form.name.data, form.slug.data, form.department_name.data,
                                     form.department_short_name.data, form.first_email.data,
                                     form.first_name.data, form.first_role.data, current_user.id)
        except ServiceError as error:
            db.session.rollback()
            show_error(form, error)
        else:
            db.session.commit()
            flash(_("The municipality has been created; its first account has been invited."), "info")
            return redirect(url_for("platform.index"))
    return render_template("platform/new_municipality.html", form=form)


@bp.get("/jobs")
def failed_jobs_page():
    return render_template("platform/failed_jobs.html", jobs=failed_jobs.listing(), form=EmptyForm())


@bp.post("/jobs/<job_id>/retry")
def retry_job(job_id: str):
    if not EmptyForm().validate_on_submit():
        abort(400)
    if not failed_jobs.retry(job_id):
        abort(404)
    flash(_("The job has been queued again."), "info")
    return redirect(url_for("platform.failed_jobs_page"))
