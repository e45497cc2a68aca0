"""The sealed ballot box (docs/ballot-secrecy.md): its rules and the bad input it refuses.

Sessions are built through the services, never the pages.  Every expected count is
worked out here from the ballots the test itself cast, never read back from the
product code.  A refusal is checked for its message and for writing nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from django.test import override_settings

from councils.models import CouncilMembership, CouncilRole
from decisions import seal
from decisions.models import (
    AgendaItem,
    AttendanceState,
    BallotCast,
    BallotTracker,
    CastMethod,
    CouncilSession,
    Decision,
    LineTally,
    PaperEntry,
    PaperEntryStatus,
    SealedBallot,
    SessionStatus,
)
from decisions.services import ballot_box
from decisions.services import decisions as decision_services
from decisions.services import sessions as cs
from decisions.services.results import counting_record, session_results
from decisions.tests.fixtures import HELD_AT, accepted_line
from tests import factories
from workflows import session_services as flow
from workflows.flows import SessionFlow

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
TAG = 16  # the AES-GCM tag a sealed ballot carries beyond its plaintext
KINDS = ("gk", "a", "b")  # the three agenda lines, in the order a ballot string names them
WORDS = {"A": "agree", "D": "disagree", "B": "blank"}

ALREADY_VOTED = "Bạn đã bỏ phiếu trong phiên họp này; mỗi thành viên chỉ bỏ một phiếu."
RECUSED = "Bạn không tham gia biểu quyết dòng có liên quan đến mình hoặc đơn vị mình."
EARLY = "Muốn kết thúc sớm phải ghi lý do; lý do được ghi vào biên bản."
NO_KEY = re.escape("Máy chủ chưa được đặt khoá niêm phong phiếu (BALLOT_SEAL_KEY)")
OTHER_KEY = "không phải khoá đã niêm phong hòm phiếu này"
UNREADABLE = "Có phiếu trong hòm không mở được"


# --- The council and its sessions ----------------------------------------------------


@dataclass
class Board:
    world: Any
    members: list[Any]  # ten voting members: the chairman, the world's member and eight more

    @property
    def recused(self) -> Any:
        """Works in unit A: recused from unit A's line."""
        return self.members[2]


@pytest.fixture
def board(world: Any, make_dossier: Any) -> Board:
    """Ten voting members and three accepted lines: unit A's LDTT, unit B's LDTT and unit B's GK."""
    members = [world.chairman, world.member]
    for index in range(8):
        user = factories.UserFactory(username=f"uyvien{index}")
        CouncilMembership.objects.create(council=world.council, user=user, role=CouncilRole.MEMBER)
        members.append(user)
    CouncilMembership.objects.filter(council=world.council, user=members[2]).update(unit=world.unit_a)
    make_dossier("accepted")
    make_dossier("accepted", unit=world.unit_b)
    accepted_line(world, world.gk, "Phạm Văn Toàn")
    return Board(world, members)


def start(
    board: Board,
    *,
    states: dict[Any, str] | None = None,
    closes_at: dt.datetime | None = None,
    members: list[Any] | None = None,
) -> CouncilSession:
    """A session of the flow, open for voting; every member (of ``members``) present unless
    ``states`` says otherwise."""
    world = board.world
    session = flow.session_start(
        actor=world.secretariat,
        round=world.round,
        held_at=HELD_AT,
        place="Hội trường UBND thị trấn",
        chair=world.chairman,
        secretary=world.secretariat,
    )
    attendance = dict.fromkeys(board.members if members is None else members, AttendanceState.PRESENT)
    attendance |= states or {}
    cs.attendance_record(
        actor=world.secretariat, session=session, states={m.pk: state for m, state in attendance.items()}
    )
    return flow.session_open_voting(actor=world.secretariat, session=session, closes_at=closes_at)


def lines(session: CouncilSession) -> list[AgendaItem]:
    return list(
        AgendaItem.objects.filter(session=session)
        .select_related("line__nomination", "line__award_type")
        .order_by("position", "id")
    )


def kind(board: Board, item: AgendaItem) -> str:
    if item.line.award_type_id == board.world.gk.pk:
        return "gk"
    return "a" if item.line.nomination.unit_id == board.world.unit_a.pk else "b"


def line_of(board: Board, session: CouncilSession, which: str) -> AgendaItem:
    return next(item for item in lines(session) if kind(board, item) == which)


def choices(board: Board, session: CouncilSession, ballot: str) -> dict[int, str]:
    """``ballot`` names the (gk, a, b) lines' choices: A agree, D disagree, B blank, - left out."""
    picks = dict(zip(KINDS, ballot, strict=True))
    return {item.pk: WORDS[picks[kind(board, item)]] for item in lines(session) if picks[kind(board, item)] != "-"}


def plaintext(board: Board, session: CouncilSession, ballot: str) -> bytes:
    """What the ballot must read once opened: one code per line in agenda order, R where left out."""
    picks = dict(zip(KINDS, ballot, strict=True))
    return "".join(picks[kind(board, item)].replace("-", "R") for item in lines(session)).encode()


def cast(board: Board, session: CouncilSession, member: Any, ballot: str) -> str:
    return ballot_box.ballot_cast(member=member, session=session, choices=choices(board, session, ballot))


def everyone_else(
    board: Board, session: CouncilSession, *, but: tuple[Any, ...] = (), ballot: str = "AAA"
) -> list[str]:
    """Every member not in ``but`` casts ``ballot`` (the recused member leaves unit A's line out)."""
    trackers = []
    for member in board.members:
        if member in but:
            continue
        mine = ballot[0] + "-" + ballot[2] if member == board.recused else ballot
        trackers.append(cast(board, session, member, mine))
    return trackers


def box() -> dict[str, int]:
    return {
        "casts": BallotCast.objects.count(),
        "sealed": SealedBallot.objects.count(),
        "paper": PaperEntry.objects.count(),
        "tallies": LineTally.objects.count(),
        "trackers": BallotTracker.objects.count(),
    }


def status(session: CouncilSession) -> str:
    return CouncilSession.objects.get(pk=session.pk).status


def listed(session: CouncilSession) -> list[str]:
    """The tracker list as shown now (read from the session as it is in the database)."""
    return ballot_box.live_trackers(CouncilSession.objects.get(pk=session.pk))


def master() -> bytes:
    return settings.BALLOT_SEAL_KEY.encode()


def row_of(tracker: str) -> SealedBallot:
    """The sealed row a tracker names: SHA-256 of its nonce and ciphertext."""
    found = [
        row
        for row in SealedBallot.objects.all()
        if hashlib.sha256(bytes(row.nonce) + bytes(row.sealed)).hexdigest() == tracker
    ]
    assert len(found) == 1
    return found[0]


