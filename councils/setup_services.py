"""Writes of the council's setup pages: its units (create, edit, deactivate, reactivate) and its
members' roles and terms (add an existing user or a new one, edit, end a term).

Each asks ``councils.access`` for ``Capability.ADMINISTER`` over the council (a parent's admin
holds it below), takes its text in NFC and raises a ``ValidationError`` a user can read.  A unit
is never deleted here: dossiers, quotas and decisions keep pointing at it, so it is deactivated
instead (its staff then act for it no more, see ``councils.selectors.roles_for``).  Every change
is recorded by django-auditlog (``councils.audit``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from common.text import nfc
from councils import access, services
from councils.access import Capability
from councils.models import Council, CouncilMembership, Unit, User

TERM_ORDER_MESSAGE = "Nhiệm kỳ phải kết thúc sau ngày bắt đầu."


def _unit_name_free(council_id: int, name: str, *, exclude_pk: int | None = None) -> None:
    taken = Unit.objects.filter(council_id=council_id, name__iexact=name)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError(_("Đơn vị “%(name)s” đã có trong hội đồng này.") % {"name": name})


@transaction.atomic
def unit_create(
    *, actor: Any, council: Council, name: str, kind: str, staff_count: int = 0, household_count: int = 0
) -> Unit:
    access.require(actor, Capability.ADMINISTER, council.pk)
    name = nfc(name)
    _unit_name_free(council.pk, name)
    unit = Unit(council=council, name=name, kind=kind, staff_count=staff_count, household_count=household_count)
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def unit_update(
    *, actor: Any, unit: Unit, name: str, kind: str, staff_count: int = 0, household_count: int = 0
) -> Unit:
    access.require(actor, Capability.ADMINISTER, unit.council_id)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    name = nfc(name)
    _unit_name_free(unit.council_id, name, exclude_pk=unit.pk)
    unit.name, unit.kind, unit.staff_count, unit.household_count = name, kind, staff_count, household_count
    unit.full_clean()
    unit.save()
    return unit


def _unit_set_active(*, actor: Any, unit: Unit, active: bool) -> Unit:
    access.require(actor, Capability.ADMINISTER, unit.council_id)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if unit.is_active == active:
        raise ValidationError(
            _("Đơn vị này đang hoạt động.") if active else _("Đơn vị này đã ngừng hoạt động."),
        )
    unit.is_active = active
    unit.save(update_fields=["is_active"])
    return unit


@transaction.atomic
def unit_deactivate(*, actor: Any, unit: Unit) -> Unit:
    """The unit no longer nominates; its dossiers and awards stay as they were."""
    return _unit_set_active(actor=actor, unit=unit, active=False)


@transaction.atomic
def unit_reactivate(*, actor: Any, unit: Unit) -> Unit:
    return _unit_set_active(actor=actor, unit=unit, active=True)


def _term_in_order(term_from: dt.date | None, term_until: dt.date | None) -> None:
    if term_from is not None and term_until is not None and term_until < term_from:
        raise ValidationError(_(TERM_ORDER_MESSAGE))


def _unit_of_council(unit: Unit | None, council_id: int) -> None:
    if unit is not None and unit.council_id != council_id:
        raise ValidationError(_("Đơn vị công tác phải là một đơn vị của hội đồng này."))


def _role_free(council_id: int, user: Any, role: str, *, exclude_pk: int | None = None) -> None:
    taken = CouncilMembership.objects.filter(council_id=council_id, user=user, role=role)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError(
            _("“%(username)s” đã giữ vai trò này trong hội đồng.") % {"username": user.username},
        )


@transaction.atomic
def membership_create(
    *,
    actor: Any,
    council: Council,
    role: str,
    username: str,
    new_account: bool = False,
    full_name: str = "",
    email: str = "",
    position: str = "",
    unit: Unit | None = None,
    term_from: dt.date | None = None,
    term_until: dt.date | None = None,
) -> tuple[CouncilMembership, str]:
    """A role in ``council`` for an existing user (by login name) or for a new account; returns
    the membership and, for a new account, its temporary password to show once (else "")."""
    access.require(actor, Capability.ADMINISTER, council.pk)
    _term_in_order(term_from, term_until)
    _unit_of_council(unit, council.pk)
    password = ""
    if new_account:
        if not nfc(full_name):
            raise ValidationError(_("Nhập họ và tên cho tài khoản mới."))
        user, password = services._user_with_temporary_password(username=username, full_name=full_name, email=email)
    else:
        found = User.objects.filter(username__iexact=nfc(username), is_active=True).first()
        if found is None:
            raise ValidationError(_("Không có người dùng “%(username)s”.") % {"username": nfc(username)})
        user = found
    _role_free(council.pk, user, role)
    membership = CouncilMembership(
        council=council,
        user=user,
        role=role,
        position=nfc(position),
        unit=unit,
        term_from=term_from,
        term_until=term_until,
    )
    membership.full_clean()
    membership.save()
    return membership, password


@transaction.atomic
def membership_update(
    *,
    actor: Any,
    membership: CouncilMembership,
    role: str,
    position: str = "",
    unit: Unit | None = None,
    term_from: dt.date | None = None,
    term_until: dt.date | None = None,
) -> CouncilMembership:
    access.require(actor, Capability.ADMINISTER, membership.council_id)
    membership = CouncilMembership.objects.select_for_update().select_related("user").get(pk=membership.pk)
    _term_in_order(term_from, term_until)
    _unit_of_council(unit, membership.council_id)
    _role_free(membership.council_id, membership.user, role, exclude_pk=membership.pk)
    membership.role, membership.position, membership.unit = role, nfc(position), unit
    membership.term_from, membership.term_until = term_from, term_until
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def membership_term_end(*, actor: Any, membership: CouncilMembership, ended_on: dt.date) -> CouncilMembership:
    """The role's term ends on ``ended_on`` (it may not end before it started)."""
    access.require(actor, Capability.ADMINISTER, membership.council_id)
    membership = CouncilMembership.objects.select_for_update().get(pk=membership.pk)
    _term_in_order(membership.term_from, ended_on)
    membership.term_until = ended_on
    membership.full_clean()
    membership.save(update_fields=["term_until"])
    return membership
