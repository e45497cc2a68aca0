"""The minutes mapper from a vote counted by the real ballot box into the PDF builder:
the column of members who did not vote, the counting record, the early close, a vote
declared void for want of the quorum and the ballot trackers.

Six voting members, a quorum of half: the first vote gets one ballot of the three needed
and is void; at the second the chairman and two members vote online (three online ballots,
so the paper one beside them gives nothing away), a fourth member hands in a paper ballot
entered as invalid, the member voting in writing sends nothing, and the vote is closed
early with a reason."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from councils.models import CouncilMembership, CouncilRole
from decisions.models import AgendaItem, AttendanceState, Choice, LineTally
from decisions.services import ballot_box as bb
from decisions.services import sessions as cs
from decisions.tests.fixtures import HELD_AT, PROVINCE_NOMINEE, accepted_line
from documents.mappers import minutes_document
from printing.data import MinutesDocument
from printing.minutes import build_minutes
from printing.tests.documents.pdfcheck import flat, pages
from tests import factories

pytestmark = pytest.mark.django_db

VOID_REASON = "Mất điện hội trường"
EARLY_REASON = "Thành viên Vũ Văn Năm đi công tác, không gửi phiếu bằng văn bản"


@dataclass
class Counted:
    session: Any
    trackers: list[str]
    void_at: dt.datetime


def _member(world: Any, username: str, first_name: str, last_name: str) -> Any:
    user = factories.UserFactory(username=username, first_name=first_name, last_name=last_name)
    CouncilMembership.objects.create(council=world.council, user=user, role=CouncilRole.MEMBER)
    return user


def _choices(session: Any, choice: str = Choice.AGREE) -> dict[int, str]:
    return {item.pk: choice for item in AgendaItem.objects.filter(session=session)}


@pytest.fixture
def counted(world: Any, make_dossier: Any, province_award: Any) -> Counted:
    world.council.quorum_numerator, world.council.quorum_denominator = 1, 2
    world.council.save(update_fields=["quorum_numerator", "quorum_denominator"])
    third = _member(world, "member3", "Thị Lan", "Đỗ")
    writing = _member(world, "member4", "Văn Năm", "Vũ")
    _member(world, "member5", "Đức Mạnh", "Bùi")  # absent
    sixth = _member(world, "member6", "Thị Hoa", "Ngô")
    make_dossier("accepted")
    accepted_line(world, province_award, PROVINCE_NOMINEE)
    session = cs.session_create(
        actor=world.secretariat,
        round=world.round,
        held_at=HELD_AT,
        place="Hội trường UBND thị trấn",
        chair=world.chairman,
        secretary=world.secretariat,
    )
    states = {m.pk: AttendanceState.PRESENT for m in (world.chairman, world.member, third, sixth)}
    cs.attendance_record(
        actor=world.secretariat, session=session, states={**states, writing.pk: AttendanceState.WRITTEN}
    )
    # the first vote: one ballot of the three needed
    session = cs.session_voting_open(actor=world.secretariat, session=session)
    bb.ballot_cast(member=world.chairman, session=session, choices=_choices(session))
    outcome = bb.session_close(actor=world.secretariat, session=session, reason=VOID_REASON)
    assert outcome.void
    # the vote again
    session = cs.session_voting_open(actor=world.secretariat, session=outcome.session)
    trackers = [
        bb.ballot_cast(member=m, session=session, choices=_choices(session))
        for m in (world.chairman, world.member, sixth)
    ]
    bb.paper_ballots_handed_in(actor=world.secretariat, session=session, members=[third])
    bb.paper_handins_close(actor=world.secretariat, session=session)
    trackers.append(bb.paper_ballot_enter(actor=world.secretariat, session=session, choices={}, invalid=True).tracker)
    outcome = bb.session_close(actor=world.secretariat, session=session, reason=EARLY_REASON)
    assert not outcome.void
    session = outcome.session
    session.refresh_from_db()
    return Counted(session, trackers, dt.datetime.fromisoformat(session.void_votes[0]["at"]))


def _text(doc: MinutesDocument) -> tuple[str, str]:
    """The minutes PDF's text (whitespace removed) and its characters in drawing order."""
    found = pages(build_minutes(doc))
    return flat("\n".join(page.text for page in found)), "".join(page.raw for page in found)


