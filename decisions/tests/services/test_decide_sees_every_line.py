"""The chairman approves only what he sees: the lines that need no vote are fixed on the session
with its agenda; a line accepted later is never swept into the decision, unless the secretariat
adds it to the session explicitly (recorded, and in the minutes); the decide page counts and
lists every line the approval includes."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import pdf_upload
from decisions.models import AgendaItem, AttendanceState, Choice, NoVoteItem, SessionStatus
from decisions.services import decisions as ds
from decisions.services import sessions as cs
from documents.mappers import minutes_document
from nominations import services as ns
from workflows import services as ws
from workflows import session_services as flow

pytestmark = pytest.mark.django_db


def household_line(world: Any, head: str) -> Any:
    """An accepted dossier of unit B with one Gia đình văn hoá line (no vote needed)."""
    dossier = ws.dossier_create(user=world.unit_b_user, unit=world.unit_b, round=world.round, title=f"Hộ {head}")
    line = ns.line_add(
        actor=world.unit_b_user,
        nomination=dossier,
        award_type=world.gdvh,
        nominee=ns.NomineeData(kind="household", household_head=head, household_address="Tiểu khu 3"),
        achievement="Gia đình văn hoá tiêu biểu",
    )
    ns.attachment_add(nomination=dossier, upload=pdf_upload(), kind="posting_result", actor=world.unit_b_user)
    ws.dossier_submit(user=world.unit_b_user, nomination=dossier)
    ws.dossier_review(user=world.secretariat, nomination=dossier, accept=True)
    return line


def start(world: Any) -> Any:
    return flow.session_start(
        actor=world.secretariat,
        round=world.round,
        held_at=timezone.now(),
        place="Hội trường UBND thị trấn",
        chair=world.chairman,
        secretary=world.secretariat,
    )


def vote_and_close(world: Any, session: Any) -> Any:
    voters = (world.chairman, world.member)
    cs.attendance_record(
        actor=world.secretariat, session=session, states=dict.fromkeys([v.pk for v in voters], AttendanceState.PRESENT)
    )
    session = flow.session_open_voting(actor=world.secretariat, session=session)
    items = list(AgendaItem.objects.filter(session=session).values_list("pk", flat=True))
    for voter in voters:
        flow.session_ballot_cast(member=voter, session=session, choices=dict.fromkeys(items, Choice.AGREE))
    session.refresh_from_db()
    assert session.status == SessionStatus.CLOSED
    return session


def page(user: Any, name: str, session: Any) -> str:
    client = Client()
    client.force_login(user)
    return html.unescape(client.get(reverse(name, args=[session.pk])).content.decode())


def test_a_line_accepted_after_the_agenda_is_not_swept_into_the_decision(world: Any, make_dossier: Any) -> None:
    make_dossier("accepted")
    early = household_line(world, "Nguyễn Văn Sớm")
    session = start(world)
    assert list(NoVoteItem.objects.filter(session=session).values_list("line_id", flat=True)) == [early.pk]
    late = household_line(world, "Trần Thị Muộn")  # accepted after the agenda was made
    session = vote_and_close(world, session)
    assert [line.pk for line in cs.late_lines(session)] == [late.pk]
    decision = flow.session_chairman_decide(
        chairman=world.chairman,
        session=session,
        approve_item_ids=list(AgendaItem.objects.filter(session=session).values_list("pk", flat=True)),
    )
    assert decision is not None
    included = set(decision.lines.values_list("line_id", flat=True))
    assert early.pk in included
    assert late.pk not in included
    # the late line waits for the next session: it is free for it
    assert late.pk in [line.pk for line in cs._free_lines(world.round)]


def test_the_secretariat_adds_a_late_line_explicitly_and_the_minutes_say_so(world: Any, make_dossier: Any) -> None:
    make_dossier("accepted")
    session = start(world)
    late = household_line(world, "Trần Thị Muộn")
    session = vote_and_close(world, session)
    assert cs.session_add_lines(actor=world.secretariat, session=session, line_ids=[late.pk]) == 1
    item = NoVoteItem.objects.get(session=session, line=late)
    assert item.added_by == world.secretariat
    assert item.added_at is not None
    minutes = minutes_document(session)
    assert any("Hộ gia đình Trần Thị Muộn (Gia đình văn hoá)" in line for line in minutes.conclusions), (
        minutes.conclusions
    )
    decision = ds.session_decide(
        chairman=world.chairman,
        session=session,
        approve_item_ids=list(AgendaItem.objects.filter(session=session).values_list("pk", flat=True)),
    )
    assert decision is not None
    assert late.pk in set(decision.lines.values_list("line_id", flat=True))


def test_a_late_line_that_needs_a_vote_waits_once_voting_has_opened(world: Any, make_dossier: Any) -> None:
    make_dossier("accepted")
    session = start(world)
    cs.attendance_record(
        actor=world.secretariat,
        session=session,
        states={world.chairman.pk: AttendanceState.PRESENT, world.member.pk: AttendanceState.PRESENT},
    )
    late_vote = make_dossier("accepted", unit=world.unit_b).lines.get()
    # while preparing it may be added (it goes on the ballot)
    assert late_vote.pk in [line.pk for line in cs.late_lines(session)]
    session = flow.session_open_voting(actor=world.secretariat, session=session)
    assert cs.late_lines(session) == []
    with pytest.raises(ValidationError, match="cần bỏ phiếu mà phiên họp đã mở bỏ phiếu"):
        cs.session_add_lines(actor=world.secretariat, session=session, line_ids=[late_vote.pk])
    assert not AgendaItem.objects.filter(session=session, line=late_vote).exists()


def test_a_late_line_added_while_preparing_goes_on_the_ballot(world: Any, make_dossier: Any) -> None:
    make_dossier("accepted")
    session = start(world)
    late_vote = make_dossier("accepted", unit=world.unit_b).lines.get()
    cs.session_add_lines(actor=world.secretariat, session=session, line_ids=[late_vote.pk])
    added = AgendaItem.objects.get(session=session, line=late_vote)
    assert added.added_by == world.secretariat
    assert added.position == 2
    with pytest.raises(ValidationError, match="Có dòng không bổ sung được"):
        cs.session_add_lines(actor=world.secretariat, session=session, line_ids=[late_vote.pk])  # not twice
    with pytest.raises(PermissionError):
        cs.session_add_lines(actor=world.chairman, session=session, line_ids=[late_vote.pk])


def test_the_decide_page_counts_and_lists_every_line_the_approval_includes(world: Any, make_dossier: Any) -> None:
    make_dossier("accepted")
    heads = ["Nguyễn Văn Sớm", "Lê Thị Bình", "Phạm Văn Cường"]
    for head in heads:
        household_line(world, head)
    session = start(world)
    household_line(world, "Trần Thị Muộn")  # late: shown as waiting, not listed
    session = vote_and_close(world, session)
    body = page(world.chairman, "workflows:session_decide", session)
    totals = re.search(r'<section class="card" id="decide-totals">(.*?)</section>', body, re.S)
    assert totals
    numbers = dict(re.findall(r'<span class="n" id="total-([a-z-]+)">(\d+)</span>', totals.group(1)))
    assert numbers == {"passed-here": "1", "passed-above": "0", "failed": "0", "no-vote": "3"}
    assert "Gia đình văn hoá: <strong>3</strong>" in totals.group(1)
    assert "Dự thảo quyết định sẽ gồm <strong>4</strong> dòng" in body
    listed = re.findall(r"<li data-search=[^>]*><strong>(.*?)</strong>", body)
    assert sorted(listed) == sorted(f"Hộ {head}" for head in heads)
    assert "Trần Thị Muộn" not in re.sub(
        r'<p class="notice info small" id="late-waiting">.*?</p>', "", body, flags=re.S
    )
    assert 'id="late-waiting"' in body
    # the confirmation repeats the totals
    confirm = re.search(r'<form method="post" id="decide"[^>]*data-confirm="([^"]*)"', body)
    assert confirm
    assert "Dự thảo gồm 4 dòng: 1 dòng bỏ phiếu đạt" in confirm.group(1)
    assert "3 dòng không cần bỏ phiếu" in confirm.group(1)
    # the approval's message counts the same lines
    client = Client()
    client.force_login(world.chairman)
    items = list(AgendaItem.objects.filter(session=session).values_list("pk", flat=True))
    response = client.post(reverse("workflows:session_decide", args=[session.pk]), {"approve": items}, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [
        "Đã phê duyệt 4 dòng (1 dòng bỏ phiếu đạt, 3 dòng không cần bỏ phiếu); dự thảo quyết định đã được lập."
    ]


def test_the_secretariat_sees_late_lines_on_the_session_page_and_adds_one(world: Any, make_dossier: Any) -> None:
    make_dossier("accepted")
    session = start(world)
    late = household_line(world, "Trần Thị Muộn")
    body = page(world.secretariat, "workflows:session_detail", session)
    assert 'id="late-lines"' in body
    assert f'name="line" value="{late.pk}"' in body
    assert 'id="late-lines"' not in page(world.chairman, "workflows:session_detail", session)
    client = Client()
    client.force_login(world.secretariat)
    response = client.post(reverse("workflows:session_add_lines", args=[session.pk]), {"line": [late.pk]}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Đã bổ sung 1 dòng vào phiên họp; biên bản ghi việc bổ sung này."
    ]
    body = html.unescape(response.content.decode())
    assert 'id="added-late"' in body
    assert 'id="late-lines"' not in body
    response = client.post(reverse("workflows:session_add_lines", args=[session.pk]), {"line": []}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Chưa chọn dòng nào để bổ sung."]
