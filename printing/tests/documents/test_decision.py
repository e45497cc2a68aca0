"""The decision in the format of Nghị định 30/2020 and its attached list: text,
page size and margins, page numbers, the draft's blanks, the font, hostile
input, a 5,000-character achievement and a 10,000-row list."""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import replace
from typing import Any

import pypdf
import pytest

from printing import samples
from printing.data import Article, Signature
from printing.decision import build_decision, build_decision_list
from printing.tests.documents.pdfcheck import MM, SUBSET_NAME, Page, embedded_fonts, flat, is_nfc, page_count, pages

# A4 portrait; margins: left 30 mm, right 15 mm, top and bottom 20 mm.
LEFT, RIGHT, TOP, BOTTOM = 30, 210 - 15, 20, 297 - 20
HEADINGS = ("STT", "Họ và tên / Tên tập thể", "Chức vụ, đơn vị", "Hình thức khen thưởng", "Số tiền (đồng)")


def _within_margins(page: Page) -> None:
    """Every character inside the frame; only the page number and the stamp sit in the top margin."""
    assert (round(page.width_mm), round(page.height_mm)) == (210, 297)
    for char in page.chars:
        assert char["x0"] >= LEFT * MM - 0.5, char
        assert char["x1"] <= RIGHT * MM + 0.5, char
        assert char["bottom"] <= BOTTOM * MM + 0.5, char
        if char["top"] < TOP * MM:
            assert char["bottom"] <= TOP * MM, char


def test_the_decision_prints_every_part_in_nfc_on_a4_portrait() -> None:
    doc = samples.decision()
    found = pages(build_decision(doc), chars=True)
    text = "\n".join(page.text for page in found)
    assert is_nfc(text)
    lines = text.splitlines()
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "ỦY BAN NHÂN DÂN"):
        assert expected in text, expected
    for expected in (
        "QUYẾT ĐỊNH",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN THỊ TRẤN HÀ TRUNG",
        "QUYẾT ĐỊNH:",
    ):
        assert expected in lines, expected
    for expected in ("Nơi nhận:", "- Như Điều 3;", "Trịnh Văn Cường"):
        assert expected in text, expected
    flat_text = flat(text)
    for expected in (
        "THỊ TRẤN HÀ TRUNG",
        "Số: 15/QĐ-UBND",
        "Hà Trung, ngày 20 tháng 12 năm 2023",
        doc.subject,
        *doc.legal_bases,
        doc.considering,
        *(f"{article.label} {article.text}" for article in doc.articles),
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
    ):
        assert flat(expected) in flat_text, expected
    assert "DỰ THẢO" not in text
    for page in found:
        _within_margins(page)


def test_the_font_is_embedded_as_subsets() -> None:
    found = embedded_fonts(build_decision(samples.decision()))
    assert len(found) == 4  # regular, bold, italic (bases, place and date), bold italic ("Nơi nhận:")
    for font in found:
        assert font["embedded"], font
        assert SUBSET_NAME.match(font["name"]), font


def test_a_draft_leaves_the_number_and_the_day_blank_and_says_so_on_every_page() -> None:
    doc = samples.decision(draft=True)
    doc = replace(doc, legal_bases=doc.legal_bases * 8)  # two pages
    found = pages(build_decision(doc))
    assert len(found) >= 2
    text = "\n".join(page.text for page in found)
    assert re.search(r"Số:\s+/QĐ-UBND", text)
    assert re.search(r"Hà Trung, ngày\s+tháng 12 năm 2023", text)
    assert not re.search(r"Số:\s*\d", text)
    for page in found:
        assert "DỰ THẢO" in page.text


def test_page_numbers_at_the_top_from_page_two() -> None:
    doc = replace(samples.decision(), legal_bases=samples.decision().legal_bases * 12)
    found = pages(build_decision(doc), chars=True)
    assert len(found) >= 3
    assert not found[0].text.splitlines()[0].strip().isdigit()
    for number, page in enumerate(found[1:], start=2):
        top_line = [c for c in page.chars if c["top"] < TOP * MM]
        assert "".join(c["text"] for c in top_line) == str(number)
        centre = (min(c["x0"] for c in top_line) + max(c["x1"] for c in top_line)) / 2 / MM
        assert centre == pytest.approx((LEFT + RIGHT) / 2, abs=1)


