"""A session of the world's council with many agenda lines, for the tests that check a page stays
one page long (and its query count flat) however long the session is.

The accepted dossiers and their lines are inserted in bulk (set-up, not the product path: a
dossier per line through the services would take minutes for 1,000 lines); everything after
that goes through the real services: the session and its flow, attendance, opening, two sealed
ballots, the close that counts them, the chairman's decision."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from common.text import fold, name_sort_key
from decisions.models import AgendaItem, AttendanceState, Choice, CouncilSession
from decisions.services import sessions as cs
from nominations.models import Nomination, NominationLine, NominationStatus, NomineeKind, Person, SubjectCategory
from workflows import session_services as flow

ACHIEVEMENT = "Hoàn thành xuất sắc nhiệm vụ được giao năm 2026"
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đỗ", "Vũ", "Bùi"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Hường", "Khánh", "Lan", "Mạnh", "Nga", "Phúc", "Quý", "Sơn"]


def nominee(index: int) -> str:
    """The name of the index-th nominee (from 1): unique by its number, which ends it."""
    return f"{FAMILY[index % 8]} Văn {GIVEN[index % 12]} Số{index:04d}"


def accepted_lines(world: Any, count: int, first: int = 1) -> None:
    """``count`` accepted lines numbered from ``first``: the odd ones Lao động tiên tiến of unit A,
    the even ones Giấy khen of unit B, every nominee a person of the line's unit named ``nominee(i)``."""
    dossiers = {
        unit.pk: Nomination.objects.create(
            round=world.round,
            unit=unit,
            title="Đề nghị khen thưởng tổng kết năm",
            status=NominationStatus.ACCEPTED,
            created_by=user,
        )
        for unit, user in ((world.unit_a, world.unit_a_user), (world.unit_b, world.unit_b_user))
    }
    numbers = range(first, first + count)
    units = [world.unit_a if i % 2 else world.unit_b for i in numbers]
    people = Person.objects.bulk_create(
        [
            Person(
                council=world.council,
                full_name=nominee(i),
                unit=unit,
                search_name=fold(nominee(i)),
                sort_key=name_sort_key(nominee(i)),
            )
            for i, unit in zip(numbers, units, strict=True)
        ]
    )
    NominationLine.objects.bulk_create(
        [
            NominationLine(
                nomination=dossiers[person.unit_id],
                position=i,
                award_type=world.ldtt if i % 2 else world.gk,
                nominee_kind=NomineeKind.INDIVIDUAL,
                person=person,
                achievement=ACHIEVEMENT,
                subject_category=SubjectCategory.DIRECT_WORKER,
            )
            for i, person in zip(numbers, people, strict=True)
        ]
    )


def voting_session(world: Any, count: int, first: int = 1) -> CouncilSession:
    """A session of ``count`` lines (numbered from ``first``: a second session's lines follow the
    first's) open for voting; the chairman and the member are present."""
    accepted_lines(world, count, first)
    session = flow.session_start(
        actor=world.secretariat,
        round=world.round,
        held_at=timezone.now(),
        place="Hội trường UBND thị trấn",
        chair=world.chairman,
        secretary=world.secretariat,
    )
    cs.attendance_record(
        actor=world.secretariat,
        session=session,
        states={world.chairman.pk: AttendanceState.PRESENT, world.member.pk: AttendanceState.PRESENT},
    )
    return flow.session_open_voting(actor=world.secretariat, session=session)


def closed_session(world: Any, count: int, first: int = 1) -> CouncilSession:
    """Voted and closed: the chairman agrees to every line, the member to every line but each
    fifth agenda position, which therefore fails (one vote in two is not more than half)."""
    session = voting_session(world, count, first)
    items = list(AgendaItem.objects.filter(session=session).values_list("pk", "position"))
    flow.session_ballot_cast(
        member=world.chairman, session=session, choices=dict.fromkeys([pk for pk, _ in items], Choice.AGREE)
    )
    flow.session_ballot_cast(
        member=world.member,
        session=session,
        choices={pk: Choice.DISAGREE if position % 5 == 0 else Choice.AGREE for pk, position in items},
    )
    session.refresh_from_db()
    assert session.results, "the last ballot closes the vote"
    return session


def decided_session(world: Any, count: int, first: int = 1) -> Any:
    """Closed and decided: the chairman approves every passing line; returns the draft decision."""
    session = closed_session(world, count, first)
    passed = [
        item.pk
        for item in AgendaItem.objects.filter(session=session)
        if item.position % 5 != 0  # the lines that passed (see ``closed_session``)
    ]
    decision = flow.session_chairman_decide(chairman=world.chairman, session=session, approve_item_ids=passed)
    assert decision is not None
    return decision


def award_rates(world: Any) -> None:
    """The money of Lao động tiên tiến and Giấy khen for individuals (0.3 × the base salary), so
    a decision on the world's lines registers."""
    import datetime as dt

    from nominations.models import AwardRate, BaseSalary

    BaseSalary.objects.get_or_create(valid_from=dt.date(2024, 7, 1), defaults={"amount": 2_340_000})
    for award in (world.ldtt, world.gk):
        AwardRate.objects.get_or_create(
            award_type=award,
            nominee_kind=NomineeKind.INDIVIDUAL,
            valid_from=dt.date(2024, 1, 1),
            defaults={"multiplier": "0.3"},
        )


def registered_decision(world: Any, count: int, *, number: int, signed_on: Any) -> Any:
    """``decided_session``'s decision registered as number ``number`` of ``signed_on``, signed by
    the chairman: its people are in the registry."""
    from decisions.services import decisions as decision_services

    award_rates(world)
    return decision_services.decision_register(
        actor=world.secretariat,
        decision=decided_session(world, count),
        signed_on=signed_on,
        signer_name="Trịnh Văn Hùng",
        signer_capacity="chairman",
        number=number,
    )
