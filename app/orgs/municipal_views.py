"""The municipal education department: its schools and partner organizations — create, edit, archive
and restore them, invite the head of one that has none (and revoke that invitation), and keep their
heads: the names, the head role taken away, a lost second factor reset (the founder's rights:
app/orgs/hierarchy.py, app/orgs/heads.py)."""
from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.core.confirm import confirm_page, refusal
from app.core.forms import EmptyForm
from app.core.http import parse_id
from app.core.roles import KIND_LABELS, ROLE_LABELS
from app.core.uow import attempt
from app.orgs import heads, hierarchy
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
    return confirm_page(
        _("Archive the organization?"), _("Are you sure you want to archive %(org)s?", org=target.short_name),
        [_("Its members can no longer enter it, and it leaves their list of organizations."),
         _("Nothing is deleted: its records stay, and it can be restored from this list.")],
        url_for("municipal.archive_organization", org_slug=org_slug, org_id=target.id),
        url_for("municipal.organizations", org_slug=org_slug), _("Archive"))


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
    pending = orgs.open_head_invitation(target)
    if pending is not None:
        return _to_list(org_slug, orgs.head_already_invited(pending).message)
    form = FirstAccountForm()
    form.role.choices = [(r.value, str(ROLE_LABELS[r])) for r in FIRST_ACCOUNT_ROLES[target.kind]]
    if form.validate_on_submit() and attempt(form, orgs.invite_first_account, target, form.email.data,
                                             form.full_name.data, form.role.data):
        flash(_("The invitation has been created; the letter to %(email)s is on its way.",
                email=form.email.data), "info")
        return _to_list(org_slug)
    return render_template("orgs/invite_first_account.html", form=form, target=target)




@bp.route("/<org_id>/head-invitation/<invitation_id>/revoke", methods=["GET", "POST"])
def revoke_head_invitation(org_slug: str, org_id: str, invitation_id: str):
    target = _target_or_404(org_id)
    invitation = orgs.get_head_invitation(target, parse_id(invitation_id))
    if invitation is None:
        abort(404)
    refused = refusal(orgs.check_revoke_head_invitation, target)
    if refused is not None:
        return _to_list(org_slug, refused)
    if not invitation.is_open:
        return _to_list(org_slug)
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        if attempt(None, orgs.revoke_head_invitation, target, invitation):
            flash(_("The invitation has been revoked."), "info")
        return _to_list(org_slug)
    return confirm_page(
        _("Revoke the invitation?"),
        _("Are you sure you want to revoke the invitation of %(name)s (%(email)s) to head %(org)s?",
          name=invitation.full_name, email=invitation.email, org=target.short_name),
        [_("The link in the letter stops working at once."),
         _("Then you may invite the head again, at this or another address.")],
        url_for("municipal.revoke_head_invitation", org_slug=org_slug, org_id=target.id, invitation_id=invitation.id),
        url_for("municipal.organizations", org_slug=org_slug), _("Revoke"))


def _heads_target(org_slug: str, org_id: str):
    target = _target_or_404(org_id)
    if target.kind not in _founder_kinds():
        return target, _to_list(org_slug, _("You may not manage organizations of this kind."))
    return target, None


@bp.get("/<org_id>/head", endpoint="heads")
def head_page(org_slug: str, org_id: str):
    """The founder's page of an organization's head(s): their names only (never the rest of the
    staff), the head role taken away, a lost second factor reset."""
    target, refused = _heads_target(org_slug, org_id)
    if refused is not None:
        return refused
    head = hierarchy.head_role(target.kind)
    return render_template("orgs/heads.html", target=target, heads=heads.heads_of(target), head_label=ROLE_LABELS[head],
                           base_label=ROLE_LABELS[hierarchy.BASE[target.kind]])


def _head_or_404(target, membership_id: str):
    found = heads.head(target, parse_id(membership_id))
    if found is None:
        abort(404)
    return found


@bp.route("/<org_id>/head/<membership_id>/remove", methods=["GET", "POST"])
def remove_head(org_slug: str, org_id: str, membership_id: str):
    target, refused = _heads_target(org_slug, org_id)
    if refused is not None:
        return refused
    head = _head_or_404(target, membership_id)
    back = url_for("municipal.heads", org_slug=org_slug, org_id=target.id)
    refused = refusal(heads.check_remove_head, target, head.membership_id)
    if refused is not None:
        flash(refused, "error")
        return redirect(back)
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        if attempt(None, heads.remove_head, target, head.membership_id):
            flash(_("%(name)s is no longer «%(role)s» of %(org)s.", name=head.full_name,
                    role=ROLE_LABELS[hierarchy.head_role(target.kind)], org=target.short_name), "info")
        return redirect(back)
    role = ROLE_LABELS[hierarchy.head_role(target.kind)]
    return confirm_page(
        _("Remove the head role?"),
        _("Are you sure you want to take the role «%(role)s» of %(org)s from %(name)s?", role=role,
          org=target.short_name, name=head.full_name),
        [_("They lose the role at once; they keep their other roles in the organization (or become «%(base)s»), "
           "and stay signed in.", base=ROLE_LABELS[hierarchy.BASE[target.kind]]),
         _("The organization keeps its other heads; the last one's role cannot be taken away."),
         _("The change is recorded in the audit log of the organization and of the department.")],
        url_for("municipal.remove_head", org_slug=org_slug, org_id=target.id, membership_id=head.membership_id),
        back, _("Remove the head role"))


@bp.route("/<org_id>/head/<membership_id>/second-factor/reset", methods=["GET", "POST"])
def reset_head_second_factor(org_slug: str, org_id: str, membership_id: str):
    target, refused = _heads_target(org_slug, org_id)
    if refused is not None:
        return refused
    head = _head_or_404(target, membership_id)
    back = url_for("municipal.heads", org_slug=org_slug, org_id=target.id)
    refused = refusal(heads.check_reset_head_second_factor, target, head.membership_id)
    if refused is not None:
        flash(refused, "error")
        return redirect(back)
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        if attempt(None, heads.reset_head_second_factor, target, head.membership_id):
            flash(_("The second factor has been reset: %(name)s sets up a new one at the next sign-in.",
                    name=head.full_name), "info")
        return redirect(back)
    return confirm_page(
        _("Reset the second factor?"),
        _("Are you sure you want to reset the second factor of %(name)s?", name=head.full_name),
        [_("Do this only when you have made sure it is this person who lost their phone or codes."),
         _("Their authenticator and recovery codes stop working, and every session of theirs ends."),
         _("At the next sign-in they set up a new second factor."),
         _("The reset is recorded in the audit log.")],
        url_for("municipal.reset_head_second_factor", org_slug=org_slug, org_id=target.id,
                membership_id=head.membership_id),
        back, _("Reset the second factor"))
