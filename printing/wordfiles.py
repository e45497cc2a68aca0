"""Word copies (.docx) of the council's papers, for councils that edit a decision
before signing it: the decision, its attached list, the minutes and the proposal,
the same texts in the same order as the PDF builders print them (``decision``,
``minutes``, ``proposal``), in the layout of Nghị định 30/2020/NĐ-CP: A4
portrait, margins 20/20/30/15 mm, Times New Roman, the header as a borderless
two-column table, lists as tables whose heading row repeats on every page.

Only plain paragraphs and tables in named styles (no text boxes), so Word and
LibreOffice edit them as they would a paper typed by hand.  Every text is NFC;
characters XML cannot hold print as U+FFFD.  Pure functions of the dataclasses
of ``printing.data``: no Django."""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import _Cell

from printing.data import DecisionDocument, Header, MemberRow, MinutesDocument, ProposalDocument, Signature
from printing.decision import LIST_COLUMNS as DECISION_COLUMNS
from printing.decision import TOTAL_LABEL
from printing.formats import issuing_body_lines
from printing.layout import ACHIEVEMENT_LABEL, HEADER_MIN_SIZE, Column, styles, text_width
from printing.minutes import RESULT_COLUMNS, tracker_lines
from printing.proposal import EMPTY_LIST
from printing.proposal import LIST_COLUMNS as PROPOSAL_COLUMNS

FONT = "Times New Roman"
MONO = "Courier New"
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_TOP_MM = MARGIN_BOTTOM_MM = 20
MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 30, 15
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 165
HEADER_LEFT_MM = 75.0
HEADER_RIGHT_MM = TEXT_WIDTH_MM - HEADER_LEFT_MM
SIGNATURE_ROOM_MM = 28
POINTS_PER_MM = 72 / 25.4
RED = RGBColor(0xBF, 0x0D, 0x0D)

# name -> (size, bold, italic, alignment, first-line indent mm, space before pt, space after pt)
STYLES: dict[str, tuple[float, bool, bool, str, float, float, float]] = {
    "ND30 Body": (14, False, False, "justify", 10, 0, 6),
    "ND30 Basis": (14, False, True, "justify", 10, 0, 3),
    "ND30 Part": (14, True, False, "left", 0, 6, 4),
    "ND30 Title": (14, True, False, "center", 0, 14, 0),
    "ND30 Subject": (14, True, False, "center", 0, 0, 0),
    "ND30 Authority": (14, True, False, "center", 0, 10, 10),
    "ND30 Decides": (14, True, False, "center", 0, 6, 8),
    "ND30 Addressee": (14, False, False, "center", 0, 6, 8),
    "ND30 Caption": (14, False, True, "center", 0, 0, 8),
    "ND30 Warning": (12, True, False, "left", 0, 0, 6),
    "ND30 Note": (11, False, True, "justify", 0, 3, 6),
    "ND30 Trackers": (8, False, False, "left", 0, 0, 0),
    "ND30 Header Parent": (13, False, False, "center", 0, 0, 0),
    "ND30 Header Body": (13, True, False, "center", 0, 0, 0),
    "ND30 National Name": (12, True, False, "center", 0, 0, 0),
    "ND30 Motto": (13.5, True, False, "center", 0, 0, 0),
    "ND30 Number": (13, False, False, "center", 0, 0, 0),
    "ND30 Place Date": (14, False, True, "center", 0, 0, 0),
    "ND30 Rule": (2, False, False, "center", 0, 2, 4),
    "ND30 Signature Capacity": (14, True, False, "center", 0, 0, 0),
    "ND30 Signature Name": (14, True, False, "center", 0, 0, 0),
    "ND30 Recipients Title": (12, True, True, "left", 0, 0, 0),
    "ND30 Recipients": (11, False, False, "left", 0, 0, 0),
    "ND30 Cell": (12, False, False, "left", 0, 1, 1),
    "ND30 Cell Center": (12, False, False, "center", 0, 1, 1),
    "ND30 Cell Right": (12, False, False, "right", 0, 1, 1),
    "ND30 Cell Head": (12, True, False, "center", 0, 1, 1),
    "ND30 Cell Italic": (11, False, True, "justify", 0, 1, 1),
    "ND30 Small Cell": (10, False, False, "left", 0, 1, 1),
    "ND30 Small Cell Center": (10, False, False, "center", 0, 1, 1),
    "ND30 Small Cell Right": (10, False, False, "right", 0, 1, 1),
    "ND30 Small Cell Head": (9.5, True, False, "center", 0, 1, 1),
    "ND30 Page Header": (13, False, False, "left", 0, 0, 0),
}
ALIGNMENTS = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str) -> str:
    """``text`` as it goes into the file: NFC, what XML cannot hold as U+FFFD."""
    return _NOT_XML.sub("\ufffd", unicodedata.normalize("NFC", text))


