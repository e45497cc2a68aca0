"""The year-end statistics annex as a PDF (administrative format of Nghị định
30/2020/NĐ-CP: A4 portrait, the serif family of ``documents.fonts``) and as a
spreadsheet.  Pure functions of ``YearEndFigures``: no ORM, no request."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from printing.data import (
    AWARDED_HEADING,
    KIND_COLUMNS,
    PROPOSED_HEADING,
    Breakdown,
    FigureRow,
    Header,
    SubjectRow,
    SummaryRow,
    YearEndFigures,
    vn_number,
)
from printing.fonts import BOLD, FAMILY, ITALIC
from printing.layout import FRAME_WIDTH, build_pdf, header_block, markup, rule, text_width
from printing.spreadsheet import put_cell

TABLE_SIZE = 10.5
GRID = colors.black


def _text(value: str) -> str:
    """Text from the data made safe for ReportLab's markup (``layout.markup``: NFC, a visible
    mark for what the font lacks, escaped, a draft's blanks kept)."""
    return markup(value)


def _style(
    name: str, *, font: str = FAMILY, size: float = 13, align: int = TA_CENTER, **extra: float
) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.2, alignment=align, **extra)


def annex_header(figures: YearEndFigures) -> Table:
    """The administrative header block shared with the other documents (``layout.header_block``):
    the People's Committee over the council on the left, no number (the annex goes with the
    report that has one), the place and date on the right."""
    table = header_block(
        Header(
            parent_body=" ".join(figures.parent_lines),
            body_lines=figures.body_lines,
            number="",
            place_date=figures.place_date,
            national_name=figures.national_name,
            motto=figures.motto,
        )
    )
    # A table sets its cells' font even where they hold only paragraphs; left at ReportLab's
    # default, the page would name Helvetica, unembedded.
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FAMILY)]))
    return table


# --- The tables ---------------------------------------------------------------------------

CELL = _style("cell", size=TABLE_SIZE, align=TA_LEFT)
CELL_BOLD = _style("cell-bold", font=BOLD, size=TABLE_SIZE, align=TA_LEFT)
CELL_INDENT = _style("cell-indent", size=TABLE_SIZE, align=TA_LEFT, leftIndent=4 * mm)
CELL_INDENT_BOLD = _style("cell-indent-bold", font=BOLD, size=TABLE_SIZE, align=TA_LEFT, leftIndent=4 * mm)
HEAD = _style("head", font=BOLD, size=TABLE_SIZE)
NUMBER_COLUMN = 10 * mm
FIGURE_COLUMN = 13.5 * mm


def _head(text: str) -> Paragraph:
    return Paragraph(_text(text), HEAD)


def _grid_style(header_rows: int) -> list[tuple[object, ...]]:
    return [
        ("FONTNAME", (0, 0), (-1, -1), FAMILY),
        ("FONTSIZE", (0, 0), (-1, -1), TABLE_SIZE),
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.Color(0.93, 0.93, 0.93)),
    ]


NUMBER = _style("number", size=TABLE_SIZE)
NUMBER_BOLD = _style("number-bold", font=BOLD, size=TABLE_SIZE)


def _cell(text: str, *, bold: bool = False) -> Paragraph:
    """A centred figure; a paragraph like the names beside it, so both sit on one baseline."""
    return Paragraph(_text(text), NUMBER_BOLD if bold else NUMBER)


def _number_cells(cells: Sequence[int], *, bold: bool = False, bold_sums: bool = False) -> list[Paragraph]:
    """Figures in the order of ``KIND_COLUMNS`` (repeated); a sum ("Cộng") in bold if ``bold_sums``."""
    return [_cell(vn_number(value), bold=bold or (bold_sums and index % 4 == 3)) for index, value in enumerate(cells)]


def breakdown_table(breakdown: Breakdown) -> Table:
    """No., the row's name, then collectives / households / individuals / sum, awarded and proposed."""
    label_width = FRAME_WIDTH - NUMBER_COLUMN - 8 * FIGURE_COLUMN
    rows: list[list[object]] = [
        [
            _head("TT"),
            _head(breakdown.heading),
            _head(AWARDED_HEADING),
            "",
            "",
            "",
            _head(PROPOSED_HEADING),
            "",
            "",
            "",
        ],
        ["", "", *(_head(column) for column in KIND_COLUMNS * 2)],
    ]

    def figures(row: FigureRow, *, bold: bool = False) -> list[Paragraph]:
        return _number_cells(row.awarded.cells() + row.proposed.cells(), bold=bold, bold_sums=True)

    for index, row in enumerate(breakdown.rows, start=1):
        rows.append([_cell(str(index)), Paragraph(_text(row.label), CELL), *figures(row)])
    total = breakdown.total
    rows.append(["", Paragraph(_text(total.label), CELL_BOLD), *figures(total, bold=True)])
    style = _grid_style(2) + [
        ("SPAN", (0, 0), (0, 1)),
        ("SPAN", (1, 0), (1, 1)),
        ("SPAN", (2, 0), (5, 0)),
        ("SPAN", (6, 0), (9, 0)),
    ]
    table = Table(rows, colWidths=[NUMBER_COLUMN, label_width, *[FIGURE_COLUMN] * 8], repeatRows=2)
    table.setStyle(TableStyle(style))
    return table


