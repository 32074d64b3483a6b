"""A person's own account: password, e-mail, language, second factor."""
from __future__ import annotations

from flask import flash, g, redirect, render_template, request, session, url_for
from flask_babel import get_locale, gettext as _, ngettext
from flask_login import current_user

from app.accounts import account_bp as bp
from app.accounts import devices, recovery, services, sessions, totp
from app.accounts.forms import (ChangeEmailForm, ChangePasswordForm, CodeForm, LanguageForm, RecoveryCodesForm,
                                TurnOffSecondFactorForm)
from app.core.errors import ServiceError
from app.core.forms import EmptyForm
from app.core.http import client_ip
from app.core.uow import attempt


def _profile(status: int = 200, **forms):
    """The profile page; a form that failed is passed in to show its errors, the others are fresh."""
    forms = {"password_form": ChangePasswordForm(), "email_form": ChangeEmailForm(),
             "disable_form": TurnOffSecondFactorForm(), "codes_form": RecoveryCodesForm(), **forms}
    codes_left = recovery.remaining(current_user) if current_user.totp_enabled else 0
    # The language shown: the one chosen at sign-in for this session, else the saved one.
    return render_template("accounts/profile.html", language_form=LanguageForm(locale=str(get_locale())),
                           totp_required=services.requires_second_factor(current_user), codes_left=codes_left,
                           **forms), status


def _recovery_codes(codes: list[str]):
    """The recovery codes, shown this once (never stored in clear, never in the cookie)."""
    return render_template("accounts/recovery_codes.html", codes=codes,
                           next_url=session.pop("next", None) or url_for("orgs.landing"))


@bp.get("/")
def profile():
    return _profile()


@bp.post("/password")
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit() and attempt(form, services.change_password, current_user, g.user_session,
                                             form.current_password.data, form.password.data, client_ip()):
        flash(_("The password has been changed; your other sessions have been ended."), "info")
        return redirect(url_for("account.profile"))
    return _profile(400, password_form=form)


@bp.post("/email")
def change_email():
    form = ChangeEmailForm()
    if form.validate_on_submit():
        outcome = attempt(form, services.request_email_change, current_user, form.new_email.data,
                          form.email_password.data, client_ip())
        if outcome:
            flash(_("A link has been sent to %(email)s: your address changes when you open it. Until then "
                    "the old one stays.", email=outcome.value), "info")
            return redirect(url_for("account.profile"))
    return _profile(400, email_form=form)


@bp.route("/email/confirm/<token>", methods=["GET", "POST"])
def confirm_email(token: str):
    """The link sent to the new address (it may be opened on another device: no sign-in needed)."""
    try:
        user, new_email = services.open_email_change(token)
    except ServiceError as error:
        return render_template("accounts/link_invalid.html", message=error.message), 404
    form = EmptyForm()
    if form.validate_on_submit() and attempt(None, services.confirm_email_change, token):
        flash(_("Your e-mail address has been changed to %(email)s.", email=new_email), "info")
        return redirect(url_for("account.profile") if current_user.is_authenticated else url_for("auth.login"))
    return render_template("accounts/confirm_email.html", form=form, new_email=new_email, full_name=user.full_name)


@bp.post("/language")
def change_language():
    form = LanguageForm()
    if form.validate_on_submit():
        attempt(form, services.set_locale, current_user, form.locale.data)
        session.pop("locale", None)
    return redirect(url_for("account.profile"))


@bp.route("/second-factor", methods=["GET", "POST"])
def totp_setup():
    """Enrolment with a QR code; for privileged roles this page is where the first sign-in leads."""
    if current_user.totp_enabled:
        return redirect(url_for("account.profile"))
    secret = session.get("totp_enrolment_secret")
    if not secret:
        secret = session["totp_enrolment_secret"] = totp.new_secret()
    form = CodeForm()
    if form.validate_on_submit():
        outcome = attempt(form, services.enrol_second_factor, current_user, g.user_session, secret, form.code.data)
        if outcome:
            session.pop("totp_enrolment_secret", None)
            flash(_("The second factor is on."), "info")
            return _recovery_codes(outcome.value)
    uri = totp.provisioning_uri(current_user, secret)
    return render_template("accounts/totp_setup.html", form=form, secret_groups=totp.grouped(secret),
                           qr=totp.qr_svg(uri, title=_("QR code of the key for the authenticator app")),
                           required=services.requires_second_factor(current_user))


@bp.post("/second-factor/off")
def totp_disable():
    form = TurnOffSecondFactorForm()
    if form.validate_on_submit() and attempt(form, services.disable_second_factor, current_user,
                                             form.confirmation.data, client_ip()):
        flash(_("The second factor is off."), "info")
        return redirect(url_for("account.profile"))
    return _profile(400, disable_form=form)


@bp.get("/sessions")
def my_sessions():
    """The person's live sessions: device, address, start, last activity; end one or all others."""
    return render_template("accounts/sessions.html", sessions=sessions.active_of(current_user),
                           current_id=g.user_session.id, describe=devices.describe, form=EmptyForm())


@bp.post("/sessions/end")
def end_session():
    if EmptyForm().validate_on_submit() and attempt(None, services.end_session, current_user,
                                                    request.form.get("session", "")):
        flash(_("The session has been ended: that device is signed out."), "info")
    return redirect(url_for("account.my_sessions"))


@bp.post("/sessions/end-others")
def end_other_sessions():
    if EmptyForm().validate_on_submit():
        outcome = attempt(None, services.end_other_sessions, current_user, g.user_session)
        if outcome:
            flash(ngettext("%(num)d other session has been ended.", "%(num)d other sessions have been ended.",
                           outcome.value), "info")
    return redirect(url_for("account.my_sessions"))


@bp.post("/recovery-codes")
def recovery_codes():
    form = RecoveryCodesForm()
    if form.validate_on_submit():
        outcome = attempt(form, services.regenerate_recovery_codes, current_user, form.codes_password.data,
                          client_ip())
        if outcome:
            return _recovery_codes(outcome.value)
    return _profile(400, codes_form=form)