def _set_fonts(rpr: Any, name: str) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in list(fonts.attrib):
        if attribute.endswith("Theme") or attribute.endswith("theme"):
            del fonts.attrib[attribute]
    for kind in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(kind), name)


def _new_document(title: str, stamp: str) -> Any:
    """An empty A4 document with the administrative margins, the styles, the page numbers
    at the top centre from page 2 and the stamp ("DỰ THẢO") at the top right."""
    document = Document()
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr, FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:val"), "vi-VN")
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    _set_fonts(normal.element.get_or_add_rPr(), FONT)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    for name, (size, bold, italic, align, indent, before, after) in STYLES.items():
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.quick_style = True
        style.font.name = MONO if name == "ND30 Trackers" else FONT
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = italic
        if name == "ND30 Warning":
            style.font.color.rgb = RED
        fmt = style.paragraph_format
        fmt.alignment = ALIGNMENTS[align]
        fmt.first_line_indent = Mm(indent) if indent else None
        fmt.space_before = Pt(before)
        fmt.space_after = Pt(after)
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    document.styles["ND30 Trackers"].paragraph_format.left_indent = Mm(10)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)
    section.header_distance = Mm(7)
    section.footer_distance = Mm(7)
    section.different_first_page_header_footer = True
    _page_header(section.first_page_header.paragraphs[0], stamp, numbered=False)
    _page_header(section.header.paragraphs[0], stamp, numbered=True)
    properties = document.core_properties
    properties.title = clean(title)
    properties.author = ""
    properties.last_modified_by = ""
    properties.comments = ""
    properties.language = "vi-VN"
    return document


def _page_header(paragraph: Any, stamp: str, *, numbered: bool) -> None:
    paragraph.style = "ND30 Page Header"
    stops = paragraph.paragraph_format.tab_stops
    stops.add_tab_stop(Mm(TEXT_WIDTH_MM / 2), WD_TAB_ALIGNMENT.CENTER)
    stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT)
    paragraph.add_run("\t")
    if numbered:
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), " PAGE ")
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "2"
        run.append(text)
        field.append(run)
        paragraph._p.append(field)
    if stamp.strip():
        paragraph.add_run("\t")
        run = paragraph.add_run(f" {clean(stamp)} ")
        run.bold = True
        run.font.size = Pt(14)
        run.font.color.rgb = RED
        border = OxmlElement("w:bdr")
        for key, value in (("w:val", "single"), ("w:sz", "8"), ("w:space", "0"), ("w:color", "BF0D0D")):
            border.set(qn(key), value)
        run._r.get_or_add_rPr().append(border)


def _style_id(style: str) -> str:
    # python-docx looks a style up by its name slowly; the ids of ours are their names without spaces.
    return style.replace(" ", "")


def _para(container: Any, text: str, style: str, *, label: str = "") -> Any:
    paragraph = container.add_paragraph()
    paragraph._p.style = _style_id(style)
    if label:
        paragraph.add_run(clean(label)).bold = True
        paragraph.add_run(" ")
    if text:
        paragraph.add_run(clean(text))
    return paragraph


def _fill(cell: Any, items: Sequence[tuple[str, str]]) -> list[Any]:
    """The cell's paragraphs (text, style); the cell's own empty paragraph takes the first."""
    paragraphs = []
    for index, (text, style) in enumerate(items):
        if index == 0:
            paragraph = cell.paragraphs[0]
            paragraph._p.style = _style_id(style)
            if text:
                paragraph.add_run(clean(text))
        else:
            paragraph = _para(cell, text, style)
        paragraphs.append(paragraph)
    return paragraphs


def _rule(container: Any, width_mm: float, room_mm: float) -> None:
    """A short rule: an empty paragraph with a bottom border, indented to ``width_mm``."""
    paragraph = container.add_paragraph(style="ND30 Rule")
    side = max(0.0, (room_mm - width_mm) / 2)
    paragraph.paragraph_format.left_indent = Mm(side)
    paragraph.paragraph_format.right_indent = Mm(side)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "auto")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _width_mm(text: str, style: str) -> float:
    return text_width(text, style) / POINTS_PER_MM


