"""Bad input through the session pages: the user reads a clear message and
nothing is written — no ballot, no participation row, no notice, no flow step."""

from __future__ import annotations

from typing import Any

import pytest
from viewflow.workflow.models import Task

from decisions.models import (
    AttendanceState,
    BallotCast,
    CouncilSession,
    Decision,
    LineTally,
    PaperEntry,
    SealedBallot,
    SessionStatus,
)
from notifications.models import Notice, Reminder
from workflows.tests.flows.sessions.conftest import (
    ballot_data,
    create_session,
    item_of,
    items,
    login,
    messages_of,
    open_voting,
    record_attendance,
    text,
    url,
)

pytestmark = pytest.mark.django_db


def stored() -> dict[str, Any]:
    return {
        "casts": BallotCast.objects.count(),
        "ballots": SealedBallot.objects.count(),
        "tallies": LineTally.objects.count(),
        "paper_entries": PaperEntry.objects.count(),
        "notices": Notice.objects.count(),
        "reminders": list(Reminder.objects.order_by("id").values_list("id", "sent_at")),
        "tasks": list(Task.objects.order_by("id").values_list("id", "status", "owner_id")),
        "sessions": list(CouncilSession.objects.order_by("id").values_list("id", "status", "results_digest")),
        "decisions": Decision.objects.count(),
    }


@pytest.fixture
def voting(council: Any) -> Any:
    """A session open for voting, everybody present."""
    secretariat = login(council.world.secretariat)
    session = create_session(council, secretariat)
    record_attendance(secretariat, session, dict.fromkeys(council.members, AttendanceState.PRESENT))
    open_voting(secretariat, session, closes_at="2099-12-10T11:00")
    session.refresh_from_db()
    assert session.status == SessionStatus.VOTING
    return session


def _all_agree(session: CouncilSession, member: Any, council: Any) -> dict[str, str]:
    return ballot_data(
        {
            item: "agree"
            for item in items(session)
            if not (member == council.recused and item.line.nomination.unit_id == council.world.unit_a.pk)
        }
    )


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("not_on_agenda", "Phiếu có dòng không thuộc chương trình của phiên họp."),
        ("recused", "Bạn không tham gia biểu quyết dòng có liên quan đến mình hoặc đơn vị mình."),
        ("twice", "Bạn đã bỏ phiếu trong phiên họp này; mỗi thành viên chỉ bỏ một phiếu."),
        ("after_close", "Phiên họp không trong thời gian bỏ phiếu."),
        ("incomplete", "Phiếu chưa biểu quyết đủ các dòng (còn 1 dòng)."),
        ("bad_choice", "Lựa chọn không hợp lệ."),
    ],
)
def test_a_bad_ballot_is_refused_with_a_message(council: Any, voting: CouncilSession, case: str, message: str) -> None:
    member = council.members[4]
    data = _all_agree(voting, member, council)
    if case == "not_on_agenda":
        data["item_999999"] = "agree"
    elif case == "recused":
        member = council.recused
        data = _all_agree(voting, council.members[0], council)  # includes unit A's line
    elif case == "twice":
        login(member).post(url("workflows:session_ballot", voting), data)
        data = ballot_data(dict.fromkeys(items(voting), "disagree"))
    elif case == "after_close":
        login(council.world.secretariat).post(url("workflows:session_close", voting), {"reason": "Hết giờ họp"})
    elif case == "incomplete":
        data.pop(f"item_{items(voting)[0].pk}")
    elif case == "bad_choice":
        data[f"item_{items(voting)[0].pk}"] = "maybe"
    before = stored()
    response = login(member).post(url("workflows:session_ballot", voting), data)
    assert response.status_code == 200
    assert messages_of(response) == [message]
    assert stored() == before
    if case in ("not_on_agenda", "incomplete", "bad_choice", "recused"):
        # the ballot comes back with the member's own ticks, to be corrected
        body = response.content.decode()
        assert "Phiếu của bạn đã được ghi nhận" not in body
        item = item_of(voting, council.world.unit_b)
        assert f'name="item_{item.pk}" value="agree" required checked' in body


@pytest.mark.parametrize("who", ["unit_b_user", "other_secretariat", "secretariat", "admin"])
def test_only_the_councils_voting_members_have_a_ballot(council: Any, voting: CouncilSession, who: str) -> None:
    user = getattr(council.world, who)
    before = stored()
    response = login(user).post(url("workflows:session_ballot", voting), _all_agree(voting, user, council))
    # outside the council: 404, nothing of the session; staff who do not vote: 403
    assert response.status_code == (404 if who in ("unit_b_user", "other_secretariat") else 403)
    assert "Hội trường UBND thị trấn" not in text(response)
    assert stored() == before


