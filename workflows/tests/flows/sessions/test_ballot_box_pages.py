"""The sealed ballot box through its pages (docs/ballot-secrecy.md): a member's ballot in
two steps (review, then confirm) cast once whatever is posted twice; the secretariat's
close page and its reason; the vote closing at its time on the first request; the
paper ballot pages; and the session page that lists who voted, in name order, never
what they chose.  Expected answers come from the ballots the test itself cast."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

import pytest
from django.conf import settings

from decisions import seal
from decisions.models import (
    AgendaItem,
    AttendanceState,
    BallotCast,
    CastMethod,
    CouncilSession,
    LineTally,
    PaperEntry,
    PaperEntryStatus,
    SealedBallot,
    SessionStatus,
)
from workflows.tests.flows.sessions.conftest import (
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

ALREADY_VOTED = "Bạn đã bỏ phiếu trong phiên họp này; mỗi thành viên chỉ bỏ một phiếu."
RECUSED = "Bạn không tham gia biểu quyết dòng có liên quan đến mình hoặc đơn vị mình."
CLOSED = "Đã kết thúc bỏ phiếu; kết quả đã được khoá và gửi chủ tịch."
# the council's members by name, in the Vietnamese order (given name first: Hạnh < Hùng < Long …)
NAME_ORDER = [
    "Lê Thị Hạnh",
    "Trịnh Văn Hùng",
    "Bùi Đức Long",
    "Vũ Thị Mai",
    "Hoàng Văn Nam",
    "Phạm Thị Oanh",
    "Lê Minh Quang",
    "Trần Văn Sơn",
    "Nguyễn Thị Thu",
    "Đỗ Quang Vinh",
]


def box() -> dict[str, int]:
    return {
        "casts": BallotCast.objects.count(),
        "sealed": SealedBallot.objects.count(),
        "paper": PaperEntry.objects.count(),
        "tallies": LineTally.objects.count(),
    }


def fresh(session: CouncilSession) -> CouncilSession:
    return CouncilSession.objects.get(pk=session.pk)


def open_session(council: Any, closes_at: str = "", states: dict[Any, str] | None = None) -> CouncilSession:
    """Created, attendance recorded (everybody present unless ``states`` says otherwise) and opened, on the pages."""
    secretariat = login(council.world.secretariat)
    session = create_session(council, secretariat)
    record_attendance(secretariat, session, dict.fromkeys(council.members, AttendanceState.PRESENT) | (states or {}))
    open_voting(secretariat, session, closes_at=closes_at)
    session.refresh_from_db()
    assert session.status == SessionStatus.VOTING
    return session


def picks(council: Any, session: CouncilSession, member: Any, a: str = "agree", b: str = "agree") -> dict[str, str]:
    """A ballot's fields: ``a`` on unit A's line, ``b`` on unit B's; the recused member leaves unit A's line out."""
    chosen = {item_of(session, council.world.unit_b): b}
    if member != council.recused:
        chosen[item_of(session, council.world.unit_a)] = a
    return {f"item_{item.pk}": choice for item, choice in chosen.items()}  # the step is added by ``vote``


CODES = {"agree": "A", "disagree": "D", "blank": "B"}


def expected(council: Any, session: CouncilSession, member: Any, a: str = "agree", b: str = "agree") -> bytes:
    """What the member's sealed ballot must read: one code per line, in agenda order, R where recused."""
    codes = []
    for item in items(session):
        if item.line.nomination.unit_id == council.world.unit_a.pk:
            codes.append("R" if member == council.recused else CODES[a])
        else:
            codes.append(CODES[b])
    return "".join(codes).encode()


def opened(session: CouncilSession, row: SealedBallot) -> bytes:
    session = fresh(session)
    return seal.unseal(
        settings.BALLOT_SEAL_KEY.encode(),
        session_id=session.pk,
        agenda_digest=session.agenda_digest,
        row=seal.Sealed(row.key_id, bytes(row.nonce), bytes(row.sealed)),
        length=len(items(session)),
    )


def shown_tracker(response: Any) -> str | None:
    found = re.search(r'<code class="tracker" id="tracker">([0-9a-f]{64})</code>', response.content.decode())
    return found.group(1) if found else None


def vote(client: Any, session: CouncilSession, data: dict[str, str], step: str) -> Any:
    return client.post(url("workflows:session_ballot", session), {**data, "step": step})


