"""The council's session: agenda, quorum, secret ballots, tally, frozen results,
the chairman's decision, numbering, money and the honours registry."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from councils.models import CouncilMembership, CouncilRole
from decisions.models import (
    AgendaItem,
    AttendanceState,
    BallotCast,
    Choice,
    Decision,
    DecisionStatus,
    Honour,
    LineTally,
    SealedBallot,
    SessionStatus,
    SignerCapacity,
)
from decisions.services import ballot_box as bb
from decisions.services import decisions as ds
from decisions.services import sessions as cs
from nominations import services as ns
from nominations.models import AwardRate, BaseSalary, NomineeKind, RoundAwardType
from tests import factories
from workflows import services as ws

pytestmark = pytest.mark.django_db


@pytest.fixture
def council(world: Any, make_dossier: Any) -> Any:
    """Ten voting members (the chairman, the world's member and eight more) and two accepted dossiers."""
    members = [world.chairman, world.member]
    for index in range(8):
        user = factories.UserFactory(username=f"uyvien{index}")
        CouncilMembership.objects.create(council=world.council, user=user, role=CouncilRole.MEMBER)
        members.append(user)
    # one member works in unit A: recused from unit A's lines
    CouncilMembership.objects.filter(user=members[2]).update(unit=world.unit_a)
    first = make_dossier("accepted")
    second = make_dossier("accepted", unit=world.unit_b)
    BaseSalary.objects.create(amount=2_340_000, valid_from=dt.date(2024, 7, 1))
    BaseSalary.objects.create(amount=2_530_000, valid_from=dt.date(2026, 7, 1))
    AwardRate.objects.create(
        award_type=world.ldtt,
        nominee_kind=NomineeKind.INDIVIDUAL,
        multiplier=Decimal("0.3"),
        valid_from=dt.date(2024, 1, 1),
    )
    world.council.money_rounding = 1000
    world.council.save()
    return type("Council", (), {"members": members, "dossiers": [first, second], "world": world})


def _session(world: Any) -> Any:
    return cs.session_create(
        actor=world.secretariat,
        round=world.round,
        held_at=timezone.now(),
        place="Hội trường UBND thị trấn",
        chair=world.chairman,
        secretary=world.secretariat,
    )


def _open(world: Any, members: list[Any], present: int | None = None) -> Any:
    session = _session(world)
    present = len(members) if present is None else present
    states = {m.pk: (AttendanceState.PRESENT if i < present else AttendanceState.ABSENT) for i, m in enumerate(members)}
    cs.attendance_record(actor=world.secretariat, session=session, states=states)
    return cs.session_voting_open(actor=world.secretariat, session=session)


def _items(session: Any) -> list[AgendaItem]:
    return list(AgendaItem.objects.filter(session=session).select_related("line__nomination").order_by("position"))


def _vote(session: Any, member: Any, choice: str, recused: set[int] = frozenset()) -> None:
    choices = {item.pk: choice for item in _items(session) if item.pk not in recused}
    bb.ballot_cast(member=member, session=session, choices=choices)


def test_the_agenda_is_the_accepted_lines_that_need_a_vote(council: Any) -> None:
    session = _session(council.world)
    lines = [item.line for item in _items(session)]
    assert sorted(line.nomination_id for line in lines) == sorted(d.pk for d in council.dossiers)
    assert all(line.award_type.needs_vote for line in lines)
    with pytest.raises(ValidationError, match="Không có dòng đề nghị nào"):
        _session(council.world)  # the same lines are already on the first session's agenda


def test_voting_does_not_open_without_quorum(council: Any) -> None:
    with pytest.raises(ValidationError, match="Chưa đủ số thành viên dự họp: có mặt 6/10, cần ít nhất 7"):
        _open(council.world, council.members, present=6)


def test_quorum_follows_the_councils_regulation(council: Any) -> None:
    council.world.council.quorum_numerator, council.world.council.quorum_denominator = 1, 2
    council.world.council.save()
    session = _open(council.world, council.members, present=5)
    assert session.status == SessionStatus.VOTING
    assert (session.members_total, session.present_total) == (10, 5)


def test_ballots_are_counted_against_the_threshold_and_frozen(council: Any) -> None:
    world = council.world
    session = _open(world, council.members)
    items = _items(session)
    unit_a_item = next(i for i in items if i.line.nomination.unit_id == world.unit_a.pk)
    recused_member = council.members[2]
    # 6 agree on everything, 3 disagree; the member from unit A is recused from unit A's line and agrees on the other
    for member in council.members[3:9]:
        _vote(session, member, Choice.AGREE)
    for member in council.members[:2] + council.members[9:]:
        _vote(session, member, Choice.DISAGREE)
    _vote(session, recused_member, Choice.AGREE, recused={unit_a_item.pk})
    assert BallotCast.objects.filter(session=session).count() == 10
    assert SealedBallot.objects.filter(session=session).count() == 10
    session = bb.session_close(actor=world.secretariat, session=session).session
    results = ds.session_results(session)
    assert results[unit_a_item.pk].agree == 6  # 6 of 10 > 50 %
    assert results[unit_a_item.pk].recused == 1
    assert results[unit_a_item.pk].passed is True
    other = next(i for i in items if i.pk != unit_a_item.pk)
    assert results[other.pk].agree == 7
    assert bb.session_verify(session).ok


def test_the_tally_is_one_query_whatever_the_size(council: Any, django_assert_num_queries: Any) -> None:
    world = council.world
    session = _open(world, council.members)
    for member in council.members[3:]:
        _vote(session, member, Choice.AGREE)
    bb.session_close(actor=world.secretariat, session=session, reason="Kiểm tra số truy vấn")
    with django_assert_num_queries(1):  # one read of the per-line counts, each with its line's rule
        tally = bb.session_tally(session)
    assert sum(result.agree for result in tally.results.values()) == 7 * len(tally.results)


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("not_on_agenda", "không thuộc chương trình"),
        ("non_member", "không phải thành viên"),
        ("recused", "không tham gia biểu quyết"),
        ("twice", "đã bỏ phiếu"),
        ("after_close", "không trong thời gian bỏ phiếu"),
        ("past_closing_time", "Đã hết hạn bỏ phiếu lúc"),
        ("incomplete", "chưa biểu quyết đủ"),
    ],
)
def test_bad_ballots_are_refused_and_nothing_is_written(council: Any, case: str, message: str) -> None:
    world = council.world
    session = _open(world, council.members)
    items = _items(session)
    choices = {item.pk: Choice.AGREE for item in items}
    member = council.members[5]
    if case == "not_on_agenda":
        choices[999_999] = Choice.AGREE
    elif case == "non_member":
        member = world.unit_b_user
    elif case == "recused":
        member = council.members[2]
    elif case == "twice":
        bb.ballot_cast(member=member, session=session, choices=choices)
    elif case == "after_close":
        for voter in council.members[3:]:
            _vote(session, voter, Choice.AGREE)
        bb.session_close(actor=world.secretariat, session=session, reason="Hết giờ họp")
    elif case == "past_closing_time":  # the secretariat has not closed yet, but the set time has passed
        session.voting_closes_at = timezone.now() - dt.timedelta(minutes=1)
        session.save(update_fields=["voting_closes_at"])
    elif case == "incomplete":
        choices.pop(items[0].pk)
    before = (BallotCast.objects.count(), SealedBallot.objects.count(), LineTally.objects.count())
    with pytest.raises((ValidationError, PermissionError), match=message):
        bb.ballot_cast(member=member, session=session, choices=choices)
    assert (BallotCast.objects.count(), SealedBallot.objects.count(), LineTally.objects.count()) == before


