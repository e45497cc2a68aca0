"""A secret ballot in a real browser: Debian's Chromium driven by Playwright.

A small council (five voting members, all present) votes on three lines of two
accepted dossiers.  A member votes on a phone: chooses, reviews, goes back to
change a choice, confirms and finds the tracker in the sorted list.  The member
from unit A sees unit A's line disabled.  A member hands in a paper ballot,
which the secretariat records, closes and enters without a name.  The
secretariat then closes early with a reason (the chairman has not voted) and
reads the results with the counting record.  Screenshots go to SCREENSHOTS_DIR
when it is set (docs/screenshots/).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import pytest
from django.utils import timezone

from conftest import pdf_upload
from tests.browsing import login as _login
from tests.browsing import shot as _shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
HEX64 = re.compile(r"^[0-9a-f]{64}$")
CLOSE_REASON = "Đồng chí Chủ tịch Trịnh Văn Hùng đi công tác đột xuất, không bỏ phiếu."


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _phone(chromium: Any) -> Any:
    context = chromium.new_context(locale="vi-VN", viewport=PHONE, is_mobile=True, has_touch=True)
    return context.new_page()


def _desktop(chromium: Any) -> Any:
    return chromium.new_context(locale="vi-VN", viewport=DESKTOP).new_page()


def _no_horizontal_overflow(page: Any) -> None:
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth, document.body.scrollWidth]")
    assert widths[0] <= widths[1] + 1, f"the page scrolls sideways on a phone: {widths}"


def _council(world: Any, make_dossier: Any) -> dict[str, Any]:
    """Five voting members; unit A's line and unit B's two lines (LDTT and GK) accepted."""
    from councils.models import CouncilMembership, CouncilRole
    from nominations import services as ns
    from tests import factories
    from workflows import services as ws

    world.chairman.last_name, world.chairman.first_name = "Trịnh Văn", "Hùng"
    world.chairman.save(update_fields=["last_name", "first_name"])
    world.member.last_name, world.member.first_name = "Lê Thị", "Hạnh"
    world.member.save(update_fields=["last_name", "first_name"])
    recused = factories.UserFactory(username="uyvien0", last_name="Trần Văn", first_name="Sơn")
    paper = factories.UserFactory(username="uyvien1", last_name="Phạm Thị", first_name="Oanh")
    CouncilMembership.objects.create(
        council=world.council, user=recused, role=CouncilRole.MEMBER, unit=world.unit_a
    )  # works in unit A: recused from unit A's line
    CouncilMembership.objects.create(council=world.council, user=paper, role=CouncilRole.MEMBER)
    # a third online ballot beside the paper one: with fewer, the secretariat (who keys the paper)
    # could tell the online ballots by subtraction, and the vote would be void
    third = factories.UserFactory(username="uyvien2", last_name="Hoàng Văn", first_name="Nam")
    CouncilMembership.objects.create(council=world.council, user=third, role=CouncilRole.MEMBER)

    make_dossier("accepted")  # unit A: LDTT, Lê Thị Hường
    user = world.unit_b_user
    dossier = ws.dossier_create(user=user, unit=world.unit_b, round=world.round, title="Đề nghị khen thưởng năm")
    ns.line_add(
        actor=user,
        nomination=dossier,
        award_type=world.ldtt,
        nominee=ns.NomineeData(kind="individual", full_name="Nguyễn Văn An"),
        achievement="Hoàn thành xuất sắc nhiệm vụ năm học",
    )
    ns.line_add(
        actor=user,
        nomination=dossier,
        award_type=world.gk,
        nominee=ns.NomineeData(kind="collective", collective_name="Tổ chuyên môn khối Mẫu giáo lớn"),
        achievement="Dẫn đầu phong trào “Xây dựng trường học thân thiện, học sinh tích cực”",
    )
    ns.attachment_add(nomination=dossier, upload=pdf_upload("to-trinh.pdf"), kind="cover_letter", actor=user)
    ns.attachment_add(nomination=dossier, upload=pdf_upload("bien-ban.pdf"), kind="review_minutes", actor=user)
    ws.dossier_submit(user=user, nomination=dossier)
    ws.dossier_review(user=world.secretariat, nomination=dossier, accept=True)
    return {"recused": recused, "paper": paper, "third": third}


def _open_session(world: Any) -> Any:
    from decisions.models import AttendanceState
    from decisions.services import sessions as council_services
    from workflows import session_services

    session = session_services.session_start(
        actor=world.secretariat,
        round=world.round,
        held_at=timezone.now(),
        place="Hội trường UBND thị trấn",
        chair=world.chairman,
        secretary=world.secretariat,
    )
    members = council_services.voting_members(world.council.pk)
    assert len(members) == 5
    council_services.attendance_record(
        actor=world.secretariat, session=session, states=dict.fromkeys(members, AttendanceState.PRESENT)
    )
    return session_services.session_open_voting(actor=world.secretariat, session=session)


def _pick(page: Any, item: Any, choice: str) -> None:
    page.check(f"input[name=item_{item.pk}][value={choice}]")


def _picked(page: Any, item: Any, choice: str) -> bool:
    return page.is_checked(f"input[name=item_{item.pk}][value={choice}]")


def _press(page: Any, selector: str) -> str:
    """Click a submit button and wait for the answer; returns the form data the browser posted."""
    with page.expect_navigation(), page.expect_request(lambda request: request.method == "POST") as posted:
        page.click(selector)
    return posted.value.post_data or ""


def _step(page: Any, selector: str, step: str) -> None:
    """Press a ballot button, which says by its own name=step value=... what the server is to do."""
    data = _press(page, selector)
    assert f"step={step}" in data.split("&"), (
        f"pressing {selector} posted no step={step} ({data!r}): the button's own name/value was left out "
        "of the form data (once.html disables every button of a data-once form in its submit handler, "
        "before the browser builds the form data), so the server took another step"
    )


def _review_text(page: Any, item: Any) -> str:
    return " ".join(page.locator(f"#review-{item.pk}").inner_text().split())


def test_a_secret_ballot_on_a_phone_with_a_recusal_a_paper_ballot_and_an_early_close(
    live_server: Any, chromium: Any, world: Any, make_dossier: Any
) -> None:
    from decisions.models import AgendaItem, BallotCast, LineTally, SealedBallot

    people = _council(world, make_dossier)
    session = _open_session(world)
    items = {
        str(item.line.nominee): item
        for item in AgendaItem.objects.filter(session=session).select_related(
            "line__person", "line__collective", "line__household"
        )
    }
    assert set(items) == {"Lê Thị Hường", "Nguyễn Văn An", "Tổ chuyên môn khối Mẫu giáo lớn"}
    line_a, line_b, line_gk = items["Lê Thị Hường"], items["Nguyễn Văn An"], items["Tổ chuyên môn khối Mẫu giáo lớn"]
    items_by_pk = [item.pk for item in items.values()]
    base = live_server.url
    ballot_url = f"{base}/sessions/{session.pk}/ballot/"

    # --- a member votes on a phone -------------------------------------------------
    phone = _phone(chromium)
    _login(phone, base, "member")
    phone.click(f"#session-tasks a[href='/sessions/{session.pk}/ballot/']")
    phone.wait_for_url(ballot_url)
    assert nfc("Phiếu kín. Chọn Đồng ý hoặc Không đồng ý") in phone.locator("#ballot").inner_text()
    _no_horizontal_overflow(phone)
    _pick(phone, line_a, "disagree")
    _pick(phone, line_b, "agree")
    _pick(phone, line_gk, "agree")
    _press(phone, "#cast-ballot")  # (a post with no step is taken as a review too)
    assert phone.locator("#ballot-review").count() == 1
    _no_horizontal_overflow(phone)
    review = phone.locator("#ballot-review").inner_text()
    assert nfc("Phiếu đã bỏ không sửa được và không rút lại được") in review
    assert re.fullmatch(r"\d+\. Lê Thị Hường .+ ✘ Không đồng ý", _review_text(phone, line_a))
    assert re.fullmatch(r"\d+\. Nguyễn Văn An .+ ✔ Đồng ý", _review_text(phone, line_b))
    assert re.fullmatch(r"\d+\. Tổ chuyên môn khối Mẫu giáo lớn .+ ✔ Đồng ý", _review_text(phone, line_gk))
    assert BallotCast.objects.filter(session=session).count() == 0  # nothing is stored before the confirmation
    _shot(phone, "12-member-ballot-review-phone")

    _step(phone, "#edit-ballot", "edit")
    assert phone.locator("#ballot").count() == 1
    assert _picked(phone, line_a, "disagree")
    assert _picked(phone, line_b, "agree")
    assert _picked(phone, line_gk, "agree")
    _pick(phone, line_a, "agree")  # the member changes their mind
    _press(phone, "#cast-ballot")
    assert phone.locator("#ballot-review").count() == 1
    assert re.fullmatch(r"\d+\. Lê Thị Hường .+ ✔ Đồng ý", _review_text(phone, line_a))
    assert re.fullmatch(r"\d+\. Nguyễn Văn An .+ ✔ Đồng ý", _review_text(phone, line_b))
    _step(phone, "#confirm-ballot", "confirm")
    assert phone.locator("#tracker").count() == 1
    recorded = phone.locator("#ballot-recorded").inner_text()
    assert recorded == nfc(recorded)
    assert nfc("Phiếu của bạn đã được bỏ vào hòm phiếu") in recorded
    assert nfc("trang này chỉ hiện mã một lần") in recorded
    tracker = phone.locator("#tracker").inner_text().strip()
    assert HEX64.match(tracker), tracker
    assert phone.locator("#trackers[open]").count() == 1  # the list is open: the member checks at once
    listed = [code.strip() for code in phone.locator("#trackers li code").all_inner_texts()]
    assert tracker in listed
    assert listed == sorted(listed)
    _no_horizontal_overflow(phone)
    _shot(phone, "13-member-tracker-phone")

    # --- the member from unit A cannot vote on unit A's line -------------------------
    _login(phone, base, people["recused"].username)
    phone.goto(ballot_url)
    recused_line = phone.locator(f"#line-{line_a.pk}")
    assert "recused" in (recused_line.get_attribute("class") or "")
    assert recused_line.locator("input[type=radio]").count() == 2
    assert all(radio.is_disabled() for radio in recused_line.locator("input[type=radio]").all())
    assert nfc("Không tham gia biểu quyết (liên quan đến bạn/đơn vị của bạn)") in recused_line.inner_text()
    assert phone.locator(f"input[name=item_{line_a.pk}]").count() == 0
    _no_horizontal_overflow(phone)
    _shot(phone, "16-member-recused-line-phone")
    _pick(phone, line_b, "agree")
    _pick(phone, line_gk, "disagree")
    _press(phone, "#cast-ballot")
    assert phone.locator("#ballot-review").count() == 1
    assert nfc("Không tham gia biểu quyết") in _review_text(phone, line_a)
    _step(phone, "#confirm-ballot", "confirm")
    assert phone.locator("#tracker").count() == 1
    phone.context.close()

    # --- a present member hands in paper; the secretariat enters it ------------------
    desk = _desktop(chromium)
    confirms: list[str] = []
    desk.on("dialog", lambda dialog: (confirms.append(dialog.message), dialog.accept()))
    _login(desk, base, "secretariat")
    desk.click(f"#session-tasks a[href='/sessions/{session.pk}/']")
    desk.wait_for_url(f"{base}/sessions/{session.pk}/")
    assert desk.locator("#cast-count").inner_text() == "2"
    desk.click("#paper-link")
    desk.wait_for_url(f"{base}/sessions/{session.pk}/paper/")
    candidates = desk.locator("#handed-in").inner_text()
    assert "Phạm Thị Oanh" in candidates
    assert "Trịnh Văn Hùng" in candidates
    assert "Lê Thị Hạnh" not in candidates  # has voted online
    desk.check(f"#handed-in input[name=member][value='{people['paper'].pk}']")
    _press(desk, "#handed-in-submit")
    assert desk.locator("#paper-close").count() == 1
    assert nfc("Phiếu giấy đã thu: 1; đã nhập nội dung: 0.") in desk.locator("#paper-count").inner_text()
    _press(desk, "#paper-close")
    assert desk.locator("#enter-ballot-submit").count() == 1
    assert nfc("Đã kết thúc thu phiếu giấy.") in desk.locator("#handed-in").inner_text()
    assert confirms == [nfc("Kết thúc thu phiếu giấy? Sau đó không ghi nhận thêm người nộp phiếu giấy được nữa.")]
    _pick(desk, line_a, "agree")
    _pick(desk, line_b, "disagree")
    _pick(desk, line_gk, "blank")
    _press(desk, "#enter-ballot-submit")
    assert desk.locator("#paper-entered").count() == 1
    paper_tracker = desk.locator("#paper-entered #tracker").inner_text().strip()
    assert HEX64.match(paper_tracker), paper_tracker
    assert paper_tracker != tracker
    assert nfc("Phiếu giấy đã thu: 1; đã nhập nội dung: 1.") in desk.locator("#paper-count").inner_text()
    _shot(desk, "14-secretariat-paper-entry")

    # --- the third member votes (through the service: the page is shown above) ----------
    from decisions.services import ballot_box

    ballot_box.ballot_cast(member=people["third"], session=session, choices=dict.fromkeys(items_by_pk, "agree"))

    # --- the secretariat closes early with a reason ---------------------------------
    desk.click("text=Về trang phiên họp")
    desk.wait_for_url(f"{base}/sessions/{session.pk}/")
    assert desk.locator("#cast-count").inner_text() == "4"
    desk.fill("#id_reason", CLOSE_REASON)
    _press(desk, "#close-voting")
    assert desk.locator("#results").count() == 1
    assert len(confirms) == 2
    assert confirms[1].startswith(nfc("Kết thúc bỏ phiếu? Việc này không hoàn tác được"))
    assert nfc("Đã kết thúc bỏ phiếu; kết quả đã được khoá và gửi chủ tịch.") in desk.locator(".messages").inner_text()
    assert desk.locator("#close-reason").inner_text() == CLOSE_REASON
    desk.click("text=Trang kết quả")
    desk.wait_for_url(f"{base}/sessions/{session.pk}/results/")
    assert desk.locator("#ballots-issued").inner_text() == "5"
    assert desk.locator("#ballots-returned").inner_text() == "4"
    assert desk.locator("#ballots-valid").inner_text() == "4"
    assert desk.locator("#ballots-invalid").inner_text() == "0"
    assert CLOSE_REASON in desk.locator("#counting-record").inner_text()
    assert nfc("Kiểm tra toàn vẹn") in desk.locator("#integrity.ok").inner_text()
    desk.click("#counting-record #trackers summary")
    final = [code.strip() for code in desk.locator("#counting-record #trackers li code").all_inner_texts()]
    assert tracker in final
    assert paper_tracker in final
    assert len(final) == 4
    assert final == sorted(final)
    _shot(desk, "15-secretariat-results-counting")

    session.refresh_from_db()
    assert session.close_reason == CLOSE_REASON
    assert not SealedBallot.objects.exists()
    tallies = {
        tally.item_id: (tally.agree, tally.disagree, tally.blank, tally.recused, tally.not_voted)
        for tally in LineTally.objects.filter(session=session)
    }
    assert tallies == {
        line_a.pk: (3, 0, 0, 1, 1),  # member, third and paper agree; unit A's member recused; the chairman did not vote
        line_b.pk: (3, 1, 0, 0, 1),
        line_gk.pk: (2, 1, 1, 0, 1),  # the paper left it blank
    }
