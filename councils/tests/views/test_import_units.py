"""The units import: template, upload and preview (nothing saved), confirm (all or nothing),
the password sheet shown once, and the bad inputs: rows, type by content, size, rows, tokens."""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from common import importer
from councils import import_views
from councils.models import Council, CouncilMembership, CouncilRole, Unit, UnitKind, UnitMembership, User
from tests import factories

pytestmark = pytest.mark.django_db

HEADER = ["Tên đơn vị", "Loại đơn vị", "Số cán bộ", "Số hộ", "Tên đăng nhập", "Họ và tên"]
FIVE_UNITS = [
    ["Tiểu khu 1", "Tiểu khu / thôn / tổ dân phố", 12, 290, "tk1", "Nguyễn Văn An"],
    ["Tiểu khu 2", "Tiểu khu / thôn / tổ dân phố", 10, 301, "tk2", "Lê Thị Bình"],
    ["Trường Mầm non", "Trường học", 35, None, "", ""],
    ["Trạm y tế", "Trạm y tế", 8, 0, "tyt", "Phạm Văn Cường"],
    ["Hội Phụ nữ", "Mặt trận, đoàn thể", "120", "", "", ""],
]


@dataclass
class Setup:
    province: Council
    commune: Council
    sibling: Council
    admin: Any
    sibling_admin: Any
    province_admin: Any


def _admin(council: Council, username: str) -> Any:
    user = factories.UserFactory(username=username)
    CouncilMembership.objects.create(council=council, user=user, role=CouncilRole.ADMIN)
    return user


@pytest.fixture
def setup() -> Setup:
    province = factories.CouncilFactory(name="Hội đồng TĐKT tỉnh", level="province")
    commune = factories.CouncilFactory(name="Hội đồng TĐKT xã Hà Phong", parent=province)
    sibling = factories.CouncilFactory(name="Hội đồng TĐKT xã Hà Long", parent=province)
    return Setup(
        province,
        commune,
        sibling,
        _admin(commune, "qt_haphong"),
        _admin(sibling, "qt_halong"),
        _admin(province, "qt_tinh"),
    )


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def xlsx(rows: list[list[Any]], header: list[str] = HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client: Client, council: Council, data: bytes, name: str = "don-vi.xlsx") -> Any:
    return client.post(reverse("councils:unit_import", args=[council.pk]), {"file": SimpleUploadedFile(name, data)})


def token_of(response: Any) -> str:
    match = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    assert match, "the preview carries no confirm token"
    return match.group(1)


