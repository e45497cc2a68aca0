"""Unit accounts: the secretariat creates them and resets their passwords, and nothing more."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from councils import services
from councils.models import CouncilMembership, CouncilRole, UnitMembership, User


def test_secretariat_creates_a_unit_account_with_a_one_time_password(world: Any) -> None:
    user, password = services.unit_user_create(
        actor=world.secretariat, unit=world.unit_a, username="TK-Moi", full_name="Nguyễn Thị Mai"
    )
    assert user.username == "tk-moi"
    assert user.get_full_name() == "Nguyễn Thị Mai"
    assert user.check_password(password)
    assert len(password) == 12
    assert list(UnitMembership.objects.filter(user=user).values_list("unit_id", flat=True)) == [world.unit_a.pk]


def test_a_taken_username_is_refused_and_nothing_is_created(world: Any) -> None:
    before = User.objects.count()
    with pytest.raises(ValidationError, match="đã có người dùng"):
        services.unit_user_create(actor=world.secretariat, unit=world.unit_a, username="UNIT_A", full_name="Ai Đó")
    assert User.objects.count() == before


def test_another_councils_secretariat_cannot_create_or_reset(world: Any) -> None:
    with pytest.raises(PermissionError):
        services.unit_user_create(actor=world.other_secretariat, unit=world.unit_a, username="x1", full_name="X")
    with pytest.raises(PermissionError):
        services.unit_user_reset_password(actor=world.other_secretariat, user=world.unit_a_user)
    world.unit_a_user.refresh_from_db()
    assert world.unit_a_user.check_password("secret-pass-1")


def test_reset_gives_a_new_password(world: Any) -> None:
    password = services.unit_user_reset_password(actor=world.secretariat, user=world.unit_a_user)
    world.unit_a_user.refresh_from_db()
    assert world.unit_a_user.check_password(password)
    assert not world.unit_a_user.check_password("secret-pass-1")


def test_a_unit_account_that_also_holds_a_council_role_is_not_reset_here(world: Any) -> None:
    UnitMembership.objects.create(unit=world.unit_a, user=world.chairman)
    with pytest.raises(ValidationError, match="không chỉ là tài khoản đơn vị"):
        services.unit_user_reset_password(actor=world.secretariat, user=world.chairman)
    world.chairman.refresh_from_db()
    assert world.chairman.check_password("secret-pass-1")
    assert CouncilMembership.objects.filter(user=world.chairman, role=CouncilRole.CHAIRMAN).exists()
