"""A person's own account: password, language, second factor."""
from __future__ import annotations

from flask import flash, g, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts import account_bp as bp
from app.accounts import services, totp
from app.accounts.forms import ChangePasswordForm, CodeForm, LanguageForm
from app.core.forms import EmptyForm
from app.core.http import client_ip
from app.core.uow import attempt


def _profile(password_form, status: int = 200):
    return render_template("accounts/profile.html", password_form=password_form,
                           language_form=LanguageForm(locale=current_user.locale or "ru"),
                           disable_form=EmptyForm(),
                           totp_required=services.requires_second_factor(current_user)), status


@bp.get("/")
def profile():
    return _profile(ChangePasswordForm())


@bp.post("/password")
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit() and attempt(form, services.change_password, current_user, g.user_session,
                                             form.current_password.data, form.password.data, client_ip()):
        flash(_("The password has been changed; your other sessions have been ended."), "info")
        return redirect(url_for("account.profile"))
    return _profile(form, 400)


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
    if form.validate_on_submit() and attempt(form, services.enrol_second_factor, current_user, g.user_session,
                                             secret, form.code.data):
        session.pop("totp_enrolment_secret", None)
        flash(_("The second factor is on."), "info")
        return redirect(url_for("orgs.landing"))
    uri = totp.provisioning_uri(current_user, secret)
    return render_template("accounts/totp_setup.html", form=form, secret=secret,
                           qr=totp.qr_svg(uri, title=_("QR code of the key for the authenticator app")),
                           required=services.requires_second_factor(current_user))


@bp.post("/second-factor/off")
def totp_disable():
    if EmptyForm().validate_on_submit() and attempt(None, services.disable_second_factor, current_user):
        flash(_("The second factor is off."), "info")
    return redirect(url_for("account.profile"))
