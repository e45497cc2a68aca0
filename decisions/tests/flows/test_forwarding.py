"""Forwarding up: the proposal reaches the parent council as a dossier in its open round,
and the parent's decision comes back to the registry of the council that proposed it;
or the office enters the higher decision by hand."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from councils.models import CouncilLevel, UnitKind, UnitMembership
from decisions.models import Choice, Decision, DecisionLine, Honour, ProposalResult, ProposalStatus, SignerCapacity
from decisions.services import decisions as ds
from decisions.services import proposals as ps
from decisions.tests.services.test_session_services import _items, council  # noqa: F401 - the fixture
from nominations.models import AwardRate, NominationStatus, RoundAwardType
from tests import factories
from workflows import proposal_services as wps
from workflows import session_services as ss

pytestmark = pytest.mark.django_db


@pytest.fixture
def upward(council: Any) -> Any:  # noqa: F811
    """A district council above the town; the town's LDTT lines are decided by the district."""
    world = council.world
    district = factories.CouncilFactory(
        name="Hội đồng Thi đua – Khen thưởng huyện Hà Trung", level=CouncilLevel.DISTRICT
    )
    world.council.parent = district
    representing = factories.UnitFactory(
        council=district, name="Ủy ban nhân dân thị trấn Hà Trung", kind=UnitKind.AGENCY
    )
    world.council.unit_in_parent = representing
    world.council.save()
    district_round = factories.RoundFactory(council=district, name="Xét khen thưởng cấp huyện")
    district_ldtt = factories.AwardTypeFactory(
        council=district, code="LDTT", name_vi="Lao động tiên tiến", deciding_level=CouncilLevel.DISTRICT
    )
    world.ldtt.deciding_level = CouncilLevel.DISTRICT
    world.ldtt.parent_award_type = district_ldtt  # forwarding follows the explicit mapping, not the code
    world.ldtt.save()
    RoundAwardType.objects.create(round=district_round, award_type=district_ldtt)
    AwardRate.objects.create(
        award_type=district_ldtt, nominee_kind="individual", multiplier="0.3", valid_from=dt.date(2024, 1, 1)
    )
    UnitMembership.objects.create(unit=representing, user=world.secretariat)
    world.secretariat.__dict__.pop("_thidua_roles", None)  # roles are cached per user object
    return type("Up", (), {"district": district, "round": district_round, "ldtt": district_ldtt, "council": council})


def _decided_session(council: Any, exclude_first: bool = False) -> Any:  # noqa: F811
    world = council.world
    session = ss.session_start(
        actor=world.secretariat,
        round=world.round,
        held_at=dt.datetime.now(dt.UTC),
        place="Hội trường",
        chair=world.chairman,
        secretary=world.secretariat,
    )
    from decisions.services import sessions as cs

    cs.attendance_record(actor=world.secretariat, session=session, states={m.pk: "present" for m in council.members})
    ss.session_open_voting(actor=world.secretariat, session=session)
    items = _items(session)
    for member in council.members:
        recused = member == council.members[2]
        choices = {i.pk: Choice.AGREE for i in items if not (recused and i.line.nomination.unit_id == world.unit_a.pk)}
        ss.session_ballot_cast(member=member, session=session, choices=choices)
    session.refresh_from_db()  # everyone has voted: the vote closed by itself
    assert session.has_results
    excluded = {items[0].pk: "Đơn vị đã bị kỷ luật trong năm"} if exclude_first else {}
    ss.session_chairman_decide(
        chairman=world.chairman, session=session, approve_item_ids=[i.pk for i in items], excluded=excluded
    )
    session.refresh_from_db()
    return session