def test_an_absent_member_who_does_not_vote_in_writing_cannot_vote(council: Any) -> None:
    secretariat = login(council.world.secretariat)
    session = create_session(council, secretariat)
    states = dict.fromkeys(council.members, AttendanceState.PRESENT) | {council.members[9]: AttendanceState.ABSENT}
    record_attendance(secretariat, session, states)
    open_voting(secretariat, session)
    member = login(council.members[9])
    assert "không đăng ký bỏ phiếu bằng văn bản" in text(member.get(url("workflows:session_ballot", session)))
    before = stored()
    response = member.post(url("workflows:session_ballot", session), _all_agree(session, council.members[9], council))
    assert messages_of(response) == ["Bạn không có mặt tại phiên họp và không đăng ký bỏ phiếu bằng văn bản."]
    assert stored() == before


def test_voting_does_not_open_without_quorum(council: Any) -> None:
    secretariat = login(council.world.secretariat)
    session = create_session(council, secretariat)
    states = {m: AttendanceState.PRESENT if i < 6 else AttendanceState.ABSENT for i, m in enumerate(council.members)}
    record_attendance(secretariat, session, states)
    before = stored()
    response = open_voting(secretariat, session, closes_at="2099-12-10T11:00")
    assert messages_of(response) == ["Chưa đủ số thành viên dự họp: có mặt 6/10, cần ít nhất 7."]
    assert "chưa đủ số thành viên dự họp" in text(response)
    assert stored() == before
    # a ballot cannot be cast on a session that has not opened
    response = login(council.members[0]).post(
        url("workflows:session_ballot", session), _all_agree(session, council.members[0], council)
    )
    assert messages_of(response) == ["Phiên họp không trong thời gian bỏ phiếu."]
    assert stored() == before


def test_bad_attendance_and_opening_input(council: Any) -> None:
    world = council.world
    secretariat = login(world.secretariat)
    session = create_session(council, secretariat, allow_written_votes="")
    before = stored()
    cases = [
        ({f"attendance_{council.members[0].pk}": "written"}, "Phiên họp này không cho phép bỏ phiếu bằng văn bản."),
        ({f"attendance_{world.unit_a_user.pk}": "present"}, "Người được điểm danh không phải thành viên hội đồng."),
        ({f"attendance_{council.members[0].pk}": "asleep"}, "Tình trạng dự họp không hợp lệ."),
        ({}, "Chưa chọn tình trạng dự họp của thành viên nào."),
    ]
    for data, message in cases:
        response = secretariat.post(url("workflows:session_attendance", session), data, follow=True)
        assert messages_of(response) == [message]
    assert not session.attendance.exists()
    record_attendance(secretariat, session, dict.fromkeys(council.members, AttendanceState.PRESENT))
    response = open_voting(secretariat, session, closes_at="2001-01-01T08:00")
    assert messages_of(response) == ["Hạn bỏ phiếu phải ở sau thời điểm hiện tại."]
    response = open_voting(secretariat, session, closes_at="mai")
    assert len(messages_of(response)) == 1
    assert stored() == before


def test_bad_session_creation_input(council: Any) -> None:
    world = council.world
    secretariat = login(world.secretariat)
    response = secretariat.post(
        url("workflows:session_create"),
        {
            "round": world.round.pk,
            "held_at": "2026-12-10T08:30",
            "place": "  ",
            "chair": world.chairman.pk,
            "secretary": world.secretariat.pk,
        },
    )
    assert response.status_code == 200
    assert not CouncilSession.objects.exists()
    # the chair must be a voting member of the council (the secretariat is not)
    response = secretariat.post(
        url("workflows:session_create"),
        {
            "round": world.round.pk,
            "held_at": "2026-12-10T08:30",
            "place": "Hội trường",
            "chair": world.secretariat.pk,
            "secretary": world.secretariat.pk,
        },
    )
    assert response.status_code == 200
    assert 'class="field has-error"' in response.content.decode()
    assert not CouncilSession.objects.exists()
    # the other council's round is not offered
    response = secretariat.post(
        url("workflows:session_create"),
        {
            "round": world.other_round.pk,
            "held_at": "2026-12-10T08:30",
            "place": "Hội trường",
            "chair": world.chairman.pk,
            "secretary": world.secretariat.pk,
        },
    )
    assert response.status_code == 200
    assert not CouncilSession.objects.exists()
    assert not Task.objects.filter(process__flow_class__contains="SessionFlow").exists()


