"""The municipal education department: its schools and partner organizations."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.core.http import parse_id
from app.core.pagination import page_arg
from app.core.roles import KIND_LABELS, ROLE_LABELS, OrgKind
from app.core.uow import attempt
from app.orgs import municipal_bp as bp
from app.orgs import services as orgs
from app.orgs.forms import FirstAccountForm, OrganizationForm
from app.orgs.labels import PARTNER_KIND_LABELS
from app.orgs.services import FIRST_ACCOUNT_ROLES


@bp.get("/")
def organizations(org_slug: str):
    return render_template("orgs/organizations.html", pagination=orgs.municipality_organizations(page_arg()))


@bp.route("/new", methods=["GET", "POST"])
def new_organization(org_slug: str):
    form = OrganizationForm()
    form.kind.choices = [(k.value, str(KIND_LABELS[k])) for k in (OrgKind.school, OrgKind.partner)]
    form.partner_kind.choices = [("", "—")] + [(k.value, str(v)) for k, v in PARTNER_KIND_LABELS.items()]
    if form.validate_on_submit():
        outcome = attempt(form, orgs.create_organization, form.kind.data, form.name.data, form.short_name.data,
                          form.slug.data, form.partner_kind.data or None)
        if outcome:
            flash(_("The organization has been created. Invite its first account."), "info")
            return redirect(url_for("municipal.invite_first_account", org_slug=org_slug, org_id=outcome.value.id))
    return render_template("orgs/new_organization.html", form=form)


@bp.route("/<org_id>/invite", methods=["GET", "POST"])
def invite_first_account(org_slug: str, org_id: str):
    target = orgs.get_municipal_organization(parse_id(org_id))
    if target is None:
        abort(404)
    form = FirstAccountForm()
    form.role.choices = [(r.value, str(ROLE_LABELS[r])) for r in FIRST_ACCOUNT_ROLES[target.kind]]
    if form.validate_on_submit() and attempt(form, orgs.invite_first_account, target, form.email.data,
                                             form.full_name.data, form.role.data):
        flash(_("The invitation has been created; the letter to %(email)s is on its way.",
                email=form.email.data), "info")
        return redirect(url_for("municipal.organizations", org_slug=org_slug))
    return render_template("orgs/invite_first_account.html", form=form, target=target)