def test_paper_ballots_are_entered_without_names(council: Any) -> None:
    world = council.world
    session = _open(world, council.members)
    items = _items(session)
    bb.paper_ballots_handed_in(actor=world.secretariat, session=session, members=council.members[:2])
    bb.paper_handins_close(actor=world.secretariat, session=session)
    bb.paper_ballot_enter(actor=world.secretariat, session=session, choices={items[0].pk: Choice.AGREE})
    bb.paper_ballot_enter(actor=world.secretariat, session=session, choices={i.pk: Choice.DISAGREE for i in items})
    with pytest.raises(ValidationError, match="đã bằng số phiếu giấy thu vào"):
        bb.paper_ballot_enter(actor=world.secretariat, session=session, choices={})
    assert {f.name for f in SealedBallot._meta.get_fields()} == {
        "id",
        "session",
        "key_id",
        "nonce",
        "sealed",
        "pending",
    }


def test_tampering_is_detected(council: Any) -> None:
    world = council.world
    session = _open(world, council.members)
    for member in council.members[3:]:
        _vote(session, member, Choice.AGREE)
    session = bb.session_close(actor=world.secretariat, session=session, reason="Hết giờ họp").session
    tally = LineTally.objects.filter(session=session, agree__gt=0).first()
    tally.agree -= 1
    tally.disagree += 1
    tally.save()
    assert bb.session_verify(session).parts == ("counts",)
    # re-signing needs the key from the environment, so changing counts and digest together is caught too
    session.results_digest = "0" * 64
    session.save()
    assert "signature" in bb.session_verify(session).parts


