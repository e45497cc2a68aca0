"""The dossier flow in a real browser: Debian's Chromium driven by Playwright.

A unit user uploads a file and submits; the secretariat returns the dossier
with a reason; the unit resubmits; the secretariat accepts.  Screenshots of
each step are written to SCREENSHOTS_DIR when it is set (docs/screenshots/).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import PDF_BYTES
from nominations.models import NominationStatus, TransitionAction
from tests.browsing import login as _login
from tests.browsing import shot as _shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_unit_submits_secretariat_returns_unit_resubmits_secretariat_accepts(
    live_server: Any, browser: Any, world: Any, make_dossier: Any, tmp_path: Path
) -> None:
    from nominations import services as ns

    nomination = make_dossier("draft")
    # the required review minutes are uploaded in the browser
    nomination.attachments.filter(kind="review_minutes").delete()
    ns.line_add(
        actor=nomination.created_by,
        nomination=nomination,
        award_type=world.gk,
        nominee=ns.NomineeData(kind="collective", collective_name="Chi hội Phụ nữ tiểu khu Trang Các"),
        achievement="Có thành tích xuất sắc trong phong trào “Toàn dân chung sức xây dựng nông thôn mới”",
    )
    minutes = tmp_path / "biên bản bình xét.pdf"
    minutes.write_bytes(PDF_BYTES)
    base = live_server.url
    page = browser.new_page()
    detail = f"{base}/dossiers/{nomination.pk}/"

    _login(page, base, "unit_a")
    assert page.locator("#inbox-count").inner_text() == "1"
    _shot(page, "01-unit-inbox")
    page.goto(detail)
    page.click("text=Tải tài liệu")
    page.select_option("#id_kind", "review_minutes")
    page.set_input_files("#id_file", str(minutes))
    page.click("#upload-submit")
    page.wait_for_url(detail)
    assert "biên bản bình xét.pdf" in page.content()
    _shot(page, "02-unit-dossier-with-file")
    page.click("#submit-dossier")
    page.wait_for_url(detail)
    assert page.locator("#dossier-status").inner_text() == "Đã gửi, chờ thẩm định"

    _login(page, base, "secretariat")
    assert "Đề nghị khen thưởng năm" in page.locator("main").inner_text()
    page.goto(detail)
    page.check("input[name=decision][value=return]")
    page.fill("#id_reason", "Biên bản bình xét thiếu chữ ký của chủ trì cuộc họp.")
    _shot(page, "03-secretariat-review")
    page.click("#review-submit")
    page.wait_for_url(detail)
    assert page.locator("#dossier-status").inner_text() == "Trả lại để bổ sung"

    _login(page, base, "unit_a")
    page.goto(detail)
    assert "Biên bản bình xét thiếu chữ ký của chủ trì cuộc họp." in page.content()
    _shot(page, "04-unit-sees-return-reason")
    page.click("#submit-dossier")
    page.wait_for_url(detail)
    assert page.locator("#dossier-status").inner_text() == "Đã gửi, chờ thẩm định"

    _login(page, base, "secretariat2")
    page.goto(detail)
    page.check("input[name=decision][value=accept]")
    page.click("#review-submit")
    page.wait_for_url(detail)
    assert page.locator("#dossier-status").inner_text() == "Đã thẩm định, đưa vào xét"
    _shot(page, "05-secretariat-accepted-history")
    page.set_viewport_size({"width": 390, "height": 844})
    _shot(page, "06-phone-dossier")

    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.ACCEPTED
    actions = list(nomination.transitions.values_list("action", "actor__username"))
    assert actions == [
        (TransitionAction.CREATED, "unit_a"),
        (TransitionAction.SUBMITTED, "unit_a"),
        (TransitionAction.RETURNED, "secretariat"),
        (TransitionAction.RESUBMITTED, "unit_a"),
        (TransitionAction.ACCEPTED, "secretariat2"),
    ]
