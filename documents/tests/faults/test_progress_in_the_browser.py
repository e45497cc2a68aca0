"""The secretariat watches a decision's 300 certificates being made by a real
worker in Chromium: the bar moves without a reload, the page reloads itself
when all are done, "In tất cả Giấy khen" gives one PDF of 300 pages, and the
QR code's page is public.  Screenshots go to SCREENSHOTS_DIR when it is set."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

from documents.models import Certificate
from documents.tests.faults.conftest import Stack
from documents.tests.registered import draft_decision, many_people, page_sizes_mm, register
from tests.browsing import login as _login
from tests.browsing import shot

pytestmark = [pytest.mark.redis, pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COUNT = 300


def _done_between(low: int, high: int) -> str:
    return (
        "() => { const el = document.getElementById('documents-done');"
        f" const n = el ? parseInt(el.textContent, 10) : -1; return n > {low} && n < {high}; }}"
    )


def test_the_secretariat_watches_the_certificates_being_made_and_prints_them(
    live_server: Any, browser: Any, world: Any, media: Any, stack: Stack, settings: Any, tmp_path: Path
) -> None:
    settings.DOCUMENTS_CHUNK_SIZE = 10
    decision = draft_decision(world, many_people(COUNT))
    with transaction.atomic():
        register(world, decision)  # 302 documents queued on the private Redis; no worker yet
    base = live_server.url
    page = browser.new_page()
    _login(page, base, "secretariat")
    page.goto(f"{base}/decisions/{decision.pk}/")
    page.click("#decision-documents")
    assert page.locator("#documents-done").inner_text() == "0"
    assert page.locator("#documents-total").inner_text() == str(COUNT + 2)

    # chunks of 10 at 3 a second: the bar moves for about 10 s instead of a fraction of one
    stack.worker(
        "-c", "1", MEDIA_ROOT=str(media.root), DJANGO_SETTINGS_MODULE="documents.tests.faults.paced_worker_settings"
    )
    # the page asks for the progress and moves its bar, without reloading
    page.wait_for_function(_done_between(40, COUNT - 40), timeout=90_000)
    assert page.locator("#regenerate").is_visible()
    shot(page, "20-secretariat-documents-progress", full_page=False)
    # once all are made the page reloads itself with every row done
    page.wait_for_function(
        "() => document.querySelectorAll('#certificate-documents tr[data-status=done]').length === 100",
        timeout=90_000,
    )
    assert page.locator("#documents-done").inner_text() == str(COUNT + 2)

    page.click("#print-all")
    page.wait_for_selector("#print-download-link", state="visible", timeout=90_000)
    assert page.locator("#print-count").inner_text() == f"{COUNT}/{COUNT}"
    with page.expect_download() as download:
        page.click("#print-download-link")
    assert download.value.suggested_filename == "Giấy khen in – QĐ 15-QĐ-UBND.pdf"
    saved = tmp_path / "print.pdf"
    download.value.save_as(saved)
    assert page_sizes_mm(saved.read_bytes()) == [(297, 210)] * COUNT

    certificate = Certificate.objects.select_related("decision_line__line__person").get(number=2)
    page.context.clear_cookies()
    page.goto(f"{base}/verify/{certificate.token}")
    person = certificate.decision_line.line.person
    assert page.locator("#awardee").inner_text() == f"{'Bà' if person.gender == 'female' else 'Ông'} {person.full_name}"
    assert page.locator("#decision-number").inner_text() == "15/QĐ-UBND"
    assert page.locator("#revoked").count() == 0
    page.set_viewport_size({"width": 390, "height": 700})
    shot(page, "21-public-verify-phone", full_page=False)
