"""Forms 0601 and 0603.N/BNV-TĐKT of Thông tư 02/2023/TT-BNV (the Ministry of Home Affairs'
yearly statistics of emulation and commendation) in their own rows, codes and columns, as a
PDF (A4 portrait, the serif family of ``printing.fonts``) and as a spreadsheet.  Pure: the
data are plain dataclasses, the builders know nothing of the ORM.  Empty cells print 0."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from printing.data import vn_number
from printing.fonts import BOLD, FAMILY, ITALIC
from printing.layout import FRAME_WIDTH, build_pdf, markup
from printing.spreadsheet import put_cell

ISSUED_BY = "Ban hành theo Thông tư số 02/2023/TT-BNV ngày 23/3/2023"
RECEIVING_DAY = "Ngày nhận báo cáo: Ngày 15 tháng 12 năm báo cáo"
PREPARER = "Người lập biểu"
PREPARER_SIGN = "(Ký, họ tên)"
HEAD_SIGN = "(Ký, họ tên, đóng dấu)"


@dataclass(frozen=True)
class FormRow:
    """One row: its label (column A), code (B), unit (C, 0603 only) and figures; a section
    heading has no code and no figures."""

    label: str
    code: str = ""
    cells: tuple[int, ...] = ()
    unit: str = ""
    bold: bool = False
    depth: int = 0

    @property
    def is_heading(self) -> bool:
        return not self.code


@dataclass(frozen=True)
class TT02Form:
    symbol: str  # "0601.N/BNV-TĐKT"
    title: str
    subtitle: str
    year: int
    reporting_unit: str
    receiving_unit: str
    columns: tuple[str, ...]  # the numbered columns' headings, 1 first
    rows: tuple[FormRow, ...]
    place_date: str
    head_title: str = "THỦ TRƯỞNG ĐƠN VỊ"
    unit_column: bool = False

    @property
    def header_left(self) -> tuple[str, ...]:
        return (f"Biểu số: {self.symbol}", ISSUED_BY, RECEIVING_DAY)

    @property
    def header_right(self) -> tuple[str, ...]:
        return (f"Đơn vị báo cáo: {self.reporting_unit}", f"Đơn vị nhận báo cáo: {self.receiving_unit}")

    @property
    def period(self) -> str:
        return f"Thời điểm báo cáo: Năm {self.year}"

    def cell(self, code: str, column: int) -> int:
        """The figure of row ``code`` in numbered column ``column`` (1 = total)."""
        for row in self.rows:
            if row.code == code:
                return row.cells[column - 1]
        raise KeyError(code)


@dataclass(frozen=True)
class Form0601Data(TT02Form):
    pass


@dataclass(frozen=True)
class Form0603Data(TT02Form):
    pass


# --- Form 0601: campaigns ----------------------------------------------------------------

CAMPAIGN_COLUMNS = (
    "Tổng số",
    "Hội đồng Thi đua – Khen thưởng Trung ương phát động",
    "Bộ, ban, ngành, đoàn thể Trung ương, tỉnh phát động",
    "Cơ quan, tổ chức, đơn vị phát động",
)
# (label, code) in the form's order; a code "" is a section heading
ROWS_0601: tuple[tuple[str, str], ...] = (
    ("Tổng số", "01"),
    ("1. Phân theo phạm vi", ""),
    ("Toàn quốc", "02"),
    ("Bộ, ban, ngành, đoàn thể, địa phương", "03"),
    ("Cụm, khối thi đua do Hội đồng Thi đua – Khen thưởng các cấp tổ chức", "04"),
    ("Cơ quan, tổ chức, đơn vị", "05"),
    ("2. Phân theo thời gian", ""),
    ("Dưới 1 năm", "06"),
    ("1 năm", "07"),
    ("Từ 1 năm đến dưới 3 năm", "08"),
    ("Từ 3 năm đến dưới 5 năm", "09"),
    ("Từ 5 năm trở lên", "10"),
    ("3. Phân theo hình thức tổ chức", ""),
    ("Thi đua theo chuyên đề", "11"),
    ("Thi đua thường xuyên hàng năm", "12"),
)
TITLE_0601 = "SỐ PHONG TRÀO THI ĐUA"
SUBTITLE_0601 = "Đơn vị tính: Phong trào"


def _years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def campaign_duration_code(starts_on: dt.date, ends_on: dt.date) -> str:
    """The duration row of form 0601 (both days run): "06" under 1 year; "07" exactly 1 year
    (12 months: 1/1 to 31/12); "08" beyond 1 year and under 3; "09" from 3 years to under 5;
    "10" 5 years or more."""
    after = ends_on + dt.timedelta(days=1)  # the first day it no longer runs
    one = _years_after(starts_on, 1)
    if after < one:
        return "06"
    if after == one:
        return "07"
    if after < _years_after(starts_on, 3):
        return "08"
    if after < _years_after(starts_on, 5):
        return "09"
    return "10"


def rows_0601(counts: Mapping[str, Sequence[int]]) -> tuple[FormRow, ...]:
    """The rows from ``counts``: code -> (column 2, 3, 4); column 1 is their sum; a code
    absent is all 0."""
    rows = []
    for label, code in ROWS_0601:
        if not code:
            rows.append(FormRow(label, bold=True))
            continue
        split = tuple(counts.get(code, (0, 0, 0)))
        rows.append(FormRow(label, code, (sum(split), *split), bold=code == "01", depth=0 if code == "01" else 1))
    return tuple(rows)


# --- Form 0603: awards decided at ministry / province level ------------------------------

AWARD_COLUMNS = (
    "Tổng số",
    "Bằng khen",
    "Chiến sĩ thi đua cấp bộ, cấp tỉnh",
    "Cờ thi đua",
    "Huy hiệu (kỷ niệm chương)",
)
# (label, code, unit, depth)
ROWS_0603: tuple[tuple[str, str, str, int], ...] = (
    ("Tổng số", "01", "", 0),
    ("1. Phân theo đối tượng", "", "", 0),
    ("Tập thể", "02", "Tập thể", 1),
    ("Trong đó: Doanh nghiệp", "03", "Doanh nghiệp", 2),
    ("Hộ gia đình", "04", "Hộ", 1),
    ("Cá nhân", "05", "Người", 1),
    ("Trong đó: Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên", "06", "Người", 2),
    ("Lãnh đạo cấp vụ, sở, ngành và tương đương", "07", "Người", 2),
    ("Doanh nhân", "08", "Người", 2),
    ("Các cấp lãnh đạo khác từ phó phòng trở lên", "09", "Người", 2),
    (
        "Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ chiến đấu (công nhân, nông dân, …)",
        "10",
        "Người",
        2,
    ),
    ("2. Phân theo phương thức khen thưởng", "", "", 0),
    ("Thường xuyên", "11", "", 1),
    ("Chuyên đề", "12", "", 1),
    ("Đột xuất", "13", "", 1),
    ("Đối ngoại", "14", "", 1),
    ("Cống hiến", "15", "", 1),
    ("Niên hạn", "16", "", 1),
    ("Kháng chiến", "17", "", 1),
)
TITLE_0603 = "SỐ LƯỢNG KHEN THƯỞNG CẤP BỘ, BAN, NGÀNH, ĐOÀN THỂ TRUNG ƯƠNG VÀ TỈNH, THÀNH PHỐ TRỰC THUỘC TRUNG ƯƠNG"


def rows_0603(counts: Mapping[str, Sequence[int]]) -> tuple[FormRow, ...]:
    """The rows from ``counts``: code -> (column 1 .. 5); a code absent is all 0."""
    rows = []
    for label, code, unit, depth in ROWS_0603:
        if not code:
            rows.append(FormRow(label, bold=True))
            continue
        cells = tuple(counts.get(code, (0, 0, 0, 0, 0)))
        rows.append(FormRow(label, code, cells, unit=unit, bold=code == "01", depth=depth))
    return tuple(rows)


# --- PDF ---------------------------------------------------------------------------------

SIZE = 10.5


def _style(
    name: str, *, font: str = FAMILY, size: float = SIZE, align: int = TA_CENTER, **extra: float
) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.22, alignment=align, **extra)


HEAD_LEFT = _style("tt02-head-left", size=10, align=TA_LEFT)
HEAD_LEFT_BOLD = _style("tt02-head-left-bold", font=BOLD, size=10, align=TA_LEFT)
TITLE = _style("tt02-title", font=BOLD, size=13, spaceBefore=4 * mm)
PERIOD = _style("tt02-period", font=ITALIC, size=11, spaceBefore=1 * mm)
SUB = _style("tt02-sub", font=ITALIC, size=10, align=2)
HEAD = _style("tt02-cell-head", font=BOLD)
CELL = _style("tt02-cell", align=TA_LEFT)
CELL_BOLD = _style("tt02-cell-bold", font=BOLD, align=TA_LEFT)
NUMBER = _style("tt02-number")
NUMBER_BOLD = _style("tt02-number-bold", font=BOLD)
SIGN_TITLE = _style("tt02-sign-title", font=BOLD, size=12)
SIGN_NOTE = _style("tt02-sign-note", font=ITALIC, size=11)
PLACE = _style("tt02-place", font=ITALIC, size=11)


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(markup(text), style)


def _header(form: TT02Form) -> Table:
    left = [_p(form.header_left[0], HEAD_LEFT_BOLD), *(_p(line, HEAD_LEFT) for line in form.header_left[1:])]
    right = [_p(line, HEAD_LEFT) for line in form.header_right]
    table = Table([[left, right]], colWidths=[FRAME_WIDTH * 0.5, FRAME_WIDTH * 0.5])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FAMILY),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _grid(form: TT02Form) -> Table:
    numbered = len(form.columns)
    code_width = 11 * mm
    unit_width = 17 * mm if form.unit_column else 0
    figure_width = (25 if numbered <= 4 else 17) * mm
    label_width = FRAME_WIDTH - code_width - unit_width - numbered * figure_width
    lettered = ["A", "B", *(["C"] if form.unit_column else [])]
    head = [_p("", HEAD), _p("Mã số", HEAD), *([_p("Đơn vị tính", HEAD)] if form.unit_column else [])]
    head += [_p(column, HEAD) for column in form.columns]
    letters = [_p(letter, NUMBER) for letter in lettered] + [_p(str(n), NUMBER) for n in range(1, numbered + 1)]
    rows: list[list[object]] = [head, letters]
    for row in form.rows:
        label = ("    " * max(row.depth - 1, 0)) + row.label
        line: list[object] = [_p(label, CELL_BOLD if row.bold or row.is_heading else CELL), _p(row.code, NUMBER)]
        if form.unit_column:
            line.append(_p(row.unit, NUMBER))
        if row.is_heading:
            line += [""] * numbered
        else:
            line += [_p(vn_number(value), NUMBER_BOLD if row.bold else NUMBER) for value in row.cells]
        rows.append(line)
    widths = [label_width, code_width, *([unit_width] if form.unit_column else []), *[figure_width] * numbered]
    table = Table(rows, colWidths=widths, repeatRows=2)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FAMILY),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("BACKGROUND", (0, 0), (-1, 1), colors.Color(0.93, 0.93, 0.93)),
            ]
        )
    )
    return table


def _footer(form: TT02Form) -> Table:
    left = [_p(" ", PLACE), _p(PREPARER, SIGN_TITLE), _p(PREPARER_SIGN, SIGN_NOTE)]
    right = [_p(form.place_date, PLACE), _p(form.head_title, SIGN_TITLE), _p(HEAD_SIGN, SIGN_NOTE)]
    table = Table([[left, right]], colWidths=[FRAME_WIDTH * 0.45, FRAME_WIDTH * 0.55])
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FAMILY), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def _build_pdf(form: TT02Form) -> bytes:
    story: list[Flowable] = [
        _header(form),
        _p(form.title, TITLE),
        _p(form.period, PERIOD),
        Spacer(1, 2 * mm),
        _p(form.subtitle, SUB) if form.subtitle else Spacer(1, 1),
        Spacer(1, 1 * mm),
        _grid(form),
        Spacer(1, 6 * mm),
        _footer(form),
    ]
    return build_pdf(story, title=f"Biểu số {form.symbol} – {form.title}")


def build_0601_pdf(data: Form0601Data) -> bytes:
    return _build_pdf(data)


def build_0603_pdf(data: Form0603Data) -> bytes:
    return _build_pdf(data)


# --- Spreadsheet -------------------------------------------------------------------------

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)


def _build_xlsx(form: TT02Form) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101  type narrowing for mypy, not a check
    sheet.title = form.symbol.split("/")[0]
    numbered = len(form.columns)
    lettered = 3 if form.unit_column else 2
    last = lettered + numbered
    for index, line in enumerate(form.header_left, start=1):
        put_cell(sheet, index, 1, line).font = Font(bold=index == 1)
    for index, line in enumerate(form.header_right, start=1):
        put_cell(sheet, index, lettered + 1, line)
    put_cell(sheet, 5, 1, form.title).font = Font(bold=True, size=13)
    put_cell(sheet, 6, 1, form.period).font = Font(italic=True)
    if form.subtitle:
        put_cell(sheet, 7, 1, form.subtitle).font = Font(italic=True)
    head_row = 9
    heads = ["", "Mã số", *(["Đơn vị tính"] if form.unit_column else []), *form.columns]
    letters = ["A", "B", *(["C"] if form.unit_column else []), *(str(n) for n in range(1, numbered + 1))]
    for column, (head, letter) in enumerate(zip(heads, letters, strict=True), start=1):
        for row, value in ((head_row, head), (head_row + 1, letter)):
            cell = put_cell(sheet, row, column, value)
            cell.font = Font(bold=row == head_row)
            cell.alignment = WRAP_CENTER
            cell.border = BOX
    row = head_row + 2
    for form_row in form.rows:
        values: list[object] = [("    " * max(form_row.depth - 1, 0)) + form_row.label, form_row.code]
        if form.unit_column:
            values.append(form_row.unit)
        values += [None] * numbered if form_row.is_heading else list(form_row.cells)
        for column, figure in enumerate(values, start=1):
            cell = put_cell(sheet, row, column, figure)
            cell.border = BOX
            cell.alignment = WRAP_LEFT if column == 1 else WRAP_CENTER
            if form_row.bold or form_row.is_heading:
                cell.font = Font(bold=True)
        row += 1
    row += 1
    put_cell(sheet, row, lettered + 1, form.place_date).font = Font(italic=True)
    put_cell(sheet, row + 1, 1, PREPARER).font = Font(bold=True)
    put_cell(sheet, row + 1, lettered + 1, form.head_title).font = Font(bold=True)
    put_cell(sheet, row + 2, 1, PREPARER_SIGN).font = Font(italic=True)
    put_cell(sheet, row + 2, lettered + 1, HEAD_SIGN).font = Font(italic=True)
    widths = [60, 8, *([12] if form.unit_column else []), *[16] * numbered]
    for column, width in enumerate(widths[:last], start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(row=head_row + 2, column=lettered + 1)
    workbook.properties.title = f"Biểu số {form.symbol} – {form.title}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def build_0601_xlsx(data: Form0601Data) -> bytes:
    return _build_xlsx(data)


def build_0603_xlsx(data: Form0603Data) -> bytes:
    return _build_xlsx(data)


# --- Samples (Hà Trung town, 2023-like) ---------------------------------------------------

SAMPLE_UNIT = "Hội đồng Thi đua – Khen thưởng thị trấn Hà Trung"
SAMPLE_PARENT = "Hội đồng Thi đua – Khen thưởng huyện Hà Trung"
SAMPLE_PLACE = "Hà Trung, ngày 10 tháng 12 năm 2023"


def sample_0601() -> Form0601Data:
    counts = {
        "01": (0, 2, 5),
        "03": (0, 2, 0),
        "05": (0, 0, 5),
        "06": (0, 0, 2),
        "07": (0, 1, 3),
        "10": (0, 1, 0),
        "11": (0, 1, 2),
        "12": (0, 1, 3),
    }
    return Form0601Data(
        symbol="0601.N/BNV-TĐKT",
        title=TITLE_0601,
        subtitle=SUBTITLE_0601,
        year=2023,
        reporting_unit=SAMPLE_UNIT,
        receiving_unit=SAMPLE_PARENT,
        columns=CAMPAIGN_COLUMNS,
        rows=rows_0601(counts),
        place_date=SAMPLE_PLACE,
    )


def sample_0603() -> Form0603Data:
    counts = {
        "01": (12, 11, 1, 0, 0),
        "02": (5, 5, 0, 0, 0),
        "03": (1, 1, 0, 0, 0),
        "05": (7, 6, 1, 0, 0),
        "09": (2, 1, 1, 0, 0),
        "10": (5, 5, 0, 0, 0),
        "11": (9, 8, 1, 0, 0),
        "13": (3, 3, 0, 0, 0),
    }
    return Form0603Data(
        symbol="0603.N/BNV-TĐKT",
        title=TITLE_0603,
        subtitle="",
        year=2023,
        reporting_unit=SAMPLE_UNIT,
        receiving_unit=SAMPLE_PARENT,
        columns=AWARD_COLUMNS,
        rows=rows_0603(counts),
        place_date=SAMPLE_PLACE,
        unit_column=True,
    )