def summary_table(rows_in: Sequence[SummaryRow]) -> Table:
    label_width = FRAME_WIDTH - 4 * 20 * mm
    rows: list[list[object]] = [[_head("Nội dung"), *(_head(column) for column in KIND_COLUMNS)]]
    for row in rows_in:
        label = Paragraph(_text(row.label), CELL_INDENT if row.depth else CELL_BOLD)
        rows.append([label, *_number_cells(row.tally.cells(), bold=not row.depth)])
    style = _grid_style(1)
    table = Table(rows, colWidths=[label_width, *[20 * mm] * 4], repeatRows=1)
    table.setStyle(TableStyle(style))
    return table


def subject_table(rows_in: Sequence[SubjectRow]) -> Table:
    label_width = FRAME_WIDTH - 4 * 20 * mm
    rows: list[list[object]] = [
        [_head("Đối tượng"), _head(AWARDED_HEADING), "", _head(PROPOSED_HEADING), ""],
        ["", _head("Số lượng"), _head("Tỷ lệ"), _head("Số lượng"), _head("Tỷ lệ")],
    ]
    style = _grid_style(2) + [("SPAN", (0, 0), (0, 1)), ("SPAN", (1, 0), (2, 0)), ("SPAN", (3, 0), (4, 0))]
    for row in rows_in:
        if row.depth:
            label_style = CELL_INDENT_BOLD if row.emphasis else CELL_INDENT
        else:
            label_style = CELL_BOLD
        bold = not row.depth or row.emphasis
        rows.append(
            [
                Paragraph(_text(row.label), label_style),
                _cell(vn_number(row.awarded), bold=bold),
                _cell(row.awarded_share, bold=bold),
                _cell(vn_number(row.proposed), bold=bold),
                _cell(row.proposed_share, bold=bold),
            ]
        )
    table = Table(rows, colWidths=[label_width, *[20 * mm] * 4], repeatRows=2)
    table.setStyle(TableStyle(style))
    return table


# a section title never stays alone at the foot of a page
SECTION = _style("section", font=BOLD, size=12, align=TA_LEFT, spaceBefore=5 * mm, spaceAfter=2 * mm, keepWithNext=1)
NOTE = _style("note", font=ITALIC, size=11, align=TA_JUSTIFY, spaceBefore=4 * mm)


def _section(title: str, table: Table) -> list[Flowable]:
    return [Paragraph(_text(title), SECTION), table]


def build_yearend_pdf(figures: YearEndFigures) -> bytes:
    """The annex: header, title, the summary and one table per breakdown, on A4 portrait
    pages with the administrative margins and page numbers from page 2 (``layout.build_pdf``)."""
    story: list[Flowable] = [
        annex_header(figures),
        Spacer(1, 6 * mm),
        Paragraph(_text(figures.title), _style("title", font=BOLD, size=14)),
        Paragraph(_text(figures.subtitle), _style("subtitle", font=BOLD, size=13)),
        Paragraph(_text(figures.attached_to), _style("attached", font=ITALIC, size=12, spaceBefore=1 * mm)),
        rule(min(text_width(figures.subtitle, "subject") / 3, FRAME_WIDTH / 3), space_before=7, space_after=2),
    ]
    story += _section(figures.summary_title, summary_table(figures.summary))
    for breakdown in figures.breakdowns:
        story += _section(breakdown.title, breakdown_table(breakdown))
    story += _section(figures.subject_title, subject_table(figures.by_subject))
    story.append(Paragraph(_text(figures.note), NOTE))
    return build_pdf(story, title=f"{figures.title} – {figures.subtitle}")


# --- The spreadsheet ----------------------------------------------------------------------

BOLD_FONT = Font(bold=True)
TITLE_FONT = Font(bold=True, size=13)
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
SHEET_NAMES = {
    "award_type": "Hình thức",
    "unit": "Đơn vị",
    "level": "Cấp khen thưởng",
    "method": "Phương thức",
}


def _sheet_title(sheet: Worksheet, figures: YearEndFigures, title: str) -> int:
    """The annex's subtitle, the council and the table's title; returns the next free row."""
    put_cell(sheet, 1, 1, figures.subtitle).font = TITLE_FONT
    put_cell(sheet, 2, 1, figures.council_name)
    put_cell(sheet, 3, 1, title).font = BOLD_FONT
    return 5


