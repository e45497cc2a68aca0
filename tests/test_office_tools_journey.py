"""The council's office tools in a real browser (issue 16): a unit downloads the bulk entry
template, fills it as Excel would, uploads it, reads the preview (nothing saved yet) and imports
every row; a year-only birth date shows as the year; it downloads its dossier list as Excel; the
secretariat opens the round dashboard; anyone looks up an award by a name typed without
diacritics.  Screenshots go to SCREENSHOTS_DIR when it is set (docs/screenshots/, 60-… to 65-…)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from decisions.tests import long_session as ls
from tests.browsing import login, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
ROWS = [
    ("Hoàng Văn Thắng", "1970", "Nam", "LDTT", "Hoàn thành xuất sắc nhiệm vụ năm 2026"),
    ("Nguyễn Thị Thu Hà", "12/05/1985", "Nữ", "LDTT", "Dẫn đầu phong trào thi đua của tiểu khu"),
]


def _fill(template: Path, target: Path) -> None:
    """The template filled as a user fills it in Excel: the rows under the header of its first sheet."""
    workbook = load_workbook(template)
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    columns = {title: index for index, title in enumerate(header, start=1) if title}
    for offset, (name, birth, gender, award, achievement) in enumerate(ROWS, start=2):
        values = {"Họ và tên": name, "Ngày sinh": birth, "Giới tính": gender, "Thành tích": achievement}
        for title, index in columns.items():
            if title in values:
                sheet.cell(row=offset, column=index, value=values[title])
            elif str(title).startswith("Hình thức"):
                sheet.cell(row=offset, column=index, value=award)
    workbook.save(target)


def test_unit_template_preview_import_excel_dashboard_and_public_lookup(
    live_server: Any, chromium: Any, world: Any, make_dossier: Any, media: Any, tmp_path: Path
) -> None:
    base = live_server.url
    ls.registered_decision(world, 4, number=52, signed_on=dt.date(2026, 11, 20))
    dossier = make_dossier("draft")
    lines_before = dossier.lines.count()

    page = chromium.new_context(locale="vi-VN", viewport=DESKTOP, accept_downloads=True).new_page()
    login(page, base, "unit_a")
    page.goto(f"{base}{reverse('nominations:lines_bulk', kwargs={'pk': dossier.pk})}")
    with page.expect_download() as downloading:
        page.click("#bulk-templates a.btn >> nth=0")
    template = tmp_path / "mau.xlsx"
    downloading.value.save_as(template)
    assert downloading.value.suggested_filename.endswith(".xlsx")
    filled = tmp_path / "danh-sach.xlsx"
    _fill(template, filled)
    page.set_input_files("#id_spreadsheet", str(filled))
    with page.expect_navigation():
        page.click("#bulk-preview-submit")
    assert page.locator("#bulk-ready").count() == 1, page.locator("main").inner_text()[:800]
    preview = page.locator("#bulk-preview").inner_text()
    assert "Hoàng Văn Thắng" in preview
    assert "1970" in preview
    assert "01/01/1970" not in preview
    assert dossier.lines.count() == lines_before, "the preview saves nothing"
    shot(page, "60-unit-bulk-preview")
    with page.expect_navigation():
        page.click("#bulk-confirm")
    assert dossier.lines.count() == lines_before + len(ROWS)
    lines = page.locator("#lines").inner_text()
    assert "Hoàng Văn Thắng" in lines
    assert "Nguyễn Thị Thu Hà" in lines
    shot(page, "61-unit-dossier-after-import")

    # the dossier list as Excel, with the page's filter
    page.goto(f"{base}{reverse('nominations:list')}?status=draft")
    with page.expect_download() as downloading:
        page.click("#export-xlsx")
    exported = tmp_path / "ho-so.xlsx"
    downloading.value.save_as(exported)
    sheet = load_workbook(io.BytesIO(exported.read_bytes())).active
    titles = [row[0] for row in sheet.iter_rows(min_row=4, values_only=True) if row[0]]
    assert titles == [dossier.title]
    shot(page, "62-unit-dossier-list-excel")

    # the secretariat's picture of the round
    office = chromium.new_context(locale="vi-VN", viewport=DESKTOP).new_page()
    login(office, base, "secretariat")
    office.goto(f"{base}{reverse('workflows:round_dashboard', kwargs={'pk': world.round.pk})}")
    assert "Trường Mầm non thị trấn" in office.locator("main").inner_text()
    assert office.locator("main svg").count() >= 1
    shot(office, "63-secretariat-round-dashboard")
    # the year-end figures, each table with its chart
    office.goto(f"{base}{reverse('documents:yearend')}")
    assert office.locator("#chart-unit svg").count() == 1
    shot(office, "65-secretariat-yearend-charts")

    # anyone, on a phone, without diacritics
    public = chromium.new_context(locale="vi-VN", viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    public.goto(f"{base}{reverse('decisions:public_lookup')}")
    public.fill("#id_q", "Tran Van Binh So0001")
    with public.expect_navigation():
        public.click("#lookup-form button[type=submit]")
    results = public.locator("#lookup-results").inner_text()
    assert ls.nominee(1) in results
    assert "52/" in results
    assert "1970" not in results
    shot(public, "64-public-lookup-phone")