def opened(session: CouncilSession, row: SealedBallot, length: int = 3) -> bytes:
    session.refresh_from_db()
    return seal.unseal(
        master(),
        session_id=session.pk,
        agenda_digest=session.agenda_digest,
        row=seal.Sealed(row.key_id, bytes(row.nonce), bytes(row.sealed)),
        length=length,
    )


def counts(board: Board, session: CouncilSession) -> dict[str, tuple[int, int, int, int, int]]:
    """{line: (agree, disagree, blank, recused, not_voted)} as written at the close."""
    tallies = {tally.item_id: tally for tally in LineTally.objects.filter(session=session)}
    return {
        kind(board, item): (
            tallies[item.pk].agree,
            tallies[item.pk].disagree,
            tallies[item.pk].blank,
            tallies[item.pk].recused,
            tallies[item.pk].not_voted,
        )
        for item in lines(session)
    }


def close(board: Board, session: CouncilSession, reason: str = "") -> ballot_box.CloseOutcome:
    return ballot_box.session_close(actor=board.world.secretariat, session=session, reason=reason)


def record(session: CouncilSession) -> dict[str, Any]:
    session.refresh_from_db()
    return json.loads(session.results["payload"])


def hand_in(board: Board, session: CouncilSession, *members: Any) -> None:
    ballot_box.paper_ballots_handed_in(actor=board.world.secretariat, session=session, members=list(members))


def close_hand_ins(board: Board, session: CouncilSession) -> None:
    ballot_box.paper_handins_close(actor=board.world.secretariat, session=session)


def enter(
    board: Board, session: CouncilSession, ballot: str = "", *, officer: Any = None, invalid: bool = False
) -> ballot_box.PaperOutcome:
    return ballot_box.paper_ballot_enter(
        actor=officer or board.world.secretariat,
        session=session,
        choices=choices(board, session, ballot) if ballot else {},
        invalid=invalid,
    )


# --- Casting ------------------------------------------------------------------------


def test_a_cast_writes_one_voter_record_and_one_sealed_ballot(board: Board) -> None:
    session = start(board)
    before = box()
    cast(board, session, board.members[4], "ADA")
    assert box() == before | {"casts": before["casts"] + 1, "sealed": before["sealed"] + 1}
    voter = BallotCast.objects.get(session=session)
    assert (voter.member_id, voter.method) == (board.members[4].pk, CastMethod.ONLINE)
    row = SealedBallot.objects.get(session=session)
    text = plaintext(board, session, "ADA")
    assert len(bytes(row.sealed)) == 3 + TAG
    assert bytes(row.sealed)[:3] != text
    assert text not in bytes(row.sealed)
    assert len(bytes(row.nonce)) == 12
    assert row.key_id == seal.key_id(master())
    assert row.pending is False


def test_the_tracker_is_the_hash_of_nonce_and_ciphertext_and_is_listed(board: Board) -> None:
    session = start(board)
    tracker = cast(board, session, board.members[4], "AAA")
    row = SealedBallot.objects.get(session=session)
    assert tracker == hashlib.sha256(bytes(row.nonce) + bytes(row.sealed)).hexdigest()
    assert listed(session) == [tracker]
    second = cast(board, session, board.members[5], "DDD")
    assert listed(session) == sorted([tracker, second])


def test_the_ballot_opens_to_the_choices_cast(board: Board) -> None:
    session = start(board)
    tracker = cast(board, session, board.members[4], "DAB")
    assert opened(session, row_of(tracker)) == plaintext(board, session, "DAB")


def test_the_recused_members_ballot_reads_r_exactly_on_the_recused_line(board: Board) -> None:
    session = start(board)
    tracker = cast(board, session, board.recused, "A-D")
    text = opened(session, row_of(tracker))
    assert text == plaintext(board, session, "A-D")
    positions = [index for index, item in enumerate(lines(session)) if kind(board, item) == "a"]
    assert [index for index, code in enumerate(text) if code == ord("R")] == positions


def test_every_ballot_of_a_session_has_the_same_length(board: Board) -> None:
    members = board.members
    session = start(board, states={members[8]: AttendanceState.WRITTEN})
    cast(board, session, members[0], "AAA")
    cast(board, session, board.recused, "D-D")
    cast(board, session, members[4], "BBB")
    cast(board, session, members[8], "ADA")  # in writing
    assert BallotCast.objects.get(member=members[8]).method == CastMethod.WRITTEN
    hand_in(board, session, members[9], members[7])
    close_hand_ins(board, session)
    enter(board, session, "A-D")  # a paper ballot with a line left empty
    enter(board, session, invalid=True)
    rows = list(SealedBallot.objects.filter(session=session))
    assert len(rows) == 6
    assert {len(bytes(row.sealed)) for row in rows} == {3 + TAG}
    texts = sorted(opened(session, row) for row in rows)
    # a paper carries no name: the line left empty on it reads B (blank), never R
    expected = [plaintext(board, session, ballot) for ballot in ("AAA", "D-D", "BBB", "ADA", "ABD")] + [b"XXX"]
    assert texts == sorted(expected)


# --- The close ----------------------------------------------------------------------


def test_the_close_counts_the_cast_choices_and_empties_the_box(board: Board) -> None:
    m = board.members
    session = start(board)
    ballots = {0: "AAA", 1: "AAA", 2: "A-A", 3: "AAA", 4: "DDD", 5: "DDD", 6: "ADB", 8: "AAA", 9: "AAA"}
    trackers = [cast(board, session, m[index], ballot) for index, ballot in ballots.items()]  # m[7] does not vote
    outcome = close(board, session, reason="Một thành viên phải về trước")
    assert outcome.void is False
    assert SealedBallot.objects.filter(session=session).count() == 0
    assert status(session) == SessionStatus.CLOSED
    assert counts(board, session) == {
        # agree, disagree, blank, recused, not voted
        "gk": (7, 2, 0, 0, 1),
        "a": (5, 3, 0, 1, 1),
        "b": (6, 2, 1, 0, 1),
    }
    assert list(BallotTracker.objects.filter(session=session).values_list("digest", flat=True).order_by("digest")) == (
        sorted(trackers)
    )
    assert listed(session) == sorted(trackers)
    assert BallotCast.objects.filter(session=session).count() == 9
    for line in counts(board, session).values():
        assert sum(line) == 10
    assert record(session)["trackers"] == sorted(trackers)
    assert (record(session)["ballots_opened"], record(session)["voters_recorded"]) == (9, 9)
    assert ballot_box.session_verify(session).ok


