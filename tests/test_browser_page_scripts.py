"""The pages' small scripts, moved out of the templates into static/js/ for the
Content-Security-Policy, still work (and the shared fixture fails the test on any violation):
the language switch, the print buttons, the person search of the line form and "everyone
present" on the session page.  The ballot's "agree to all" and the no-vote search are driven by
tests/test_decision_journey.py, the documents' progress by documents/tests/faults/."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from tests.browsing import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# window.print() would open the print dialog; count the calls instead.
COUNT_PRINTS = "window.__prints = 0; window.print = function () { window.__prints += 1; };"


def test_the_language_switch_submits_on_change(live_server: Any, browser: Any, world: Any) -> None:
    page = browser.new_page()
    login(page, live_server.url, "unit_a")
    assert page.locator("html").get_attribute("lang") == "vi"
    with page.expect_navigation():
        page.select_option("select[name=language]", "en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.url == f"{live_server.url}/tasks/"


def test_the_print_button_prints(live_server: Any, browser: Any, world: Any) -> None:
    page = browser.new_page()
    page.add_init_script(COUNT_PRINTS)
    login(page, live_server.url, "secretariat")
    page.goto(f"{live_server.url}/units/accounts/")
    with page.expect_navigation():  # a reset shows the temporary password with its print button
        page.locator("form[action*='reset'] button").first.click()
    page.locator("#temporary-password").wait_for()
    page.click("button[data-print]")
    assert page.evaluate("window.__prints") == 1


def test_the_line_form_suggests_a_known_person_and_fills_the_line(
    live_server: Any, browser: Any, world: Any, make_dossier: Any
) -> None:
    nomination = make_dossier("draft")  # its line is Lê Thị Hường's, so she is in the registry
    page = browser.new_page()
    login(page, live_server.url, "unit_a")
    page.goto(f"{live_server.url}/dossiers/{nomination.pk}/lines/add/")
    page.fill("#person-q", "Huong")  # without the accents
    suggestion = page.locator("#person-results button").first
    suggestion.wait_for()
    assert "Lê Thị Hường" in suggestion.inner_text()
    suggestion.click()
    assert page.input_value("#id_full_name") == "Lê Thị Hường"
    assert page.input_value("#id_person") != ""
    assert page.locator("#person-results li").count() == 0


def test_everyone_present_ticks_every_member_present(
    live_server: Any, browser: Any, world: Any, make_dossier: Any
) -> None:
    from workflows import session_services

    make_dossier("accepted")  # a line for the session's agenda
    session = session_services.session_start(
        actor=world.secretariat,
        round=world.round,
        held_at=timezone.now(),
        place="Hội trường UBND thị trấn",
        chair=world.chairman,
        secretary=world.secretariat,
    )
    page = browser.new_page()
    login(page, live_server.url, "secretariat")
    page.goto(f"{live_server.url}/sessions/{session.pk}/")
    present = page.locator('#attendance input[type=radio][value="present"]')
    assert present.count() >= 2
    assert not all(present.nth(i).is_checked() for i in range(present.count()))
    page.click("#all-present")
    assert all(present.nth(i).is_checked() for i in range(present.count()))
