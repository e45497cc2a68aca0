"""A whole award round through the pages, as each role would, under a fixed clock:
two units submit, the secretariat accepts, the council votes (a non-voter is reminded),
the chairman approves, the office registers the decision with its number and list, the
awards are in the registry; the line that a higher level decides goes up as a proposal,
arrives in the district council's round as a dossier, goes through the district's own
flow, and its result comes back to the town's registry and to the nominating unit.
(The office entering a higher decision by hand is driven through the pages in
``nominations/tests/council/test_proposal_pages.py``.)"""

from __future__ import annotations

import datetime as dt
import html
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from conftest import pdf_upload
from councils.models import Council, CouncilLevel, CouncilMembership, CouncilRole, UnitKind, UnitMembership
from decisions.models import (
    AgendaItem,
    CouncilSession,
    Decision,
    DecisionStatus,
    Honour,
    Proposal,
    ProposalResult,
    ProposalStatus,
    SessionStatus,
)
from nominations.models import AwardRate, BaseSalary, Nomination, NominationStatus, NomineeKind, Person, RoundAwardType
from notifications.models import Notice
from notifications.services import reminders_send_due
from tests import factories

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def vn(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=VN)  # type: ignore[misc]


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response: Any) -> str:
    return html.unescape(response.content.decode())


def messages_of(response: Any) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def ok(response: Any) -> Any:
    assert response.status_code in (200, 302), (response.status_code, text(response)[:2000])
    return response


def submit_dossier(client: Client, *, unit: Any, round_: Any, title: str, lines: list[dict[str, Any]]) -> Nomination:
    ok(client.post(reverse("workflows:dossier_create"), {"unit": unit.pk, "round": round_.pk, "title": title}))
    nomination = Nomination.objects.get(title=title)
    for line in lines:
        data = {
            "nominee_kind": "individual",
            "gender": "female",
            "position": "Cán bộ",
            "achievement": "Hoàn thành xuất sắc nhiệm vụ năm 2026",
            "method": "regular",
            "subject_category": "",
            **line,
        }
        response = client.post(reverse("nominations:line_add", args=[nomination.pk]), data)
        assert response.status_code == 302, text(response)[:3000]
    for kind in ("cover_letter", "review_minutes"):
        upload = pdf_upload(f"{kind}.pdf")
        assert client.post(reverse("nominations:attachment_add", args=[nomination.pk]), {"kind": kind, "file": upload})
    response = client.post(reverse("workflows:dossier_submit", args=[nomination.pk]), follow=True)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED, messages_of(response)
    return nomination


def accept(client: Client, nomination: Nomination) -> None:
    ok(client.post(reverse("workflows:dossier_review", args=[nomination.pk]), {"decision": "accept"}))
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.ACCEPTED


def run_session(
    *,
    council: Council,
    round_: Any,
    secretariat: Any,
    chairman: Any,
    members: list[Any],
    late: Any = None,
    closes_at: str = "2026-12-01T11:00",
) -> CouncilSession:
    """Create, take attendance (everyone present), open, vote 'agree' on every line, close;
    ``late`` votes only after the reminder (the caller sends due reminders in between)."""
    office = login(secretariat)
    ok(
        office.post(
            reverse("workflows:session_create"),
            {
                "round": round_.pk,
                "held_at": "2026-12-01T08:30",
                "place": f"Hội trường {council.name}",
                "chair": chairman.pk,
                "secretary": secretariat.pk,
            },
        )
    )
    session = CouncilSession.objects.filter(council=council).latest("id")
    ok(
        office.post(
            reverse("workflows:session_attendance", args=[session.pk]),
            {f"attendance_{m.pk}": "present" for m in members},
        )
    )
    response = office.post(reverse("workflows:session_open", args=[session.pk]), {"closes_at": closes_at}, follow=True)
    session.refresh_from_db()
    assert session.status == SessionStatus.VOTING, messages_of(response)
    items = list(AgendaItem.objects.filter(session=session))
    for member in members:
        if member == late:
            continue
        response = login(member).post(
            reverse("workflows:session_ballot", args=[session.pk]),
            {"step": "confirm", **{f"item_{i.pk}": "agree" for i in items}},
            follow=True,
        )
        assert "Phiếu của bạn đã được bỏ vào hòm phiếu" in response.content.decode(), messages_of(response)
    return session


def close_and_decide(session: CouncilSession, secretariat: Any, chairman: Any, subject: str) -> Decision:
    ok(login(secretariat).post(reverse("workflows:session_close", args=[session.pk])))
    session.refresh_from_db()
    assert session.status == SessionStatus.CLOSED
    items = AgendaItem.objects.filter(session=session)
    response = login(chairman).post(
        reverse("workflows:session_decide", args=[session.pk]),
        {"approve": [i.pk for i in items], "subject": subject},
        follow=True,
    )
    assert messages_of(response)[0].startswith("Đã phê duyệt"), messages_of(response)
    return Decision.objects.get(session=session)