@pytest.mark.parametrize("paper", [False, True], ids=["online", "paper"])
@pytest.mark.parametrize("size", [6, 7])
def test_a_recused_line_in_a_small_council_counts_the_recused_member_once(board: Board, size: int, paper: bool) -> None:
    """The issue's case: with 6 members, unit A's line reads 5 + 0 + 0 + 1 recused + 0 = 6,
    never 5 + 0 + 1 blank + 1 recused."""
    CouncilMembership.objects.filter(user__in=board.members[size:]).update(is_active=False)
    session = start(board, members=board.members[:size])
    trackers = []
    if paper:  # the recused member votes on paper and leaves his own line empty, as the ballot tells him
        hand_in(board, session, board.recused)
        close_hand_ins(board, session)
        trackers.append(enter(board, session, "A-A").tracker)
    for member in board.members[:size]:
        if not (paper and member == board.recused):
            trackers.append(cast(board, session, member, "A-A" if member == board.recused else "AAA"))
    close(board, session)
    assert counts(board, session) == {
        "gk": (size, 0, 0, 0, 0),
        "a": (size - 1, 0, 0, 1, 0),
        "b": (size, 0, 0, 0, 0),
    }
    for line in counts(board, session).values():
        assert sum(line) == size
    results = {kind(board, item): result for item, result in _results(session).items()}
    assert (results["a"].agree, results["a"].blank, results["a"].recused, results["a"].not_voted) == (size - 1, 0, 1, 0)
    assert results["a"].taking_part == size
    assert sorted(trackers) == listed(session)


def _results(session: CouncilSession) -> dict[AgendaItem, Any]:
    session.refresh_from_db()
    found = session_results(session)
    return {item: found[item.pk] for item in lines(session)}


def test_absent_members_are_in_none_of_the_five_columns(board: Board) -> None:
    m = board.members
    session = start(board, states={m[9]: AttendanceState.ABSENT, m[8]: AttendanceState.WRITTEN})
    everyone_else(board, session, but=(m[9], m[7]))
    close(board, session, reason="Thành viên vắng không về kịp")
    # 9 take part (8 present + 1 in writing); m[7] present but did not vote; m[9] absent
    assert counts(board, session) == {"gk": (8, 0, 0, 0, 1), "a": (7, 0, 0, 1, 1), "b": (8, 0, 0, 0, 1)}
    for line in counts(board, session).values():
        assert sum(line) == 9


# --- Paper ballots --------------------------------------------------------------------


def test_a_present_member_who_has_not_voted_hands_in_paper(board: Board) -> None:
    session = start(board)
    hand_in(board, session, board.members[9])
    voter = BallotCast.objects.get(session=session)
    assert (voter.member_id, voter.method) == (board.members[9].pk, CastMethod.PAPER)
    assert SealedBallot.objects.count() == 0  # nothing is in the box before the content is entered


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("absent", "không có mặt tại phiên họp nên không nộp phiếu giấy"),
        ("written", "không có mặt tại phiên họp nên không nộp phiếu giấy"),
        ("voted_online", "đã bỏ phiếu trong phiên họp này"),
        ("handed_in_twice", "đã bỏ phiếu trong phiên họp này"),
        ("not_a_member", "không phải thành viên hội đồng"),
        ("after_hand_ins_closed", "Đã kết thúc thu phiếu giấy; không ghi nhận thêm người nộp phiếu."),
    ],
)
def test_a_paper_hand_in_is_refused(board: Board, case: str, message: str) -> None:
    m = board.members
    session = start(board, states={m[9]: AttendanceState.ABSENT, m[8]: AttendanceState.WRITTEN})
    member = {"absent": m[9], "written": m[8], "not_a_member": board.world.unit_b_user}.get(case, m[5])
    if case == "voted_online":
        cast(board, session, m[5], "AAA")
    elif case == "handed_in_twice":
        hand_in(board, session, m[5])
    elif case == "after_hand_ins_closed":
        hand_in(board, session, m[6])
        close_hand_ins(board, session)
    before = box()
    with pytest.raises(ValidationError, match=message):
        hand_in(board, session, member)
    assert box() == before


def test_a_hand_in_of_several_is_refused_whole_when_one_may_not(board: Board) -> None:
    m = board.members
    session = start(board, states={m[9]: AttendanceState.ABSENT})
    before = box()
    with pytest.raises(ValidationError, match="không có mặt tại phiên họp"):
        hand_in(board, session, m[5], m[9])
    assert box() == before


def test_paper_contents_are_entered_only_after_the_hand_ins_close(board: Board) -> None:
    session = start(board)
    hand_in(board, session, board.members[9])
    before = box()
    with pytest.raises(ValidationError, match="Hãy kết thúc thu phiếu giấy trước khi nhập nội dung phiếu"):
        enter(board, session, "AAA")
    assert box() == before
    close_hand_ins(board, session)
    outcome = enter(board, session, "AAA")
    assert outcome.pending is False
    assert listed(session) == [outcome.tracker]
    entry = PaperEntry.objects.get(session=session)
    assert (entry.status, entry.entered_by_id, entry.confirmed_by_id) == (
        PaperEntryStatus.CONFIRMED,
        board.world.secretariat.pk,
        None,
    )


def test_the_hand_ins_do_not_close_before_anyone_hands_in(board: Board) -> None:
    session = start(board)
    with pytest.raises(ValidationError, match="Chưa có thành viên nào nộp phiếu giấy."):
        close_hand_ins(board, session)
    assert CouncilSession.objects.get(pk=session.pk).paper_closed_at is None


def test_no_more_paper_entries_than_hand_ins(board: Board) -> None:
    session = start(board)
    hand_in(board, session, board.members[9])
    close_hand_ins(board, session)
    enter(board, session, "AAA")
    before = box()
    with pytest.raises(ValidationError, match=r"Số phiếu giấy đã nhập \(1\) đã bằng số phiếu giấy thu vào \(1\)"):
        enter(board, session, "DDD")
    with pytest.raises(ValidationError, match=r"Số phiếu giấy đã nhập \(1\) đã bằng số phiếu giấy thu vào \(1\)"):
        enter(board, session, invalid=True)
    assert box() == before


def test_an_invalid_paper_ballot_carries_no_choice(board: Board) -> None:
    session = start(board)
    hand_in(board, session, board.members[9])
    close_hand_ins(board, session)
    before = box()
    with pytest.raises(ValidationError, match="Phiếu không hợp lệ thì không nhập lựa chọn nào."):
        ballot_box.paper_ballot_enter(
            actor=board.world.secretariat, session=session, choices=choices(board, session, "AAA"), invalid=True
        )
    assert box() == before