def _fitted(cell: Any, text: str, pdf_style: str, style: str, room_mm: float, *, first: bool = False) -> None:
    """A header line, smaller (not below 11 pt) where that keeps it on one line, as the PDF does."""
    paragraph = _fill(cell, [(text, style)])[0] if first else _para(cell, text, style)
    natural = _width_mm(text, pdf_style)
    if natural > room_mm:
        size = max(HEADER_MIN_SIZE, styles()[pdf_style].fontSize * room_mm / natural * 0.995)
        for run in paragraph.runs:
            run.font.size = Pt(round(size * 2) / 2)


def _borderless(table: Any, widths_mm: Sequence[float], *, padding: bool = False) -> None:
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    if not padding:
        margins = OxmlElement("w:tblCellMar")
        for side in ("w:left", "w:right"):
            element = OxmlElement(side)
            element.set(qn("w:w"), "0")
            element.set(qn("w:type"), "dxa")
            margins.append(element)
        table._tbl.tblPr.append(margins)
    _widths(table, widths_mm)


def _widths(table: Any, widths_mm: Sequence[float]) -> None:
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)


def _row_flag(row: Any, flag: str) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement(flag))


def _header(document: Any, header: Header) -> None:
    table = document.add_table(rows=2, cols=2)
    _borderless(table, (HEADER_LEFT_MM, HEADER_RIGHT_MM))
    left, right = table.cell(0, 0), table.cell(0, 1)
    lines: list[tuple[str, str, str]] = []
    if header.parent_body.strip():
        parent = header.parent_body
        small = _width_mm(parent, "header_parent") * HEADER_MIN_SIZE / styles()["header_parent"].fontSize
        parents = issuing_body_lines(parent) if small > HEADER_LEFT_MM else (parent,)
        lines += [(line, "header_parent", "ND30 Header Parent") for line in parents]
    lines += [(line, "header_body", "ND30 Header Body") for line in header.body_lines]
    for index, (text, pdf_style, style) in enumerate(lines):
        _fitted(left, text, pdf_style, style, HEADER_LEFT_MM, first=index == 0)
    body = max((_width_mm(line, "header_body") for line in header.body_lines), default=30.0)
    _rule(left, min(body, HEADER_LEFT_MM) * 0.4, HEADER_LEFT_MM)
    _fitted(right, header.national_name, "national_name", "ND30 National Name", HEADER_RIGHT_MM, first=True)
    _fitted(right, header.motto, "motto", "ND30 Motto", HEADER_RIGHT_MM)
    _rule(right, min(_width_mm(header.motto, "motto"), HEADER_RIGHT_MM), HEADER_RIGHT_MM)
    if header.number.strip():
        _fill(table.cell(1, 0), [(header.number, "ND30 Number")])
    if header.place_date.strip():
        _fill(table.cell(1, 1), [(header.place_date, "ND30 Place Date")])


def _title(document: Any, title: str, subject: str, *, subject_rule: bool = True) -> None:
    _para(document, title, "ND30 Title")
    if subject.strip():
        _para(document, subject, "ND30 Subject")
        if subject_rule:
            width = min(_width_mm(subject, "subject") / 3, TEXT_WIDTH_MM / 3)
            _rule(document, width, TEXT_WIDTH_MM)


def _signature(cell: Any, signature: Signature) -> None:
    items = [(line, "ND30 Signature Capacity") for line in signature.capacity_lines]
    items.append((signature.name, "ND30 Signature Name"))
    name = _fill(cell, items)[-1]
    name.paragraph_format.space_before = Mm(SIGNATURE_ROOM_MM)


def _closing(document: Any, recipients_title: str, recipients: Sequence[str], signature: Signature) -> None:
    """ "Nơi nhận:" and its list on the left, the signature on the right, in a row kept on one page."""
    _para(document, "", "ND30 Rule")
    table = document.add_table(rows=1, cols=2)
    _borderless(table, (TEXT_WIDTH_MM * 0.45, TEXT_WIDTH_MM * 0.55))
    _row_flag(table.rows[0], "w:cantSplit")
    if recipients_title.strip():
        items = [(recipients_title, "ND30 Recipients Title")]
        items += [(line, "ND30 Recipients") for line in recipients]
        _fill(table.cell(0, 0), items)
    _signature(table.cell(0, 1), signature)


