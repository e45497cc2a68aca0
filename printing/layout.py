"""What the administrative documents share (Nghị định 30/2020/NĐ-CP, annex I):
the page and its margins, the paragraph styles, the header block, the
signature and recipients block, the page numbers and the long lists.

Every text from the data reaches ReportLab markup through :func:`markup`
(NFC, a visible mark for what the font lacks, XML-escaped), so ``<``, ``&``,
``<font>`` or ``<para>`` in a name print as written."""

from __future__ import annotations

import io
import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from printing import fonts
from printing.data import Header, Signature
from printing.formats import issuing_body_lines
from printing.reportlab_setup import configure_reportlab
from printing.textfit import printable, word_width, words_of, wrap_words

PAGE_SIZE = A4
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 20 * mm
MARGIN_LEFT = 30 * mm
MARGIN_RIGHT = 15 * mm
FRAME_WIDTH = PAGE_SIZE[0] - MARGIN_LEFT - MARGIN_RIGHT  # 165 mm

BODY_SIZE = 14
SIGNATURE_ROOM = 28 * mm
RED = colors.Color(0.75, 0.05, 0.05)

_RUNS_OF_SPACES = re.compile(r" {2,}")


def markup(text: str) -> str:
    """``text`` ready for a Paragraph: NFC with a visible mark for glyphs the
    font lacks, XML-escaped, runs of spaces kept (a draft's blank number and
    day: "Số:      /QĐ-UBND"), line breaks as ``<br/>``."""
    clean = escape(printable(text))
    clean = _RUNS_OF_SPACES.sub(lambda run: "\xa0" * len(run.group()), clean)
    return clean.replace("\r\n", "\n").replace("\n", "<br/>")


