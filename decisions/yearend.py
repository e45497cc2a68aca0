"""The year-end figures of a council's commendation work (the reference report's
section "Công tác khen thưởng"; the classifications of Thông tư 02/2023/TT-BNV).

Awarded: what the honours registry holds for the council and the year, i.e. the
awards of the council's own registered decisions and those of higher councils
that came back (a revoked decision's awards have left the registry; the filter
on the decision's status says so again).  Proposed: the lines of the council's
proposals (tờ trình) for the year's rounds, whatever the higher level made of
them; a proposal the office printed and sent on paper stays a draft here, so
drafts count too.

Two grouped queries (one per source), folded in Python into every breakdown:
the query count does not grow with the number of awards."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import BooleanField, Case, CharField, Count, Q, Value, When
from django.utils import timezone, translation

from common.text import fold
from councils.models import Council, CouncilLevel, UnitKind
from decisions.models import DecisionStatus, Honour, ProposalLine, ProposalResult
from nominations.models import AwardMethod, NomineeKind, SubjectCategory
from printing import formats as docformat
from printing.data import Breakdown, FigureRow, SubjectRow, SummaryRow, Tally, YearEndFigures

DOCUMENT_LANGUAGE = "vi"
COUNCIL_BODY = "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG"
REPORT_SYMBOL = "BC-HĐTĐKT"
LEVELS = list(CouncilLevel.values)
LEVEL_NAMES = {
    CouncilLevel.COMMUNE: "Cấp xã, phường, thị trấn",
    CouncilLevel.DISTRICT: "Cấp huyện",
    CouncilLevel.PROVINCE: "Cấp tỉnh",
    CouncilLevel.CENTRAL: "Cấp Trung ương",
}
UNKNOWN_UNIT = "Không xác định đơn vị"
UNCLASSIFIED = "Chưa phân loại"
INDIVIDUAL_CATEGORIES = (
    SubjectCategory.LEADER_CENTRAL,
    SubjectCategory.LEADER_DEPARTMENT,
    SubjectCategory.BUSINESS,
    SubjectCategory.LEADER_OTHER,
    SubjectCategory.DIRECT_WORKER,
)

AWARDED = "awarded"
PROPOSED = "proposed"


@dataclass(frozen=True)
class Group:
    """One group of the grouped queries: this many holders of one kind, award,
    unit, method and category, from one source."""

    source: str  # AWARDED or PROPOSED
    kind: str
    count: int
    award_code: str
    award_name: str
    level: str
    unit_id: int | None
    unit_name: str
    unit_kind: str
    method: str
    subject: str
    own: bool = False  # awarded by the council's own decision
    result: str = ""  # of a proposed line: pending / awarded / not awarded


def _tally(groups: Iterable[Group]) -> Tally:
    counts: dict[str, int] = defaultdict(int)
    for group in groups:
        counts[group.kind] += group.count
    return Tally(
        collectives=counts[NomineeKind.COLLECTIVE],
        households=counts[NomineeKind.HOUSEHOLD],
        individuals=counts[NomineeKind.INDIVIDUAL],
    )


def _count(groups: Iterable[Group], **match: str) -> int:
    return sum(group.count for group in groups if all(getattr(group, k) == v for k, v in match.items()))


def awarded_groups(council: Council, year: int) -> list[Group]:
    """The registry's awards of the council and year, grouped (one query)."""
    rows = (
        Honour.objects.filter(council=council, year=year)
        .filter(Q(decision__isnull=True) | Q(decision__status=DecisionStatus.REGISTERED))
        .annotate(
            kind=Case(
                When(person__isnull=False, then=Value(NomineeKind.INDIVIDUAL.value)),
                When(collective__isnull=False, then=Value(NomineeKind.COLLECTIVE.value)),
                default=Value(NomineeKind.HOUSEHOLD.value),
                output_field=CharField(),
            ),
            own=Case(
                When(decision__council_id=council.pk, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .values(
            "kind",
            "own",
            "award_type__code",
            "award_type__name_vi",
            "award_type__deciding_level",
            "source_line__nomination__unit_id",
            "source_line__nomination__unit_name",
            "source_line__nomination__unit__kind",
            "source_line__method",
            "source_line__subject_category",
        )
        .annotate(count=Count("id"))
        .order_by()  # the model's ordering would split the groups
    )
    return [
        Group(
            source=AWARDED,
            kind=row["kind"],
            count=row["count"],
            award_code=row["award_type__code"],
            award_name=row["award_type__name_vi"],
            level=row["award_type__deciding_level"],
            unit_id=row["source_line__nomination__unit_id"],
            unit_name=row["source_line__nomination__unit_name"] or "",
            unit_kind=row["source_line__nomination__unit__kind"] or "",
            method=row["source_line__method"] or "",
            subject=row["source_line__subject_category"] or "",
            own=bool(row["own"]),
        )
        for row in rows
    ]


def proposed_groups(council: Council, year: int) -> list[Group]:
    """The lines of the council's proposals for the year's rounds, grouped (one query)."""
    rows = (
        ProposalLine.objects.filter(proposal__council=council, line__nomination__round__year=year)
        .values(
            "result",
            "line__nominee_kind",
            "line__award_type__code",
            "line__award_type__name_vi",
            "line__award_type__deciding_level",
            "line__nomination__unit_id",
            "line__nomination__unit_name",
            "line__nomination__unit__kind",
            "line__method",
            "line__subject_category",
        )
        .annotate(count=Count("id"))
        .order_by()
    )
    return [
        Group(
            source=PROPOSED,
            kind=row["line__nominee_kind"],
            count=row["count"],
            award_code=row["line__award_type__code"],
            award_name=row["line__award_type__name_vi"],
            level=row["line__award_type__deciding_level"],
            unit_id=row["line__nomination__unit_id"],
            unit_name=row["line__nomination__unit_name"],
            unit_kind=row["line__nomination__unit__kind"],
            method=row["line__method"],
            subject=row["line__subject_category"],
            result=row["result"],
        )
        for row in rows
    ]


# --- Folding the groups into the tables ------------------------------------------------


def _breakdown(
    key: str,
    title: str,
    heading: str,
    groups: list[Group],
    row_key: Callable[[Group], str],
    order: list[tuple[str, str]],
) -> Breakdown:
    """Rows in ``order`` ((key, label) pairs); a key of the groups that ``order`` lacks is
    added at the end under its own key, so nothing counted is ever left out of a table."""
    by_key: dict[str, list[Group]] = defaultdict(list)
    for group in groups:
        by_key[row_key(group)].append(group)
    known = {k for k, _label in order}
    order = order + [(k, k or UNCLASSIFIED) for k in sorted(by_key) if k not in known]
    rows = tuple(
        FigureRow(
            key=k,
            label=label,
            awarded=_tally(g for g in by_key[k] if g.source == AWARDED),
            proposed=_tally(g for g in by_key[k] if g.source == PROPOSED),
        )
        for k, label in order
    )
    total = FigureRow(
        key="total",
        label="Tổng cộng",
        awarded=_tally(g for g in groups if g.source == AWARDED),
        proposed=_tally(g for g in groups if g.source == PROPOSED),
    )
    return Breakdown(key=key, title=title, heading=heading, rows=rows, total=total)


def _natural(text: str) -> list[tuple[int, int | str]]:
    """ "Tiểu khu 2" before "Tiểu khu 10"; letters without their marks."""
    return [(0, int(part)) if part.isdigit() else (1, fold(part)) for part in re.split(r"(\d+)", text) if part]


def _by_award_type(groups: list[Group]) -> Breakdown:
    names: dict[str, tuple[int, str]] = {}
    for group in groups:
        level = LEVELS.index(group.level) if group.level in LEVELS else len(LEVELS)
        names[group.award_code] = (level, group.award_name)
    order = sorted(names, key=lambda code: (names[code][0], _natural(names[code][1]), code))
    return _breakdown(
        "award_type",
        "II. THEO HÌNH THỨC KHEN THƯỞNG",
        "Hình thức khen thưởng",
        groups,
        lambda g: g.award_code,
        [(code, names[code][1]) for code in order],
    )


def _by_unit(groups: list[Group]) -> Breakdown:
    """One row per nominating unit, under the name its dossiers of the year were sent under (a
    unit merged or renamed since keeps the year's name; one renamed within the year shows both)."""
    kinds = list(UnitKind.values)
    names: dict[str, set[str]] = defaultdict(set)
    units: dict[str, tuple[int, str]] = {}
    for group in groups:
        key = str(group.unit_id) if group.unit_id else ""
        kind = kinds.index(group.unit_kind) if group.unit_kind in kinds else len(kinds)
        names[key].add(group.unit_name or UNKNOWN_UNIT)
        units[key] = (kind, " / ".join(sorted(names[key], key=_natural)))
    order = sorted(units, key=lambda key: (key == "", units[key][0], _natural(units[key][1])))
    return _breakdown(
        "unit",
        "III. THEO ĐƠN VỊ ĐỀ NGHỊ",
        "Đơn vị",
        groups,
        lambda g: str(g.unit_id) if g.unit_id else "",
        [(key, units[key][1]) for key in order],
    )


def level_label(level: str, council_level: str) -> str:
    name = LEVEL_NAMES.get(CouncilLevel(level), level) if level in LEVELS else level
    if level == council_level:
        return f"{name} (thẩm quyền của Hội đồng)"
    if level in LEVELS and council_level in LEVELS and LEVELS.index(level) > LEVELS.index(council_level):
        return f"{name} (cấp trên)"
    return name


def _by_level(groups: list[Group], council_level: str) -> Breakdown:
    """The council's own level and every level above it, even at zero; a lower level only where
    something was counted at it."""
    start = LEVELS.index(council_level) if council_level in LEVELS else 0
    counted = {group.level for group in groups}
    levels = [level for index, level in enumerate(LEVELS) if index >= start or level in counted]
    return _breakdown(
        "level",
        "IV. THEO CẤP KHEN THƯỞNG",
        "Cấp quyết định khen thưởng",
        groups,
        lambda g: g.level,
        [(level, level_label(level, council_level)) for level in levels],
    )


def _by_method(groups: list[Group]) -> Breakdown:
    with translation.override(DOCUMENT_LANGUAGE):
        order = [(str(method.value), str(method.label)) for method in AwardMethod]
    return _breakdown(
        "method", "V. THEO PHƯƠNG THỨC KHEN THƯỞNG", "Phương thức khen thưởng", groups, lambda g: g.method, order
    )


def _by_subject(groups: list[Group]) -> tuple[SubjectRow, ...]:
    awarded = [g for g in groups if g.source == AWARDED]
    proposed = [g for g in groups if g.source == PROPOSED]

    def row(
        key: str, label: str, match: dict[str, str], whole: dict[str, str] | None, **extra: int | bool
    ) -> SubjectRow:
        a, p = _count(awarded, **match), _count(proposed, **match)
        return SubjectRow(
            key=key,
            label=label,
            awarded=a,
            proposed=p,
            awarded_whole=_count(awarded, **whole) if whole else 0,
            proposed_whole=_count(proposed, **whole) if whole else 0,
            **extra,  # type: ignore[arg-type]
        )

    with translation.override(DOCUMENT_LANGUAGE):
        label = {str(c.value): str(c.label) for c in SubjectCategory}
    collective, individual = {"kind": NomineeKind.COLLECTIVE.value}, {"kind": NomineeKind.INDIVIDUAL.value}
    rows = [
        row("collective", "1. Tập thể", collective, None),
        row(
            SubjectCategory.ENTERPRISE.value,
            f"Trong đó: {label[SubjectCategory.ENTERPRISE].lower()}",
            {**collective, "subject": SubjectCategory.ENTERPRISE.value},
            collective,
            depth=1,
        ),
        row("household", "2. Hộ gia đình", {"kind": NomineeKind.HOUSEHOLD.value}, None),
        row("individual", "3. Cá nhân", individual, None),
    ]
    for category in INDIVIDUAL_CATEGORIES:
        direct = category == SubjectCategory.DIRECT_WORKER
        rows.append(
            row(
                category.value,
                f"{label[category]} (công nhân, nông dân, giáo viên, chiến sĩ…)" if direct else label[category],
                {**individual, "subject": category.value},
                individual,
                depth=1,
                emphasis=direct,
            )
        )
    unclassified = [g for g in groups if g.kind == NomineeKind.INDIVIDUAL and g.subject not in INDIVIDUAL_CATEGORIES]
    if unclassified:
        a = sum(g.count for g in unclassified if g.source == AWARDED)
        p = sum(g.count for g in unclassified if g.source == PROPOSED)
        rows.append(
            SubjectRow(
                "unclassified",
                UNCLASSIFIED,
                a,
                p,
                _count(awarded, **individual),
                _count(proposed, **individual),
                depth=1,
            )
        )
    return tuple(rows)


def _summary(groups: list[Group]) -> tuple[SummaryRow, ...]:
    awarded = [g for g in groups if g.source == AWARDED]
    proposed = [g for g in groups if g.source == PROPOSED]

    def where(rows: list[Group], test: Callable[[Group], bool]) -> Tally:
        return _tally(g for g in rows if test(g))

    return (
        SummaryRow("awarded", "1. Được khen thưởng", _tally(awarded)),
        SummaryRow("awarded_own", "Theo thẩm quyền của Hội đồng", where(awarded, lambda g: g.own), 1),
        SummaryRow("awarded_higher", "Do cấp trên khen thưởng", where(awarded, lambda g: not g.own), 1),
        SummaryRow("proposed", "2. Đề nghị cấp trên khen thưởng", _tally(proposed)),
        SummaryRow(
            "proposed_awarded",
            "Cấp trên đã khen thưởng",
            where(proposed, lambda g: g.result == ProposalResult.AWARDED),
            1,
        ),
        SummaryRow(
            "proposed_not_awarded",
            "Cấp trên không khen thưởng",
            where(proposed, lambda g: g.result == ProposalResult.NOT_AWARDED),
            1,
        ),
        SummaryRow(
            "proposed_pending", "Chờ cấp trên xét", where(proposed, lambda g: g.result == ProposalResult.PENDING), 1
        ),
    )


def yearend_figures(council: Council, year: int, *, today: dt.date | None = None) -> YearEndFigures:
    """Everything the annex prints for ``council`` and ``year`` (two queries)."""
    today = today or timezone.localdate()
    groups = awarded_groups(council, year) + proposed_groups(council, year)
    summary = _summary(groups)
    tallies = {row.key: row.tally for row in summary}
    direct = SubjectCategory.DIRECT_WORKER.value
    individual = NomineeKind.INDIVIDUAL.value
    return YearEndFigures(
        year=year,
        council_name=council.name,
        parent_lines=docformat.issuing_body_lines(council.issuing_body),
        body_lines=(COUNCIL_BODY,),
        place_date=docformat.administrative_date(council.place_name, None, month_of=today),
        attached_to=(
            f"(Kèm theo Báo cáo số {docformat.number_reference(None, council.report_symbol or REPORT_SYMBOL)} "
            f"{docformat.spelled_date(None, month_of=today)} của {council.name})"
        ),
        awarded=tallies["awarded"],
        awarded_own=tallies["awarded_own"],
        awarded_higher=tallies["awarded_higher"],
        proposed=tallies["proposed"],
        proposed_awarded=tallies["proposed_awarded"],
        proposed_not_awarded=tallies["proposed_not_awarded"],
        proposed_pending=tallies["proposed_pending"],
        direct_workers_awarded=_count([g for g in groups if g.source == AWARDED], kind=individual, subject=direct),
        direct_workers_proposed=_count([g for g in groups if g.source == PROPOSED], kind=individual, subject=direct),
        summary=summary,
        summary_title="I. TỔNG HỢP",
        note=(
            f"Ghi chú: số được khen thưởng lấy từ sổ theo dõi khen thưởng năm {year} (quyết định đã vào số, "
            "không tính quyết định đã thu hồi; khen thưởng của cấp trên đã có quyết định); số đề nghị là các dòng "
            f"trong tờ trình của Hội đồng gửi cấp trên năm {year}."
        ),
        by_award_type=_by_award_type(groups),
        by_unit=_by_unit(groups),
        by_level=_by_level(groups, council.level),
        by_method=_by_method(groups),
        by_subject=_by_subject(groups),
        subject_title="VI. THEO ĐỐI TƯỢNG KHEN THƯỞNG (Thông tư 02/2023/TT-BNV)",
    )