def test_an_invalid_paper_ballot_is_counted_invalid_and_blank_on_each_line(board: Board) -> None:
    m = board.members
    session = start(board)
    hand_in(board, session, m[9])
    close_hand_ins(board, session)
    trackers = [enter(board, session, invalid=True).tracker]
    trackers += everyone_else(board, session, but=(m[9],))
    close(board, session)
    session.refresh_from_db()
    assert (session.ballots_opened, session.ballots_invalid) == (10, 1)
    assert record(session)["ballots_invalid"] == 1
    assert counts(board, session) == {"gk": (9, 0, 1, 0, 0), "a": (8, 0, 1, 1, 0), "b": (9, 0, 1, 0, 0)}
    minutes = counting_record(session)
    assert (minutes.issued, minutes.returned, minutes.invalid, minutes.valid) == (10, 10, 1, 9)
    assert BallotTracker.objects.filter(session=session).count() == 10
    assert sorted(trackers) == listed(session)


def test_the_close_waits_for_handed_in_paper_to_be_entered(board: Board) -> None:
    m = board.members
    session = start(board)
    hand_in(board, session, m[9])
    everyone_else(board, session, but=(m[9],))
    before = box()
    with pytest.raises(ValidationError, match="Còn 1 phiếu giấy đã thu chưa nhập nội dung"):
        close(board, session, reason="Hết giờ")
    assert box() == before
    assert status(session) == SessionStatus.VOTING


# --- Double keying of paper ballots ---------------------------------------------------


@pytest.fixture
def double_keyed(board: Board) -> CouncilSession:
    """A council whose paper ballots a second officer keys again; one paper handed in and the hand-ins closed."""
    board.world.council.paper_second_officer = True
    board.world.council.save(update_fields=["paper_second_officer"])
    session = start(board)
    hand_in(board, session, board.members[9])
    close_hand_ins(board, session)
    return session


def test_a_double_keyed_entry_waits_for_a_second_officer(board: Board, double_keyed: CouncilSession) -> None:
    session = double_keyed
    outcome = enter(board, session, "ADA")
    assert outcome.pending is True
    entry = PaperEntry.objects.get(session=session)
    assert (entry.status, entry.entered_by_id, entry.confirmed_by_id) == (
        PaperEntryStatus.PENDING,
        board.world.secretariat.pk,
        None,
    )
    assert SealedBallot.objects.get(session=session).pending is True
    assert listed(session) == []  # an unconfirmed entry is not a ballot
    assert ballot_box.box_state(session).sealed == 0
    everyone_else(board, session, but=(board.members[9],))
    before = box()
    with pytest.raises(ValidationError, match="Còn một phiếu giấy đang chờ cán bộ thứ hai xác nhận"):
        close(board, session)
    assert box() == before
    assert status(session) == SessionStatus.VOTING


def test_a_matching_second_keying_confirms_and_counts(board: Board, double_keyed: CouncilSession) -> None:
    session, world = double_keyed, board.world
    enter(board, session, "ADA")
    outcome = enter(board, session, "ADA", officer=world.secretariat2)
    assert outcome.pending is False
    entry = PaperEntry.objects.get(session=session)
    assert (entry.status, entry.entered_by_id, entry.confirmed_by_id) == (
        PaperEntryStatus.CONFIRMED,
        world.secretariat.pk,
        world.secretariat2.pk,
    )
    assert entry.settled_at is not None
    row = SealedBallot.objects.get(session=session)
    assert row.pending is False
    assert opened(session, row) == plaintext(board, session, "ADA")
    assert listed(session) == [outcome.tracker]
    trackers = [outcome.tracker, *everyone_else(board, session, but=(board.members[9],))]
    close(board, session)
    assert counts(board, session) == {"gk": (10, 0, 0, 0, 0), "a": (8, 1, 0, 1, 0), "b": (10, 0, 0, 0, 0)}
    assert listed(session) == sorted(trackers)


@pytest.mark.parametrize(
    ("who", "ballot", "message"),
    [
        ("secretariat", "ADA", "người nhập lần đầu không tự xác nhận"),
        ("secretariat2", "AAA", "Nội dung nhập lần hai khác lần nhập đầu"),
        ("secretariat2", "invalid", "Nội dung nhập lần hai khác lần nhập đầu"),
    ],
    ids=["same_officer", "mismatch", "mismatch_invalid"],
)
def test_a_second_keying_is_refused(
    board: Board, double_keyed: CouncilSession, who: str, ballot: str, message: str
) -> None:
    session = double_keyed
    enter(board, session, "ADA")
    before = box()
    officer = getattr(board.world, who)
    invalid = ballot == "invalid"
    with pytest.raises(ValidationError, match=message):
        enter(board, session, "" if invalid else ballot, officer=officer, invalid=invalid)
    assert box() == before
    entry = PaperEntry.objects.get(session=session)
    assert (entry.status, entry.confirmed_by_id) == (PaperEntryStatus.PENDING, None)
    assert SealedBallot.objects.get(session=session).pending is True


def test_a_pending_entry_is_discarded_and_keyed_again(board: Board, double_keyed: CouncilSession) -> None:
    session, world = double_keyed, board.world
    enter(board, session, "DDD")  # keyed wrongly
    ballot_box.paper_entry_discard(actor=world.secretariat2, session=session)
    discarded = PaperEntry.objects.get(session=session)
    assert (discarded.status, discarded.entered_by_id, discarded.confirmed_by_id) == (
        PaperEntryStatus.DISCARDED,
        world.secretariat.pk,
        world.secretariat2.pk,
    )
    assert SealedBallot.objects.filter(session=session).count() == 0
    enter(board, session, "ADA", officer=world.secretariat2)
    outcome = enter(board, session, "ADA", officer=world.secretariat)
    assert outcome.pending is False
    assert list(PaperEntry.objects.filter(session=session).order_by("id").values_list("status", flat=True)) == [
        PaperEntryStatus.DISCARDED,
        PaperEntryStatus.CONFIRMED,
    ]
    assert opened(session, SealedBallot.objects.get(session=session)) == plaintext(board, session, "ADA")


def test_nothing_to_discard(board: Board, double_keyed: CouncilSession) -> None:
    before = box()
    with pytest.raises(ValidationError, match="Không có phiếu giấy nào đang chờ xác nhận."):
        ballot_box.paper_entry_discard(actor=board.world.secretariat, session=double_keyed)
    assert box() == before


# --- When the vote closes -------------------------------------------------------------


def test_the_vote_closes_by_itself_once_every_member_taking_part_has_voted(board: Board) -> None:
    session = start(board)
    for member in board.members[:-1]:
        ballot = "A-A" if member == board.recused else "AAA"
        flow.session_ballot_cast(member=member, session=session, choices=choices(board, session, ballot))
    assert status(session) == SessionStatus.VOTING
    flow.session_ballot_cast(member=board.members[-1], session=session, choices=choices(board, session, "DDD"))
    session.refresh_from_db()
    assert session.status == SessionStatus.CLOSED
    assert session.close_reason == ""
    assert SealedBallot.objects.filter(session=session).count() == 0
    assert counts(board, session) == {"gk": (9, 1, 0, 0, 0), "a": (8, 1, 0, 1, 0), "b": (9, 1, 0, 0, 0)}
    assert flow.session_open_task(session, SessionFlow.decide) is not None