def test_paper_ballots_bad_input(council: Any, voting: CouncilSession) -> None:
    secretariat = login(council.world.secretariat)
    before = stored()
    # content before anybody handed a ballot in
    response = secretariat.post(
        url("workflows:session_paper", voting), ballot_data(dict.fromkeys(items(voting), "agree"))
    )
    assert messages_of(response) == [
        "Hãy kết thúc thu phiếu giấy trước khi nhập nội dung phiếu (không nhập xen kẽ với việc thu phiếu)."
    ]
    response = secretariat.post(url("workflows:session_paper_handed_in", voting), {}, follow=True)
    assert messages_of(response) == ["Chưa chọn thành viên nộp phiếu giấy."]
    response = secretariat.post(
        url("workflows:session_paper_handed_in", voting), {"member": [council.world.unit_a_user.pk]}, follow=True
    )
    assert messages_of(response) == [f"{council.world.unit_a_user.get_full_name()} không phải thành viên hội đồng."]
    assert stored() == before
    # someone who already voted online cannot hand in a paper ballot too
    member = council.members[3]
    login(member).post(url("workflows:session_ballot", voting), _all_agree(voting, member, council))
    before = stored()
    response = secretariat.post(url("workflows:session_paper_handed_in", voting), {"member": [member.pk]}, follow=True)
    assert messages_of(response) == [f"{member.get_full_name()} đã bỏ phiếu trong phiên họp này."]
    assert stored() == before


def _closed(council: Any, voting: CouncilSession, agree_b: int) -> CouncilSession:
    """Unit A's line passes 9/10; unit B's line gets ``agree_b`` agrees."""
    unit_a_item, unit_b_item = item_of(voting, council.world.unit_a), item_of(voting, council.world.unit_b)
    for index, member in enumerate(council.members):
        choices = {unit_b_item: "agree" if index < agree_b else "disagree"}
        if member != council.recused:
            choices[unit_a_item] = "agree"
        login(member).post(url("workflows:session_ballot", voting), ballot_data(choices))
    login(council.world.secretariat).post(url("workflows:session_close", voting))
    voting.refresh_from_db()
    assert voting.status == SessionStatus.CLOSED
    return voting


def test_the_chairmans_bad_decisions_are_refused(council: Any, voting: CouncilSession) -> None:
    session = _closed(council, voting, agree_b=3)
    unit_a_item, unit_b_item = item_of(session, council.world.unit_a), item_of(session, council.world.unit_b)
    chairman = login(council.world.chairman)
    decide = url("workflows:session_decide", session)
    before = stored()
    cases = [
        ({"approve": [unit_a_item.pk, unit_b_item.pk]}, "Không thể phê duyệt dòng không đạt tỷ lệ phiếu: "),
        ({"approve": []}, "Dòng bị loại phải có lý do."),
        ({"approve": [unit_a_item.pk, 999_999]}, "Có dòng không thuộc phiên họp này."),
        ({"approve": ["abc"]}, "Có dòng không thuộc phiên họp này."),
    ]
    for data, message in cases:
        response = chairman.post(decide, data)
        assert response.status_code == 200
        assert messages_of(response)[0].startswith(message), messages_of(response)
        assert stored() == before
    response = chairman.post(url("workflows:session_send_back", session), {"reason": "  "})
    assert messages_of(response) == ["Hãy ghi lý do trả lại hội đồng."]
    assert stored() == before
    # others may not decide
    for user in (council.world.secretariat, council.members[3]):
        response = login(user).post(decide, {"approve": [unit_a_item.pk]})
        assert response.status_code == 403
    assert login(council.world.other_secretariat).post(decide, {"approve": [unit_a_item.pk]}).status_code == 404
    assert stored() == before
    # leaving a passing line out with a reason is allowed: no line is decided, no decision is drafted
    response = chairman.post(
        decide, {"approve": [], f"reason_{unit_a_item.pk}": "Đã khen thưởng đột xuất"}, follow=True
    )
    assert messages_of(response) == ["Đã ghi quyết định của chủ tịch; không có dòng nào được khen thưởng ở cấp này."]
    session.refresh_from_db()
    assert session.status == SessionStatus.DECIDED
    assert "Đã khen thưởng đột xuất" in session.decision_note
    # a second decision is refused: the step is done
    before = stored()
    response = chairman.post(decide, {"approve": [unit_a_item.pk]})
    assert "Phiên họp đã chuyển sang bước khác" in messages_of(response)[0]
    assert stored() == before


def test_closing_twice_and_closing_before_opening(council: Any) -> None:
    secretariat = login(council.world.secretariat)
    session = create_session(council, secretariat)
    before = stored()
    response = secretariat.post(url("workflows:session_close", session), follow=True)
    assert messages_of(response) == ["Phiên họp không trong thời gian bỏ phiếu."]
    assert stored() == before
    record_attendance(secretariat, session, dict.fromkeys(council.members, AttendanceState.PRESENT))
    open_voting(secretariat, session)
    for member in council.members[3:]:
        login(member).post(url("workflows:session_ballot", session), _all_agree(session, member, council))
    secretariat.post(url("workflows:session_close", session), {"reason": "Hết giờ họp"}, follow=True)
    before = stored()
    response = secretariat.post(url("workflows:session_close", session), follow=True)
    assert messages_of(response) == [
        "Phiên họp đã chuyển sang bước khác (trạng thái hiện tại: “Đã kết thúc bỏ phiếu”); thao tác không thực hiện được."
    ]
    assert stored() == before
    # the chairman cannot close
    assert login(council.world.chairman).post(url("workflows:session_close", session)).status_code == 403
