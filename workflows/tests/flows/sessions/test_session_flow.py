"""A council session driven end to end through the pages, as each role would:
the secretariat creates it, records attendance and opens the ballot (the
members are told and a reminder is scheduled); members vote on their ballot
page, one absent member in writing, one on paper; the reminder reaches only the
member who has not voted; the secretariat closes; the chairman approves the
passing line and a draft decision holds it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from viewflow.workflow.status import PROCESS, STATUS

from decisions.models import (
    Attendance,
    AttendanceState,
    BallotCast,
    CastMethod,
    CouncilSession,
    Decision,
    DecisionStatus,
    LineTally,
    SealedBallot,
    SessionStatus,
)
from notifications.models import Notice, Reminder
from notifications.services import reminders_send_due
from workflows.models import SessionTask
from workflows.session_services import ballot_reminder_key, session_process_for
from workflows.tests.flows.sessions.conftest import (
    ballot_data,
    create_session,
    item_of,
    items,
    login,
    messages_of,
    open_voting,
    record_attendance,
    strip_tags,
    text,
    url,
    vn,
)

pytestmark = pytest.mark.django_db

AGREE, DISAGREE, BLANK = "agree", "disagree", "blank"


def _steps(session: CouncilSession) -> list[tuple[str, str, str | None]]:
    process = session_process_for(session)
    return [
        (task.flow_task.name, task.status, task.owner.username if task.owner else None)
        for task in SessionTask.objects.filter(process=process).select_related("owner").order_by("id")
    ]


def _notices(verb: str) -> list[tuple[str, str]]:
    return list(
        Notice.objects.filter(verb=verb).order_by("recipient__username").values_list("recipient__username", "event_key")
    )


def _casts_on_page(body: str) -> list[str]:
    section = re.search(r'<ul class="plain" id="casts">(.*?)</ul>', body, re.S)
    assert section, "the session page lists nobody who has voted"
    return [strip_tags(item) for item in re.findall(r"<li>(.*?)</li>", section.group(1), re.S)]


def test_a_session_from_creation_to_the_chairmans_decision(council: Any, time_machine: Any) -> None:
    world, members = council.world, council.members
    time_machine.move_to(vn(2026, 12, 10, 8, 0), tick=False)
    secretariat = login(world.secretariat)

    # --- the secretariat creates the session: the flow waits at the voting step
    session = create_session(council, secretariat)
    assert session.status == SessionStatus.PREPARING
    assert _steps(session) == [("start", STATUS.DONE, None), ("voting", STATUS.NEW, None)]
    unit_a_item, unit_b_item = item_of(session, world.unit_a), item_of(session, world.unit_b)
    page = text(secretariat.get(url("workflows:session_detail", session)))
    assert "Lao động tiên tiến" in page
    assert "Có mặt 0/10 thành viên, cần ít nhất 7:" in page

    # --- attendance: nine present, one absent who votes in writing; then the ballot opens
    states = {member: AttendanceState.PRESENT for member in members[:9]} | {members[9]: AttendanceState.WRITTEN}
    response = record_attendance(secretariat, session, states)
    assert "Đã ghi điểm danh." in messages_of(response)
    assert "Có mặt 9/10 thành viên, cần ít nhất 7:" in text(response)
    response = open_voting(secretariat, session, closes_at="2026-12-10T11:00")
    assert "Đã mở bỏ phiếu; các thành viên được bỏ phiếu đã nhận thông báo." in messages_of(response)
    session.refresh_from_db()
    assert session.status == SessionStatus.VOTING
    assert session.voting_closes_at == vn(2026, 12, 10, 11, 0)

    # every voting member is told, once each, with a link to their ballot
    opened = _notices("ballot_open")
    assert sorted(opened) == sorted(
        (member.username, f"session:{session.pk}:ballot-open:member:{member.pk}") for member in members
    )
    written_notice = Notice.objects.get(verb="ballot_open", recipient=members[9])
    assert written_notice.url == url("workflows:session_ballot", session)
    assert "bỏ phiếu bằng văn bản" in written_notice.body
    assert "Hạn bỏ phiếu: 11:00 ngày 10/12/2026." in written_notice.body
    # and a reminder per member an hour before the ballot closes
    reminders = Reminder.objects.filter(key__startswith=f"session:{session.pk}:ballot:")
    assert reminders.count() == 10
    assert set(reminders.values_list("due_at", flat=True)) == {vn(2026, 12, 10, 10, 0)}

    # the member's inbox shows the open ballot
    tasks_page = text(login(members[3]).get(url("workflows:tasks")))
    assert "Bỏ phiếu kín" in tasks_page
    assert url("workflows:session_ballot", session) in tasks_page

    # --- members vote on their ballot page
    # unit A's line: 7 agree (of 10 members: passes "more than 50 %"); unit B's line: 4 agree (fails)
    votes = {
        members[0]: {unit_a_item: AGREE, unit_b_item: AGREE},
        members[1]: {unit_a_item: AGREE, unit_b_item: AGREE},
        members[2]: {unit_b_item: AGREE},  # recused from unit A's line
        members[3]: {unit_a_item: AGREE, unit_b_item: DISAGREE},
        members[4]: {unit_a_item: AGREE, unit_b_item: DISAGREE},
        members[5]: {unit_a_item: AGREE, unit_b_item: DISAGREE},
        members[6]: {unit_a_item: AGREE, unit_b_item: DISAGREE},
        members[7]: {unit_a_item: DISAGREE, unit_b_item: DISAGREE},
        members[9]: {unit_a_item: AGREE, unit_b_item: DISAGREE},  # in writing
    }
    recused_page = text(login(council.recused).get(url("workflows:session_ballot", session)))
    line_a = re.search(
        rf'<div class="ballot-line recused"[^>]*id="line-{unit_a_item.pk}">(.*?)</p>', recused_page, re.S
    )
    assert line_a
    assert "Không tham gia biểu quyết (liên quan đến bạn/đơn vị của bạn)" in line_a.group(1)
    assert f'name="item_{unit_a_item.pk}"' not in recused_page
    assert f'name="item_{unit_b_item.pk}"' in recused_page
    trackers = []
    for member, choices in votes.items():
        client = login(member)
        # the review shows the choices back, in the page only; nothing is written yet
        review = client.post(url("workflows:session_ballot", session), ballot_data(choices, step="review"))
        assert "Xem lại phiếu trước khi bỏ vào hòm." in text(review)
        assert not BallotCast.objects.filter(session=session, member=member).exists()
        response = client.post(url("workflows:session_ballot", session), ballot_data(choices), follow=True)
        assert messages_of(response) == [], member.username
        body = text(response)
        assert "Phiếu của bạn đã được bỏ vào hòm phiếu" in body
        tracker = re.search(r'<code class="tracker" id="tracker">([0-9a-f]{64})</code>', body)
        assert tracker, member.username
        trackers.append(tracker.group(1))
        # nothing of what they chose: no radio, no choice word outside the page's fixed text
        assert 'type="radio"' not in body
        assert "Không đồng ý" not in body
    assert BallotCast.objects.filter(session=session, method=CastMethod.WRITTEN).get().member == members[9]
    assert SealedBallot.objects.filter(session=session).count() == 9
    # the trackers are listed, sorted and without names, to every member who has voted
    listed = re.findall(
        r"<li><code>([0-9a-f]{64})</code></li>", text(login(members[0]).get(url("workflows:session_ballot", session)))
    )
    assert listed == sorted(trackers)
    # the flow's step did not move while members voted
    assert _steps(session)[-1] == ("voting", STATUS.NEW, None)

    # --- at 10:00 the reminder reaches the one member who has not voted, nobody else
    time_machine.move_to(vn(2026, 12, 10, 9, 59), tick=False)
    assert reminders_send_due() == 0
    time_machine.move_to(vn(2026, 12, 10, 10, 0), tick=False)
    assert reminders_send_due() == 1
    assert _notices("ballot_reminder") == [
        (members[8].username, f"reminder:{ballot_reminder_key(session_id=session.pk, member_id=members[8].pk)}")
    ]
    reminder = Notice.objects.get(verb="ballot_reminder")
    assert reminder.title == "Nhắc bỏ phiếu: phiên họp ngày 10/12/2026 hết hạn lúc 11:00 ngày 10/12/2026"

    # --- members[8] hands in a paper ballot: the secretariat marks it, then enters its content without a name
    time_machine.move_to(vn(2026, 12, 10, 10, 30), tick=False)
    secretariat = login(world.secretariat)  # back after more than SESSION_IDLE_MINUTES: a new login
    response = secretariat.post(
        url("workflows:session_paper_handed_in", session), {"member": [members[8].pk]}, follow=True
    )
    assert "Đã ghi nhận người nộp phiếu giấy." in messages_of(response)[0]
    response = secretariat.post(url("workflows:session_paper_close", session), follow=True)
    assert "Đã kết thúc thu phiếu giấy." in messages_of(response)[0]

    # the session page: who voted and how, by name — never what
    page = text(secretariat.get(url("workflows:session_detail", session)))
    names = _casts_on_page(page)
    assert len(names) == 10
    assert "Vũ Thị Mai — Phiếu giấy (thư ký nhập)" in names  # members[8]
    assert "Bùi Đức Long — Bằng văn bản trước phiên họp" in names  # members[9]
    assert "Trần Văn Sơn — Bỏ phiếu trực tuyến" in names  # members[2]
    # in name order (given name first, as Vietnamese lists are sorted), never in the order they voted
    given = [name.split(" — ")[0].split()[-1] for name in names]
    assert given == ["Hạnh", "Hùng", "Long", "Mai", "Nam", "Oanh", "Quang", "Sơn", "Thu", "Vinh"]
    assert "Số phiếu đã vào hòm phiếu: 9/10" in page
    # results are not published before the close
    for user in (world.secretariat, world.chairman, members[3]):
        response = login(user).get(url("workflows:session_results", session))
        assert response.status_code == 403
        assert "Kết quả chỉ công bố sau khi kết thúc bỏ phiếu." in text(response)

    # --- the last ballot is entered: everyone has voted, so the vote closes by itself: results
    # counted, frozen and signed, the chairman told, the flow at "decide"
    response = secretariat.post(
        url("workflows:session_paper", session), ballot_data({unit_a_item: BLANK, unit_b_item: AGREE}), follow=True
    )
    assert "Đã nhập một phiếu giấy vào hòm phiếu." in text(response)
    response = secretariat.get(url("workflows:session_detail", session))
    session.refresh_from_db()
    assert session.status == SessionStatus.CLOSED
    assert len(session.results_digest) == 64
    assert _steps(session)[1:] == [
        ("voting", STATUS.DONE, world.secretariat.username),
        ("decide", STATUS.NEW, None),
    ]
    assert not Reminder.objects.filter(key__startswith=f"session:{session.pk}:", sent_at__isnull=True).exists()
    assert _notices("session_closed") == [(world.chairman.username, f"session:{session.pk}:closed")]
    closed_notice = Notice.objects.get(verb="session_closed")
    assert "10 phiếu, 1/2 dòng đạt tỷ lệ phiếu" in closed_notice.body
    assert closed_notice.url == url("workflows:session_decide", session)
    assert SealedBallot.objects.filter(session=session).count() == 0
    page = text(response)
    assert "Kiểm tra toàn vẹn: các dòng đã xét, số phiếu từng dòng, danh sách mã phiếu" in page
    assert session.results_digest in page
    # agree + disagree + blank + recused + not voted = the 10 members taking part
    row_a = strip_tags(re.search(rf'<tr id="result-{unit_a_item.pk}">(.*?)</tr>', page, re.S).group(1))
    assert row_a == f"{unit_a_item.position} Lê Thị Hường Tiểu khu Trang Các 7 1 1 1 0 10 70,00% Đạt"
    row_b = strip_tags(re.search(rf'<tr id="result-{unit_b_item.pk}">(.*?)</tr>', page, re.S).group(1))
    assert row_b == f"{unit_b_item.position} Lê Thị Hường Trường Mầm non thị trấn 4 6 0 0 0 10 40,00% Không đạt"
    # the trackers counted: the nine online ones and the paper ballot's
    counted = re.findall(r"<li><code>([0-9a-f]{64})</code></li>", page)
    assert len(counted) == 10
    assert set(trackers) <= set(counted)
    # the results page is open now to the council's members too
    assert login(members[5]).get(url("workflows:session_results", session)).status_code == 200

    # --- the chairman: the decision waits in the inbox; the failed line cannot be ticked
    chairman = login(world.chairman)
    tasks_page = text(chairman.get(url("workflows:tasks")))
    assert "Chủ tịch quyết định khen thưởng" in tasks_page
    page = text(chairman.get(url("workflows:session_decide", session)))
    assert re.search(rf'name="approve" value="{unit_b_item.pk}" disabled', page)
    assert re.search(rf'name="approve" value="{unit_a_item.pk}" checked', page)
    response = chairman.post(
        url("workflows:session_decide", session),
        {"approve": [unit_a_item.pk], "subject": "Về việc khen thưởng danh hiệu Lao động tiên tiến năm 2026"},
        follow=True,
    )
    assert messages_of(response) == [
        "Đã phê duyệt 1 dòng (1 dòng bỏ phiếu đạt, 0 dòng không cần bỏ phiếu); dự thảo quyết định đã được lập."
    ]
    decision = Decision.objects.get(session=session)
    assert decision.status == DecisionStatus.DRAFT
    assert decision.subject == "Về việc khen thưởng danh hiệu Lao động tiên tiến năm 2026"
    assert list(decision.lines.values_list("line_id", flat=True)) == [unit_a_item.line_id]
    assert f'href="/decisions/{decision.pk}/"' in response.content.decode()
    session.refresh_from_db()
    assert session.status == SessionStatus.DECIDED
    assert _steps(session)[2:] == [
        ("decide", STATUS.DONE, world.chairman.username),
        ("after_decide", STATUS.DONE, None),
        ("decided", STATUS.DONE, None),
    ]
    assert session_process_for(session).status == PROCESS.DONE
    assert "Chủ tịch quyết định khen thưởng" not in text(chairman.get(url("workflows:tasks")))
    # who was present is still what the secretariat recorded
    assert Attendance.objects.filter(session=session, state=AttendanceState.PRESENT).count() == 9


def test_the_chairman_sends_the_session_back_and_its_lines_go_to_a_new_session(council: Any) -> None:
    world, members = council.world, council.members
    secretariat = login(world.secretariat)
    session = create_session(council, secretariat)
    record_attendance(secretariat, session, dict.fromkeys(members, AttendanceState.PRESENT))
    open_voting(secretariat, session)
    for member in members:
        choices = {
            item: AGREE
            for item in items(session)
            if not (member == council.recused and item.line.nomination.unit_id == world.unit_a.pk)
        }
        login(member).post(url("workflows:session_ballot", session), ballot_data(choices))
    secretariat.post(url("workflows:session_close", session))

    chairman = login(world.chairman)
    response = chairman.post(
        url("workflows:session_send_back", session), {"reason": "Cần xác minh thêm thành tích"}, follow=True
    )
    assert messages_of(response) == ["Đã trả phiên họp lại hội đồng."]
    session.refresh_from_db()
    assert session.status == SessionStatus.RETURNED
    assert session.decision_note == "Cần xác minh thêm thành tích"
    assert _steps(session)[-3:] == [
        ("decide", STATUS.DONE, world.chairman.username),
        ("after_decide", STATUS.DONE, None),
        ("returned", STATUS.DONE, None),
    ]
    assert not Decision.objects.filter(session=session).exists()
    # the same lines go on the agenda of a new session
    again = create_session(council, secretariat)
    assert {item.line_id for item in items(again)} == {item.line_id for item in items(session)}


def test_tampering_after_the_close_shows_on_the_pages_and_blocks_the_decision(council: Any) -> None:
    world, members = council.world, council.members
    secretariat = login(world.secretariat)
    session = create_session(council, secretariat)
    record_attendance(secretariat, session, dict.fromkeys(members, AttendanceState.PRESENT))
    open_voting(secretariat, session)
    for member in members[3:]:
        login(member).post(url("workflows:session_ballot", session), ballot_data(dict.fromkeys(items(session), AGREE)))
    secretariat.post(url("workflows:session_close", session), {"reason": "Ba thành viên phải về trước"})
    session.refresh_from_db()
    digest = session.results_digest
    # someone with database access turns one "agree" into "disagree"
    tally = LineTally.objects.filter(session=session, agree__gt=0).order_by("id").first()
    LineTally.objects.filter(pk=tally.pk).update(agree=tally.agree - 1, disagree=tally.disagree + 1)
    changed = f"Số phiếu của dòng {tally.item.position} khác bản đã ký."

    for user, name in ((world.secretariat, "workflows:session_detail"), (members[4], "workflows:session_results")):
        page = text(login(user).get(url(name, session)))
        assert "Phát hiện kết quả bị thay đổi sau khi khoá:" in page
        assert changed in page
        assert "Kiểm tra toàn vẹn:" not in page
    chairman = login(world.chairman)
    response = chairman.post(
        url("workflows:session_decide", session), {"approve": [item.pk for item in items(session)]}
    )
    assert messages_of(response) == [changed]
    session.refresh_from_db()
    assert (session.status, session.results_digest) == (SessionStatus.CLOSED, digest)
    assert not Decision.objects.filter(session=session).exists()
    assert _steps(session)[-1] == ("decide", STATUS.NEW, None)
