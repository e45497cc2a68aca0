"""Reads about who is who: a user's roles (loaded once per request) and the
working-day calendar."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Roles:
    """What a user is, loaded once per request."""

    unit_ids: frozenset[int] = frozenset()
    council_roles: dict[int, frozenset[str]] = field(default_factory=dict)
    is_superuser: bool = False

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
    for council_id, role in user.council_memberships.filter(is_active=True).values_list("council_id", "role"):
        council_roles[council_id].add(role)
    roles = Roles(
        unit_ids=unit_ids,
        council_roles={key: frozenset(value) for key, value in council_roles.items()},
        is_superuser=user.is_superuser,
    )
    user._thidua_roles = roles
    return roles
