"""Reads about who is who: a user's roles (loaded once per request) and the
working-day calendar."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone


@dataclass(frozen=True)
class Roles:
    """What a user is, loaded once per request."""

    unit_ids: frozenset[int] = frozenset()
    council_roles: dict[int, frozenset[str]] = field(default_factory=dict)
    is_superuser: bool = False
    # the councils among ``council_roles`` that have stopped (``Council.is_active`` unset, e.g. a
    # district council since 1 July 2025): their people still read its archive, and do nothing else
    archived: frozenset[int] = frozenset()

    def councils_with(self, *roles: str) -> set[int]:
        return {council for council, held in self.council_roles.items() if held & set(roles)}

    def has(self, council_id: int, *roles: str) -> bool:
        return bool(self.council_roles.get(council_id, frozenset()) & set(roles))


def roles_for(user: Any) -> Roles:
    if not getattr(user, "is_authenticated", False):
        return Roles()
    cached = getattr(user, "_thidua_roles", None)
    if cached is not None:
        return cached
    unit_ids = frozenset(user.unit_memberships.filter(unit__is_active=True).values_list("unit_id", flat=True))
    council_roles: dict[int, set[str]] = defaultdict(set)
    archived: set[int] = set()
    today = timezone.localdate()
    # a role is held within its term (nhiệm kỳ): one whose term has ended, or not begun, gives nothing
    held = user.council_memberships.filter(is_active=True).filter(
        Q(term_from__isnull=True) | Q(term_from__lte=today), Q(term_until__isnull=True) | Q(term_until__gte=today)
    )
    for council_id, role, council_active in held.values_list("council_id", "role", "council__is_active"):
        council_roles[council_id].add(role)
        if not council_active:
            archived.add(council_id)
    roles = Roles(
        unit_ids=unit_ids,
        council_roles={key: frozenset(value) for key, value in council_roles.items()},
        is_superuser=user.is_superuser,
        archived=frozenset(archived),
    )
    user._thidua_roles = roles
    return roles