def test_the_minutes_print_what_the_ballot_box_counted(counted: Counted) -> None:
    doc = minutes_document(counted.session)
    assert doc.integrity_ok, doc.integrity_problems
    # each line: 3 agree + 0 disagree + 1 blank (the invalid ballot) + 0 recused + 1 did not vote = 5 taking part
    assert [(r.agree, r.disagree, r.blank, r.recused, r.not_voted) for r in doc.rows] == [(3, 0, 1, 0, 1)] * 2
    assert doc.counting == (
        "Số phiếu phát ra: 5 (thành viên tham gia biểu quyết); số phiếu thu vào: 4; "
        "số phiếu hợp lệ: 3; số phiếu không hợp lệ: 1.",
        "Số thành viên vắng mặt, không biểu quyết: 1.",
    )
    assert doc.early_close == f"Kết thúc bỏ phiếu trước hạn, lý do: {EARLY_REASON}."
    void_at = timezone.localtime(counted.void_at)
    assert doc.void_votes == (
        f"Lần bỏ phiếu lúc {void_at:%H} giờ {void_at:%M} ngày {void_at:%d/%m/%Y} không có giá trị: "
        "chỉ có 1 phiếu, ít hơn số thành viên tối thiểu 3; hòm phiếu đã được huỷ mà không mở và Hội đồng bỏ phiếu lại.",
    )
    assert doc.trackers == tuple(sorted(counted.trackers))
    assert all(len(tracker) == 64 for tracker in doc.trackers)

    text, body = _text(doc)
    for part in (*doc.counting, doc.early_close, *doc.void_votes, doc.results_note, doc.trackers_intro):
        assert flat(part) in text, part
    assert flat("Phiếu không hợp lệ được tính là không biểu quyết.") in text
    for tracker in counted.trackers:
        assert tracker in text
    assert flat("Không tham gia Không bỏ phiếu") in body
    for row in doc.rows:
        assert flat(f"3 0 1 0 1 {row.base} {row.percent_text} {row.outcome}") in body, row
    assert flat(doc.digest_text) in text  # the HMAC sentence stays
    assert counted.session.results_digest in text


def test_minutes_of_a_vote_that_closed_in_time_print_no_early_close_nor_void_vote(world: Any, session: Any) -> None:
    doc = minutes_document(session)
    assert doc.early_close == ""
    assert doc.void_votes == ()
    assert len(doc.trackers) == 2
    assert doc.counting[0].startswith("Số phiếu phát ra: 2 (thành viên tham gia biểu quyết); số phiếu thu vào: 2;")
    text, _body = _text(doc)
    assert flat("Kết thúc bỏ phiếu trước hạn") not in text
    assert flat("không có giá trị") not in text
    for tracker in doc.trackers:
        assert tracker in text


def test_minutes_whose_counts_were_changed_say_so(counted: Counted) -> None:
    LineTally.objects.filter(session=counted.session).update(not_voted=0, blank=2)
    doc = minutes_document(counted.session)
    assert not doc.integrity_ok
    text, _body = _text(doc)
    assert flat("CẢNH BÁO: Số phiếu của dòng") in text


def test_the_minutes_cite_the_bases_marked_for_minutes_in_force_on_the_meeting_day(world: Any, session: Any) -> None:
    from decisions.models import LegalBasis

    held = timezone.localtime(session.held_at).date()
    LegalBasis.objects.create(
        council=world.council,
        family="quy-che-hoat-dong",
        text="Căn cứ Quy chế hoạt động của Hội đồng Thi đua – Khen thưởng thị trấn Hà Trung;",
        valid_from=held - dt.timedelta(days=30),
        for_decision=False,
        for_minutes=True,
    )
    LegalBasis.objects.create(
        council=world.council,
        family="quy-che-cu",
        text="Căn cứ Quy chế cũ đã hết hiệu lực;",
        valid_from=held - dt.timedelta(days=400),
        valid_until=held - dt.timedelta(days=31),
        for_minutes=True,
    )
    doc = minutes_document(session)
    assert doc.legal_bases == ("Căn cứ Quy chế hoạt động của Hội đồng Thi đua – Khen thưởng thị trấn Hà Trung;",)
    text, _body = _text(doc)
    assert flat("Căn cứ Quy chế hoạt động của Hội đồng Thi đua – Khen thưởng thị trấn Hà Trung;") in text
    assert flat("Quy chế cũ") not in text
