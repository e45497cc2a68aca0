"""Biên bản họp Hội đồng (the minutes of a council session): attendance and
quorum, the secret ballot's result per line with its percentage, the
conclusions, the integrity code of the frozen results, and the signatures of
the secretary and the chair.  A pure function of ``MinutesDocument``.

The vote's part also holds the counting record (biên bản kiểm phiếu): the
votes declared void, the reason of an early close, the ballots issued,
returned, valid and invalid, the results table with a note on how each row
adds up, and the sorted ballot trackers in a small monospace type, as many to
a line as fit, never cut.

Minutes whose frozen results no longer match their code (``integrity_ok``
false) print the problems in red above the title."""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph

from printing import fonts
from printing.data import MemberRow, MinutesDocument
from printing.layout import (
    FRAME_WIDTH,
    Column,
    ListTable,
    Row,
    build_pdf,
    header_block,
    markup,
    para,
    signatures_side_by_side,
    styles,
    title_block,
)

# Five counts per line: agree + disagree + blank + recused + did not vote = the members taking part.
# The twelve columns share A4 portrait's 165 mm: the counts as narrow as their headings' words
# allow (a word too wide is set a little smaller, never cut), the rest to the names, units and
# forms, which wrap between words onto as many lines as they need.
NUMBER_WIDTH = 10.5 * mm
RESULT_COLUMNS = (
    Column("TT", 7 * mm, "center"),
    Column("Họ và tên / tên tập thể", 29 * mm),
    Column("Đơn vị", 21 * mm),
    Column("Hình thức", 19.5 * mm),
    Column("Đồng ý", NUMBER_WIDTH, "right"),
    Column("Không đồng ý", NUMBER_WIDTH, "right"),
    Column("Không biểu quyết", NUMBER_WIDTH, "right"),
    Column("Không tham gia", NUMBER_WIDTH, "right"),
    Column("Không bỏ phiếu", NUMBER_WIDTH, "right"),
    Column("Tính trên", 10 * mm, "right"),
    Column("Tỷ lệ đồng ý", 14 * mm, "right"),
    Column("Kết quả", 12 * mm),
)

# The trackers: 64 hexadecimal digits each, in a monospace type so that a member
# compares them digit by digit; the serif family stands in where no monospace font is installed.
MONO = "DocMono"
MONO_FILES = ("LiberationMono-Regular.ttf", "DejaVuSansMono.ttf")
MONO_FOLDERS = (
    "/usr/share/fonts/truetype/liberation2",
    "/usr/share/fonts/truetype/liberation",
    "/usr/share/fonts/truetype/dejavu",
)
TRACKER_SIZE = 8.0
TRACKER_GAP = 4 * mm
TRACKER_INDENT = 10 * mm
NBSP = "\xa0"


@cache
def mono_font() -> str:
    """The monospace font, registered once (``DOCUMENT_FONT_DIR`` first); the serif family if none is installed."""
    fonts.register_fonts()
    own = os.environ.get("DOCUMENT_FONT_DIR")
    for folder in ((own,) if own else ()) + MONO_FOLDERS:
        for name in MONO_FILES:
            path = Path(folder) / name
            if path.is_file():
                pdfmetrics.registerFont(TTFont(MONO, str(path)))
                return MONO
    return fonts.FAMILY


@cache
def _note_style() -> ParagraphStyle:
    return ParagraphStyle(
        "minutes_note",
        parent=styles()["body"],
        fontName=fonts.ITALIC,
        fontSize=11,
        leading=13,
        firstLineIndent=0,
        spaceBefore=3,
    )


@cache
def _tracker_style(size: float) -> ParagraphStyle:
    return ParagraphStyle(
        f"minutes_trackers_{size:.2f}",
        parent=styles()["body"],
        fontName=mono_font(),
        fontSize=size,
        leading=size * 1.35,
        firstLineIndent=0,
        leftIndent=TRACKER_INDENT,
        spaceAfter=0,
        alignment=TA_LEFT,
    )