def test_a_decision_without_a_signer_name_keeps_the_capacity_and_leaves_the_name_blank() -> None:
    doc = replace(samples.decision(), signature=Signature(("CHỦ TỊCH",), ""))
    text = "\n".join(page.text for page in pages(build_decision(doc)))
    assert "Trịnh Văn Cường" not in text
    lines = text.splitlines()
    assert lines[-1] != "CHỦ TỊCH"  # the capacity sits beside the recipients, not at the very end
    assert any(line.endswith("CHỦ TỊCH") for line in lines[-6:])


@pytest.mark.parametrize(
    "hostile",
    ["Nguyễn <b>Văn</b> & cộng sự", '<font color="red">Lê Thị Bé</font>', "<para>x</para> <br/> A < B && C"],
)
def test_markup_prints_literally_in_the_decision(hostile: str) -> None:
    doc = replace(
        samples.decision(),
        subject=f"Về việc khen thưởng {hostile}",
        articles=(Article("Điều 1.", f"Khen thưởng {hostile}."),),
        signature=Signature(("CHỦ TỊCH",), hostile),
    )
    text = flat("\n".join(page.text for page in pages(build_decision(doc))))
    assert flat(f"Về việc khen thưởng {hostile}") in text
    assert flat(f"Điều 1. Khen thưởng {hostile}.") in text
    assert flat(hostile) in text


# --- the attached list -----------------------------------------------------------------------


def _list_pages(doc: Any) -> list[Page]:
    return pages(build_decision_list(doc))


def _list_body(found: list[Page]) -> str:
    """The lists' characters in drawing order without whitespace, less what
    starts every page after the first (its number and the repeated heading),
    which the test checks is there."""
    heading = flat("".join(HEADINGS))
    parts = []
    for number, page in enumerate(found, start=1):
        raw = page.raw
        if number > 1:
            assert raw.startswith(f"{number}{heading}"), raw[:80]
            raw = raw[len(f"{number}{heading}") :]
        parts.append(raw)
    return "".join(parts)


