"""A reusable spreadsheet importer: a template to fill, a preview of what would be saved, and
then all rows or none.

An ``ImportSpec`` names the columns (Vietnamese headers), how each cell is read (text, whole
number, date, a choice among labels) and the keys that must not repeat within a file.  ``parse``
refuses a file that is too large, that is not really an .xlsx (the type is read from the content,
never from the name), or that has too many rows (counted while streaming, so a huge sheet is
refused without being loaded); it matches the header row to the columns and reads every cell
(text in NFC, stripped).  What is wrong is collected per row as (row number, column, message)
for the user to fix, together with the duplicates within the file and, through the caller's
``existing`` callback, against the stored data.  Saving is the caller's: its services, in one
transaction.

This module knows no app of the project: specs and their checks live with the data they import.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common import uploads
from common.text import fold, nfc

# The limits of one import.  A council's units, members or people fit in a few hundred rows;
# the limits keep one upload from holding a worker (and its memory) for long.  The file's are the
# upload rule's (common.uploads, set in the settings) and are read at each use:
# MAX_IMPORT_BYTES (the uploaded file, before anything is parsed), MAX_IMPORT_ROWS (data rows
# below the header), MAX_IMPORT_UNZIPPED_BYTES (all parts once unzipped: a zip bomb) and
# MAX_SCANNED_ROWS (rows read, blank ones included, before the file is refused).
_UPLOAD_LIMITS = {
    "MAX_IMPORT_BYTES": "SPREADSHEET_MAX_BYTES",
    "MAX_IMPORT_ROWS": "SPREADSHEET_MAX_ROWS",
    "MAX_IMPORT_UNZIPPED_BYTES": "SPREADSHEET_MAX_UNZIPPED_BYTES",
}
MAX_CELL_CHARS = 1000
MAX_IMPORT_COLUMNS = 40  # columns read of each row: a sheet claiming 16,384 columns is read this wide


def _max_scanned_rows() -> int:
    return 5 * uploads.limit("SPREADSHEET_MAX_ROWS")


def __getattr__(name: str) -> int:
    """``importer.MAX_IMPORT_ROWS`` and the like, as the settings have them now."""
    if name in _UPLOAD_LIMITS:
        return uploads.limit(_UPLOAD_LIMITS[name])
    if name == "MAX_SCANNED_ROWS":
        return _max_scanned_rows()
    raise AttributeError(name)


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
INSTRUCTIONS_SHEET = "Hướng dẫn"

TEXT, INTEGER, DATE, CHOICE = "text", "integer", "date", "choice"
_DATE_TEXT = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


@dataclass(frozen=True)
class Column:
    """One column of a spec.  ``header`` is the text of the template's header cell (what the
    file must carry, matched without case); ``choices`` maps each accepted label to its value."""

    key: str
    header: str
    kind: str = TEXT
    required: bool = False
    max_length: int | None = None
    choices: Mapping[str, str] = field(default_factory=dict)
    help: Any = ""
    example: Any = None
    width: int = 24

    def label_of(self, value: Any) -> str:
        """The label a stored choice value is shown with (the first label naming it)."""
        for label, choice in self.choices.items():
            if choice == value:
                return label
        return "" if value is None else str(value)


@dataclass(frozen=True)
class UniqueKey:
    """Columns whose values together must not repeat within a file (rows where one of them is
    empty are not compared)."""

    columns: tuple[str, ...]


@dataclass(frozen=True)
class ImportSpec:
    name: str
    title: str
    columns: tuple[Column, ...]
    unique: tuple[UniqueKey, ...] = ()
    instructions: tuple[Any, ...] = ()

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ParsedRow:
    """A data row as it will be saved: ``number`` is its row in the sheet (the header is 1)."""

    number: int
    values: dict[str, Any]
    errors: list[RowError] = field(default_factory=list)
    duplicate: bool = False

    def add_error(self, column: str, message: str, *, duplicate: bool = False) -> None:
        self.errors.append(RowError(self.number, column, message))
        self.duplicate = self.duplicate or duplicate

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class Preview:
    spec: ImportSpec
    rows: list[ParsedRow]

    @property
    def errors(self) -> list[RowError]:
        return [error for row in self.rows for error in row.errors]

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors

    @property
    def duplicate_count(self) -> int:
        return sum(1 for row in self.rows if row.duplicate)

    def payload(self) -> list[dict[str, Any]]:
        """The rows' values in JSON (dates as ISO text): what the confirm step gets back."""
        return [{"row": row.number, **_to_json(row.values)} for row in self.rows]


Existing = Callable[[list[ParsedRow]], None]
RowCheck = Callable[[ParsedRow], None]