def test_a_proposal_goes_only_to_the_parent_and_arrives_as_a_dossier_there(upward: Any) -> None:
    world = upward.council.world
    session = _decided_session(upward.council)
    proposal = ps.proposal_create(actor=world.secretariat, session=session)
    assert proposal.parent == upward.district
    assert proposal.lines.count() == 2  # both LDTT lines passed and are decided by the district
    with pytest.raises(ValidationError, match="Chỉ gửi tờ trình lên hội đồng cấp trên trực tiếp"):
        wps.proposal_send(actor=world.secretariat, proposal=proposal, to_council=world.other_council)
    dossier = wps.proposal_send(actor=world.secretariat, proposal=proposal, to_council=upward.district)
    assert dossier.round == upward.round
    assert dossier.unit == world.council.unit_in_parent
    assert dossier.status == NominationStatus.DRAFT
    forwarded = list(dossier.lines.select_related("person", "award_type"))
    assert {line.award_type for line in forwarded} == {upward.ldtt}
    assert all(line.person.council_id == upward.district.pk for line in forwarded)

    # the district decides (its own decision service) → the town's registry has the award
    decision = Decision.objects.create(
        council=upward.district,
        round=upward.round,
        year=2026,
        subject="Khen thưởng",
        created_by=world.admin,
    )
    DecisionLine.objects.create(decision=decision, line=forwarded[0], position=1, achievement=forwarded[0].achievement)
    from councils.models import CouncilMembership, CouncilRole
    from nominations.models import BaseSalary

    CouncilMembership.objects.create(council=upward.district, user=world.admin, role=CouncilRole.SECRETARIAT)
    if not BaseSalary.objects.exists():
        BaseSalary.objects.create(amount=2_530_000, valid_from=dt.date(2026, 7, 1))
    ds.decision_register(
        actor=world.admin,
        decision=decision,
        signed_on=dt.date(2026, 12, 28),
        signer_name="Lê Văn A",
        signer_capacity=SignerCapacity.CHAIRMAN,
    )
    row = proposal.lines.get(forwarded_line=forwarded[0])
    assert row.result == ProposalResult.AWARDED
    honour = Honour.objects.get(council=world.council, source_line=row.line)
    assert honour.external_reference == "01/QĐ-UBND"
    assert honour.person_id == row.line.person_id  # the town's own person, not the district's copy
    ds.decision_revoke(
        actor=_chair(upward.district),
        decision=decision,
        reason="Sai sót",
        revoked_by_number="25/QĐ-UBND",
        revoked_by_date=None,
    )
    assert not Honour.objects.filter(council=world.council, source_line=row.line).exists()


def _chair(council_: Any) -> Any:
    from councils.models import CouncilMembership, CouncilRole

    chair = factories.UserFactory(username=f"chair{council_.pk}")
    CouncilMembership.objects.create(council=council_, user=chair, role=CouncilRole.CHAIRMAN)
    return chair


def test_the_office_enters_a_higher_decision_by_hand(upward: Any) -> None:
    world = upward.council.world
    session = _decided_session(upward.council)
    proposal = ps.proposal_create(actor=world.secretariat, session=session)
    lines = list(proposal.lines.values_list("line_id", flat=True))
    with pytest.raises(ValidationError, match="Chưa nhập số quyết định"):
        ps.proposal_record_higher_decision(
            actor=world.secretariat,
            proposal=proposal,
            reference=" ",
            decided_on=dt.date(2027, 1, 10),
            awarded_line_ids=[],
        )
    proposal = ps.proposal_record_higher_decision(
        actor=world.secretariat,
        proposal=proposal,
        reference="125/QĐ-UBND",
        decided_on=dt.date(2027, 1, 10),
        awarded_line_ids=lines[:1],
    )
    assert proposal.status == ProposalStatus.DECIDED
    results = dict(proposal.lines.values_list("line_id", "result"))
    assert results == {lines[0]: ProposalResult.AWARDED, lines[1]: ProposalResult.NOT_AWARDED}
    honour = Honour.objects.get(source_line_id=lines[0])
    assert (honour.external_reference, honour.external_date) == ("125/QĐ-UBND", dt.date(2027, 1, 10))
    with pytest.raises(ValidationError, match="đã được ghi"):
        ps.proposal_record_higher_decision(
            actor=world.secretariat,
            proposal=proposal,
            reference="126/QĐ-UBND",
            decided_on=dt.date(2027, 1, 11),
            awarded_line_ids=[],
        )


