"""A council that runs itself, followed in a real browser (issue 12), with no Django admin page.

The province's admin creates a commune council and its first admin, and reads the temporary
password off the printed sheet.  That admin (not a superuser) logs in, must change the temporary
password, and follows the guided start: the council's profile, 5 units and 7 members imported
from the Excel template (previewed first; the accounts' temporary passwords on a printable
sheet), the default commune award types, a legal basis of the council's own, and a round opened
by copying last year's.  A unit of that commune then logs in with the password from the sheet,
chooses its own, and submits a dossier into the round.  Every request the browser makes is
checked: none goes under /admin/.  The audit log holds every change made on the way, and it
refuses an UPDATE of its rows.  Screenshots go to SCREENSHOTS_DIR when it is set
(docs/screenshots/, 40-… to 51-…)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from conftest import pdf_bytes
from tests.browsing import second_step, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROVINCE_ADMIN = "quantri_tinh_test"
PROVINCE_PASSWORD = "Tinh-Thanh-Hoa-2026!"
COMMUNE_ADMIN = "quantri_haphu"
COMMUNE_PASSWORD = "Xa-Ha-Phu-Moi-2026!"
UNIT_PASSWORD = "Thon-Dong-Moi-2026!"
COMMUNE = "Hội đồng Thi đua – Khen thưởng xã Hà Phú"
UNITS = [
    ("Thôn Đông Phú", "Tiểu khu / thôn / tổ dân phố", 12, 210, "thon_dongphu", "Lê Văn Đông"),
    ("Thôn Tây Phú", "Tiểu khu / thôn / tổ dân phố", 11, 190, "thon_tayphu", "Phạm Thị Tây"),
    ("Trường Tiểu học xã Hà Phú", "Trường học", 35, 0, "th_haphu", "Nguyễn Thị Hoa"),
    ("Trạm Y tế xã Hà Phú", "Trạm y tế", 8, 0, "tyt_haphu", "Đỗ Văn Y"),
    ("Hội Liên hiệp Phụ nữ xã Hà Phú", "Mặt trận, đoàn thể", 640, 0, "phunu_haphu", "Mai Thị Lan"),
]
MEMBERS = [
    ("Trịnh Văn Phú", "ct_haphu", "Chủ tịch hội đồng", "Chủ tịch UBND xã, Chủ tịch Hội đồng"),
    ("Lê Thị Thư", "tk_haphu", "Thường trực / thư ký", "Công chức Văn hoá – Xã hội"),
    ("Hoàng Văn Một", "uv1_haphu", "Thành viên hội đồng", "Chủ tịch Ủy ban MTTQ xã"),
    ("Mai Thị Hai", "uv2_haphu", "Thành viên hội đồng", "Chủ tịch Hội Liên hiệp Phụ nữ xã"),
    ("Lê Văn Ba", "uv3_haphu", "Thành viên hội đồng", "Bí thư Đoàn Thanh niên xã"),
    ("Nguyễn Văn Bốn", "uv4_haphu", "Thành viên hội đồng", "Trưởng Công an xã"),
    ("Đỗ Thị Năm", "uv5_haphu", "Thành viên hội đồng", "Chủ tịch Hội Nông dân xã"),
]
OWN_BASIS = "Căn cứ Quy chế Thi đua, khen thưởng của Ủy ban nhân dân xã Hà Phú ban hành ngày 15 tháng 8 năm 2025;"
DOSSIER_TITLE = "Đề nghị công nhận danh hiệu thi đua năm 2026 – Thôn Đông Phú"


def _log_in(page: Any, base: str, username: str, password: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("button[type=submit]")
    second_step(page, username)


def _change_temporary_password(page: Any, old: str, new: str) -> None:
    assert page.locator("#temporary-password-notice").is_visible()
    page.fill("#id_old_password", old)
    page.fill("#id_new_password1", new)
    page.fill("#id_new_password2", new)
    with page.expect_navigation():
        page.click("button.primary")
    assert page.locator("h1").inner_text().strip() == "Đã đổi mật khẩu"


@pytest.fixture
def province() -> Any:
    from councils.models import CouncilLevel, CouncilMembership, CouncilRole
    from tests import factories

    council = factories.CouncilFactory(
        name="Hội đồng Thi đua – Khen thưởng tỉnh Thanh Hoá",
        level=CouncilLevel.PROVINCE,
        locality="tỉnh Thanh Hoá",
        place_name="Thanh Hoá",
        issuing_body="Ủy ban nhân dân tỉnh Thanh Hoá",
        parent=None,
    )
    admin = factories.UserFactory(username=PROVINCE_ADMIN, is_superuser=False, is_staff=False)
    admin.set_password(PROVINCE_PASSWORD)
    admin.save()
    CouncilMembership.objects.create(council=council, user=admin, role=CouncilRole.ADMIN)
    return council


def test_a_province_creates_a_commune_that_then_runs_itself(
    live_server: Any, browser: Any, province: Any, tmp_path: Path
) -> None:
    base = live_server.url
    page = browser.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    # --- The province's admin creates the commune and its first admin ---------------------
    _log_in(page, base, PROVINCE_ADMIN, PROVINCE_PASSWORD)
    page.click("#nav-setup")
    page.click(f"#setup-council-{province.pk} >> text=Hội đồng cấp dưới")
    page.click("#child-create")
    page.fill("#id_name", COMMUNE)
    page.fill("#id_locality", "xã Hà Phú")
    page.fill("#id_place_name", "Hà Phú")
    page.fill("#id_issuing_body", "Ủy ban nhân dân xã Hà Phú")
    assert page.locator("#id_level").input_value() == "commune"  # no district tier since 1 July 2025
    page.fill("#id_admin_username", COMMUNE_ADMIN)
    page.fill("#id_admin_full_name", "Vũ Thị Quản")
    shot(page, "40-province-creates-commune")
    with page.expect_navigation():
        page.click("button.primary")
    temporary = page.locator("#sheet-password").inner_text().strip()
    assert page.locator("#sheet-username").inner_text().strip() == COMMUNE_ADMIN
    shot(page, "41-commune-admin-account-sheet")

    # --- The commune's admin: first login, a password of its own ---------------------------
    _log_in(page, base, COMMUNE_ADMIN, temporary)
    _change_temporary_password(page, temporary, COMMUNE_PASSWORD)
    shot(page, "42-commune-admin-changed-password")

    from councils.models import Council

    commune = Council.objects.get(name=COMMUNE)
    assert commune.parent_id == province.pk

    _guided_start(page, base, commune, tmp_path)
    unit_temporary = _PASSWORDS[UNITS[0][4]]

    # --- A unit of the commune submits a dossier into the round --------------------------
    _log_in(page, base, UNITS[0][4], unit_temporary)
    _change_temporary_password(page, unit_temporary, UNIT_PASSWORD)
    _unit_submits(page, base, tmp_path)

    assert requested, "the browser made no request"
    assert not [url for url in requested if "/admin/" in url], "a Django admin page was opened"
    _audited(commune)


_PASSWORDS: dict[str, str] = {}


def _start_page(page: Any, base: str, commune: Any) -> None:
    page.goto(f"{base}/setup/{commune.pk}/start/")
    assert page.locator("h1").inner_text().strip() == "Bắt đầu thiết lập hội đồng"


def _done(page: Any, step: str) -> bool:
    return page.locator(f"#step-{step}").get_attribute("data-done") == "yes"


def _import(
    page: Any, link: str, rows: list[tuple[Any, ...]], tmp_path: Path, name: str, shots: tuple[str, str]
) -> list[tuple[str, str]]:
    """Download the template from the import page, fill ``rows`` in place of its example, upload it,
    read the preview, confirm, and return the (username, temporary password) pairs of the sheet."""
    import openpyxl

    page.click(link)
    with page.expect_download() as download:
        page.click("#import-template")
    template = tmp_path / f"{name}-mau.xlsx"
    download.value.save_as(str(template))
    book = openpyxl.load_workbook(template)
    sheet = book.worksheets[0]
    assert sheet.cell(row=1, column=1).value
    for row_index in range(2, sheet.max_row + 1):
        for column in range(1, sheet.max_column + 1):
            sheet.cell(row=row_index, column=column).value = None  # cell(value=None) keeps the old value
    for row_index, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            sheet.cell(row=row_index, column=column).value = value
    filled = tmp_path / f"{name}.xlsx"
    book.save(filled)

    page.set_input_files("#import-file", str(filled))
    with page.expect_navigation():
        page.click("#import-upload")
    assert page.locator("#import-ready").is_visible(), page.locator("main").inner_text()
    assert page.locator("#import-row-errors").count() == 0
    preview = page.locator("#import-preview").inner_text()
    for row in rows:
        assert str(row[0]) in preview
    shot(page, shots[0])
    with page.expect_navigation():
        page.click("#import-confirm")
    assert page.locator("#import-saved").is_visible()
    usernames = page.locator("#password-sheet-accounts .sheet-username").all_inner_texts()
    passwords = page.locator("#password-sheet-accounts .sheet-password").all_inner_texts()
    shot(page, shots[1])
    return list(zip([u.strip() for u in usernames], [p.strip() for p in passwords], strict=True))


def _guided_start(page: Any, base: str, commune: Any, tmp_path: Path) -> None:
    # the done page of the password change leads a new admin to the guided start
    with page.expect_navigation():
        page.click("text=Về trang chính")
    assert page.locator("h1").inner_text().strip() == "Bắt đầu thiết lập hội đồng"
    # the stylesheet is served (the cards are styled): what a phone sees below is the real layout
    assert page.evaluate("() => getComputedStyle(document.querySelector('.card')).borderTopLeftRadius") == "8px"
    assert not _done(page, "units")
    assert not _done(page, "round")
    shot(page, "43-guided-start-empty")

    # 1. the profile: the "Nơi nhận" list and a signer
    page.click("#start-profile")
    page.fill("#id_decision_recipients", "- Như Điều 3;\n- Ủy ban nhân dân tỉnh (để b/c);\n- Lưu: VT.")
    with page.expect_navigation():
        page.click("#profile button.primary")
    page.click("#signer-create")
    page.fill("#id_full_name", "Trịnh Văn Phú")
    page.check("input[name=capacity][value=chairman]")
    with page.expect_navigation():
        page.click("main button.primary")
    _start_page(page, base, commune)
    assert _done(page, "profile")

    # 2. five units, with an account each
    unit_rows = [
        (name, kind, staff, households, username, holder) for name, kind, staff, households, username, holder in UNITS
    ]
    made = _import(
        page,
        "#start-units-import",
        unit_rows,
        tmp_path,
        "don-vi",
        ("44-units-import-preview", "45-units-password-sheet"),
    )
    assert sorted(username for username, _password in made) == sorted(row[4] for row in UNITS)
    _PASSWORDS.update(made)
    _start_page(page, base, commune)
    assert _done(page, "units")

    # 3. seven members (the chairman, the secretariat, five members)
    member_rows = [
        (
            name,
            username,
            role,
            position,
            "Hội Liên hiệp Phụ nữ xã Hà Phú" if username == "uv2_haphu" else None,
            dt.date(2026, 1, 1),
            dt.date(2030, 12, 31),
        )
        for name, username, role, position in MEMBERS
    ]
    made = _import(
        page,
        "#start-members-import",
        member_rows,
        tmp_path,
        "thanh-vien",
        ("46-members-import-preview", "47-members-password-sheet"),
    )
    assert sorted(username for username, _password in made) == sorted(row[1] for row in MEMBERS)
    _start_page(page, base, commune)
    assert _done(page, "members")

    # 4. the commune-level award types of the defaults
    with page.expect_navigation():
        page.click("#start-award-defaults")
    assert _done(page, "awards")

    # 5. a legal basis of the council's own
    page.click("#start-legal-bases")
    page.click("#legal-basis-create")
    page.fill("#id_family", "quy-che-thi-dua-ha-phu")
    page.fill("#id_text", OWN_BASIS)
    page.fill("#id_valid_from", "2025-08-15")
    with page.expect_navigation():
        page.click("main button.primary")
    assert OWN_BASIS in page.locator("#own-bases").inner_text()
    shot(page, "48-legal-bases")
    _start_page(page, base, commune)
    assert _done(page, "legal")

    # 6. last year's round, then this year's by copying it, opened
    page.click("#start-round-create")
    page.fill("#id_name", "Xét khen thưởng tổng kết năm 2025")
    page.fill("#id_year", "2025")
    page.fill("#id_opens_at", "2025-11-01T07:00")
    page.fill("#id_closes_at", "2025-12-10T17:00")
    for award in ("Lao động tiên tiến", "Gia đình văn hoá"):
        page.check(f"label:has-text('{award}') >> input")
    with page.expect_navigation():
        page.click("main button.primary")
    _start_page(page, base, commune)
    page.click("#start-round-list")
    page.click("tr:has-text('năm 2025') >> text=Sao chép sang năm sau")
    shot(page, "49-round-copy")
    with page.expect_navigation():
        page.click("main button.primary")
    page.goto(f"{base}/setup/rounds/")
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.click("tr:has-text('năm 2026') >> text=Mở đợt")
    assert "Đang nhận hồ sơ" in page.locator("tr:has-text('năm 2026')").inner_text()
    _start_page(page, base, commune)
    assert all(_done(page, step) for step in ("profile", "units", "members", "awards", "legal", "round"))
    shot(page, "50-guided-start-done")

    # the same pages on a phone: nothing scrolls sideways
    page.set_viewport_size({"width": 390, "height": 844})
    for path in (
        f"/setup/{commune.pk}/start/",
        f"/setup/{commune.pk}/profile/",
        f"/setup/{commune.pk}/units/",
        f"/setup/{commune.pk}/members/",
        f"/setup/{commune.pk}/legal-bases/",
        f"/setup/{commune.pk}/step-deadlines/",
        "/setup/award-types/",
        "/setup/rounds/",
    ):
        page.goto(f"{base}{path}")
        widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1] + 1, f"{path} scrolls sideways on a phone: {widths}"
    shot(page, "50b-rounds-phone")
    page.set_viewport_size({"width": 1280, "height": 900})


def _unit_submits(page: Any, base: str, tmp_path: Path) -> None:
    page.goto(f"{base}/dossiers/new/")
    page.fill("#id_title", DOSSIER_TITLE)
    with page.expect_navigation():
        page.click("main button.primary")
    detail = page.url
    page.click("text=Thêm dòng")
    page.select_option("#id_award_type", label="Lao động tiên tiến (LDTT)")
    page.select_option("#id_nominee_kind", "individual")
    page.fill("#id_full_name", "Lê Văn Đông")
    page.fill("#id_position", "Trưởng thôn")
    page.fill("#id_achievement", "Hoàn thành tốt nhiệm vụ được giao năm 2026")
    with page.expect_navigation():
        page.click("#line-form button.primary")
    from nominations.models import Nomination

    nomination = Nomination.objects.get(title=DOSSIER_TITLE)
    for kind in ("cover_letter", "achievement_report", "review_minutes"):
        path = tmp_path / f"{kind}.pdf"
        path.write_bytes(pdf_bytes())  # three files: the dossier refuses one content twice
        page.goto(f"{base}/dossiers/{nomination.pk}/files/add/")
        page.select_option("#id_kind", kind)
        page.set_input_files("#id_file", str(path))
        with page.expect_navigation():
            page.click("#upload-submit")
    page.goto(detail)
    with page.expect_navigation():
        page.click("#submit-dossier")
    assert page.locator("#dossier-status").inner_text() == "Đã gửi, chờ thẩm định"
    shot(page, "51-unit-submitted-into-the-round")
    nomination.refresh_from_db()
    assert nomination.round.year == 2026
    assert nomination.round.council.name == COMMUNE
    assert nomination.unit_name == UNITS[0][0]


def _audited(commune: Any) -> None:
    """Every change made above is in the audit log, by its author; a log row cannot be changed."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    from councils import audit
    from councils.models import Council, CouncilMembership, CouncilSigner, Unit, User
    from decisions.models import LegalBasis
    from nominations.models import AwardRate, AwardType, Round

    def logged(objects: Any, *, by: str) -> None:
        objects = list(objects)
        assert objects
        content_type = ContentType.objects.get_for_model(objects[0])
        for obj in objects:
            entries = LogEntry.objects.filter(content_type=content_type, object_pk=str(obj.pk))
            assert entries.filter(actor__username=by).exists(), f"no audit row by {by} for {obj!r}"

    logged([Council.objects.get(pk=commune.pk)], by=PROVINCE_ADMIN)
    logged(Unit.objects.filter(council=commune), by=COMMUNE_ADMIN)
    logged(CouncilMembership.objects.filter(council=commune).exclude(user__username=COMMUNE_ADMIN), by=COMMUNE_ADMIN)
    logged(CouncilSigner.objects.filter(council=commune), by=COMMUNE_ADMIN)
    logged(AwardType.objects.filter(council=commune), by=COMMUNE_ADMIN)
    logged(AwardRate.objects.filter(award_type__council=commune), by=COMMUNE_ADMIN)
    logged(LegalBasis.objects.filter(council=commune), by=COMMUNE_ADMIN)
    logged(Round.objects.filter(council=commune), by=COMMUNE_ADMIN)
    logged(User.objects.filter(username__in=[row[4] for row in UNITS]), by=COMMUNE_ADMIN)
    assert LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Council),
        object_pk=str(commune.pk),
        actor__username=COMMUNE_ADMIN,
    ).exists()  # the profile's "Nơi nhận"

    entry = LogEntry.objects.filter(actor__username=COMMUNE_ADMIN).latest("pk")
    assert audit.triggers_installed(connection)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).update(changes_text="sửa lịch sử")
