"""Reads about who is who: a user's roles (loaded once per request) and the
working-day calendar."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
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
    # a confirmed TOTP app is enrolled (``councils.two_factor.has_second_factor``): read with the
    # roles, since the second-factor middleware asks it on every request
    has_totp: bool = False

    def councils_with(self, *roles: str) -> set[int]:
        return {council for council, held in self.council_roles.items() if held & set(roles)}

    def has(self, council_id: int, *roles: str) -> bool:
        return bool(self.council_roles.get(council_id, frozenset()) & set(roles))


def _who_rows(user_id: int, today: dt.date) -> list[tuple[str, int, str | None, bool | None]]:
    """A user's active units, roles held within their term (with the council's ``is_active``) and
    whether a confirmed TOTP app is enrolled: one statement, read on every request of a signed-in
    user (three queries before; the middleware and the pages all start here)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from councils.models import Council, CouncilMembership, Unit, UnitMembership

    sql = f"""
        SELECT 'u', m.unit_id, NULL, NULL FROM {UnitMembership._meta.db_table} m
          JOIN {Unit._meta.db_table} u ON u.id = m.unit_id
         WHERE m.user_id = %s AND u.is_active
        UNION ALL
        SELECT 'c', m.council_id, m.role, c.is_active FROM {CouncilMembership._meta.db_table} m
          JOIN {Council._meta.db_table} c ON c.id = m.council_id
         WHERE m.user_id = %s AND m.is_active
           AND (m.term_from IS NULL OR m.term_from <= %s) AND (m.term_until IS NULL OR m.term_until >= %s)
        UNION ALL
        SELECT 'd', 0, NULL, NULL FROM {TOTPDevice._meta.db_table} d
         WHERE d.user_id = %s AND d.confirmed
    """  # noqa: S608 - table names from the models' own metadata; every value is a parameter
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_id, user_id, today, today, user_id])
        return [
            (kind, int(object_id), role, None if active is None else bool(active))
            for kind, object_id, role, active in cursor.fetchall()
        ]


def forget_roles(user: Any) -> None:
    """Drop the roles read for ``user`` in this request (after its roles or second factor change)."""
    user.__dict__.pop("_thidua_roles", None)


def roles_for(user: Any) -> Roles:
    if not getattr(user, "is_authenticated", False):
        return Roles()
    cached = getattr(user, "_thidua_roles", None)
    if cached is not None:
        return cached
    unit_ids: set[int] = set()
    council_roles: dict[int, set[str]] = defaultdict(set)
    archived: set[int] = set()
    has_totp = False
    for kind, object_id, role, active in _who_rows(user.pk, timezone.localdate()):
        if kind == "u":
            unit_ids.add(object_id)
        elif kind == "c" and role is not None:
            council_roles[object_id].add(role)
            if not active:
                archived.add(object_id)
        else:
            has_totp = True
    roles = Roles(
        unit_ids=frozenset(unit_ids),
        council_roles={key: frozenset(value) for key, value in council_roles.items()},
        is_superuser=user.is_superuser,
        archived=frozenset(archived),
        has_totp=has_totp,
    )
    user._thidua_roles = roles
    return roles
