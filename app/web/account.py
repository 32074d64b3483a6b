"""A person's own account: where to go after sign-in, password, language, second factor."""
from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import db
from app.services import ServiceError, accounts, totp
from app.web.forms import ChangePasswordForm, CodeForm, EmptyForm, LanguageForm
from app.web.helpers import show_error

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.get("/home")
def home():
    """Land in the organization used last, else the first one; the platform admin lands on the platform."""
    memberships = accounts.memberships_of(current_user)
    if memberships:
        last = g.user_session.current_org_id
        chosen = next((m for m in memberships if m.org_id == last), memberships[0])
        return redirect(url_for("org.home", org_slug=chosen.organization.slug))
    if current_user.is_platform_admin:
        return redirect(url_for("platform.index"))
    return render_template("account/no_organization.html")


@bp.get("/")
def profile():
    return render_template("account/profile.html", password_form=ChangePasswordForm(),
                           language_form=LanguageForm(locale=current_user.locale or "ru"),
                           disable_form=EmptyForm(),
                           totp_required=accounts.requires_second_factor(current_user))


@bp.post("/password")
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(current_user, g.user_session, form.current_password.data, form.password.data)
        except ServiceError as error:
            db.session.rollback()
            show_error(form, error)
        else:
            db.session.commit()
            flash(_("The password has been changed; your other sessions have been ended."), "info")
            return redirect(url_for("account.profile"))
    return render_template("account/profile.html", password_form=form,
                           language_form=LanguageForm(locale=current_user.locale or "ru"),
                           disable_form=EmptyForm(),
                           totp_required=accounts.requires_second_factor(current_user)), 400


@bp.post("/language")
def change_language():
    form = LanguageForm()
    if form.validate_on_submit():
        accounts.set_locale(current_user, form.locale.data)
        session.pop("locale", None)
        db.session.commit()
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
        try:
            accounts.enrol_second_factor(current_user, g.user_session, secret, form.code.data)
        except ServiceError as error:
            db.session.rollback()
            show_error(form, error)
        else:
            db.session.commit()
            session.pop("totp_enrolment_secret", None)
            flash(_("The second factor is on."), "info")
            return redirect(url_for("account.home"))
    uri = totp.provisioning_uri(current_user, secret)
    return render_template("account/totp_setup.html", form=form, secret=secret, qr=totp.qr_svg(uri),
                           required=accounts.requires_second_factor(current_user))


@bp.post("/second-factor/off")
def totp_disable():
    form = EmptyForm()
    if form.validate_on_submit():
        try:
            accounts.disable_second_factor(current_user)
        except ServiceError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("The second factor is off."), "info")
    return redirect(url_for("account.profile"))
