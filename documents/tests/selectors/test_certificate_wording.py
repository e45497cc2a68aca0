"""The certificate reads its award type's wording: a title "TẶNG DANH HIỆU" then the title's name,
a commendation "TẶNG" then the paper's name without the issuer printed above it again, a household
named as its award type says (never "ông/bà"); in the data and in the PDF's extracted text."""

from __future__ import annotations

from typing import Any

import pytest

from decisions.models import Decision, DecisionLine
from documents import selectors
from documents.tests.registered import SIGNED_ON, SUBJECT, pdf_pages, rates, register
from nominations import services as ns
from nominations.models import (
    AwardType,
    Collective,
    Nomination,
    NominationLine,
    NominationStatus,
    NomineeKind,
    SubjectCategory,
)
from printing.certificate import build_certificate

pytestmark = pytest.mark.django_db

ACHIEVEMENT = "Đã có thành tích xuất sắc trong phong trào xây dựng đời sống văn hoá năm 2026"


def _registered(world: Any) -> dict[str, DecisionLine]:
    """A registered decision of the world's council: a cultural family and a collective's Giấy khen
    whose award type is named after its issuer, as the seed councils name it."""
    rates(world)
    AwardType.objects.filter(pk=world.gdvh.pk).update(carries_money=False)
    AwardType.objects.filter(pk=world.gk.pk).update(name_vi="Giấy khen của Chủ tịch UBND thị trấn")
    for award in (world.gdvh, world.gk):
        award.refresh_from_db()
    nomination = Nomination.objects.create(
        round=world.round,
        unit=world.unit_a,
        title="Đề nghị khen thưởng năm 2026",
        status=NominationStatus.ACCEPTED,
        created_by=world.unit_a_user,
    )
    household = ns.household_find_or_create(
        council_id=world.council.pk, head_name="Nguyễn Văn An", address="Số 5 phố Trang Các", unit=world.unit_a
    )
    collective = Collective.objects.create(
        council=world.council, name="Chi đoàn Tiểu khu Trang Các", unit=world.unit_a, search_name="chi doan"
    )
    lines = NominationLine.objects.bulk_create(
        [
            NominationLine(
                nomination=nomination,
                position=1,
                award_type=world.gdvh,
                nominee_kind=NomineeKind.HOUSEHOLD,
                household=household,
                achievement=ACHIEVEMENT,
                subject_category=SubjectCategory.HOUSEHOLD,
            ),
            NominationLine(
                nomination=nomination,
                position=2,
                award_type=world.gk,
                nominee_kind=NomineeKind.COLLECTIVE,
                collective=collective,
                achievement=ACHIEVEMENT,
                subject_category=SubjectCategory.COLLECTIVE,
            ),
        ]
    )
    decision = Decision.objects.create(
        council=world.council, round=world.round, year=SIGNED_ON.year, subject=SUBJECT, created_by=world.chairman
    )
    DecisionLine.objects.bulk_create(
        [
            DecisionLine(decision=decision, line=line, position=index, achievement=line.achievement)
            for index, line in enumerate(lines, start=1)
        ]
    )
    register(world, decision)
    household_row, collective_row = list(selectors.certificate_lines(decision))
    return {"household": household_row, "collective": collective_row}


def test_a_cultural_familys_certificate_names_the_title_and_the_household(world: Any) -> None:
    row = _registered(world)["household"]
    data = selectors.certificate_data(row)
    assert data.authority_lines == ("CHỦ TỊCH", "ỦY BAN NHÂN DÂN THỊ TRẤN HÀ TRUNG")
    assert (data.award_verb, data.award_name, data.awardee, data.award_phrase) == (
        "",
        "GIẤY CÔNG NHẬN",
        "Hộ gia đình Nguyễn Văn An",
        "Đạt danh hiệu “Gia đình văn hoá” năm 2026",
    )
    text = pdf_pages(build_certificate(data))[0]
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN THỊ TRẤN HÀ TRUNG GIẤY CÔNG NHẬN" in text
    assert "Đạt danh hiệu “Gia đình văn hoá” năm 2026" in text
    assert "TẶNG" not in text
    assert "Hộ gia đình Nguyễn Văn An" in text
    assert "ông/bà" not in text


def test_a_household_is_named_as_its_award_type_says(world: Any) -> None:
    row = _registered(world)["household"]
    AwardType.objects.filter(pk=world.gdvh.pk).update(household_naming="family")
    row = selectors.certificate_lines(row.decision_id).get(pk=row.pk)
    assert selectors.certificate_data(row).awardee == "Gia đình Nguyễn Văn An"


def test_a_commendation_does_not_repeat_its_issuer_after_the_award_line(world: Any) -> None:
    row = _registered(world)["collective"]
    data = selectors.certificate_data(row)
    assert (data.award_verb, data.award_name) == ("TẶNG", "GIẤY KHEN")
    text = pdf_pages(build_certificate(data))[0]
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN THỊ TRẤN HÀ TRUNG TẶNG GIẤY KHEN" in text
    assert "GIẤY KHEN CỦA" not in text
    assert text.count("THỊ TRẤN HÀ TRUNG") == 1


def test_a_councils_own_wording_is_printed(world: Any) -> None:
    row = _registered(world)["household"]
    AwardType.objects.filter(pk=world.gdvh.pk).update(
        award_verb="Chứng nhận",
        paper_title="Bằng công nhận",
        certificate_phrase="Được công nhận danh hiệu “Gia đình văn hoá tiêu biểu”",
    )
    row = selectors.certificate_lines(row.decision_id).get(pk=row.pk)
    data = selectors.certificate_data(row)
    assert (data.award_verb, data.award_name) == ("CHỨNG NHẬN", "BẰNG CÔNG NHẬN")
    text = pdf_pages(build_certificate(data))[0]
    assert "CHỨNG NHẬN BẰNG CÔNG NHẬN" in text
    assert "Được công nhận danh hiệu “Gia đình văn hoá tiêu biểu” năm 2026" in text
