"""The figures of forms 0601 and 0603.N/BNV-TĐKT (Thông tư 02/2023/TT-BNV) for a council and a
year, optionally summed over the council's descendants.

0601 counts the council's campaigns (``Campaign``) that run during the year.  0603 counts the
awards decided at province level: registered decisions' lines (a revoked decision's do not
count) of the year by province councils, in the column their award type names
(``AwardType.ministry_0603_column``; a blank one is not reported); for a province council its
own decisions, for a council below, the province's lines its proposals forwarded up, through
every council between (``ProposalLine.forwarded_line``, then that line's own proposal line at
the next council, and so on).  One grouped query each, and one per hop of forwarding."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Q
from django.utils import timezone

from councils.access import council_descendants
from councils.models import Council, CouncilLevel
from decisions.models import (
    Campaign,
    CampaignLevel,
    CampaignScope,
    CampaignWay,
    DecisionLine,
    DecisionStatus,
    ProposalLine,
)
from nominations.models import AwardMethod, MinistryAwardColumn, NomineeKind, SubjectCategory
from printing import formats as docformat
from printing.tt02 import (
    AWARD_COLUMNS,
    CAMPAIGN_COLUMNS,
    SUBTITLE_0601,
    TITLE_0601,
    TITLE_0603,
    Form0601Data,
    Form0603Data,
    campaign_duration_code,
    rows_0601,
    rows_0603,
)

LEVEL_COLUMN = {CampaignLevel.CENTRAL: 0, CampaignLevel.MINISTRY_PROVINCE: 1, CampaignLevel.AGENCY_UNIT: 2}
SCOPE_ROW = {
    CampaignScope.NATIONAL: "02",
    CampaignScope.SECTOR_LOCALITY: "03",
    CampaignScope.CLUSTER_BLOC: "04",
    CampaignScope.AGENCY: "05",
}
WAY_ROW = {CampaignWay.THEMATIC: "11", CampaignWay.REGULAR: "12"}
SUBJECT_ROW = {
    SubjectCategory.LEADER_CENTRAL: "06",
    SubjectCategory.LEADER_DEPARTMENT: "07",
    SubjectCategory.BUSINESS: "08",
    SubjectCategory.LEADER_OTHER: "09",
    SubjectCategory.DIRECT_WORKER: "10",
}
METHOD_ROW = {
    AwardMethod.REGULAR: "11",
    AwardMethod.THEMATIC: "12",
    AwardMethod.AD_HOC: "13",
    AwardMethod.FOREIGN: "14",
    AwardMethod.DEDICATION: "15",
    AwardMethod.SENIORITY: "16",
    AwardMethod.RESISTANCE: "17",
}
DECIDING_LEVELS = (CouncilLevel.PROVINCE,)
# the form's numbered column of each award column (1 is the total)
MINISTRY_COLUMN: dict[str, int] = {
    MinistryAwardColumn.COMMENDATION: 2,
    MinistryAwardColumn.EMULATION_FIGHTER: 3,
    MinistryAwardColumn.EMULATION_FLAG: 4,
    MinistryAwardColumn.BADGE: 5,
}


def _council_ids(council: Council, include_children: bool) -> set[int]:
    ids = {council.pk}
    if include_children:
        ids |= council_descendants(ids)
    return ids


def _common(council: Council, year: int, today: dt.date | None) -> dict[str, object]:
    today = today or timezone.localdate()
    parent = council.parent
    return {
        "year": year,
        "reporting_unit": council.name,
        "receiving_unit": parent.name if parent is not None else "",
        "place_date": docformat.administrative_date(council.place_name, None, month_of=today),
    }


def form_0601(
    council: Council, year: int, *, include_children: bool = False, today: dt.date | None = None
) -> Form0601Data:
    """The campaigns of the council (and its descendants) running during ``year``."""
    campaigns = Campaign.objects.filter(
        council_id__in=_council_ids(council, include_children),
        starts_on__lte=dt.date(year, 12, 31),
        ends_on__gte=dt.date(year, 1, 1),
    ).values_list("launched_by", "scope", "way", "starts_on", "ends_on")
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for launched_by, scope, way, starts_on, ends_on in campaigns:
        column = LEVEL_COLUMN[CampaignLevel(launched_by)]
        for code in ("01", SCOPE_ROW[CampaignScope(scope)], WAY_ROW[CampaignWay(way)]):
            counts[code][column] += 1
        counts[campaign_duration_code(starts_on, ends_on)][column] += 1
    return Form0601Data(
        symbol="0601.N/BNV-TĐKT",
        title=TITLE_0601,
        subtitle=SUBTITLE_0601,
        columns=CAMPAIGN_COLUMNS,
        rows=rows_0601(counts),
        **_common(council, year, today),  # type: ignore[arg-type]
    )


def ministry_lines(council: Council, year: int, *, include_children: bool = False) -> object:
    """The registered decision lines of ``year`` decided at province level that count for the
    council (and its descendants)."""
    ids = _council_ids(council, include_children)
    levels = dict(Council.objects.filter(pk__in=ids).values_list("pk", "level"))
    deciding = {pk for pk, level in levels.items() if level in DECIDING_LEVELS}
    below = set(ids) - deciding
    return DecisionLine.objects.filter(
        decision__status=DecisionStatus.REGISTERED,
        decision__year=year,
        decision__council__level__in=DECIDING_LEVELS,
    ).filter(Q(decision__council_id__in=deciding) | Q(line_id__in=forwarded_line_ids(below)))


def forwarded_line_ids(council_ids: set[int]) -> set[int]:
    """The lines, at every council above, that the proposals of ``council_ids`` became: a
    commune's line forwarded to the district becomes the district's line, which the district's
    own proposal forwards on to the province (one query per hop)."""
    found: set[int] = set()
    frontier = set(
        ProposalLine.objects.filter(proposal__council_id__in=council_ids, forwarded_line__isnull=False).values_list(
            "forwarded_line_id", flat=True
        )
    )
    while frontier - found:
        frontier -= found
        found |= frontier
        frontier = set(
            ProposalLine.objects.filter(line_id__in=frontier, forwarded_line__isnull=False).values_list(
                "forwarded_line_id", flat=True
            )
        )
    return found


def form_0603(
    council: Council, year: int, *, include_children: bool = False, today: dt.date | None = None
) -> Form0603Data:
    groups = (
        ministry_lines(council, year, include_children=include_children)  # type: ignore[attr-defined]
        .exclude(line__award_type__ministry_0603_column="")
        .values(
            "line__award_type__ministry_0603_column",
            "line__nominee_kind",
            "line__subject_category",
            "line__method",
            "line__collective__is_enterprise",
        )
        .annotate(count=Count("id"))
        .order_by()
    )
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for group in groups:
        column = MINISTRY_COLUMN.get(group["line__award_type__ministry_0603_column"])
        if column is None:  # not reported in 0603
            continue
        n = group["count"]
        codes = ["01"]
        kind, subject = group["line__nominee_kind"], group["line__subject_category"]
        if kind == NomineeKind.COLLECTIVE:
            codes.append("02")
            if subject == SubjectCategory.ENTERPRISE or group["line__collective__is_enterprise"]:
                codes.append("03")
        elif kind == NomineeKind.HOUSEHOLD:
            codes.append("04")
        elif kind == NomineeKind.INDIVIDUAL:
            codes.append("05")
            if subject in SUBJECT_ROW:
                codes.append(SUBJECT_ROW[SubjectCategory(subject)])
        if group["line__method"] in METHOD_ROW:
            codes.append(METHOD_ROW[AwardMethod(group["line__method"])])
        for code in codes:
            counts[code][0] += n
            counts[code][column - 1] += n
    return Form0603Data(
        symbol="0603.N/BNV-TĐKT",
        title=TITLE_0603,
        subtitle="",
        columns=AWARD_COLUMNS,
        rows=rows_0603(counts),
        unit_column=True,
        **_common(council, year, today),  # type: ignore[arg-type]
    )
