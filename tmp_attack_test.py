"""Scratch attack tests (not part of the repo)."""

from __future__ import annotations
import datetime as dt, json
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.core.exceptions import ValidationError

from councils.models import Council, CouncilMembership, CouncilRole
from decisions.models import (
    AttendanceState,
    BallotCast,
    CouncilSession,
    SealedBallot,
    SessionStatus,
    LineTally,
    CastMethod,
)
from decisions.services import ballot_box
from decisions.services import decisions as decision_services
from decisions.services.results import session_results
from decisions.tests.services.test_ballot_box import (
    board,
    start,
    cast,
    lines,
    kind,
    line_of,
    choices,
    counts,
    close,
    hand_in,
    close_hand_ins,
    enter,
    record,
)
from workflows import session_services as flow

pytestmark = pytest.mark.django_db


def test_A_quorum_lowered_mid_vote_opens_box_of_one(board):
    """Superuser lowers Council quorum via admin while voting; secretariat closes early with a reason."""
    session = start(board)
    victim = board.members[4]
    cast(board, session, victim, "ADA")
    # what /admin/councils/council/<id>/change/ lets a superuser do
    Council.objects.filter(pk=board.world.council.pk).update(quorum_numerator=1, quorum_denominator=100)
    out = close(board, session, reason="mất điện")
    assert not out.void and out.ballots == 1
    c = counts(board, session)
    # the victim's whole ballot is in the published counts
    assert c["gk"][:2] == (1, 0) and c["a"][:2] == (0, 1) and c["b"][:2] == (1, 0)
    assert ballot_box.session_verify(CouncilSession.objects.get(pk=session.pk)).ok


def test_A2_admin_change_form_exposes_quorum(board):
    c = Client()
    c.force_login(board.world.admin)
    r = c.get(reverse("admin:councils_council_change", args=[board.world.council.pk]))
    assert r.status_code == 200 and b'name="quorum_numerator"' in r.content


def test_B_cleared_digest_disables_verification(board):
    session = start(board)
    for m in board.members:
        cast(board, session, m, "DDD" if m != board.recused else "D-D")
    session = flow.session_close_voting(
        actor=board.world.secretariat, session=CouncilSession.objects.get(pk=session.pk)
    )
    assert session.status == SessionStatus.CLOSED
    payload = json.loads(session.results["payload"])
    for line in payload["lines"]:
        line["passed"] = True
        line["agree"] = line["base"]
        line["disagree"] = 0
    CouncilSession.objects.filter(pk=session.pk).update(results={"payload": json.dumps(payload)}, results_digest="")
    session = CouncilSession.objects.get(pk=session.pk)
    assert ballot_box.session_verify(session).ok  # says OK
    assert all(r.passed for r in session_results(session).values())
    ids = list(session_results(session))
    d = flow.session_chairman_decide(
        chairman=board.world.chairman, session=session, approve_item_ids=ids, unticked_reasons={}
    )
    assert d is not None and d.lines.count() >= 1


def test_C_void_vote_ballot_replayed_into_revote(board):
    """A sealed row saved during a void vote authenticates in the re-vote of the same session."""
    session = start(board)
    cast(board, session, board.members[4], "AAA")
    saved = SealedBallot.objects.get(session=session)
    saved = (saved.key_id, bytes(saved.nonce), bytes(saved.sealed))
    out = close(board, session, reason="thử")
    assert out.void
    session = CouncilSession.objects.get(pk=session.pk)
    from decisions.services import sessions as cs

    session = flow.session_open_voting(actor=board.world.secretariat, session=session)
    # 8 real voters, then a DB writer stuffs the old row + a forged cast for an idle member
    idle = board.members[9]
    for m in board.members[:9]:
        cast(board, session, m, "DDD" if m != board.recused else "D-D")
    BallotCast.objects.create(session=session, member=idle, method=CastMethod.ONLINE)
    SealedBallot.objects.create(session=session, key_id=saved[0], nonce=saved[1], sealed=saved[2])
    out = close(board, session, reason="hết giờ")
    assert not out.void
    c = counts(board, session)
    assert c["gk"][0] == 1  # the replayed AAA was counted
    assert ballot_box.session_verify(CouncilSession.objects.get(pk=session.pk)).ok


