"""A council decision followed in a real browser (issue 11), from the ballot to the unit's certificate.

A council of five voting members reviews unit A's dossier (one Lao động tiên tiến line and three
Gia đình văn hoá households, which need no vote) and unit B's LDTT line.  Members vote through the
review step: one on a phone with "Đồng ý tất cả các dòng", two on the desktop; a fourth through the
service; the chairman does not vote, so the secretariat closes early with a reason.  The chairman
reads the totals and every no-vote line by name, searches them and approves (the confirmation
repeats the totals); the office registers the draft, confirming what cannot be undone.  Unit A then
logs in, reads its notice, sees each line's outcome with the decision's number and date on its
dossier and downloads its certificate; unit B's certificate is 404 for it.  Screenshots go to
SCREENSHOTS_DIR when it is set (docs/screenshots/, 30-… to 36-…)."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from conftest import pdf_upload
from tests.browsing import login as _login
from tests.browsing import shot as _shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
CLOSE_REASON = "Đồng chí Chủ tịch Trịnh Văn Hùng đi công tác đột xuất, không bỏ phiếu."
HOUSEHOLDS = ["Nguyễn Văn Sớm", "Lê Thị Bình", "Phạm Văn Cường"]
AWARDED_A = "Lê Thị Hường"
AWARDED_B = "Nguyễn Văn An"
SIGNER = "Trịnh Văn Hùng"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _text(page: Any, selector: str) -> str:
    return " ".join(page.locator(selector).inner_text().split())


def _phone(chromium: Any) -> Any:
    context = chromium.new_context(locale="vi-VN", viewport=PHONE, is_mobile=True, has_touch=True)
    return context.new_page()


def _desktop(chromium: Any, dialogs: list[str]) -> Any:
    page = chromium.new_context(locale="vi-VN", viewport=DESKTOP, accept_downloads=True).new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    return page


def _no_horizontal_overflow(page: Any) -> None:
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1] + 1, f"the page scrolls sideways on a phone: {widths}"


def _press(page: Any, selector: str) -> str:
    """Click a submit button and wait for the answer; returns the form data the browser posted."""
    with page.expect_navigation(), page.expect_request(lambda request: request.method == "POST") as posted:
        page.click(selector)
    return posted.value.post_data or ""


def _council(world: Any) -> dict[str, Any]:
    """Five voting members; unit A's dossier (LDTT + three households) and unit B's LDTT line, accepted."""
    from councils.models import CouncilMembership, CouncilRole
    from nominations import services as ns
    from tests import factories
    from workflows import services as ws

    named = [
        (world.chairman, "Trịnh Văn", "Hùng"),
        (world.member, "Lê Thị", "Hạnh"),
        (world.secretariat, "Đỗ Minh", "Tuấn"),
        (world.unit_a_user, "Vũ Thị", "Lan"),
    ]
    for user, last, first in named:
        user.last_name, user.first_name = last, first
        user.save(update_fields=["last_name", "first_name"])
    members = {}
    for username, last, first in (
        ("uyvien1", "Trần Văn", "Sơn"),
        ("uyvien2", "Phạm Thị", "Oanh"),
        ("uyvien3", "Hoàng Văn", "Nam"),
    ):
        members[username] = factories.UserFactory(username=username, last_name=last, first_name=first)
        CouncilMembership.objects.create(council=world.council, user=members[username], role=CouncilRole.MEMBER)

    user = world.unit_a_user
    dossier_a = ws.dossier_create(
        user=user, unit=world.unit_a, round=world.round, title="Đề nghị khen thưởng năm 2026 của Tiểu khu Trang Các"
    )
    ns.line_add(
        actor=user,
        nomination=dossier_a,
        award_type=world.ldtt,
        nominee=ns.NomineeData(kind="individual", full_name=AWARDED_A, position="Trưởng tiểu khu"),
        achievement="Hoàn thành xuất sắc nhiệm vụ năm 2026",
    )
    for head in HOUSEHOLDS:
        ns.line_add(
            actor=user,
            nomination=dossier_a,
            award_type=world.gdvh,
            nominee=ns.NomineeData(kind="household", household_head=head, household_address="Tiểu khu Trang Các"),
            achievement="Gia đình văn hoá tiêu biểu 3 năm liền",
        )
    for kind in ("cover_letter", "review_minutes", "posting_result"):
        ns.attachment_add(nomination=dossier_a, upload=pdf_upload(f"{kind}.pdf"), kind=kind, actor=user)
    ws.dossier_submit(user=user, nomination=dossier_a)
    ws.dossier_review(user=world.secretariat, nomination=dossier_a, accept=True)

    user = world.unit_b_user
    dossier_b = ws.dossier_create(user=user, unit=world.unit_b, round=world.round, title="Đề nghị khen thưởng năm học")
    ns.line_add(
        actor=user,
        nomination=dossier_b,
        award_type=world.ldtt,
        nominee=ns.NomineeData(kind="individual", full_name=AWARDED_B, position="Giáo viên"),
        achievement="Hoàn thành xuất sắc nhiệm vụ năm học",
    )
    for kind in ("cover_letter", "review_minutes"):
        ns.attachment_add(nomination=dossier_b, upload=pdf_upload(f"{kind}.pdf"), kind=kind, actor=user)
    ws.dossier_submit(user=user, nomination=dossier_b)
    ws.dossier_review(user=world.secretariat, nomination=dossier_b, accept=True)
    dossier_a.refresh_from_db()
    return {"dossier_a": dossier_a, **members}


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


def _review_then_confirm(page: Any, items: list[Any]) -> None:
    """From the filled ballot: the review lists every choice, nothing is stored yet, then confirm."""
    from decisions.models import BallotCast

    before = BallotCast.objects.count()
    _press(page, "#cast-ballot")
    assert page.locator("#ballot-review").count() == 1
    assert nfc("Phiếu đã bỏ không sửa được và không rút lại được") in page.locator("#ballot-review").inner_text()
    for item in items:
        assert _text(page, f"#review-{item.pk}").endswith(nfc("✔ Đồng ý")), _text(page, f"#review-{item.pk}")
    assert BallotCast.objects.count() == before
    data = _press(page, "#confirm-ballot")
    assert "step=confirm" in data.split("&"), data
    assert page.locator("#tracker").count() == 1
    assert nfc("Phiếu của bạn đã được bỏ vào hòm phiếu") in page.locator("#ballot-recorded").inner_text()
    assert BallotCast.objects.count() == before + 1


def test_members_vote_the_chairman_approves_every_line_the_office_registers_and_the_unit_gets_its_papers(
    live_server: Any, chromium: Any, world: Any, rates: None, media: Any, tmp_path: Path
) -> None:
    from decisions.models import AgendaItem, Decision, NoVoteItem
    from documents.models import DocumentKind, DocumentStatus, GeneratedDocument
    from printing import formats as docformat
    from workflows import session_services

    people = _council(world)
    session = _open_session(world)
    items = list(AgendaItem.objects.filter(session=session).select_related("line__person").order_by("position"))
    assert sorted(item.line.person.full_name for item in items) == sorted([AWARDED_A, AWARDED_B])
    assert NoVoteItem.objects.filter(session=session).count() == len(HOUSEHOLDS)
    base = live_server.url
    ballot_url = f"{base}/sessions/{session.pk}/ballot/"
    dialogs: list[str] = []

    # --- 1. a member votes on a phone: "agree to all", review, confirm ---------------------------
    phone = _phone(chromium)
    _login(phone, base, "member")
    phone.click(f"#session-tasks a[href='/sessions/{session.pk}/ballot/']")
    phone.wait_for_url(ballot_url)
    assert not any(phone.is_checked(f"input[name=item_{item.pk}][value=agree]") for item in items)
    phone.click("#agree-all")
    assert all(phone.is_checked(f"input[name=item_{item.pk}][value=agree]") for item in items)
    _no_horizontal_overflow(phone)
    _shot(phone, "30-member-agree-all-phone")
    _review_then_confirm(phone, items)
    _no_horizontal_overflow(phone)
    phone.context.close()

    # --- two members on the desktop (one by the award type's button), a third through the service --
    desk = _desktop(chromium, dialogs)
    for username, button in (("uyvien1", "#agree-all"), ("uyvien2", "#agree-group-LDTT")):
        _login(desk, base, username)
        desk.goto(ballot_url)
        desk.click(button)
        _review_then_confirm(desk, items)
    session_services.session_ballot_cast(
        member=people["uyvien3"], session=session, choices={item.pk: "agree" for item in items}
    )

    # --- 2. the secretariat closes early with a reason (the chairman has not voted) ---------------
    _login(desk, base, "secretariat")
    desk.goto(f"{base}/sessions/{session.pk}/")
    assert desk.locator("#cast-count").inner_text() == "4"
    desk.fill("#id_reason", CLOSE_REASON)
    _press(desk, "#close-voting")
    assert dialogs[-1].startswith(nfc("Kết thúc bỏ phiếu? Việc này không hoàn tác được"))
    assert desk.locator("#results").count() == 1
    assert desk.locator("#close-reason").inner_text() == CLOSE_REASON

    # --- 3. the chairman sees every line he approves ----------------------------------------------
    _login(desk, base, "chairman")
    desk.goto(f"{base}/sessions/{session.pk}/")
    desk.click(f"a[href='/sessions/{session.pk}/decide/']")
    desk.wait_for_url(f"{base}/sessions/{session.pk}/decide/")
    totals = {
        name: desk.locator(f"#decide-totals #total-{name}").inner_text()
        for name in ("passed-here", "passed-above", "failed", "no-vote")
    }
    assert totals == {"passed-here": "2", "passed-above": "0", "failed": "0", "no-vote": "3"}
    assert nfc("Gia đình văn hoá: 3") in _text(desk, "#decide-totals")
    assert nfc("Dự thảo quyết định sẽ gồm 5 dòng") in _text(desk, "#total-in-decision")
    for item in items:  # the voted lines, ticked, with their result
        row = desk.locator(f"#decide-{item.pk}")
        assert row.locator("input[name=approve]").is_checked()
        assert nfc("4/5 phiếu đồng ý") in row.inner_text()
    listed = [" ".join(name.split()) for name in desk.locator("#no-vote-lines li strong").all_inner_texts()]
    assert sorted(listed) == sorted(f"Hộ {head}" for head in HOUSEHOLDS)
    assert desk.locator("#no-vote-lines li:visible").count() == 3
    _shot(desk, "31-chairman-decide-totals", full_page=False)
    desk.evaluate("() => document.getElementById('no-vote-title').scrollIntoView({block: 'start'})")
    _shot(desk, "32-chairman-no-vote-lines", full_page=False)
    desk.fill("#no-vote-search", nfc("bình"))
    assert [" ".join(t.split()) for t in desk.locator("#no-vote-lines li:visible strong").all_inner_texts()] == [
        nfc("Hộ Lê Thị Bình")
    ]
    desk.fill("#no-vote-search", nfc("trang các"))  # by the unit's name
    assert desk.locator("#no-vote-lines li:visible").count() == 3
    desk.fill("#no-vote-search", "không có ai")
    assert desk.locator("#no-vote-lines li:visible").count() == 0
    desk.fill("#no-vote-search", "")
    assert desk.locator("#no-vote-lines li:visible").count() == 3

    _press(desk, "#decide-submit")
    confirm = dialogs[-1]
    assert confirm.startswith(nfc("Phê duyệt và lập dự thảo quyết định?")), confirm
    assert nfc("Dự thảo gồm 5 dòng: 2 dòng bỏ phiếu đạt") in confirm
    assert nfc("và 3 dòng không cần bỏ phiếu; 0 dòng đạt được đề nghị cấp trên; 0 dòng không đạt") in confirm
    assert nfc(
        "Đã phê duyệt 5 dòng (2 dòng bỏ phiếu đạt, 3 dòng không cần bỏ phiếu); dự thảo quyết định đã được lập."
    ) in _text(desk, ".messages")
    decision = Decision.objects.get(session=session)
    assert decision.lines.count() == 5

    # --- 4. the office registers the draft ---------------------------------------------------------
    _login(desk, base, "secretariat")
    desk.goto(f"{base}/decisions/{decision.pk}/")
    assert desk.locator("#decision-lines tbody tr").count() == 5
    assert desk.locator("#unpaid-lines li").count() == len(HOUSEHOLDS)  # no rate for Gia đình văn hoá
    signed_on = timezone.localdate()
    desk.fill("#id_signed_on", signed_on.isoformat())
    desk.fill("#id_signer_name", SIGNER)
    desk.check("#id_without_money")
    desk.evaluate("() => document.getElementById('register').scrollIntoView({block: 'start'})")
    _shot(desk, "33-office-register-confirm", full_page=False)
    _press(desk, "#register-submit")
    assert dialogs[-1].startswith(nfc("Vào số quyết định? Việc này không hoàn tác được")), dialogs[-1]
    assert nfc("Muốn sửa sau đó phải thu hồi quyết định.") in dialogs[-1]
    decision.refresh_from_db()
    assert decision.is_registered
    reference = docformat.number_reference(decision.number, decision.symbol)
    date_text = docformat.short_date(decision.signed_on)
    assert decision.signed_on == signed_on
    assert nfc("Đã vào số quyết định") in _text(desk, ".messages")
    certificates = {
        str(doc.decision_line.line.nominee): doc
        for doc in GeneratedDocument.objects.filter(
            decision=decision, kind=DocumentKind.CERTIFICATE, current=True
        ).select_related("decision_line__line__person", "decision_line__line__household")
    }
    assert len(certificates) == 5
    assert all(doc.status == DocumentStatus.DONE for doc in certificates.values()), {
        name: (doc.status, doc.error) for name, doc in certificates.items()
    }
    desk.context.close()

    # --- 5. the unit reads its notice, its outcomes and downloads its certificate -----------------
    unit_dialogs: list[str] = []
    unit = _desktop(chromium, unit_dialogs)
    _login(unit, base, "unit_a")
    assert unit.locator("#notice-unread").is_visible()
    unit.click("#notice-link")
    unit.wait_for_url(f"{base}/notices/")
    title = nfc(f"Kết quả xét khen thưởng: 4/4 đề nghị của {world.unit_a.name} được khen thưởng")
    notice = unit.locator("table.notices tr.unread", has_text=title)
    assert notice.count() == 1
    body = " ".join(notice.locator(".notice-body").inner_text().split())
    assert nfc(f"Quyết định số {reference} ngày {date_text}") in body
    assert AWARDED_B not in unit.locator("table.notices").inner_text()
    _shot(unit, "34-unit-notice", full_page=False)
    told = [m for m in mail.outbox if m.to == [world.unit_a_user.email] and m.subject == title]
    assert len(told) == 1, [(m.to, m.subject) for m in mail.outbox]
    assert AWARDED_A in told[0].body
    assert AWARDED_B not in told[0].body
    unit_decision_url = f"{base}/units/decisions/{decision.pk}/"
    notice.locator("a", has_text=title).click()
    unit.wait_for_url(unit_decision_url)  # the notice leads to the unit's results page

    unit.click("nav.nav a[href='/dossiers/']")
    unit.click(f"a[href='/dossiers/{people['dossier_a'].pk}/']")
    unit.wait_for_url(f"{base}/dossiers/{people['dossier_a'].pk}/")
    results = _text(unit, "#dossier-results")
    assert nfc(f"Quyết định số {reference} ngày {date_text}") in results
    outcomes = unit.locator("#lines tbody tr")
    assert outcomes.count() == 4
    for row in outcomes.all():
        cell = row.locator("td.line-outcome")
        assert cell.locator("[data-outcome=awarded]").count() == 1, cell.inner_text()
        assert nfc("Được khen thưởng") in cell.inner_text()
        assert nfc(f"Quyết định số {reference} ngày {date_text}") in " ".join(cell.inner_text().split())
        assert cell.locator("a.download", has_text=nfc("Tải Giấy khen")).count() == 1
    _shot(unit, "35-unit-dossier-outcomes")

    unit.click("#dossier-results a.decision-cited")
    unit.wait_for_url(unit_decision_url)
    assert _text(unit, "h1") == nfc(f"Quyết định số {reference} ngày {date_text}")
    assert nfc("4/4 được khen thưởng") in _text(unit, ".unit-results h2")
    assert AWARDED_B not in unit.inner_text("body")
    for kind in ("decision", "list"):
        assert unit.locator(f"#download-{kind}").count() == 1
    _shot(unit, "36-unit-decision-downloads")
    row = unit.locator("#unit-lines tr", has_text=AWARDED_A)
    with unit.expect_download() as download:
        row.locator("a.download").click()
    saved = tmp_path / "giay-khen.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    assert download.value.suggested_filename.endswith(".pdf"), download.value.suggested_filename

    own = unit.request.get(f"{base}/units/documents/{certificates[AWARDED_A].pk}/download/")
    assert own.status == 200
    assert own.headers["content-type"] == "application/pdf"
    assert own.body().startswith(b"%PDF")
    other = unit.request.get(f"{base}/units/documents/{certificates[AWARDED_B].pk}/download/")
    assert other.status == 404  # unit B's certificate, in the same decision
    assert unit_dialogs == []

    unit.click("#nav-unit-honours")  # its awards in the registry
    assert AWARDED_A in unit.locator("body").inner_text()
    assert AWARDED_B not in unit.locator("body").inner_text()
    unit.context.close()
