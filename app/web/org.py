"""An organization's pages: the home page by role, the staff list, invitations, the audit log."""
from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from app.extensions import db
from app.models.accounts import ROLES_BY_KIND
from app.services import ServiceError, accounts, audit_log
from app.services.orgs import ROLE_LABELS
from app.web.forms import EmptyForm, InviteForm, RolesForm
from app.web.helpers import page_arg, parse_id, show_error

bp = Blueprint("org", __name__, url_prefix="/<org_slug>")


def _role_choices():
    return [(r.value, str(ROLE_LABELS[r])) for r in ROLES_BY_KIND[g.org.kind]]


def _member_or_404(membership_id: str):
    membership = accounts.get_membership(parse_id(membership_id))
    if membership is None:
        abort(404)
    return membership


@bp.get("/")
def home(org_slug: str):
    return render_template("org/home.html")


@bp.get("/staff")
def staff(org_slug: str):
    pagination = accounts.staff_page(page_arg())
    return render_template("org/staff.html", pagination=pagination, invitations=accounts.open_invitations(),
                           revoke_form=EmptyForm())


@bp.route("/staff/invite", methods=["GET", "POST"])
def invite(org_slug: str):
    form = InviteForm()
    form.roles.choices = _role_choices()
    if form.validate_on_submit():
        try:
            accounts.invite(g.org, form.email.data, form.full_name.data, form.roles.data)
        except ServiceError as error:
            db.session.rollback()
            show_error(form, error)
        else:
            db.session.commit()
            flash(_("The invitation has been sent to %(email)s.", email=form.email.data), "info")
            return redirect(url_for("org.staff", org_slug=org_slug))
    return render_template("org/invite.html", form=form)


@bp.get("/staff/<membership_id>")
def member(org_slug: str, membership_id: str):
    membership = accounts.view_membership(parse_id(membership_id))
    if membership is None:
        abort(404)
    db.session.commit()
    form = RolesForm(roles=list(membership.roles))
    form.roles.choices = _role_choices()
    return render_template("org/member.html", membership=membership, form=form, action_form=EmptyForm())


@bp.post("/staff/<membership_id>/roles")
def member_roles(org_slug: str, membership_id: str):
    membership = _member_or_404(membership_id)
    form = RolesForm()
    form.roles.choices = _role_choices()
    if form.validate_on_submit():
        try:
            accounts.change_roles(g.org, membership, form.roles.data)
        except ServiceError as error:
            db.session.rollback()
            show_error(form, error)
        else:
            db.session.commit()
            flash(_("The roles have been changed."), "info")
            return redirect(url_for("org.member", org_slug=org_slug, membership_id=membership.id))
    return render_template("org/member.html", membership=membership, form=form, action_form=EmptyForm()), 400


@bp.post("/staff/<membership_id>/deactivate")
def member_deactivate(org_slug: str, membership_id: str):
    membership = _member_or_404(membership_id)
    if EmptyForm().validate_on_submit():
        try:
            accounts.deactivate(membership)
        except ServiceError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("The account has been deactivated in this organization."), "info")
    return redirect(url_for("org.member", org_slug=org_slug, membership_id=membership.id))


@bp.post("/staff/<membership_id>/reactivate")
def member_reactivate(org_slug: str, membership_id: str):
    membership = _member_or_404(membership_id)
    if EmptyForm().validate_on_submit():
        accounts.reactivate(membership)
        db.session.commit()
        flash(_("The account is active again."), "info")
    return redirect(url_for("org.member", org_slug=org_slug, membership_id=membership.id))


@bp.post("/invitations/<invitation_id>/revoke")
def invitation_revoke(org_slug: str, invitation_id: str):
    invitation = accounts.get_invitation(parse_id(invitation_id))
    if invitation is None:
        abort(404)
    if EmptyForm().validate_on_submit():
        accounts.revoke_invitation(invitation)
        db.session.commit()
        flash(_("The invitation has been revoked."), "info")
    return redirect(url_for("org.staff", org_slug=org_slug))


@bp.get("/audit")
def audit_log_page(org_slug: str):
    return render_template("org/audit.html", pagination=audit_log.page(page_arg()),
                           action_labels=audit_log.ACTION_LABELS, object_labels=audit_log.OBJECT_LABELS)
