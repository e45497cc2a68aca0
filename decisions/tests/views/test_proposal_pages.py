"""The proposal pages: the secretariat makes the proposal from a decided session, sends it
up where the parent council uses this system, or enters the higher council's decision by
hand; each nominating unit is told the result."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from decisions.models import Honour, Proposal, ProposalResult, ProposalStatus
from decisions.tests.flows.test_forwarding import _decided_session, upward  # noqa: F401 - the fixture
from decisions.tests.services.test_session_services import _items, council  # noqa: F401 - the fixture
from nominations.models import NominationStatus
from notifications.models import Notice

pytestmark = pytest.mark.django_db


def _login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def _messages(response: Any) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_secretariat_makes_and_sends_a_proposal_through_the_pages(upward: Any) -> None:  # noqa: F811
    world = upward.council.world
    session = _decided_session(upward.council)
    secretariat = _login(world.secretariat)
    page = _text(secretariat.get(reverse("workflows:session_detail", args=[session.pk])))
    assert "Lập tờ trình lên cấp trên" in page
    response = secretariat.post(reverse("decisions:proposal_create", args=[session.pk]), follow=True)
    proposal = Proposal.objects.get(session=session)
    assert _messages(response) == [f"Đã lập tờ trình lên {upward.district.name}."]
    body = _text(response)
    assert "Gửi tờ trình lên cấp trên" in body
    assert body.count("Chờ cấp trên xét") == 2
    # a second proposal for the same session is refused with a message, nothing made
    response = secretariat.post(reverse("decisions:proposal_create", args=[session.pk]), follow=True)
    assert _messages(response) == ["Phiên họp này đã có tờ trình lên cấp trên."]
    assert Proposal.objects.filter(session=session).count() == 1
    # the session page now links to it
    assert reverse("decisions:proposal_detail", args=[proposal.pk]) in _text(
        secretariat.get(reverse("workflows:session_detail", args=[session.pk]))
    )
    # listed among the council's proposals
    assert upward.district.name in _text(secretariat.get(reverse("decisions:proposal_list")))

    response = secretariat.post(reverse("workflows:proposal_send", args=[proposal.pk]), follow=True)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SENT
    dossier = proposal.forwarded_nomination
    assert dossier is not None
    assert dossier.status == NominationStatus.DRAFT
    assert dossier.round == upward.round
    assert response.redirect_chain[-1][0] == reverse("workflows:dossier_detail", args=[dossier.pk])
    assert "hãy kiểm tra và gửi hồ sơ đó" in _messages(response)[0]
    # sending twice is refused
    response = secretariat.post(reverse("workflows:proposal_send", args=[proposal.pk]), follow=True)
    assert _messages(response) == ["Tờ trình đã được gửi."]

    # units and members never see proposals
    for user in (world.unit_a_user, world.member):
        assert _login(user).get(reverse("decisions:proposal_detail", args=[proposal.pk])).status_code == 404


def test_the_office_enters_the_higher_decision_and_the_units_are_told(upward: Any) -> None:  # noqa: F811
    world = upward.council.world
    session = _decided_session(upward.council)
    secretariat = _login(world.secretariat)
    secretariat.post(reverse("decisions:proposal_create", args=[session.pk]))
    proposal = Proposal.objects.get(session=session)
    rows = {row.line.nomination.unit_id: row for row in proposal.lines.select_related("line__nomination")}
    awarded, not_awarded = rows[world.unit_a.pk], rows[world.unit_b.pk]
    url = reverse("decisions:proposal_higher_decision", args=[proposal.pk])

    # bad input: no reference; a line not in the proposal — each a message, nothing written
    response = secretariat.post(url, {"reference": " ", "decided_on": "2027-01-10", "awarded": []})
    assert "Trường này là bắt buộc." in _text(response)  # the reference is blank once stripped
    response = secretariat.post(url, {"reference": "125/QĐ-UBND", "decided_on": "2027-01-10", "awarded": ["999999"]})
    assert response.status_code == 200
    assert "999999" in _text(response)  # the form names the invalid choice
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT
    assert not Honour.objects.filter(source_line__proposal_lines__proposal=proposal).exists()
    assert not Notice.objects.filter(verb="higher_result").exists()

    response = secretariat.post(
        url, {"reference": "125/QĐ-UBND", "decided_on": "2027-01-10", "awarded": [str(awarded.line_id)]}, follow=True
    )
    assert _messages(response) == ["Đã ghi kết quả của cấp trên và báo cho các đơn vị đề nghị."]
    body = _text(response)
    assert "125/QĐ-UBND" in body
    assert "Nhập quyết định của cấp trên" not in body  # done: the form is gone
    awarded.refresh_from_db()
    not_awarded.refresh_from_db()
    assert (awarded.result, not_awarded.result) == (ProposalResult.AWARDED, ProposalResult.NOT_AWARDED)
    honour = Honour.objects.get(source_line=awarded.line)
    assert (honour.external_reference, honour.external_date) == ("125/QĐ-UBND", dt.date(2027, 1, 10))

    # each nominating unit's users are told once, with their own lines only
    notice_a = Notice.objects.get(verb="higher_result", recipient=world.unit_a_user)
    assert notice_a.title == "Kết quả xét khen thưởng của cấp trên: 1/1 đề nghị được khen thưởng"
    assert "Quyết định số 125/QĐ-UBND ngày 10/01/2027" in notice_a.body
    assert "Được khen thưởng" in notice_a.body
    notice_b = Notice.objects.get(verb="higher_result", recipient=world.unit_b_user)
    assert notice_b.title == "Kết quả xét khen thưởng của cấp trên: 0/1 đề nghị được khen thưởng"
    assert "Không được khen thưởng" in notice_b.body
    assert notice_a.url == reverse("workflows:dossier_detail", args=[awarded.line.nomination_id])
    assert not Notice.objects.filter(verb="higher_result", recipient=world.secretariat).exists()