def test_the_vote_closes_by_itself_when_the_last_paper_is_entered(board: Board) -> None:
    m = board.members
    session = start(board)
    flow.session_paper_handed_in(actor=board.world.secretariat, session=session, members=[m[9]])
    for member in m[:-1]:
        ballot = "A-A" if member == board.recused else "AAA"
        flow.session_ballot_cast(member=member, session=session, choices=choices(board, session, ballot))
    assert status(session) == SessionStatus.VOTING  # a handed-in paper is not yet entered
    close_hand_ins(board, session)
    flow.session_paper_enter(actor=board.world.secretariat, session=session, choices=choices(board, session, "DDD"))
    assert status(session) == SessionStatus.CLOSED
    assert counts(board, session) == {"gk": (9, 1, 0, 0, 0), "a": (8, 1, 0, 1, 0), "b": (9, 1, 0, 0, 0)}


def test_the_vote_closes_at_its_closing_time(board: Board, time_machine: Any) -> None:
    time_machine.move_to(dt.datetime(2026, 12, 15, 8, 0, tzinfo=VN), tick=False)
    session = start(board, closes_at=dt.datetime(2026, 12, 15, 9, 0, tzinfo=VN))
    m = board.members
    trackers = everyone_else(board, session, but=(m[7], m[8], m[9]))
    time_machine.move_to(dt.datetime(2026, 12, 15, 8, 59, tzinfo=VN), tick=False)
    assert flow.session_close_due() == 0
    assert status(session) == SessionStatus.VOTING
    time_machine.move_to(dt.datetime(2026, 12, 15, 9, 0, tzinfo=VN), tick=False)
    with pytest.raises(ValidationError, match="Đã hết hạn bỏ phiếu lúc 09:00 ngày 15/12/2026"):
        cast(board, session, m[7], "AAA")
    assert flow.session_close_due() == 1
    session.refresh_from_db()
    assert session.status == SessionStatus.CLOSED
    assert session.close_reason == ""
    assert counts(board, session) == {"gk": (7, 0, 0, 0, 3), "a": (6, 0, 0, 1, 3), "b": (7, 0, 0, 0, 3)}
    assert listed(session) == sorted(trackers)
    assert flow.session_close_due() == 0  # nothing left to close


@pytest.mark.parametrize("reason", ["", "   "], ids=["none", "blank"])
def test_an_early_close_without_a_reason_is_refused(board: Board, reason: str) -> None:
    session = start(board)
    m = board.members
    everyone_else(board, session, but=(m[7], m[8], m[9]))
    before = box()
    with pytest.raises(ValidationError, match="Còn 3 thành viên chưa bỏ phiếu và chưa đến hạn bỏ phiếu") as refused:
        flow.session_close_voting(actor=board.world.secretariat, session=session, reason=reason)
    assert EARLY in refused.value.messages[0]
    assert box() == before
    session.refresh_from_db()
    assert (session.status, session.results, session.close_reason) == (SessionStatus.VOTING, None, "")


def test_an_early_close_with_a_reason_records_the_reason(board: Board) -> None:
    session = start(board)
    m = board.members
    everyone_else(board, session, but=(m[7], m[8], m[9]))
    reason = "Ba thành viên phải về trước vì công tác đột xuất"
    flow.session_close_voting(actor=board.world.secretariat, session=session, reason=reason)
    session.refresh_from_db()
    assert session.status == SessionStatus.CLOSED
    assert session.close_reason == reason
    assert record(session)["close_reason"] == reason
    assert counting_record(session).close_reason == reason
    assert ballot_box.session_verify(session).ok
    assert counts(board, session) == {"gk": (7, 0, 0, 0, 3), "a": (6, 0, 0, 1, 3), "b": (7, 0, 0, 0, 3)}


def test_fewer_ballots_than_the_quorum_void_the_vote(board: Board) -> None:
    session = start(board)
    m = board.members
    everyone_else(board, session, but=(m[6], m[7], m[8], m[9]))  # 6 ballots; the quorum of 10 is 7
    reason = "Mất điện, phải dừng phiên họp"
    flow.session_close_voting(actor=board.world.secretariat, session=session, reason=reason)
    session.refresh_from_db()
    assert SealedBallot.objects.filter(session=session).count() == 0
    assert BallotCast.objects.filter(session=session).count() == 0
    assert LineTally.objects.filter(session=session).count() == 0
    assert BallotTracker.objects.filter(session=session).count() == 0
    assert session.status == SessionStatus.PREPARING
    assert (session.results, session.results_digest, session.agenda_digest) == (None, "", "")
    assert len(session.void_votes) == 1
    assert (session.void_votes[0]["ballots"], session.void_votes[0]["needed"]) == (6, 7)
    assert session.void_votes[0]["reason"] == reason
    assert ballot_box.session_verify(session).ok  # nothing signed, nothing to fail
    assert flow.session_open_task(session, SessionFlow.voting) is not None
    # the vote is held again, and this time counts
    session = flow.session_open_voting(actor=board.world.secretariat, session=session)
    trackers = everyone_else(board, session)
    close(board, session)
    assert counts(board, session) == {"gk": (10, 0, 0, 0, 0), "a": (9, 0, 0, 1, 0), "b": (10, 0, 0, 0, 0)}
    assert listed(session) == sorted(trackers)
    assert len(CouncilSession.objects.get(pk=session.pk).void_votes) == 1


# --- Bad input: casting ---------------------------------------------------------------


def test_a_choice_on_a_line_the_member_is_recused_from_is_refused(board: Board) -> None:
    session = start(board)
    before = box()
    for ballot in ("AAA", "ABA", "ADA"):
        with pytest.raises(ValidationError, match=RECUSED):
            cast(board, session, board.recused, ballot)
    assert box() == before


def test_a_second_ballot_from_the_same_member_is_refused(board: Board) -> None:
    session = start(board)
    member = board.members[4]
    tracker = cast(board, session, member, "AAA")
    for ballot in ("AAA", "DDD"):  # the same ballot again, and a change of mind
        with pytest.raises(ValidationError, match=ALREADY_VOTED):
            cast(board, session, member, ballot)
        with pytest.raises(ValidationError, match=ALREADY_VOTED):
            flow.session_ballot_cast(member=member, session=session, choices=choices(board, session, ballot))
    assert BallotCast.objects.filter(session=session, member=member).count() == 1
    assert SealedBallot.objects.filter(session=session).count() == 1
    assert opened(session, row_of(tracker)) == plaintext(board, session, "AAA")


