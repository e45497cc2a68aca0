"""A closed session of the world's council (the chairman and the member vote, both
agree) and the chairman's draft decision on it, with the base salaries and the
LDTT rate, so the pages have something to register, print and revoke."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from conftest import pdf_upload
from councils.models import CouncilLevel, CouncilMembership
from decisions.models import AgendaItem, AttendanceState, Choice
from decisions.services import ballot_box as bb
from decisions.services import decisions as ds
from decisions.services import sessions as cs
from nominations import services as ns
from nominations.models import AwardRate, BaseSalary, NomineeKind, RoundAwardType
from tests import factories
from workflows import services as ws

HELD_AT = dt.datetime(2026, 12, 15, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
PROVINCE_AWARD = "Bằng khen của Chủ tịch UBND tỉnh"
PROVINCE_NOMINEE = "Đỗ Thị Ánh"


@pytest.fixture
def rates(world: Any) -> None:
    BaseSalary.objects.create(amount=2_340_000, valid_from=dt.date(2024, 7, 1))
    BaseSalary.objects.create(amount=2_530_000, valid_from=dt.date(2026, 7, 1))
    AwardRate.objects.create(
        award_type=world.ldtt,
        nominee_kind=NomineeKind.INDIVIDUAL,
        multiplier=Decimal("0.3"),
        valid_from=dt.date(2024, 1, 1),
    )
    CouncilMembership.objects.filter(council=world.council, user=world.chairman).update(
        position="Chủ tịch UBND thị trấn"
    )


def accepted_line(world: Any, award: Any, full_name: str) -> None:
    """A dossier of unit B with one line for ``award``, submitted and accepted."""
    dossier = ws.dossier_create(
        user=world.unit_b_user, unit=world.unit_b, round=world.round, title=f"Hồ sơ {full_name}"
    )
    ns.line_add(
        actor=dossier.created_by,
        nomination=dossier,
        award_type=award,
        nominee=ns.NomineeData(kind="individual", full_name=full_name, position="Giáo viên"),
        achievement="Hoàn thành xuất sắc nhiệm vụ năm học",
    )
    for kind in award.required_documents:
        ns.attachment_add(nomination=dossier, upload=pdf_upload(), kind=kind, actor=world.unit_b_user)
    ws.dossier_submit(user=world.unit_b_user, nomination=dossier)
    ws.dossier_review(user=world.secretariat, nomination=dossier, accept=True)


def closed_session(world: Any, agree: bool = True) -> Any:
    """Both voting members (the chairman and the member) present; each ballot agrees (or not) on every line."""
    session = cs.session_create(
        actor=world.secretariat,
        round=world.round,
        held_at=HELD_AT,
        place="Hội trường UBND thị trấn",
        chair=world.chairman,
        secretary=world.secretariat,
    )
    members = [world.chairman, world.member]
    cs.attendance_record(
        actor=world.secretariat, session=session, states={m.pk: AttendanceState.PRESENT for m in members}
    )
    session = cs.session_voting_open(actor=world.secretariat, session=session)
    items = AgendaItem.objects.filter(session=session)
    for member in members:
        choice = Choice.AGREE if agree else Choice.DISAGREE
        bb.ballot_cast(member=member, session=session, choices={item.pk: choice for item in items})
    return bb.session_close(actor=world.secretariat, session=session).session


@pytest.fixture
def province_award(world: Any) -> Any:
    award = factories.AwardTypeFactory(
        council=world.council,
        code="BKT",
        name_vi=PROVINCE_AWARD,
        kind="commendation",
        deciding_level=CouncilLevel.PROVINCE,
        required_documents=["cover_letter"],
    )
    RoundAwardType.objects.create(round=world.round, award_type=award)
    return award


@pytest.fixture
def session(world: Any, make_dossier: Any, rates: None, province_award: Any) -> Any:
    """Closed: Lê Thị Hường (LDTT, the commune decides) and Đỗ Thị Ánh (a provincial award) both passed."""
    make_dossier("accepted")
    accepted_line(world, province_award, PROVINCE_NOMINEE)
    return closed_session(world)


@pytest.fixture
def draft(world: Any, session: Any) -> Any:
    items = list(AgendaItem.objects.filter(session=session).values_list("pk", flat=True))
    decision = ds.session_decide(chairman=world.chairman, session=session, approve_item_ids=items)
    assert decision is not None
    return decision


def another_draft(world: Any, subject: str = "Về việc khen thưởng đột xuất") -> Any:
    """A second draft decision of the council, with no lines (an ad hoc decision typed by the office)."""
    from decisions.models import Decision

    return Decision.objects.create(
        council=world.council, round=world.round, year=world.round.year, subject=subject, created_by=world.chairman
    )
