"""Every kind of award × every kind of nominee × both paper sizes: the certificate's text, as
extracted from the PDF the product builds from the database, against sentences written out here
literally (never built from the wording defaults under test)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

import pytest

from councils.models import CouncilLevel
from decisions.models import Decision, DecisionLine
from documents.selectors import certificate_data, certificate_lines
from nominations import services as nomination_services
from nominations.models import AwardKind, Collective, Nomination, NominationLine, NomineeKind, Person
from printing.certificate import build_certificate
from printing.data import CertificateLayout
from printing.tests.documents.pdfcheck import text
from tests import factories

pytestmark = pytest.mark.django_db

ACHIEVEMENT = "Đã có thành tích xuất sắc trong phong trào thi đua năm 2026."

# (award kind, nominee kind, gender of the person or head) -> the lines the certificate must print, in order
EXPECTED: dict[tuple[str, str, str], tuple[str, ...]] = {
    ("commendation", "individual", "male"): (
        "CHỦ TỊCH",
        "ỦY BAN NHÂN DÂN XÃ HÀ TRUNG",
        "TẶNG",
        "GIẤY KHEN",
        "Ông Nguyễn Văn An",
        "Đơn vị: Tiểu khu 1",
        ACHIEVEMENT,
    ),
    ("commendation", "collective", ""): (
        "CHỦ TỊCH",
        "ỦY BAN NHÂN DÂN XÃ HÀ TRUNG",
        "TẶNG",
        "GIẤY KHEN",
        "Chi hội Phụ nữ Tiểu khu 1",
        "Trực thuộc: Tiểu khu 1",
        ACHIEVEMENT,
    ),
    ("commendation", "household", "female"): (
        "CHỦ TỊCH",
        "ỦY BAN NHÂN DÂN XÃ HÀ TRUNG",
        "TẶNG",
        "GIẤY KHEN",
        "Hộ gia đình bà Lê Thị Hoa",
        "Địa chỉ: Số nhà 3, Tiểu khu 1",
        ACHIEVEMENT,
    ),
    ("title", "individual", "female"): (
        "CHỦ TỊCH",
        "ỦY BAN NHÂN DÂN XÃ HÀ TRUNG",
        "GIẤY CHỨNG NHẬN",
        "Bà Lê Thị Hoa",
        "Đơn vị: Tiểu khu 1",
        "Đạt danh hiệu “Lao động tiên tiến” năm 2026",
        ACHIEVEMENT,
    ),
    ("title", "collective", ""): (
        "CHỦ TỊCH",
        "ỦY BAN NHÂN DÂN XÃ HÀ TRUNG",
        "GIẤY CHỨNG NHẬN",
        "Chi hội Phụ nữ Tiểu khu 1",
        "Trực thuộc: Tiểu khu 1",
        "Đạt danh hiệu “Tập thể lao động tiên tiến” năm 2026",
        ACHIEVEMENT,
    ),
    ("title", "household", "male"): (
        "CHỦ TỊCH",
        "ỦY BAN NHÂN DÂN XÃ HÀ TRUNG",
        "GIẤY CÔNG NHẬN",
        "Hộ gia đình ông Nguyễn Văn An",
        "Địa chỉ: Số nhà 3, Tiểu khu 1",
        "Đạt danh hiệu “Gia đình văn hoá” năm 2026",
        ACHIEVEMENT,
    ),
    ("title", "household", ""): (
        "CHỦ TỊCH",
        "ỦY BAN NHÂN DÂN XÃ HÀ TRUNG",
        "GIẤY CÔNG NHẬN",
        "Hộ gia đình Trần Văn Bình",
        "Địa chỉ: Số nhà 3, Tiểu khu 1",
        "Đạt danh hiệu “Gia đình văn hoá” năm 2026",
        ACHIEVEMENT,
    ),
}

NAMES = {
    ("individual", "male"): "Nguyễn Văn An",
    ("individual", "female"): "Lê Thị Hoa",
    ("household", "male"): "Nguyễn Văn An",
    ("household", "female"): "Lê Thị Hoa",
    ("household", ""): "Trần Văn Bình",
}
AWARD_NAMES = {
    ("title", "individual"): "Lao động tiên tiến",
    ("title", "collective"): "Tập thể lao động tiên tiến",
    ("title", "household"): "Gia đình văn hoá",
    ("commendation", "individual"): "Giấy khen",
    ("commendation", "collective"): "Giấy khen",
    ("commendation", "household"): "Giấy khen",
}


def _line(award_kind: str, nominee_kind: str, gender: str) -> DecisionLine:
    council = factories.CouncilFactory(
        name="Hội đồng Thi đua – Khen thưởng xã Hà Trung",
        locality="xã Hà Trung",
        issuing_body="Ủy ban nhân dân xã Hà Trung",
        level=CouncilLevel.COMMUNE,
    )
    unit = factories.UnitFactory(council=council, name="Tiểu khu 1")
    award = factories.AwardTypeFactory(
        council=council,
        name_vi=AWARD_NAMES[(award_kind, nominee_kind)],
        kind=AwardKind.TITLE if award_kind == "title" else AwardKind.COMMENDATION,
        for_individual=True,
        for_collective=True,
        for_household=True,
    )
    round_ = factories.RoundFactory(council=council, name="Xét khen thưởng tổng kết năm 2026", year=2026)
    user = factories.UserFactory()
    nomination = Nomination.objects.create(round=round_, unit=unit, title="Đề nghị", created_by=user)
    nominee: dict[str, Any] = {}
    if nominee_kind == NomineeKind.INDIVIDUAL:
        nominee["person"] = Person.objects.create(
            council=council, full_name=NAMES[(nominee_kind, gender)], gender=gender, unit=unit
        )
    elif nominee_kind == NomineeKind.COLLECTIVE:
        nominee["collective"] = Collective.objects.create(council=council, name="Chi hội Phụ nữ Tiểu khu 1", unit=unit)
    else:
        nominee["household"] = nomination_services.household_find_or_create(
            council_id=council.pk,
            head_name=NAMES[(nominee_kind, gender)],
            address="Số nhà 3, Tiểu khu 1",
            unit=unit,
            head_gender=gender,
        )
    line = NominationLine.objects.create(
        nomination=nomination,
        award_type=award,
        nominee_kind=nominee_kind,
        achievement=ACHIEVEMENT,
        subject_category="collective" if nominee_kind == "collective" else nominee_kind,
        **nominee,
    )
    decision = Decision.objects.create(
        council=council,
        round=round_,
        subject="Về việc khen thưởng tổng kết năm 2026",
        year=2026,
        number=15,
        signed_on=dt.date(2026, 12, 20),
        signer_name="Trịnh Văn Hùng",
        created_by=user,
    )
    DecisionLine.objects.create(decision=decision, line=line, position=1, achievement=ACHIEVEMENT)
    return certificate_lines(decision).get()


def _printed_lines(pdf: bytes) -> list[str]:
    return [" ".join(line.split()) for line in text(pdf).splitlines() if line.strip()]


@pytest.mark.parametrize("paper", ["A4", "A3"])
@pytest.mark.parametrize(("award_kind", "nominee_kind", "gender"), list(EXPECTED))
def test_the_certificate_reads_as_written(award_kind: str, nominee_kind: str, gender: str, paper: str) -> None:
    row = _line(award_kind, nominee_kind, gender)
    printed = _printed_lines(build_certificate(certificate_data(row), CertificateLayout(paper=paper)))
    expected = EXPECTED[(award_kind, nominee_kind, gender)]
    found = [line for line in printed if line in expected]
    assert found == list(expected), printed
    whole = "\n".join(printed)
    assert unicodedata.is_normalized("NFC", whole)
    assert "ông/bà" not in whole.lower()
    # the issuer is printed once, above the award line, never after "TẶNG"
    assert whole.count("ỦY BAN NHÂN DÂN XÃ HÀ TRUNG") == 1
    assert "CỦA CHỦ TỊCH" not in whole
    # a title's paper names the paper, not "TẶNG" before the title's name
    if award_kind == "title":
        assert "TẶNG" not in printed
        assert not any(line.startswith("TẶNG ") for line in printed)
        assert "GIẤY KHEN" not in printed
    # the quarter is printed once in the address
    if nominee_kind == NomineeKind.HOUSEHOLD:
        assert whole.count("Tiểu khu 1") == 1
    assert "Quyết định số 15/QĐ-UBND ngày 20/12/2026" in whole