def test_a_second_ballot_after_a_paper_hand_in_is_refused(board: Board) -> None:
    session = start(board)
    hand_in(board, session, board.members[9])
    before = box()
    with pytest.raises(ValidationError, match=ALREADY_VOTED):
        cast(board, session, board.members[9], "AAA")
    assert box() == before


@pytest.mark.parametrize(
    ("text", "length"),
    [(b"AA", 3), (b"AAAA", 3), (b"", 3), (b"AZA", 3), (b"XAX", 3)],
    ids=["short", "long", "empty", "unknown_code", "partly_invalid"],
)
def test_a_plaintext_that_is_not_a_ballot_of_the_agenda_is_not_sealed(text: bytes, length: int) -> None:
    with pytest.raises(seal.SealError):
        seal.seal(b"k" * 32, session_id=1, agenda_digest="d" * 64, text=text, length=length)


def test_a_sealed_ballot_opened_for_another_agenda_length_is_refused() -> None:
    key = b"k" * 32
    row = seal.seal(key, session_id=1, agenda_digest="d" * 64, text=b"ADR", length=3)
    assert seal.unseal(key, session_id=1, agenda_digest="d" * 64, row=row, length=3) == b"ADR"
    for length in (2, 4):
        with pytest.raises(seal.SealError):
            seal.unseal(key, session_id=1, agenda_digest="d" * 64, row=row, length=length)


@pytest.mark.parametrize("change", ["session", "agenda", "key", "ciphertext", "nonce"])
def test_a_sealed_ballot_does_not_open_out_of_its_place(change: str) -> None:
    key = b"k" * 32
    row = seal.seal(key, session_id=1, agenda_digest="d" * 64, text=b"ADB", length=3)
    session_id, digest = (2 if change == "session" else 1), ("e" * 64 if change == "agenda" else "d" * 64)
    if change == "key":
        key = b"j" * 32
    elif change == "ciphertext":
        row = seal.Sealed(row.key_id, row.nonce, bytes([row.sealed[0] ^ 1]) + row.sealed[1:])
    elif change == "nonce":
        row = seal.Sealed(row.key_id, bytes([row.nonce[0] ^ 1]) + row.nonce[1:], row.sealed)
    with pytest.raises(seal.SealError):
        seal.unseal(key, session_id=session_id, agenda_digest=digest, row=row, length=3)


# --- Bad input: the close refuses and loses nothing -----------------------------------


def _close_refused(board: Board, session: CouncilSession, message: str) -> None:
    """The close refuses with ``message`` (even given a reason) and the box stays sealed and whole."""
    before = box()
    sealed = sorted((bytes(r.nonce), bytes(r.sealed)) for r in SealedBallot.objects.filter(session=session))
    with pytest.raises(ValidationError, match=message):
        flow.session_close_voting(actor=board.world.secretariat, session=session, reason="Kết thúc để kiểm tra")
    assert box() == before
    assert sorted((bytes(r.nonce), bytes(r.sealed)) for r in SealedBallot.objects.filter(session=session)) == sealed
    fresh = CouncilSession.objects.get(pk=session.pk)
    assert (fresh.status, fresh.results, fresh.results_digest) == (SessionStatus.VOTING, None, "")


def test_a_tampered_sealed_row_makes_the_close_refuse(board: Board) -> None:
    session = start(board)
    everyone_else(board, session)
    row = SealedBallot.objects.filter(session=session).first()
    original = bytes(row.sealed)
    SealedBallot.objects.filter(pk=row.pk).update(sealed=bytes([original[0] ^ 1]) + original[1:])
    _close_refused(board, session, UNREADABLE)
    SealedBallot.objects.filter(pk=row.pk).update(sealed=original)
    close(board, session)
    assert counts(board, session) == {"gk": (10, 0, 0, 0, 0), "a": (9, 0, 0, 1, 0), "b": (10, 0, 0, 0, 0)}


def test_an_agenda_line_re_pointed_while_voting_makes_the_close_refuse(board: Board, make_dossier: Any) -> None:
    """docs/ballot-secrecy.md: the agenda's digest is in every ballot's associated data and the
    close compares it with the agenda as it is, so a line re-pointed during voting makes the
    close refuse, naming the agenda, with the box left sealed."""
    session = start(board)
    everyone_else(board, session, but=(board.members[9],))
    other = make_dossier("draft").lines.get()
    AgendaItem.objects.filter(pk=line_of(board, session, "b").pk).update(line=other)
    _close_refused(board, session, "Chương trình phiên họp đã bị thay đổi sau khi mở bỏ phiếu")


def test_a_voter_record_removed_while_voting_makes_the_close_refuse(board: Board) -> None:
    session = start(board)
    everyone_else(board, session)
    BallotCast.objects.filter(session=session, member=board.members[5]).delete()
    _close_refused(board, session, r"Số phiếu trong hòm \(10\) khác số thành viên đã bỏ phiếu \(9\)")


def test_a_ballot_copied_with_a_forged_voter_record_makes_the_close_refuse(board: Board) -> None:
    session = start(board)
    everyone_else(board, session, but=(board.members[9],))
    row = SealedBallot.objects.filter(session=session).first()
    SealedBallot.objects.create(session=session, key_id=row.key_id, nonce=bytes(row.nonce), sealed=bytes(row.sealed))
    BallotCast.objects.create(session=session, member=board.members[9], method=CastMethod.ONLINE)
    _close_refused(board, session, "hai phiếu giống hệt nhau")


@pytest.mark.parametrize(("key", "message"), [("", NO_KEY), ("a-rotated-ballot-seal-key", OTHER_KEY)])
def test_a_close_without_the_sealing_key_refuses_and_loses_nothing(board: Board, key: str, message: str) -> None:
    session = start(board)
    trackers = everyone_else(board, session, but=(board.members[9],))
    with override_settings(BALLOT_SEAL_KEY=key):
        _close_refused(board, session, message)
        with pytest.raises(ValidationError, match=message):
            close(board, session, reason="Một thành viên vắng")
        assert SealedBallot.objects.filter(session=session).count() == 9
    # with the key restored the same box opens, whole
    flow.session_close_voting(actor=board.world.secretariat, session=session, reason="Một thành viên vắng")
    assert status(session) == SessionStatus.CLOSED
    assert counts(board, session) == {"gk": (9, 0, 0, 0, 1), "a": (8, 0, 0, 1, 1), "b": (9, 0, 0, 0, 1)}
    assert listed(session) == sorted(trackers)


