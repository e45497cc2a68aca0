"""A session of the world's council whose lines end every way a unit can be told, built
with the real services (``decisions.tests.fixtures``' ``rates`` and ``province_award``):

- unit A: Lê Thị Hường (LDTT) awarded; Nguyễn Văn Bình (LDTT) passed but excluded by the
  chairman with his reason;
- unit B: Phạm Thị Dung (LDTT) awarded; Trần Thị Cúc (LDTT) failed the vote (both voters
  disagree); Đỗ Thị Ánh (the provincial award) passed and goes up to the higher council.

Both voting members (the chairman and the member) are present and vote."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from decisions.models import AgendaItem, AttendanceState, Choice, CouncilSession, Decision
from decisions.services import ballot_box as bb
from decisions.services import decisions as ds
from decisions.services import sessions as cs
from decisions.tests.fixtures import HELD_AT, PROVINCE_NOMINEE
from nominations import services as ns
from nominations.models import Nomination, NominationLine
from tests.factories import UserFactory
from workflows import services as ws

AWARDED_A = "Lê Thị Hường"
EXCLUDED_A = "Nguyễn Văn Bình"
AWARDED_B = "Phạm Thị Dung"
FAILED_B = "Trần Thị Cúc"
PROPOSED_B = PROVINCE_NOMINEE
EXCLUSION_REASON = "Đơn vị chưa hoàn thành chỉ tiêu thu quỹ năm 2026"
SIGNED_ON = "2026-12-20"


def accepted(world: Any, *, unit: Any, user: Any, award: Any, names: list[str], title: str) -> Nomination:
    """A dossier of ``unit`` with a line for ``award`` per name, submitted and accepted."""
    dossier = ws.dossier_create(user=user, unit=unit, round=world.round, title=title)
    for name in names:
        ns.line_add(
            actor=user,
            nomination=dossier,
            award_type=award,
            nominee=ns.NomineeData(kind="individual", full_name=name, position="Cán bộ"),
            achievement="Hoàn thành xuất sắc nhiệm vụ năm 2026",
        )
    for kind in award.required_documents:
        ns.attachment_add(nomination=dossier, upload=_pdf(), kind=kind, actor=user)
    ws.dossier_submit(user=user, nomination=dossier)
    ws.dossier_review(user=world.secretariat, nomination=dossier, accept=True)
    dossier.refresh_from_db()
    return dossier


def _pdf() -> Any:
    from conftest import pdf_upload

    return pdf_upload()


@dataclass
class Scenario:
    world: Any
    session: CouncilSession
    decision: Decision  # the chairman's draft
    dossier_a: Nomination  # Hường and Bình
    dossier_b: Nomination  # Dung and Cúc
    dossier_b_up: Nomination  # Ánh, the provincial award

    def line(self, name: str) -> NominationLine:
        return NominationLine.objects.get(nomination__round=self.world.round, person__full_name=name)

    def item(self, name: str) -> AgendaItem:
        return AgendaItem.objects.get(session=self.session, line__person__full_name=name)


def scenario(world: Any, province_award: Any) -> Scenario:
    """The council's session closed and decided; its decision is a draft (see the module)."""
    dossier_a = accepted(
        world,
        unit=world.unit_a,
        user=world.unit_a_user,
        award=world.ldtt,
        names=[AWARDED_A, EXCLUDED_A],
        title="Đề nghị khen thưởng của Tiểu khu Trang Các",
    )
    dossier_b = accepted(
        world,
        unit=world.unit_b,
        user=world.unit_b_user,
        award=world.ldtt,
        names=[AWARDED_B, FAILED_B],
        title="Đề nghị khen thưởng của Trường Mầm non",
    )
    dossier_b_up = accepted(
        world,
        unit=world.unit_b,
        user=world.unit_b_user,
        award=province_award,
        names=[PROPOSED_B],
        title="Đề nghị Bằng khen của tỉnh",
    )
    session = cs.session_create(
        actor=world.secretariat,
        round=world.round,
        held_at=HELD_AT,
        place="Hội trường UBND thị trấn",
        chair=world.chairman,
        secretary=world.secretariat,
    )
    voters = [world.chairman, world.member]
    cs.attendance_record(
        actor=world.secretariat, session=session, states={m.pk: AttendanceState.PRESENT for m in voters}
    )
    session = cs.session_voting_open(actor=world.secretariat, session=session)
    items = AgendaItem.objects.filter(session=session).select_related("line__person")
    choices = {item.pk: Choice.DISAGREE if item.line.person.full_name == FAILED_B else Choice.AGREE for item in items}
    for voter in voters:
        bb.ballot_cast(member=voter, session=session, choices=choices)
    session = bb.session_close(actor=world.secretariat, session=session).session
    built = Scenario(world, session, None, dossier_a, dossier_b, dossier_b_up)  # type: ignore[arg-type]
    passing = [built.item(name).pk for name in (AWARDED_A, AWARDED_B, PROPOSED_B)]
    decision = ds.session_decide(
        chairman=world.chairman,
        session=session,
        approve_item_ids=passing,
        excluded={built.item(EXCLUDED_A).pk: EXCLUSION_REASON},
    )
    assert decision is not None
    built.decision = decision
    return built


def english_user_of_unit_b(world: Any) -> Any:
    """A second account of unit B that reads its notices in English."""
    from councils.models import UnitMembership

    user = UserFactory(username="unit_b_en", email="unit_b_en@thidua.example", language="en")
    UnitMembership.objects.create(unit=world.unit_b, user=user)
    return user
