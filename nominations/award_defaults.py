"""The award types a new commune council starts from (the table of the commune level in
``docs``/domain.md: Law 06/2022/QH15, Nghị định 98/2023 then 152/2025), as data, and the
service that gives a council those it does not have yet.

The money is a multiplier of the base salary from a date on, so the history is kept: the Giấy
khen of the commune chairman was 0.15 (individual) until 30 June 2025 and 0.3 from 1 July 2025
(Nghị định 152/2025), ×2 for a collective and ×1.5 for a household.  Everything made here is an
ordinary award type the admin edits afterwards on its setup pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from councils import access
from councils.access import Capability
from councils.models import Council, CouncilLevel
from nominations import award_services
from nominations.models import AwardKind, AwardType, DocumentKind, NomineeKind, ThresholdComparison

LAW_2022 = dt.date(2024, 1, 1)  # Luật Thi đua, khen thưởng 2022 and Nghị định 98/2023 in force
DECREE_152 = dt.date(2025, 7, 1)  # Nghị định 152/2025/NĐ-CP

IND, COL, HH = NomineeKind.INDIVIDUAL, NomineeKind.COLLECTIVE, NomineeKind.HOUSEHOLD
DOCS_TITLE: tuple[str, ...] = (
    DocumentKind.COVER_LETTER,
    DocumentKind.ACHIEVEMENT_REPORT,
    DocumentKind.REVIEW_MINUTES,
)


@dataclass(frozen=True)
class DefaultRate:
    nominee_kind: str
    multiplier: Decimal
    valid_from: dt.date


@dataclass(frozen=True)
class DefaultAwardType:
    code: str
    name_vi: str
    name_en: str
    kind: str
    required_documents: tuple[str, ...]
    for_individual: bool = False
    for_collective: bool = False
    for_household: bool = False
    needs_vote: bool = True
    carries_money: bool = True
    threshold_share: Decimal = Decimal("50")
    threshold_comparison: str = ThresholdComparison.GREATER
    rates: tuple[DefaultRate, ...] = ()
    # the code of an award type of the same council this one needs the same year
    prerequisite_code: str = ""


def _rate(kind: str, multiplier: str, valid_from: dt.date) -> DefaultRate:
    return DefaultRate(kind, Decimal(multiplier), valid_from)


# ``{chairman}`` is replaced by the council's chairman ("Chủ tịch Ủy ban nhân dân xã …").
COMMUNE_DEFAULTS: tuple[DefaultAwardType, ...] = (
    DefaultAwardType(
        code="LDTT",
        name_vi="Lao động tiên tiến",
        name_en="Advanced worker",
        kind=AwardKind.TITLE,
        required_documents=DOCS_TITLE,
        for_individual=True,
        rates=(_rate(IND, "0.3", LAW_2022),),
    ),
    DefaultAwardType(
        code="CSTDCS",
        name_vi="Chiến sĩ thi đua cơ sở",
        name_en="Grassroots emulation fighter",
        kind=AwardKind.TITLE,
        required_documents=(*DOCS_TITLE, DocumentKind.INITIATIVE_PROOF),
        for_individual=True,
        threshold_share=Decimal("70"),
        threshold_comparison=ThresholdComparison.AT_LEAST,
        rates=(_rate(IND, "1.0", LAW_2022),),
        prerequisite_code="LDTT",
    ),
    DefaultAwardType(
        code="TTLDTT",
        name_vi="Tập thể lao động tiên tiến",
        name_en="Advanced collective",
        kind=AwardKind.TITLE,
        required_documents=DOCS_TITLE,
        for_collective=True,
        rates=(_rate(COL, "0.8", LAW_2022),),
    ),
    DefaultAwardType(
        code="GDVH",
        name_vi="Gia đình văn hoá",
        name_en="Cultural family",
        kind=AwardKind.TITLE,
        required_documents=(DocumentKind.POSTING_RESULT, DocumentKind.REVIEW_MINUTES),
        for_household=True,
        needs_vote=False,  # settled by the quarter's meeting and the 10-day public posting
        carries_money=False,
    ),
    DefaultAwardType(
        code="TDPVH",
        name_vi="Thôn, tổ dân phố văn hoá",
        name_en="Cultural residential quarter",
        kind=AwardKind.TITLE,
        required_documents=(DocumentKind.COVER_LETTER, DocumentKind.ACHIEVEMENT_REPORT, DocumentKind.POSTING_RESULT),
        for_collective=True,
        rates=(_rate(COL, "1.5", LAW_2022),),
    ),
    DefaultAwardType(
        code="GK",
        name_vi="Giấy khen của {chairman}",
        name_en="Certificate of merit of the commune chairman",
        kind=AwardKind.COMMENDATION,
        required_documents=DOCS_TITLE,
        for_individual=True,
        for_collective=True,
        for_household=True,
        rates=(
            _rate(IND, "0.15", LAW_2022),
            _rate(IND, "0.3", DECREE_152),
            _rate(COL, "0.3", LAW_2022),
            _rate(COL, "0.6", DECREE_152),
            _rate(HH, "0.45", DECREE_152),
        ),
    ),
)


def chairman_of(council: Council) -> str:
    """Who signs the commune's awards: the chairman of its People's Committee."""
    body = council.issuing_body.strip() or "Ủy ban nhân dân xã"
    return f"Chủ tịch {body}"


def default_codes_missing(council: Council) -> list[str]:
    present = {code.upper() for code in AwardType.objects.filter(council=council).values_list("code", flat=True)}
    return [default.code for default in COMMUNE_DEFAULTS if default.code not in present]


def _rates(award_type: AwardType, actor: Any, rates: tuple[DefaultRate, ...]) -> None:
    ordered = sorted(rates, key=lambda rate: (rate.nominee_kind, rate.valid_from))
    for index, rate in enumerate(ordered):
        following = ordered[index + 1] if index + 1 < len(ordered) else None
        # a rate applies until the day before its next version, which never overlaps it
        until = (
            following.valid_from - dt.timedelta(days=1)
            if following is not None and following.nominee_kind == rate.nominee_kind
            else None
        )
        award_services.award_rate_create(
            actor=actor,
            award_type=award_type,
            nominee_kind=rate.nominee_kind,
            multiplier=rate.multiplier,
            valid_from=rate.valid_from,
            valid_until=until,
        )


@transaction.atomic
def award_types_from_defaults(*, actor: Any, council: Council) -> list[AwardType]:
    """The commune-level award types ``council`` has not got yet (by code), with their dated
    money; those it has are left as they are, so a second call makes nothing."""
    access.require(actor, Capability.ADMINISTER, council.pk)
    if council.level != CouncilLevel.COMMUNE:
        raise ValidationError(_("Các hình thức mặc định này dành cho hội đồng cấp xã, phường."))
    chairman = chairman_of(council)
    missing = set(default_codes_missing(council))
    made: list[AwardType] = []
    for default in COMMUNE_DEFAULTS:
        if default.code not in missing:
            continue
        prerequisite = (
            AwardType.objects.filter(council=council, code__iexact=default.prerequisite_code).first()
            if default.prerequisite_code
            else None
        )
        award_type = award_services.award_type_create(
            actor=actor,
            council=council,
            code=default.code,
            name_vi=default.name_vi.format(chairman=chairman),
            name_en=default.name_en,
            kind=default.kind,
            for_individual=default.for_individual,
            for_collective=default.for_collective,
            for_household=default.for_household,
            deciding_level=CouncilLevel.COMMUNE,
            issuing_authority=chairman,
            needs_vote=default.needs_vote,
            carries_money=default.carries_money,
            threshold_share=default.threshold_share,
            threshold_comparison=default.threshold_comparison,
            required_documents=[str(kind) for kind in default.required_documents],
            prerequisite=prerequisite,
            prerequisite_years=1 if prerequisite is not None else 0,
        )
        _rates(award_type, actor, default.rates)
        made.append(award_type)
    return made