def register(decision: Decision, secretariat: Any, signer: str) -> Decision:
    response = login(secretariat).post(
        reverse("workflows:decision_register", args=[decision.pk]),
        {"number": "", "signed_on": "2026-12-02", "signer_name": signer, "signer_capacity": "chairman"},
        follow=True,
    )
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.REGISTERED, text(response)[:3000]
    return decision


def voting_members(council: Council, chairman: Any, names: list[str]) -> list[Any]:
    members = [chairman]
    for username in names:
        user = factories.UserFactory(username=username)
        CouncilMembership.objects.create(council=council, user=user, role=CouncilRole.MEMBER)
        members.append(user)
    return members


def test_a_whole_round_from_the_units_to_the_registry_and_up_to_the_district(world: Any, time_machine: Any) -> None:
    time_machine.move_to(vn(2026, 12, 1, 8, 0), tick=False)
    BaseSalary.objects.create(amount=2_530_000, valid_from=dt.date(2026, 7, 1))
    AwardRate.objects.create(
        award_type=world.ldtt,
        nominee_kind=NomineeKind.INDIVIDUAL,
        multiplier=Decimal("0.3"),
        valid_from=dt.date(2025, 7, 1),
    )
    # a district council above the town; the district's chairman awards its own Giấy khen (GKH)
    district = factories.CouncilFactory(
        name="Hội đồng Thi đua – Khen thưởng huyện Hà Trung", level=CouncilLevel.DISTRICT
    )
    representing = factories.UnitFactory(
        council=district, name="Ủy ban nhân dân thị trấn Hà Trung", kind=UnitKind.AGENCY
    )
    Council.objects.filter(pk=world.council.pk).update(parent=district, unit_in_parent=representing)
    world.council.refresh_from_db()
    UnitMembership.objects.create(unit=representing, user=world.secretariat)  # the town's office files it up
    gkh_town = factories.AwardTypeFactory(
        council=world.council,
        code="GKH",
        name_vi="Giấy khen của Chủ tịch UBND huyện",
        kind="commendation",
        deciding_level=CouncilLevel.DISTRICT,
        required_documents=["cover_letter"],
    )
    RoundAwardType.objects.create(round=world.round, award_type=gkh_town)
    district_round = factories.RoundFactory(council=district, name="Xét khen thưởng cấp huyện năm 2026")
    gkh = factories.AwardTypeFactory(
        council=district,
        code="GKH",
        name_vi="Giấy khen của Chủ tịch UBND huyện",
        kind="commendation",
        deciding_level=CouncilLevel.DISTRICT,
        required_documents=["cover_letter"],
    )
    RoundAwardType.objects.create(round=district_round, award_type=gkh)
    gkh_town.parent_award_type = gkh  # what the town's line becomes at the district (never matched by code)
    gkh_town.save(update_fields=["parent_award_type"])
    AwardRate.objects.create(
        award_type=gkh, nominee_kind=NomineeKind.INDIVIDUAL, multiplier=Decimal("0.3"), valid_from=dt.date(2025, 7, 1)
    )
    d_secretariat = factories.UserFactory(username="huyen_thuongtruc")
    CouncilMembership.objects.create(council=district, user=d_secretariat, role=CouncilRole.SECRETARIAT)
    d_chairman = factories.UserFactory(username="huyen_chutich")
    CouncilMembership.objects.create(council=district, user=d_chairman, role=CouncilRole.CHAIRMAN)
    d_members = voting_members(district, d_chairman, ["huyen_uv1", "huyen_uv2"])
    town_members = voting_members(world.council, world.chairman, ["uv1", "uv2", "uv3"]) + [world.member]

    # --- 1. two units submit their dossiers through the pages
    unit_a = login(world.unit_a_user)
    dossier_a = submit_dossier(
        unit_a,
        unit=world.unit_a,
        round_=world.round,
        title="Tiểu khu Trang Các đề nghị khen thưởng năm 2026",
        lines=[
            {"award_type": world.ldtt.pk, "full_name": "Nguyễn Văn An", "gender": "male", "birth_date": "02/09/1980"},
            {"award_type": gkh_town.pk, "full_name": "Trần Thị Bình", "birth_date": "12/05/1979"},
        ],
    )
    dossier_b = submit_dossier(
        login(world.unit_b_user),
        unit=world.unit_b,
        round_=world.round,
        title="Trường Mầm non thị trấn đề nghị khen thưởng năm 2026",
        lines=[{"award_type": world.ldtt.pk, "full_name": "Phạm Thị Cúc", "birth_date": "20/11/1990"}],
    )
    assert Notice.objects.filter(verb="dossier_submitted", recipient=world.secretariat).count() == 2

    # --- 2. the secretariat accepts both
    office = login(world.secretariat)
    accept(office, dossier_a)
    accept(office, dossier_b)

    # --- 3. the council votes; the member who has not voted is reminded at 10:00
    session = run_session(
        council=world.council,
        round_=world.round,
        secretariat=world.secretariat,
        chairman=world.chairman,
        members=town_members,
        late=world.member,
    )
    assert AgendaItem.objects.filter(session=session).count() == 3
    time_machine.move_to(vn(2026, 12, 1, 10, 0), tick=False)
    assert reminders_send_due() == 1
    assert list(Notice.objects.filter(verb="ballot_reminder").values_list("recipient__username", flat=True)) == [
        world.member.username
    ]
    items = AgendaItem.objects.filter(session=session)
    response = login(world.member).post(
        reverse("workflows:session_ballot", args=[session.pk]),
        {"step": "confirm", **{f"item_{i.pk}": "agree" for i in items}},
        follow=True,
    )
    assert "Phiếu của bạn đã được bỏ vào hòm phiếu" in response.content.decode(), messages_of(response)
    time_machine.move_to(vn(2026, 12, 1, 11, 0), tick=False)

    # --- 4. the chairman approves; the draft decision holds the town's own lines only
    decision = close_and_decide(
        session, world.secretariat, world.chairman, "Về việc khen thưởng danh hiệu Lao động tiên tiến năm 2026"
    )
    assert sorted(decision.lines.values_list("line__person__full_name", flat=True)) == ["Nguyễn Văn An", "Phạm Thị Cúc"]

    # --- 5. the office registers it: number 01 from the register, money at the rate of the signing date
    decision = register(decision, world.secretariat, "Trịnh Văn Hùng")
    assert decision.reference == "01/QĐ-UBND"
    assert set(decision.lines.values_list("amount", flat=True)) == {759_000}  # 0.3 × 2,530,000
    office = login(world.secretariat)  # its 8:00 login has been idle longer than SESSION_IDLE_MINUTES
    printed = text(office.get(reverse("documents:print_decision", args=[decision.pk])))
    assert "Số: 01/QĐ-UBND" in printed
    assert "Nguyễn Văn An" in printed
    assert "Phạm Thị Cúc" in printed
    assert "1.518.000" in printed  # the list's total
    # the awards are in the registry, on each person's page
    an = Person.objects.get(council=world.council, full_name="Nguyễn Văn An")
    page = text(office.get(reverse("decisions:registry_holder", args=["person", an.pk])))
    assert "Lao động tiên tiến" in page
    assert "01/QĐ-UBND" in page
    assert Honour.objects.filter(decision=decision).count() == 2

    # --- 6. the district's line goes up: proposal made and sent through the pages
    response = office.post(reverse("decisions:proposal_create", args=[session.pk]), follow=True)
    proposal = Proposal.objects.get(session=session)
    assert [row.line.person.full_name for row in proposal.lines.all()] == ["Trần Thị Bình"]
    response = office.post(reverse("workflows:proposal_send", args=[proposal.pk]), follow=True)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SENT
    forwarded = proposal.forwarded_nomination
    assert forwarded is not None
    assert (forwarded.round_id, forwarded.unit_id) == (district_round.pk, representing.pk)
    # the town's office, as the representing unit, attaches the proposal and submits it
    upload = pdf_upload("to-trinh-len-huyen.pdf")
    ok(
        office.post(
            reverse("nominations:attachment_add", args=[forwarded.pk]), {"kind": "cover_letter", "file": upload}
        )
    )
    ok(office.post(reverse("workflows:dossier_submit", args=[forwarded.pk])))
    forwarded.refresh_from_db()
    assert forwarded.status == NominationStatus.SUBMITTED

    # --- 7. the district's own flow: accept, vote, decide, register
    accept(login(d_secretariat), forwarded)
    d_session = run_session(
        council=district,
        round_=district_round,
        secretariat=d_secretariat,
        chairman=d_chairman,
        members=d_members,
        closes_at="2026-12-01T16:00",
    )
    d_decision = close_and_decide(d_session, d_secretariat, d_chairman, "Về việc tặng Giấy khen năm 2026")
    d_decision = register(d_decision, d_secretariat, "Lê Văn Huyện")
    assert d_decision.reference == "01/QĐ-UBND"

    # --- 8. the result comes back: the town's registry and the nominating unit
    row = proposal.lines.get()
    assert row.result == ProposalResult.AWARDED
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DECIDED
    binh = Honour.objects.get(council=world.council, person__full_name="Trần Thị Bình")
    assert (binh.external_reference, binh.external_date) == ("01/QĐ-UBND", dt.date(2026, 12, 2))
    notice = Notice.objects.get(verb="higher_result", recipient=world.unit_a_user)
    assert notice.title == "Kết quả xét khen thưởng của cấp trên: 1/1 đề nghị được khen thưởng"
    assert "Trần Thị Bình" in notice.body
    assert not Notice.objects.filter(verb="higher_result", recipient=world.unit_b_user).exists()
    # the town's page of the proposal shows it
    page = text(office.get(reverse("decisions:proposal_detail", args=[proposal.pk])))
    assert "Được khen thưởng" in page
    assert "Cấp trên đã quyết định" in page
