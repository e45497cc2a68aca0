"""A council's award types and their money on its own setup pages: create, edit, deactivate,
delete one nobody uses, and the dated money multipliers (``AwardRate``).

Every service asks the access policy (``Capability.ADMINISTER``), runs in one transaction,
validates with ``full_clean`` and raises a ``ValidationError`` a user can read.  The changes are
audited by django-auditlog (``councils.audit``): the request's user and address come from its
middleware."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from common.text import nfc
from councils import access
from councils.access import Capability
from councils.models import Council
from nominations import award_wording
from nominations.models import AwardRate, AwardType

# The fields of an award type that its setup page edits (``council`` is set once, at creation).
EDITABLE_FIELDS: tuple[str, ...] = (
    "code",
    "name_vi",
    "name_en",
    "kind",
    "for_individual",
    "for_collective",
    "for_household",
    "deciding_level",
    "issuing_authority",
    "needs_vote",
    "carries_money",
    "threshold_share",
    "threshold_comparison",
    "threshold_base",
    "required_documents",
    "prerequisite",
    "prerequisite_years",
    "parent_award_type",
    "ministry_0603_column",
    "is_active",
    "issues_paper",
    "paper_title",
    "award_verb",
    "certificate_phrase",
    "decision_phrase",
    "household_naming",
    "achievement_max_chars",
)
TEXT_FIELDS: frozenset[str] = frozenset(
    {
        "code",
        "name_vi",
        "name_en",
        "issuing_authority",
        "paper_title",
        "award_verb",
        "certificate_phrase",
        "decision_phrase",
    }
)
# what a blank value takes from the award type's kind (``award_wording.wording_defaults``)
WORDING_FIELDS: tuple[str, ...] = (
    "paper_title",
    "award_verb",
    "certificate_phrase",
    "decision_phrase",
    "household_naming",
    "achievement_max_chars",
)


def _require(actor: Any, council_id: int) -> None:
    access.require(actor, Capability.ADMINISTER, council_id)


def _locked(award_type: AwardType) -> AwardType:
    return AwardType.objects.select_for_update().get(pk=award_type.pk)


def _assign(award_type: AwardType, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable here: {sorted(unknown)}")
    for name, value in fields.items():
        if name in TEXT_FIELDS:
            value = nfc(value or "").strip()
        if name == "required_documents":
            value = list(dict.fromkeys(value or []))
        setattr(award_type, name, value)
    defaults = award_wording.wording_defaults(award_type.kind, award_type.name_vi)
    for name in WORDING_FIELDS:
        if getattr(award_type, name) in ("", None):
            setattr(award_type, name, defaults[name])


def _validate(award_type: AwardType) -> None:
    if not (award_type.for_individual or award_type.for_collective or award_type.for_household):
        raise ValidationError(
            _("Hãy chọn ít nhất một đối tượng được xét (cá nhân, tập thể hoặc hộ gia đình)."), code="no_nominee_kind"
        )
    prerequisite = award_type.prerequisite
    if prerequisite is not None:
        if prerequisite.council_id != award_type.council_id:
            raise ValidationError(
                {"prerequisite": _("Danh hiệu cần có phải là một hình thức của chính hội đồng.")},
                code="prerequisite_council",
            )
        if award_type.pk is not None and prerequisite.pk == award_type.pk:
            raise ValidationError(
                {"prerequisite": _("Một hình thức không thể là điều kiện của chính nó.")}, code="prerequisite_self"
            )
    if award_type.code and (
        AwardType.objects.filter(council_id=award_type.council_id, code__iexact=award_type.code)
        .exclude(pk=award_type.pk)
        .exists()
    ):
        raise ValidationError(
            {"code": _("Hội đồng đã có một hình thức mã “%(code)s”.") % {"code": award_type.code}},
            code="award_code_taken",
        )
    # ``AwardType.clean`` owns the parent council's rule (``parent_award_type_error``)
    award_type.full_clean()


def award_type_create(*, actor: Any, council: Council, **fields: Any) -> AwardType:
    """A new award type of ``council``."""
    _require(actor, council.pk)
    with transaction.atomic():
        award_type = AwardType(
            council=council, **award_wording.wording_defaults(fields.get("kind", ""), fields.get("name_vi", ""))
        )
        _assign(award_type, fields)
        _validate(award_type)
        award_type.save()
    return award_type


def award_type_update(*, actor: Any, award_type: AwardType, **fields: Any) -> AwardType:
    """Edit an award type of the council; its council never changes."""
    _require(actor, award_type.council_id)
    with transaction.atomic():
        award_type = _locked(award_type)
        _assign(award_type, fields)
        _validate(award_type)
        award_type.save()
    return award_type


def award_type_deactivate(*, actor: Any, award_type: AwardType) -> AwardType:
    """No longer offered in new rounds; its dossiers, awards and rates stay as they are."""
    _require(actor, award_type.council_id)
    with transaction.atomic():
        award_type = _locked(award_type)
        if not award_type.is_active:
            raise ValidationError(_("Hình thức này đã ngừng áp dụng."), code="award_already_inactive")
        award_type.is_active = False
        award_type.save(update_fields=["is_active"])
    return award_type


def award_type_delete(*, actor: Any, award_type: AwardType) -> None:
    """Delete an award type nobody uses; one that dossiers, rounds or awards use is refused
    (deactivate it instead)."""
    _require(actor, award_type.council_id)
    with transaction.atomic():
        award_type = _locked(award_type)
        dossiers = award_type.lines.values("nomination_id").distinct().count()
        if dossiers:
            raise ValidationError(
                _(
                    "Không xoá được “%(name)s”: %(count)s hồ sơ đã dùng hình thức này. "
                    "Hãy bấm “Ngừng áp dụng” để không dùng nó trong các đợt xét mới."
                )
                % {"name": award_type.name_vi, "count": dossiers},
                code="award_type_used",
            )
        try:
            award_type.delete()
        except (ProtectedError, RestrictedError) as exc:
            raise ValidationError(
                _(
                    "Không xoá được “%(name)s”: hình thức này đã được dùng (trong một đợt xét, sổ khen thưởng "
                    "hoặc làm hình thức tương ứng của hội đồng cấp dưới). Hãy bấm “Ngừng áp dụng”."
                )
                % {"name": award_type.name_vi},
                code="award_type_used",
            ) from exc


def _rate_checked(rate: AwardRate) -> AwardRate:
    award_type = rate.award_type
    if rate.nominee_kind and not award_type.allows(rate.nominee_kind):
        raise ValidationError(
            {"nominee_kind": _("“%(award)s” không xét cho đối tượng này.") % {"award": award_type.name_vi}},
            code="rate_nominee_kind",
        )
    # ``AwardRate.clean`` owns the rule that two versions of one rate do not overlap
    rate.full_clean()
    rate.save()
    return rate


def award_rate_create(
    *,
    actor: Any,
    award_type: AwardType,
    nominee_kind: str,
    multiplier: Decimal,
    valid_from: dt.date,
    valid_until: dt.date | None = None,
) -> AwardRate:
    """A new dated multiplier of the base salary for ``award_type`` and ``nominee_kind``."""
    _require(actor, award_type.council_id)
    with transaction.atomic():
        _locked(award_type)  # two admins adding versions of one rate at once: one waits
        rate = AwardRate(
            award_type=award_type,
            nominee_kind=nominee_kind,
            multiplier=multiplier,
            valid_from=valid_from,
            valid_until=valid_until,
        )
        return _rate_checked(rate)


def award_rate_update(
    *,
    actor: Any,
    rate: AwardRate,
    nominee_kind: str,
    multiplier: Decimal,
    valid_from: dt.date,
    valid_until: dt.date | None = None,
) -> AwardRate:
    """Change a rate (most often: end it before the next version starts)."""
    _require(actor, rate.award_type.council_id)
    with transaction.atomic():
        _locked(rate.award_type)
        rate = AwardRate.objects.select_related("award_type").get(pk=rate.pk)
        rate.nominee_kind, rate.multiplier = nominee_kind, multiplier
        rate.valid_from, rate.valid_until = valid_from, valid_until
        return _rate_checked(rate)