def tracker_lines(trackers: Sequence[str], width: float = FRAME_WIDTH - TRACKER_INDENT) -> tuple[float, list[str]]:
    """The type size and the lines of the numbered trackers: as many to a line as fit in
    ``width``, never cut; the size is smaller than ``TRACKER_SIZE`` only if one would not fit.
    A number is padded to the width of the largest with non-breaking spaces, so that in the
    monospace type the codes line up in columns; between two codes the last space may break."""
    if not trackers:
        return TRACKER_SIZE, []
    font = mono_font()
    digits = len(str(len(trackers)))
    entries = [f"{number}.".rjust(digits + 1, NBSP) + NBSP + code for number, code in enumerate(trackers, start=1)]
    widest = max(stringWidth(entry, font, 1) for entry in entries)
    size = min(TRACKER_SIZE, width / widest)
    space = stringWidth(" ", font, size)
    gap = NBSP * max(1, round(TRACKER_GAP / space) - 1) + " "
    per_line = max(1, int((width + space * len(gap)) // (widest * size + space * len(gap))))
    return size, [gap.join(entries[start : start + per_line]) for start in range(0, len(entries), per_line)]


def _tracker_paragraphs(trackers: Sequence[str]) -> list[Flowable]:
    size, lines = tracker_lines(trackers)
    style = _tracker_style(round(size, 2))
    return [Paragraph(markup(line), style) for line in lines]


def _members(title: str, members: Sequence[MemberRow], *, with_attendance: bool) -> list[Flowable]:
    if not members:
        return []
    flowables: list[Flowable] = [para(title, "body")]
    for number, member in enumerate(members, start=1):
        text = f"{number}. {member.name}"
        if member.position:
            text += f", {member.position}"
        if with_attendance and member.attendance:
            text += f" ({member.attendance})"
        flowables.append(para(text, "body"))
    return flowables


def build_minutes(doc: MinutesDocument) -> bytes:
    story: list[Flowable] = [header_block(doc.header)]
    if not doc.integrity_ok:
        story.append(para("CẢNH BÁO: " + " ".join(doc.integrity_problems), "warning"))
    story += title_block(doc.title, doc.subject)
    story.extend(para(basis, "body") for basis in doc.legal_bases)
    story.append(para(doc.opening, "body"))
    story.append(para("I. THÀNH PHẦN", "part"))
    story.append(para(f"Chủ trì: {doc.chair or '…'}. Thư ký: {doc.secretary or '…'}.", "body"))
    story.append(para(f"Tổng số thành viên Hội đồng: {doc.members_total}; có mặt: {doc.present_total}.", "body"))
    story.append(para(doc.quorum_text, "body"))
    story += _members("Thành viên có mặt:", doc.present, with_attendance=False)
    story += _members("Thành viên vắng mặt:", doc.absent, with_attendance=True)
    story.append(para("II. KẾT QUẢ BỎ PHIẾU KÍN", "part"))
    story += [para(line, "body") for line in doc.void_votes]
    if doc.early_close.strip():
        story.append(para(doc.early_close, "body"))
    story += [para(line, "body") for line in doc.counting]
    rows = [Row(list(row.cells())) for row in doc.rows]
    story.append(ListTable(RESULT_COLUMNS, rows, small=True))
    if doc.results_note.strip():
        story.append(Paragraph(markup(doc.results_note), _note_style()))
    if doc.trackers:
        story.append(para(doc.trackers_intro, "body"))
        story += _tracker_paragraphs(doc.trackers)
    story.append(para("III. KẾT LUẬN", "part"))
    story += [para(line, "body") for line in doc.conclusions]
    if doc.chairman_note.strip():
        story.append(para(f"Ý kiến của Chủ tịch: {doc.chairman_note}", "body"))
    if doc.digest_text.strip():
        story.append(para(doc.digest_text, "body"))
    story.append(para(doc.closing, "body"))
    story.append(signatures_side_by_side(doc.signatures))
    return build_pdf(story, title=f"{doc.title} – {doc.subject}")
