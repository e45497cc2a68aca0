"""The one access policy: who may do what in a council.

A capability is something a user does in one council (review a dossier, run a
session, vote, decide, register a decision, print, administer the council…).
``POLICY`` says which council roles hold it; nothing else in the project lists
roles for a permission.  Services ask ``require`` (a ``PermissionError`` that a
view turns into a 403), views ask ``can``, templates read the ``may`` flags of
``capabilities_anywhere``, selectors narrow their querysets with ``council_q`` over their
own field paths, and the flows' task permissions call ``can`` too.

Unit staff act for their units, not for a council: ``unit_ids`` and ``unit_q``.
The object-level rules (a unit sees only its own dossiers, a member votes only
in a session of its council) are written in the selectors with these helpers.

This module reads only the council tree's own models: it imports nothing of the
apps above ``councils``.

The council admin (``CouncilRole.ADMIN``) is the council's office administrator:
it reads what the secretariat reads, keeps the office's paperwork (unit
accounts, decisions' registration, text and scans, printed documents and their
settings, proposals to the higher council, revoking a decision, failed notices)
and administers the council's setup; it does not review dossiers, run a
session, vote or decide — those stay with the secretariat, the members and the
chairman, so that the one who configures the council is not also the one who
judges its dossiers.  The README's roles table says the same.
"""

from __future__ import annotations

import enum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from councils.models import Council, CouncilRole, Unit
from councils.selectors import roles_for


class Capability(enum.StrEnum):
    READ_DOSSIERS = "read_dossiers"  # a council's dossiers once submitted
    READ_ACCEPTED = "read_accepted"  # a council's accepted dossiers (what members vote on)
    REVIEW = "review"  # open a dossier, accept it or return it
    READ_SESSIONS = "read_sessions"  # a council's sessions and, after the close, their results
    RUN_SESSION = "run_session"  # agenda, attendance, open and close the vote, paper ballots
    VOTE = "vote"
    DECIDE = "decide"  # the chairman's decision on a closed session, or sending it back
    READ_DECISIONS = "read_decisions"  # decisions, their documents and the printed papers
    MANAGE_DECISIONS = "manage_decisions"  # register, edit the text, attach the scan, print, registry, year-end
    REVOKE = "revoke"
    PROPOSE = "propose"  # the proposal to the higher council and its results
    MANAGE_ACCOUNTS = "manage_accounts"  # unit accounts and their passwords
    MANAGE_DELIVERIES = "manage_deliveries"  # failed notices, sent again
    ADMINISTER = "administer"  # the council's own setup
    MANAGE_ROUNDS = "manage_rounds"  # rounds: create, copy, open, extend, close, quotas per unit
    READ_SECURITY_EVENTS = "read_security_events"  # the council's security event log (logins, roles, votes…)


S, M, C, A = CouncilRole.SECRETARIAT, CouncilRole.MEMBER, CouncilRole.CHAIRMAN, CouncilRole.ADMIN

POLICY: dict[Capability, frozenset[str]] = {
    Capability.READ_DOSSIERS: frozenset({S, C, A}),
    Capability.READ_ACCEPTED: frozenset({S, C, A, M}),
    Capability.REVIEW: frozenset({S}),
    Capability.READ_SESSIONS: frozenset({S, C, A, M}),
    Capability.RUN_SESSION: frozenset({S}),
    Capability.VOTE: frozenset({M, C}),
    Capability.DECIDE: frozenset({C}),
    Capability.READ_DECISIONS: frozenset({S, C, A, M}),
    Capability.MANAGE_DECISIONS: frozenset({S, C, A}),
    Capability.REVOKE: frozenset({C, A}),
    Capability.PROPOSE: frozenset({S, A}),
    Capability.MANAGE_ACCOUNTS: frozenset({S, A}),
    Capability.MANAGE_DELIVERIES: frozenset({S, A}),
    Capability.ADMINISTER: frozenset({A}),
    Capability.MANAGE_ROUNDS: frozenset({S, A}),
    Capability.READ_SECURITY_EVENTS: frozenset({A}),
}

# What the people of a council that has stopped (``Council.is_active`` unset) still do there:
# read its archive.  Everything else is refused to them (a parent's admin keeps ADMINISTER).
READ_CAPABILITIES: frozenset[Capability] = frozenset(
    {Capability.READ_DOSSIERS, Capability.READ_ACCEPTED, Capability.READ_SESSIONS, Capability.READ_DECISIONS}
)

