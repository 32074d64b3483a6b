"""The municipal education department: its schools and partner organizations."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.extensions import db
from app.models.accounts import FIRST_ACCOUNT_ROLES
from app.models.orgs import OrgKind
from app.services import ServiceError, orgs
from app.services.orgs import KIND_LABELS, PARTNER_KIND_LABELS, ROLE_LABELS
from app.web.forms import FirstAccountForm, OrganizationForm
from app.web.helpers import page_arg, parse_id, show_error

bp = Blueprint("municipal", __name__, url_prefix="/<org_slug>/organizations")


@bp.get("/")
def organizations(org_slug: str):
    return render_template("municipal/organizations.html", pagination=orgs.municipality_organizations(page_arg()))


@bp.route("/new", methods=["GET", "POST"])
def new_organization(org_slug: str):
    form = OrganizationForm()
    form.kind.choices = [(k.value, str(KIND_LABELS[k])) for k in (OrgKind.school, OrgKind.partner)]
    form.partner_kind.choices = [("", "—")] + [(k.value, str(v)) for k, v in PARTNER_KIND_LABELS.items()]
    if form.validate_on_submit():
        try:
            org = orgs.create_organization(form.kind.data, form.name.data, form.short_name.data, form.slug.data,
                                           form.partner_kind.data or None)
        except ServiceError as error:
            db.session.rollback()
            show_error(form, error)
        else:
            db.session.commit()
            flash(_("The organization has been created. Invite its first account."), "info")
            return redirect(url_for("municipal.invite_first_account", org_slug=org_slug, org_id=org.id))
    return render_template("municipal/new_organization.html", form=form)


@bp.route("/<org_id>/invite", methods=["GET", "POST"])
def invite_first_account(org_slug: str, org_id: str):
    target = orgs.get_municipal_organization(parse_id(org_id))
    if target is None:
        abort(404)
    form = FirstAccountForm()
    form.role.choices = [(r.value, str(ROLE_LABELS[r])) for r in FIRST_ACCOUNT_ROLES[target.kind]]
    if form.validate_on_submit():
        try:
            orgs.invite_first_account(target, form.email.data, form.full_name.data, form.role.data)
        except ServiceError as error:
            db.session.rollback()
            show_error(form, error)
        else:
            db.session.commit()
            flash(_("The invitation has been sent to %(email)s.", email=form.email.data), "info")
            return redirect(url_for("municipal.organizations", org_slug=org_slug))
    return render_template("municipal/invite_first_account.html", form=form, target=target)