def _signatures(document: Any, signatures: Sequence[Signature]) -> None:
    _para(document, "", "ND30 Rule")
    table = document.add_table(rows=1, cols=len(signatures))
    _borderless(table, [TEXT_WIDTH_MM / len(signatures)] * len(signatures))
    _row_flag(table.rows[0], "w:cantSplit")
    for cell, signature in zip(table.rows[0].cells, signatures, strict=True):
        _signature(cell, signature)


def _cell_style(align: str, *, small: bool) -> str:
    base = "ND30 Small Cell" if small else "ND30 Cell"
    return {"center": f"{base} Center", "right": f"{base} Right"}.get(align, base)


def _list_table(
    document: Any,
    columns: Sequence[Column],
    entries: Sequence[tuple[Sequence[str], str]],
    *,
    total: str = "",
    small: bool = False,
) -> None:
    """A list: the heading row (repeated on every page), each entry with its achievement in a
    row under it (the columns after the first joined), the total row."""
    widths = [column.width / POINTS_PER_MM for column in columns]
    table = document.add_table(rows=1, cols=len(columns))
    table.style = document.styles["Table Grid"]
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, widths)  # before the rows: each new row takes the grid's widths
    head = table.rows[0]
    _row_flag(head, "w:tblHeader")
    _row_flag(head, "w:cantSplit")
    head_style = "ND30 Small Cell Head" if small else "ND30 Cell Head"
    for cell, column in zip(head.cells, columns, strict=True):
        _fill(cell, [(column.title, head_style)])
    styles_of = [_cell_style(column.align, small=small) for column in columns]
    for cells, achievement in entries:
        row = table.add_row().cells
        for cell, text, style in zip(row, cells, styles_of, strict=True):
            paragraph = _fill(cell, [(text, style)])[0]
            if achievement:
                paragraph.paragraph_format.keep_with_next = True
        text = " ".join(achievement.split())
        if text:
            under = _joined_row(table, 1, len(columns) - 1)
            _fill(under[1], [(ACHIEVEMENT_LABEL + text, "ND30 Cell Italic")])
    if total:
        tail = _joined_row(table, 1, 3)
        _fill(tail[1], [(TOTAL_LABEL, "ND30 Cell Head")])
        _fill(tail[2], [(total, "ND30 Cell Right")])[0].runs[0].bold = True


def _joined_row(table: Any, first: int, last: int) -> list[Any]:
    """A new row whose columns ``first``..``last`` are one cell (``gridSpan``); its cells in order
    (``Cell.merge`` measures the whole table each time: too slow for a long list)."""
    row = table.add_row()
    cells = row._tr.tc_lst
    joined = cells[first]
    joined.width = sum((tc.width for tc in cells[first : last + 1]), start=Mm(0))
    joined.grid_span = last - first + 1
    for tc in cells[first + 1 : last + 1]:
        row._tr.remove(tc)
    return [_Cell(tc, table) for tc in row._tr.tc_lst]


def _save(document: Any) -> bytes:
    # Keep the runs of spaces of a draft's blank number and day as typed.
    for text in document.element.iter(qn("w:t")):
        text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _decision_list(document: Any, doc: DecisionDocument) -> None:
    _header(document, doc.header)
    _title(document, doc.list_title, "", subject_rule=False)
    _para(document, doc.list_caption, "ND30 Caption")
    entries = [
        ((str(row.number), row.name, row.position_unit, row.form, row.amount_text), row.achievement) for row in doc.rows
    ]
    _list_table(document, DECISION_COLUMNS, entries, total=doc.total_text)


def decision_docx(doc: DecisionDocument) -> bytes:
    """The decision: header, title and subject, the authority, the bases, "QUYẾT ĐỊNH:",
    the articles, recipients and signature (as ``build_decision``)."""
    document = _new_document(f"{doc.title} {doc.header.number}", doc.stamp)
    _header(document, doc.header)
    _title(document, doc.title, doc.subject)
    _para(document, doc.authority, "ND30 Authority")
    for basis in doc.legal_bases:
        _para(document, basis, "ND30 Basis")
    if doc.considering.strip():
        _para(document, doc.considering, "ND30 Basis")
    _para(document, doc.decides, "ND30 Decides")
    for article in doc.articles:
        _para(document, article.text, "ND30 Body", label=article.label)
    _closing(document, doc.recipients_title, doc.recipients, doc.signature)
    return _save(document)


