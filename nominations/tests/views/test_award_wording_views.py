"""The award type page shows and checks its printed wording and the longest achievement its paper
holds; the list shows what each paper reads; the change history names each field in Vietnamese
and each choice by its label."""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from councils.models import CouncilMembership, CouncilRole
from nominations.models import AwardType
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(world: Any) -> Client:
    user = factories.UserFactory(username="qt-wording", first_name="Tuấn", last_name="Lê Minh")
    CouncilMembership.objects.create(council=world.council, user=user, role=CouncilRole.ADMIN)
    client = Client()
    client.force_login(user)
    return client


def _text(response: Any) -> str:
    """The page's text without its tags, whitespace folded."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", response.content.decode())).split())


def _data(world: Any, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "council": world.council.pk,
        "code": "GDVH-TK",
        "name_vi": "Gia đình văn hoá tiêu biểu",
        "kind": "title",
        "for_household": "on",
        "deciding_level": "commune",
        "issuing_authority": "Chủ tịch UBND thị trấn",
        "threshold_share": "50",
        "threshold_comparison": "gt",
        "threshold_base": "all",
        "prerequisite_years": "0",
    }
    data.update(overrides)
    return data


def _edit(award: AwardType, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": award.code,
        "name_vi": award.name_vi,
        "kind": award.kind,
        "deciding_level": award.deciding_level,
        "threshold_share": str(award.threshold_share),
        "threshold_comparison": award.threshold_comparison,
        "threshold_base": award.threshold_base,
        "prerequisite_years": str(award.prerequisite_years),
        "paper_title": award.paper_title,
        "award_verb": award.award_verb,
        "household_naming": award.household_naming,
        "achievement_max_chars": str(award.achievement_max_chars),
        "is_active": "on",
    }
    for flag in ("for_individual", "for_collective", "for_household", "needs_vote", "carries_money"):
        if getattr(award, flag):
            data[flag] = "on"
    data.update(overrides)
    return data


def test_the_create_form_offers_the_wording_and_the_kinds_defaults(world: Any, client: Client) -> None:
    response = client.get(reverse("nominations:award_create"))
    page = _text(response)
    raw = html.unescape(response.content.decode())  # the placeholders are attributes
    for label in ("Tên giấy", "Lời tặng", "Lời chứng nhận", "Cách gọi hộ gia đình", "Thành tích dài tối đa (ký tự)"):
        assert label in page
    assert 'placeholder="Để trống: “Giấy khen” (khen thưởng), “Giấy chứng nhận” (danh hiệu)"' in raw
    assert 'placeholder="Để trống: “Tặng” (khen thưởng), không in (danh hiệu)"' in raw
    assert 'placeholder="Để trống: “Đạt danh hiệu “…”” (danh hiệu), không in (khen thưởng)"' in raw
    assert "Hộ gia đình + tên chủ hộ (Hộ gia đình Nguyễn Văn An)" in page
    assert "ông/bà" not in page


def test_the_form_saves_the_wording_nfc_and_the_pages_show_it(world: Any, client: Client) -> None:
    response = client.post(
        reverse("nominations:award_create"),
        _data(
            world,
            paper_title=unicodedata.normalize("NFD", "Giấy công nhận"),
            certificate_phrase="  Được công nhận   danh hiệu “Gia đình văn hoá tiêu biểu” ",
            household_naming="family",
            achievement_max_chars="250",
        ),
    )
    assert response.status_code == 302
    award = AwardType.objects.get(council=world.council, code="GDVH-TK")
    assert (
        award.paper_title,
        award.award_verb,
        award.certificate_phrase,
        award.household_naming,
        award.achievement_max_chars,
    ) == ("Giấy công nhận", "", "Được công nhận danh hiệu “Gia đình văn hoá tiêu biểu”", "family", 250)
    edit = _text(client.get(reverse("nominations:award_edit", args=[award.pk])))
    assert "Giấy in ra: GIẤY CÔNG NHẬN · Được công nhận danh hiệu “Gia đình văn hoá tiêu biểu”" in edit
    assert "Hộ được gọi: Gia đình ông Nguyễn Văn An" in edit
    assert "thành tích tối đa 250 ký tự" in edit
    listing = _text(client.get(reverse("nominations:award_list")))
    assert "GIẤY CÔNG NHẬN" in listing
    assert "Được công nhận danh hiệu “Gia đình văn hoá tiêu biểu” ·" in listing
    assert "TẶNG / GIẤY KHEN" in listing  # the world's Giấy khen, wording left to its kind


def test_a_form_left_blank_takes_the_kinds_wording(world: Any, client: Client) -> None:
    response = client.post(reverse("nominations:award_create"), _data(world, kind="commendation", code="GK-DX"))
    assert response.status_code == 302
    award = AwardType.objects.get(council=world.council, code="GK-DX")
    assert (award.paper_title, award.award_verb, award.household_naming) == ("Giấy khen", "Tặng", "household")
    assert award.achievement_max_chars >= 400


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"kind": "commendation", "paper_title": "Giấy khen của Chủ tịch UBND thị trấn"},
            "Chỉ ghi tên giấy, ví dụ “Giấy khen”: người tặng đã in ở dòng trên, không in lại sau “Tặng”.",
        ),
        (
            {"award_verb": "Tặng danh hiệu"},
            "Lời tặng in ngay trên tên giấy (TẶNG / GIẤY KHEN), không kèm chữ “danh hiệu”; danh hiệu thi đua ghi "
            "ở “lời chứng nhận”, ví dụ “Đạt danh hiệu “Lao động tiên tiến””.",
        ),
        (
            {"certificate_phrase": "Gia đình văn hoá"},
            "Giấy của danh hiệu thi đua ghi tên danh hiệu kèm chữ “danh hiệu”, ví dụ “Đạt danh hiệu “Lao động tiên tiến””.",
        ),
        ({"achievement_max_chars": "5000"}, "Thành tích tối đa không được quá 2000 ký tự."),
        ({"achievement_max_chars": "nhiều"}, "Nhập một số nguyên, ví dụ 300."),
    ],
)
def test_the_form_refuses_a_bad_wording(world: Any, client: Client, overrides: dict[str, Any], message: str) -> None:
    before = AwardType.objects.count()
    response = client.post(reverse("nominations:award_create"), _data(world, **overrides))
    assert response.status_code == 200
    assert message in _text(response)
    assert AwardType.objects.count() == before


def test_the_history_names_the_fields_in_vietnamese_and_the_choices_by_label(world: Any, client: Client) -> None:
    gk = world.gk
    gk.paper_title, gk.award_verb = "Giấy khen", "Tặng"
    gk.save()
    response = client.post(
        reverse("nominations:award_edit", args=[gk.pk]),
        _edit(gk, household_naming="short", threshold_comparison="gte", achievement_max_chars="320"),
    )
    assert response.status_code == 302
    page = _text(client.get(reverse("nominations:award_edit", args=[gk.pk])))
    history = page[page.index("Lịch sử thay đổi") :]
    assert "Honours" not in history  # a reverse relation is no field of the page
    assert (
        "Cách gọi hộ gia đình: Hộ gia đình + tên chủ hộ (Hộ gia đình Nguyễn Văn An) → "
        "Hộ + tên chủ hộ (Hộ Nguyễn Văn An)" in history
    )
    assert "So sánh: trên (lớn hơn) → từ (lớn hơn hoặc bằng)" in history
    assert "Thành tích dài tối đa (ký tự):" in history
    assert "→ 320" in history
    for raw in ("household_naming", "threshold_comparison", "achievement_max_chars"):
        assert raw not in history