def test_the_template_downloads_as_a_styled_xlsx(setup: Setup) -> None:
    response = client_for(setup.admin).get(reverse("councils:unit_import_template", args=[setup.commune.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == importer.XLSX_CONTENT_TYPE
    workbook = load_workbook(io.BytesIO(response.content))
    assert [cell.value.rstrip(" *") for cell in workbook.worksheets[0][1]] == HEADER
    assert workbook.worksheets[1].title == "Hướng dẫn"


def test_five_units_preview_then_confirm_with_the_password_sheet_shown_once(setup: Setup) -> None:
    client = client_for(setup.admin)
    page = client.get(reverse("councils:unit_import", args=[setup.commune.pk]))
    assert 'id="import-template"' in page.content.decode()
    assert 'id="import-upload"' in page.content.decode()
    preview = upload(client, setup.commune, xlsx(FIVE_UNITS))
    assert preview.status_code == 200
    body = preview.content.decode()
    assert 'id="import-confirm"' in body
    assert "Tiểu khu 2" in body
    assert not Unit.objects.filter(council=setup.commune).exists()  # a preview saves nothing
    assert not User.objects.filter(username="tk1").exists()

    token = token_of(preview)
    sheet = client.post(reverse("councils:unit_import_confirm", args=[setup.commune.pk]), {"token": token})
    assert sheet.status_code == 200
    assert "no-cache" in sheet["Cache-Control"] or "no-store" in sheet["Cache-Control"]
    units = {unit.name: unit for unit in Unit.objects.filter(council=setup.commune)}
    assert set(units) == {row[0] for row in FIVE_UNITS}
    assert units["Trường Mầm non"].kind == UnitKind.SCHOOL
    assert units["Trường Mầm non"].household_count == 0
    assert units["Hội Phụ nữ"].staff_count == 120
    body = sheet.content.decode()
    passwords = re.findall(r'class="mono sheet-password">([^<]+)<', body)
    assert len(passwords) == 3
    for username, password in zip(("tk1", "tk2", "tyt"), passwords, strict=True):
        user = User.objects.get(username=username)
        assert user.must_change_password
        assert user.check_password(password)
        assert UnitMembership.objects.filter(user=user, unit__council=setup.commune).exists()
    assert "Nguyễn Văn An" in body
    assert "Tiểu khu 1" in body
    # shown once: not in the session, nor in a message, nor on a later GET of the page
    for password in passwords:
        assert password not in str(dict(client.session))
        assert (
            password
            not in client.get(
                reverse("councils:unit_import_confirm", args=[setup.commune.pk]), follow=True
            ).content.decode()
        )
        assert password not in client.get(reverse("councils:unit_list", args=[setup.commune.pk])).content.decode()
    # the same token again finds its rows saved: refused, nothing doubled, no password
    again = client.post(reverse("councils:unit_import_confirm", args=[setup.commune.pk]), {"token": token})
    assert again.status_code == 400
    assert Unit.objects.filter(council=setup.commune).count() == 5
    assert "sheet-password" not in again.content.decode()


def test_bad_rows_are_named_and_nothing_is_saved(setup: Setup) -> None:
    rows = [
        *FIVE_UNITS[:2],
        ["", "Trường học", 3, 0, "", ""],
        ["Chi bộ 1", "Hợp tác xã", "nhiều", 0, "", ""],
        ["Chi bộ 2", "Chi bộ", 1, 0, "co dau cach", "Trần An"],
    ]
    client = client_for(setup.admin)
    preview = upload(client, setup.commune, xlsx(rows))
    body = preview.content.decode()
    assert preview.status_code == 200
    assert 'id="import-confirm"' not in body
    assert 'name="token"' not in body
    assert 'id="import-row-4"' in body
    assert "Tên đơn vị: Chưa nhập." in body
    assert "Loại đơn vị: “Hợp tác xã” không phải một lựa chọn" in body
    assert "Số cán bộ: “nhiều” không phải số nguyên không âm." in body
    assert "Tên đăng nhập chỉ gồm chữ, số" in body
    assert not Unit.objects.filter(council=setup.commune).exists()
    assert not User.objects.filter(username__in=["tk1", "tk2"]).exists()


def test_a_row_failing_at_save_rolls_back_every_row(setup: Setup) -> None:
    """A unit name taken between the preview and the confirm: nothing is saved."""
    client = client_for(setup.admin)
    token = token_of(upload(client, setup.commune, xlsx(FIVE_UNITS)))
    factories.UnitFactory(council=setup.commune, name="Trạm y tế")
    response = client.post(reverse("councils:unit_import_confirm", args=[setup.commune.pk]), {"token": token})
    assert response.status_code == 400
    assert "đã có trong hội đồng" in response.content.decode()
    assert list(Unit.objects.filter(council=setup.commune).values_list("name", flat=True)) == ["Trạm y tế"]
    assert not User.objects.filter(username__in=["tk1", "tk2", "tyt"]).exists()


def test_the_service_itself_saves_all_or_nothing(setup: Setup) -> None:
    from django.core.exceptions import ValidationError

    from common.importer import ParsedRow
    from councils import imports

    rows = [
        ParsedRow(
            2,
            {
                "name": "Tiểu khu 1",
                "kind": "quarter",
                "staff_count": 1,
                "household_count": 1,
                "username": "",
                "full_name": "",
            },
        ),
        ParsedRow(
            3,
            {
                "name": "Tiểu khu 1",
                "kind": "quarter",
                "staff_count": 1,
                "household_count": 1,
                "username": "",
                "full_name": "",
            },
        ),
    ]
    with pytest.raises(ValidationError, match="Dòng 3"):
        imports.units_import(actor=setup.admin, council=setup.commune, rows=rows)
    assert not Unit.objects.filter(council=setup.commune).exists()


def test_nfd_input_is_stored_nfc(setup: Setup) -> None:
    nfd_name = unicodedata.normalize("NFD", "Tiểu khu Trường Sơn")
    nfd_person = unicodedata.normalize("NFD", "Nguyễn Thị Hường")
    client = client_for(setup.admin)
    preview = upload(
        client, setup.commune, xlsx([[nfd_name, unicodedata.normalize("NFD", "Trường học"), 1, 1, "ts", nfd_person]])
    )
    client.post(reverse("councils:unit_import_confirm", args=[setup.commune.pk]), {"token": token_of(preview)})
    unit = Unit.objects.get(council=setup.commune)
    assert unit.name == unicodedata.normalize("NFC", nfd_name)
    assert unit.kind == UnitKind.SCHOOL
    user = User.objects.get(username="ts")
    assert user.get_full_name() == unicodedata.normalize("NFC", nfd_person)


def test_duplicates_in_the_file_and_against_existing_rows_are_flagged(setup: Setup) -> None:
    factories.UnitFactory(council=setup.commune, name="Tiểu khu 1")
    factories.UserFactory(username="tyt")
    rows = [FIVE_UNITS[0], FIVE_UNITS[1], ["tiểu khu 2", "Tiểu khu / thôn / tổ dân phố", 1, 1, "", ""], FIVE_UNITS[3]]
    body = upload(client_for(setup.admin), setup.commune, xlsx(rows)).content.decode()
    assert "Đơn vị “Tiểu khu 1” đã có trong hội đồng này." in body
    assert "Trùng Tên đơn vị với dòng 3 trong tệp." in body
    assert "Tên đăng nhập “tyt” đã có người dùng." in body
    assert body.count('<span class="badge">trùng</span>') == 3
    assert Unit.objects.filter(council=setup.commune).count() == 1


def test_a_username_taken_in_another_case_is_flagged_in_the_preview(setup: Setup) -> None:
    factories.UserFactory(username="TyT")
    body = upload(client_for(setup.admin), setup.commune, xlsx([FIVE_UNITS[3]])).content.decode()
    assert "Tên đăng nhập “tyt” đã có người dùng." in body
    assert 'id="import-ready"' not in body


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<<>>\n%%EOF\n",
        "Tên đơn vị,Loại đơn vị\nTiểu khu 1,Trường học\n".encode(),
    ],
    ids=["pdf", "text"],
)
def test_a_pdf_or_text_renamed_xlsx_is_refused_by_content(setup: Setup, content: bytes) -> None:
    response = upload(client_for(setup.admin), setup.commune, content, name="don-vi.xlsx")
    assert response.status_code == 400
    assert "không phải bảng tính Excel .xlsx" in response.content.decode()
    assert not Unit.objects.filter(council=setup.commune).exists()


def test_an_oversized_file_is_refused_with_the_limit_named(setup: Setup) -> None:
    data = xlsx(FIVE_UNITS) + b"\0" * importer.MAX_IMPORT_BYTES
    response = upload(client_for(setup.admin), setup.commune, data)
    assert response.status_code == 400
    assert "Tệp quá lớn" in response.content.decode()
    assert "tối đa 2 MB" in response.content.decode()


def test_a_hundred_thousand_rows_are_refused_with_the_limit_named(setup: Setup) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADER)
    for number in range(100_000):
        sheet.append([f"Tổ {number}", "Khác"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(client_for(setup.admin), setup.commune, buffer.getvalue())
    assert response.status_code == 400
    assert f"tối đa {importer.MAX_IMPORT_ROWS} dòng" in response.content.decode()


def test_a_missing_column_is_named(setup: Setup) -> None:
    response = upload(client_for(setup.admin), setup.commune, xlsx([["Tiểu khu 1"]], header=["Tên đơn vị", "Địa chỉ"]))
    body = response.content.decode()
    assert response.status_code == 400
    assert "Cột “Địa chỉ” không có trong mẫu." in body
    assert "Thiếu cột “Loại đơn vị”." in body


def test_a_tampered_token_is_refused(setup: Setup) -> None:
    client = client_for(setup.admin)
    token = token_of(upload(client, setup.commune, xlsx(FIVE_UNITS)))
    payload = signing.loads(token, salt=f"councils.import:don-vi:{setup.admin.pk}:{setup.commune.pk}")
    payload["rows"][0]["name"] = "Đơn vị giả"
    forged = signing.dumps(payload, salt="another salt", compress=True)
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    for bad in (tampered, forged, ""):
        response = client.post(reverse("councils:unit_import_confirm", args=[setup.commune.pk]), {"token": bad})
        assert response.status_code == 400
        assert "Dữ liệu xác nhận không hợp lệ" in response.content.decode()
    assert not Unit.objects.filter(council=setup.commune).exists()


def test_a_token_is_bound_to_its_user_and_council(setup: Setup) -> None:
    token = token_of(upload(client_for(setup.admin), setup.commune, xlsx(FIVE_UNITS)))
    # the province admin may set up the commune, but not with the commune admin's token
    response = client_for(setup.province_admin).post(
        reverse("councils:unit_import_confirm", args=[setup.commune.pk]), {"token": token}
    )
    assert response.status_code == 400
    assert not Unit.objects.exists()


def test_an_expired_token_is_refused(setup: Setup, monkeypatch: pytest.MonkeyPatch) -> None:
    client = client_for(setup.admin)
    token = token_of(upload(client, setup.commune, xlsx(FIVE_UNITS)))
    monkeypatch.setattr(import_views, "IMPORT_TOKEN_MAX_AGE", -1)
    response = client.post(reverse("councils:unit_import_confirm", args=[setup.commune.pk]), {"token": token})
    assert response.status_code == 400
    assert "hãy tải tệp lên lại" in response.content.decode()
    assert not Unit.objects.filter(council=setup.commune).exists()


@pytest.mark.parametrize(
    "name", ["councils:unit_import", "councils:unit_import_template", "councils:unit_import_confirm"]
)
def test_another_councils_import_pages_are_a_404(setup: Setup, name: str) -> None:
    client = client_for(setup.admin)
    url = reverse(name, args=[setup.sibling.pk])
    assert client.get(url).status_code == 404
    posted = client.post(url, {"file": SimpleUploadedFile("a.xlsx", xlsx(FIVE_UNITS)), "token": "x"})
    assert posted.status_code == (405 if name.endswith("_template") else 404)  # the template is GET only
    assert not Unit.objects.exists()


def test_the_parent_admin_imports_units_but_no_unit_accounts(setup: Setup) -> None:
    client = client_for(setup.province_admin)
    body = upload(client, setup.commune, xlsx(FIVE_UNITS)).content.decode()
    assert "Chỉ thường trực hoặc quản trị của chính hội đồng mới tạo tài khoản đơn vị." in body
    preview = upload(client, setup.commune, xlsx([[*row[:4], "", ""] for row in FIVE_UNITS]))
    sheet = client.post(reverse("councils:unit_import_confirm", args=[setup.commune.pk]), {"token": token_of(preview)})
    assert sheet.status_code == 200
    assert Unit.objects.filter(council=setup.commune).count() == 5