def cast(council: Any, session: CouncilSession, member: Any, a: str = "agree", b: str = "agree") -> Any:
    client = login(member)
    data = picks(council, session, member, a, b)
    assert vote(client, session, data, "review").status_code == 200
    response = vote(client, session, data, "confirm")
    assert response.status_code == 200
    return response


def casts_on_page(body: str) -> list[str]:
    section = re.search(r'<ul class="plain" id="casts">(.*?)</ul>', body, re.S)
    assert section, "the session page lists nobody who has voted"
    return [strip_tags(item) for item in re.findall(r"<li>(.*?)</li>", section.group(1), re.S)]


def tallies(council: Any, session: CouncilSession) -> dict[str, tuple[int, int, int, int, int]]:
    """{"a"/"b": (agree, disagree, blank, recused, not_voted)} as written at the close."""
    rows = {row.item_id: row for row in LineTally.objects.filter(session=session)}
    found = {}
    for item in items(session):
        row = rows[item.pk]
        key = "a" if item.line.nomination.unit_id == council.world.unit_a.pk else "b"
        found[key] = (row.agree, row.disagree, row.blank, row.recused, row.not_voted)
    return found


# --- A member's ballot: review, then confirm ----------------------------------------


def test_the_review_writes_nothing_and_the_confirm_casts_and_shows_the_tracker(council: Any) -> None:
    session = open_session(council)
    member = council.members[4]
    client = login(member)
    data = picks(council, session, member, a="agree", b="disagree")
    before = box()
    review = vote(client, session, data, "review")
    assert review.status_code == 200
    assert messages_of(review) == []
    body = review.content.decode()
    assert 'id="ballot-review"' in body
    for name, value in data.items():  # the choices travel in the page, as hidden fields
        assert f'<input type="hidden" name="{name}" value="{value}">' in body
    edit = vote(client, session, data, "edit")
    assert 'id="ballot"' in edit.content.decode()
    assert box() == before
    stored = json.dumps(dict(client.session.items()), default=str)
    assert "agree" not in stored
    assert "disagree" not in stored

    confirmed = vote(client, session, data, "confirm")
    assert confirmed.status_code == 200  # no redirect: the tracker is shown in this answer only
    assert box() == before | {"casts": before["casts"] + 1, "sealed": before["sealed"] + 1}
    assert BallotCast.objects.get(session=session).method == CastMethod.ONLINE
    row = SealedBallot.objects.get(session=session)
    tracker = shown_tracker(confirmed)
    assert tracker == hashlib.sha256(bytes(row.nonce) + bytes(row.sealed)).hexdigest()
    assert opened(session, row) == expected(council, session, member, a="agree", b="disagree")
    assert f"<code>{tracker}</code>" in confirmed.content.decode()  # in the list of the box's trackers
    # shown once: the page says the member has voted, with no tracker of its own
    again = client.get(url("workflows:session_ballot", session))
    assert "Phiếu của bạn đã được ghi nhận" in text(again)
    assert shown_tracker(again) is None


def test_two_tabs_confirming_the_same_ballot_cast_it_once(council: Any) -> None:
    session = open_session(council)
    member = council.members[4]
    first_tab, second_tab = login(member), login(member)
    first = picks(council, session, member, a="agree", b="agree")
    second = picks(council, session, member, a="disagree", b="disagree")
    assert 'id="ballot-review"' in vote(first_tab, session, first, "review").content.decode()
    assert 'id="ballot-review"' in vote(second_tab, session, second, "review").content.decode()
    assert shown_tracker(vote(first_tab, session, first, "confirm")) is not None
    before = box()
    refused = vote(second_tab, session, second, "confirm")
    assert refused.status_code == 200
    assert messages_of(refused) == [ALREADY_VOTED]
    assert shown_tracker(refused) is None
    assert "Phiếu của bạn đã được ghi nhận" in text(refused)
    assert box() == before
    assert BallotCast.objects.filter(session=session, member=member).count() == 1
    assert SealedBallot.objects.filter(session=session).count() == 1
    assert opened(session, SealedBallot.objects.get(session=session)) == expected(council, session, member)


