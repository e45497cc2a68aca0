"""The base salary page: the top-level admin keeps the national table, a council admin below
reads it; two versions starting on the same day are refused."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from django.test import Client
from django.urls import reverse

from councils.models import CouncilMembership, CouncilRole
from nominations.models import BaseSalary
from tests import factories


def admin_client(council: Any, username: str) -> Client:
    user = factories.UserFactory(username=username)
    CouncilMembership.objects.create(council=council, user=user, role=CouncilRole.ADMIN)
    client = Client()
    client.force_login(user)
    return client


def test_top_level_admin_adds_and_corrects_versions_and_a_same_day_version_is_refused(world: Any) -> None:
    client = admin_client(world.council, "qt_tinh")
    url = reverse("nominations:base_salary_list")
    assert client.post(url, {"amount": "2340000", "valid_from": "01/07/2024"}).status_code == 302
    assert client.post(url, {"amount": "2530000", "valid_from": "2026-07-01"}).status_code == 302
    same_day = client.post(url, {"amount": "2600000", "valid_from": "2026-07-01"})
    assert same_day.status_code == 200
    assert "Đã có mức lương cơ sở 2.530.000 đồng áp dụng từ ngày 01/07/2026" in html.unescape(same_day.content.decode())
    zero = client.post(url, {"amount": "0", "valid_from": "2027-07-01"})
    assert "Mức lương cơ sở phải lớn hơn 0 đồng." in html.unescape(zero.content.decode())
    assert sorted(BaseSalary.objects.values_list("amount", flat=True)) == [2_340_000, 2_530_000]
    page = html.unescape(client.get(url).content.decode())
    assert "từ 01/07/2024 đến 30/06/2026" in page
    older = BaseSalary.objects.get(valid_from=dt.date(2024, 7, 1))
    edit = reverse("nominations:base_salary_edit", args=[older.pk])
    moved = client.post(edit, {"amount": "2340000", "valid_from": "2026-07-01"})
    assert "Đã có mức lương cơ sở" in html.unescape(moved.content.decode())
    assert client.post(edit, {"amount": "2340500", "valid_from": "2024-07-01"}).status_code == 302
    older.refresh_from_db()
    assert older.amount == 2_340_500
    assert "Lịch sử thay đổi" in html.unescape(client.get(edit).content.decode())


def test_a_council_admin_below_reads_the_table_and_cannot_change_it(world: Any) -> None:
    child = factories.CouncilFactory(parent=world.council)
    client = admin_client(child, "qt_xa")
    salary = BaseSalary.objects.create(amount=2_340_000, valid_from=dt.date(2024, 7, 1))
    url = reverse("nominations:base_salary_list")
    page = client.get(url)
    assert page.status_code == 200
    assert 'id="base-salary-add"' not in page.content.decode()
    assert client.post(url, {"amount": "9999999", "valid_from": "2030-01-01"}).status_code == 403
    edit = reverse("nominations:base_salary_edit", args=[salary.pk])
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"amount": "1", "valid_from": "2024-07-01"}).status_code == 403
    assert client.post(edit, {"action": "delete"}).status_code == 403
    assert list(BaseSalary.objects.values_list("amount", flat=True)) == [2_340_000]
    # a user who administers no council is refused the page
    secretariat = Client()
    secretariat.force_login(world.secretariat)
    assert secretariat.get(url).status_code == 403
