"""Tờ trình (the council's proposal to the higher council) and its list of the
lines proposed, each with its votes and achievement.  A pure function of
``ProposalDocument``."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak

from printing.data import ProposalDocument
from printing.layout import (
    Column,
    ListTable,
    Row,
    build_pdf,
    closing_block,
    entry_rows,
    header_block,
    para,
    title_block,
)

LIST_COLUMNS = (
    Column("TT", 10 * mm, "center"),
    Column("Họ và tên / tên tập thể", 43 * mm),
    Column("Chức vụ, đơn vị", 43 * mm),
    Column("Hình thức đề nghị", 35 * mm),
    Column("Số phiếu đồng ý", 34 * mm, "center"),
)
EMPTY_LIST = "Phiên họp không có trường hợp nào thuộc thẩm quyền cấp trên đạt tỷ lệ phiếu."


def build_proposal(doc: ProposalDocument) -> bytes:
    story: list[Flowable] = [header_block(doc.header), *title_block(doc.title, doc.subject)]
    story.append(para(doc.addressee, "addressee"))
    story += [para(paragraph, "body") for paragraph in doc.paragraphs]
    story.append(closing_block(doc.recipients_title, doc.recipients, doc.signature))
    story += [PageBreak(), header_block(doc.header), *title_block(doc.list_title, "", subject_rule=False)]
    story.append(para(doc.list_caption, "caption"))
    if doc.rows:
        rows: list[Row] = []
        for row in doc.rows:
            cells = [str(row.number), row.name, row.position_unit, row.form, row.votes_text]
            rows += entry_rows(cells, row.achievement, len(LIST_COLUMNS))
        story.append(ListTable(LIST_COLUMNS, rows))
    else:
        story.append(para(EMPTY_LIST, "body"))
    return build_pdf(story, title=f"{doc.title} – {doc.subject}")
