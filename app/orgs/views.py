"""An organization's pages: the home page by role, the staff list, invitations.

The pages offer only what the actor may do (app/orgs/hierarchy.py); the services check it again.
Destructive actions (deactivate, revoke an invitation, remove a role, grant the head role, which the
granter cannot take back) ask first: a GET (or a POST
without ``confirm``) shows what will happen and a button that posts ``confirm=yes``."""
from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.core.home import panels as home_panels
from app.core.access import OrgMember, registry
from app.core.confirm import confirm_page, refusal
from app.core.errors import ServiceError
from app.core.forms import EmptyForm
from app.core.http import parse_id
from app.core.roles import PRIVILEGED_ROLES, ROLE_LABELS, OrgKind, Role
from app.core.uow import attempt, show_error
from app.orgs import hierarchy, home_cards, invitations, staff
from app.orgs import requisites as school_requisites
from app.orgs import org_bp as bp
from app.orgs.forms import ConfirmForm, InviteForm, RequisitesForm, RolesForm


def _choices(roles) -> list[tuple[str, str]]:
    return [(r.value, str(ROLE_LABELS[r])) for r in roles]


def _member_or_404(membership_id: str):
    membership = staff.get_membership(parse_id(membership_id))
    if membership is None:
        abort(404)
    return membership


@bp.get("/")
def home(org_slug: str):
    return render_template("orgs/home.html", panels=home_panels(g.org, g.membership),
                           cards=home_cards.for_member(g.org, g.membership))


@bp.get("/staff", endpoint="staff")
def staff_list(org_slug: str):
    kind, actor_roles = g.org.kind, g.membership.roles
    open_invitations = invitations.open_invitations()
    revocable = {i.id for i in open_invitations if hierarchy.may_revoke(kind, actor_roles, i.roles)}
    return render_template("orgs/staff.html", pagination=staff.staff_page(),
                           invitations=open_invitations, revocable=revocable,
                           may_invite=bool(hierarchy.grantable(kind, actor_roles)))


@bp.route("/staff/invite", methods=["GET", "POST"])
def invite(org_slug: str):
    form = InviteForm()
    form.roles.choices = _choices(hierarchy.ordered(g.org.kind, hierarchy.grantable(g.org.kind, g.membership.roles)))
    if form.validate_on_submit() and attempt(form, invitations.invite, g.org, form.email.data,
                                             form.full_name.data, form.roles.data):
        flash(_("The invitation has been created; the letter to %(email)s is on its way.",
                email=form.email.data), "info")
        return redirect(url_for("org.staff", org_slug=org_slug))
    return render_template("orgs/invite.html", form=form)


def _offered(membership):
    """The role checkboxes offered for this person, and the roles shown as fixed."""
    own = membership.user_id == g.membership.user_id
    others = staff.other_active_heads(g.org, membership.user_id) if own else 0
    offered = hierarchy.offered(g.org.kind, g.membership.roles, membership.roles, own=own, other_heads=others)
    fixed = [r for r in hierarchy.ordered(g.org.kind, membership.roles) if r not in offered]
    return offered, fixed


def _member_page(membership, form=None, status: int = 200):
    offered, fixed = _offered(membership)
    if form is None:
        form = RolesForm(roles=[r.value for r in offered if r.value in membership.roles])
    form.roles.choices = _choices(offered)
    kind, actor_roles = g.org.kind, g.membership.roles
    own = membership.user_id == g.membership.user_id
    return render_template(
        "orgs/member.html", membership=membership, form=form, offered=offered, fixed_roles=fixed, own=own,
        may_deactivate=(not own and membership.is_active
                        and hierarchy.may_deactivate(kind, actor_roles, membership.roles)),
        may_reactivate=not membership.is_active and hierarchy.may_reactivate(kind, actor_roles, membership.roles),
        may_reset_second_factor=(membership.user.totp_enabled
                                 and hierarchy.may_reset_second_factor(g.membership, membership)),
        action_form=EmptyForm()), status


@bp.get("/staff/<membership_id>")
def member(org_slug: str, membership_id: str):
    # Opening a personal record is itself recorded (152-ФЗ ст. 19).
    outcome = attempt(None, staff.view_membership, parse_id(membership_id))
    if outcome.value is None:
        abort(404)
    return _member_page(outcome.value)


class _RolesAfter:
    """A membership as it would be with other roles: what the access registry would admit then."""

    def __init__(self, roles):
        self.role_set = frozenset(Role(r) for r in roles)

    def has_any(self, roles) -> bool:
        return bool(self.role_set & frozenset(roles))


