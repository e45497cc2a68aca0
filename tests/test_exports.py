"""Excel out of every list (issue 16): each export opened with openpyxl — its header row, as many
rows as the page finds with the same filters, the Vietnamese text as typed, dates as date cells —
and refused to whoever may not see the page.  Who may open each export is also in the role ×
URL matrix (tests/test_access_matrix.py); here the content is checked."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from common import exports
from decisions.models import Honour
from decisions.tests import long_session as ls
from nominations import models
from nominations import services as ns
from notifications import services as notice_services
from notifications.models import Delivery, DeliveryStatus, Notice

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _sheet(response: Any) -> tuple[list[str], list[list[Any]], Any]:
    """The header row and the data rows of the export's sheet (the row above the frozen pane is
    the header; the rows below it down to the filter's last row are the data)."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.content)).active
    frozen = sheet.freeze_panes
    assert frozen is not None, "the header row stays in view"
    assert frozen.startswith("A")
    header_row = int(frozen[1:]) - 1
    assert sheet.auto_filter.ref.startswith(f"A{header_row}:"), "Excel's filters sit on the header"
    last = int(sheet.auto_filter.ref.rsplit(":", 1)[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    rows = [list(row) for row in sheet.iter_rows(min_row=header_row + 1, max_row=last, values_only=True)]
    header = [cell for cell in next(sheet.iter_rows(min_row=header_row, max_row=header_row, values_only=True))]
    return header, rows, sheet


def _add_line(nomination: models.Nomination, name: str, award: models.AwardType, **nominee: Any) -> None:
    ns.line_add(
        actor=nomination.created_by,
        nomination=nomination,
        award_type=award,
        nominee=ns.NomineeData(kind="individual", full_name=name, **nominee),
        achievement="Hoàn thành xuất sắc nhiệm vụ năm 2026",
    )


def test_dossier_list_export_has_the_pages_rows_and_filters(world: Any, make_dossier: Any) -> None:
    make_dossier("draft")
    make_dossier("submitted")
    make_dossier("accepted")
    make_dossier("submitted", unit=world.unit_b)
    client = _client(world.unit_a_user)
    for query in ({}, {"status": "draft"}, {"status": "submitted"}):
        page = client.get(reverse("nominations:list"), query)
        expected = page.context["page"].paginator.count
        header, rows, _sheet_ = _sheet(client.get(reverse("nominations:list_xlsx"), query))
        assert header == ["Trích yếu", "Đơn vị", "Đợt", "Số dòng", "Trạng thái", "Ngày gửi"]
        assert len(rows) == expected
    # unit A sees its own three dossiers, never unit B's
    _header, rows, _ = _sheet(client.get(reverse("nominations:list_xlsx")))
    assert len(rows) == 3
    assert {row[1] for row in rows} == {"Tiểu khu Trang Các"}
    assert {row[3] for row in rows} == {1}
    _header, rows, _ = _sheet(client.get(reverse("nominations:list_xlsx"), {"status": "submitted"}))
    assert len(rows) == 1
    assert isinstance(rows[0][5], dt.datetime), "the day sent is a date cell, not a text"
    # the secretariat sees the council's sent dossiers, of both units
    _header, rows, _ = _sheet(_client(world.secretariat).get(reverse("nominations:list_xlsx")))
    assert sorted(row[1] for row in rows) == ["Tiểu khu Trang Các", "Tiểu khu Trang Các", "Trường Mầm non thị trấn"]
    # the other council's secretariat, nothing of this council
    _header, rows, _ = _sheet(_client(world.other_secretariat).get(reverse("nominations:list_xlsx")))
    assert rows == []


def test_dossier_lines_export_keeps_the_vietnamese_and_the_name_filter(world: Any, make_dossier: Any) -> None:
    nomination = make_dossier("draft")
    _add_line(nomination, "Nguyễn Thị Ánh", world.ldtt, birth_date=dt.date(1980, 3, 9), position="Giáo viên")
    # typed decomposed (NFD), as some keyboards send it: stored and exported composed (NFC)
    _add_line(nomination, unicodedata.normalize("NFD", "Trịnh Văn Đức"), world.gk)
    url = reverse("workflows:dossier_lines_xlsx", kwargs={"pk": nomination.pk})
    client = _client(world.unit_a_user)
    header, rows, _ = _sheet(client.get(url))
    assert header[:4] == ["TT", "Đối tượng", "Loại đối tượng", "Ngày sinh"]
    assert [row[1] for row in rows] == ["Lê Thị Hường", "Nguyễn Thị Ánh", "Trịnh Văn Đức"]
    assert all(unicodedata.is_normalized("NFC", row[1]) for row in rows)
    assert rows[1][3].date() == dt.date(1980, 3, 9)
    assert rows[1][4] == "Giáo viên"
    assert rows[2][6] == "Giấy khen"
    # the page's name search, without diacritics
    _header, rows, _ = _sheet(client.get(url, {"q": "trinh van duc"}))
    assert [row[1] for row in rows] == ["Trịnh Văn Đức"]
    # another unit's user and the other council's secretariat: not found, as the page
    assert _client(world.unit_b_user).get(url).status_code == 404
    assert _client(world.other_secretariat).get(url).status_code == 404


def test_session_results_export_after_the_close(world: Any) -> None:
    ls.award_rates(world)
    decision = ls.decided_session(world, 12)
    session = decision.session
    url = reverse("workflows:session_results_xlsx", kwargs={"pk": session.pk})
    header, rows, _ = _sheet(_client(world.secretariat).get(url))
    assert header[:6] == ["Hình thức", "TT", "Đối tượng", "Đơn vị", "Đồng ý", "Không đồng ý"]
    assert len(rows) == 12
    passed = [row for row in rows if row[11] == "Đạt"]
    failed = [row for row in rows if row[11] != "Đạt"]
    # every fifth agenda position got one vote in two (see long_session.closed_session)
    assert len(passed) == 10
    assert len(failed) == 2
    assert {(row[4], row[5]) for row in failed} == {(1, 1)}
    assert {row[10] for row in passed} == {1.0}
    assert {row[10] for row in failed} == {0.5}
    # the page's filter by award type: the odd lines are Lao động tiên tiến
    _header, rows, _ = _sheet(_client(world.chairman).get(url, {"award": world.ldtt.pk}))
    assert len(rows) == 6
    assert {row[0] for row in rows} == {"Lao động tiên tiến (LDTT)"}
    # a unit is no role of the session
    assert _client(world.unit_a_user).get(url).status_code in (403, 404)
    assert _client(world.other_secretariat).get(url).status_code == 404


def test_decision_list_lines_and_registry_exports(world: Any) -> None:
    decision = ls.registered_decision(world, 12, number=27, signed_on=dt.date(2026, 12, 1))
    secretariat = _client(world.secretariat)
    header, rows, sheet = _sheet(secretariat.get(reverse("decisions:decision_lines_xlsx", kwargs={"pk": decision.pk})))
    assert header == [
        "TT",
        "Họ và tên / tên tập thể",
        "Chức vụ, đơn vị",
        "Hình thức",
        "Thành tích",
        "Tiền thưởng (đồng)",
    ]
    assert [row[0] for row in rows] == list(range(1, 11))
    # 0.3 × 2,340,000 đồng, rounded as the decision rounds
    assert {row[5] for row in rows} == {702_000}
    totals_row = [cell.value for cell in sheet[sheet.max_row]]
    assert totals_row[1] == "Tổng cộng"
    assert totals_row[5] == 10 * 702_000
    assert "27/" in sheet["A1"].value, "the title names the decision's number"

    header, rows, _ = _sheet(secretariat.get(reverse("decisions:decision_list_xlsx")))
    assert header[0] == "Số"
    assert len(rows) == 1
    assert rows[0][3].date() == dt.date(2026, 12, 1)
    assert rows[0][4] == 10

    # unit A's own honours: the passed odd lines (1, 3, 7, 9, 11), none of unit B's
    unit_a = _client(world.unit_a_user)
    page = unit_a.get(reverse("decisions:registry_for_unit"))
    header, rows, _ = _sheet(unit_a.get(reverse("decisions:registry_for_unit_xlsx")))
    assert len(rows) == page.context["page"].paginator.count == 5
    assert {row[7] for row in rows} == {"Tiểu khu Trang Các"}
    assert {row[2] for row in rows} == {"Lao động tiên tiến"}
    assert secretariat.get(reverse("decisions:registry_for_unit_xlsx")).status_code == 404

    person = Honour.objects.filter(person__isnull=False).order_by("pk").first().person
    url = reverse("decisions:registry_holder_xlsx", kwargs={"kind": "person", "pk": person.pk})
    _header, rows, _ = _sheet(secretariat.get(url))
    assert len(rows) == 1
    assert rows[0][1] == person.full_name
    assert rows[0][4].startswith("27/")
    assert _client(world.other_secretariat).get(url).status_code == 404


def test_failed_deliveries_export_is_the_secretariats(world: Any) -> None:
    def failed(recipient: Any, council: Any, title: str) -> None:
        """A notice whose text cannot be rendered (no variables given): its email FAILED at once."""
        notice = notice_services.notice_emit(
            recipients=[recipient],
            event_key=f"export-{title}",
            verb="dossier_submitted",
            context={},
            council_id=council.pk,
        )[0]
        Notice.objects.filter(pk=notice.pk).update(title=title)
        assert Delivery.objects.get(notice=notice).status == DeliveryStatus.FAILED

    failed(world.unit_a_user, world.council, "Hồ sơ bị trả lại 0")
    failed(world.unit_b_user, world.council, "Hồ sơ bị trả lại 1")
    failed(world.other_unit_user, world.other_council, "Thôn Đông")
    header, rows, _ = _sheet(_client(world.secretariat).get(reverse("notifications:failed_xlsx")))
    assert header[:3] == ["Người nhận", "Địa chỉ thư", "Thông báo"]
    assert sorted(row[2] for row in rows) == ["Hồ sơ bị trả lại 0", "Hồ sơ bị trả lại 1"]
    assert all(row[7] for row in rows), "the last error is written"
    assert _client(world.unit_a_user).get(reverse("notifications:failed_xlsx")).status_code in (403, 404)


def test_a_list_longer_than_the_bound_is_refused_with_the_reason(
    world: Any, make_dossier: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_dossier("draft")
    make_dossier("draft")
    monkeypatch.setattr(exports, "EXPORT_MAX_ROWS", 1)
    client = _client(world.unit_a_user)
    response = client.get(reverse("nominations:list_xlsx"), {"status": "draft"})
    assert response.status_code == 302
    assert response["Location"] == reverse("nominations:list") + "?status=draft"
    page = client.get(response["Location"])
    assert "quá nhiều để tải một lần" in page.content.decode()


def test_the_export_link_carries_the_pages_filters(world: Any, make_dossier: Any) -> None:
    make_dossier("draft")
    page = _client(world.unit_a_user).get(reverse("nominations:list"), {"status": "draft", "page": "1"})
    assert f'href="{reverse("nominations:list_xlsx")}?status=draft&amp;page=1"' in page.content.decode()
