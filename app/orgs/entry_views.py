"""Where a person enters organizations: the landing page after sign-in and an invitation link."""
from __future__ import annotations

from flask import flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts import services as accounts
from app.core.errors import ServiceError
from app.core.uow import attempt
from app.orgs import entry_bp as bp
from app.orgs import invitations, layout, staff
from app.orgs.forms import AcceptInvitationForm


@bp.get("/account/home")
def landing():
    """Land in the organization used last, else the first one; the platform admin lands on the platform."""
    memberships = staff.memberships_of(current_user)
    if memberships:
        last = g.user_session.current_org_id
        chosen = next((m for m in memberships if m.org_id == last), memberships[0])
        return redirect(url_for("org.home", org_slug=chosen.organization.slug))
    if current_user.is_platform_admin:
        return redirect(url_for("platform.index"))
    return render_template("orgs/no_organization.html")


@bp.route("/invite/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    try:
        invitation = invitations.open_invitation(token)
    except ServiceError as error:
        return render_template("orgs/invitation_invalid.html", message=error.message), 404
    # Plain values: a refused attempt rolls the session back, and the page is still drawn.
    invitation = {"email": invitation.email, "roles": list(invitation.roles), "full_name": invitation.full_name}
    signed_in = current_user if current_user.is_authenticated else None
    has_account = accounts.find_user_for_login(invitation["email"]) is not None
    form = AcceptInvitationForm(full_name=invitation["full_name"])
    if form.validate_on_submit() and attempt(form, invitations.accept_invitation, token, form.full_name.data,
                                             form.password.data, signed_in):
        flash(_("Welcome! You have joined the organization."), "info")
        return redirect(url_for("orgs.landing") if signed_in else url_for("auth.login"))
    return render_template("orgs/accept_invitation.html", form=form, invitation=invitation,
                           has_account=has_account, signed_in=signed_in)


bp.app_context_processor(layout.layout_context)
