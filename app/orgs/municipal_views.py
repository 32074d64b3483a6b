"""The municipal education department: its schools and partner organizations — create, edit, archive
and restore them, and invite the head of one that has none (the founder's rights: app/orgs/hierarchy.py)."""
from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.core.forms import EmptyForm
from app.core.http import parse_id
from app.core.roles import KIND_LABELS, ROLE_LABELS
from app.core.uow import attempt
from app.orgs import hierarchy
from app.orgs import municipal_bp as bp
from app.orgs import services as orgs
from app.orgs.forms import ConfirmForm, EditOrganizationForm, FirstAccountForm, OrganizationForm
from app.orgs.labels import PARTNER_KIND_LABELS
from app.orgs.services import FIRST_ACCOUNT_ROLES


def _founder_kinds():
    return hierarchy.founder_kinds(g.org.kind, g.membership.roles)


def _target_or_404(org_id: str):
    target = orgs.get_municipal_organization(parse_id(org_id))
    if target is None:
        abort(404)
    return target


def _to_list(org_slug: str, message=None):
    if message is not None:
        flash(message, "error")
    return redirect(url_for("municipal.organizations", org_slug=org_slug))


def _partner_kind_choices():
    return [("", "—")] + [(k.value, str(v)) for k, v in PARTNER_KIND_LABELS.items()]


@bp.get("/")
def organizations(org_slug: str):
    return render_template("orgs/organizations.html", pagination=orgs.municipality_organizations(),
                           founder_kinds=_founder_kinds(), action_form=EmptyForm())


@bp.route("/new", methods=["GET", "POST"])
def new_organization(org_slug: str):
    form = OrganizationForm()
    form.kind.choices = [(k.value, str(KIND_LABELS[k])) for k in _founder_kinds()]
    form.partner_kind.choices = _partner_kind_choices()
    if form.validate_on_submit():
        outcome = attempt(form, orgs.create_organization, form.kind.data, form.name.data, form.short_name.data,
                          form.slug.data, form.partner_kind.data or None)
        if outcome:
            flash(_("The organization has been created. Invite its head."), "info")
            return redirect(url_for("municipal.invite_first_account", org_slug=org_slug, org_id=outcome.value.id))
    return render_template("orgs/new_organization.html", form=form)


@bp.route("/<org_id>/edit", methods=["GET", "POST"])
def edit_organization(org_slug: str, org_id: str):
    target = _target_or_404(org_id)
    if target.kind not in _founder_kinds():
        return _to_list(org_slug, _("You may not manage organizations of this kind."))
    form = EditOrganizationForm(obj=target) if request.method == "GET" else EditOrganizationForm()
    if request.method == "GET" and target.partner_kind is not None:
        form.partner_kind.data = target.partner_kind.value
    form.partner_kind.choices = _partner_kind_choices()
    if form.validate_on_submit() and attempt(form, orgs.update_organization, target, form.name.data,
                                             form.short_name.data, form.partner_kind.data or None):
        flash(_("The organization has been saved."), "info")
        return _to_list(org_slug)
    return render_template("orgs/edit_organization.html", form=form, target=target, action_form=EmptyForm())


@bp.route("/<org_id>/archive", methods=["GET", "POST"])
def archive_organization(org_slug: str, org_id: str):
    target = _target_or_404(org_id)
    if target.kind not in _founder_kinds():
        return _to_list(org_slug, _("You may not manage organizations of this kind."))
    if not target.is_active:
        return _to_list(org_slug, _("The organization is already archived."))
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        if attempt(None, orgs.archive_organization, target):
            flash(_("The organization has been archived."), "info")
        return _to_list(org_slug)
    return render_template(
        "orgs/confirm.html", title=_("Archive the organization?"),
        question=_("Are you sure you want to archive %(org)s?", org=target.short_name),
        consequences=[_("Its members can no longer enter it, and it leaves their list of organizations."),
                      _("Nothing is deleted: its records stay, and it can be restored from this list.")],
        action=url_for("municipal.archive_organization", org_slug=org_slug, org_id=target.id),
        cancel=url_for("municipal.organizations", org_slug=org_slug), button=_("Archive"), hidden=[])


@bp.post("/<org_id>/restore")
def restore_organization(org_slug: str, org_id: str):
    target = _target_or_404(org_id)
    if EmptyForm().validate_on_submit() and attempt(None, orgs.restore_organization, target):
        flash(_("The organization has been restored."), "info")
    return _to_list(org_slug)


@bp.route("/<org_id>/invite", methods=["GET", "POST"])
def invite_first_account(org_slug: str, org_id: str):
    target = _target_or_404(org_id)
    if target.kind not in _founder_kinds():
        return _to_list(org_slug, _("You may not manage organizations of this kind."))
    if not orgs.needs_head(target):
        return _to_list(org_slug, _("The organization already has a head, or is archived."))
    form = FirstAccountForm()
    form.role.choices = [(r.value, str(ROLE_LABELS[r])) for r in FIRST_ACCOUNT_ROLES[target.kind]]
    if form.validate_on_submit() and attempt(form, orgs.invite_first_account, target, form.email.data,
                                             form.full_name.data, form.role.data):
        flash(_("The invitation has been created; the letter to %(email)s is on its way.",
                email=form.email.data), "info")
        return _to_list(org_slug)
    return render_template("orgs/invite_first_account.html", form=form, target=target)


