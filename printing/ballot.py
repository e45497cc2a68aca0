"""Phiếu bầu (the paper ballot of a council session): the agenda lines, each
with a box to tick for "Đồng ý" and one for "Không đồng ý", as on paper; no
name of the voter.  A pure function of ``BallotDocument``."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from printing.data import BallotDocument
from printing.layout import Column, ListTable, Row, build_pdf, header_block, para, title_block

BOX_SIDE = 5 * mm


class TickBox(Flowable):
    """An empty square to tick, centred in its cell."""

    def __init__(self, side: float = BOX_SIDE) -> None:
        super().__init__()
        self.side = side
        self.avail = side

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.avail = availWidth
        return availWidth, self.side

    def draw(self) -> None:
        self.canv.setLineWidth(0.8)
        self.canv.rect((self.avail - self.side) / 2, 0, self.side, self.side)


def build_ballot(doc: BallotDocument) -> bytes:
    columns = (
        Column("TT", 10 * mm, "center"),
        Column("Họ và tên / tên tập thể", 45 * mm),
        Column("Chức vụ, đơn vị", 44 * mm),
        Column("Hình thức đề nghị", 30 * mm),
        Column(doc.agree_label, 18 * mm, "center"),
        Column(doc.disagree_label, 18 * mm, "center"),
    )
    rows = [Row([str(row.number), row.name, row.position_unit, row.form, TickBox(), TickBox()]) for row in doc.rows]
    story: list[Flowable] = [header_block(doc.header), *title_block(doc.title, doc.subject)]
    if doc.meeting.strip():
        story.append(para(doc.meeting, "center_italic"))
    if doc.instruction.strip():
        story.append(para(doc.instruction, "body"))
    story.append(ListTable(columns, rows, valign="MIDDLE"))
    return build_pdf(story, title=f"{doc.title} – {doc.subject}")
