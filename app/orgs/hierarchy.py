"""Who may grant, remove and deactivate what (DESIGN.md §1 «Who may grant what»).

The rules live here, in one small module of plain functions; the services apply them (invite,
change_roles, deactivate, reactivate, revoke an invitation, the municipal head path) against the
actor's membership read from the database, and the pages ask the same functions so that they offer
only the choices the actor may make.

Inside an organization:

- its **head** (school: director; partner: partner coordinator; municipal department: municipal
  officer) grants every role of the organization, the head role included (the hand-over);
- the school admin and the curator invite teachers and keep the staff list: they grant the teacher
  role only; nobody grants a role above their own; the methodist, the teacher, the network
  coordinator and the external mentor grant nothing;
- a role is removed from someone else only by a person who may grant it, except the head role:
  inside the organization only its holder drops it (the hand-over), and only while another active
  head remains; from outside only the founder (below) may appoint a head;
- nobody changes their own roles, except the head handing over: drop the head role, taking the
  organization's base role (teacher, external mentor, network coordinator) if nothing else is left
  (kept automatically: ``without_head``);
- deactivating a person needs the right to remove every role they hold (so nobody deactivates the
  head, nor anyone holding a role above their own); reactivating a person, or revoking an
  invitation, needs the right to grant every role it carries;
- an organization that has a head always keeps at least one active head (the services check it with
  the rows locked; a trigger of migration 0003 refuses the last one's removal in the database).

From outside, the **founder** (DESIGN.md §1: "the founder appoints the head"): the municipal officer
creates, edits and archives the municipality's schools, invites a school's director while it has
none (one open head invitation at a time, which it may revoke), and removes the head role or resets a
head's lost second factor (app/orgs/heads.py; never the last active head); the municipal officer and
the network coordinator do the same for partner organizations (the coordinator registers and verifies
partners, DESIGN.md §5). The platform admin invites the education
department's first municipal officer. An invitation never makes a municipal account a member of a
school or partner (app/orgs/invitations.py ``accept_invitation``).
"""
from __future__ import annotations

from typing import Iterable

from flask_babel import lazy_gettext as _l

from app.core.errors import ServiceError
from app.core.roles import ROLE_LABELS, ROLES_BY_KIND, OrgKind, Role

HEAD: dict[OrgKind, Role] = {
    OrgKind.school: Role.director,
    OrgKind.partner: Role.partner_coordinator,
    OrgKind.municipal: Role.municipal_officer,
}

# What a head who hands over keeps when the head role was all they held.
BASE: dict[OrgKind, Role] = {
    OrgKind.school: Role.teacher,
    OrgKind.partner: Role.external_mentor,
    OrgKind.municipal: Role.network_coordinator,
}

# Inside an organization: the roles a member may grant (by the member's own role).
_GRANTS: dict[OrgKind, dict[Role, frozenset[Role]]] = {
    OrgKind.school: {
        Role.director: frozenset(ROLES_BY_KIND[OrgKind.school]),
        Role.curator: frozenset({Role.teacher}),
        Role.school_admin: frozenset({Role.teacher}),
    },
    OrgKind.partner: {Role.partner_coordinator: frozenset(ROLES_BY_KIND[OrgKind.partner])},
    OrgKind.municipal: {Role.municipal_officer: frozenset(ROLES_BY_KIND[OrgKind.municipal])},
}

# From outside: the municipal roles that found organizations of a kind (create, edit, archive,
# restore them, and appoint their head).
FOUNDERS: dict[OrgKind, frozenset[Role]] = {
    OrgKind.school: frozenset({Role.municipal_officer}),
    OrgKind.partner: frozenset({Role.municipal_officer, Role.network_coordinator}),
}

# Rank of a role in its organization (0 is the highest): the head, the roles only the head grants,
# the rest. "The highest role a person holds" is the one of the smallest rank.
_RANK: dict[Role, int] = {
    Role.director: 0, Role.curator: 1, Role.methodist: 1, Role.school_admin: 1, Role.teacher: 2,
    Role.partner_coordinator: 0, Role.external_mentor: 1,
    Role.municipal_officer: 0, Role.network_coordinator: 1,
}


def _roles(values: Iterable) -> frozenset[Role]:
    return frozenset(Role(v) for v in values)


def _label(role: Role) -> str:
    return str(ROLE_LABELS[role])


def head_role(kind: OrgKind) -> Role:
    return HEAD[kind]


def ordered(kind: OrgKind, roles: Iterable) -> list[Role]:
    """Roles in the order of the organization's kind (the order of the pages)."""
    chosen = _roles(roles)
    return [r for r in ROLES_BY_KIND[kind] if r in chosen]


def valid_roles(kind: OrgKind, roles: Iterable[str]) -> list[str]:
    """The chosen roles, sorted, if each exists in this kind of organization and there is one."""
    chosen = sorted(set(roles))
    if not chosen:
        raise ServiceError(_l("Choose at least one role."), field="roles")
    if not set(chosen) <= {r.value for r in ROLES_BY_KIND[kind]}:
        raise ServiceError(_l("This role does not exist in this kind of organization."), field="roles")
    return chosen


def grantable(kind: OrgKind, actor_roles: Iterable) -> frozenset[Role]:
    """The roles the actor may grant to others in their organization (and in an invitation)."""
    table = _GRANTS.get(kind, {})
    found: set[Role] = set()
    for role in _roles(actor_roles):
        found |= table.get(role, frozenset())
    return frozenset(found)