def test_D_paper_handin_after_deadline(board):
    session = start(board, closes_at=timezone.now() + dt.timedelta(minutes=5))
    hand_in(board, session, board.members[5])  # one paper outstanding keeps the vote open
    CouncilSession.objects.filter(pk=session.pk).update(voting_closes_at=timezone.now() - dt.timedelta(minutes=1))
    session = CouncilSession.objects.get(pk=session.pk)
    assert flow.session_close_if_due(session) is None  # refused: paper not entered
    with pytest.raises(ValidationError):
        cast(board, session, board.members[6], "AAA")  # online refused after the deadline
    hand_in(board, session, board.members[6], board.members[7])  # paper hand-in accepted after it
    assert BallotCast.objects.filter(session=session, method="paper").count() == 3


def test_E_secretary_learns_written_vote_by_subtraction(board):
    """All present members vote on paper (keyed by the secretariat); one absent member votes in writing."""
    w = board.members[4]
    session = start(board, states={w: AttendanceState.WRITTEN})
    cast(board, session, w, "DAD")  # the written voter
    present = [m for m in board.members if m != w]
    hand_in(board, session, *present)
    close_hand_ins(board, session)
    for m in present:
        enter(board, session, "AAA")  # the secretary knows every paper it keyed: 9 x AAA
    close(board, session)
    session = CouncilSession.objects.get(pk=session.pk)
    assert session.status == SessionStatus.CLOSED
    c = counts(board, session)
    # totals minus the 9 papers the secretary keyed = the written member's ballot
    assert (c["gk"][1], c["a"][1], c["b"][1]) == (1, 0, 1)


def test_F_recusal_moved_after_cast_not_frozen(board):
    session = start(board)
    m = board.members[5]
    cast(board, session, m, "AAA")  # not recused from 'a' at cast time
    for x in board.members:
        if x != m and x != board.members[9]:
            cast(board, session, x, "AAA" if x != board.recused else "A-A")
    # admin moves m into unit A mid-vote
    CouncilMembership.objects.filter(council=board.world.council, user=m).update(unit=board.world.unit_a)
    close(board, session, reason="hết giờ")
    c = counts(board, session)
    print("counts", c)
    s = CouncilSession.objects.get(pk=session.pk)
    item = line_of(board, s, "a")
    print("frozen recused_present", item.recused_present, "tally recused", c["a"][3])
    assert c["a"][3] == 2 and item.recused_present == 1


def test_G_person_rename_midvote_jams_box(board):
    session = start(board)
    for m in board.members[:8]:
        cast(board, session, m, "AAA" if m != board.recused else "A-A")
    item = line_of(board, session, "a")
    p = item.line.person
    p.full_name = p.full_name + " "
    p.save()
    with pytest.raises(ValidationError):
        close(board, session, reason="x")
    # the void path is unreachable too: box can be neither opened nor destroyed
    assert CouncilSession.objects.get(pk=session.pk).status == SessionStatus.VOTING


