"""Quyết định khen thưởng (the decision) and its attached list, in the
administrative format of Nghị định 30/2020/NĐ-CP: pure functions from
``DecisionDocument`` to PDF bytes.

A draft prints the number and the day blank (the data already carries them
so) and "DỰ THẢO" at the top right of every page; a revoked decision prints
"ĐÃ THU HỒI".  A decision whose signer is not named yet prints the capacity
and leaves the name blank, to be written by hand."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from printing.data import DecisionDocument
from printing.layout import (
    Column,
    ListTable,
    Row,
    build_pdf,
    closing_block,
    entry_rows,
    header_block,
    labelled,
    para,
    title_block,
)

LIST_COLUMNS = (
    Column("STT", 13 * mm, "center"),
    Column("Họ và tên / Tên tập thể", 46 * mm),
    Column("Chức vụ, đơn vị", 47 * mm),
    Column("Hình thức khen thưởng", 31 * mm),
    Column("Số tiền (đồng)", 28 * mm, "right"),
)
TOTAL_LABEL = "Tổng cộng"


def build_decision(doc: DecisionDocument) -> bytes:
    """The decision: header, title and subject, the authority, the bases in
    italics, "QUYẾT ĐỊNH:", the articles, recipients and signature."""
    story: list[Flowable] = [header_block(doc.header), *title_block(doc.title, doc.subject)]
    story.append(para(doc.authority, "authority"))
    story += [para(basis, "basis") for basis in doc.legal_bases]
    if doc.considering.strip():
        story.append(para(doc.considering, "basis"))
    story.append(para(doc.decides, "decides"))
    story += [labelled(article.label, article.text, "body") for article in doc.articles]
    story.append(closing_block(doc.recipients_title, doc.recipients, doc.signature))
    return build_pdf(story, title=f"{doc.title} {doc.header.number}", stamp=doc.stamp)


def build_decision_list(doc: DecisionDocument) -> bytes:
    """The list attached to the decision ("Danh sách kèm theo Quyết định số
    …"): a table whose heading repeats on every page, each entry's
    achievement whole under it, the total at the end.  Built page by page
    (``ListTable``), so 10,000 rows cost ten times 1,000."""
    rows: list[Row] = []
    for row in doc.rows:
        cells = [str(row.number), row.name, row.position_unit, row.form, row.amount_text]
        rows += entry_rows(cells, row.achievement, len(LIST_COLUMNS))
    tail = [Row(["", TOTAL_LABEL, "", "", doc.total_text], span=(1, 3), bold=True)] if doc.total_text else []
    story: list[Flowable] = [
        header_block(doc.header),
        *title_block(doc.list_title, "", subject_rule=False),
        para(doc.list_caption, "caption"),
        ListTable(LIST_COLUMNS, rows, tail=tail),
    ]
    return build_pdf(story, title=f"{doc.list_title} {doc.header.number}", stamp=doc.stamp)
