"""The minutes of a session, the paper ballot and the proposal to the higher
council: their text, page size, margins, hostile input and, for the ballot,
the boxes to tick."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import replace

import pytest

from printing import samples
from printing.ballot import BOX_SIDE, build_ballot
from printing.data import MemberRow, MinutesDocument, Signature
from printing.layout import FRAME_WIDTH
from printing.minutes import MONO, RESULT_COLUMNS, TRACKER_SIZE, build_minutes, mono_font, tracker_lines
from printing.proposal import EMPTY_LIST, build_proposal
from printing.tests.documents.pdfcheck import MM, SUBSET_NAME, Page, embedded_fonts, flat, is_nfc, pages

LEFT, RIGHT, TOP, BOTTOM = 30, 210 - 15, 20, 297 - 20


def _within_margins(found: list[Page]) -> None:
    for page in found:
        assert (round(page.width_mm), round(page.height_mm)) == (210, 297)
        for char in page.chars:
            assert LEFT * MM - 0.5 <= char["x0"], char
            assert char["x1"] <= RIGHT * MM + 0.5, char
            assert char["bottom"] <= BOTTOM * MM + 0.5, char


def _body(found: list[Page]) -> str:
    """All characters in drawing order without whitespace (a table's cells stay whole)."""
    return "".join(page.raw for page in found)


def _text(found: list[Page]) -> str:
    return "\n".join(page.text for page in found)


# --- minutes ---------------------------------------------------------------------------------


def test_the_minutes_print_attendance_quorum_results_conclusions_and_signatures() -> None:
    doc = samples.minutes()
    found = pages(build_minutes(doc))
    text, body = _text(found), _body(found)
    assert is_nfc(text)
    for expected in (
        "ỦY BAN NHÂN DÂN",
        "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Hà Trung, ngày 15 tháng 12 năm 2023",
        "BIÊN BẢN",
        "I. THÀNH PHẦN",
        "II. KẾT QUẢ BỎ PHIẾU KÍN",
        "III. KẾT LUẬN",
        "THƯ KÝ",
        "CHỦ TRÌ",
    ):
        assert expected in text, expected
    for expected in (doc.subject, doc.opening, doc.quorum_text, doc.digest_text, doc.closing, *doc.conclusions):
        assert flat(expected) in flat(text), expected
    for number, member in enumerate(doc.present, start=1):
        assert flat(f"{number}. {member.name}, {member.position}") in flat(text)
    assert flat(f"1. {doc.absent[0].name}, {doc.absent[0].position} ({doc.absent[0].attendance})") in flat(text)
    for row in doc.rows:
        cells = (row.number, row.name, row.position_unit, row.form, row.agree, row.disagree, row.blank)
        cells += (row.recused, row.not_voted, row.base, row.percent_text, row.outcome)  # type: ignore[assignment]
        assert flat(" ".join(str(c) for c in cells)) in body, row
    assert flat(f"{doc.signatures[0].name}") in flat(text)
    assert "CẢNH BÁO" not in text
    _within_margins(found)


TRACKERS = tuple(sorted(hashlib.sha256(f"phiếu {n}".encode()).hexdigest() for n in range(12)))


def _counted() -> MinutesDocument:
    """The sample minutes with a member who did not vote on each line, the counting record,
    an early close, a void vote and the trackers."""
    doc = samples.minutes()
    return replace(
        doc,
        rows=tuple(replace(row, disagree=row.disagree - 1, not_voted=1) if row.disagree else row for row in doc.rows),
        results_note="Mỗi dòng: Đồng ý + Không đồng ý + Không biểu quyết + Không tham gia + Không bỏ phiếu = số thành viên tham gia biểu quyết.",
        counting=(
            "Số phiếu phát ra: 8 (thành viên tham gia biểu quyết); số phiếu thu vào: 7; số phiếu hợp lệ: 6; số phiếu không hợp lệ: 1.",
            "Số thành viên vắng mặt, không biểu quyết: 0.",
        ),
        early_close="Kết thúc bỏ phiếu trước hạn, lý do: <b>một thành viên</b> & đi công tác.",
        void_votes=(
            "Lần bỏ phiếu lúc 08 giờ 30 ngày 15/12/2023 không có giá trị: chỉ có 3 phiếu, ít hơn số thành viên tối thiểu 6.",
        ),
        trackers_intro="Danh sách mã phiếu đã kiểm:",
        trackers=TRACKERS,
    )


def test_the_results_table_has_a_column_for_members_who_did_not_vote_and_fits_the_page() -> None:
    titles = [column.title for column in RESULT_COLUMNS]
    assert titles.index("Không bỏ phiếu") == titles.index("Không tham gia") + 1
    assert sum(column.width for column in RESULT_COLUMNS) <= FRAME_WIDTH + 0.01
    doc = _counted()
    found = pages(build_minutes(doc))
    body = _body(found)
    assert flat("Đồng ý Không đồng ý Không biểu quyết Không tham gia Không bỏ phiếu Tính trên") in body
    for row in doc.rows:
        counts = (row.agree, row.disagree, row.blank, row.recused, row.not_voted, row.base, row.percent_text)
        assert flat(" ".join(str(c) for c in counts)) in body, row
    _within_margins(found)


LONG_NAME = "Tập thể Lớp Mẫu giáo lớn A3 Trường Mầm non thị trấn Hà Trung huyện Hà Trung tỉnh Thanh Hóa"
LONG_UNIT = "Trường Mầm non thị trấn Hà Trung, Phòng Giáo dục và Đào tạo huyện Hà Trung"
LONG_FORM = "Giấy khen của Chủ tịch Ủy ban nhân dân thị trấn Hà Trung"


def test_long_names_units_and_forms_wrap_inside_their_columns_on_every_page() -> None:
    doc = samples.minutes(rows=40)
    rows = [replace(row, name=f"{row.name} {LONG_NAME}") if row.number % 3 == 0 else row for row in doc.rows]
    rows[0] = replace(rows[0], name=LONG_NAME, position_unit=LONG_UNIT, form=LONG_FORM)
    doc = replace(doc, rows=tuple(rows))
    found = pages(build_minutes(doc))

    assert len(found) > 2  # the table runs over several pages
    _within_margins(found)
    body = _body(found)
    for row in doc.rows:  # every cell whole, in the row's order, wherever its page breaks
        assert flat(f"{row.number}{row.name}{row.position_unit}{row.form}{row.agree}{row.disagree}") in body, row.number
    # the long cells wrap within their own column: no character crosses into the next one
    edges = [LEFT * MM]
    for column in RESULT_COLUMNS:
        edges.append(edges[-1] + column.width)
    first = found[0]
    start = first.raw.index(flat(LONG_NAME))
    laid = [c for c in first.chars if c["text"].strip()]
    for index, text in ((1, LONG_NAME), (2, LONG_UNIT), (3, LONG_FORM)):
        offset = "".join(str(c["text"]) for c in laid).index(flat(text), start)
        cell = laid[offset : offset + len(flat(text))]
        assert all(edges[index] <= c["x0"] and c["x1"] <= edges[index + 1] for c in cell), text
        assert len({round(c["top"]) for c in cell}) > 1, text  # wrapped onto several lines


def test_the_minutes_print_the_counting_record_void_votes_early_close_and_trackers() -> None:
    doc = _counted()
    pdf = build_minutes(doc)
    found = pages(pdf)
    text = flat(_text(found))
    for expected in (doc.results_note, *doc.counting, doc.early_close, *doc.void_votes, doc.trackers_intro):
        assert flat(expected) in text, expected
    # in the order of the counting: the void vote, why it closed early, the ballots, the table and its note
    body = _body(found)
    last_row = doc.rows[-1]
    order = [doc.void_votes[0], doc.early_close, doc.counting[0], "Không bỏ phiếu", f"{last_row.number}{last_row.name}"]
    order += [doc.results_note, doc.trackers_intro, doc.trackers[0]]
    positions = [body.index(flat(part)) for part in order]
    assert positions == sorted(positions)
    assert text.index(flat(doc.trackers[-1])) < text.index(flat("III. KẾT LUẬN")) < text.index(flat(doc.digest_text))
    # every tracker whole, in order, numbered, none cut across lines
    lines = [line for page in found for line in page.text.splitlines()]
    for number, tracker in enumerate(doc.trackers, start=1):
        assert any(f"{number}. {tracker}" in " ".join(line.split()) for line in lines), tracker
    assert [text.index(tracker) for tracker in doc.trackers] == sorted(text.index(t) for t in doc.trackers)
    if mono_font() == MONO:  # installed with the serif family (fonts-liberation2, fonts-dejavu-core)
        fonts_used = {c["fontname"] for page in found for c in page.chars if c["text"] in "0123456789abcdef"}
        assert any("Mono" in name for name in fonts_used), fonts_used
    _within_margins(found)
    for font in embedded_fonts(pdf):
        assert font["embedded"], font
        assert SUBSET_NAME.match(font["name"]), font


def test_trackers_go_as_many_to_a_line_as_fit_and_are_never_cut() -> None:
    size, lines = tracker_lines(TRACKERS)
    assert size == TRACKER_SIZE
    assert len(lines) == len(TRACKERS)  # 64 digits: one to a line on A4 portrait
    assert [line.split()[-1] for line in lines] == list(TRACKERS)
    size, lines = tracker_lines(TRACKERS, width=2 * FRAME_WIDTH)  # a wider paper: two, three to a line
    assert len(lines) < len(TRACKERS)
    assert [code for line in lines for code in line.split() if not code.endswith(".")] == list(TRACKERS)
    short = tuple(code[:16] for code in TRACKERS)
    size, lines = tracker_lines(short)
    assert 1 < len(lines) < len(short)
    assert lines[0].split()[:2] == ["1.", short[0]]
    size, lines = tracker_lines(TRACKERS, width=100)  # too narrow: a smaller type, never a cut code
    assert size < TRACKER_SIZE
    assert [line.split()[-1] for line in lines] == list(TRACKERS)
    assert tracker_lines(()) == (TRACKER_SIZE, [])


def test_minutes_whose_results_were_altered_say_so_in_red() -> None:
    doc = replace(samples.minutes(), integrity_ok=False, integrity_problems=("Kết quả đã bị sửa sau khi khoá.",))
    found = pages(build_minutes(doc))
    assert "CẢNH BÁO: Kết quả đã bị sửa sau khi khoá." in found[0].text
    warning = [c for c in found[0].chars if c["text"] == "C" and c["non_stroking_color"] not in (None, (0,), (0, 0, 0))]
    assert warning


def test_minutes_with_hostile_names() -> None:
    hostile = "<para>Lê & <b>Văn</b></para> 😀"
    doc = samples.minutes()
    doc = replace(
        doc,
        present=(MemberRow(unicodedata.normalize("NFD", "Nguyễn Thị Hường"), hostile, "Có mặt"),),
        rows=(replace(doc.rows[0], name=hostile),),
        signatures=(Signature(("THƯ KÝ",), ""), Signature(("CHỦ TRÌ",), hostile)),
    )
    text = _text(pages(build_minutes(doc)))
    assert is_nfc(text)
    assert "1. Nguyễn Thị Hường, <para>Lê & <b>Văn</b></para>" in text
    assert "😀" not in text


# --- ballot ------------------------------------------------------------------------------------


def test_the_ballot_has_each_line_with_two_boxes_and_no_voter_name() -> None:
    doc = samples.ballot(8)
    pdf = build_ballot(doc)
    found = pages(pdf)
    text, body = _text(found), _body(found)
    for expected in ("PHIẾU BẦU", "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG", doc.meeting):
        assert expected in text, expected
    assert flat(doc.instruction) in flat(text)
    assert flat("TT Họ và tên / tên tập thể Chức vụ, đơn vị Hình thức đề nghị Đồng ý Không đồng ý") in body
    for row in doc.rows:
        assert flat(f"{row.number} {row.name} {row.position_unit} {row.form}") in body
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        boxes = [
            r
            for page in document.pages
            for r in page.rects
            if abs(r["width"] - BOX_SIDE) < 0.5 and abs(r["height"] - BOX_SIDE) < 0.5
        ]
    assert len(boxes) == 2 * len(doc.rows)
    _within_margins(found)


def test_a_long_ballot_repeats_its_heading() -> None:
    doc = samples.ballot(60)
    found = pages(build_ballot(doc))
    assert len(found) >= 3
    for page in found:
        assert flat("TT Họ và tên / tên tập thể Chức vụ, đơn vị") in page.raw
    assert flat(f"60 {doc.rows[-1].name}") in _body(found)


# --- proposal -----------------------------------------------------------------------------------


def test_the_proposal_and_its_list_with_votes_and_achievements() -> None:
    doc = samples.proposal(6)
    found = pages(build_proposal(doc))
    assert len(found) >= 2
    text, body = _text(found), _body(found)
    for expected in ("TỜ TRÌNH", doc.addressee, "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG", "Nơi nhận:", "TM. HỘI ĐỒNG"):
        assert expected in text, expected
    for paragraph in doc.paragraphs:
        assert flat(paragraph) in flat(text)
    assert flat(doc.list_caption) in flat(text)
    for row in doc.rows:
        assert flat(f"{row.number} {row.name} {row.position_unit} {row.form} {row.votes_text}") in body
        assert flat(f"Thành tích: {row.achievement}") in body
    assert "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG" not in found[0].text  # the list starts on a page of its own
    _within_margins(found)
    for font in embedded_fonts(build_proposal(doc)):
        assert font["embedded"], font
        assert SUBSET_NAME.match(font["name"]), font


def test_a_proposal_with_nothing_to_propose_says_so() -> None:
    found = pages(build_proposal(replace(samples.proposal(), rows=())))
    assert flat(EMPTY_LIST) in flat(_text(found))


@pytest.mark.parametrize("hostile", ["<font size=40>Lê</font>", "A & B <br/> C", "<para>x"])
def test_the_proposal_prints_markup_literally(hostile: str) -> None:
    sample = samples.proposal(1)
    doc = replace(
        sample,
        addressee=f"Kính gửi: {hostile}.",
        paragraphs=(f"Đề nghị {hostile}.",),
        rows=(replace(sample.rows[0], name=hostile, achievement=hostile),),
    )
    found = pages(build_proposal(doc))
    assert flat(f"Kính gửi: {hostile}.") in flat(_text(found))
    assert flat(f"Đề nghị {hostile}.") in flat(_text(found))
    assert flat(f"1 {hostile}") in _body(found)
    assert flat(f"Thành tích: {hostile}") in _body(found)
