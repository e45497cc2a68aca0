"""The people register by spreadsheet: saved NFC, citizen IDs checked, duplicates flagged."""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from councils.models import Council, CouncilMembership, CouncilRole
from nominations.models import Gender, Person
from tests import factories

pytestmark = pytest.mark.django_db

HEADER = ["Họ và tên", "Ngày sinh", "Giới tính", "Chức vụ", "Đơn vị", "Số định danh cá nhân"]


@pytest.fixture
def commune() -> Council:
    council = factories.CouncilFactory(name="Hội đồng TĐKT xã Hà Phong")
    factories.UnitFactory(council=council, name="Trường Mầm non")
    return council


@pytest.fixture
def client(commune: Council) -> Client:
    user = factories.UserFactory(username="qt_haphong")
    CouncilMembership.objects.create(council=commune, user=user, role=CouncilRole.ADMIN)
    client = Client()
    client.force_login(user)
    return client


def xlsx(rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client: Client, council: Council, data: bytes) -> Any:
    return client.post(
        reverse("nominations:person_import", args=[council.pk]), {"file": SimpleUploadedFile("p.xlsx", data)}
    )


def test_people_are_saved_nfc_with_their_units(client: Client, commune: Council) -> None:
    nfd = unicodedata.normalize("NFD", "Lê Thị Hường")
    preview = upload(
        client,
        commune,
        xlsx(
            [
                [nfd, "15/03/1985", "Nữ", "Giáo viên", "Trường Mầm non", "038185001234"],
                ["Trần Văn An", dt.date(1990, 1, 5), "Nam", "", "", 38190001234],
            ]
        ),
    )
    token = re.search(r'name="token" value="([^"]+)"', preview.content.decode()).group(1)
    assert not Person.objects.exists()
    done = client.post(reverse("nominations:person_import_confirm", args=[commune.pk]), {"token": token})
    assert done.status_code == 200
    huong = Person.objects.get(council=commune, citizen_id="038185001234")
    assert huong.full_name == "Lê Thị Hường"
    assert unicodedata.is_normalized("NFC", huong.full_name)
    assert huong.gender == Gender.FEMALE
    assert huong.unit.name == "Trường Mầm non"
    assert huong.birth_date == dt.date(1985, 3, 15)
    assert huong.search_name == "le thi huong"
    # a number cell lost the leading zero: it is given back
    assert Person.objects.get(full_name="Trần Văn An").citizen_id == "038190001234"


def test_duplicates_and_bad_ids_are_flagged_and_nothing_saved(client: Client, commune: Council) -> None:
    factories.PersonFactory(council=commune, full_name="Lê Thị Hường", birth_date=dt.date(1985, 3, 15))
    factories.PersonFactory(council=commune, full_name="Phạm Văn Bình", birth_date=None, citizen_id="038000000001")
    rows = [
        ["Lê Thị Hường", "15/03/1985", "Nữ", "", "", ""],
        ["Nguyễn Văn Cường", "", "Nam", "", "", "038000000001"],
        ["Đỗ Thị Dung", "", "Nữ", "", "", "038000000002"],
        ["Đỗ Thị Dung B", "", "Nữ", "", "", "038000000002"],
        ["Vũ Văn Em", "", "Trai", "", "Trường Tiểu học", "12AB"],
    ]
    body = upload(client, commune, xlsx(rows)).content.decode()
    assert 'name="token"' not in body
    assert "“Lê Thị Hường” cùng ngày sinh đã có trong sổ cá nhân" in body
    assert "Số định danh “038000000001” đã có trong sổ cá nhân" in body
    assert "Trùng Số định danh cá nhân với dòng 4 trong tệp." in body
    assert "Giới tính: “Trai” không phải một lựa chọn" in body
    assert "Đơn vị: Hội đồng chưa có đơn vị “Trường Tiểu học”." in body
    assert "Số định danh cá nhân gồm đúng 12 chữ số." in body
    assert Person.objects.filter(council=commune).count() == 2


def test_another_councils_people_import_is_a_404(client: Client) -> None:
    other = factories.CouncilFactory(name="Hội đồng khác")
    assert client.get(reverse("nominations:person_import", args=[other.pk])).status_code == 404
    assert upload(client, other, xlsx([["Lê An", "", "", "", "", ""]])).status_code == 404
    assert not Person.objects.filter(council=other).exists()


def test_a_confirm_sent_twice_saves_the_rows_once(client: Client, commune: Council) -> None:
    """A double click, or the token replayed: the second confirm finds the rows saved and saves nothing."""
    preview = upload(client, commune, xlsx([["Nguyễn Văn Hai Lần", "02/02/1980", "Nam", "", "", ""]]))
    token = re.search(r'name="token" value="([^"]+)"', preview.content.decode()).group(1)
    url = reverse("nominations:person_import_confirm", args=[commune.pk])
    assert client.post(url, {"token": token}).status_code == 200
    again = client.post(url, {"token": token})
    assert again.status_code == 400
    assert Person.objects.filter(council=commune, full_name="Nguyễn Văn Hai Lần").count() == 1