def test_the_list_has_its_header_title_caption_rows_achievements_and_total() -> None:
    doc = samples.decision(12)
    found = _list_pages(doc)
    text = "\n".join(page.text for page in found)
    flat_text = flat(text)
    for expected in ("DANH SÁCH KHEN THƯỞNG", doc.list_caption, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"):
        assert flat(expected) in flat_text, expected
    raw = _list_body(found)
    for row in doc.rows:
        cells = (str(row.number), row.name, row.position_unit, row.form, row.amount_text)
        assert flat(" ".join(cells) + f" Thành tích: {row.achievement}") in raw, row
    assert flat(f"Tổng cộng {doc.total_text}") in flat_text
    assert doc.total_text == "10.260.000"
    for page in found:
        _within_margins(page)
        assert flat("".join(HEADINGS)) in page.raw  # the heading on every page


def test_a_list_without_money_has_no_total() -> None:
    doc = samples.decision(3)
    doc = replace(doc, rows=tuple(replace(r, amount=None, amount_text="") for r in doc.rows), total=0, total_text="")
    text = "\n".join(page.text for page in _list_pages(doc))
    assert "Tổng cộng" not in text
    assert doc.rows[-1].name in text


def test_a_5000_character_achievement_prints_whole_in_the_list() -> None:
    long_text = ("Đã có thành tích xuất sắc trong phong trào thi đua yêu nước năm 2023, " * 80)[:5000].strip() + "."
    assert len(long_text) > 4900
    doc = samples.decision(3)
    rows = (doc.rows[0], replace(doc.rows[1], achievement=long_text), doc.rows[2])
    found = _list_pages(replace(doc, rows=rows))
    assert len(found) >= 2
    assert flat(f"Thành tích: {long_text} 3 {doc.rows[2].name}") in _list_body(found)
    for page in found:
        _within_margins(page)


def test_a_120_character_name_wraps_inside_its_cell_and_the_margins() -> None:
    name = ("Tập thể Ban Chỉ đạo phong trào Toàn dân đoàn kết xây dựng đời sống văn hóa ở khu dân cư Tiểu khu " * 2)[
        :120
    ]
    unbroken = "Nguyễn" + "x" * 114  # one word wider than its cell is cut, never overflows
    doc = samples.decision(2)
    rows = (replace(doc.rows[0], name=name), replace(doc.rows[1], name=unbroken))
    found = _list_pages(replace(doc, rows=rows))
    raw = _list_body(found)
    assert flat(f"1 {name}") in raw
    assert f"2{unbroken}" in raw
    for page in found:
        _within_margins(page)


@pytest.mark.parametrize(
    "hostile",
    ["Nguyễn <b>Văn</b> & cộng sự", '<font color="red">Lê Thị Bé</font>', "<para>x</para> A < B && C"],
)
def test_markup_prints_literally_in_the_list(hostile: str) -> None:
    doc = samples.decision(1)
    row = replace(doc.rows[0], name=hostile, position_unit=hostile, achievement=hostile)
    raw = _list_body(_list_pages(replace(doc, rows=(row,))))
    assert flat(f"1 {hostile} {hostile} {row.form} {row.amount_text} Thành tích: {hostile}") in raw


def test_nfd_emoji_and_characters_outside_the_font_in_the_list() -> None:
    doc = samples.decision(1)
    row = replace(
        doc.rows[0],
        name=unicodedata.normalize("NFD", "Nguyễn Thị Hường"),
        position_unit="Tổ 😀 𝔄",
        achievement=unicodedata.normalize("NFD", "Thành tích xuất sắc 🏆"),
    )
    text = "\n".join(page.text for page in _list_pages(replace(doc, rows=(row,))))
    assert is_nfc(text)
    assert "Nguyễn Thị Hường" in text
    assert "😀" not in text
    assert "Tổ \N{REPLACEMENT CHARACTER} \N{REPLACEMENT CHARACTER}" in text or "Tổ ? ?" in text
    assert "Thành tích xuất sắc" in text


def test_a_number_too_wide_for_its_cell_is_set_smaller_not_cut() -> None:
    doc = samples.decision(1)
    doc = replace(doc, total=8_550_000_000, total_text="8.550.000.000")
    text = "\n".join(page.text for page in _list_pages(doc))
    assert "Tổng cộng 8.550.000.000" in text


def test_a_list_of_10000_rows_repeats_its_heading_on_every_page_and_loses_no_row() -> None:
    doc = samples.decision(10_000, with_achievement=False)
    pdf = build_decision_list(doc)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    count = len(reader.pages)
    assert count == page_count(pdf)
    assert 10_000 // 40 < count < 10_000 // 8  # between 8 and 40 rows a page

    def numbers(index: int) -> list[int]:
        text = reader.pages[index].extract_text()
        assert flat("STT Họ và tên / Tên tập thể Chức vụ, đơn vị") in flat(text), index
        return [int(n) for n in re.findall(r"^(\d+) ", text, flags=re.MULTILINE)]

    # Consecutive pages continue each other's numbering: no row lost or repeated at a page break.
    previous_last = 0
    for index in [0, 1, 2, count // 2, count // 2 + 1, count - 2, count - 1]:
        found = numbers(index)
        assert found == list(range(found[0], found[0] + len(found))), index
        if index in (1, 2, count // 2 + 1, count - 1):
            assert found[0] == previous_last + 1, index
        previous_last = found[-1]
    last = reader.pages[count - 1].extract_text()
    assert previous_last == 10_000
    assert flat(doc.rows[-1].name) in flat(last)
    assert flat(f"Tổng cộng {doc.total_text}") in flat(last)
    assert str(count) in last.splitlines()[0]  # the page number at the top
