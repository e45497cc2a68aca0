"""Giấy khen: the text and where it lands, the paper sizes, the embedded font,
the QR code read back from the rendered page, refusals, hostile input, the
print file of many certificates, text-only mode and the calibration page."""

from __future__ import annotations

import io
import unicodedata
from dataclasses import replace

import pdfplumber
import pypdf
import pytest
import zxingcpp

from printing import fonts, samples
from printing.certificate import (
    DEFAULT_POSITIONS,
    FIELDS,
    achievement_fit_error,
    build_certificate,
    calibration_page,
    qr_path,
    write_certificates,
)
from printing.data import COLLECTIVE, HOUSEHOLD, INDIVIDUAL, CertificateLayout, FieldPosition
from printing.tests.documents.pdfcheck import (
    MM,
    SUBSET_NAME,
    Page,
    embedded_fonts,
    flat,
    in_style,
    is_nfc,
    page_count,
    pages,
)

# The inner edge of the certificate's frame, in millimetres from the sheet's edges.
FRAME_MM = 9.5


def only_page(pdf: bytes, *, chars: bool = False) -> Page:
    found = pages(pdf, chars=chars)
    assert len(found) == 1
    return found[0]


def test_an_individual_certificate_prints_every_part_in_nfc() -> None:
    data = samples.certificate(INDIVIDUAL)
    page = only_page(build_certificate(data))
    assert is_nfc(page.text)
    lines = page.text.splitlines()
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "CHỦ TỊCH",
        "ỦY BAN NHÂN DÂN THỊ TRẤN HÀ TRUNG",
        "TẶNG",
        "GIẤY KHEN",
        "Bà Nguyễn Thị Hường",
        "Đơn vị: Giáo viên Trường Tiểu học thị trấn Hà Trung",
    ):
        assert expected in lines, expected
    for expected in (
        data.achievement,
        "Quyết định số 15/QĐ-UBND ngày 20/12/2023",
        "Số sổ: 2023-0015",
        "Hà Trung, ngày 20 tháng 12 năm 2023",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Trịnh Văn Cường",
    ):
        assert flat(expected) in page.flat, expected


def test_a4_landscape_by_default_and_a3_landscape_when_set() -> None:
    data = samples.certificate()
    a4 = only_page(build_certificate(data))
    assert (round(a4.width_mm), round(a4.height_mm)) == (297, 210)
    a3 = only_page(build_certificate(data, CertificateLayout(paper="A3")))
    assert (round(a3.width_mm), round(a3.height_mm)) == (420, 297)
    assert "Bà Nguyễn Thị Hường" in a3.text.splitlines()


def test_the_a3_layout_is_the_a4_layout_scaled() -> None:
    data = samples.certificate()

    def name_box(layout: CertificateLayout) -> tuple[float, float]:
        page = only_page(build_certificate(data, layout), chars=True)
        name = [c for c in page.chars if c["text"] == "H" and c["size"] > 20]
        assert name
        return float(name[0]["x0"]), float(name[0]["size"])

    x4, size4 = name_box(CertificateLayout())
    x3, size3 = name_box(CertificateLayout(paper="A3"))
    assert x3 / x4 == pytest.approx(2**0.5, rel=0.01)
    assert size3 / size4 == pytest.approx(2**0.5, rel=0.01)


def test_the_font_is_embedded_as_a_subset() -> None:
    found = embedded_fonts(build_certificate(samples.certificate()))
    assert len(found) == 3  # regular, bold, italic
    for font in found:
        assert font["embedded"], font
        assert font["length"] > 1000, font
        assert SUBSET_NAME.match(font["name"]), font


def test_the_qr_code_reads_back_as_the_verify_url() -> None:
    data = samples.certificate(verify_url="https://thidua.hatrung.vn/v/Qz8rT2kLm5Nw")
    with pdfplumber.open(io.BytesIO(build_certificate(data))) as pdf:
        image = pdf.pages[0].to_image(resolution=150).original
    assert [code.text for code in zxingcpp.read_barcodes(image)] == ["https://thidua.hatrung.vn/v/Qz8rT2kLm5Nw"]


