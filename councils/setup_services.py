"""Writes of the council's setup pages: its units (create, edit, deactivate, reactivate) and its
members' roles and terms (add an existing user or a new one, edit, end a term).

Each asks ``councils.access`` for ``Capability.ADMINISTER`` over the council (a parent's admin
holds it below), takes its text in NFC and raises a ``ValidationError`` a user can read.  A unit
that dossiers, people, quotas or accounts use is never deleted (their papers keep pointing at it):
it is deactivated instead (its staff then act for it no more, see ``councils.selectors.roles_for``);
only a unit nothing uses is deleted (``unit_delete``).  A unit merged into another (``unit_merge``) is kept,
inactive, under its name.  Renaming a unit (``unit_update``) leaves the dossiers already made under
the name they were made under (``Nomination.unit_name``).  Every change is recorded by
django-auditlog (``councils.audit``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from common.text import nfc
from councils import access, services
from councils.access import Capability
from councils.models import Council, CouncilMembership, Unit, UnitMembership, User
from councils.security import SecurityEventKind, security_event

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
    if active and unit.merged_into_id is not None:
        raise ValidationError(
            _("Đơn vị này đã sáp nhập vào “%(name)s”; không cho hoạt động trở lại được.")
            % {"name": unit.merged_into.name if unit.merged_into else ""}
        )
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


# ``nominations.NominationStatus`` values (councils sits below nominations and reads its rows
# through the reverse relations only): a dossier still between the unit and the secretariat
IN_PROGRESS_STATUSES = ("submitted", "returned")
DRAFT_STATUS = "draft"


def _in_progress_dossiers(unit: Unit) -> list[Any]:
    """The unit's dossiers still in progress: sent and waiting for the secretariat, or returned
    for correction (in any round), or drafts of a round still taking dossiers."""
    now = timezone.now()
    drafts_open = Q(status=DRAFT_STATUS, round__is_draft=False, round__closes_at__gt=now, round__closed_at__isnull=True)
    return list(
        unit.nominations.filter(Q(status__in=IN_PROGRESS_STATUSES) | drafts_open)  # type: ignore[attr-defined]
        .select_related("round")
        .order_by("round__opens_at", "pk")
    )


def _merge_refusal(source: Unit, target: Unit) -> str:
    if source.pk == target.pk:
        return _("Không thể sáp nhập một đơn vị vào chính nó.")
    if source.council_id != target.council_id:
        return _("Chỉ sáp nhập được vào một đơn vị của cùng hội đồng.")
    if source.merged_into_id is not None:
        return _("Đơn vị “%(name)s” đã được sáp nhập vào đơn vị khác.") % {"name": source.name}
    if target.merged_into_id is not None:
        return _("Đơn vị “%(name)s” đã được sáp nhập vào đơn vị khác; hãy chọn đơn vị đang hoạt động.") % {
            "name": target.name
        }
    if not target.is_active:
        return _("Đơn vị “%(name)s” đã ngừng hoạt động; hãy chọn đơn vị đang hoạt động.") % {"name": target.name}
    return ""


@transaction.atomic
def unit_merge(*, actor: Any, source: Unit, target: Unit, merged_on: dt.date, reason: str = "") -> Unit:
    """Merge ``source`` into ``target`` (sáp nhập) from ``merged_on``; returns the target.

    The source is kept, inactive, with ``merged_into`` and ``merged_on`` set: its past dossiers stay
    on it, so their decisions, certificates and registry rows keep the name they were issued under
    (``Nomination.unit_name``).  Its people, collectives and households move to the target (their
    honours follow them, being linked by person or collective), and so do its unit accounts (unless
    already the target's), the council members working there and a child council it represents; the
    target's staff and household counts grow by the source's.

    A source with dossiers still in progress (sent and not yet checked, returned for correction, or
    drafts of a round still taking dossiers) is refused, naming them: once merged its accounts act
    for the target, so nobody could finish them.  The unit office sends, withdraws or lets the
    secretariat settle them first.  Nobody is notified; django-auditlog records the change of both
    units (the reason with it)."""
    access.require(actor, Capability.ADMINISTER, source.council_id)
    if target.council_id != source.council_id:
        raise ValidationError(_("Chỉ sáp nhập được vào một đơn vị của cùng hội đồng."))
    locked = {
        unit.pk: unit for unit in Unit.objects.select_for_update().filter(pk__in={source.pk, target.pk}).order_by("pk")
    }
    source, target = locked[source.pk], locked[target.pk]
    refusal = _merge_refusal(source, target)
    if refusal:
        raise ValidationError(refusal)
    in_progress = _in_progress_dossiers(source)
    if in_progress:
        names = "; ".join(f"“{dossier.title}” ({dossier.round.name})" for dossier in in_progress[:5])
        more = len(in_progress) - 5
        raise ValidationError(
            _(
                "Đơn vị “%(name)s” còn %(count)s hồ sơ đang xử lý: %(dossiers)s%(more)s. Hãy gửi, rút hồ sơ "
                "hoặc chờ thường trực thẩm định xong rồi mới sáp nhập."
            )
            % {
                "name": source.name,
                "count": len(in_progress),
                "dossiers": names,
                "more": (_(" và %(n)s hồ sơ khác") % {"n": more}) if more > 0 else "",
            }
        )
    reason = nfc(reason)
    source.people.update(unit=target)  # type: ignore[attr-defined]
    source.collectives.update(unit=target)  # type: ignore[attr-defined]
    source.households.update(unit=target)  # type: ignore[attr-defined]
    already = set(UnitMembership.objects.filter(unit=target).values_list("user_id", flat=True))
    for membership in UnitMembership.objects.filter(unit=source).order_by("pk"):
        if membership.user_id in already:
            membership.delete()
        else:
            membership.unit = target
            membership.save(update_fields=["unit"])
    for council_membership in CouncilMembership.objects.filter(unit=source).order_by("pk"):
        council_membership.unit = target
        council_membership.save(update_fields=["unit"])
    for child in Council.objects.filter(unit_in_parent=source).order_by("pk"):
        child.unit_in_parent = target
        child.save(update_fields=["unit_in_parent"])
    note = {"merge_reason": reason} if reason else {}
    target.staff_count += source.staff_count
    target.household_count += source.household_count
    _audited_save(target, note, update_fields=["staff_count", "household_count"])
    source.is_active, source.merged_into, source.merged_on = False, target, merged_on
    source.full_clean()
    _audited_save(source, note, update_fields=["is_active", "merged_into", "merged_on"])
    return target


def _audited_save(unit: Unit, note: dict[str, str], *, update_fields: list[str]) -> None:
    """Save with ``note`` as the audit entry's additional data (django-auditlog reads
    ``get_additional_data`` of the instance; the actor and address stay the request's)."""
    if note:
        unit.get_additional_data = lambda: note  # type: ignore[attr-defined]
    try:
        unit.save(update_fields=update_fields)
    finally:
        if note:
            del unit.get_additional_data  # type: ignore[attr-defined]


def merge_reason(unit: Unit) -> str:
    """The reason given when ``unit`` was merged into another, or ""."""
    from auditlog.models import LogEntry

    for data in (
        LogEntry.objects.get_for_object(unit).exclude(additional_data=None).order_by("-timestamp", "-pk")
    ).values_list("additional_data", flat=True):
        if isinstance(data, dict) and data.get("merge_reason"):
            return str(data["merge_reason"])
    return ""


def _unit_uses(unit: Unit) -> list[str]:
    """What keeps ``unit`` from being deleted, as "3 hồ sơ"-like parts."""
    counts = (
        (unit.nominations.count(), _("hồ sơ")),  # type: ignore[attr-defined]
        (unit.people.count(), _("cá nhân")),  # type: ignore[attr-defined]
        (unit.collectives.count(), _("tập thể")),  # type: ignore[attr-defined]
        (unit.households.count(), _("hộ gia đình")),  # type: ignore[attr-defined]
        (unit.round_quotas.count(), _("chỉ tiêu của đợt")),  # type: ignore[attr-defined]
        (unit.memberships.count(), _("tài khoản đơn vị")),
        (unit.merged_from.count(), _("đơn vị đã sáp nhập vào")),
        (CouncilMembership.objects.filter(unit=unit).count(), _("thành viên hội đồng công tác tại đây")),
        (unit.represents.count(), _("hội đồng cấp dưới")),  # type: ignore[attr-defined]
    )
    return [f"{count} {label}" for count, label in counts if count]


@transaction.atomic
def unit_delete(*, actor: Any, unit: Unit) -> None:
    """Delete a unit nothing uses (one added by mistake).  A unit with dossiers (and so honours),
    people, collectives, households, quotas, accounts or units merged into it is refused, with the
    advice to deactivate it instead: its papers keep pointing at it."""
    access.require(actor, Capability.ADMINISTER, unit.council_id)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    uses = _unit_uses(unit)
    if uses:
        raise ValidationError(
            _(
                "Không xóa được đơn vị “%(name)s” vì đang có %(uses)s gắn với đơn vị. "
                "Hãy ngừng hoạt động đơn vị: đơn vị sẽ không lập hồ sơ mới, hồ sơ và khen thưởng cũ vẫn giữ nguyên."
            )
            % {"name": unit.name, "uses": ", ".join(uses)}
        )
    try:
        unit.delete()
    except ProtectedError as exc:
        raise ValidationError(
            _("Không xóa được đơn vị “%(name)s” vì đang được dùng; hãy ngừng hoạt động đơn vị.") % {"name": unit.name}
        ) from exc


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
    security_event(
        SecurityEventKind.ROLE_CHANGE,
        actor=actor,
        council_id=council.pk,
        detail=_("%(username)s: thêm vai trò %(role)s")
        % {"username": membership.user.username, "role": membership.get_role_display()},
    )
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
    security_event(
        SecurityEventKind.ROLE_CHANGE,
        actor=actor,
        council_id=membership.council_id,
        detail=_("%(username)s: %(role)s")
        % {"username": membership.user.username, "role": membership.get_role_display()},
    )
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
    security_event(
        SecurityEventKind.ROLE_CHANGE,
        actor=actor,
        council_id=membership.council_id,
        detail=_("%(username)s: %(role)s, hết nhiệm kỳ ngày %(day)s")
        % {
            "username": membership.user.username,
            "role": membership.get_role_display(),
            "day": ended_on.strftime("%d/%m/%Y"),
        },
    )
    return membership
