"""The members import: seven members with their roles and terms, each a new account whose
temporary password is printed once; bad roles, units and terms named, nothing saved."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from councils.models import Council, CouncilMembership, CouncilRole, User
from tests import factories

pytestmark = pytest.mark.django_db

HEADER = ["Họ và tên", "Tên đăng nhập", "Vai trò", "Chức vụ", "Đơn vị công tác", "Nhiệm kỳ từ ngày", "Đến ngày"]
SEVEN = [
    ["Trịnh Văn Hùng", "hung.tv", "Chủ tịch hội đồng", "Chủ tịch UBND", "", dt.date(2026, 1, 1), "31/12/2030"],
    ["Lê Thị Mai", "mai.lt", "Thường trực / thư ký", "Công chức Văn phòng", "", "01/01/2026", ""],
    ["Nguyễn Văn Nam", "nam.nv", "Thành viên hội đồng", "Chủ tịch MTTQ", "Ủy ban MTTQ", "01/01/2026", ""],
    ["Phạm Thị Oanh", "oanh.pt", "Thành viên", "Chủ tịch Hội Phụ nữ", "", "", ""],
    ["Hoàng Văn Phúc", "phuc.hv", "Ủy viên", "Bí thư Đoàn", "", "", ""],
    ["Đỗ Thị Quyên", "quyen.dt", "Thành viên hội đồng", "", "", "", ""],
    ["Vũ Văn Sơn", "son.vv", "Thành viên hội đồng", "Chỉ huy trưởng Quân sự", "", "", ""],
]


@pytest.fixture
def commune() -> Council:
    council = factories.CouncilFactory(name="Hội đồng TĐKT xã Hà Phong")
    factories.UnitFactory(council=council, name="Ủy ban MTTQ")
    return council


@pytest.fixture
def admin(commune: Council) -> Any:
    user = factories.UserFactory(username="qt_haphong")
    CouncilMembership.objects.create(council=commune, user=user, role=CouncilRole.ADMIN)
    return user


def client_for(user: Any) -> Client:
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
        reverse("councils:member_import", args=[council.pk]), {"file": SimpleUploadedFile("tv.xlsx", data)}
    )


def test_seven_members_are_saved_with_their_roles_terms_and_one_time_passwords(commune: Council, admin: Any) -> None:
    client = client_for(admin)
    preview = upload(client, commune, xlsx(SEVEN))
    body = preview.content.decode()
    assert preview.status_code == 200
    assert 'id="import-confirm"' in body
    assert "31/12/2030" in body
    assert "Chủ tịch hội đồng" in body
    assert not User.objects.filter(username="hung.tv").exists()
    token = re.search(r'name="token" value="([^"]+)"', body).group(1)
    sheet = client.post(reverse("councils:member_import_confirm", args=[commune.pk]), {"token": token})
    assert sheet.status_code == 200
    text = sheet.content.decode()
    passwords = re.findall(r'class="mono sheet-password">([^<]+)<', text)
    assert len(passwords) == 7
    roles = dict(CouncilMembership.objects.filter(council=commune).values_list("user__username", "role"))
    assert roles == {
        "qt_haphong": CouncilRole.ADMIN,
        "hung.tv": CouncilRole.CHAIRMAN,
        "mai.lt": CouncilRole.SECRETARIAT,
        "nam.nv": CouncilRole.MEMBER,
        "oanh.pt": CouncilRole.MEMBER,
        "phuc.hv": CouncilRole.MEMBER,
        "quyen.dt": CouncilRole.MEMBER,
        "son.vv": CouncilRole.MEMBER,
    }
    hung = CouncilMembership.objects.get(council=commune, user__username="hung.tv")
    assert (hung.term_from, hung.term_until) == (dt.date(2026, 1, 1), dt.date(2030, 12, 31))
    assert CouncilMembership.objects.get(council=commune, user__username="nam.nv").unit.name == "Ủy ban MTTQ"
    for (_, username, *_rest), password in zip(SEVEN, passwords, strict=True):
        user = User.objects.get(username=username)
        assert user.must_change_password
        assert user.check_password(password)
        assert password not in str(dict(client.session))
    # a second GET shows no password
    later = client.get(reverse("councils:member_import_confirm", args=[commune.pk]), follow=True).content.decode()
    assert not any(password in later for password in passwords)
    assert 'id="password-sheet-print"' in text
    assert "Trịnh Văn Hùng" in text


def test_bad_roles_units_terms_and_duplicates_are_named_and_nothing_is_saved(commune: Council, admin: Any) -> None:
    factories.UserFactory(username="mai.lt")
    rows = [
        SEVEN[0],
        ["Lê Thị Mai", "mai.lt", "Thường trực / thư ký", "", "", "", ""],
        ["Nguyễn Văn Nam", "nam.nv", "Giám đốc", "", "Hội Nông dân", "", ""],
        ["Phạm Thị Oanh", "Hung.TV", "Thành viên", "", "", "01/01/2027", "01/01/2026"],
        ["Đỗ Thị Quyên", "quyen.dt", "Thành viên", "", "", "32/01/2026", ""],
    ]
    body = upload(client_for(admin), commune, xlsx(rows)).content.decode()
    assert 'name="token"' not in body
    assert "Tên đăng nhập “mai.lt” đã có người dùng." in body
    assert "Vai trò: “Giám đốc” không phải một lựa chọn" in body
    assert "Đơn vị công tác: Hội đồng chưa có đơn vị “Hội Nông dân”" in body
    assert "Trùng Tên đăng nhập với dòng 2 trong tệp." in body
    assert "Đến ngày: Nhiệm kỳ phải kết thúc sau ngày bắt đầu." in body
    assert "Nhiệm kỳ từ ngày: Ngày “32/01/2026” không có thật." in body
    assert CouncilMembership.objects.filter(council=commune).count() == 1
    assert not User.objects.filter(username__in=["hung.tv", "nam.nv", "quyen.dt"]).exists()


def test_a_council_admin_importing_into_another_council_gets_a_404(commune: Council, admin: Any) -> None:
    other = factories.CouncilFactory(name="Hội đồng TĐKT xã khác")
    client = client_for(admin)
    for name in ("councils:member_import", "councils:member_import_template"):
        assert client.get(reverse(name, args=[other.pk])).status_code == 404
    assert upload(client, other, xlsx(SEVEN)).status_code == 404
    assert client.post(reverse("councils:member_import_confirm", args=[other.pk]), {"token": "x"}).status_code == 404
    assert not User.objects.filter(username="hung.tv").exists()