def test_no_qr_code_without_a_verify_url() -> None:
    with pdfplumber.open(io.BytesIO(build_certificate(samples.certificate(verify_url="")))) as pdf:
        image = pdf.pages[0].to_image(resolution=150).original
    assert zxingcpp.read_barcodes(image) == []


def test_the_qr_path_has_one_rectangle_per_run_of_dark_modules() -> None:
    ops, size = qr_path("https://thidua.hatrung.vn/v/7Kq2mX9pR4tW")
    rects = [line.split() for line in ops.splitlines() if line.endswith(" re")]
    assert ops.endswith("\nf")
    drawn = {(int(x) + dx, int(y)) for x, y, w, _h, _op in rects for dx in range(int(w))}
    import segno

    matrix = segno.make("https://thidua.hatrung.vn/v/7Kq2mX9pR4tW", error="m", mask=2, micro=False).matrix
    dark = {(x, size - 1 - row) for row, values in enumerate(matrix) for x, v in enumerate(values) if v & 1}
    assert drawn == dark
    assert len(rects) < len(dark)


@pytest.mark.parametrize(
    ("kind", "label"),
    [(INDIVIDUAL, "Đơn vị: "), (COLLECTIVE, "Trực thuộc: "), (HOUSEHOLD, "Địa chỉ: ")],
)
def test_each_kind_of_awardee_has_its_own_unit_label(kind: str, label: str) -> None:
    data = samples.certificate(kind)
    page = only_page(build_certificate(data))
    assert data.awardee in page.text.splitlines()
    assert label + data.unit in page.text.splitlines()


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="Loại đối tượng"):
        build_certificate(replace(samples.certificate(), kind="company"))


def test_an_unknown_paper_is_refused() -> None:
    with pytest.raises(ValueError, match="Khổ giấy"):
        build_certificate(samples.certificate(), CertificateLayout(paper="Letter"))


def test_an_awardee_without_a_unit_has_no_unit_line() -> None:
    page = only_page(build_certificate(samples.certificate(unit="")))
    assert "Đơn vị" not in page.text
    assert "Bà Nguyễn Thị Hường" in page.text.splitlines()


def test_a_missing_signer_leaves_the_name_blank_under_the_capacity() -> None:
    with_name = only_page(build_certificate(samples.certificate()))
    without = only_page(build_certificate(samples.certificate(signer_name="")))
    assert "Trịnh Văn Cường" in with_name.text
    assert "Trịnh Văn Cường" not in without.text
    assert "KT. CHỦ TỊCH" in without.text
    assert "PHÓ CHỦ TỊCH" in without.text
    assert len(without.text.splitlines()) == len(with_name.text.splitlines()) - 1


@pytest.mark.parametrize(
    "hostile",
    [
        "Nguyễn <b>Văn</b> An & cộng sự",
        '<font color="red" size="40">Lê Thị Bé</font>',
        "<para>Trần &amp; Văn </para> <br/> C",
        "A < B > C && D;",
    ],
)
def test_markup_in_names_and_achievements_prints_literally(hostile: str) -> None:
    page = only_page(build_certificate(samples.certificate(awardee=hostile, achievement=f"Thành tích {hostile}.")))
    assert flat(hostile) in page.flat
    assert flat(f"Thành tích {hostile}.") in page.flat


def test_nfd_input_prints_as_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Bà Nguyễn Thị Hường")
    achievement = unicodedata.normalize("NFD", "Đã có thành tích xuất sắc năm 2023.")
    page = only_page(build_certificate(samples.certificate(awardee=nfd, achievement=achievement)))
    assert "Bà Nguyễn Thị Hường" in page.text.splitlines()
    assert "Đã có thành tích xuất sắc năm 2023." in page.text
    assert is_nfc(page.text)