def test_a_replayed_confirm_post_is_refused(council: Any) -> None:
    session = open_session(council)
    member = council.members[4]
    client = login(member)
    data = picks(council, session, member, b="disagree")
    vote(client, session, data, "review")
    assert shown_tracker(vote(client, session, data, "confirm")) is not None
    before = box()
    for step in ("confirm", "review"):
        replayed = vote(client, session, data, step)
        assert messages_of(replayed) == [ALREADY_VOTED]
        assert shown_tracker(replayed) is None
    assert box() == before
    assert BallotCast.objects.filter(session=session).count() == 1
    assert SealedBallot.objects.filter(session=session).count() == 1


def test_a_choice_on_the_line_the_member_is_recused_from_is_refused(council: Any) -> None:
    session = open_session(council)
    member = council.recused
    client = login(member)
    data = picks(council, session, council.members[0])  # includes unit A's line
    recused_line = item_of(session, council.world.unit_a)
    page = text(client.get(url("workflows:session_ballot", session)))
    assert f'name="item_{recused_line.pk}"' not in page  # the recused line has no choice to tick
    before = box()
    for step in ("review", "confirm"):
        response = vote(client, session, data, step)
        assert messages_of(response) == [RECUSED]
        assert shown_tracker(response) is None
    assert box() == before
    # without that line the ballot is cast, and reads R on it
    response = cast(council, session, member, b="disagree")
    assert shown_tracker(response) is not None
    assert opened(session, SealedBallot.objects.get(session=session)) == expected(
        council, session, member, b="disagree"
    )


# --- The secretariat's session page -------------------------------------------------


def test_the_session_page_lists_who_voted_in_name_order_never_what(council: Any) -> None:
    session = open_session(council)
    # cast in the reverse of name order, each with different choices
    order = sorted(council.members, key=lambda m: NAME_ORDER.index(m.get_full_name()), reverse=True)
    for index, member in enumerate(order[:-1]):
        cast(council, session, member, a=("agree", "disagree")[index % 2], b=("disagree", "agree")[index % 3 % 2])
    body = text(login(council.world.secretariat).get(url("workflows:session_detail", session)))
    assert casts_on_page(body) == [f"{name} — Bỏ phiếu trực tuyến" for name in NAME_ORDER[1:]]
    assert 'id="cast-count">9<' in body
    assert "Số phiếu đã vào hòm phiếu: 9/10" in body
    for choice in ("Đồng ý", "Không đồng ý", "agree", "disagree"):
        assert choice not in body
    assert fresh(session).status == SessionStatus.VOTING


def test_only_the_secretariat_sees_who_has_voted_while_the_vote_is_open(council: Any) -> None:
    """The chairman and the council's admin see how many have voted, not who, nor the trackers."""
    session = open_session(council)
    for member in council.members[3:6]:
        cast(council, session, member)
    for user in (council.world.chairman, council.world.admin):  # the admin: the council's admin and a superuser
        body = text(login(user).get(url("workflows:session_detail", session)))
        assert 'id="cast-count">3<' in body, user.username
        assert 'id="casts"' not in body, user.username
        assert 'id="trackers"' not in body, user.username
    body = text(login(council.world.secretariat).get(url("workflows:session_detail", session)))
    assert len(casts_on_page(body)) == 3
    assert 'id="trackers"' in body


# --- Closing on the close page --------------------------------------------------------


def test_an_early_close_on_the_close_page_needs_a_reason(council: Any) -> None:
    session = open_session(council)
    for member in council.members[:7]:
        cast(council, session, member)
    secretariat = login(council.world.secretariat)
    before = box()
    for reason in ("", "   "):
        response = secretariat.post(url("workflows:session_close", session), {"reason": reason}, follow=True)
        assert messages_of(response) == [
            "Còn 3 thành viên chưa bỏ phiếu và chưa đến hạn bỏ phiếu. "
            "Muốn kết thúc sớm phải ghi lý do; lý do được ghi vào biên bản."
        ]
        assert box() == before
        assert fresh(session).status == SessionStatus.VOTING
    reason = "Ba thành viên phải về trước vì công tác đột xuất"
    response = secretariat.post(url("workflows:session_close", session), {"reason": reason}, follow=True)
    assert messages_of(response) == [CLOSED]
    closed = fresh(session)
    assert closed.status == SessionStatus.CLOSED
    assert closed.close_reason == reason
    assert json.loads(closed.results["payload"])["close_reason"] == reason
    assert reason in strip_tags(re.search(r'<dd id="close-reason">(.*?)</dd>', response.content.decode(), re.S)[1])
    assert SealedBallot.objects.filter(session=session).count() == 0
    assert tallies(council, session) == {"a": (6, 0, 0, 1, 3), "b": (7, 0, 0, 0, 3)}


