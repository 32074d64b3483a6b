"""Where a person enters organizations: the landing page after sign-in and an invitation link."""
from __future__ import annotations

from flask import flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts import services as accounts
from app.core.access import ENROLMENT_OWED, SECOND_FACTOR_OWED, auth_state
from app.core.errors import ServiceError
from app.core.uow import attempt
from app.orgs import entry_bp as bp
from app.orgs import invitations, layout, staff
from app.orgs.forms import AcceptInvitationForm, JoinForm


@bp.get("/account/home")
def landing():
    """Land in the organization used last, else the one the person joined first; the platform admin
    lands on the platform."""
    memberships = staff.memberships_of(current_user)
    if memberships:
        last = g.user_session.current_org_id
        first = min(memberships, key=lambda m: (m.created_at, m.id))
        chosen = next((m for m in memberships if m.org_id == last), first)
        return redirect(url_for("org.home", org_slug=chosen.organization.slug))
    if current_user.is_platform_admin:
        return redirect(url_for("platform.index"))
    reason = accounts.ended_access_message(current_user)
    # Plain text, escaped on the page (it carries organizations' names).
    return render_template("orgs/no_organization.html", reason=str(reason) if reason is not None else None)


@bp.route("/invite/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    """The invitation page names the organization, the inviter and the roles, then, by who opens it:
    a person still signing in finishes that first (nothing else); a signed-in person other than the
    invitee is told so at once; the invitee signed in just joins; an invitee with an account who is
    not signed in is sent to sign in and back; a new person chooses a name and a password."""
    try:
        page = invitations.invitation_page(token)
    except ServiceError as error:
        return render_template("orgs/invitation_invalid.html", message=error.message), 404
    signed_in = current_user if current_user.is_authenticated else None
    if signed_in is not None:
        state = auth_state()
        if state in (SECOND_FACTOR_OWED, ENROLMENT_OWED):
            session["next"] = request.path
            return redirect(url_for("auth.second_factor") if state == SECOND_FACTOR_OWED
                            else url_for("account.totp_setup"))
        if signed_in.email != page.email:
            return render_template("orgs/accept_invitation.html", invitation=page, mode="someone_else"), 403
        try:
            invitations.check_join(token, signed_in)
        except ServiceError as error:
            return render_template("orgs/accept_invitation.html", invitation=page, mode="refused",
                                   message=error.message), 403
        form = JoinForm()
        if form.validate_on_submit() and attempt(form, invitations.accept_invitation, token, None, None, signed_in):
            flash(_("Welcome! You have joined %(org)s.", org=page.org_short_name), "info")
            return redirect(url_for("org.home", org_slug=page.org_slug))
        return render_template("orgs/accept_invitation.html", invitation=page, mode="join", form=form)
    if accounts.find_user_for_login(page.email) is not None:
        return render_template("orgs/accept_invitation.html", invitation=page, mode="sign_in")
    form = AcceptInvitationForm(full_name=page.full_name)
    if form.validate_on_submit() and attempt(form, invitations.accept_invitation, token, form.full_name.data,
                                             form.password.data, None):
        flash(_("Welcome! You have joined %(org)s. Sign in with your e-mail and the password you have just "
                "chosen.", org=page.org_short_name), "info")
        session["login_email"] = page.email  # the sign-in page fills it in (not in the address bar)
        return redirect(url_for("auth.login"))
    return render_template("orgs/accept_invitation.html", invitation=page, mode="new", form=form)


bp.app_context_processor(layout.layout_context)