def _lost_sections(after) -> list[str]:
    """The sections of the menu the acting person would no longer open with the roles ``after``."""
    now, then = g.membership, _RolesAfter(after)
    lost = []
    for item in current_app.extensions["nastavnik.nav"]:
        policy = registry().get(item.endpoint)
        if isinstance(policy, OrgMember) and policy.admits(g.org, now) and not policy.admits(g.org, then):
            lost.append(f"«{item.label}»")
    return lost


def _role_change_question(membership, after: list[str]):
    """The confirmation page's words for a change that asks first — a role taken away, or the head
    role granted (only its holder gives it up, or the founder) — else None. One's own change (the
    hand-over) is said to the person."""
    kind = g.org.kind
    before = set(membership.roles)
    removed = hierarchy.ordered(kind, before - set(after))
    added = hierarchy.ordered(kind, set(after) - before)
    head = hierarchy.head_role(kind)
    if not removed and head not in added:
        return None
    name, org = membership.user.full_name, g.org.short_name
    if membership.user_id == g.membership.user_id:
        lines = [_("You lose the role «%(role)s» in this organization at once.", role=ROLE_LABELS[r]) for r in removed]
        lines.append(_("Your roles here will be: %(roles)s.",
                       roles=", ".join(f"«{ROLE_LABELS[r]}»" for r in hierarchy.ordered(kind, after))))
        lost = _lost_sections(after)
        if lost:
            lines.append(_("The sections %(sections)s will no longer be open to you.", sections=", ".join(lost)))
        lines.append(_("You stay signed in; only the new head or the founder can give you the role again."))
        return (_("Give up your role?"), _("Are you sure you want to give up the role «%(role)s» in %(org)s?",
                                          role=ROLE_LABELS[head], org=org), lines, _("Give up the role"))
    lines = []
    if head in added:
        lines.append(_("%(name)s becomes «%(role)s» of %(org)s: they grant and remove every role here, the head "
                       "role included.", name=name, role=ROLE_LABELS[head], org=org))
        if kind == OrgKind.municipal:
            lines.append(_("Only they can give the role up, once another head is appointed: you cannot take it back."))
        else:
            lines.append(_("Only they can give the role up, once another head is appointed, or the education "
                           "department that founded the organization: you cannot take it back."))
        if head in PRIVILEGED_ROLES:
            lines.append(_("The role requires the second factor: they set it up at their next page."))
    lines += [_("%(name)s loses the role «%(role)s» in this organization at once.", name=name, role=ROLE_LABELS[r])
              for r in removed]
    if removed:
        lines.append(_("They stay signed in; what the remaining roles allow applies from their next page."))
        return (_("Remove a role?"), _("Are you sure you want to change the roles of %(name)s?", name=name), lines,
                _("Remove the role"))
    return (_("Appoint a head?"), _("Are you sure you want to make %(name)s «%(role)s» of %(org)s?", name=name,
                                    role=ROLE_LABELS[head], org=org), lines, _("Appoint"))


def _after_role_change(membership) -> str:
    """Back to the person's page, unless the acting person changed their own roles and may no longer
    open it (the hand-over): then the organization's home page."""
    if membership.user_id == g.membership.user_id and not registry()["org.member"].admits(g.org, membership):
        return url_for("org.home", org_slug=g.org.slug)
    return url_for("org.member", org_slug=g.org.slug, membership_id=membership.id)


@bp.post("/staff/<membership_id>/roles")
def member_roles(org_slug: str, membership_id: str):
    membership = _member_or_404(membership_id)
    offered, _fixed = _offered(membership)
    form = RolesForm()
    form.roles.choices = _choices(offered)
    if not form.validate_on_submit():
        return _member_page(membership, form, 400)
    offered_values = {r.value for r in offered}
    roles = sorted((set(membership.roles) - offered_values) | set(form.roles.data or []))
    if form.confirm.data != "yes":
        # Checked first, so a refused change is said at once rather than after the confirmation.
        try:
            after = staff.check_change_roles(g.org, membership, roles)
        except ServiceError as error:
            show_error(form, error)
            return _member_page(membership, form, 400)
        question = _role_change_question(membership, after)
        if question is not None:
            title, asked, consequences, button = question
            return confirm_page(
                title, asked, consequences, url_for("org.member_roles", org_slug=org_slug, membership_id=membership.id),
                url_for("org.member", org_slug=org_slug, membership_id=membership.id), button,
                hidden=[("roles", value) for value in (form.roles.data or [])])
    if attempt(form, staff.change_roles, g.org, membership, roles):
        flash(_("The roles have been changed."), "info")
        return redirect(_after_role_change(membership))
    return _member_page(membership, form, 400)


