"""Tờ trình (the council's proposal to the higher council) and its list of the
lines proposed, each with its votes and achievement.  A pure function of
``ProposalDocument``."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak

from printing import layout
from printing.data import ProposalDocument

LIST_COLUMNS = (
    layout.Column("TT", 10 * mm, "center"),
    layout.Column("Họ và tên / tên tập thể", 43 * mm),
    layout.Column("Chức vụ, đơn vị", 43 * mm),
    layout.Column("Hình thức đề nghị", 35 * mm),
    layout.Column("Số phiếu đồng ý", 34 * mm, "center"),
)
EMPTY_LIST = "Phiên họp không có trường hợp nào thuộc thẩm quyền cấp trên đạt tỷ lệ phiếu."


def build_proposal(doc: ProposalDocument) -> bytes:
    story: list[Flowable] = [layout.header_block(doc.header), *layout.title_block(doc.title, doc.subject)]
    story.append(layout.para(doc.addressee, "addressee"))
    story += [layout.para(paragraph, "body") for paragraph in doc.paragraphs]
    story.append(layout.closing_block(doc.recipients_title, doc.recipients, doc.signature))
    story += [PageBreak(), layout.header_block(doc.header), *layout.title_block(doc.list_title, "", subject_rule=False)]
    story.append(layout.para(doc.list_caption, "caption"))
    if doc.rows:
        rows: list[layout.Row] = []
        for row in doc.rows:
            cells = [str(row.number), row.name, row.position_unit, row.form, row.votes_text]
            rows += layout.entry_rows(cells, row.achievement, len(LIST_COLUMNS))
        story.append(layout.ListTable(LIST_COLUMNS, rows))
    else:
        story.append(layout.para(EMPTY_LIST, "body"))
    return layout.build_pdf(story, title=f"{doc.title} – {doc.subject}")