def test_deleting_a_voter_record_is_detected(council: Any) -> None:
    world = council.world
    session = _open(world, council.members)
    for member in council.members[3:]:
        _vote(session, member, Choice.AGREE)
    session = bb.session_close(actor=world.secretariat, session=session, reason="Hết giờ họp").session
    assert bb.session_verify(session).ok
    BallotCast.objects.filter(session=session).order_by("id").first().delete()
    result = bb.session_verify(session)
    assert not result.ok
    assert result.parts == ("voters",)


def _closed_session(council: Any, agree: int) -> Any:
    world = council.world
    session = _open(world, council.members)
    items = _items(session)
    recused = {i.pk for i in items if i.line.nomination.unit_id == world.unit_a.pk}
    for index, member in enumerate(council.members):
        choice = Choice.AGREE if index < agree else Choice.DISAGREE
        _vote(session, member, choice, recused=recused if member == council.members[2] else set())
    return bb.session_close(actor=world.secretariat, session=session).session


def test_the_chairman_cannot_approve_a_line_that_failed(council: Any) -> None:
    session = _closed_session(council, agree=5)  # 5 of 10: not more than half
    items = _items(session)
    with pytest.raises(ValidationError, match="không đạt tỷ lệ phiếu"):
        ds.session_decide(chairman=council.world.chairman, session=session, approve_item_ids=[items[0].pk])
    with pytest.raises(PermissionError):
        ds.session_decide(chairman=council.world.secretariat, session=session, approve_item_ids=[])


def test_decision_number_money_registry_and_revocation(council: Any) -> None:
    world = council.world
    session = _closed_session(council, agree=8)
    items = _items(session)
    decision = ds.session_decide(chairman=world.chairman, session=session, approve_item_ids=[i.pk for i in items])
    assert decision.status == DecisionStatus.DRAFT
    assert decision.reference == "     /QĐ-UBND"
    with pytest.raises(ValidationError, match="Chưa có mức lương cơ sở áp dụng cho ngày 01/01/2020"):
        ds.decision_register(
            actor=world.secretariat,
            decision=decision,
            signed_on=dt.date(2020, 1, 1),
            signer_name="Trịnh Văn Hùng",
            signer_capacity=SignerCapacity.CHAIRMAN,
        )
    decision = ds.decision_register(
        actor=world.secretariat,
        decision=decision,
        signed_on=dt.date(2026, 12, 20),
        signer_name="Trịnh Văn Hùng",
        signer_capacity=SignerCapacity.CHAIRMAN,
    )
    assert (decision.number, decision.reference) == (1, "01/QĐ-UBND")
    amounts = set(decision.lines.values_list("amount", flat=True))
    assert amounts == {759_000}  # 0.3 × 2,530,000 on 20/12/2026
    assert Honour.objects.filter(decision=decision).count() == len(items)
    ds.decision_revoke(
        actor=world.chairman,
        decision=decision,
        reason="Phát hiện sai sót",
        revoked_by_number="25/QĐ-UBND",
        revoked_by_date=None,
    )
    assert not Honour.objects.filter(decision=decision).exists()


def _registered_on_20_12_2026(council: Any) -> Decision:
    world = council.world
    session = _closed_session(council, agree=8)
    items = _items(session)
    decision = ds.session_decide(chairman=world.chairman, session=session, approve_item_ids=[i.pk for i in items])
    assert decision is not None
    return ds.decision_register(
        actor=world.secretariat,
        decision=decision,
        signed_on=dt.date(2026, 12, 20),
        signer_name="Trịnh Văn Hùng",
        signer_capacity=SignerCapacity.CHAIRMAN,
    )


