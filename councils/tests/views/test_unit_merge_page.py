"""The merge page of a unit: reached from its edit page, merges through the service, refuses a
unit of another council and the unit itself with the service's message."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from councils.models import CouncilMembership, CouncilRole, Unit
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(world: Any) -> Client:
    user = factories.UserFactory(username="qt_hatrung")
    CouncilMembership.objects.create(council=world.council, user=user, role=CouncilRole.ADMIN)
    client = Client()
    client.force_login(user)
    return client


def merge_url(unit: Unit) -> str:
    return reverse("councils:unit_merge", args=[unit.pk])


def data(target: Unit) -> dict[str, Any]:
    return {"target": target.pk, "merged_on": "2025-07-01", "reason": "Nghị quyết sắp xếp đơn vị"}


def test_merge_through_the_page(world: Any, client: Client) -> None:
    edit = client.get(reverse("councils:unit_edit", args=[world.unit_b.pk])).content.decode()
    assert merge_url(world.unit_b) in edit
    page = client.get(merge_url(world.unit_b)).content.decode()
    assert "data-confirm" in page
    assert f'value="{world.unit_a.pk}"' in page
    assert f'value="{world.unit_b.pk}"' not in page  # itself is not offered
    assert f'value="{world.other_unit.pk}"' not in page

    response = client.post(merge_url(world.unit_b), data(world.unit_a), follow=True)

    assert response.redirect_chain[-1][0] == reverse("councils:unit_edit", args=[world.unit_a.pk])
    body = response.content.decode()
    assert "Đã sáp nhập đơn vị “Trường Mầm non thị trấn” vào “Tiểu khu Trang Các”." in body
    assert "Trường Mầm non thị trấn" in body  # listed among the units merged into it
    source = Unit.objects.get(pk=world.unit_b.pk)
    assert (source.merged_into_id, source.is_active) == (world.unit_a.pk, False)

    listing = client.get(reverse("councils:unit_list", args=[world.council.pk])).content.decode()
    assert "đã sáp nhập vào Tiểu khu Trang Các từ ngày 01/07/2025" in listing
    merged_page = client.get(reverse("councils:unit_edit", args=[source.pk])).content.decode()
    assert "Nghị quyết sắp xếp đơn vị" in merged_page
    assert 'id="history"' in merged_page
    assert merge_url(source) not in merged_page


def test_merging_into_another_councils_unit_is_refused(world: Any, client: Client) -> None:
    assert client.get(merge_url(world.other_unit)).status_code == 404
    assert client.post(merge_url(world.other_unit), data(world.unit_a)).status_code == 404
    response = client.post(merge_url(world.unit_b), data(world.other_unit))
    assert response.status_code == 200
    assert Unit.objects.get(pk=world.unit_b.pk).merged_into_id is None


def test_merging_into_itself_is_refused_with_the_message(world: Any, client: Client) -> None:
    response = client.post(merge_url(world.unit_b), data(world.unit_b))
    assert response.status_code == 200
    assert "Không thể sáp nhập một đơn vị vào chính nó." in response.content.decode()
    assert Unit.objects.get(pk=world.unit_b.pk).is_active


def test_delete_refuses_a_used_unit_and_deletes_an_unused_one(world: Any, client: Client) -> None:
    edit = reverse("councils:unit_edit", args=[world.unit_b.pk])
    response = client.post(edit, {"action": "delete"}, follow=True)
    assert "ngừng hoạt động đơn vị" in response.content.decode()
    assert Unit.objects.filter(pk=world.unit_b.pk).exists()
    spare = factories.UnitFactory(council=world.council, name="Đơn vị nhập nhầm")
    response = client.post(reverse("councils:unit_edit", args=[spare.pk]), {"action": "delete"})
    assert response.status_code == 302
    assert not Unit.objects.filter(pk=spare.pk).exists()