@pytest.mark.parametrize("key", ["", "a-rotated-ballot-seal-key"], ids=["missing", "changed"])
def test_a_close_at_the_closing_time_without_the_key_waits_for_it(board: Board, time_machine: Any, key: str) -> None:
    time_machine.move_to(dt.datetime(2026, 12, 15, 8, 0, tzinfo=VN), tick=False)
    session = start(board, closes_at=dt.datetime(2026, 12, 15, 9, 0, tzinfo=VN))
    everyone_else(board, session, but=(board.members[9],))
    time_machine.move_to(dt.datetime(2026, 12, 15, 9, 5, tzinfo=VN), tick=False)
    before = box()
    with override_settings(BALLOT_SEAL_KEY=key):
        assert flow.session_close_due() == 0
    assert box() == before
    assert status(session) == SessionStatus.VOTING
    assert flow.session_close_due() == 1
    assert counts(board, session) == {"gk": (9, 0, 0, 0, 1), "a": (8, 0, 0, 1, 1), "b": (9, 0, 0, 0, 1)}


def test_no_ballot_is_cast_without_the_sealing_key(board: Board) -> None:
    session = start(board)
    before = box()
    with override_settings(BALLOT_SEAL_KEY=""), pytest.raises(ValidationError, match=NO_KEY):
        cast(board, session, board.members[4], "AAA")
    assert box() == before


# --- Bad input: tampering after the close ---------------------------------------------


@pytest.fixture
def closed(board: Board) -> CouncilSession:
    """Everyone voted and agreed on every line (the recused member left unit A's line out)."""
    session = start(board)
    everyone_else(board, session)
    close(board, session)
    session.refresh_from_db()
    assert session.status == SessionStatus.CLOSED
    return session


def _tamper(board: Board, session: CouncilSession, case: str, make_dossier: Any) -> None:
    if case == "agenda":
        other = make_dossier("draft").lines.get()
        AgendaItem.objects.filter(pk=line_of(board, session, "b").pk).update(line=other)
    elif case == "count":
        tally = LineTally.objects.get(item=line_of(board, session, "a"))
        LineTally.objects.filter(pk=tally.pk).update(disagree=tally.disagree + 1)
    elif case == "tracker_added":
        BallotTracker.objects.create(session=session, digest=hashlib.sha256(b"a forged ballot").hexdigest())
    elif case == "tracker_removed":
        BallotTracker.objects.filter(session=session).order_by("digest").first().delete()
    elif case == "voter_removed":
        BallotCast.objects.filter(session=session, member=board.members[6]).delete()
    elif case == "voter_added":
        BallotCast.objects.create(session=session, member=board.world.secretariat2, method=CastMethod.ONLINE)
    elif case == "payload":
        payload = json.loads(session.results["payload"])
        payload["close_reason"] = "Sửa sau khi khoá"
        CouncilSession.objects.filter(pk=session.pk).update(
            results={"payload": json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))}
        )
    elif case == "ballots_opened":
        CouncilSession.objects.filter(pk=session.pk).update(ballots_opened=9)
    elif case == "present_total":
        CouncilSession.objects.filter(pk=session.pk).update(present_total=3)
    elif case == "quorum":
        CouncilSession.objects.filter(pk=session.pk).update(quorum_ballots=1)
    elif case == "digest_cleared":  # with every line made to pass: no signature must not mean no check
        payload = json.loads(session.results["payload"])
        for line in payload["lines"]:
            line["passed"] = True
        CouncilSession.objects.filter(pk=session.pk).update(
            results={"payload": json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))},
            results_digest="",
        )


TAMPERING = [
    ("agenda", ("agenda",), "của chương trình khác bản đã ký"),
    ("count", ("counts",), "Số phiếu của dòng"),
    ("tracker_added", ("trackers",), "Danh sách mã phiếu (11 mã) khác bản đã ký (10 mã)"),
    ("tracker_removed", ("trackers",), "Danh sách mã phiếu (9 mã) khác bản đã ký (10 mã)"),
    ("voter_removed", ("voters",), "Số thành viên ghi nhận đã bỏ phiếu (9) khác bản đã ký (10)"),
    ("voter_added", ("voters",), "Số thành viên ghi nhận đã bỏ phiếu (11) khác bản đã ký (10)"),
    # the edited record says another close reason than the session row: both parts fail
    ("payload", ("signature", "session"), "Chữ ký HMAC không khớp"),
    ("present_total", ("session",), "Thông tin phiên họp khác bản đã ký (present_at_meeting)"),
    ("quorum", ("session",), "Thông tin phiên họp khác bản đã ký (quorum_ballots)"),
    ("digest_cleared", ("signature",), "Thiếu bản kết quả đã ký hoặc chữ ký HMAC"),
    ("ballots_opened", ("ballots",), "Số phiếu đã mở (9) khác số thành viên đã bỏ phiếu (10)"),
]


PARTS = ("signature", "agenda", "counts", "trackers", "voters", "ballots", "session")