# What a role in a parent council also gives over every council below it: a province's admin sets
# up its communes (creates them, sees and edits their setup).  Only downwards: a council's admin
# never holds it over a sibling or a parent.
INHERITED_DOWNWARDS: frozenset[Capability] = frozenset({Capability.ADMINISTER})

# The roles whose holders vote in a council's sessions (the members and the chairman).
VOTING_ROLES: tuple[str, ...] = tuple(sorted(POLICY[Capability.VOTE]))


def _default_refusal(capability: Capability) -> str:
    messages = {
        Capability.REVIEW: _("Chỉ thường trực hội đồng mới thẩm định hồ sơ."),
        Capability.RUN_SESSION: _("Chỉ thường trực hội đồng mới làm việc này."),
        Capability.VOTE: _("Chỉ thành viên hội đồng mới bỏ phiếu."),
        Capability.DECIDE: _("Chỉ chủ tịch hội đồng mới quyết định khen thưởng."),
        Capability.REVOKE: _("Chỉ chủ tịch hoặc quản trị của hội đồng mới thu hồi quyết định."),
        Capability.PROPOSE: _("Chỉ thường trực hội đồng mới lập tờ trình."),
        Capability.MANAGE_ACCOUNTS: _("Chỉ thường trực hoặc quản trị của hội đồng mới quản lý tài khoản đơn vị."),
        Capability.MANAGE_DELIVERIES: _("Chỉ thường trực hoặc quản trị hội đồng xem được thông báo gửi lỗi."),
        Capability.ADMINISTER: _("Chỉ quản trị của hội đồng mới thiết lập hội đồng."),
        Capability.MANAGE_ROUNDS: _("Chỉ thường trực hoặc quản trị của hội đồng mới quản lý đợt xét."),
    }
    return messages.get(capability, _("Bạn không có quyền làm việc này ở hội đồng này."))


def can(actor: Any, capability: Capability, council_id: int | None) -> bool:
    """Whether ``actor`` holds ``capability`` in the council ``council_id``."""
    if council_id is None:
        return False
    roles = roles_for(actor)
    if roles.has(council_id, *POLICY[capability]) and (
        council_id not in roles.archived or capability in READ_CAPABILITIES
    ):
        return True
    if capability in INHERITED_DOWNWARDS and roles.council_roles:
        return any(roles.has(ancestor, *POLICY[capability]) for ancestor in council_ancestors(council_id))
    return False


def council_ancestors(council_id: int) -> list[int]:
    """The councils above ``council_id``, its parent first (one query per level; a tree is shallow)."""
    ancestors: list[int] = []
    parent_id = Council.objects.filter(pk=council_id).values_list("parent_id", flat=True).first()
    while parent_id is not None and parent_id not in ancestors and parent_id != council_id:
        ancestors.append(parent_id)
        parent_id = Council.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
    return ancestors


