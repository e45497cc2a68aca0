"""A council's rounds on its own setup pages: create, copy last year's, edit a draft,
open, extend the deadline (the units are told), close, and the quotas per unit.

Every service asks the access policy (``Capability.MANAGE_ROUNDS``), runs in one
transaction, validates with ``full_clean`` and raises a ``ValidationError`` a user
can read.  A round made here is a draft (``Round.is_draft``) until it is opened."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.text import nfc
from councils import access
from councils.access import Capability
from councils.calendar import LOCAL_TZ
from councils.models import Council, Unit, UnitMembership
from nominations.models import AwardType, Round, RoundAwardType, RoundQuota
from notifications.services import notice_emit

# (unit id, award type id or None for the unit's total) -> quota, None to remove it
QuotaKey = tuple[int, int | None]


def _require(actor: Any, council_id: int) -> None:
    access.require(actor, Capability.MANAGE_ROUNDS, council_id)


def _locked(round: Round) -> Round:
    return Round.objects.select_for_update().get(pk=round.pk)


def _offered(round: Round, award_types: Iterable[AwardType]) -> None:
    chosen = list(award_types)
    if not chosen:
        raise ValidationError(_("Hãy chọn ít nhất một hình thức khen thưởng cho đợt xét."), code="no_award_types")
    foreign = [award for award in chosen if award.council_id != round.council_id or not award.is_active]
    if foreign:
        raise ValidationError(_("Chỉ chọn được hình thức đang áp dụng của hội đồng."), code="award_type_council")
    chosen_ids = {award.pk for award in chosen}
    round.offers.exclude(award_type_id__in=chosen_ids).delete()
    round.quotas.exclude(award_type__isnull=True).exclude(award_type_id__in=chosen_ids).delete()
    have = set(round.offers.values_list("award_type_id", flat=True))
    RoundAwardType.objects.bulk_create(
        [RoundAwardType(round=round, award_type=award) for award in chosen if award.pk not in have]
    )


def round_create(
    *,
    actor: Any,
    council: Council,
    name: str,
    year: int,
    kind: str,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    award_types: Iterable[AwardType],
) -> Round:
    """A new draft round of ``council`` offering ``award_types``."""
    _require(actor, council.pk)
    with transaction.atomic():
        round = Round(
            council=council,
            name=nfc(name),
            year=year,
            kind=kind,
            opens_at=opens_at,
            closes_at=closes_at,
            is_draft=True,
        )
        round.full_clean()
        round.save()
        _offered(round, award_types)
    return round


def round_update(
    *,
    actor: Any,
    round: Round,
    name: str,
    year: int,
    kind: str,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    award_types: Iterable[AwardType],
) -> Round:
    """Edit a draft round; an opened one changes only by extending its deadline."""
    _require(actor, round.council_id)
    with transaction.atomic():
        round = _locked(round)
        if not round.is_editable:
            raise ValidationError(
                _("Đợt xét đã mở: không sửa được nữa, chỉ gia hạn hoặc đóng đợt."), code="round_not_editable"
            )
        round.name, round.year, round.kind = nfc(name), year, kind
        round.opens_at, round.closes_at = opens_at, closes_at
        round.full_clean()
        round.save()
        _offered(round, award_types)
    return round


def one_year_later(moment: dt.datetime) -> dt.datetime:
    """The same local date and time a year later (29 February becomes 28 February)."""
    local = moment.astimezone(LOCAL_TZ)
    try:
        shifted = local.replace(year=local.year + 1)
    except ValueError:
        shifted = local.replace(year=local.year + 1, day=28)
    return shifted


def round_copy(*, actor: Any, source: Round) -> Round:
    """Next year's draft of ``source``: its active award types and their quotas, its
    units' quotas, its reminders, and its dates a year later."""
    _require(actor, source.council_id)
    year = source.year + 1
    name = nfc(source.name.replace(str(source.year), str(year)))
    with transaction.atomic():
        if Round.objects.filter(council_id=source.council_id, year=year, name=name).exists():
            raise ValidationError(
                _("Hội đồng đã có đợt “%(name)s” năm %(year)s."),
                code="round_copy_exists",
                params={"name": name, "year": year},
            )
        copy = Round(
            council_id=source.council_id,
            name=name,
            year=year,
            kind=source.kind,
            opens_at=one_year_later(source.opens_at),
            closes_at=one_year_later(source.closes_at),
            reminder_days=list(source.reminder_days or []),
            is_draft=True,
        )
        copy.full_clean()
        copy.save()
        offers = list(source.offers.filter(award_type__is_active=True).order_by("pk"))
        RoundAwardType.objects.bulk_create(
            [
                RoundAwardType(
                    round=copy,
                    award_type_id=offer.award_type_id,
                    quota_count=offer.quota_count,
                    quota_percent=offer.quota_percent,
                )
                for offer in offers
            ]
        )
        offered = {offer.award_type_id for offer in offers}
        quotas = source.quotas.filter(unit__is_active=True).order_by("pk")
        RoundQuota.objects.bulk_create(
            [
                RoundQuota(round=copy, unit_id=quota.unit_id, award_type_id=quota.award_type_id, quota=quota.quota)
                for quota in quotas
                if quota.award_type_id is None or quota.award_type_id in offered
            ]
        )
    return copy


