"""The commune-level default award types: as domain.md gives them, with dated money, idempotent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Q

from councils.models import Council, CouncilMembership, CouncilRole
from nominations.award_defaults import award_types_from_defaults
from nominations.models import AwardRate, AwardType, NomineeKind, ThresholdComparison
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def commune() -> Council:
    return factories.CouncilFactory(name="Hội đồng TĐKT xã Hà Phong", issuing_body="Ủy ban nhân dân xã Hà Phong")


@pytest.fixture
def admin(commune: Council) -> Any:
    user = factories.UserFactory(username="qt_haphong")
    CouncilMembership.objects.create(council=commune, user=user, role=CouncilRole.ADMIN)
    return user


def test_the_defaults_of_the_commune_level(commune: Council, admin: Any) -> None:
    made = award_types_from_defaults(actor=admin, council=commune)
    assert [award.code for award in made] == ["LDTT", "CSTDCS", "TTLDTT", "GDVH", "TDPVH", "GK"]
    by_code = {award.code: award for award in AwardType.objects.filter(council=commune)}
    gk = by_code["GK"]
    assert gk.name_vi == "Giấy khen của Chủ tịch Ủy ban nhân dân xã Hà Phong"
    assert gk.issuing_authority == "Chủ tịch Ủy ban nhân dân xã Hà Phong"
    assert gk.for_individual
    assert gk.for_collective
    assert gk.for_household
    cstdcs = by_code["CSTDCS"]
    assert cstdcs.threshold_share == Decimal("70")
    assert cstdcs.threshold_comparison == ThresholdComparison.AT_LEAST
    assert cstdcs.prerequisite == by_code["LDTT"]
    assert cstdcs.prerequisite_years == 1
    assert not by_code["GDVH"].needs_vote
    assert not by_code["GDVH"].carries_money
    assert by_code["TTLDTT"].for_collective
    assert not by_code["TTLDTT"].for_individual

    def rate(code: str, kind: str, on: dt.date) -> Decimal:
        in_force = AwardRate.objects.filter(award_type=by_code[code], nominee_kind=kind, valid_from__lte=on).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=on)
        )
        return in_force.get().multiplier

    assert rate("GK", NomineeKind.INDIVIDUAL, dt.date(2025, 6, 30)) == Decimal("0.15")
    assert rate("GK", NomineeKind.INDIVIDUAL, dt.date(2025, 7, 1)) == Decimal("0.3")
    assert rate("GK", NomineeKind.COLLECTIVE, dt.date(2025, 7, 1)) == Decimal("0.6")
    assert rate("GK", NomineeKind.HOUSEHOLD, dt.date(2026, 1, 1)) == Decimal("0.45")
    assert rate("LDTT", NomineeKind.INDIVIDUAL, dt.date(2026, 1, 1)) == Decimal("0.3")
    assert rate("CSTDCS", NomineeKind.INDIVIDUAL, dt.date(2026, 1, 1)) == Decimal("1.0")
    assert rate("TTLDTT", NomineeKind.COLLECTIVE, dt.date(2026, 1, 1)) == Decimal("0.8")
    assert rate("TDPVH", NomineeKind.COLLECTIVE, dt.date(2026, 1, 1)) == Decimal("1.5")
    assert not AwardRate.objects.filter(award_type=by_code["GDVH"]).exists()


def test_the_defaults_are_idempotent_and_leave_present_codes_alone(commune: Council, admin: Any) -> None:
    own = factories.AwardTypeFactory(council=commune, code="LDTT", name_vi="Lao động tiên tiến (quy chế riêng)")
    made = award_types_from_defaults(actor=admin, council=commune)
    assert "LDTT" not in [award.code for award in made]
    assert len(made) == 5
    own.refresh_from_db()
    assert own.name_vi == "Lao động tiên tiến (quy chế riêng)"
    assert AwardType.objects.get(council=commune, code="CSTDCS").prerequisite == own
    count, rates = AwardType.objects.count(), AwardRate.objects.count()
    assert award_types_from_defaults(actor=admin, council=commune) == []
    assert (AwardType.objects.count(), AwardRate.objects.count()) == (count, rates)


def test_only_the_councils_admin_takes_the_defaults(commune: Council) -> None:
    stranger = factories.UserFactory(username="nguoi_la")
    with pytest.raises(PermissionError):
        award_types_from_defaults(actor=stranger, council=commune)
    assert not AwardType.objects.filter(council=commune).exists()


def test_the_defaults_are_for_a_commune_council(admin: Any) -> None:
    province = factories.CouncilFactory(name="Hội đồng TĐKT tỉnh", level="province")
    CouncilMembership.objects.create(council=province, user=admin, role=CouncilRole.ADMIN)
    with pytest.raises(ValidationError, match="cấp xã"):
        award_types_from_defaults(actor=admin, council=province)