def council_descendants(council_ids: set[int]) -> set[int]:
    """The councils below any of ``council_ids`` (one query per level), the given ones excluded."""
    found: set[int] = set()
    frontier = set(council_ids)
    while frontier:
        children = set(Council.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        frontier = children - found - council_ids
        found |= frontier
    return found


def require(actor: Any, capability: Capability, council_id: int | None, message: str | None = None) -> None:
    """Raise ``PermissionError`` (a 403 in a view) unless ``actor`` may."""
    if not can(actor, capability, council_id):
        raise PermissionError(message or _default_refusal(capability))


def require_page(actor: Any, capability: Capability, council_id: int | None) -> None:
    """A page's check: a 403 unless ``actor`` may."""
    if not can(actor, capability, council_id):
        raise PermissionDenied


def may_read_security_events(actor: Any, council_id: int | None) -> bool:
    """Who reads the security event log: a council's admin that council's own events (not a
    child's: ``READ_SECURITY_EVENTS`` is not inherited downwards), the superuser every
    council's and, with ``council_id`` None, the whole log (logins of unknown names included)."""
    if getattr(actor, "is_authenticated", False) and getattr(actor, "is_active", False) and actor.is_superuser:
        return True
    return can(actor, Capability.READ_SECURITY_EVENTS, council_id)


def may_keep_national_tables(actor: Any) -> bool:
    """Whether ``actor`` keeps the national tables every council reads (the national legal bases,
    the base salary, the days off): the admin of an active council at the top of the tree (one
    with no parent), or the superuser.  A council below administers its own setup only."""
    if not getattr(actor, "is_authenticated", False) or not getattr(actor, "is_active", False):
        return False
    if actor.is_superuser:
        return True
    top = roles_for(actor).councils_with(*POLICY[Capability.ADMINISTER])
    return bool(top) and Council.objects.filter(pk__in=top, parent__isnull=True, is_active=True).exists()


def require_national_tables(actor: Any) -> None:
    """Raise ``PermissionError`` (a 403 in a view) unless ``actor`` keeps the national tables."""
    if not may_keep_national_tables(actor):
        raise PermissionError(_("Chỉ quản trị của hội đồng cấp cao nhất mới sửa được bảng dùng chung cả nước."))


def councils_where(actor: Any, *capabilities: Capability) -> set[int]:
    """The councils where ``actor`` holds any of ``capabilities``."""
    roles: set[str] = set()
    for capability in capabilities:
        roles |= POLICY[capability]
    held = roles_for(actor).councils_with(*roles)
    if not READ_CAPABILITIES.issuperset(capabilities):
        held -= roles_for(actor).archived  # a stopped council: its archive only
    inherited: set[str] = set()
    for capability in INHERITED_DOWNWARDS.intersection(capabilities):
        inherited |= POLICY[capability]
    if inherited:
        held |= council_descendants(roles_for(actor).councils_with(*inherited))
    return held


def council_q(actor: Any, *capabilities: Capability, path: str = "council") -> Q:
    """A filter over ``path`` (a field path to a council) that keeps the rows of the
    councils where ``actor`` holds any of ``capabilities``."""
    return Q(**{f"{path}__in": councils_where(actor, *capabilities)})


def unit_ids(actor: Any) -> frozenset[int]:
    """The active units ``actor`` works for."""
    return roles_for(actor).unit_ids


def acts_for_unit(actor: Any, unit_id: int | None) -> bool:
    return unit_id is not None and unit_id in roles_for(actor).unit_ids


def unit_q(actor: Any, path: str = "unit") -> Q:
    return Q(**{f"{path}__in": roles_for(actor).unit_ids})


def people_q(actor: Any, council_id: int | None, path: str = "unit") -> Q:
    """A filter over ``path`` (a field path to a unit) that keeps the people, collectives and
    households ``actor`` may look up in the council ``council_id``: the council's officers (who read
    its dossiers) find everyone of the council; unit staff only those of their own units (minimal
    personal data: another unit's people, their birth dates and drafts are not theirs to see)."""
    if can(actor, Capability.READ_DOSSIERS, council_id):
        return Q()
    return unit_q(actor, path)


def require_unit(actor: Any, unit_id: int | None, message: str | None = None) -> None:
    if not acts_for_unit(actor, unit_id):
        raise PermissionError(message or _("Chỉ cán bộ của đơn vị mới làm việc này."))


# --- What a unit reads of the decisions that concern it -------------------------------------
#
# A registered decision is published to the units it concerns (one of their lines is in it, or was
# voted on in its session): their staff read its public papers, the decision and its attached list,
# and the certificates of their own lines, never another unit's; a draft or a revoked decision shows
# them nothing.  Their registry is the awards of their own lines.  The selectors
# (``decisions.selectors``, ``decisions.outcomes``, ``documents.unit_selectors``) build their
# filters from these helpers and the decision's own state (``Decision.is_registered``).

UNIT_PUBLIC_PAPERS: frozenset[str] = frozenset({"decision", "list"})  # ``documents.DocumentKind`` values
UNIT_OWN_PAPERS: frozenset[str] = frozenset({"certificate"})


def unit_papers_q(actor: Any, *, kind: str = "kind", line_unit: str) -> Q:
    """A filter over stored papers (``kind``: the field path to a paper's kind, ``line_unit``: to
    the unit of the line a certificate is for) that keeps what a unit's staff may download of a
    decision that concerns their unit: its public papers, and their own lines' certificates."""
    units = roles_for(actor).unit_ids
    if not units:
        return Q(pk__in=[])
    return Q(**{f"{kind}__in": UNIT_PUBLIC_PAPERS}) | Q(**{f"{kind}__in": UNIT_OWN_PAPERS, f"{line_unit}__in": units})


# --- Flow task permissions ---------------------------------------------------------
#
# viewflow asks ``user.has_perm(task.owner_permission, obj)`` whether a user may take a
# task.  A flow node names the capability with ``.Permission(task_permission(...),
# obj=...)``; ``PolicyBackend`` (in ``AUTHENTICATION_BACKENDS``) answers those names from
# ``POLICY`` for the council of the object (a dossier's round's council, a session's
# council), so viewflow and the pages read the same table.

TASK_PERMISSION_PREFIX = "access."
ACT_FOR_UNIT = "act_for_unit"  # a unit's task: its staff, not a council role


def task_permission(capability: Capability | str) -> str:
    """The permission name a flow node carries: "access.review", "access.act_for_unit"."""
    return f"{TASK_PERMISSION_PREFIX}{capability}"


def _council_of(obj: Any) -> int | None:
    council_id = getattr(obj, "council_id", None)
    if council_id is None and getattr(obj, "round", None) is not None:
        council_id = obj.round.council_id
    return council_id


class PolicyBackend:
    """A Django auth backend that knows only the policy's task permissions."""

    def authenticate(self, request: Any, **credentials: Any) -> None:
        return None

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if obj is None or not perm.startswith(TASK_PERMISSION_PREFIX):
            return False
        if not getattr(user_obj, "is_active", False):
            return False
        name = perm[len(TASK_PERMISSION_PREFIX) :]
        if name == ACT_FOR_UNIT:
            return acts_for_unit(user_obj, getattr(obj, "unit_id", None))
        try:
            capability = Capability(name)
        except ValueError:
            return False
        return can(user_obj, capability, _council_of(obj))


def capabilities_anywhere(actor: Any) -> dict[str, bool]:
    """What the user may do in at least one council (and whether it works for a unit), for
    the menu: ``may.manage_accounts``, ``may.act_for_unit``, ``may.any_council``."""
    roles = roles_for(actor)
    held: set[str] = set()
    for council_roles in roles.council_roles.values():
        held |= council_roles
    flags = {
        capability.value: any(
            POLICY[capability] & council_roles and (council not in roles.archived or capability in READ_CAPABILITIES)
            for council, council_roles in roles.council_roles.items()
        )
        for capability in Capability
    }
    flags[ACT_FOR_UNIT] = bool(roles.unit_ids)
    flags["any_council"] = bool(held)
    return flags


def has_any_role(actor: Any, council_id: int | None) -> bool:
    """Whether ``actor`` holds any role in the council (who may see its sessions at all)."""
    return council_id is not None and bool(roles_for(actor).council_roles.get(council_id))


# --- The second factor (ASVS V2.7, V2.8) --------------------------------------------------------
#
# Those who judge, decide and set a council up sign in with a one-time code from an app as well as
# their password: the superuser, the council admins, the secretariat and the chairman (a role held
# within its term, in an active council or one that has stopped: its archive is theirs still).
# Members and unit staff may enrol from their account page; once enrolled they are asked too.

SECOND_FACTOR_ROLES: frozenset[str] = frozenset({S, C, A})


def second_factor_required(actor: Any) -> bool:
    """Whether ``actor`` must sign in with a second factor (the TOTP app or a recovery code)."""
    if not getattr(actor, "is_authenticated", False):
        return False
    if actor.is_superuser:
        return True
    return any(held & SECOND_FACTOR_ROLES for held in roles_for(actor).council_roles.values())


def may_reset_second_factor(actor: Any, user: Any) -> bool:
    """Whether ``actor`` may remove ``user``'s second factor (a lost phone): the superuser, or the
    admin of a council where ``user`` holds a role or works for a unit (a parent council's admin
    too); never one's own (whoever holds only the password must not drop the second factor)."""
    if not getattr(actor, "is_authenticated", False) or not getattr(actor, "is_active", False):
        return False
    if getattr(user, "pk", None) is None or actor.pk == user.pk:
        return False
    if actor.is_superuser:
        return True
    roles = roles_for(user)
    councils = set(roles.council_roles) | set(
        Unit.objects.filter(pk__in=roles.unit_ids).values_list("council_id", flat=True)
    )
    return any(can(actor, Capability.ADMINISTER, council_id) for council_id in councils)


def require_reset_second_factor(actor: Any, user: Any) -> None:
    if not may_reset_second_factor(actor, user):
        raise PermissionError(_("Chỉ quản trị của hội đồng mới đặt lại xác thực hai lớp của tài khoản này."))
