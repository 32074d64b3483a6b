"""Sign-in, the second factor, sign-out and password reset."""
from __future__ import annotations

from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _, ngettext
from flask_login import current_user, login_user, logout_user

from app.accounts import auth_bp as bp
from app.accounts import services, sessions, throttle
from app.accounts.passwords import MIN_LENGTH
from app.accounts.forms import CodeForm, ForgotPasswordForm, LoginForm, NewPasswordForm, RecoveryCodeForm
from app.core.errors import ServiceError
from app.core.forms import EmptyForm
from app.core.http import client_ip, safe_next
from app.core.uow import attempt

HOME = "orgs.landing"


@bp.app_context_processor
def _password_rules() -> dict:
    return {"min_password_length": MIN_LENGTH}


def _remember_device(response, value: str) -> None:
    """This browser is a known device of the account that just signed in (app/accounts/throttle.py):
    someone else's failed attempts never slow its owner down here."""
    cfg = current_app.config
    response.set_cookie(throttle.DEVICE_COOKIE, value, max_age=cfg["KNOWN_DEVICE_DAYS"] * 86400, httponly=True,
                        secure=cfg["SESSION_COOKIE_SECURE"], samesite="Lax")


@bp.get("/")
def index():
    if current_user.is_authenticated:
        return redirect(url_for(HOME))
    return redirect(url_for("auth.login"))


@bp.get("/health")
def health():
    return {"status": "ok"}


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for(HOME))
    # Just joined by an invitation: the address is filled in (app/orgs/entry_views.py).
    form = LoginForm(next=request.args.get("next", ""),
                     email=session.pop("login_email", None) if request.method == "GET" else None)
    if form.validate_on_submit():
        # A refusal is kept: the failed attempt is counted.
        joining = (safe_next(form.next.data) or "").startswith("/invite/")
        chosen = session.get("locale")  # the language chosen on this page, if any
        outcome = attempt(None, services.authenticate, form.email.data, form.password.data, client_ip(),
                          request.headers.get("User-Agent"), request.cookies.get(throttle.DEVICE_COOKIE),
                          joining=joining, locale=chosen, keep_on_refusal=True)
        if outcome:
            result = outcome.value
            session.clear()  # a fresh cookie session on sign-in (no fixation)
            if chosen:
                session["locale"] = chosen  # the language choice survives the sign-in
            result.user.session_token = result.token
            login_user(result.user)
            session["next"] = safe_next(form.next.data)
            response = redirect(url_for("auth.second_factor") if result.user.totp_enabled
                                else (session.pop("next", None) or url_for(HOME)))
            _remember_device(response, result.device_cookie)
            return response
    return render_template("accounts/login.html", form=form)


@bp.route("/login/code", methods=["GET", "POST"])
def second_factor():
    if not current_user.totp_enabled or g.user_session.second_factor_at is not None:
        return redirect(url_for(HOME))
    form = CodeForm()
    if form.validate_on_submit():
        # A refusal is kept: the replay guard and the throttle state.
        if attempt(form, services.verify_second_factor, current_user, g.user_session, form.code.data,
                   client_ip(), keep_on_refusal=True):
            return redirect(session.pop("next", None) or url_for(HOME))
    return render_template("accounts/second_factor.html", form=form)


@bp.route("/login/recovery", methods=["GET", "POST"])
def recovery_code():
    """A recovery code instead of the authenticator's code, when the phone is lost."""
    if not current_user.totp_enabled or g.user_session.second_factor_at is not None:
        return redirect(url_for(HOME))
    form = RecoveryCodeForm()
    if form.validate_on_submit():
        # A refusal is kept: the throttle state.
        outcome = attempt(form, services.use_recovery_code, current_user, g.user_session, form.code.data,
                          client_ip(), keep_on_refusal=True)
        if outcome:
            flash(ngettext("You signed in with a recovery code; %(num)d code is left. Get new ones in your account.",
                           "You signed in with a recovery code; %(num)d codes are left. Get new ones in your "
                           "account.", outcome.value), "info")
            return redirect(session.pop("next", None) or url_for(HOME))
    return render_template("accounts/recovery_code.html", form=form)


@bp.post("/logout")
def logout():
    if EmptyForm().validate_on_submit():
        attempt(None, sessions.revoke, g.user_session)
        logout_user()
        session.clear()
        flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        attempt(form, services.request_password_reset, form.email.data, client_ip())
        flash(_("If an account with this e-mail exists, a link to set a new password has been sent."), "info")
        return redirect(url_for("auth.login"))
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    try:  # a used, expired or broken link says so at once, not after the form is filled in
        services.open_reset_link(token)
    except ServiceError as error:
        return render_template("accounts/link_invalid.html", message=error.message,
                               again=url_for("auth.forgot_password")), 404
    form = NewPasswordForm()
    if form.validate_on_submit() and attempt(form, services.reset_password, token, form.password.data):
        flash(_("The password has been changed. Sign in with the new password."), "info")
        return redirect(url_for("auth.login"))
    return render_template("accounts/reset_password.html", form=form)


@bp.post("/set-language")
def set_language():
    """The language choice of a person who is not signed in (kept in the cookie session)."""
    locale = request.form.get("locale")
    if locale in current_app.config["LANGUAGES"]:
        session["locale"] = locale
    return redirect(safe_next(request.form.get("next")) or url_for("auth.login"))
