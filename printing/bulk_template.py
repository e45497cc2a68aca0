"""The workbook a unit fills to add many lines to a dossier at once (bulk entry).

Plain Python, no Django: the caller gives the texts (already translated), the header row the bulk
reader understands, the award types of the round as (code, name) and an example row.  The first
sheet is the one read back: its header row only, frozen, with column widths and drop-down lists
(the award types from a hidden sheet, since an inline list stops at 255 characters; the genders
inline).  The example and the instructions are on a second sheet, "Hướng dẫn", so a template
uploaded untouched adds nothing."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from printing.spreadsheet import put_cell

AWARDS_SHEET = "Hình thức"
GUIDE_SHEET = "Hướng dẫn"
LABEL_DASH = " – "  # "LDTT – Lao động tiên tiến": the reader takes the code before it

_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_EXAMPLE_FONT = Font(italic=True, color="666666")
_WRAP = Alignment(wrap_text=True, vertical="top")


@dataclass(frozen=True)
class TemplateColumn:
    """A column of the sheet to fill: its header (as the reader knows it), its width, what the
    guide says of it, and how it is filled: ``"award"`` (the round's award types), ``"gender"``
    (a drop-down of ``choices``) or ``"text"`` (cells kept as text: "1970", "05/01/1985")."""

    title: str
    width: float = 20
    help: str = ""
    kind: str = "text"
    choices: Sequence[str] = field(default_factory=tuple)


@dataclass(frozen=True)
class BulkTemplate:
    sheet_title: str
    columns: Sequence[TemplateColumn]
    awards: Sequence[tuple[str, str]]  # (code, name) of the round's award types for this kind
    example: Sequence[str]  # one value per column, shown on the guide sheet only
    guide_title: str
    instructions: Sequence[str]
    example_caption: str
    awards_caption: str
    rows: int = 500  # rows of the first sheet given the drop-downs and the text format


def award_label(code: str, name: str) -> str:
    return f"{code}{LABEL_DASH}{name}" if name else code


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def bulk_template_xlsx(template: BulkTemplate) -> bytes:
    """The .xlsx of ``template``: the sheet to fill, the guide with the example, the hidden
    list of award types."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _nfc(template.sheet_title)[:31]
    last_row = template.rows + 1
    awards = workbook.create_sheet(AWARDS_SHEET)
    for row, (code, name) in enumerate(template.awards, start=1):
        put_cell(awards, row, 1, _nfc(award_label(code, name)))
        put_cell(awards, row, 2, _nfc(code))
        put_cell(awards, row, 3, _nfc(name))
    awards.column_dimensions["A"].width = 50
    awards.sheet_state = "hidden"

    for index, column in enumerate(template.columns, start=1):
        cell = put_cell(sheet, 1, index, _nfc(column.title))
        cell.font, cell.fill = _BOLD, _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        cells = f"{letter}2:{letter}{last_row}"
        if column.kind == "award" and template.awards:
            # OOXML stores a list's source without the "=" typed in Excel
            source = f"{quote_sheetname(AWARDS_SHEET)}!$A$1:$A${len(template.awards)}"
            validation = DataValidation(type="list", formula1=source, allow_blank=True)
            validation.add(cells)
            sheet.add_data_validation(validation)
        elif column.kind == "gender" and column.choices:
            validation = DataValidation(
                type="list", formula1='"' + ",".join(_nfc(choice) for choice in column.choices) + '"', allow_blank=True
            )
            validation.add(cells)
            sheet.add_data_validation(validation)
        for row in range(2, last_row + 1):
            sheet.cell(row=row, column=index).number_format = "@"
    sheet.freeze_panes = "A2"

    guide = workbook.create_sheet(GUIDE_SHEET, 1)
    put_cell(guide, 1, 1, _nfc(template.guide_title)).font = Font(bold=True, size=13)
    line = 3
    for text in template.instructions:
        put_cell(guide, line, 1, _nfc(text)).alignment = _WRAP
        guide.merge_cells(start_row=line, start_column=1, end_row=line, end_column=max(len(template.columns), 2))
        guide.row_dimensions[line].height = 30
        line += 1
    line += 1
    put_cell(guide, line, 1, _nfc(template.example_caption)).font = _BOLD
    line += 1
    for index, column in enumerate(template.columns, start=1):
        cell = put_cell(guide, line, index, _nfc(column.title))
        cell.font, cell.fill = _BOLD, _HEADER_FILL
        guide.column_dimensions[get_column_letter(index)].width = column.width
        example = template.example[index - 1] if index - 1 < len(template.example) else ""
        sample = put_cell(guide, line + 1, index, _nfc(example))
        sample.font, sample.alignment = _EXAMPLE_FONT, _WRAP
        if column.help:
            put_cell(guide, line + 2, index, _nfc(column.help)).alignment = _WRAP
    line += 4
    put_cell(guide, line, 1, _nfc(template.awards_caption)).font = _BOLD
    for code, name in template.awards:
        line += 1
        put_cell(guide, line, 1, _nfc(code))
        put_cell(guide, line, 2, _nfc(name))
    workbook.active = 0
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