def test_no_parent_no_proposal(council: Any) -> None:  # noqa: F811
    session = _decided_session(council)
    with pytest.raises(ValidationError, match="không có hội đồng cấp trên"):
        ps.proposal_create(actor=council.world.secretariat, session=session)


def test_a_line_the_chairman_excluded_does_not_go_up(upward: Any) -> None:
    from documents.mappers import proposal_document

    world = upward.council.world
    session = _decided_session(upward.council, exclude_first=True)
    excluded = _items(session)[0]
    assert excluded.excluded_reason == "Đơn vị đã bị kỷ luật trong năm"
    proposal = ps.proposal_create(actor=world.secretariat, session=session)
    assert list(proposal.lines.values_list("line_id", flat=True)) == [_items(session)[1].line_id]
    printed = proposal_document(session)
    assert len(printed.rows) == 1  # the printed proposal leaves the excluded line out too


def test_a_line_the_parent_does_not_pass_comes_back_not_awarded(upward: Any) -> None:
    """The district votes the forwarded line down: when its chairman decides, the town's
    proposal line is not awarded, the proposal is settled and the nominating unit is told."""
    from conftest import pdf_upload
    from councils.models import CouncilMembership, CouncilRole
    from decisions.services import sessions as cs
    from nominations import services as ns
    from notifications.models import Notice
    from workflows import services as ws

    world = upward.council.world
    session = _decided_session(upward.council)
    proposal = ps.proposal_create(actor=world.secretariat, session=session)
    dossier = wps.proposal_send(actor=world.secretariat, proposal=proposal, to_council=upward.district)
    ns.attachment_add(nomination=dossier, upload=pdf_upload(), kind="cover_letter", actor=world.secretariat)
    ws.dossier_submit(user=world.secretariat, nomination=dossier)
    d_secretariat = factories.UserFactory(username="huyen_tt")
    CouncilMembership.objects.create(council=upward.district, user=d_secretariat, role=CouncilRole.SECRETARIAT)
    d_chair = _chair(upward.district)
    d_members = [d_chair]
    for index in range(2):
        user = factories.UserFactory(username=f"huyen_uv{index}")
        CouncilMembership.objects.create(council=upward.district, user=user, role=CouncilRole.MEMBER)
        d_members.append(user)
    ws.dossier_review(user=d_secretariat, nomination=dossier, accept=True)
    d_session = ss.session_start(
        actor=d_secretariat,
        round=upward.round,
        held_at=dt.datetime.now(dt.UTC),
        place="Hội trường huyện",
        chair=d_chair,
        secretary=d_secretariat,
    )
    cs.attendance_record(actor=d_secretariat, session=d_session, states={m.pk: "present" for m in d_members})
    ss.session_open_voting(actor=d_secretariat, session=d_session)
    d_items = _items(d_session)
    for member in d_members:
        ss.session_ballot_cast(member=member, session=d_session, choices={i.pk: Choice.DISAGREE for i in d_items})
    d_session.refresh_from_db()  # everyone has voted: the vote closed by itself
    assert d_session.has_results
    assert Notice.objects.filter(verb="higher_result").count() == 0
    ss.session_chairman_decide(chairman=d_chair, session=d_session, approve_item_ids=[])

    results = set(proposal.lines.values_list("result", flat=True))
    assert results == {ProposalResult.NOT_AWARDED}
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DECIDED
    assert not Honour.objects.filter(council=world.council, source_line__proposal_lines__proposal=proposal).exists()
    notice = Notice.objects.get(verb="higher_result", recipient=world.unit_a_user)
    assert notice.title == "Kết quả xét khen thưởng của cấp trên: 0/1 đề nghị được khen thưởng"
    assert "đã xét tại phiên họp ngày" in notice.body
    assert "Không được khen thưởng" in notice.body