# --- The file ---------------------------------------------------------------------------


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"


def check_size(size: int) -> None:
    """Refuse a file above the size limit (known from the upload's size, before reading it)."""
    max_bytes = uploads.limit("SPREADSHEET_MAX_BYTES")
    if size > max_bytes:
        raise ValidationError(
            _("Tệp quá lớn (%(size)s); mỗi lần nhập tối đa %(limit)s.")
            % {"size": _megabytes(size), "limit": _megabytes(max_bytes)},
            code="import_too_large",
        )


def check_file(data: bytes, *, name: str = "") -> None:
    """Refuse, before any parsing, a file above the size limit, one whose content is not an
    .xlsx workbook (whatever its name says), one that unzips too far or has too many rows: the
    upload rule's checks (``common.uploads.spreadsheet_check``), worded for an import."""
    check_size(len(data))
    if not data:
        raise ValidationError(_("Tệp rỗng."), code="import_empty")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        kind = filetype.guess(data)
        found = kind.extension.upper() if kind is not None else _("văn bản hoặc không rõ loại")
        raise ValidationError(
            _("Tệp không phải bảng tính Excel .xlsx (nội dung là tệp %(found)s). Hãy tải mẫu .xlsx và điền vào đó.")
            % {"found": found},
            code="import_not_xlsx",
        )
    try:
        uploads.spreadsheet_check(data=data, name=name or "tep.xlsx")
    except ValidationError as exc:
        if exc.code != "upload_mismatch":
            raise
        raise ValidationError(
            _("Tệp là tệp nén nhưng không phải bảng tính Excel .xlsx. Hãy tải mẫu .xlsx và điền vào đó."),
            code="import_not_xlsx",
        ) from exc