def test_a_close_with_fewer_ballots_than_the_quorum_voids_the_vote(council: Any) -> None:
    session = open_session(council)
    for member in council.members[:6]:
        cast(council, session, member)
    response = login(council.world.secretariat).post(
        url("workflows:session_close", session), {"reason": "Mất điện"}, follow=True
    )
    assert any("Chỉ có 6 phiếu, ít hơn số thành viên tối thiểu (7)" in message for message in messages_of(response))
    voided = fresh(session)
    assert voided.status == SessionStatus.PREPARING
    assert len(voided.void_votes) == 1
    assert (voided.results, box()["casts"], box()["sealed"], box()["tallies"]) == (None, 0, 0, 0)


@pytest.mark.parametrize("first", ["secretariat", "member"])
def test_the_first_request_after_the_closing_time_closes_the_vote(council: Any, time_machine: Any, first: str) -> None:
    time_machine.move_to(vn(2026, 12, 10, 8, 0), tick=False)
    session = open_session(council, closes_at="2026-12-10T10:00")
    for member in council.members[:7]:
        cast(council, session, member)
    time_machine.move_to(vn(2026, 12, 10, 9, 59), tick=False)
    secretariat = login(council.world.secretariat)  # a login at 8:00 would be idle past SESSION_IDLE_MINUTES
    secretariat.get(url("workflows:session_detail", session))
    assert fresh(session).status == SessionStatus.VOTING
    time_machine.move_to(vn(2026, 12, 10, 10, 0), tick=False)
    if first == "secretariat":
        response = secretariat.get(url("workflows:session_detail", session))
        assert 'id="results"' in response.content.decode()
    else:
        response = login(council.members[9]).get(url("workflows:session_ballot", session))
        assert "Phiên họp đã kết thúc bỏ phiếu." in text(response)
    assert response.status_code == 200
    closed = fresh(session)
    assert (closed.status, closed.close_reason) == (SessionStatus.CLOSED, "")
    assert SealedBallot.objects.filter(session=session).count() == 0
    assert tallies(council, session) == {"a": (6, 0, 0, 1, 3), "b": (7, 0, 0, 0, 3)}


def test_the_vote_closes_on_the_last_ballot_page(council: Any) -> None:
    session = open_session(council)
    for member in council.members[:-1]:
        cast(council, session, member)
    assert fresh(session).status == SessionStatus.VOTING
    response = cast(council, session, council.members[-1], a="disagree", b="disagree")
    assert shown_tracker(response) is not None
    assert fresh(session).status == SessionStatus.CLOSED
    assert tallies(council, session) == {"a": (8, 1, 0, 1, 0), "b": (9, 1, 0, 0, 0)}


# --- Paper ballots on the pages -----------------------------------------------------


def hand_in(client: Any, session: CouncilSession, *members: Any) -> Any:
    return client.post(
        url("workflows:session_paper_handed_in", session), {"member": [m.pk for m in members]}, follow=True
    )


def enter(client: Any, session: CouncilSession, data: dict[str, str], *, invalid: bool = False) -> Any:
    return client.post(url("workflows:session_paper", session), {**data, **({"invalid": "1"} if invalid else {})})


def paper_tracker(response: Any) -> str | None:
    found = re.search(r'<code id="tracker">([0-9a-f]{64})</code>', response.content.decode())
    return found.group(1) if found else None


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("absent", "Bùi Đức Long không có mặt tại phiên họp nên không nộp phiếu giấy."),
        ("written", "Vũ Thị Mai không có mặt tại phiên họp nên không nộp phiếu giấy."),
        ("voted_online", "Hoàng Văn Nam đã bỏ phiếu trong phiên họp này."),
    ],
)
def test_a_paper_hand_in_is_refused_on_the_page(council: Any, who: str, message: str) -> None:
    m = council.members
    session = open_session(council, states={m[9]: AttendanceState.ABSENT, m[8]: AttendanceState.WRITTEN})
    cast(council, session, m[7])  # Hoàng Văn Nam votes online; Vũ Thị Mai votes in writing; Bùi Đức Long is absent
    member = {"absent": m[9], "written": m[8], "voted_online": m[7]}[who]
    secretariat = login(council.world.secretariat)
    page = text(secretariat.get(url("workflows:session_paper", session)))
    assert f'name="member" value="{member.pk}"' not in page  # not offered
    before = box()
    response = hand_in(secretariat, session, member)
    assert messages_of(response) == [message]
    assert box() == before