@cache
def styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles of the administrative documents, by name."""
    fonts.register_fonts()
    base = ParagraphStyle("base", fontName=fonts.FAMILY, fontSize=BODY_SIZE, leading=BODY_SIZE * 1.2)

    def style(name: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return {
        "body": style("body", alignment=TA_JUSTIFY, firstLineIndent=10 * mm, spaceAfter=6),
        "basis": style("basis", fontName=fonts.ITALIC, alignment=TA_JUSTIFY, firstLineIndent=10 * mm, spaceAfter=3),
        "center": style("center", alignment=TA_CENTER),
        "center_italic": style("center_italic", fontName=fonts.ITALIC, alignment=TA_CENTER, spaceAfter=6),
        "part": style("part", fontName=fonts.BOLD, spaceBefore=6, spaceAfter=4),
        "title": style("title", fontName=fonts.BOLD, alignment=TA_CENTER, spaceBefore=14),
        "subject": style("subject", fontName=fonts.BOLD, alignment=TA_CENTER),
        "authority": style("authority", fontName=fonts.BOLD, alignment=TA_CENTER, spaceBefore=10, spaceAfter=10),
        "decides": style("decides", fontName=fonts.BOLD, alignment=TA_CENTER, spaceBefore=6, spaceAfter=8),
        "addressee": style("addressee", alignment=TA_CENTER, spaceBefore=6, spaceAfter=8),
        "caption": style("caption", fontName=fonts.ITALIC, alignment=TA_CENTER, spaceAfter=8),
        "warning": style("warning", fontName=fonts.BOLD, fontSize=12, leading=14.4, textColor=RED, spaceAfter=6),
        "header_parent": style("header_parent", fontSize=13, leading=15, alignment=TA_CENTER),
        "header_body": style("header_body", fontName=fonts.BOLD, fontSize=13, leading=15, alignment=TA_CENTER),
        "national_name": style("national_name", fontName=fonts.BOLD, fontSize=12, leading=15, alignment=TA_CENTER),
        "motto": style("motto", fontName=fonts.BOLD, fontSize=13.5, leading=15, alignment=TA_CENTER),
        "number": style("number", fontSize=13, leading=15, alignment=TA_CENTER),
        "place_date": style("place_date", fontName=fonts.ITALIC, alignment=TA_CENTER),
        "signature_capacity": style("signature_capacity", fontName=fonts.BOLD, alignment=TA_CENTER, leading=16),
        "signature_name": style("signature_name", fontName=fonts.BOLD, alignment=TA_CENTER),
        "recipients_title": style("recipients_title", fontName=fonts.BOLD_ITALIC, fontSize=12, leading=14),
        "recipients": style("recipients", fontSize=11, leading=13),
        "cell": style("cell", fontSize=12, leading=14),
        "cell_center": style("cell_center", fontSize=12, leading=14, alignment=TA_CENTER),
        "cell_right": style("cell_right", fontSize=12, leading=14, alignment=TA_RIGHT),
        "cell_italic": style("cell_italic", fontName=fonts.ITALIC, fontSize=11, leading=13, alignment=TA_JUSTIFY),
        "cell_head": style("cell_head", fontName=fonts.BOLD, fontSize=12, leading=14, alignment=TA_CENTER),
        "small_cell": style("small_cell", fontSize=10, leading=12),
        "small_cell_center": style("small_cell_center", fontSize=10, leading=12, alignment=TA_CENTER),
        "small_cell_right": style("small_cell_right", fontSize=10, leading=12, alignment=TA_RIGHT),
        "small_cell_head": style("small_cell_head", fontName=fonts.BOLD, fontSize=9.5, leading=11, alignment=TA_CENTER),
    }


def para(text: str, style: str) -> Paragraph:
    """A paragraph of plain text (escaped) in one of :func:`styles`."""
    return Paragraph(markup(text), styles()[style])


def labelled(label: str, text: str, style: str) -> Paragraph:
    """ "<b>Điều 1.</b> text": a bold label before escaped text."""
    return Paragraph(f"<b>{markup(label)}</b> {markup(text)}", styles()[style])


class Rule(Flowable):
    """A horizontal rule of ``width`` centred in whatever width it is given
    (a column of the header, the frame): the lines under the issuing body,
    the motto and the subject."""

    def __init__(
        self, width: float, *, thickness: float = 0.7, space_before: float = 5, space_after: float = 4
    ) -> None:
        super().__init__()
        self.rule_width = width
        self.thickness = thickness
        self.space_before = space_before
        self.space_after = space_after
        self.avail = width

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.avail = availWidth
        return availWidth, self.space_before + self.thickness + self.space_after

    def draw(self) -> None:
        y = self.space_after + self.thickness / 2
        left = (self.avail - self.rule_width) / 2
        self.canv.setLineWidth(self.thickness)
        self.canv.line(left, y, left + self.rule_width, y)


def rule(width: float, *, thickness: float = 0.7, space_before: float = 5, space_after: float = 4) -> Rule:
    return Rule(width, thickness=thickness, space_before=space_before, space_after=space_after)


def text_width(text: str, style: str) -> float:
    st = styles()[style]
    return stringWidth(printable(text), st.fontName, st.fontSize)


# --- the header block ---------------------------------------------------------------

HEADER_LEFT = 75 * mm
HEADER_RIGHT = FRAME_WIDTH - HEADER_LEFT
HEADER_MIN_SIZE = 11


def fitted_line(text: str, style: str, width: float) -> Paragraph:
    """One header line in ``style``, at a smaller size (not below 11 pt) if
    that keeps it on one line in ``width``; it wraps beyond that."""
    st = styles()[style]
    natural = text_width(text, style)
    if natural <= width:
        return para(text, style)
    size = max(HEADER_MIN_SIZE, st.fontSize * width / natural * 0.995)
    smaller = ParagraphStyle(
        f"{style}-{size:.2f}", parent=st, fontSize=size, leading=max(size * 1.15, st.leading * size / st.fontSize)
    )
    return Paragraph(markup(text), smaller)


def header_block(header: Header) -> Table:
    """The issuing body (its parent above it in plain capitals, a short rule
    under it) and its number on the left; the national name, the motto with a
    rule as long as itself, and the place and date in italics on the right."""
    left: list[Flowable] = []
    if header.parent_body.strip():
        parent = header.parent_body
        # Too long for one line even at 11 pt: two lines, after the kind of body.
        small = text_width(parent, "header_parent") * HEADER_MIN_SIZE / styles()["header_parent"].fontSize
        lines = issuing_body_lines(parent) if small > HEADER_LEFT else (parent,)
        left += [fitted_line(line, "header_parent", HEADER_LEFT) for line in lines]
    for line in header.body_lines:
        left.append(fitted_line(line, "header_body", HEADER_LEFT))
    body_width = max((text_width(line, "header_body") for line in header.body_lines), default=30 * mm)
    left.append(rule(min(body_width, HEADER_LEFT) * 0.4))
    right: list[Flowable] = [
        fitted_line(header.national_name, "national_name", HEADER_RIGHT),
        fitted_line(header.motto, "motto", HEADER_RIGHT),
    ]
    right.append(rule(min(text_width(header.motto, "motto"), HEADER_RIGHT)))
    number = para(header.number, "number") if header.number.strip() else ""
    place_date = para(header.place_date, "place_date") if header.place_date.strip() else ""
    table = Table(
        [[left, right], [number, place_date]],
        colWidths=[HEADER_LEFT, HEADER_RIGHT],
        hAlign="CENTER",
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.FAMILY),  # an empty cell must not pull in Helvetica
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def title_block(title: str, subject: str, *, subject_rule: bool = True) -> list[Flowable]:
    """ "QUYẾT ĐỊNH" and its subject in bold, a short rule under the subject."""
    flowables: list[Flowable] = [para(title, "title")]
    if subject.strip():
        flowables.append(para(subject, "subject"))
        if subject_rule:
            flowables.append(rule(min(text_width(subject, "subject") / 3, FRAME_WIDTH / 3), space_before=6))
    return flowables


# --- signatures --------------------------------------------------------------------


def signature_block(signature: Signature) -> list[Flowable]:
    """The signer's capacity in bold, room to sign and seal, the name in bold.
    A signature without a name (not chosen yet) keeps the room and leaves the
    name line blank, to be written by hand."""
    flowables: list[Flowable] = [para(line, "signature_capacity") for line in signature.capacity_lines]
    flowables.append(Spacer(1, SIGNATURE_ROOM))
    flowables.append(para(signature.name or " ", "signature_name"))
    return flowables


def _plain_table(rows: list[list[Any]], widths: Sequence[float]) -> Table:
    table = Table(rows, colWidths=list(widths), hAlign="CENTER")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.FAMILY),  # an empty cell must not pull in Helvetica
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def closing_block(recipients_title: str, recipients: Sequence[str], signature: Signature) -> Flowable:
    """ "Nơi nhận:" with its list on the left, the signature on the right; kept on one page."""
    left: list[Flowable] = []
    if recipients_title.strip():
        left.append(para(recipients_title, "recipients_title"))
        left.extend(para(line, "recipients") for line in recipients)
    table = _plain_table([[left, signature_block(signature)]], [FRAME_WIDTH * 0.45, FRAME_WIDTH * 0.55])
    return KeepTogether([Spacer(1, 4 * mm), table])


def signatures_side_by_side(signatures: Sequence[Signature]) -> Flowable:
    """Two (or more) signatures on one line, as the minutes are signed."""
    width = FRAME_WIDTH / max(1, len(signatures))
    table = _plain_table([[signature_block(s) for s in signatures]], [width] * len(signatures))
    return KeepTogether([Spacer(1, 4 * mm), table])


# --- lists ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A list column: its heading, width and alignment ("left", "center", "right")."""

    title: str
    width: float
    align: str = "left"