def _sheet_rows(data: bytes) -> tuple[list[Any], list[tuple[int, tuple[Any, ...]]]]:
    """The header row and the non-blank data rows (with their sheet row numbers) of the first
    sheet, read in streaming mode and stopped as soon as the row limit is passed."""
    from openpyxl import load_workbook  # a heavy import, needed only when a file comes

    try:
        # data_only=False: a formula is read as its text ("=…") and refused, never silently emptied
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on a broken workbook
        raise ValidationError(
            _("Không đọc được bảng tính: tệp bị hỏng hoặc không đúng định dạng .xlsx."), code="import_broken"
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        max_rows, max_scanned = uploads.limit("SPREADSHEET_MAX_ROWS"), _max_scanned_rows()
        header: list[Any] | None = None
        rows: list[tuple[int, tuple[Any, ...]]] = []
        # a workbook may claim a million rows and 16,384 columns with one cell at its far corner;
        # openpyxl then yields every blank row in between, so the width is capped and blank rows count
        for number, values in enumerate(sheet.iter_rows(values_only=True, max_col=MAX_IMPORT_COLUMNS), start=1):
            if number > max_scanned:
                raise ValidationError(
                    _(
                        "Tệp có hơn %(scanned)s dòng (kể cả dòng trống); mỗi lần nhập tối đa %(limit)s dòng dữ liệu. "
                        "Hãy xoá các dòng thừa hoặc chia thành nhiều tệp."
                    )
                    % {"scanned": max_scanned, "limit": max_rows},
                    code="import_too_many_rows",
                )
            if all(_blank(value) for value in values):
                continue
            if header is None:
                header = list(values)
                continue
            rows.append((number, tuple(values)))
            if len(rows) > max_rows:
                raise ValidationError(
                    _(
                        "Tệp có hơn %(limit)s dòng dữ liệu; mỗi lần nhập tối đa %(limit)s dòng. "
                        "Hãy chia thành nhiều tệp."
                    )
                    % {"limit": max_rows},
                    code="import_too_many_rows",
                )
    except ValidationError:
        raise
    except Exception as exc:
        raise ValidationError(
            _("Không đọc được bảng tính: tệp bị hỏng hoặc không đúng định dạng .xlsx."), code="import_broken"
        ) from exc
    finally:
        workbook.close()
    if header is None:
        raise ValidationError(_("Bảng tính trống: không có dòng tiêu đề."), code="import_no_header")
    return header, rows


def _header_key(value: Any) -> str:
    return fold(_text(value).rstrip("*").strip())


def match_header(spec: ImportSpec, header: list[Any]) -> list[Column | None]:
    """The column of each cell of the header row (``None`` past the named columns); an unknown,
    repeated or missing required column is refused by name."""
    by_key = {_header_key(column.header): column for column in spec.columns}
    matched: list[Column | None] = []
    problems: list[str] = []
    seen: set[str] = set()
    for value in header:
        text = _text(value)
        if not text:
            matched.append(None)
            continue
        column = by_key.get(_header_key(value))
        if column is None:
            problems.append(_("Cột “%(header)s” không có trong mẫu.") % {"header": text})
        elif column.key in seen:
            problems.append(_("Cột “%(header)s” có hai lần.") % {"header": column.header})
        else:
            seen.add(column.key)
        matched.append(column)
    for column in spec.columns:
        if column.required and column.key not in seen:
            problems.append(_("Thiếu cột “%(header)s”.") % {"header": column.header})
    if problems:
        expected = ", ".join(f"“{column.header}”" for column in spec.columns)
        problems.append(_("Các cột của mẫu: %(columns)s.") % {"columns": expected})
        raise ValidationError(problems, code="import_header")
    return matched


# --- The cells --------------------------------------------------------------------------


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    """A cell as text, in NFC and stripped: a whole number without ".0", a date as dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return nfc(str(value))


def read_cell(column: Column, value: Any) -> Any:
    """The cell's value for ``column``; a ``ValueError`` carries the message for the user."""
    if _blank(value):
        if column.required:
            raise ValueError(_("Chưa nhập."))
        return 0 if column.kind == INTEGER else (None if column.kind == DATE else "")
    if column.kind == INTEGER:
        return _integer(value)
    if column.kind == DATE:
        return _date(value)
    text = _text(value)
    if text.startswith("="):
        raise ValueError(_("Ô chứa công thức (bắt đầu bằng “=”): hãy nhập giá trị, không nhập công thức."))
    if len(text) > (column.max_length or MAX_CELL_CHARS):
        raise ValueError(_("Dài quá %(limit)s ký tự.") % {"limit": column.max_length or MAX_CELL_CHARS})
    if column.kind == CHOICE:
        chosen = {fold(label): choice for label, choice in column.choices.items()}.get(fold(text))
        if chosen is None:
            labels = ", ".join(f"“{label}”" for label in dict.fromkeys(column.choices))
            raise ValueError(
                _("“%(value)s” không phải một lựa chọn; chọn một trong: %(labels)s.")
                % {"value": text, "labels": labels}
            )
        return chosen
    return text


def _integer(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError(_("Phải là số nguyên không âm."))
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise ValueError(_("Phải là số nguyên không âm."))
        number = int(value)
    else:
        text = _text(value).replace(" ", "")
        try:
            parsed = Decimal(text)
        except InvalidOperation:
            raise ValueError(_("“%(value)s” không phải số nguyên không âm.") % {"value": _text(value)}) from None
        if parsed != parsed.to_integral_value():
            raise ValueError(_("Phải là số nguyên không âm."))
        number = int(parsed)
    if number < 0 or number > 10_000_000:
        raise ValueError(_("Phải là số nguyên không âm."))
    return number


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = _DATE_TEXT.match(_text(value))
    if match is None:
        raise ValueError(
            _("“%(value)s” không phải ngày (nhập dạng ngày/tháng/năm, ví dụ 05/01/2026).") % {"value": _text(value)}
        )
    day, month, year = (int(part) for part in match.groups())
    try:
        date = dt.date(year, month, day)
    except ValueError:
        raise ValueError(_("Ngày “%(value)s” không có thật.") % {"value": _text(value)}) from None
    if not 1900 <= date.year <= 2100:
        raise ValueError(_("Năm phải từ 1900 đến 2100."))
    return date


def _to_json(values: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value.isoformat() if isinstance(value, dt.date) else value for key, value in values.items()}


def from_payload(spec: ImportSpec, payload: Iterable[Mapping[str, Any]]) -> list[ParsedRow]:
    """The rows of a preview's payload back, with dates as dates (the payload came signed)."""
    rows: list[ParsedRow] = []
    for item in payload:
        values: dict[str, Any] = {}
        for column in spec.columns:
            value = item.get(column.key)
            if column.kind == DATE and isinstance(value, str) and value:
                value = dt.date.fromisoformat(value)
            values[column.key] = value
        rows.append(ParsedRow(int(item["row"]), values))
    return rows


# --- Parse and check --------------------------------------------------------------------


def flag_duplicates(spec: ImportSpec, rows: list[ParsedRow]) -> None:
    """Rows that repeat a unique key of the spec within the file: each is told the row it repeats."""
    for key in spec.unique:
        first: dict[tuple[str, ...], int] = {}
        for row in rows:
            parts = tuple(fold(_text(row.values.get(column))) for column in key.columns)
            if any(not part for part in parts):
                continue
            if parts in first:
                headers = ", ".join(spec.column(column).header for column in key.columns)
                row.add_error(
                    spec.column(key.columns[0]).header,
                    _("Trùng %(columns)s với dòng %(row)s trong tệp.") % {"columns": headers, "row": first[parts]},
                    duplicate=True,
                )
            else:
                first[parts] = row.number


def check_rows(
    spec: ImportSpec, rows: list[ParsedRow], *, check: RowCheck | None = None, existing: Existing | None = None
) -> None:
    """The spec's own checks of each row, the duplicates within the file and, through
    ``existing``, against what is stored (it adds its errors to the rows)."""
    if check is not None:
        for row in rows:
            check(row)
    flag_duplicates(spec, rows)
    if existing is not None:
        existing(rows)


def parse(
    spec: ImportSpec,
    data: bytes,
    *,
    check: RowCheck | None = None,
    existing: Existing | None = None,
    name: str = "",
) -> Preview:
    """Read an uploaded workbook (``name``: the file's, for the messages) into a preview; a
    file-level problem is a ``ValidationError``."""
    check_file(data, name=name)
    header, raw_rows = _sheet_rows(data)
    columns = match_header(spec, header)
    rows: list[ParsedRow] = []
    for number, cells in raw_rows:
        row = ParsedRow(number, {})
        by_key = {
            column.key: cells[index]
            for index, column in enumerate(columns)
            if column is not None and index < len(cells)
        }
        for column in spec.columns:
            try:
                row.values[column.key] = read_cell(column, by_key.get(column.key))
            except ValueError as exc:
                row.values[column.key] = _text(by_key.get(column.key))
                row.add_error(column.header, str(exc))
        extra = [cells[index] for index in range(len(columns), len(cells)) if not _blank(cells[index])]
        if extra:
            row.add_error("", _("Có dữ liệu ở cột không có tiêu đề."))
        rows.append(row)
    if not rows:
        raise ValidationError(_("Bảng tính chưa có dòng dữ liệu nào dưới dòng tiêu đề."), code="import_no_rows")
    check_rows(spec, rows, check=check, existing=existing)
    return Preview(spec, rows)


# --- The template -----------------------------------------------------------------------


def build_template(spec: ImportSpec, *, example: bool = True) -> bytes:
    """The .xlsx to fill: the header row in bold (required columns marked *), column widths,
    text-formatted cells where a number would lose its zeros, an optional example row, and a
    second sheet "Hướng dẫn" with the instructions and what each column takes."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    from printing.spreadsheet import put_cell

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(spec.title)[:31]
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(spec.columns, start=1):
        cell = put_cell(sheet, 1, index, column.header + (" *" if column.required else ""))
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = column.width
        if column.kind == TEXT:
            for row in range(2, 202):
                sheet.cell(row=row, column=index).number_format = "@"
        if example and column.example is not None:
            sample = put_cell(sheet, 2, index, column.example)
            if column.kind == DATE:
                sample.number_format = "DD/MM/YYYY"
    sheet.freeze_panes = "A2"

    guide = workbook.create_sheet(INSTRUCTIONS_SHEET)
    guide.column_dimensions["A"].width = 28
    guide.column_dimensions["B"].width = 90
    put_cell(guide, 1, 1, str(spec.title)).font = Font(bold=True, size=13)
    line = 3
    for text in (
        *spec.instructions,
        gettext_lazy("Điền từ dòng 2 của trang đầu; giữ nguyên dòng tiêu đề. Cột có dấu * là bắt buộc."),
        gettext_lazy("Ngày nhập dạng ngày/tháng/năm (ví dụ 05/01/2026) hoặc định dạng ngày của Excel."),
        _("Mỗi lần nhập tối đa %(rows)s dòng, tệp không quá %(size)s.")
        % {"rows": uploads.limit("SPREADSHEET_MAX_ROWS"), "size": _megabytes(uploads.limit("SPREADSHEET_MAX_BYTES"))},
        gettext_lazy("Nếu có dòng lỗi, không dòng nào được lưu: sửa tệp theo thông báo rồi tải lên lại."),
    ):
        put_cell(guide, line, 1, str(text)).alignment = Alignment(wrap_text=True)
        guide.merge_cells(start_row=line, start_column=1, end_row=line, end_column=2)
        line += 1
    line += 1
    put_cell(guide, line, 1, str(_("Cột"))).font = bold
    put_cell(guide, line, 2, str(_("Cách điền"))).font = bold
    for column in spec.columns:
        line += 1
        put_cell(guide, line, 1, column.header + (" *" if column.required else ""))
        text = str(column.help)
        if column.kind == CHOICE:
            text = (text + " " if text else "") + _("Một trong: %(labels)s.") % {
                "labels": "; ".join(dict.fromkeys(column.choices))
            }
        put_cell(guide, line, 2, text).alignment = Alignment(wrap_text=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