def test_emoji_and_characters_outside_the_font_become_a_visible_mark() -> None:
    page = only_page(build_certificate(samples.certificate(awardee="Bà Hường 😀 \U0001f3c6", unit="Tổ 𝔄")))
    line = next(line for line in page.text.splitlines() if line.startswith("Bà Hường"))
    assert "😀" not in line
    assert line in ("Bà Hường \N{REPLACEMENT CHARACTER} \N{REPLACEMENT CHARACTER}", "Bà Hường ? ?")


def _inside_frame(page: Page) -> None:
    for char in page.chars:
        assert FRAME_MM * MM <= char["x0"], char
        assert char["x1"] <= (page.width_mm - FRAME_MM) * MM, char
        assert FRAME_MM * MM <= char["top"], char
        assert char["bottom"] <= (page.height_mm - FRAME_MM) * MM, char


def test_a_120_character_name_wraps_and_shrinks_inside_the_frame() -> None:
    name = (
        "Tập thể Ban Chỉ đạo phong trào Toàn dân đoàn kết xây dựng đời sống văn hóa ở khu dân cư Tiểu khu Trang Các"
        " thị trấn Hà Trung"
    )[:120]
    assert len(name) == 120
    page = only_page(build_certificate(samples.certificate(COLLECTIVE, awardee=name)), chars=True)
    assert flat(name) in page.flat
    _inside_frame(page)
    name_chars = [c for c in page.chars if in_style(c, fonts.BOLD) and 14.5 < c["size"] < 39]
    assert len({round(c["top"]) for c in name_chars}) == 2  # two lines
    assert max(c["size"] for c in name_chars) < DEFAULT_POSITIONS["awardee"].size_pt


def test_a_normal_achievement_is_accepted_and_a_5000_character_one_refused() -> None:
    assert achievement_fit_error(samples.certificate().achievement) is None
    long_text = ("Đã có thành tích xuất sắc trong phong trào thi đua yêu nước " * 100)[:5000]
    assert len(long_text) == 5000
    message = achievement_fit_error(long_text)
    assert message is not None
    assert message.startswith("Thành tích dài quá, không in vừa Giấy khen ở cỡ chữ nhỏ nhất (11 pt): 5.000 ký tự;")
    assert "danh sách kèm quyết định vẫn in đủ" in message
    with pytest.raises(ValueError, match="Thành tích dài quá") as refused:
        build_certificate(samples.certificate(achievement=long_text))
    assert str(refused.value) == message


def test_the_limit_the_message_gives_is_about_right() -> None:
    message = achievement_fit_error("x" + " Đã có thành tích" * 400)
    assert message is not None
    limit = int(message.split("tối đa khoảng ")[1].split(" ký tự")[0].replace(".", ""))
    words = "Đã có thành tích xuất sắc trong phong trào thi đua yêu nước, góp phần hoàn thành nhiệm vụ. " * 20
    assert achievement_fit_error(words[: int(limit * 0.9)]) is None
    assert achievement_fit_error(words[: int(limit * 1.2)]) is not None


def test_a_long_achievement_that_fits_shrinks_and_stays_in_the_frame() -> None:
    text = ("Đã có thành tích xuất sắc trong phong trào thi đua yêu nước, góp phần hoàn thành nhiệm vụ. " * 7).strip()
    assert achievement_fit_error(text) is None
    page = only_page(build_certificate(samples.certificate(achievement=text)), chars=True)
    assert flat(text) in page.flat
    _inside_frame(page)
    # Without the decision line and the serial, the achievement is the only text in the regular style.
    page = only_page(build_certificate(samples.certificate(achievement=text, decision_line="", serial="")), chars=True)
    body = [c for c in page.chars if in_style(c, fonts.FAMILY)]
    assert body
    assert max(c["size"] for c in body) < DEFAULT_POSITIONS["achievement"].size_pt
    # Nothing of it reaches the place and date line below it.
    place_top = min(c["top"] for c in page.chars if in_style(c, fonts.ITALIC) and c["size"] == 13)
    assert max(c["bottom"] for c in body) < place_top


