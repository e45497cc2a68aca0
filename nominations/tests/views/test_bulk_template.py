"""Bulk entry users can trust: a template per kind of nominee to download (the round's award
types as a drop-down, the example on the guide sheet), a preview of every row before anything is
saved, then "Nhập tất cả" all or nothing; and a birth year typed alone kept as a year."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import row_counts
from nominations import services as ns
from nominations.models import NominationLine, Person

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
INDIVIDUAL_HEADERS = ["Họ và tên", "Ngày sinh", "Giới tính", "Chức vụ", "Hình thức", "Thành tích"]
HOUSEHOLD_HEADERS = ["Chủ hộ", "Giới tính", "Địa chỉ", "Hình thức", "Thành tích"]
TOKEN = re.compile(r'name="token" value="([^"]+)"')


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def _messages(response: Any) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def unit_client(client: Any, world: Any) -> Any:
    client.force_login(world.unit_a_user)
    return client


def _template(client: Any, nomination: Any, kind: str) -> openpyxl.Workbook:
    response = client.get(reverse("nominations:line_template", args=[nomination.pk, kind]))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith("attachment;")
    return openpyxl.load_workbook(io.BytesIO(response.content))


def _upload(workbook: openpyxl.Workbook, name: str = "danh-sach.xlsx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX)


def _preview(client: Any, nomination: Any, upload: SimpleUploadedFile, kind: str = "individual") -> Any:
    return client.post(
        reverse("nominations:lines_bulk", args=[nomination.pk]),
        {"award_type": "", "nominee_kind": kind, "method": "regular", "spreadsheet": upload, "step": "preview"},
    )


def _award_choices(workbook: openpyxl.Workbook, column: str) -> list[str]:
    """The values the drop-down of ``column`` (a letter of the first sheet) offers."""
    sheet = workbook.worksheets[0]
    (validation,) = [v for v in sheet.data_validations.dataValidation if str(v.sqref).startswith(f"{column}2")]
    assert validation.type == "list"
    match = re.fullmatch(r"'(.+)'!\$A\$1:\$A\$(\d+)", validation.formula1)
    assert match, validation.formula1
    source = workbook[match.group(1)]
    assert source.sheet_state == "hidden"
    return [source.cell(row=row, column=1).value for row in range(1, int(match.group(2)) + 1)]


def test_the_template_round_trip_previews_then_imports_all(unit_client, world, make_dossier):
    nomination = make_dossier("draft")
    workbook = _template(unit_client, nomination, "individual")
    sheet = workbook.worksheets[0]
    assert [cell.value for cell in sheet[1]] == INDIVIDUAL_HEADERS
    assert sheet.freeze_panes == "A2"
    assert sheet.max_row == 1 or all(cell.value is None for row in sheet.iter_rows(min_row=2) for cell in row)
    assert sheet.column_dimensions["A"].width == 28
    # the round's award types an individual may get, LDTT and GK (not GDVH: households only)
    assert _award_choices(workbook, "E") == ["GK – Giấy khen", "LDTT – Lao động tiên tiến"]
    guide = workbook["Hướng dẫn"]
    guide_texts = [cell.value for row in guide.iter_rows() for cell in row if cell.value]
    assert "Nguyễn Văn An" in guide_texts  # the example is on the guide sheet, not on the one read

    sheet.append(["Trần Văn Bảy", "1970", "Nam", "Bảo vệ", "LDTT – Lao động tiên tiến", "Hoàn thành tốt nhiệm vụ"])
    sheet.append(["Phạm Thị Tám", "12/05/1988", "Nữ", "Giáo viên", "GK", "Có thành tích trong phong trào"])
    sheet.append(["Đỗ Văn Chín", "", "", "", "LDTT – Lao động tiên tiến", "Hoàn thành xuất sắc nhiệm vụ"])
    before = row_counts()

    response = _preview(unit_client, nomination, _upload(workbook))
    assert response.status_code == 200
    text = _text(response)
    assert "3 dòng sẽ được thêm vào hồ sơ. Chưa có gì được lưu" in text
    for number, name in ((2, "Trần Văn Bảy"), (3, "Phạm Thị Tám"), (4, "Đỗ Văn Chín")):
        row = re.search(rf'<tr id="bulk-row-{number}"[^>]*>(.*?)</tr>', text, re.S)
        assert row
        assert name in row.group(1)
    first = re.search(r'<tr id="bulk-row-2"[^>]*>(.*?)</tr>', text, re.S)
    assert first
    assert "1970" in first.group(1)
    assert "01/01/1970" not in first.group(1)
    assert "LDTT – Lao động tiên tiến" in first.group(1)
    assert 'id="bulk-confirm"' in text
    assert row_counts() == before
    assert nomination.lines.count() == 1

    token = TOKEN.search(text)
    assert token
    response = unit_client.post(
        reverse("nominations:lines_bulk", args=[nomination.pk]), {"token": token.group(1)}, follow=True
    )
    assert "Đã thêm 3 dòng đề nghị." in _messages(response)
    lines = list(nomination.lines.select_related("person", "award_type").order_by("position"))
    assert [(line.position, line.person.full_name, line.award_type.code) for line in lines[1:]] == [
        (2, "Trần Văn Bảy", "LDTT"),
        (3, "Phạm Thị Tám", "GK"),
        (4, "Đỗ Văn Chín", "LDTT"),
    ]
    bay = lines[1].person
    assert (bay.birth_date, bay.birth_year_only) == (dt.date(1970, 1, 1), True)
    assert (lines[2].person.birth_date, lines[2].person.birth_year_only) == (dt.date(1988, 5, 12), False)
    page = _text(response)
    assert "Trần Văn Bảy" in page
    assert " · 1970" in page
    assert "01/01/1970" not in page
    assert "12/05/1988" in page

    # the same confirm again (a double click): refused, nothing added twice
    again = unit_client.post(reverse("nominations:lines_bulk", args=[nomination.pk]), {"token": token.group(1)})
    assert again.status_code == 200
    assert "Danh sách dòng của hồ sơ đã thay đổi sau khi xem trước" in _text(again)
    assert nomination.lines.count() == 4


def test_the_untouched_template_imports_nothing(unit_client, world, make_dossier):
    nomination = make_dossier("draft")
    workbook = _template(unit_client, nomination, "individual")
    before = row_counts()
    response = _preview(unit_client, nomination, _upload(workbook))
    assert response.status_code == 200
    text = _text(response)
    assert "Danh sách không có dòng dữ liệu nào dưới dòng tiêu đề." in text
    assert 'id="bulk-confirm"' not in text
    assert row_counts() == before


def test_a_file_with_a_bad_row_shows_its_error_and_offers_no_import(unit_client, world, make_dossier):
    nomination = make_dossier("draft")
    workbook = _template(unit_client, nomination, "individual")
    sheet = workbook.worksheets[0]
    sheet.append(["Trần Văn Bảy", "1970", "Nam", "", "LDTT", "Hoàn thành tốt nhiệm vụ"])
    sheet.append(["Phạm Thị Tám", "31/02/1988", "Nữ", "", "LDTT", "Hoàn thành tốt nhiệm vụ"])
    sheet.append(["Đỗ Văn Chín", "", "", "", "GDVH", "Gương mẫu"])
    before = row_counts()
    response = _preview(unit_client, nomination, _upload(workbook))
    assert response.status_code == 200
    text = _text(response)
    assert "2 trên 3 dòng có lỗi; không dòng nào được lưu." in text
    bad = re.search(r'<tr id="bulk-row-3" class="returned">(.*?)</tr>', text, re.S)
    assert bad
    assert "ngày sinh “31/02/1988” không đúng dạng ngày/tháng/năm" in bad.group(1)
    wrong_kind = re.search(r'<tr id="bulk-row-4" class="returned">(.*?)</tr>', text, re.S)
    assert wrong_kind
    assert "“Gia đình văn hoá” không xét cho đối tượng “Cá nhân”" in wrong_kind.group(1)
    good = re.search(r'<tr id="bulk-row-2">(.*?)</tr>', text, re.S)
    assert good
    assert '<ul class="field-error">' not in good.group(1)
    assert 'id="bulk-confirm"' not in text
    assert not TOKEN.search(text)
    assert row_counts() == before


def test_a_forged_or_borrowed_token_is_refused(client, unit_client, world, make_dossier):
    nomination = make_dossier("draft")
    paste = "Họ và tên\tThành tích\nTrần Văn Bảy\tHoàn thành tốt nhiệm vụ"
    response = unit_client.post(
        reverse("nominations:lines_bulk", args=[nomination.pk]),
        {
            "award_type": world.ldtt.pk,
            "nominee_kind": "individual",
            "method": "regular",
            "text": paste,
            "step": "preview",
        },
    )
    token = TOKEN.search(_text(response))
    assert token
    before = row_counts()
    forged = token.group(1)[:-3] + ("AAA" if not token.group(1).endswith("AAA") else "BBB")
    refused = unit_client.post(reverse("nominations:lines_bulk", args=[nomination.pk]), {"token": forged})
    assert "Dữ liệu xác nhận không hợp lệ; hãy gửi lại danh sách." in _text(refused)
    # the same unit's other user may not replay it either: the token is this user's
    client.force_login(world.unit_a_user2)
    borrowed = client.post(reverse("nominations:lines_bulk", args=[nomination.pk]), {"token": token.group(1)})
    assert "Dữ liệu xác nhận không hợp lệ; hãy gửi lại danh sách." in _text(borrowed)
    assert row_counts() == before


def test_the_household_template_offers_household_awards_and_reads_rows_as_households(unit_client, world, make_dossier):
    nomination = make_dossier("draft")
    workbook = _template(unit_client, nomination, "household")
    sheet = workbook.worksheets[0]
    assert [cell.value for cell in sheet[1]] == HOUSEHOLD_HEADERS
    assert _award_choices(workbook, "D") == ["GDVH – Gia đình văn hoá", "GK – Giấy khen"]
    sheet.append(["Lê Thị Hoa", "Nữ", "Tiểu khu 1", "GDVH – Gia đình văn hoá", "Gương mẫu chấp hành chính sách"])
    # the page's "Đối tượng" left at "Cá nhân": the template's "Chủ hộ" column says households
    response = _preview(unit_client, nomination, _upload(workbook), kind="individual")
    text = _text(response)
    row = re.search(r'<tr id="bulk-row-2">(.*?)</tr>', text, re.S)
    assert row
    assert "Hộ gia đình" in row.group(1)
    token = TOKEN.search(text)
    assert token
    unit_client.post(reverse("nominations:lines_bulk", args=[nomination.pk]), {"token": token.group(1)})
    line = nomination.lines.select_related("household").get(position=2)
    assert (line.nominee_kind, line.household.head_name, line.household.head_gender) == (
        "household",
        "Lê Thị Hoa",
        "female",
    )


def test_the_collective_template_and_an_unknown_kind(unit_client, world, make_dossier):
    nomination = make_dossier("draft")
    workbook = _template(unit_client, nomination, "collective")
    assert [cell.value for cell in workbook.worksheets[0][1]] == ["Tên tập thể", "Hình thức", "Thành tích"]
    assert _award_choices(workbook, "B") == ["GK – Giấy khen"]
    assert unit_client.get(reverse("nominations:line_template", args=[nomination.pk, "robot"])).status_code == 404


def test_another_units_user_gets_404_for_the_template_and_the_preview(client, world, make_dossier):
    nomination = make_dossier("draft")
    paste = "Họ và tên\tThành tích\nKẻ Lạ\tHoàn thành tốt nhiệm vụ"
    for user in (world.unit_b_user, world.other_unit_user, world.secretariat):
        client.force_login(user)
        assert client.get(reverse("nominations:line_template", args=[nomination.pk, "individual"])).status_code == 404
        response = client.post(
            reverse("nominations:lines_bulk", args=[nomination.pk]),
            {
                "award_type": world.ldtt.pk,
                "nominee_kind": "individual",
                "method": "regular",
                "text": paste,
                "step": "preview",
            },
        )
        assert response.status_code == 404
    assert not Person.objects.filter(full_name="Kẻ Lạ").exists()


def test_the_preview_of_a_submitted_dossier_is_refused(unit_client, world, make_dossier):
    nomination = make_dossier("submitted")
    paste = "Họ và tên\tThành tích\nTrần Văn Bảy\tHoàn thành tốt nhiệm vụ"
    response = unit_client.post(
        reverse("nominations:lines_bulk", args=[nomination.pk]),
        {
            "award_type": world.ldtt.pk,
            "nominee_kind": "individual",
            "method": "regular",
            "text": paste,
            "step": "preview",
        },
    )
    assert response.status_code == 200
    assert "không sửa được" in _text(response)
    assert 'id="bulk-confirm"' not in _text(response)


# --- a birth year alone ---------------------------------------------------------------


def test_a_birth_year_matches_only_a_person_known_by_that_year(world, make_dossier):
    nomination = make_dossier("draft")
    rows = ns.read_table(
        text="Họ và tên\tNgày sinh\tThành tích\n"
        "Trần Văn Bảy\t1970\tHoàn thành tốt nhiệm vụ\n"
        "Phạm Thị Tám\t01/01/1970\tHoàn thành tốt nhiệm vụ"
    )
    ns.lines_bulk_add(actor=world.unit_a_user, nomination=nomination, rows=rows, default_award=world.ldtt)
    other = make_dossier("draft", unit=world.unit_a)
    rows = ns.read_table(
        text="Họ và tên\tNgày sinh\tThành tích\n"
        "Trần Văn Bảy\t1970\tHoàn thành tốt nhiệm vụ\n"
        "Trần Văn Bảy\t01/01/1970\tHoàn thành tốt nhiệm vụ\n"
        "Phạm Thị Tám\t1970\tHoàn thành tốt nhiệm vụ"
    )
    ns.lines_bulk_add(actor=world.unit_a_user, nomination=other, rows=rows, default_award=world.gk)
    people = {
        (p.full_name, p.birth_date, p.birth_year_only)
        for p in Person.objects.filter(full_name__in=["Trần Văn Bảy", "Phạm Thị Tám"])
    }
    assert people == {
        ("Trần Văn Bảy", dt.date(1970, 1, 1), True),
        ("Trần Văn Bảy", dt.date(1970, 1, 1), False),
        ("Phạm Thị Tám", dt.date(1970, 1, 1), False),
        ("Phạm Thị Tám", dt.date(1970, 1, 1), True),
    }
    # the year-only Trần Văn Bảy of the first dossier is the same person in the second
    first = NominationLine.objects.get(nomination=nomination, person__full_name="Trần Văn Bảy")
    again = NominationLine.objects.get(nomination=other, person__full_name="Trần Văn Bảy", person__birth_year_only=True)
    assert first.person_id == again.person_id


def test_a_year_typed_in_the_line_form_is_kept_as_a_year(unit_client, world, make_dossier):
    nomination = make_dossier("draft")
    data = {
        "award_type": world.ldtt.pk,
        "nominee_kind": "individual",
        "full_name": "Vũ Văn Mười",
        "birth_date": "1965",
        "gender": "male",
        "position": "",
        "achievement": "Hoàn thành tốt nhiệm vụ",
        "method": "regular",
        "subject_category": "",
    }
    response = unit_client.post(reverse("nominations:line_add", args=[nomination.pk]), data, follow=True)
    assert "Đã thêm dòng đề nghị." in _messages(response)
    person = Person.objects.get(full_name="Vũ Văn Mười")
    assert (person.birth_date, person.birth_year_only, person.birth_text) == (dt.date(1965, 1, 1), True, "1965")
    assert "01/01/1965" not in _text(response)
    line = nomination.lines.get(person=person)
    edit = unit_client.get(reverse("nominations:line_edit", args=[nomination.pk, line.pk]))
    assert 'value="1965"' in _text(edit)
