"""The security event log's page: a council's own admin reads its own council's events (and its
people's logins), filtered by kind and date, a page at a time; another council's admin gets a
404; the superuser reads every council's and the whole log."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from councils.models import CouncilMembership, CouncilRole, SecurityEventKind
from councils.security import security_event
from councils.security_views import PAGE_SIZE
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(world: Any) -> None:
    security_event(SecurityEventKind.VOTE_OPEN, actor=world.secretariat, council_id=world.council.pk, detail="ours")
    security_event(SecurityEventKind.LOGIN_SUCCESS, actor=world.unit_a_user)  # one of our people's logins
    security_event(
        SecurityEventKind.VOTE_OPEN, actor=world.other_secretariat, council_id=world.other_council.pk, detail="theirs"
    )
    security_event(SecurityEventKind.LOGIN_SUCCESS, actor=world.other_unit_user)
    security_event(SecurityEventKind.LOGIN_FAILURE, username="nobody-known", outcome="failure")


def _admin_of(council: Any, username: str) -> Any:
    user = factories.UserFactory(username=username)
    CouncilMembership.objects.create(council=council, user=user, role=CouncilRole.ADMIN)
    return user


def _get(user: Any, url: str) -> Any:
    client = Client()
    client.force_login(user)
    return client.get(url)


def test_the_admin_reads_its_own_council_only(world: Any, events: None) -> None:
    admin = _admin_of(world.council, "quantri")
    response = _get(admin, reverse("councils:security_events", args=[world.council.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "ours" in body
    assert "Mở bỏ phiếu" in body
    assert "unit_a" in body  # the login of one of its units' staff
    assert timezone.localtime().strftime("%d/%m/%Y") in body
    assert "theirs" not in body
    assert "other_unit" not in body
    assert "nobody-known" not in body
    assert _get(admin, reverse("councils:security_events", args=[world.other_council.pk])).status_code == 404
    assert _get(admin, reverse("councils:security_events_all")).status_code == 404


def test_a_parent_admin_does_not_read_a_child_council(world: Any) -> None:
    world.council.parent = factories.CouncilFactory(name="Hội đồng TĐKT huyện Hà Trung", level="district")
    world.council.save()
    parent_admin = _admin_of(world.council.parent, "quantri_huyen")
    assert _get(parent_admin, reverse("councils:security_events", args=[world.council.pk])).status_code == 404


@pytest.mark.parametrize("who", ["secretariat", "chairman", "member", "unit_a_user", "other_secretariat"])
def test_others_are_refused(world: Any, who: str) -> None:
    response = _get(getattr(world, who), reverse("councils:security_events", args=[world.council.pk]))
    assert response.status_code == 404


def test_the_superuser_reads_every_council_and_the_whole_log(world: Any, events: None) -> None:
    other = _get(world.admin, reverse("councils:security_events", args=[world.other_council.pk])).content.decode()
    assert "theirs" in other
    assert "ours" not in other
    everything = _get(world.admin, reverse("councils:security_events_all")).content.decode()
    assert all(text in everything for text in ("ours", "theirs", "nobody-known"))


def test_filters_by_kind_and_date_and_pages(world: Any, events: None) -> None:
    url = reverse("councils:security_events_all")
    body = _get(world.admin, f"{url}?kind=login_failure").content.decode()
    assert "nobody-known" in body
    assert "ours" not in body
    today = timezone.localdate()
    tomorrow = (today + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    assert "ours" in _get(world.admin, f"{url}?day_from={today:%d/%m/%Y}&day_until={today:%d/%m/%Y}").content.decode()
    assert "ours" not in _get(world.admin, f"{url}?day_from={tomorrow}").content.decode()
    for index in range(PAGE_SIZE + 1):
        security_event(SecurityEventKind.LOGIN_FAILURE, username=f"thu-{index}", outcome="failure")
    first = _get(world.admin, f"{url}?kind=login_failure").content.decode()
    assert "Trang 1/2" in first
    assert "kind=login_failure&amp;page=2" in first


def test_the_setup_menu_links_to_it(world: Any) -> None:
    admin = _admin_of(world.council, "quantri")
    body = _get(admin, reverse("councils:setup")).content.decode()
    assert reverse("councils:security_events", args=[world.council.pk]) in body