def test_a_smaller_minimum_size_admits_a_longer_achievement() -> None:
    text = ("Đã có thành tích xuất sắc trong phong trào thi đua yêu nước năm 2023. " * 12).strip()
    assert achievement_fit_error(text) is not None
    assert achievement_fit_error(text, CertificateLayout(min_size_pt=8)) is None
    assert achievement_fit_error(text, CertificateLayout(paper="A3")) is None


# --- the print file -------------------------------------------------------------------------


def test_the_print_file_has_one_page_per_certificate_with_its_own_awardee_and_serial() -> None:
    items = list(samples.certificates(23))
    out = io.BytesIO()
    seen: list[int] = []
    assert write_certificates(items, out, chunk_pages=5, progress=seen.append) == 23
    assert seen == [5, 10, 15, 20, 23]
    pdf = out.getvalue()
    found = pages(pdf)
    assert len(found) == 23
    for item, page in zip(items, found, strict=True):
        assert (round(page.width_mm), round(page.height_mm)) == (297, 210)
        assert flat(item.awardee) in page.flat
        assert item.serial in page.text
        assert "GIẤY KHEN" in page.text  # the shared parts, drawn once per chunk as a form
    for font in embedded_fonts(pdf):
        assert font["embedded"], font
        assert SUBSET_NAME.match(font["name"]), font
    reader = pypdf.PdfReader(io.BytesIO(pdf), strict=True)
    assert len(reader.pages) == 23
    assert reader.root_object["/Pages"]["/Count"] == 23  # type: ignore[index]


def test_the_print_file_embeds_each_font_file_once_for_all_its_chunks() -> None:
    items = list(samples.certificates(8))
    out = io.BytesIO()
    assert write_certificates(items, out, chunk_pages=2) == 8
    reader = pypdf.PdfReader(io.BytesIO(out.getvalue()), strict=True)
    font_files: set[int] = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():  # type: ignore[index]
            descriptor = font.get_object()["/FontDescriptor"].get_object()
            font_files.add(descriptor.raw_get("/FontFile2").idnum)
    assert len(font_files) == 3  # regular, bold, italic: one copy each, not one per chunk of 2 pages
    for item, page in zip(items, pages(out.getvalue()), strict=True):
        assert item.serial in page.text


def test_the_print_file_pages_carry_their_own_qr_codes() -> None:
    items = list(samples.certificates(3))
    out = io.BytesIO()
    write_certificates(items, out, chunk_pages=2)
    with pdfplumber.open(io.BytesIO(out.getvalue())) as pdf:
        for item, page in zip(items, pdf.pages, strict=True):
            image = page.to_image(resolution=150).original
            assert [code.text for code in zxingcpp.read_barcodes(image)] == [item.verify_url]


def test_the_print_file_refuses_nothing_to_print_and_a_certificate_that_does_not_fit() -> None:
    with pytest.raises(ValueError, match="Không có Giấy khen"):
        write_certificates([], io.BytesIO())
    too_long = samples.certificate(achievement="Thành tích " * 1000)
    with pytest.raises(ValueError, match="Thành tích dài quá"):
        write_certificates([samples.certificate(), too_long], io.BytesIO())


def test_the_print_file_on_a3() -> None:
    out = io.BytesIO()
    write_certificates(samples.certificates(2), out, CertificateLayout(paper="A3"))
    assert [(round(p.width_mm), round(p.height_mm)) for p in pages(out.getvalue())] == [(420, 297)] * 2
    assert page_count(out.getvalue()) == 2


# --- blanks: text only, offsets, calibration ----------------------------------------------


