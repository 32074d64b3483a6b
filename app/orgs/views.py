"""An organization's pages: the home page by role, the staff list, invitations."""
from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from app.core.forms import EmptyForm
from app.core.http import parse_id
from app.core.pagination import page_arg
from app.core.roles import ROLES_BY_KIND, ROLE_LABELS
from app.core.uow import attempt
from app.orgs import home_cards, invitations, staff
from app.orgs import org_bp as bp
from app.orgs.forms import InviteForm, RolesForm


def _role_choices():
    return [(r.value, str(ROLE_LABELS[r])) for r in ROLES_BY_KIND[g.org.kind]]


def _member_or_404(membership_id: str):
    membership = staff.get_membership(parse_id(membership_id))
    if membership is None:
        abort(404)
    return membership


@bp.get("/")
def home(org_slug: str):
    return render_template("orgs/home.html", cards=home_cards.for_member(g.org, g.membership))


@bp.get("/staff", endpoint="staff")
def staff_list(org_slug: str):
    return render_template("orgs/staff.html", pagination=staff.staff_page(page_arg()),
                           invitations=invitations.open_invitations(), revoke_form=EmptyForm())


@bp.route("/staff/invite", methods=["GET", "POST"])
def invite(org_slug: str):
    form = InviteForm()
    form.roles.choices = _role_choices()
    if form.validate_on_submit() and attempt(form, invitations.invite, g.org, form.email.data,
                                             form.full_name.data, form.roles.data):
        flash(_("The invitation has been created; the letter to %(email)s is on its way.",
                email=form.email.data), "info")
        return redirect(url_for("org.staff", org_slug=org_slug))
    return render_template("orgs/invite.html", form=form)


@bp.get("/staff/<membership_id>")
def member(org_slug: str, membership_id: str):
    # Opening a personal record is itself recorded (152-ФЗ ст. 19).
    outcome = attempt(None, staff.view_membership, parse_id(membership_id))
    if outcome.value is None:
        abort(404)
    membership = outcome.value
    form = RolesForm(roles=list(membership.roles))
    form.roles.choices = _role_choices()
    return render_template("orgs/member.html", membership=membership, form=form, action_form=EmptyForm())


@bp.post("/staff/<membership_id>/roles")
def member_roles(org_slug: str, membership_id: str):
    membership = _member_or_404(membership_id)
    form = RolesForm()
    form.roles.choices = _role_choices()
    if form.validate_on_submit() and attempt(form, staff.change_roles, g.org, membership, form.roles.data):
        flash(_("The roles have been changed."), "info")
        return redirect(url_for("org.member", org_slug=org_slug, membership_id=membership.id))
    return render_template("orgs/member.html", membership=membership, form=form, action_form=EmptyForm()), 400


@bp.post("/staff/<membership_id>/deactivate")
def member_deactivate(org_slug: str, membership_id: str):
    membership = _member_or_404(membership_id)
    if EmptyForm().validate_on_submit() and attempt(None, staff.deactivate, membership):
        flash(_("The account has been deactivated in this organization."), "info")
    return redirect(url_for("org.member", org_slug=org_slug, membership_id=membership.id))


@bp.post("/staff/<membership_id>/reactivate")
def member_reactivate(org_slug: str, membership_id: str):
    membership = _member_or_404(membership_id)
    if EmptyForm().validate_on_submit() and attempt(None, staff.reactivate, membership):
        flash(_("The account is active again."), "info")
    return redirect(url_for("org.member", org_slug=org_slug, membership_id=membership.id))


@bp.post("/invitations/<invitation_id>/revoke")
def invitation_revoke(org_slug: str, invitation_id: str):
    invitation = invitations.get_invitation(parse_id(invitation_id))
    if invitation is None:
        abort(404)
    if EmptyForm().validate_on_submit() and attempt(None, invitations.revoke_invitation, invitation):
        flash(_("The invitation has been revoked."), "info")
    return redirect(url_for("org.staff", org_slug=org_slug))