@bp.route("/staff/<membership_id>/deactivate", methods=["GET", "POST"])
def member_deactivate(org_slug: str, membership_id: str):
    membership = _member_or_404(membership_id)
    back = url_for("org.member", org_slug=org_slug, membership_id=membership.id)
    refused = refusal(staff.check_deactivate, membership)
    if refused is not None:
        flash(refused, "error")
        return redirect(back)
    if not membership.is_active:
        return redirect(back)
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        if attempt(None, staff.deactivate, membership):
            flash(_("The account has been deactivated in this organization."), "info")
        return redirect(back)
    name = membership.user.full_name
    return confirm_page(
        _("Deactivate?"), _("Are you sure you want to deactivate %(name)s in %(org)s?", name=name, org=g.org.short_name),
        [_("They lose access to this organization at once; if they are signed in, they stay signed in to "
           "their other organizations."),
         _("Their records stay; the account can be reactivated later.")],
        url_for("org.member_deactivate", org_slug=org_slug, membership_id=membership.id), back, _("Deactivate"))


@bp.route("/staff/<membership_id>/second-factor/reset", methods=["GET", "POST"])
def member_reset_second_factor(org_slug: str, membership_id: str):
    membership = _member_or_404(membership_id)
    back = url_for("org.member", org_slug=org_slug, membership_id=membership.id)
    refused = refusal(staff.check_reset_second_factor, membership)
    if refused is not None:
        flash(refused, "error")
        return redirect(back)
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        if attempt(None, staff.reset_second_factor, membership):
            flash(_("The second factor has been reset: %(name)s sets up a new one at the next sign-in.",
                    name=membership.user.full_name), "info")
        return redirect(back)
    return confirm_page(
        _("Reset the second factor?"),
        _("Are you sure you want to reset the second factor of %(name)s?", name=membership.user.full_name),
        [_("Do this only when you have made sure it is this person who lost their phone or codes."),
         _("Their authenticator and recovery codes stop working, and every session of theirs ends."),
         _("At the next sign-in they set up a new second factor."),
         _("The reset is recorded in the audit log.")],
        url_for("org.member_reset_second_factor", org_slug=org_slug, membership_id=membership.id), back,
        _("Reset the second factor"))


@bp.post("/staff/<membership_id>/reactivate")
def member_reactivate(org_slug: str, membership_id: str):
    membership = _member_or_404(membership_id)
    if EmptyForm().validate_on_submit() and attempt(None, staff.reactivate, membership):
        flash(_("The account is active again."), "info")
    return redirect(url_for("org.member", org_slug=org_slug, membership_id=membership.id))


@bp.route("/invitations/<invitation_id>/revoke", methods=["GET", "POST"])
def invitation_revoke(org_slug: str, invitation_id: str):
    invitation = invitations.get_invitation(parse_id(invitation_id))
    if invitation is None:
        abort(404)
    back = url_for("org.staff", org_slug=org_slug)
    refused = refusal(invitations.check_revoke, invitation)
    if refused is not None:
        flash(refused, "error")
        return redirect(back)
    if not invitation.is_open:
        return redirect(back)
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        if attempt(None, invitations.revoke_invitation, invitation):
            flash(_("The invitation has been revoked."), "info")
        return redirect(back)
    return confirm_page(
        _("Revoke the invitation?"),
        _("Are you sure you want to revoke the invitation of %(name)s (%(email)s)?",
          name=invitation.full_name, email=invitation.email),
        [_("The link in the letter stops working at once; to invite the person again, send a new invitation.")],
        url_for("org.invitation_revoke", org_slug=org_slug, invitation_id=invitation.id), back,
        _("Revoke"))


@bp.route("/requisites", methods=["GET", "POST"])
def requisites(org_slug: str):
    """The school's requisites, printed by its documents (director, school admin)."""
    form = RequisitesForm(obj=g.org) if request.method == "GET" else RequisitesForm()
    form.document_font.choices = [("", _("Times New Roman (default)"))] + [(f, f) for f in school_requisites.FONTS]
    form.document_font_size.choices = [("", _("14 (default)"))] + [(str(s), str(s))
                                                                     for s in school_requisites.FONT_SIZES]
    if request.method == "GET":
        form.document_font.data = g.org.document_font or ""
        form.document_font_size.data = str(g.org.document_font_size or "")
    if form.validate_on_submit():
        values = school_requisites.RequisitesValues(
            address=form.address.data, locality=form.locality.data, inn=form.inn.data, ogrn=form.ogrn.data,
            phone=form.phone.data, email=form.email.data, document_font=form.document_font.data or None,
            document_font_size=int(form.document_font_size.data) if form.document_font_size.data else None)
        if attempt(form, school_requisites.update_requisites, g.org, values):
            flash(_("The requisites have been saved."), "info")
            return redirect(url_for("org.requisites", org_slug=org_slug))
    return render_template("orgs/requisites.html", form=form)