def test_text_only_prints_the_variable_fields_where_the_council_put_them() -> None:
    layout = CertificateLayout(
        text_only=True,
        positions={"awardee": FieldPosition(x_mm=120, y_mm=60, width_mm=200, size_pt=20)},
    )
    data = samples.certificate()
    page = only_page(build_certificate(data, layout), chars=True)
    for absent in ("GIẤY KHEN", "CỘNG HÒA", "TẶNG", "KT. CHỦ TỊCH"):
        assert absent not in page.text
    for present in (data.awardee, data.serial, data.decision_line, data.place_date, data.signer_name):
        assert flat(present) in page.flat
    chars = [c for c in page.chars if c["size"] == pytest.approx(20, abs=0.01)]
    assert flat("".join(c["text"] for c in chars)) == flat(data.awardee)
    centre = (min(c["x0"] for c in chars) + max(c["x1"] for c in chars)) / 2 / MM
    assert centre == pytest.approx(120, abs=0.5)
    baseline = page.height_mm - float(chars[0]["y0"]) / MM  # pdfplumber's y0 is the baseline side, from the bottom
    assert baseline == pytest.approx(60, abs=2)
    # A field without a position of its own keeps the full layout's place.
    serial = [c for c in page.chars if c["text"] == "2" and c["size"] == pytest.approx(12, abs=0.01)]
    serial_centre = DEFAULT_POSITIONS["serial"].x_mm
    assert min(c["x0"] for c in serial) / MM < serial_centre < max(c["x1"] for c in serial) / MM + 30


def test_the_printer_offsets_shift_every_field() -> None:
    data = samples.certificate()
    plain = only_page(build_certificate(data, CertificateLayout(text_only=True)), chars=True)
    shifted = only_page(
        build_certificate(data, CertificateLayout(text_only=True, offset_x_mm=3, offset_y_mm=-2)), chars=True
    )
    assert len(plain.chars) == len(shifted.chars)
    for before, after in zip(plain.chars, shifted.chars, strict=True):
        assert (after["x0"] - before["x0"]) / MM == pytest.approx(3, abs=0.01)
        assert (after["top"] - before["top"]) / MM == pytest.approx(-2, abs=0.01)


def test_the_calibration_page_names_every_field_at_its_position() -> None:
    layout = CertificateLayout(
        text_only=True, positions={"serial": FieldPosition(x_mm=60, y_mm=170, width_mm=80, size_pt=11)}
    )
    page = only_page(calibration_page(layout), chars=True)
    assert (round(page.width_mm), round(page.height_mm)) == (297, 210)
    assert "Trang căn chỉnh Giấy khen" in page.text
    for field in FIELDS:
        assert field in page.text
    assert "serial x=60 y=170 rộng=80 mm cỡ 11 pt" in page.text
    a3 = only_page(calibration_page(CertificateLayout(paper="A3")))
    assert (round(a3.width_mm), round(a3.height_mm)) == (420, 297)
    assert f"awardee x={DEFAULT_POSITIONS['awardee'].x_mm * 2**0.5:g}" in a3.text


def test_a_certificate_with_changed_fields_only_changes_those() -> None:
    a = build_certificate(samples.certificate())
    b = build_certificate(replace(samples.certificate(), serial="Số sổ: 2023-0016"))
    assert a != b
    assert build_certificate(samples.certificate()) == a  # invariant output: same input, same bytes


def test_characters_outside_the_seeded_subset_still_print_and_extract() -> None:
    """The font subsets are cached per set of characters: letters beyond the
    Vietnamese alphabet (a foreign name) take a subset of their own, which
    does not leak into the next certificate."""
    first = only_page(build_certificate(samples.certificate(awardee="Bà Françoise Ωmega Søren")))
    second = only_page(build_certificate(samples.certificate(awardee="Ông Đỗ Ẩn Ñúñez")))
    plain = only_page(build_certificate(samples.certificate()))
    assert "Bà Françoise Ωmega Søren" in first.text.splitlines()
    assert "Ông Đỗ Ẩn Ñúñez" in second.text.splitlines()
    assert "Bà Nguyễn Thị Hường" in plain.text.splitlines()
    for pdf in (samples.certificate(awardee="Bà Françoise Ωmega Søren"), samples.certificate()):
        for font in embedded_fonts(build_certificate(pdf)):
            assert font["embedded"], font
