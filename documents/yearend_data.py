"""Plain data of the year-end statistics annex (phụ lục số liệu công tác khen
thưởng): what a council awarded and proposed to higher levels in a year, broken
down as the year-end report and the Ministry's forms (Thông tư 02/2023/TT-BNV)
count it.  No ORM: ``nominations.yearend_selectors.yearend_figures`` fills it,
the PDF and spreadsheet builders in ``documents.yearend`` print it, and the
page shows it.  Every label is the Vietnamese text printed on the annex."""

from __future__ import annotations

from dataclasses import dataclass

TITLE = "PHỤ LỤC"
SUBTITLE = "SỐ LIỆU CÔNG TÁC KHEN THƯỞNG NĂM {year}"

# The columns every breakdown shows, once for what was awarded and once for
# what was proposed to higher levels.
KIND_COLUMNS = ("Tập thể", "Hộ gia đình", "Cá nhân", "Cộng")
AWARDED_HEADING = "Được khen thưởng"
PROPOSED_HEADING = "Đề nghị cấp trên khen thưởng"


def vn_number(value: int) -> str:
    """A count as Vietnamese documents write it: dots between thousands (2900 -> "2.900")."""
    return f"{value:,}".replace(",", ".")


def vn_share(part: int, whole: int) -> str:
    """A share with a decimal comma, two decimals ("66,67%"); "" when there is no whole."""
    if not whole:
        return ""
    return f"{part * 100 / whole:.2f}".replace(".", ",") + "%"


@dataclass(frozen=True)
class Tally:
    """How many collectives, households and individuals."""

    collectives: int = 0
    households: int = 0
    individuals: int = 0

    @property
    def total(self) -> int:
        return self.collectives + self.households + self.individuals

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.collectives + other.collectives,
            self.households + other.households,
            self.individuals + other.individuals,
        )

    def cells(self) -> tuple[int, int, int, int]:
        """In the order of ``KIND_COLUMNS``."""
        return (self.collectives, self.households, self.individuals, self.total)


@dataclass(frozen=True)
class FigureRow:
    """One row of a breakdown: an award type, a unit, a level or a method.
    ``key`` identifies it (an award code, a unit id, a level or method code)."""

    key: str
    label: str
    awarded: Tally
    proposed: Tally


@dataclass(frozen=True)
class Breakdown:
    """A table of the annex: its rows and their total."""

    key: str
    title: str
    heading: str
    rows: tuple[FigureRow, ...]
    total: FigureRow

    def row(self, key: str) -> FigureRow | None:
        return next((row for row in self.rows if row.key == key), None)


@dataclass(frozen=True)
class SummaryRow:
    """A line of the summary: awarded (by the council itself, by higher levels),
    proposed (and what became of it).  ``depth`` 1 is a "trong đó" line."""

    key: str
    label: str
    tally: Tally
    depth: int = 0


@dataclass(frozen=True)
class SubjectRow:
    """A line of the subject table (Thông tư 02/2023/TT-BNV): collectives (of
    which enterprises), households, individuals by category.  A "trong đó" line
    (``depth`` 1) has a share of its whole: enterprises of all collectives, a
    category of all individuals (``*_whole`` 0: no share).  ``emphasis`` marks
    the people working directly, whose share the law watches."""

    key: str
    label: str
    awarded: int
    proposed: int
    awarded_whole: int = 0
    proposed_whole: int = 0
    depth: int = 0
    emphasis: bool = False

    @property
    def awarded_share(self) -> str:
        return vn_share(self.awarded, self.awarded_whole)

    @property
    def proposed_share(self) -> str:
        return vn_share(self.proposed, self.proposed_whole)


@dataclass(frozen=True)
class YearEndFigures:
    """The annex: its header and every table, all as printed."""

    year: int
    council_name: str
    parent_lines: tuple[str, ...]
    body_lines: tuple[str, ...]
    place_date: str
    attached_to: str
    awarded: Tally
    awarded_own: Tally
    awarded_higher: Tally
    proposed: Tally
    proposed_awarded: Tally
    proposed_not_awarded: Tally
    proposed_pending: Tally
    direct_workers_awarded: int
    direct_workers_proposed: int
    summary: tuple[SummaryRow, ...]
    summary_title: str
    note: str
    by_award_type: Breakdown
    by_unit: Breakdown
    by_level: Breakdown
    by_method: Breakdown
    by_subject: tuple[SubjectRow, ...]
    subject_title: str
    national_name: str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    motto: str = "Độc lập - Tự do - Hạnh phúc"

    @property
    def title(self) -> str:
        return TITLE

    @property
    def subtitle(self) -> str:
        return SUBTITLE.format(year=self.year)

    @property
    def breakdowns(self) -> tuple[Breakdown, ...]:
        return (self.by_award_type, self.by_unit, self.by_level, self.by_method)

    @property
    def is_empty(self) -> bool:
        return not (self.awarded.total or self.proposed.total)