def test_a_revocation_records_the_revoking_decisions_number_and_date(council: Any, time_machine: Any) -> None:
    world = council.world
    decision = _registered_on_20_12_2026(council)
    honours = Honour.objects.filter(decision=decision).count()
    assert honours
    time_machine.move_to(dt.datetime(2027, 1, 10, 3, 0, tzinfo=dt.UTC), tick=False)  # 10:00 on 10/01/2027 in Hà Nội

    def revoke(number: str, day: dt.date | None) -> Decision:
        return ds.decision_revoke(
            actor=world.chairman,
            decision=decision,
            reason="Phát hiện sai sót",
            revoked_by_number=number,
            revoked_by_date=day,
        )

    refused = [
        ("  ", dt.date(2027, 1, 5), "Hãy ghi số quyết định thu hồi."),
        ("25/QĐ-UBND", dt.date(2027, 1, 11), "Ngày quyết định thu hồi không được sau ngày hôm nay."),
        (
            "25/QĐ-UBND",
            dt.date(2026, 12, 19),
            "Ngày quyết định thu hồi không được trước ngày ký quyết định bị thu hồi (20/12/2026).",
        ),
    ]
    for number, day, message in refused:
        with pytest.raises(ValidationError) as caught:
            revoke(number, day)
        assert caught.value.messages == [message]
        decision.refresh_from_db()
        assert decision.status == DecisionStatus.REGISTERED
        assert (decision.revoked_by_number, decision.revoked_by_date, decision.revoked_at) == ("", None, None)
        assert decision.revoked_reason == ""
        assert Honour.objects.filter(decision=decision).count() == honours

    decomposed = "25/QĐ-UBND Hội".replace("ộ", "o\u0302\u0323")  # "ộ" typed as o and its two marks
    assert decomposed != "25/QĐ-UBND Hội"
    revoke(f"  {decomposed} ", dt.date(2027, 1, 10))  # today is allowed

    decision.refresh_from_db()
    assert decision.status == DecisionStatus.REVOKED
    assert decision.revoked_by_number == "25/QĐ-UBND Hội"
    assert decision.revoked_by_date == dt.date(2027, 1, 10)
    assert decision.revoked_reason == "Phát hiện sai sót"
    assert not Honour.objects.filter(decision=decision).exists()


def test_a_decision_number_typed_twice_is_refused(council: Any) -> None:
    world = council.world
    session = _closed_session(council, agree=8)
    items = _items(session)
    first = ds.session_decide(chairman=world.chairman, session=session, approve_item_ids=[items[0].pk])
    ds.decision_register(
        actor=world.secretariat,
        decision=first,
        signed_on=dt.date(2026, 12, 20),
        signer_name="A",
        signer_capacity="chairman",
        number=15,
    )
    session2_round = world.round
    from decisions.models import Decision

    second = Decision.objects.create(
        council=world.council,
        round=session2_round,
        year=2026,
        subject="Khen thưởng đột xuất",
        created_by=world.chairman,
    )
    with pytest.raises(ValidationError, match="Số 15/QĐ-UBND năm 2026 đã được dùng"):
        ds.decision_register(
            actor=world.secretariat,
            decision=second,
            signed_on=dt.date(2026, 12, 21),
            signer_name="A",
            signer_capacity="chairman",
            number=15,
        )
    second.refresh_from_db()
    assert second.status == DecisionStatus.DRAFT
    second = ds.decision_register(
        actor=world.secretariat,
        decision=second,
        signed_on=dt.date(2026, 12, 21),
        signer_name="A",
        signer_capacity="chairman",
    )
    assert second.number == 1