def _header(sheet: Worksheet, row: int, values: Sequence[str | None]) -> None:
    for column, value in enumerate(values, start=1):
        cell = put_cell(sheet, row, column, value)
        cell.font = BOLD_FONT
        cell.alignment = WRAP_CENTER
        cell.border = BOX


def _data_row(sheet: Worksheet, row: int, values: Sequence[str | int | float | None], *, bold: bool = False) -> None:
    for column, value in enumerate(values, start=1):
        cell = put_cell(sheet, row, column, value)
        cell.border = BOX
        cell.alignment = WRAP_LEFT if isinstance(value, str) and column <= 2 else WRAP_CENTER
        if bold:
            cell.font = BOLD_FONT


def _widths(sheet: Worksheet, widths: Sequence[float]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _breakdown_sheet(sheet: Worksheet, figures: YearEndFigures, breakdown: Breakdown) -> None:
    row = _sheet_title(sheet, figures, breakdown.title)
    _header(sheet, row, ["TT", breakdown.heading, AWARDED_HEADING, None, None, None, PROPOSED_HEADING])
    for column in range(8, 11):
        sheet.cell(row=row, column=column).border = BOX
    _header(sheet, row + 1, [None, None, *KIND_COLUMNS, *KIND_COLUMNS])
    sheet.merge_cells(start_row=row, start_column=1, end_row=row + 1, end_column=1)
    sheet.merge_cells(start_row=row, start_column=2, end_row=row + 1, end_column=2)
    sheet.merge_cells(start_row=row, start_column=3, end_row=row, end_column=6)
    sheet.merge_cells(start_row=row, start_column=7, end_row=row, end_column=10)
    row += 2
    sheet.freeze_panes = sheet.cell(row=row, column=3)
    for index, line in enumerate(breakdown.rows, start=1):
        _data_row(sheet, row, [index, line.label, *line.awarded.cells(), *line.proposed.cells()])
        row += 1
    total = breakdown.total
    _data_row(sheet, row, [None, total.label, *total.awarded.cells(), *total.proposed.cells()], bold=True)
    _widths(sheet, [6, 42, *[12] * 8])


def _summary_sheet(sheet: Worksheet, figures: YearEndFigures) -> None:
    row = _sheet_title(sheet, figures, figures.summary_title)
    put_cell(sheet, 4, 1, figures.attached_to)
    _header(sheet, row, ["Nội dung", *KIND_COLUMNS])
    row += 1
    sheet.freeze_panes = sheet.cell(row=row, column=2)
    for line in figures.summary:
        label = ("    " if line.depth else "") + line.label
        _data_row(sheet, row, [label, *line.tally.cells()], bold=not line.depth)
        row += 1
    put_cell(sheet, row + 1, 1, figures.note).alignment = Alignment(wrap_text=False)
    _widths(sheet, [52, 12, 12, 12, 12])


def _fraction(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _subject_sheet(sheet: Worksheet, figures: YearEndFigures) -> None:
    row = _sheet_title(sheet, figures, figures.subject_title)
    _header(sheet, row, ["Đối tượng", AWARDED_HEADING, None, PROPOSED_HEADING])
    sheet.cell(row=row, column=5).border = BOX
    _header(sheet, row + 1, [None, "Số lượng", "Tỷ lệ", "Số lượng", "Tỷ lệ"])
    sheet.merge_cells(start_row=row, start_column=1, end_row=row + 1, end_column=1)
    sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=3)
    sheet.merge_cells(start_row=row, start_column=4, end_row=row, end_column=5)
    row += 2
    sheet.freeze_panes = sheet.cell(row=row, column=2)
    for line in figures.by_subject:
        label = ("    " if line.depth else "") + line.label
        _data_row(
            sheet,
            row,
            [
                label,
                line.awarded,
                _fraction(line.awarded, line.awarded_whole),
                line.proposed,
                _fraction(line.proposed, line.proposed_whole),
            ],
            bold=not line.depth or line.emphasis,
        )
        for column in (3, 5):
            sheet.cell(row=row, column=column).number_format = "0.00%"
        row += 1
    _widths(sheet, [60, 12, 12, 12, 12])


def build_yearend_xlsx(figures: YearEndFigures) -> bytes:
    """The same figures as a workbook: one sheet for the summary, one per breakdown, one
    for the subjects; counts and shares are numbers (shares formatted as percentages)."""
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None  # noqa: S101  type narrowing for mypy, not a check
    summary.title = "Tổng hợp"
    _summary_sheet(summary, figures)
    for breakdown in figures.breakdowns:
        _breakdown_sheet(workbook.create_sheet(SHEET_NAMES[breakdown.key]), figures, breakdown)
    _subject_sheet(workbook.create_sheet("Đối tượng"), figures)
    workbook.properties.title = f"{figures.title} – {figures.subtitle}"
    workbook.properties.creator = figures.council_name
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