@dataclass
class Row:
    """A list row.  ``cells``: texts, or flowables drawn as they are (a box to
    tick).  ``span``: (first, last) columns joined into the first one's cell
    (a long text under its entry, the "Tổng cộng" label); ``italic``: that
    joined cell in italics; ``keep_with_next``: never split from the
    following row; ``bold``: a total."""

    cells: Sequence[Any]
    span: tuple[int, int] | None = None
    italic: bool = False
    keep_with_next: bool = False
    bold: bool = False
    _rendered: list[_Cell] | None = field(default=None, repr=False)
    _height: float = field(default=0.0, repr=False)


@dataclass(frozen=True)
class CellType:
    """The type of a list's cells: size and leading, paddings."""

    size: float
    leading: float
    padding: float
    top: float = 2
    bottom: float = 3


NORMAL_CELLS = CellType(size=12, leading=14, padding=3)
SMALL_CELLS = CellType(size=10, leading=12, padding=2)
ITALIC_SIZE = 11
GRID_WIDTH = 0.5


@dataclass(frozen=True)
class _Cell:
    """A laid-out cell: its lines (text, width) in a font, or a flowable; the
    columns it covers."""

    first: int
    last: int
    align: str
    font: str = fonts.FAMILY
    size: float = 12
    leading: float = 14
    lines: tuple[tuple[str, float], ...] = ()
    flowable: Flowable | None = None