def test_H_routes(board):
    session = start(board)
    w = board.world
    for name in ("workflows:session_paper_close", "workflows:session_paper_discard", "workflows:session_close"):
        u = reverse(name, args=[session.pk])
        sec = Client(enforce_csrf_checks=True)
        sec.force_login(w.secretariat)
        assert sec.post(u, {"reason": "x"}).status_code == 403, name  # no CSRF token
        assert sec.get(u).status_code == 405, name
        mem = Client()
        mem.force_login(w.member)
        assert mem.post(u, {"reason": "x"}).status_code == 403, name
        ch = Client()
        ch.force_login(w.chairman)
        assert ch.post(u, {"reason": "x"}).status_code == 403, name
        oth = Client()
        oth.force_login(w.other_secretariat)
        assert oth.post(u, {"reason": "x"}).status_code == 404, name
        un = Client()
        un.force_login(w.unit_a_user)
        assert un.post(u, {"reason": "x"}).status_code == 404, name
    assert CouncilSession.objects.get(pk=session.pk).status == SessionStatus.VOTING
    # chairman and council admin see the 'who voted' + live tracker page during voting
    cast(board, session, board.members[4], "AAA")
    ch = Client()
    ch.force_login(w.chairman)
    r = ch.get(reverse("workflows:session_detail", args=[session.pk]))
    assert r.status_code == 200 and b'id="casts"' in r.content and b'id="trackers"' in r.content


def test_I_second_officer(board):
    Council.objects.filter(pk=board.world.council.pk).update(paper_second_officer=True)
    session = start(board)
    hand_in(board, session, board.members[5], board.members[6])
    close_hand_ins(board, session)
    out = enter(board, session, "ADA")
    assert out.pending
    with pytest.raises(ValidationError):
        enter(board, session, "ADA")  # same officer refused
    with pytest.raises(ValidationError):
        enter(board, session, "AAA", officer=board.world.secretariat2)  # mismatch oracle
    out = enter(board, session, "ADA", officer=board.world.secretariat2)
    assert not out.pending
    # page while pending shows nothing of the first keying
    enter(board, session, "DDD")
    c = Client()
    c.force_login(board.world.secretariat2)
    r = c.get(reverse("workflows:session_paper", args=[session.pk]))
    assert b"checked" not in r.content


def _closed(board):
    session = start(board)
    for m in board.members[:9]:
        cast(board, session, m, "ADA" if m != board.recused else "A-A")
    close(board, session, reason="r")
    return CouncilSession.objects.get(pk=session.pk)


@pytest.mark.parametrize(
    "how",
    [
        "tally",
        "tracker_add",
        "tracker_del",
        "cast_del",
        "cast_add",
        "opened",
        "repoint",
        "payload",
        "invalid",
        "present_total",
        "close_reason",
    ],
)
def test_J_after_close(board, how):
    from decisions.models import BallotTracker, AgendaItem

    s = _closed(board)
    if how == "tally":
        LineTally.objects.filter(session=s).update(agree=9)
    elif how == "tracker_add":
        BallotTracker.objects.create(session=s, digest="0" * 64)
    elif how == "tracker_del":
        BallotTracker.objects.filter(session=s).first().delete()
    elif how == "cast_del":
        BallotCast.objects.filter(session=s).first().delete()
    elif how == "cast_add":
        BallotCast.objects.create(session=s, member=board.members[9], method="online")
    elif how == "opened":
        CouncilSession.objects.filter(pk=s.pk).update(ballots_opened=10)
    elif how == "repoint":
        a, b = list(AgendaItem.objects.filter(session=s).order_by("position"))[:2]
        la, lb = a.line_id, b.line_id
        AgendaItem.objects.filter(pk=a.pk).update(line_id=lb)
        AgendaItem.objects.filter(pk=b.pk).update(line_id=la)
    elif how == "payload":
        p = json.loads(s.results["payload"])
        p["lines"][0]["passed"] = not p["lines"][0]["passed"]
        CouncilSession.objects.filter(pk=s.pk).update(results={"payload": json.dumps(p)})
    elif how == "invalid":
        CouncilSession.objects.filter(pk=s.pk).update(ballots_invalid=3)
    elif how == "present_total":
        CouncilSession.objects.filter(pk=s.pk).update(present_total=3)
    elif how == "close_reason":
        CouncilSession.objects.filter(
            pk=s.pk,
        ).update(close_reason="ĐÃ SỬA")
    s = CouncilSession.objects.get(pk=s.pk)
    print(how, "verify ok =", ballot_box.session_verify(s).ok)
