"""Biên bản họp Hội đồng (the minutes of a council session): attendance and
quorum, the secret ballot's result per line with its percentage, the
conclusions, the integrity code of the frozen results, and the signatures of
the secretary and the chair.  A pure function of ``MinutesDocument``.

Minutes whose frozen results no longer match their code (``integrity_ok``
false) print the problems in red above the title."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from printing.data import MemberRow, MinutesDocument
from printing.layout import Column, ListTable, Row, build_pdf, header_block, para, signatures_side_by_side, title_block

RESULT_COLUMNS = (
    Column("TT", 7 * mm, "center"),
    Column("Họ và tên / tên tập thể", 28 * mm),
    Column("Đơn vị", 22 * mm),
    Column("Hình thức", 19 * mm),
    Column("Đồng ý", 12.5 * mm, "right"),
    Column("Không đồng ý", 12.5 * mm, "right"),
    Column("Không biểu quyết", 12.5 * mm, "right"),
    Column("Không tham gia xét", 12.5 * mm, "right"),
    Column("Tính trên", 11 * mm, "right"),
    Column("Tỷ lệ đồng ý", 14.5 * mm, "right"),
    Column("Kết quả", 13.5 * mm),
)


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
    story.append(para(doc.opening, "body"))
    story.append(para("I. THÀNH PHẦN", "part"))
    story.append(para(f"Chủ trì: {doc.chair or '…'}. Thư ký: {doc.secretary or '…'}.", "body"))
    story.append(para(f"Tổng số thành viên Hội đồng: {doc.members_total}; có mặt: {doc.present_total}.", "body"))
    story.append(para(doc.quorum_text, "body"))
    story += _members("Thành viên có mặt:", doc.present, with_attendance=False)
    story += _members("Thành viên vắng mặt:", doc.absent, with_attendance=True)
    story.append(para("II. KẾT QUẢ BỎ PHIẾU KÍN", "part"))
    rows = [
        Row(
            [
                str(row.number),
                row.name,
                row.position_unit,
                row.form,
                str(row.agree),
                str(row.disagree),
                str(row.blank),
                str(row.recused),
                str(row.base),
                row.percent_text,
                row.outcome,
            ]
        )
        for row in doc.rows
    ]
    story.append(ListTable(RESULT_COLUMNS, rows, small=True))
    story.append(para("III. KẾT LUẬN", "part"))
    story += [para(line, "body") for line in doc.conclusions]
    if doc.chairman_note.strip():
        story.append(para(f"Ý kiến của Chủ tịch: {doc.chairman_note}", "body"))
    if doc.digest_text.strip():
        story.append(para(doc.digest_text, "body"))
    story.append(para(doc.closing, "body"))
    story.append(signatures_side_by_side(doc.signatures))
    return build_pdf(story, title=f"{doc.title} – {doc.subject}")