def removable(kind: OrgKind, actor_roles: Iterable) -> frozenset[Role]:
    """The roles the actor may take from someone else: what they grant, but never the head role."""
    return grantable(kind, actor_roles) - {HEAD[kind]}


def may_invite(kind: OrgKind, actor_roles: Iterable, roles: Iterable) -> bool:
    return bool(_roles(roles)) and _roles(roles) <= grantable(kind, actor_roles)


def may_deactivate(kind: OrgKind, actor_roles: Iterable, target_roles: Iterable) -> bool:
    return _roles(target_roles) <= removable(kind, actor_roles)


def may_reactivate(kind: OrgKind, actor_roles: Iterable, target_roles: Iterable) -> bool:
    return _roles(target_roles) <= grantable(kind, actor_roles)


def may_revoke(kind: OrgKind, actor_roles: Iterable, invitation_roles: Iterable) -> bool:
    return _roles(invitation_roles) <= grantable(kind, actor_roles)


def may_hand_over(kind: OrgKind, own_roles: Iterable, other_heads: int) -> bool:
    """May a head drop their own head role now? Only while another active head remains."""
    return HEAD[kind] in _roles(own_roles) and other_heads > 0


def offered(kind: OrgKind, actor_roles: Iterable, target_roles: Iterable, *, own: bool,
            other_heads: int) -> list[Role]:
    """The role checkboxes a page offers the actor for this person, in the kind's order; the other
    roles the person holds are shown as fixed and kept as they are."""
    held = _roles(target_roles)
    if own:
        if not may_hand_over(kind, held, other_heads):
            return []
        choices = {HEAD[kind]} | ({BASE[kind]} if BASE[kind] not in held else set())
    else:
        choices = ({r for r in held if r in removable(kind, actor_roles)}
                   | {r for r in ROLES_BY_KIND[kind] if r not in held and r in grantable(kind, actor_roles)})
    return ordered(kind, choices)


def check_role_change(kind: OrgKind, actor_roles: Iterable, before: Iterable, after: Iterable, *,
                      own: bool, other_heads: int) -> None:
    """Refuse a change of roles the actor may not make (raises ServiceError, a Russian message)."""
    before, after = _roles(before), _roles(after)
    added, removed = after - before, before - after
    head = HEAD[kind]
    if own:
        hand_over = removed == {head} and added <= {BASE[kind]}
        if (added or removed) and not hand_over:
            raise ServiceError(_l("You cannot change your own roles; only the head of the organization may hand "
                                  "over their role, once another head is appointed."), field="roles")
    else:
        for role in ordered(kind, added):
            if role not in grantable(kind, actor_roles):
                raise ServiceError(_l("You may not grant the role «%(role)s».", role=_label(role)), field="roles")
        for role in ordered(kind, removed):
            if role not in removable(kind, actor_roles):
                raise ServiceError(_l("You may not remove the role «%(role)s».", role=_label(role)), field="roles")
    if head in removed and other_heads < 1:
        raise ServiceError(head_must_remain(kind), field="roles")


def without_head(kind: OrgKind, roles: Iterable) -> list[str]:
    """The roles a head keeps when the head role is dropped (their hand-over, or the founder removing
    it): the others they hold, or the organization's base role if nothing else is left."""
    kept = _roles(roles) - {HEAD[kind]}
    return sorted(r.value for r in (kept or {BASE[kind]}))


def head_must_remain(kind: OrgKind):
    return _l("The organization always keeps at least one active «%(role)s»: appoint another one first.",
              role=_label(HEAD[kind]))


def founder_kinds(actor_org_kind: OrgKind, actor_roles: Iterable) -> list[OrgKind]:
    """The kinds of organization a member of a municipal department founds (creates, edits, archives,
    restores, appoints the head of)."""
    if actor_org_kind != OrgKind.municipal:
        return []
    held = _roles(actor_roles)
    return [kind for kind in (OrgKind.school, OrgKind.partner) if held & FOUNDERS[kind]]


def may_found(actor_org_kind: OrgKind, actor_roles: Iterable, kind: OrgKind) -> bool:
    return kind in founder_kinds(actor_org_kind, actor_roles)


def highest_role(kind: OrgKind, roles: Iterable) -> Role | None:
    held = [r for r in _roles(roles) if r in ROLES_BY_KIND[kind]]
    return min(held, key=lambda r: (_RANK[r], ROLES_BY_KIND[kind].index(r))) if held else None


def may_reset_second_factor(actor, target) -> bool:
    """For accounts' reset of a lost second factor (DESIGN.md §1): may ``actor`` reset it for
    ``target``? Both are memberships (with ``organization``, ``roles``, ``user_id``, ``is_active``).

    Yes when the actor may grant the highest role the person holds in the target's organization:
    inside it, a member whose grants cover that role (a director for a curator or another director,
    a school admin or curator for a teacher); from outside, the founder of the organization's kind in
    the same municipality when that role is the head role (the municipal officer for a director).
    Never for oneself, never by or for an inactive membership.

    The second factor belongs to the person, not to one organization: the caller should also refuse
    when the person holds a privileged role elsewhere that the actor could not grant (not visible
    from the actor's scope; see the report of issue 5)."""
    if actor is None or target is None or not actor.is_active or not target.is_active:
        return False
    if actor.user_id == target.user_id:
        return False
    kind = target.organization.kind
    highest = highest_role(kind, target.roles)
    if highest is None:
        return False
    if actor.org_id == target.org_id:
        return highest in grantable(kind, actor.roles)
    same_municipality = actor.organization.municipality_id == target.organization.municipality_id
    return (same_municipality and highest == HEAD[kind]
            and may_found(actor.organization.kind, actor.roles, kind))
