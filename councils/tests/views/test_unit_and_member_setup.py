"""The council admin's setup pages for its units and its members' roles and terms."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from councils.audit import history_for
from councils.models import CouncilMembership, CouncilRole, Unit, UnitKind, User
from tests import factories

TERM_MESSAGE = "Nhiệm kỳ phải kết thúc sau ngày bắt đầu."


@pytest.fixture
def admin(world: Any) -> Any:
    user = factories.UserFactory(username="qt_hatrung")
    CouncilMembership.objects.create(council=world.council, user=user, role=CouncilRole.ADMIN)
    return user


@pytest.fixture
def client(admin: Any) -> Client:
    client = Client()
    client.force_login(admin)
    return client


def unit_data(**overrides: Any) -> dict[str, Any]:
    data = {"name": "Tiểu khu Hà Thành", "kind": UnitKind.QUARTER, "staff_count": 12, "household_count": 240}
    data.update(overrides)
    return data


def member_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "account": "new",
        "username": "uyvien_moi",
        "full_name": "Nguyễn Văn Quyết",
        "role": CouncilRole.MEMBER,
        "position": "Phó Chủ tịch UBMTTQ",
        "term_from": "2026-01-01",
        "term_until": "2030-12-31",
    }
    data.update(overrides)
    return data


def test_create_edit_deactivate_and_reactivate_a_unit_with_its_history(world: Any, admin: Any, client: Client) -> None:
    response = client.post(reverse("councils:unit_create", args=[world.council.pk]), unit_data())
    assert response.status_code == 302
    unit = Unit.objects.get(council=world.council, name="Tiểu khu Hà Thành")
    assert (unit.kind, unit.staff_count, unit.household_count, unit.is_active) == ("quarter", 12, 240, True)
    listing = client.get(reverse("councils:unit_list", args=[world.council.pk]))
    assert "Tiểu khu Hà Thành" in listing.content.decode()

    edit_url = reverse("councils:unit_edit", args=[unit.pk])
    assert client.post(edit_url, unit_data(name="Tiểu khu Hà Thành 2")).status_code == 302
    unit.refresh_from_db()
    assert unit.name == "Tiểu khu Hà Thành 2"
    renamed = [fields for change in history_for(unit) for fields in change.fields if fields[0] == "name"]
    assert ("name", "Tiểu khu Hà Thành", "Tiểu khu Hà Thành 2") in renamed
    page = client.get(edit_url).content.decode()
    assert "Lịch sử thay đổi" in page
    assert "Tiểu khu Hà Thành → Tiểu khu Hà Thành 2" in page
    assert (admin.get_full_name() or admin.username) in page  # who changed it

    assert client.post(edit_url, {"action": "deactivate"}).status_code == 302
    unit.refresh_from_db()
    assert not unit.is_active
    assert Unit.objects.filter(pk=unit.pk).exists()  # deactivated, never deleted
    assert client.post(edit_url, {"action": "reactivate"}).status_code == 302
    unit.refresh_from_db()
    assert unit.is_active


def test_a_unit_name_already_in_the_council_is_refused_in_vietnamese(world: Any, client: Client) -> None:
    response = client.post(
        reverse("councils:unit_create", args=[world.council.pk]), unit_data(name="tiểu khu trang các")
    )
    assert response.status_code == 200
    assert "Đơn vị “tiểu khu trang các” đã có trong hội đồng này." in response.content.decode()
    assert Unit.objects.filter(council=world.council).count() == 2


def test_nfd_input_is_stored_nfc(world: Any, client: Client) -> None:
    nfd_name = unicodedata.normalize("NFD", "Tiểu khu Hưng Thịnh")
    client.post(reverse("councils:unit_create", args=[world.council.pk]), unit_data(name=nfd_name))
    assert Unit.objects.filter(council=world.council, name="Tiểu khu Hưng Thịnh").exists()

    data = member_data(
        full_name=unicodedata.normalize("NFD", "Hoàng Thị Hương"),
        position=unicodedata.normalize("NFD", "Chủ tịch Hội Phụ nữ"),
    )
    client.post(reverse("councils:member_create", args=[world.council.pk]), data)
    membership = CouncilMembership.objects.get(council=world.council, user__username="uyvien_moi")
    assert membership.position == "Chủ tịch Hội Phụ nữ"
    assert membership.user.get_full_name() == "Hoàng Thị Hương"


def test_add_a_new_member_with_a_term_shows_the_temporary_password_once(world: Any, client: Client) -> None:
    response = client.post(
        reverse("councils:member_create", args=[world.council.pk]), member_data(unit=world.unit_a.pk)
    )
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    membership = CouncilMembership.objects.get(council=world.council, user__username="uyvien_moi")
    assert membership.role == CouncilRole.MEMBER
    assert (membership.term_from, membership.term_until) == (dt.date(2026, 1, 1), dt.date(2030, 12, 31))
    assert membership.unit == world.unit_a
    assert membership.user.must_change_password
    body = response.content.decode()
    password = body.split('id="sheet-password" class="mono">')[1].split("<")[0]
    assert membership.user.check_password(password)
    # not shown again on the role's page
    assert password not in Client().get(reverse("councils:member_edit", args=[membership.pk])).content.decode()
    again = client.get(reverse("councils:member_edit", args=[membership.pk])).content.decode()
    assert password not in again
    assert "Lịch sử thay đổi" in again


def test_add_an_existing_user_as_a_member(world: Any, client: Client) -> None:
    response = client.post(
        reverse("councils:member_create", args=[world.council.pk]),
        member_data(account="existing", username="secretariat", full_name=""),
    )
    assert response.status_code == 302
    membership = CouncilMembership.objects.get(council=world.council, user=world.secretariat, role=CouncilRole.MEMBER)
    assert response["Location"] == reverse("councils:member_edit", args=[membership.pk])
    world.secretariat.refresh_from_db()
    assert not world.secretariat.must_change_password
    # the same role twice is refused
    again = client.post(
        reverse("councils:member_create", args=[world.council.pk]),
        member_data(account="existing", username="secretariat", full_name=""),
    )
    assert "“secretariat” đã giữ vai trò này trong hội đồng." in again.content.decode()


def test_a_term_that_ends_before_it_starts_is_refused(world: Any, client: Client) -> None:
    url = reverse("councils:member_create", args=[world.council.pk])
    response = client.post(url, member_data(term_from="2026-06-01", term_until="2026-05-31"))
    assert response.status_code == 200
    assert TERM_MESSAGE in response.content.decode()
    assert not User.objects.filter(username="uyvien_moi").exists()

    membership = CouncilMembership.objects.get(council=world.council, user=world.member)
    CouncilMembership.objects.filter(pk=membership.pk).update(term_from=dt.date(2026, 1, 1))
    edit_url = reverse("councils:member_edit", args=[membership.pk])
    edited = client.post(edit_url, {"role": CouncilRole.MEMBER, "term_from": "2026-01-01", "term_until": "2025-12-31"})
    assert TERM_MESSAGE in edited.content.decode()
    ended = client.post(edit_url, {"action": "end_term", "ended_on": "2025-12-31"})
    assert ended.status_code == 200
    assert TERM_MESSAGE in ended.content.decode()
    membership.refresh_from_db()
    assert membership.term_until is None


def test_edit_a_role_and_end_its_term_are_audited(world: Any, client: Client) -> None:
    membership = CouncilMembership.objects.get(council=world.council, user=world.member)
    edit_url = reverse("councils:member_edit", args=[membership.pk])
    response = client.post(
        edit_url,
        {
            "role": CouncilRole.MEMBER,
            "position": "Trưởng Công an",
            "unit": world.unit_b.pk,
            "term_from": "2026-01-01",
            "term_until": "",
        },
    )
    assert response.status_code == 302
    assert client.post(edit_url, {"action": "end_term", "ended_on": "2026-09-30"}).status_code == 302
    membership.refresh_from_db()
    assert (membership.position, membership.unit, membership.term_until) == (
        "Trưởng Công an",
        world.unit_b,
        dt.date(2026, 9, 30),
    )
    changed = {fields[0] for change in history_for(membership) for fields in change.fields}
    assert {"position", "term_until", "unit"} <= changed
    page = client.get(edit_url).content.decode()
    assert "2026-09-30" in page


def test_a_unit_of_another_council_is_not_a_workplace_choice(world: Any, client: Client) -> None:
    membership = CouncilMembership.objects.get(council=world.council, user=world.member)
    response = client.post(
        reverse("councils:member_edit", args=[membership.pk]), {"role": CouncilRole.MEMBER, "unit": world.other_unit.pk}
    )
    assert response.status_code == 200
    membership.refresh_from_db()
    assert membership.unit is None


def test_another_councils_unit_and_member_are_404(world: Any, client: Client) -> None:
    other_membership = CouncilMembership.objects.get(council=world.other_council, user=world.other_secretariat)
    for url in (
        reverse("councils:unit_list", args=[world.other_council.pk]),
        reverse("councils:unit_create", args=[world.other_council.pk]),
        reverse("councils:unit_edit", args=[world.other_unit.pk]),
        reverse("councils:member_list", args=[world.other_council.pk]),
        reverse("councils:member_create", args=[world.other_council.pk]),
        reverse("councils:member_edit", args=[other_membership.pk]),
    ):
        assert client.get(url).status_code == 404, url
        if not url.endswith(("/units/", "/members/")):  # the lists are GET only (405)
            assert client.post(url, unit_data(action="deactivate")).status_code == 404, url
    world.other_unit.refresh_from_db()
    assert world.other_unit.is_active
    assert world.other_unit.name == "Thôn Đông"


def test_a_parent_councils_admin_sets_up_a_child_councils_units(world: Any) -> None:
    child = factories.CouncilFactory(name="Hội đồng TĐKT xã Hà Lĩnh", parent=world.council)
    child_unit = factories.UnitFactory(council=child, name="Thôn Nam")
    parent_admin = Client()
    parent_admin.force_login(world.admin)
    assert parent_admin.get(reverse("councils:unit_edit", args=[child_unit.pk])).status_code == 200
    child_admin = factories.UserFactory(username="qt_haling")
    CouncilMembership.objects.create(council=child, user=child_admin, role=CouncilRole.ADMIN)
    own = Client()
    own.force_login(child_admin)
    assert own.get(reverse("councils:unit_edit", args=[world.unit_a.pk])).status_code == 404


def test_the_hub_links_the_unit_and_member_sections(world: Any, client: Client) -> None:
    body = client.get(reverse("councils:setup")).content.decode()
    assert reverse("councils:unit_list", args=[world.council.pk]) in body
    assert reverse("councils:member_list", args=[world.council.pk]) in body
