"""Sign-in, the second factor, sign-out, invitations and password reset."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from app.extensions import db
from app.services import ServiceError, accounts
from app.services import sessions as session_service
from app.web.access import client_ip
from app.web.forms import (AcceptInvitationForm, CodeForm, EmptyForm, ForgotPasswordForm, LoginForm,
                           NewPasswordForm)
from app.web.helpers import safe_next, show_error

bp = Blueprint("auth", __name__)


@bp.get("/")
def index():
    if current_user.is_authenticated:
        return redirect(url_for("account.home"))
    return redirect(url_for("auth.login"))


@bp.get("/health")
def health():
    return {"status": "ok"}


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("account.home"))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        try:
            result = accounts.authenticate(form.email.data, form.password.data, client_ip(),
                                           request.headers.get("User-Agent"))
        except ServiceError as error:
            db.session.commit()  # the failed attempt is counted in Redis; nothing else changed
            flash(error.message, "error")
        else:
            db.session.commit()
            session.clear()  # a fresh cookie session on sign-in (no fixation)
            result.user.session_token = result.token
            login_user(result.user)
            session["next"] = safe_next(form.next.data)
            return redirect(url_for("auth.second_factor") if result.user.totp_enabled
                            else (session.pop("next", None) or url_for("account.home")))
    return render_template("auth/login.html", form=form)


@bp.route("/login/code", methods=["GET", "POST"])
def second_factor():
    if not current_user.totp_enabled:
        return redirect(url_for("account.home"))
    if g.user_session.second_factor_at is not None:
        return redirect(url_for("account.home"))
    form = CodeForm()
    if form.validate_on_submit():
        try:
            accounts.verify_second_factor(current_user, g.user_session, form.code.data, client_ip())
        except ServiceError as error:
            db.session.commit()  # the replay guard and throttle state are kept
            show_error(form, error)
        else:
            db.session.commit()
            return redirect(session.pop("next", None) or url_for("account.home"))
    return render_template("auth/second_factor.html", form=form)


@bp.post("/logout")
def logout():
    form = EmptyForm()
    if form.validate_on_submit():
        session_service.revoke(g.user_session)
        db.session.commit()
        logout_user()
        session.clear()
        flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        accounts.request_password_reset(form.email.data, client_ip())
        db.session.commit()
        flash(_("If an account with this e-mail exists, a link to set a new password has been sent."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            accounts.reset_password(token, form.password.data)
        except ServiceError as error:
            db.session.rollback()
            show_error(form, error)
        else:
            db.session.commit()
            flash(_("The password has been changed. Sign in with the new password."), "info")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form)


@bp.route("/invite/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    try:
        invitation, _scope = accounts.open_invitation(token)
    except ServiceError as error:
        return render_template("auth/invitation_invalid.html", message=error.message), 404
    # Plain values: a refused attempt rolls the session back, and the page is still drawn.
    invitation = {"email": invitation.email, "roles": list(invitation.roles), "full_name": invitation.full_name}
    signed_in = current_user if current_user.is_authenticated else None
    has_account = accounts.find_user_for_login(invitation["email"]) is not None
    form = AcceptInvitationForm(full_name=invitation["full_name"])
    if form.validate_on_submit():
        try:
            accounts.accept_invitation(token, form.full_name.data, form.password.data, signed_in)
        except ServiceError as error:
            db.session.rollback()
            show_error(form, error)
        else:
            db.session.commit()
            flash(_("Welcome! You have joined the organization."), "info")
            return redirect(url_for("account.home") if signed_in else url_for("auth.login"))
    return render_template("auth/accept_invitation.html", form=form, invitation=invitation,
                           has_account=has_account, signed_in=signed_in)


@bp.post("/set-language")
def set_language():
    """The language choice of a person who is not signed in (kept in the cookie session)."""
    locale = request.form.get("locale")
    if locale in current_app.config["LANGUAGES"]:
        session["locale"] = locale
    return redirect(safe_next(request.form.get("next")) or url_for("auth.login"))
