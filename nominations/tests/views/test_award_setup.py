"""The council's award type setup pages: create and edit (audited, NFC), deactivate versus
delete (refused once dossiers use it), the dated money rates (no overlap), the mapping to the
parent council's award type (its list only), and another council's award type (404)."""

from __future__ import annotations

import datetime as dt
import html
import unicodedata
from decimal import Decimal
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from councils.models import CouncilMembership, CouncilRole
from decisions.services.decisions import rates_on
from nominations import award_services
from nominations.models import AwardRate, AwardType
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def council_admin(world: Any) -> Any:
    user = factories.UserFactory(username="qt-ha-trung", first_name="Tuấn", last_name="Lê Minh")
    CouncilMembership.objects.create(council=world.council, user=user, role=CouncilRole.ADMIN)
    return user


@pytest.fixture
def parent(world: Any) -> Any:
    """A district council above the world's council, with two award types, and a third council's."""
    district = factories.CouncilFactory(name="Hội đồng Thi đua – Khen thưởng huyện Hà Trung")
    world.council.parent = district
    world.council.save(update_fields=["parent"])
    return {
        "gk": factories.AwardTypeFactory(council=district, code="GK-H", name_vi="Giấy khen của Chủ tịch UBND huyện"),
        "ldtt": factories.AwardTypeFactory(council=district, code="LDTT-H", name_vi="Lao động tiên tiến cấp huyện"),
        "foreign": factories.AwardTypeFactory(council=world.other_council, code="GK-X", name_vi="Giấy khen của xã"),
    }


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def _messages(response: Any) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def _award_data(world: Any, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "council": world.council.pk,
        "code": "CSTD",
        "name_vi": "Chiến sĩ thi đua cơ sở",
        "name_en": "",
        "kind": "title",
        "for_individual": "on",
        "deciding_level": "commune",
        "issuing_authority": "Chủ tịch UBND thị trấn",
        "needs_vote": "on",
        "carries_money": "on",
        "threshold_share": "75",
        "threshold_comparison": "gte",
        "threshold_base": "all",
        "required_documents": ["cover_letter", "achievement_report", "initiative_proof"],
        "prerequisite": world.ldtt.pk,
        "prerequisite_years": "1",
        "parent_award_type": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _edit_data(award_type: AwardType, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": award_type.code,
        "name_vi": award_type.name_vi,
        "name_en": award_type.name_en,
        "kind": award_type.kind,
        "deciding_level": award_type.deciding_level,
        "issuing_authority": award_type.issuing_authority,
        "threshold_share": str(award_type.threshold_share),
        "threshold_comparison": award_type.threshold_comparison,
        "threshold_base": award_type.threshold_base,
        "required_documents": list(award_type.required_documents),
        "prerequisite": award_type.prerequisite_id or "",
        "prerequisite_years": str(award_type.prerequisite_years),
        "parent_award_type": award_type.parent_award_type_id or "",
    }
    for flag in ("for_individual", "for_collective", "for_household", "needs_vote", "carries_money", "is_active"):
        if getattr(award_type, flag):
            data[flag] = "on"
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _url(name: str, award_type: AwardType, **kwargs: Any) -> str:
    return reverse(f"nominations:{name}", kwargs={"pk": award_type.pk, **kwargs})


# --- Create and edit, audited ----------------------------------------------------------------


def test_the_admin_creates_an_award_type_stored_nfc_and_audited(world: Any, council_admin: Any) -> None:
    client = _client(council_admin)
    assert client.get(reverse("nominations:award_create")).status_code == 200
    nfd_name = unicodedata.normalize("NFD", "Chiến sĩ thi đua cơ sở")

    response = client.post(reverse("nominations:award_create"), _award_data(world, name_vi=nfd_name))

    award = AwardType.objects.get(council=world.council, code="CSTD")
    assert response.status_code == 302
    assert response["Location"] == _url("award_rates", award)
    assert award.name_vi == "Chiến sĩ thi đua cơ sở"
    assert unicodedata.is_normalized("NFC", award.name_vi)
    assert (award.threshold_share, award.threshold_comparison, award.threshold_base) == (Decimal("75"), "gte", "all")
    assert award.required_documents == ["cover_letter", "achievement_report", "initiative_proof"]
    assert award.prerequisite == world.ldtt
    assert award.for_individual
    assert (award.for_collective, award.for_household) == (False, False)
    entry = LogEntry.objects.get_for_object(award).get()
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor == council_admin

    page = _text(client.get(_url("award_edit", award)))
    assert "Lịch sử thay đổi" in page
    assert "Lê Minh Tuấn" in page or "qt-ha-trung" in page


def test_the_admin_edits_an_award_type_and_the_page_shows_the_change(world: Any, council_admin: Any) -> None:
    client = _client(council_admin)

    response = client.post(
        _url("award_edit", world.gk), _edit_data(world.gk, threshold_share="60", name_vi="Giấy khen của Chủ tịch")
    )

    assert response.status_code == 302
    world.gk.refresh_from_db()
    assert world.gk.threshold_share == Decimal("60")
    assert world.gk.name_vi == "Giấy khen của Chủ tịch"
    entry = LogEntry.objects.get_for_object(world.gk).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == council_admin
    assert entry.changes_dict["name_vi"] == ["Giấy khen", "Giấy khen của Chủ tịch"]
    page = _text(client.get(_url("award_edit", world.gk)))
    assert "Giấy khen → Giấy khen của Chủ tịch" in page


def test_an_award_type_for_nobody_is_refused(world: Any, council_admin: Any) -> None:
    data = _award_data(world, for_individual=None)

    response = _client(council_admin).post(reverse("nominations:award_create"), data)

    assert response.status_code == 200
    assert "Hãy chọn ít nhất một đối tượng được xét" in _text(response)
    assert not AwardType.objects.filter(code="CSTD").exists()


def test_the_secretariat_may_not_set_up_award_types(world: Any) -> None:
    client = _client(world.secretariat)
    assert client.get(reverse("nominations:award_list")).status_code == 403
    assert client.post(reverse("nominations:award_create"), _award_data(world)).status_code == 403
    with pytest.raises(PermissionError):
        award_services.award_type_update(actor=world.secretariat, award_type=world.gk, name_vi="Khác")
    assert not AwardType.objects.filter(code="CSTD").exists()


# --- Deactivate, or delete one nobody uses ----------------------------------------------------


def test_deleting_an_award_type_that_dossiers_use_is_refused_and_deactivation_offered(
    world: Any, council_admin: Any, make_dossier: Any
) -> None:
    make_dossier("submitted")
    client = _client(council_admin)

    response = client.post(_url("award_delete", world.ldtt), follow=True)

    assert AwardType.objects.filter(pk=world.ldtt.pk, is_active=True).exists()
    assert any("Không xoá được “Lao động tiên tiến”: 1 hồ sơ" in m for m in _messages(response))
    assert "Ngừng áp dụng" in _text(response)

    response = client.post(_url("award_deactivate", world.ldtt))

    assert response.status_code == 302
    world.ldtt.refresh_from_db()
    assert not world.ldtt.is_active
    assert world.ldtt.lines.count() == 1
    entry = LogEntry.objects.get_for_object(world.ldtt).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.changes_dict["is_active"] == ["True", "False"]


def test_an_award_type_nobody_uses_is_deleted(world: Any, council_admin: Any) -> None:
    unused = factories.AwardTypeFactory(council=world.council, code="KTDX", name_vi="Khen thưởng đột xuất")

    response = _client(council_admin).post(_url("award_delete", unused))

    assert response.status_code == 302
    assert response["Location"] == reverse("nominations:award_list")
    assert not AwardType.objects.filter(pk=unused.pk).exists()


def test_an_award_type_offered_in_a_round_is_not_deleted(world: Any, council_admin: Any) -> None:
    with pytest.raises(ValidationError, match="Ngừng áp dụng"):
        award_services.award_type_delete(actor=council_admin, award_type=world.gk)
    assert AwardType.objects.filter(pk=world.gk.pk).exists()


# --- The money: dated rates that do not overlap ------------------------------------------------


def test_two_versions_of_one_rate_may_not_overlap(world: Any, council_admin: Any) -> None:
    client = _client(council_admin)
    url = _url("award_rates", world.ldtt)
    first = {"nominee_kind": "individual", "multiplier": "0.3", "valid_from": "01/01/2024", "valid_until": ""}
    assert client.post(url, first).status_code == 302
    rate = AwardRate.objects.get(award_type=world.ldtt)
    assert (rate.multiplier, rate.valid_from, rate.valid_until) == (Decimal("0.3"), dt.date(2024, 1, 1), None)

    second = {"nominee_kind": "individual", "multiplier": "0.4", "valid_from": "2025-07-01", "valid_until": ""}
    response = client.post(url, second)

    assert response.status_code == 200
    assert "Thời gian áp dụng chồng lên một mức khác của cùng hình thức và đối tượng (hệ số 0.300" in _text(response)
    assert AwardRate.objects.filter(award_type=world.ldtt).count() == 1

    # end the first version the day before, then the second one goes in
    ended = dict(first, valid_until="2025-06-30")
    assert client.post(_url("award_rate_edit", world.ldtt, rate_pk=rate.pk), ended).status_code == 302
    assert client.post(url, second).status_code == 302
    assert [(r.multiplier, r.valid_from, r.valid_until) for r in world.ldtt.rates.order_by("valid_from")] == [
        (Decimal("0.3"), dt.date(2024, 1, 1), dt.date(2025, 6, 30)),
        (Decimal("0.4"), dt.date(2025, 7, 1), None),
    ]
    assert LogEntry.objects.get_for_model(AwardRate).filter(actor=council_admin).count() == 3


def test_a_rate_may_overlap_another_nominee_kind_but_not_end_before_it_starts(world: Any, council_admin: Any) -> None:
    award_services.award_rate_create(
        actor=council_admin,
        award_type=world.gk,
        nominee_kind="collective",
        multiplier=Decimal("1.5"),
        valid_from=dt.date(2024, 1, 1),
    )
    award_services.award_rate_create(
        actor=council_admin,
        award_type=world.gk,
        nominee_kind="household",
        multiplier=Decimal("0.8"),
        valid_from=dt.date(2024, 1, 1),
    )
    with pytest.raises(ValidationError, match="Ngày hết áp dụng không được trước ngày bắt đầu"):
        award_services.award_rate_create(
            actor=council_admin,
            award_type=world.gk,
            nominee_kind="household",
            multiplier=Decimal("1"),
            valid_from=dt.date(2020, 1, 1),
            valid_until=dt.date(2019, 1, 1),
        )
    with pytest.raises(ValidationError, match="không xét cho đối tượng này"):
        award_services.award_rate_create(
            actor=council_admin,
            award_type=world.gdvh,
            nominee_kind="individual",
            multiplier=Decimal("1"),
            valid_from=dt.date(2024, 1, 1),
        )
    assert world.gk.rates.count() == 2


def test_a_decision_pays_the_version_in_force_on_its_day(world: Any, council_admin: Any, draft: Any) -> None:
    current = AwardRate.objects.get(award_type=world.ldtt, nominee_kind="individual")  # 0.3 from 2024 (fixture)
    award_services.award_rate_update(
        actor=council_admin,
        rate=current,
        nominee_kind="individual",
        multiplier=current.multiplier,
        valid_from=current.valid_from,
        valid_until=dt.date(2025, 12, 31),
    )
    award_services.award_rate_create(
        actor=council_admin,
        award_type=world.ldtt,
        nominee_kind="individual",
        multiplier=Decimal("0.5"),
        valid_from=dt.date(2026, 1, 1),
    )

    assert rates_on(draft, dt.date(2025, 6, 1))[(world.ldtt.pk, "individual")] == Decimal("0.3")
    assert rates_on(draft, dt.date(2026, 6, 1))[(world.ldtt.pk, "individual")] == Decimal("0.5")
    assert (world.ldtt.pk, "individual") not in rates_on(draft, dt.date(2023, 6, 1))


# --- The parent council's award type it becomes ------------------------------------------------


def test_the_parent_mapping_offers_only_the_parent_councils_types(world: Any, council_admin: Any, parent: Any) -> None:
    client = _client(council_admin)
    form = client.get(_url("award_edit", world.gk)).context["form"]
    assert set(form.fields["parent_award_type"].queryset) == {parent["gk"], parent["ldtt"]}

    refused = client.post(_url("award_edit", world.gk), _edit_data(world.gk, parent_award_type=parent["foreign"].pk))
    assert refused.status_code == 200
    world.gk.refresh_from_db()
    assert world.gk.parent_award_type is None

    response = client.post(_url("award_edit", world.gk), _edit_data(world.gk, parent_award_type=parent["gk"].pk))
    assert response.status_code == 302
    world.gk.refresh_from_db()
    assert world.gk.parent_award_type == parent["gk"]


def test_the_service_refuses_a_parent_mapping_outside_the_parent(world: Any, council_admin: Any, parent: Any) -> None:
    with pytest.raises(ValidationError, match="phải là một hình thức của"):
        award_services.award_type_update(actor=council_admin, award_type=world.gk, parent_award_type=parent["foreign"])
    world.gk.refresh_from_db()
    assert world.gk.parent_award_type is None


def test_a_council_without_a_parent_maps_nothing(world: Any, council_admin: Any) -> None:
    form = _client(council_admin).get(_url("award_edit", world.gk)).context["form"]
    assert not form.fields["parent_award_type"].queryset.exists()


# --- Another council's award type -------------------------------------------------------------


def test_another_councils_award_type_is_a_404(world: Any, council_admin: Any) -> None:
    foreign = AwardType.objects.get(council=world.other_council, code="LDTT")
    client = _client(council_admin)

    assert client.get(_url("award_edit", foreign)).status_code == 404
    assert client.post(_url("award_edit", foreign), _edit_data(foreign, name_vi="Đã sửa")).status_code == 404
    assert client.get(_url("award_rates", foreign)).status_code == 404
    assert client.post(_url("award_deactivate", foreign)).status_code == 404
    assert client.post(_url("award_delete", foreign)).status_code == 404
    foreign.refresh_from_db()
    assert (foreign.name_vi, foreign.is_active) == ("Lao động tiên tiến", True)
    assert "Hà Phong" not in _text(client.get(reverse("nominations:award_list")))


def test_a_rate_of_another_award_type_is_a_404(world: Any, council_admin: Any) -> None:
    rate = AwardRate.objects.create(
        award_type=world.gk, nominee_kind="collective", multiplier=Decimal("1"), valid_from=dt.date(2024, 1, 1)
    )
    response = _client(council_admin).get(_url("award_rate_edit", world.ldtt, rate_pk=rate.pk))
    assert response.status_code == 404


def test_lowering_the_limit_lists_the_lines_that_no_longer_fit(world: Any, council_admin: Any) -> None:
    from nominations import services as ns
    from workflows import services as ws

    nomination = ws.dossier_create(user=world.unit_a_user, unit=world.unit_a, round=world.round, title="Đề nghị")
    for name, achievement in (
        ("Lê Thị Hường", "Hoàn thành xuất sắc nhiệm vụ năm 2026, tích cực trong mọi phong trào thi đua"),  # 76
        ("Nguyễn Văn An", "Hoàn thành tốt nhiệm vụ được giao"),  # 33
    ):
        ns.line_add(
            actor=world.unit_a_user,
            nomination=nomination,
            award_type=world.ldtt,
            nominee=ns.NomineeData(kind="individual", full_name=name),
            achievement=achievement,
        )
    client = _client(council_admin)
    before = _text(client.get(_url("award_edit", world.ldtt)))
    assert "Dòng đề nghị không còn in vừa giấy" not in before

    response = client.post(_url("award_edit", world.ldtt), _edit_data(world.ldtt, achievement_max_chars="60"))

    assert response.status_code == 302
    page = _text(client.get(_url("award_edit", world.ldtt)))
    assert "Dòng đề nghị không còn in vừa giấy" in page
    table = page.split('id="too-long-lines"', 1)[1].split("</section>", 1)[0]
    assert '<td>Lê Thị Hường</td><td class="num">76</td>' in table
    assert "Nguyễn Văn An" not in table
