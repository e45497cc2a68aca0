"""The Word copies of the council's papers: the same words in the same order as the
PDFs, the administrative page and styles, the header table, a draft's blank number."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

import docx
import pdfplumber
import pytest
from docx.oxml.ns import qn

from printing import samples
from printing.data import MinutesDocument
from printing.decision import LIST_COLUMNS, build_decision, build_decision_list
from printing.minutes import RESULT_COLUMNS, build_minutes
from printing.proposal import EMPTY_LIST, build_proposal
from printing.proposal import LIST_COLUMNS as PROPOSAL_COLUMNS
from printing.tests.documents.pdfcheck import MM
from printing.wordfiles import decision_docx, decision_list_docx, minutes_docx, proposal_docx

MARGIN_TOP_PT = 20 * MM


def _docx_texts(content: bytes) -> list[str]:
    """Every paragraph's and table cell's text of the body, in document order (a joined cell once)."""
    document = docx.Document(io.BytesIO(content))
    texts: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, docx.table.Table):
            for row in block.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    texts += [p.text for p in cell.paragraphs]
        else:
            texts.append(block.text)
    return texts


def _words(texts: list[str]) -> list[str]:
    return " ".join(texts).split()


def _pdf_words(pdf: bytes, headings: tuple[tuple[str, ...], ...] = ()) -> list[str]:
    """The PDF's words in drawing order.  Ignored explicitly: what is drawn above the top
    margin (the page numbers, the "DỰ THẢO" stamp) and a list's heading repeated at the top
    of a later page (Word repeats its heading row by itself)."""
    words: list[str] = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            found = [w["text"] for w in page.extract_words(use_text_flow=True) if w["top"] >= MARGIN_TOP_PT - 1]
            found = " ".join(found).split()
            for heading in headings:
                head = " ".join(heading).split()
                if page.page_number > 1 and found[: len(head)] == head and _contains(words, head):
                    found = found[len(head) :]
            words += found
    return words


def _contains(words: list[str], part: list[str]) -> bool:
    return any(words[i : i + len(part)] == part for i in range(len(words) - len(part) + 1))


def _titles(columns: Any) -> tuple[str, ...]:
    return tuple(column.title for column in columns)


CASES: list[tuple[str, Callable[[], Any], Callable[[Any], bytes], Callable[[Any], bytes], tuple[str, ...]]] = [
    ("decision", lambda: samples.decision(), decision_docx, build_decision, ()),
    ("decision-draft", lambda: samples.decision(draft=True), decision_docx, build_decision, ()),
    ("decision-list", lambda: samples.decision(12), decision_list_docx, build_decision_list, _titles(LIST_COLUMNS)),
    ("minutes", lambda: samples.minutes(), minutes_docx, build_minutes, _titles(RESULT_COLUMNS)),
    ("proposal", lambda: samples.proposal(), proposal_docx, build_proposal, _titles(PROPOSAL_COLUMNS)),
]


@pytest.mark.parametrize(("name", "data", "word", "pdf", "heading"), CASES, ids=[c[0] for c in CASES])
def test_the_word_copy_has_the_pdfs_words_in_the_pdfs_order(
    name: str, data: Callable[[], Any], word: Callable[[Any], bytes], pdf: Callable[[Any], bytes], heading: Any
) -> None:
    doc = data()
    in_word = _words(_docx_texts(word(doc)))
    in_pdf = _pdf_words(pdf(doc), (heading,) if heading else ())
    assert len(in_word) > 100
    assert in_word == in_pdf


def test_a_long_list_matches_over_many_pages() -> None:
    doc = samples.decision(60)
    in_pdf = _pdf_words(build_decision_list(doc), (_titles(LIST_COLUMNS),))
    assert _words(_docx_texts(decision_list_docx(doc))) == in_pdf


def test_minutes_with_a_warning_members_away_and_trackers() -> None:
    doc: MinutesDocument = replace(
        samples.minutes(),
        integrity_ok=False,
        integrity_problems=("Số phiếu của dòng 1 khác bản đã ký.",),
        early_close="Phiên bỏ phiếu đóng sớm vì mọi thành viên đã bỏ phiếu.",
        void_votes=("Lần bỏ phiếu thứ nhất không hợp lệ vì không đủ số thành viên.",),
    )
    texts = _docx_texts(minutes_docx(doc))
    assert "CẢNH BÁO: Số phiếu của dòng 1 khác bản đã ký." in texts
    assert _words(texts) == _pdf_words(build_minutes(doc), (_titles(RESULT_COLUMNS),))


def test_an_empty_proposal_says_so() -> None:
    doc = replace(samples.proposal(), rows=())
    texts = _docx_texts(proposal_docx(doc))
    assert EMPTY_LIST in texts
    assert _words(texts) == _pdf_words(build_proposal(doc))


def _style_chain(style: Any) -> Iterator[Any]:
    while style is not None:
        yield style
        style = style.base_style


def _font_of(paragraph: Any) -> str | None:
    return next((s.font.name for s in _style_chain(paragraph.style) if s.font.name), None)


def _all_paragraphs(document: Any) -> Iterator[Any]:
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


@pytest.mark.parametrize(("name", "data", "word", "pdf", "heading"), CASES, ids=[c[0] for c in CASES])
def test_the_page_the_styles_and_the_header(
    name: str, data: Callable[[], Any], word: Callable[[Any], bytes], pdf: Any, heading: Any
) -> None:
    doc = data()
    content = word(doc)
    document = docx.Document(io.BytesIO(content))
    for section in document.sections:
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
        margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
        assert tuple(round(m.mm) for m in margins) == (20, 20, 30, 15)
    assert document.styles["Normal"].font.name == "Times New Roman"
    fonts = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    attributes = fonts.find(qn("w:rFonts")).attrib
    assert attributes[qn("w:ascii")] == attributes[qn("w:hAnsi")] == "Times New Roman"
    assert not [key for key in attributes if key.lower().endswith("theme")]
    for paragraph in _all_paragraphs(document):
        expected = "Courier New" if paragraph.style.name == "ND30 Trackers" else "Times New Roman"
        assert _font_of(paragraph) == expected, paragraph.style.name
        assert not [run for run in paragraph.runs if run.font.name not in (None, expected)]
        assert unicodedata.is_normalized("NFC", paragraph.text)
        if paragraph.style.name == "ND30 Body":
            fmt = paragraph.style.paragraph_format
            assert round(fmt.first_line_indent.mm) == 10
            assert paragraph.style.font.size.pt == 14
    # the header: a borderless two-column table, the body bold on the left, the motto on the right
    table = document.tables[0]
    assert table.style is None or table.style.name == "Normal Table"
    left, right = table.cell(0, 0), table.cell(0, 1)
    assert "ỦY BAN NHÂN DÂN" in [p.text for p in left.paragraphs]
    assert all(p.style.font.bold for p in left.paragraphs if p.text.strip() and p.style.name == "ND30 Header Body")
    assert [p.text for p in right.paragraphs][:2] == [doc.header.national_name, doc.header.motto]
    assert table.cell(1, 0).text == doc.header.number
    place = table.cell(1, 1).paragraphs[0]
    assert place.text == doc.header.place_date
    assert place.style.font.italic
    # "Nơi nhận:" bold italic 12 pt, its list 11 pt
    titles = [p for p in _all_paragraphs(document) if p.text == "Nơi nhận:"]
    if name not in ("decision-list", "minutes"):
        assert titles
    for title in titles:
        assert title.style.font.bold
        assert title.style.font.italic
        assert title.style.font.size.pt == 12
    recipients = [p for p in _all_paragraphs(document) if p.style.name == "ND30 Recipients"]
    assert all(p.style.font.size.pt == 11 for p in recipients)
    assert len(recipients) == (len(doc.recipients) if titles else 0)
    # lists: the heading row repeats on every page
    for list_table in document.tables[1:]:
        if list_table.style is not None and list_table.style.name == "Table Grid":
            assert list_table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_a_draft_keeps_the_blank_number_and_day_and_is_stamped() -> None:
    doc = samples.decision(draft=True)
    document = docx.Document(io.BytesIO(decision_docx(doc)))
    assert doc.header.number == "Số:      /QĐ-UBND"
    assert document.tables[0].cell(1, 0).text == "Số:      /QĐ-UBND"
    assert document.tables[0].cell(1, 1).text == "Hà Trung, ngày     tháng 12 năm 2023"
    header = document.sections[0].first_page_header.paragraphs[0].text
    assert "DỰ THẢO" in header
    captions = _docx_texts(decision_list_docx(doc))
    assert any("Quyết định số      /QĐ-UBND" in text for text in captions)
    registered = docx.Document(io.BytesIO(decision_docx(samples.decision())))
    assert "DỰ THẢO" not in registered.sections[0].first_page_header.paragraphs[0].text


def test_hostile_text_is_kept_as_written_and_nfc() -> None:
    base = samples.decision()
    odd = "Nguye\u0302\u0303n <b>&amp; \x07 😀"
    rows = (replace(base.rows[0], name=odd), *base.rows[1:])
    texts = _docx_texts(decision_list_docx(replace(base, rows=rows)))
    assert "Nguyễn <b>&amp; \ufffd 😀" in texts
    assert all(unicodedata.is_normalized("NFC", text) for text in texts)