def test_paper_pages_enter_contents_only_after_the_hand_ins_close(council: Any) -> None:
    session = open_session(council)
    m, world = council.members, council.world
    secretariat = login(world.secretariat)
    response = hand_in(secretariat, session, m[9])
    assert messages_of(response) == ["Đã ghi nhận người nộp phiếu giấy. Hãy nhập nội dung từng phiếu (không ghi tên)."]
    assert BallotCast.objects.get(session=session).method == CastMethod.PAPER
    data = picks(council, session, m[0], a="disagree", b="agree")
    before = box()
    response = enter(secretariat, session, data)
    assert messages_of(response) == [
        "Hãy kết thúc thu phiếu giấy trước khi nhập nội dung phiếu (không nhập xen kẽ với việc thu phiếu)."
    ]
    assert box() == before
    secretariat.post(url("workflows:session_paper_close", session), follow=True)
    response = hand_in(secretariat, session, m[8])
    assert messages_of(response) == ["Đã kết thúc thu phiếu giấy; không ghi nhận thêm người nộp phiếu."]
    entered = enter(secretariat, session, data)
    tracker = paper_tracker(entered)
    row = SealedBallot.objects.get(session=session)
    assert tracker == hashlib.sha256(bytes(row.nonce) + bytes(row.sealed)).hexdigest()
    assert opened(session, row) == expected(council, session, m[0], a="disagree", b="agree")
    before = box()
    response = enter(secretariat, session, data)
    assert messages_of(response) == [
        "Số phiếu giấy đã nhập (1) đã bằng số phiếu giấy thu vào (1); không nhập thêm được."
    ]
    assert box() == before


def test_double_keyed_paper_on_the_pages(council: Any) -> None:
    world, m = council.world, council.members
    world.council.paper_second_officer = True
    world.council.save(update_fields=["paper_second_officer"])
    session = open_session(council)
    first, second = login(world.secretariat), login(world.secretariat2)
    hand_in(first, session, m[9])
    first.post(url("workflows:session_paper_close", session), follow=True)
    data = picks(council, session, m[0], a="agree", b="disagree")
    pending = enter(first, session, data)
    assert "chờ cán bộ thứ hai nhập lại" in text(pending)
    assert paper_tracker(pending) is None
    before = box()
    same = enter(first, session, data)
    assert any("người nhập lần đầu không tự xác nhận" in message for message in messages_of(same))
    other = enter(second, session, picks(council, session, m[0], a="disagree", b="disagree"))
    assert any("Nội dung nhập lần hai khác lần nhập đầu" in message for message in messages_of(other))
    assert box() == before
    confirmed = enter(second, session, data)
    assert paper_tracker(confirmed) is not None
    entry = PaperEntry.objects.get(session=session)
    assert (entry.status, entry.entered_by_id, entry.confirmed_by_id) == (
        PaperEntryStatus.CONFIRMED,
        world.secretariat.pk,
        world.secretariat2.pk,
    )
    assert opened(session, SealedBallot.objects.get(session=session)) == expected(
        council, session, m[0], a="agree", b="disagree"
    )


def test_an_invalid_paper_ballot_on_the_pages_is_counted_invalid(council: Any) -> None:
    m = council.members
    session = open_session(council)
    secretariat = login(council.world.secretariat)
    hand_in(secretariat, session, m[9])
    secretariat.post(url("workflows:session_paper_close", session), follow=True)
    assert paper_tracker(enter(secretariat, session, {}, invalid=True)) is not None
    for member in m[:9]:
        cast(council, session, member)
    closed = fresh(session)
    assert closed.status == SessionStatus.CLOSED  # the last ballot closed it
    assert (closed.ballots_opened, closed.ballots_invalid) == (10, 1)
    assert tallies(council, session) == {"a": (8, 0, 1, 1, 0), "b": (9, 0, 1, 0, 0)}
    body = login(council.world.secretariat).get(url("workflows:session_detail", session)).content.decode()
    assert '<dd id="ballots-invalid">1</dd>' in body
    assert '<dd id="ballots-valid">9</dd>' in body
    assert AgendaItem.objects.filter(session=session).count() == 2
