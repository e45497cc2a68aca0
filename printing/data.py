"""The data contract of every paper: plain frozen dataclasses, every text already
as printed; no ORM, no request, no language.  ``documents.mappers`` and
``documents.selectors`` fill them from the database, the builders of this
package print them, the samples and benchmarks fill them by hand."""

from __future__ import annotations

from dataclasses import dataclass, field

# A paper is the Vietnamese text the office signs, whatever the language of the page around it.
DOCUMENT_LANGUAGE = "vi"

# Paper sizes a council can print certificates on (landscape).
PAPER_A4 = "A4"
PAPER_A3 = "A3"
PAPERS = (PAPER_A4, PAPER_A3)

# Whom a certificate honours: the wording under the award's name differs.
INDIVIDUAL = "individual"
COLLECTIVE = "collective"
HOUSEHOLD = "household"


@dataclass(frozen=True)
class CertificateData:
    """One certificate of merit (Giấy khen), every text already as printed.

    ``authority_lines``: "CHỦ TỊCH" / "ỦY BAN NHÂN DÂN THỊ TRẤN HÀ TRUNG".
    ``award_name``: "GIẤY KHEN".  ``awardee``: "Ông Nguyễn Văn An" or the
    collective's name.  ``unit``: "Tiểu khu 3" or "" (an awardee without a
    unit prints no unit line).  ``achievement``: "Đã có thành tích xuất sắc …".
    ``decision_line``: "Quyết định số 15/QĐ-UBND ngày 20/12/2023".
    ``serial``: the register number printed bottom left ("Số sổ: 2023-0015").
    ``place_date``: "Hà Trung, ngày 20 tháng 12 năm 2023".
    ``signer_capacity_lines``: ("CHỦ TỊCH",) or ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH").
    ``verify_url``: what the QR code encodes ("" prints no QR code).
    ``award_verb``: the line above the paper's name, "TẶNG" ("" prints none).
    ``award_phrase``: what the paper says the awardee reached, printed as the
    achievement box's first line ("Đạt danh hiệu “Lao động tiên tiến” năm 2026";
    "" for a commendation)."""

    kind: str
    authority_lines: tuple[str, ...]
    award_name: str
    awardee: str
    unit: str
    achievement: str
    decision_line: str
    serial: str
    place_date: str
    signer_capacity_lines: tuple[str, ...]
    signer_name: str
    verify_url: str = ""
    national_name: str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    motto: str = "Độc lập - Tự do - Hạnh phúc"
    award_verb: str = "TẶNG"
    award_phrase: str = ""


@dataclass(frozen=True)
class FieldPosition:
    """Where a variable field goes on a pre-printed blank: the centre of its
    baseline, in millimetres from the sheet's left and top edges, its width
    and its largest type size."""

    x_mm: float
    y_mm: float
    width_mm: float
    size_pt: float


@dataclass(frozen=True)
class CertificateLayout:
    """How a council prints its certificates.

    ``text_only``: print only the variable fields (awardee, unit, achievement,
    decision line, serial, place and date, signer) onto pre-printed blanks
    (phôi), at ``positions`` (field name -> FieldPosition; missing fields use
    the full layout's places).  ``offset_x_mm``/``offset_y_mm`` shift
    everything to match the council's printer."""

    paper: str = PAPER_A4
    text_only: bool = False
    positions: dict[str, FieldPosition] = field(default_factory=dict)
    offset_x_mm: float = 0.0
    offset_y_mm: float = 0.0
    min_size_pt: float = 11.0


# --- The council's documents: decision, ballot, minutes, proposal ----------------

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


@dataclass(frozen=True)
class Header:
    """The block above the title: the issuing body on the left (its parent body,
    if any, above it in plain capitals), the national name and motto on the right,
    the number under the body and the place and date under the motto."""

    parent_body: str
    body_lines: tuple[str, ...]
    number: str
    place_date: str
    national_name: str = NATIONAL_NAME
    motto: str = MOTTO


@dataclass(frozen=True)
class Signature:
    capacity_lines: tuple[str, ...]
    name: str


@dataclass(frozen=True)
class ListRow:
    """A row of an attached list: No., name, position/unit, form, money (or the votes),
    and the summary of the achievement, printed whole under the row in the PDF lists."""

    number: int
    name: str
    position_unit: str
    form: str
    amount: int | None = None
    amount_text: str = ""
    votes_text: str = ""
    achievement: str = ""


@dataclass(frozen=True)
class Article:
    label: str
    text: str


@dataclass(frozen=True)
class DecisionDocument:
    header: Header
    title: str
    subject: str
    authority: str
    legal_bases: tuple[str, ...]
    considering: str
    decides: str
    articles: tuple[Article, ...]
    signature: Signature
    recipients_title: str
    recipients: tuple[str, ...]
    list_title: str
    list_caption: str
    rows: tuple[ListRow, ...]
    total: int
    total_text: str
    status: str
    is_draft: bool
    stamp: str


@dataclass(frozen=True)
class BallotDocument:
    header: Header
    title: str
    subject: str
    meeting: str
    instruction: str
    agree_label: str
    disagree_label: str
    rows: tuple[ListRow, ...]


@dataclass(frozen=True)
class MemberRow:
    name: str
    position: str
    attendance: str


@dataclass(frozen=True)
class ResultRow:
    number: int
    name: str
    position_unit: str
    form: str
    agree: int
    disagree: int
    blank: int
    recused: int
    base: int
    percent_text: str
    passed: bool
    outcome: str
    not_voted: int = 0  # taking part, not recused from the line, cast no ballot

    def cells(self) -> tuple[str, ...]:
        """The row as the minutes' results table prints it (PDF and Word), column by column."""
        return (
            str(self.number),
            self.name,
            self.position_unit,
            self.form,
            str(self.agree),
            str(self.disagree),
            str(self.blank),
            str(self.recused),
            str(self.not_voted),
            str(self.base),
            self.percent_text,
            self.outcome,
        )


@dataclass(frozen=True)
class MinutesDocument:
    """The minutes of a session.  Besides the attendance, the results table and the
    conclusions, the counting record (biên bản kiểm phiếu) as signed with the results:
    ``counting`` ("Số phiếu phát ra: 7 …", the absent members), ``early_close`` (the
    reason the vote closed before its time, or ""), ``void_votes`` (one sentence per
    vote declared void for want of the quorum), ``results_note`` (how a row adds up,
    under the table) and the sorted ballot ``trackers`` after ``trackers_intro``."""

    header: Header
    title: str
    subject: str
    opening: str
    chair: str
    secretary: str
    members_total: int
    present_total: int
    quorum_needed: int
    quorum_text: str
    present: tuple[MemberRow, ...]
    absent: tuple[MemberRow, ...]
    rows: tuple[ResultRow, ...]
    conclusions: tuple[str, ...]
    chairman_note: str
    digest: str
    digest_text: str
    closing: str
    signatures: tuple[Signature, Signature]
    integrity_ok: bool
    integrity_problems: tuple[str, ...]
    results_note: str = ""
    counting: tuple[str, ...] = ()
    early_close: str = ""
    void_votes: tuple[str, ...] = ()
    trackers_intro: str = ""
    trackers: tuple[str, ...] = ()
    # the "Căn cứ …;" sentences in force on the meeting's day, printed before the opening
    legal_bases: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProposalDocument:
    header: Header
    title: str
    subject: str
    addressee: str
    paragraphs: tuple[str, ...]
    list_title: str
    list_caption: str
    rows: tuple[ListRow, ...]
    signature: Signature
    recipients_title: str
    recipients: tuple[str, ...]


# --- The year-end figures ----------------------------------------------------------

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