@lru_cache(maxsize=65536)
def _printable(text: str) -> str:
    return printable(text)


@lru_cache(maxsize=65536)
def _cell_lines(text: str, font: str, size: float, width: float) -> tuple[tuple[str, float], ...]:
    """``text`` (made printable) broken into lines of at most ``width`` points, with their widths."""
    lines: list[tuple[str, float]] = []
    for paragraph in _printable(text).splitlines() or [""]:
        words = words_of(paragraph)
        if words:
            lines += [(line, w * size) for line, w in wrap_words(font, words, width / size)]
        else:
            lines.append(("", 0.0))
    return tuple(lines)


SHRINK_LIMIT = 0.7


@lru_cache(maxsize=65536)
def _word_fitting_size(text: str, font: str, size: float, width: float) -> float:
    """``size``, or smaller (down to 70 %) when the longest word would not fit
    the cell: a number such as "8.550.000.000" is never cut in two.  Longer
    words are cut between characters at the cell's own size."""
    longest = max((word_width(font, word) for word in words_of(_printable(text))), default=0.0) * size
    if longest <= width or longest * SHRINK_LIMIT > width:
        return size
    # A hair under the exact fit: measured again at that size, the word must not come out
    # a rounding error too wide and be cut before its last character ("62,50" / "%").
    return size * width / longest * 0.999


class _Page(Flowable):
    """The rows of one page of a ListTable, heading first, drawn directly:
    one path for the grid, one text object for all the text."""

    def __init__(self, table: ListTable, rows: Sequence[Row]) -> None:
        super().__init__()
        self.hAlign = "CENTER"
        self.table = table
        self.body = rows
        self.width = table.width
        heading = table.heading()
        self.laid = [heading] + [table.layout(row) for row in rows]
        self.height = sum(height for _cells, height in self.laid)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        table = self.table
        kind = table.cells
        edges = table.edges
        top = self.height
        segments: list[tuple[float, float, float, float]] = [(0, top, self.width, top)]
        text = canvas.beginText()
        current_font: tuple[str, float, float] | None = None
        for index, (cells, height) in enumerate(self.laid):
            bottom = top - height
            segments.append((0, bottom, self.width, bottom))
            segments.append((0, top, 0, bottom))
            valign = "MIDDLE" if index == 0 else table.valign
            for cell in cells:
                left, right = edges[cell.first], edges[cell.last + 1]
                segments.append((right, top, right, bottom))
                if cell.flowable is not None:
                    width, box = cell.flowable.wrap(right - left - 2 * kind.padding, height)
                    y = bottom + (height - box) / 2 if valign == "MIDDLE" else top - kind.top - box
                    cell.flowable.drawOn(canvas, left + kind.padding, y)
                    continue
                if not cell.lines:
                    continue
                if current_font != (cell.font, cell.size, cell.leading):
                    current_font = (cell.font, cell.size, cell.leading)
                    text.setFont(cell.font, cell.size, cell.leading)
                count = len(cell.lines)
                if valign == "MIDDLE":
                    y = bottom + (kind.bottom + height - kind.top + count * cell.leading) / 2 - cell.size
                else:
                    y = top - kind.top - cell.size
                for line, width in cell.lines:
                    if cell.align == "right":
                        x = right - kind.padding - width
                    elif cell.align == "center":
                        x = (left + right - width) / 2
                    else:
                        x = left + kind.padding
                    text.setTextOrigin(x, y)
                    text.textOut(line)
                    y -= cell.leading
            top = bottom
        canvas.setLineWidth(GRID_WIDTH)
        canvas.lines(segments)
        canvas.drawText(text)