def test_a_cstdcs_line_needs_its_ldtt(council: Any) -> None:
    world = council.world
    cstdcs = factories.AwardTypeFactory(
        council=world.council,
        code="CSTDCS",
        name_vi="Chiến sĩ thi đua cơ sở",
        threshold_share=Decimal("70"),
        threshold_comparison="gte",
        prerequisite=world.ldtt,
        prerequisite_years=1,
        required_documents=[],
    )
    RoundAwardType.objects.create(round=world.round, award_type=cstdcs)
    dossier = ws.dossier_create(user=world.unit_b_user, unit=world.unit_b, round=world.round, title="Hồ sơ CSTDCS")
    ns.line_add(
        actor=dossier.created_by,
        nomination=dossier,
        award_type=world.ldtt,
        nominee=ns.NomineeData(kind="individual", full_name="Phạm Văn Bình"),
        achievement="Hoàn thành tốt",
    )
    ns.line_add(
        actor=dossier.created_by,
        nomination=dossier,
        award_type=cstdcs,
        nominee=ns.NomineeData(kind="individual", full_name="Phạm Văn Bình"),
        achievement="Sáng kiến",
    )
    from conftest import pdf_upload

    for kind in ("cover_letter", "review_minutes"):
        ns.attachment_add(nomination=dossier, upload=pdf_upload(), kind=kind, actor=world.unit_b_user)
    ws.dossier_submit(user=world.unit_b_user, nomination=dossier)
    ws.dossier_review(user=world.secretariat, nomination=dossier, accept=True)
    session = _open(world, council.members)
    items = _items(session)
    ldtt_item = next(i for i in items if i.line.nomination_id == dossier.pk and i.line.award_type_id == world.ldtt.pk)
    cstdcs_item = next(i for i in items if i.line.award_type_id == cstdcs.pk)
    assert cstdcs_item.requires_id == ldtt_item.pk
    for index, member in enumerate(council.members):
        choices = {}
        for item in items:
            if item.pk == ldtt_item.pk:
                choices[item.pk] = Choice.AGREE if index < 5 else Choice.DISAGREE  # 5/10: fails "more than 50 %"
            elif item.line.nomination.unit_id == world.unit_a.pk and member == council.members[2]:
                continue  # recused
            else:
                choices[item.pk] = Choice.AGREE  # 10/10 for the CSTDCS line
        bb.ballot_cast(member=member, session=session, choices=choices)
    session = bb.session_close(actor=world.secretariat, session=session).session
    results = ds.session_results(session)
    assert results[ldtt_item.pk].passed is False
    assert results[cstdcs_item.pk].agree == 10
    assert results[cstdcs_item.pk].passed is False
    assert results[cstdcs_item.pk].reason == "required_line_failed"


def test_a_line_without_a_money_rate_is_refused_until_confirmed(council: Any) -> None:
    world = council.world
    session = _closed_session(council, agree=8)
    items = _items(session)
    decision = ds.session_decide(chairman=world.chairman, session=session, approve_item_ids=[i.pk for i in items])
    AwardRate.objects.filter(award_type=world.ldtt).update(valid_from=dt.date(2027, 1, 1))  # not yet in force
    assert len(ds.lines_without_rate(decision, dt.date(2026, 12, 20))) == len(items)
    with pytest.raises(ValidationError, match="Chưa có mức tiền thưởng áp dụng ngày 20/12/2026"):
        ds.decision_register(
            actor=world.secretariat,
            decision=decision,
            signed_on=dt.date(2026, 12, 20),
            signer_name="Trịnh Văn Hùng",
            signer_capacity=SignerCapacity.CHAIRMAN,
        )
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DRAFT
    assert decision.number is None
    assert not Honour.objects.filter(decision=decision).exists()
    decision = ds.decision_register(
        actor=world.secretariat,
        decision=decision,
        signed_on=dt.date(2026, 12, 20),
        signer_name="Trịnh Văn Hùng",
        signer_capacity=SignerCapacity.CHAIRMAN,
        without_money=True,
    )
    assert set(decision.lines.values_list("amount", flat=True)) == {None}
    assert Honour.objects.filter(decision=decision).count() == len(items)


def test_an_award_that_carries_no_money_needs_no_rate(council: Any) -> None:
    world = council.world
    session = _closed_session(council, agree=8)
    items = _items(session)
    decision = ds.session_decide(chairman=world.chairman, session=session, approve_item_ids=[i.pk for i in items])
    AwardRate.objects.filter(award_type=world.ldtt).delete()
    world.ldtt.carries_money = False  # a title such as Gia đình văn hoá: recognition without money
    world.ldtt.save(update_fields=["carries_money"])
    assert ds.lines_without_rate(decision, dt.date(2026, 12, 20)) == []
    decision = ds.decision_register(
        actor=world.secretariat,
        decision=decision,
        signed_on=dt.date(2026, 12, 20),
        signer_name="Trịnh Văn Hùng",
        signer_capacity=SignerCapacity.CHAIRMAN,
    )
    assert decision.status == DecisionStatus.REGISTERED
    assert set(decision.lines.values_list("amount", flat=True)) == {None}