def decision_list_docx(doc: DecisionDocument) -> bytes:
    """The list attached to the decision (as ``build_decision_list``)."""
    document = _new_document(f"{doc.list_title} {doc.header.number}", doc.stamp)
    _decision_list(document, doc)
    return _save(document)


def _members(document: Any, title: str, members: Sequence[MemberRow], *, with_attendance: bool) -> None:
    if not members:
        return
    _para(document, title, "ND30 Body")
    for number, member in enumerate(members, start=1):
        text = f"{number}. {member.name}"
        if member.position:
            text += f", {member.position}"
        if with_attendance and member.attendance:
            text += f" ({member.attendance})"
        _para(document, text, "ND30 Body")


def minutes_docx(doc: MinutesDocument) -> bytes:
    """The minutes of a session, every part the PDF prints (``build_minutes``)."""
    document = _new_document(f"{doc.title} – {doc.subject}", "")
    _header(document, doc.header)
    if not doc.integrity_ok:
        _para(document, "CẢNH BÁO: " + " ".join(doc.integrity_problems), "ND30 Warning")
    _title(document, doc.title, doc.subject)
    _para(document, doc.opening, "ND30 Body")
    _para(document, "I. THÀNH PHẦN", "ND30 Part")
    _para(document, f"Chủ trì: {doc.chair or '…'}. Thư ký: {doc.secretary or '…'}.", "ND30 Body")
    _para(document, f"Tổng số thành viên Hội đồng: {doc.members_total}; có mặt: {doc.present_total}.", "ND30 Body")
    _para(document, doc.quorum_text, "ND30 Body")
    _members(document, "Thành viên có mặt:", doc.present, with_attendance=False)
    _members(document, "Thành viên vắng mặt:", doc.absent, with_attendance=True)
    _para(document, "II. KẾT QUẢ BỎ PHIẾU KÍN", "ND30 Part")
    for line in doc.void_votes:
        _para(document, line, "ND30 Body")
    if doc.early_close.strip():
        _para(document, doc.early_close, "ND30 Body")
    for line in doc.counting:
        _para(document, line, "ND30 Body")
    entries = [
        (
            row.cells(),
            "",
        )
        for row in doc.rows
    ]
    _list_table(document, RESULT_COLUMNS, entries, small=True)
    if doc.results_note.strip():
        _para(document, doc.results_note, "ND30 Note")
    if doc.trackers:
        _para(document, doc.trackers_intro, "ND30 Body")
        size, lines = tracker_lines(doc.trackers)
        for line in lines:
            _para(document, line, "ND30 Trackers").runs[0].font.size = Pt(round(size * 2) / 2)
    _para(document, "III. KẾT LUẬN", "ND30 Part")
    for line in doc.conclusions:
        _para(document, line, "ND30 Body")
    if doc.chairman_note.strip():
        _para(document, f"Ý kiến của Chủ tịch: {doc.chairman_note}", "ND30 Body")
    if doc.digest_text.strip():
        _para(document, doc.digest_text, "ND30 Body")
    _para(document, doc.closing, "ND30 Body")
    _signatures(document, doc.signatures)
    return _save(document)


def proposal_docx(doc: ProposalDocument) -> bytes:
    """The proposal to the higher council, then on a new page its list (``build_proposal``)."""
    document = _new_document(f"{doc.title} – {doc.subject}", "")
    _header(document, doc.header)
    _title(document, doc.title, doc.subject)
    _para(document, doc.addressee, "ND30 Addressee")
    for paragraph in doc.paragraphs:
        _para(document, paragraph, "ND30 Body")
    _closing(document, doc.recipients_title, doc.recipients, doc.signature)
    document.add_paragraph(style="ND30 Rule").add_run().add_break(WD_BREAK.PAGE)
    _header(document, doc.header)
    _title(document, doc.list_title, "", subject_rule=False)
    _para(document, doc.list_caption, "ND30 Caption")
    if doc.rows:
        entries = [
            ((str(row.number), row.name, row.position_unit, row.form, row.votes_text), row.achievement)
            for row in doc.rows
        ]
        _list_table(document, PROPOSAL_COLUMNS, entries)
    else:
        _para(document, EMPTY_LIST, "ND30 Body")
    return _save(document)
