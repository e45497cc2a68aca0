"""Merging a unit into another (sáp nhập) and renaming one: the refusals, what moves, and the
dossiers that keep the name they were made under."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from councils import setup_services as ss
from councils.models import CouncilMembership, CouncilRole, Unit, UnitMembership
from nominations.models import Collective, Household, Nomination, Person
from tests import factories

pytestmark = pytest.mark.django_db

ON = dt.date(2025, 7, 1)


def merge(world: Any, source: Unit, target: Unit, **kwargs: Any) -> Unit:
    return ss.unit_merge(actor=world.admin, source=source, target=target, merged_on=ON, **kwargs)


def test_merging_into_itself_is_refused(world: Any) -> None:
    with pytest.raises(ValidationError, match="vào chính nó"):
        merge(world, world.unit_b, world.unit_b)


def test_merging_into_another_councils_unit_is_refused(world: Any) -> None:
    with pytest.raises(ValidationError, match="cùng hội đồng"):
        merge(world, world.unit_b, world.other_unit)
    assert Unit.objects.get(pk=world.unit_b.pk).merged_into_id is None


def test_a_source_already_merged_is_refused(world: Any) -> None:
    third = factories.UnitFactory(council=world.council, name="Tiểu khu Hà Thành")
    merge(world, world.unit_b, world.unit_a)
    with pytest.raises(ValidationError, match="đã được sáp nhập"):
        merge(world, world.unit_b, third)


def test_merging_into_a_merged_or_inactive_unit_is_refused(world: Any) -> None:
    third = factories.UnitFactory(council=world.council, name="Tiểu khu Hà Thành")
    merge(world, world.unit_b, world.unit_a)
    with pytest.raises(ValidationError, match="hãy chọn đơn vị đang hoạt động"):
        merge(world, third, world.unit_b)
    ss.unit_deactivate(actor=world.admin, unit=world.unit_a)
    with pytest.raises(ValidationError, match="ngừng hoạt động"):
        merge(world, third, world.unit_a)
    assert Unit.objects.get(pk=third.pk).is_active


def test_only_an_admin_of_the_council_may_merge(world: Any) -> None:
    with pytest.raises(PermissionError):
        ss.unit_merge(actor=world.unit_a_user, source=world.unit_b, target=world.unit_a, merged_on=ON)


@pytest.mark.parametrize("state", ["draft", "submitted", "returned"])
def test_a_source_with_dossiers_in_progress_is_refused_naming_them(world: Any, make_dossier: Any, state: str) -> None:
    make_dossier(state, unit=world.unit_b)
    with pytest.raises(ValidationError) as refused:
        merge(world, world.unit_b, world.unit_a)
    assert "còn 1 hồ sơ đang xử lý" in refused.value.messages[0]
    assert "Đề nghị khen thưởng năm" in refused.value.messages[0]
    assert Unit.objects.get(pk=world.unit_b.pk).is_active


def test_the_merge_moves_people_collectives_households_and_accounts(world: Any, make_dossier: Any) -> None:
    dossier = make_dossier("accepted", unit=world.unit_b)
    person = Person.objects.get(lines__nomination=dossier)
    Person.objects.filter(pk=person.pk).update(unit=world.unit_b)
    collective = Collective.objects.create(council=world.council, name="Tổ Giáo viên", unit=world.unit_b)
    household = Household.objects.create(council=world.council, head_name="Lê Văn Tám", unit=world.unit_b)
    both = world.unit_a_user
    UnitMembership.objects.create(unit=world.unit_b, user=both)
    member = CouncilMembership.objects.create(
        council=world.council,
        user=factories.UserFactory(username="uy-vien"),
        role=CouncilRole.MEMBER,
        unit=world.unit_b,
    )
    Unit.objects.filter(pk=world.unit_a.pk).update(staff_count=10, household_count=100)
    Unit.objects.filter(pk=world.unit_b.pk).update(staff_count=7, household_count=0)

    target = merge(world, world.unit_b, world.unit_a, reason="Nghị quyết sắp xếp")

    source = Unit.objects.get(pk=world.unit_b.pk)
    assert (source.is_active, source.merged_into_id, source.merged_on) == (False, world.unit_a.pk, ON)
    assert (target.staff_count, target.household_count) == (17, 100)
    assert Unit.objects.get(pk=world.unit_a.pk).staff_count == 17
    assert Person.objects.get(pk=person.pk).unit_id == world.unit_a.pk
    assert Collective.objects.get(pk=collective.pk).unit_id == world.unit_a.pk
    assert Household.objects.get(pk=household.pk).unit_id == world.unit_a.pk
    assert set(UnitMembership.objects.filter(unit=world.unit_a).values_list("user_id", flat=True)) == {
        world.unit_a_user.pk,
        world.unit_a_user2.pk,
        world.unit_b_user.pk,
    }
    assert not UnitMembership.objects.filter(unit=source).exists()
    assert CouncilMembership.objects.get(pk=member.pk).unit_id == world.unit_a.pk
    # the past dossier stays with the merged unit, under its name
    dossier = Nomination.objects.get(pk=dossier.pk)
    assert (dossier.unit_id, dossier.unit_name) == (source.pk, "Trường Mầm non thị trấn")
    assert ss.merge_reason(source) == "Nghị quyết sắp xếp"


def test_a_merged_unit_cannot_come_back(world: Any) -> None:
    merge(world, world.unit_b, world.unit_a)
    with pytest.raises(ValidationError, match="không cho hoạt động trở lại"):
        ss.unit_reactivate(actor=world.admin, unit=world.unit_b)


def test_renaming_keeps_the_name_of_dossiers_already_made(world: Any, make_dossier: Any) -> None:
    sent = make_dossier("accepted")
    draft = make_dossier("draft")
    ss.unit_update(actor=world.admin, unit=world.unit_a, name="Tổ dân phố Trang Các", kind="quarter")
    assert Nomination.objects.get(pk=sent.pk).unit_name == "Tiểu khu Trang Các"
    assert Nomination.objects.get(pk=draft.pk).unit_name == "Tiểu khu Trang Các"
    assert Unit.objects.get(pk=world.unit_a.pk).name == "Tổ dân phố Trang Các"


def test_deleting_a_used_unit_is_refused_and_offers_deactivation(world: Any, make_dossier: Any) -> None:
    make_dossier("draft", unit=world.unit_b)
    with pytest.raises(ValidationError) as refused:
        ss.unit_delete(actor=world.admin, unit=world.unit_b)
    assert "1 hồ sơ" in refused.value.messages[0]
    assert "ngừng hoạt động" in refused.value.messages[0]
    assert Unit.objects.filter(pk=world.unit_b.pk).exists()


def test_an_unused_unit_is_deleted(world: Any) -> None:
    spare = factories.UnitFactory(council=world.council, name="Đơn vị nhập nhầm")
    ss.unit_delete(actor=world.admin, unit=spare)
    assert not Unit.objects.filter(pk=spare.pk).exists()
