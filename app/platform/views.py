"""The platform admin: municipalities and failed jobs. No tenant data is shown here."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.core.forms import EmptyForm
from app.core.http import parse_id
from app.core.roles import ROLE_LABELS, OrgKind
from app.core.uow import attempt
from app.mail import services as mail
from app.orgs import services as orgs
from app.orgs.services import FIRST_ACCOUNT_ROLES
from app.platform import bp, failed_jobs
from app.platform.forms import MunicipalityForm


@bp.get("/")
def index():
    return render_template("platform/index.html", municipalities=orgs.list_municipalities())


@bp.route("/municipalities/new", methods=["GET", "POST"])
def new_municipality():
    form = MunicipalityForm()
    form.first_role.choices = [(r.value, str(ROLE_LABELS[r])) for r in FIRST_ACCOUNT_ROLES[OrgKind.municipal]]
    if form.validate_on_submit() and attempt(
            form, orgs.create_municipality, form.name.data, form.slug.data, form.department_name.data,
            form.department_short_name.data, form.first_email.data, form.first_name.data, form.first_role.data,
            current_user.id):
        flash(_("The municipality has been created; its first account has been invited."), "info")
        return redirect(url_for("platform.index"))
    return render_template("platform/new_municipality.html", form=form)


@bp.get("/jobs")
def failed_jobs_page():
    try:
        jobs, queue_available = failed_jobs.listing(), True
    except failed_jobs.QueueUnavailable:
        jobs, queue_available = [], False
    return render_template("platform/failed_jobs.html", jobs=jobs, queue_available=queue_available,
                           letters=mail.failed_letters(), form=EmptyForm())


@bp.post("/jobs/<job_id>/retry")
def retry_job(job_id: str):
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        if not failed_jobs.retry(job_id):
            abort(404)
    except failed_jobs.QueueUnavailable:
        flash(_("The job queue is unavailable right now; try again in a few minutes."), "error")
        return redirect(url_for("platform.failed_jobs_page"))
    flash(_("The job has been queued again."), "info")
    return redirect(url_for("platform.failed_jobs_page"))


@bp.post("/letters/<letter_id>/retry")
def retry_letter(letter_id: str):
    if not EmptyForm().validate_on_submit():
        abort(400)
    if not attempt(None, mail.retry_letter, parse_id(letter_id)).value:
        abort(404)
    flash(_("The letter will be sent again within a few minutes."), "info")
    return redirect(url_for("platform.failed_jobs_page"))