class ListTable(Flowable):
    """A table of any length whose heading repeats at the top of every page.

    One ReportLab Table of n rows costs O(n²) to lay out (each page split
    builds the rest of the table again and wraps every Paragraph in it
    again), and drawing its cells one text object at a time dominates even
    when split by hand.  So this flowable lays each row out once (the text of
    a cell broken into lines here, plain text drawn as written: no markup,
    nothing to escape), keeps the running sum of the row heights, and gives
    each page the rows that fit under the heading row, drawn with one path
    for the grid and one text object.  The total rows come with the last
    page; a row marked ``keep_with_next`` does not end a page."""

    def __init__(
        self,
        columns: Sequence[Column],
        rows: Sequence[Row],
        *,
        tail: Sequence[Row] = (),
        small: bool = False,
        valign: str = "TOP",
        _start: int = 0,
        _shared: dict[str, Any] | None = None,
    ) -> None:
        super().__init__()
        self.columns = list(columns)
        self.rows = rows
        self.tail = list(tail)
        self.small = small
        self.cells = SMALL_CELLS if small else NORMAL_CELLS
        self.valign = valign
        self.start = _start
        self.hAlign = "CENTER"
        self.edges = [0.0]
        for column in self.columns:
            self.edges.append(self.edges[-1] + column.width)
        self.width = self.edges[-1]
        # What all the pages of one list share: the heading and the row heights' running sums.
        self.shared = _shared if _shared is not None else {}

    # -- laying rows out
    def layout(self, row: Row, *, heading: bool = False) -> tuple[list[_Cell], float]:
        """The row's cells and its height (cached on the row)."""
        if row._rendered is not None and not heading:
            return row._rendered, row._height
        kind = self.cells
        size = ITALIC_SIZE if row.italic else kind.size
        leading = kind.leading * size / kind.size
        font = fonts.BOLD if (row.bold or heading) else fonts.ITALIC if row.italic else fonts.FAMILY
        first_span, last_span = row.span or (-1, -1)
        cells: list[_Cell] = []
        tallest = 0.0
        index = 0
        while index < len(self.columns):
            value = row.cells[index] if index < len(row.cells) else ""
            last = last_span if index == first_span else index
            width = self.edges[last + 1] - self.edges[index] - 2 * kind.padding
            if heading or row.bold and index == first_span:
                align = "center"
            elif index == first_span:
                align = "left"
            else:
                align = self.columns[index].align
            if isinstance(value, str):
                cell_size = _word_fitting_size(value, font, size, width)
                cell_leading = leading * cell_size / size
                lines = _cell_lines(value, font, cell_size, width) if value else ()
                cells.append(_Cell(index, last, align, font, cell_size, cell_leading, lines))
                tallest = max(tallest, cell_leading * max(1, len(lines)))
            else:
                cells.append(_Cell(index, last, align, flowable=value))
                tallest = max(tallest, value.wrap(width, 1e6)[1])
            index = last + 1
        height = tallest + kind.top + kind.bottom
        if not heading:
            row._rendered, row._height = cells, height
        return cells, height

    def heading(self) -> tuple[list[_Cell], float]:
        if "heading" not in self.shared:
            self.shared["heading"] = self.layout(Row([c.title for c in self.columns]), heading=True)
        heading: tuple[list[_Cell], float] = self.shared["heading"]
        return heading

    def _sums(self) -> list[float]:
        """Running sums of the row heights: sums[i] = height of rows[:i]."""
        if "sums" not in self.shared:
            running = [0.0]
            for row in self.rows:
                running.append(running[-1] + self.layout(row)[1])
            self.shared["sums"] = running
        sums: list[float] = self.shared["sums"]
        return sums

    def _tail_height(self) -> float:
        return sum(self.layout(row)[1] for row in self.tail)

    # -- the Flowable protocol
    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        sums = self._sums()
        return self.width, self.heading()[1] + sums[-1] - sums[self.start] + self._tail_height()

    def draw(self) -> None:
        page = _Page(self, list(self.rows[self.start :]) + self.tail)
        page.drawOn(self.canv, 0, 0)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        sums = self._sums()
        room = availHeight - self.heading()[1]
        base = sums[self.start]
        count = len(self.rows)
        if sums[-1] - base + self._tail_height() <= room:
            return [_Page(self, list(self.rows[self.start :]) + self.tail)]
        end = bisect_right(sums, base + room, lo=self.start) - 1
        end = min(end, count - 1)  # the total rows go with at least the last row
        while end > self.start and self.rows[end - 1].keep_with_next:
            end -= 1
        if end <= self.start:
            return []
        rest = ListTable(
            self.columns,
            self.rows,
            tail=self.tail,
            small=self.small,
            valign=self.valign,
            _start=end,
            _shared=self.shared,
        )
        return [_Page(self, self.rows[self.start : end]), rest]