def round_open(*, actor: Any, round: Round) -> Round:
    """Open a draft round: it takes dossiers from its opening date (now, if that has passed)."""
    _require(actor, round.council_id)
    now = timezone.now()
    with transaction.atomic():
        round = _locked(round)
        if not round.can_open:
            raise ValidationError(_("Đợt xét đã được mở."), code="round_already_open")
        if round.closes_at <= now:
            raise ValidationError(
                _("Hạn nộp của đợt đã qua: hãy sửa hạn nộp trước khi mở đợt."), code="round_deadline_passed"
            )
        if not round.offers.exists():
            raise ValidationError(_("Đợt xét chưa có hình thức khen thưởng nào."), code="no_award_types")
        round.is_draft = False
        round.save(update_fields=["is_draft"])
    return round


def round_extended_event_key(*, round_id: int, closes_at: dt.datetime, unit_id: int) -> str:
    return f"round:{round_id}:extended:{closes_at:%Y%m%d%H%M}:unit:{unit_id}"


def round_extend(*, actor: Any, round: Round, closes_at: dt.datetime) -> Round:
    """Move the deadline later; every active unit's staff is told, in-app and by email,
    once for each new deadline."""
    _require(actor, round.council_id)
    with transaction.atomic():
        round = _locked(round)
        if not round.can_extend:
            raise ValidationError(
                _("Chỉ gia hạn được đợt đã mở và chưa đóng (đợt đã đóng không mở lại được)."),
                code="round_not_extendable",
            )
        if closes_at <= round.closes_at:
            raise ValidationError(_("Hạn nộp mới phải sau hạn nộp hiện tại."), code="round_extend_earlier")
        if closes_at <= timezone.now():
            raise ValidationError(_("Hạn nộp mới phải sau thời điểm hiện tại."), code="round_extend_past")
        previous = round.closes_at.astimezone(LOCAL_TZ)
        round.closes_at = closes_at
        round.full_clean()
        round.save(update_fields=["closes_at"])
        deadline = closes_at.astimezone(LOCAL_TZ)
        units = (
            Unit.objects.filter(council_id=round.council_id, is_active=True)
            .prefetch_related(
                Prefetch(
                    "memberships",
                    queryset=UnitMembership.objects.filter(user__is_active=True).select_related("user"),
                    to_attr="active_memberships",
                )
            )
            .order_by("pk")
        )
        url = reverse("workflows:dossier_create")
        for unit in units:
            memberships: list[UnitMembership] = unit.active_memberships  # type: ignore[attr-defined]
            notice_emit(
                recipients=[membership.user for membership in memberships],
                event_key=round_extended_event_key(round_id=round.pk, closes_at=deadline, unit_id=unit.pk),
                verb="round_extended",
                context={
                    "round": round.name,
                    "unit": unit.name,
                    "deadline_time": f"{deadline:%H:%M}",
                    "deadline_date": f"{deadline:%d/%m/%Y}",
                    "previous_time": f"{previous:%H:%M}",
                    "previous_date": f"{previous:%d/%m/%Y}",
                },
                url=url,
                council_id=round.council_id,
            )
    return round


def round_close(*, actor: Any, round: Round) -> Round:
    """Close an open round now; it takes no more dossiers and cannot be reopened."""
    _require(actor, round.council_id)
    now = timezone.now()
    with transaction.atomic():
        round = _locked(round)
        if not round.can_close:
            raise ValidationError(_("Chỉ đóng được đợt đang nhận hồ sơ."), code="round_not_open")
        round.closes_at = now
        round.closed_at = now
        round.save(update_fields=["closes_at", "closed_at"])
    return round


def round_quotas_set(*, actor: Any, round: Round, quotas: Mapping[QuotaKey, int | None]) -> list[RoundQuota]:
    """Set the units' quotas of ``round`` (None removes one); all or nothing."""
    _require(actor, round.council_id)
    units = {unit.pk: unit for unit in Unit.objects.filter(council_id=round.council_id, is_active=True)}
    offered = set(round.offers.values_list("award_type_id", flat=True))
    errors: list[ValidationError] = []
    kept: list[RoundQuota] = []
    with transaction.atomic():
        round = _locked(round)
        existing = {(quota.unit_id, quota.award_type_id): quota for quota in round.quotas.select_for_update()}
        for (unit_id, award_type_id), value in quotas.items():
            unit = units.get(unit_id)
            if unit is None or (award_type_id is not None and award_type_id not in offered):
                errors.append(ValidationError(_("Chỉ tiêu cho đơn vị hoặc hình thức không thuộc đợt xét.")))
                continue
            quota = existing.get((unit_id, award_type_id))
            if value is None:
                if quota is not None:
                    quota.delete()
                continue
            quota = quota or RoundQuota(round=round, unit=unit, award_type_id=award_type_id)
            quota.unit = unit
            quota.quota = value
            try:
                quota.full_clean(validate_constraints=False)
            except ValidationError as exc:
                errors.append(exc)
                continue
            quota.save()
            kept.append(quota)
        if errors:
            raise ValidationError(errors)
    return kept