def _command(session: CouncilSession) -> tuple[int, str]:
    """``manage.py session_verify SESSION_ID``: (exit code, everything it printed)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("session_verify", str(session.pk), stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except CommandError as exc:
        code = exc.returncode or 1
        err.write(str(exc))
    return code, out.getvalue() + err.getvalue()


def _named(printed: str) -> set[str]:
    """The parts a failing report names (its messages are Vietnamese, the part names English)."""
    return set(re.findall(r"FAILED (\w+):", printed)) & set(PARTS)


@pytest.mark.parametrize(("case", "parts", "message"), TAMPERING, ids=[case for case, _p, _m in TAMPERING])
def test_tampering_after_the_close_fails_verification_and_the_decision(
    board: Board, closed: CouncilSession, make_dossier: Any, case: str, parts: tuple[str, ...], message: str
) -> None:
    session = closed
    assert ballot_box.session_verify(session).ok
    _tamper(board, session, case, make_dossier)
    session.refresh_from_db()
    integrity = ballot_box.session_verify(session)
    assert integrity.ok is False
    assert integrity.parts == parts
    assert any(message in problem for problem in integrity.problems), integrity.problems
    with pytest.raises(ValidationError) as refused:
        decision_services.session_decide(
            chairman=board.world.chairman, session=session, approve_item_ids=[item.pk for item in lines(session)]
        )
    assert any(message in text for text in refused.value.messages), refused.value.messages
    assert status(session) == SessionStatus.CLOSED
    assert Decision.objects.filter(session=session).count() == 0
    code, printed = _command(session)
    assert code != 0, printed
    assert _named(printed) == set(parts), printed


def test_an_untouched_closed_session_verifies_and_is_decided(board: Board, closed: CouncilSession, rates: Any) -> None:
    session = closed
    integrity = ballot_box.session_verify(session)
    assert (integrity.ok, integrity.parts, integrity.problems) == (True, (), ())
    code, printed = _command(session)
    assert code == 0, printed
    assert "OK" in printed
    decision = decision_services.session_decide(
        chairman=board.world.chairman, session=session, approve_item_ids=[item.pk for item in lines(session)]
    )
    assert decision is not None
    assert status(session) == SessionStatus.DECIDED


def test_verification_fails_on_the_signature_under_another_results_key(board: Board, closed: CouncilSession) -> None:
    with override_settings(RESULTS_HMAC_KEY="another-results-key"):
        integrity = ballot_box.session_verify(closed)
        assert (integrity.ok, integrity.parts) == (False, ("signature",))
        code, printed = _command(closed)
        assert code != 0
        assert _named(printed) == {"signature"}
        with pytest.raises(ValidationError, match="Chữ ký HMAC không khớp"):
            decision_services.session_decide(chairman=board.world.chairman, session=closed, approve_item_ids=[])
    assert ballot_box.session_verify(closed).ok


def test_the_verify_command_refuses_a_session_still_voting(board: Board) -> None:
    session = start(board)
    code, printed = _command(session)
    assert code != 0
    assert str(session.pk) in printed


def test_a_vote_with_fewer_ballots_than_the_quorum_at_its_closing_time_is_void(board: Board, time_machine: Any) -> None:
    time_machine.move_to(dt.datetime(2026, 12, 15, 8, 0, tzinfo=VN), tick=False)
    session = start(board, closes_at=dt.datetime(2026, 12, 15, 9, 0, tzinfo=VN))
    for member in board.members[3:8]:  # 5 ballots; the quorum of 10 is 7
        cast(board, session, member, "ADA")
    time_machine.move_to(dt.datetime(2026, 12, 15, 9, 0, tzinfo=VN), tick=False)
    flow.session_close_due()
    session.refresh_from_db()
    assert session.status == SessionStatus.PREPARING
    assert box() == {"casts": 0, "sealed": 0, "paper": 0, "tallies": 0, "trackers": 0}
    assert (session.results, session.results_digest) == (None, "")
    assert [(void["ballots"], void["needed"], void["reason"]) for void in session.void_votes] == [(5, 7, "")]


# --- What a reviewer tried as an attacker ------------------------------------------------


def test_lowering_the_councils_quorum_during_the_vote_does_not_open_a_small_box(board: Board) -> None:
    """The ballots the box needs are fixed when the vote opens (7 of 10 here)."""
    session = start(board)
    cast(board, session, board.members[5], "ADA")
    council = board.world.council
    council.quorum_numerator, council.quorum_denominator = 1, 2
    council.save(update_fields=["quorum_numerator", "quorum_denominator"])
    outcome = close(board, session, reason="Thử hạ số tối thiểu")
    assert outcome.void
    assert (outcome.ballots, outcome.needed) == (1, 7)
    assert not LineTally.objects.filter(session=session).exists()


@pytest.mark.parametrize(("numerator", "denominator"), [(1, 100), (0, 3), (3, 2), (1, 0)])
def test_a_council_quorum_below_half_or_above_all_is_refused(board: Board, numerator: int, denominator: int) -> None:
    council = board.world.council
    council.quorum_numerator, council.quorum_denominator = numerator, denominator
    with pytest.raises(ValidationError, match="Số thành viên tối thiểu dự họp phải từ một nửa đến toàn bộ"):
        council.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        council.save(update_fields=["quorum_numerator", "quorum_denominator"])


def test_one_or_two_online_ballots_beside_paper_make_the_vote_void(board: Board) -> None:
    """The secretariat keys every paper ballot: the totals less the papers would be the one
    online ballot.  Such a box is destroyed unopened."""
    session = start(board)
    cast(board, session, board.members[0], "ADA")
    others = [m for m in board.members[1:] if m != board.recused]
    hand_in(board, session, *others)
    close_hand_ins(board, session)
    for _member in others:
        enter(board, session, "AAA")
    session.refresh_from_db()
    assert status(session) == SessionStatus.VOTING  # the recused member has not voted yet
    outcome = close(board, session, reason="Hết giờ họp")
    assert outcome.void
    session.refresh_from_db()
    assert session.void_votes[-1]["beside_paper"] == 1
    assert not SealedBallot.objects.filter(session=session).exists()
    assert not LineTally.objects.filter(session=session).exists()


def test_three_online_ballots_beside_paper_are_counted(board: Board) -> None:
    session = start(board)
    for member in board.members[:2] + board.members[3:4]:
        cast(board, session, member, "ADA")
    others = [m for m in board.members[4:]]
    hand_in(board, session, *others)
    close_hand_ins(board, session)
    for _member in others:
        enter(board, session, "AAA")
    outcome = close(board, session, reason="Một thành viên về trước")
    assert not outcome.void
    assert counts(board, session)["gk"] == (9, 0, 0, 0, 1)


def test_a_ballot_of_a_void_vote_cannot_be_replayed_into_the_vote_held_again(board: Board) -> None:
    session = start(board)
    tracker = cast(board, session, board.members[5], "DDD")
    saved = row_of(tracker)
    saved_fields = (saved.key_id, bytes(saved.nonce), bytes(saved.sealed))
    assert close(board, session, reason="Mất điện").void
    session = flow.session_open_voting(actor=board.world.secretariat, session=session)
    everyone_else(board, session, but=(board.members[5], board.members[6]))
    SealedBallot.objects.create(session=session, key_id=saved_fields[0], nonce=saved_fields[1], sealed=saved_fields[2])
    BallotCast.objects.create(session=session, member=board.members[5], method=CastMethod.ONLINE)
    before = box()
    with pytest.raises(ValidationError, match=UNREADABLE):
        close(board, session, reason="Hết giờ họp")
    assert box() == before
    assert status(session) == SessionStatus.VOTING


def test_no_paper_hand_in_after_the_closing_time(board: Board, time_machine: Any) -> None:
    time_machine.move_to(dt.datetime(2026, 12, 10, 9, 0, tzinfo=VN), tick=False)
    session = start(board, closes_at=dt.datetime(2026, 12, 10, 10, 0, tzinfo=VN))
    time_machine.move_to(dt.datetime(2026, 12, 10, 10, 1, tzinfo=VN), tick=False)
    before = box()
    with pytest.raises(ValidationError, match="Đã hết hạn bỏ phiếu; không nhận thêm phiếu giấy."):
        hand_in(board, session, board.members[4])
    assert box() == before


def test_recusals_are_those_fixed_when_the_vote_opened(board: Board) -> None:
    """A member moved into unit A after voting changes nothing of this vote's counts."""
    session = start(board)
    everyone_else(board, session, but=(board.members[9],))
    CouncilMembership.objects.filter(council=board.world.council, user=board.members[5]).update(unit=board.world.unit_a)
    close(board, session, reason="Hết giờ họp")
    # unit A's line: 8 agree (all but the recused member and the one who did not vote), 1 recused, 1 not voted
    assert counts(board, session)["a"] == (8, 0, 0, 1, 1)
    assert ballot_box.session_verify(session).ok