ACHIEVEMENT_LABEL = "Thành tích: "
ACHIEVEMENT_PIECE = 1200


def entry_rows(cells: Sequence[Any], achievement: str, column_count: int) -> list[Row]:
    """A list entry, with its achievement (if any) printed whole under it in
    rows spanning the columns after the first: pieces of about
    ``ACHIEVEMENT_PIECE`` characters, so that no row is taller than a page."""
    text = " ".join(achievement.split())
    if not text:
        return [Row(cells)]
    pieces = split_text(text, ACHIEVEMENT_PIECE)
    rows = [Row(cells, keep_with_next=True)]
    for index, piece in enumerate(pieces):
        label = ACHIEVEMENT_LABEL if index == 0 else ""
        rows.append(Row(["", label + piece], span=(1, column_count - 1), italic=True))
    return rows


def split_text(text: str, limit: int) -> list[str]:
    """``text`` in pieces of at most about ``limit`` characters, cut between
    words: a table row never grows taller than a page, whatever the length."""
    words = text.split(" ")
    pieces: list[str] = []
    current: list[str] = []
    length = 0
    for word in words:
        if current and length + 1 + len(word) > limit:
            pieces.append(" ".join(current))
            current, length = [], 0
        while len(word) > limit:
            pieces.append(word[:limit])
            word = word[limit:]
        current.append(word)
        length += len(word) + (1 if length else 0)
    if current:
        pieces.append(" ".join(current))
    return pieces


# --- the page and the document -----------------------------------------------------------


def _decorate(stamp: str, numbered: bool) -> Callable[[Canvas, Any], None]:
    """What every page gets besides its story: from page 2 its number at the
    top centre, and the stamp ("DỰ THẢO") at the top right."""

    def on_page(canvas: Canvas, doc: Any) -> None:
        if numbered and doc.page > 1:
            canvas.saveState()
            canvas.setFont(fonts.FAMILY, 13)
            centre = MARGIN_LEFT + FRAME_WIDTH / 2
            canvas.drawCentredString(centre, PAGE_SIZE[1] - 12 * mm, str(doc.page))
            canvas.restoreState()
        if stamp.strip():
            text = printable(stamp)
            canvas.saveState()
            canvas.setFont(fonts.BOLD, 14)
            width = stringWidth(text, fonts.BOLD, 14)
            right = PAGE_SIZE[0] - MARGIN_RIGHT
            top = PAGE_SIZE[1] - 7 * mm
            canvas.setStrokeColor(RED)
            canvas.setFillColor(RED)
            canvas.setLineWidth(1.2)
            canvas.rect(right - width - 6 * mm, top - 8 * mm, width + 6 * mm, 8 * mm)
            canvas.drawString(right - width - 3 * mm, top - 5.6 * mm, text)
            canvas.restoreState()

    return on_page


def build_pdf(story: list[Flowable], *, title: str, stamp: str = "", numbered: bool = True) -> bytes:
    """The story on A4 portrait pages with the administrative margins (top and
    bottom 20 mm, left 30 mm, right 15 mm; the frame has no padding of its
    own), page numbers at the top centre from page 2, the stamp ("DỰ THẢO")
    at the top right of every page."""
    configure_reportlab()
    fonts.register_fonts()
    out = io.BytesIO()
    document = BaseDocTemplate(
        out,
        pagesize=PAGE_SIZE,
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=printable(title),
        author="",
        creator="Thi đua – Khen thưởng",
        invariant=1,
        initialFontName=fonts.FAMILY,
    )
    frame = Frame(
        MARGIN_LEFT,
        MARGIN_BOTTOM,
        FRAME_WIDTH,
        PAGE_SIZE[1] - MARGIN_TOP - MARGIN_BOTTOM,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    document.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=_decorate(stamp, numbered))])
    document.build(story)
    return out.getvalue()
