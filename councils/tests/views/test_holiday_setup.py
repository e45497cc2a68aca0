"""The national days off: the top-level admin keeps them, a council admin below reads them."""

from __future__ import annotations

import datetime as dt
import html
import unicodedata
from typing import Any

from django.test import Client
from django.urls import reverse

from councils.calendar import work_calendar
from councils.models import CouncilMembership, CouncilRole, Holiday
from tests import factories


def admin_client(council: Any, username: str) -> Client:
    user = factories.UserFactory(username=username)
    CouncilMembership.objects.create(council=council, user=user, role=CouncilRole.ADMIN)
    client = Client()
    client.force_login(user)
    return client


def test_top_level_admin_adds_edits_and_deletes_a_day_off(world: Any) -> None:
    client = admin_client(world.council, "qt_tinh")
    url = reverse("councils:holiday_list")
    name = unicodedata.normalize("NFD", "Nghỉ bù Quốc khánh")
    assert client.post(url, {"date": "03/09/2032", "name": name, "is_day_off": "on"}).status_code == 302
    holiday = Holiday.objects.get(date=dt.date(2032, 9, 3))
    assert holiday.name == "Nghỉ bù Quốc khánh"
    assert unicodedata.is_normalized("NFC", holiday.name)
    assert dt.date(2032, 9, 3) in work_calendar().days_off
    duplicate = client.post(url, {"date": "2032-09-03", "name": "Trùng ngày", "is_day_off": "on"})
    assert duplicate.status_code == 200
    assert "Ngày 03/09/2032 đã có trong bảng (“Nghỉ bù Quốc khánh”)." in html.unescape(duplicate.content.decode())
    assert Holiday.objects.filter(date=dt.date(2032, 9, 3)).count() == 1
    blank = client.post(url, {"date": "2032-09-04", "name": "   "})
    assert "Chưa nhập tên ngày nghỉ." in html.unescape(blank.content.decode()) or "bắt buộc" in blank.content.decode()
    assert not Holiday.objects.filter(date=dt.date(2032, 9, 4)).exists()
    page = html.unescape(client.get(f"{url}?year=2032").content.decode())
    assert "03/09/2032" in page
    assert "Nghỉ bù Quốc khánh" in page
    edit = reverse("councils:holiday_edit", args=[holiday.pk])
    assert client.post(edit, {"date": "2032-09-05", "name": "Làm bù", "is_day_off": ""}).status_code == 302
    holiday.refresh_from_db()
    assert (holiday.date, holiday.is_day_off) == (dt.date(2032, 9, 5), False)
    assert "Lịch sử thay đổi" in html.unescape(client.get(edit).content.decode())
    assert client.post(edit, {"action": "delete"}).status_code == 302
    assert not Holiday.objects.filter(pk=holiday.pk).exists()


def test_a_council_admin_below_reads_the_days_off_only(world: Any) -> None:
    child = factories.CouncilFactory(parent=world.council)
    client = admin_client(child, "qt_xa")
    holiday = Holiday.objects.create(date=dt.date(2032, 1, 1), name="Tết Dương lịch")
    url = reverse("councils:holiday_list")
    page = client.get(f"{url}?year=2032")
    assert page.status_code == 200
    assert "Tết Dương lịch" in page.content.decode()
    assert 'id="holiday-add"' not in page.content.decode()
    assert client.post(url, {"date": "2032-05-01", "name": "Quốc tế Lao động", "is_day_off": "on"}).status_code == 403
    edit = reverse("councils:holiday_edit", args=[holiday.pk])
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"action": "delete"}).status_code == 403
    assert list(Holiday.objects.filter(date__year=2032).values_list("name", flat=True)) == ["Tết Dương lịch"]
