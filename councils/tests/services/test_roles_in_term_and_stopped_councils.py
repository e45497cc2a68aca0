"""A council role gives its powers only within its term, and the people of a council that has stopped
(a district council since 1 July 2025) only read its archive."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from councils import access
from councils.access import Capability
from councils.models import Council, CouncilMembership, CouncilRole, User
from nominations import round_services
from tests import factories

pytestmark = pytest.mark.django_db


def _fresh(user: Any) -> Any:
    return User.objects.get(pk=user.pk)  # the roles are loaded once per user object


@pytest.mark.parametrize(
    ("term_from", "term_until", "holds"),
    [
        (None, None, True),
        (-365, 0, True),  # the term's last day
        (-365, -1, False),  # ended yesterday
        (1, None, False),  # begins tomorrow
        (0, 365, True),  # begins today
    ],
)
def test_a_role_is_held_within_its_term_only(
    world: Any, term_from: int | None, term_until: int | None, holds: bool
) -> None:
    today = timezone.localdate()
    admin = factories.UserFactory(username="qt_nhiemky")
    CouncilMembership.objects.create(
        council=world.council,
        user=admin,
        role=CouncilRole.ADMIN,
        term_from=None if term_from is None else today + dt.timedelta(days=term_from),
        term_until=None if term_until is None else today + dt.timedelta(days=term_until),
    )
    admin = _fresh(admin)
    assert access.can(admin, Capability.ADMINISTER, world.council.pk) is holds
    assert (world.council.pk in access.councils_where(admin, Capability.ADMINISTER)) is holds


def test_ending_a_term_on_the_setup_page_takes_the_powers_away(world: Any, client: Any) -> None:
    from councils import setup_services

    admin = factories.UserFactory(username="qt_het_nhiem_ky")
    membership = CouncilMembership.objects.create(council=world.council, user=admin, role=CouncilRole.ADMIN)
    client.force_login(admin)
    assert client.get(f"/setup/{world.council.pk}/profile/").status_code == 200
    setup_services.membership_term_end(
        actor=world.admin, membership=membership, ended_on=timezone.localdate() - dt.timedelta(days=1)
    )
    assert client.get(f"/setup/{world.council.pk}/profile/").status_code == 404
    assert client.post(f"/setup/{world.council.pk}/units/new/", {"name": "Đơn vị sau nhiệm kỳ"}).status_code == 404
    assert not world.council.units.filter(name="Đơn vị sau nhiệm kỳ").exists()


def test_the_people_of_a_stopped_council_only_read_its_archive(world: Any) -> None:
    Council.objects.filter(pk=world.council.pk).update(is_active=False)
    secretariat = _fresh(world.secretariat)
    assert access.can(secretariat, Capability.READ_DECISIONS, world.council.pk)
    assert access.can(secretariat, Capability.READ_DOSSIERS, world.council.pk)
    for refused in (Capability.MANAGE_ROUNDS, Capability.MANAGE_ACCOUNTS, Capability.REVIEW, Capability.RUN_SESSION):
        assert not access.can(secretariat, refused, world.council.pk), refused
    assert world.council.pk not in access.councils_where(secretariat, Capability.MANAGE_ROUNDS)
    assert world.council.pk in access.councils_where(secretariat, Capability.READ_DECISIONS)
    assert not access.capabilities_anywhere(secretariat)["manage_rounds"]
    now = timezone.now()
    with pytest.raises(PermissionError):
        round_services.round_create(
            actor=secretariat,
            council=world.council,
            name="Xét khen thưởng của hội đồng đã ngừng hoạt động",
            year=now.year,
            kind="yearly",
            opens_at=now,
            closes_at=now + dt.timedelta(days=30),
            award_types=[world.ldtt],
        )
