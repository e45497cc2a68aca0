"""Council members have terms: who may vote in a session is who holds a voting role on the
session's date; a term that ends before it starts is refused."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from councils.models import CouncilMembership, CouncilRole
from decisions.models import AgendaItem, AttendanceState, Choice
from decisions.services import ballot_box as bb
from decisions.services import sessions as cs
from tests import factories

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
HELD_AT = dt.datetime(2026, 12, 10, 8, 0, tzinfo=VN)


def _member(world: Any, username: str, **term: Any) -> Any:
    user = factories.UserFactory(username=username)
    CouncilMembership.objects.create(council=world.council, user=user, role=CouncilRole.MEMBER, **term)
    return user


def _session(world: Any) -> Any:
    return cs.session_create(
        actor=world.secretariat,
        round=world.round,
        held_at=HELD_AT,
        place="Hội trường UBND thị trấn",
        chair=world.chairman,
        secretary=world.secretariat,
    )


def test_only_members_whose_term_covers_the_session_date_vote(world: Any, make_dossier: Any) -> None:
    make_dossier("accepted")
    current = _member(world, "hientai", term_from=dt.date(2026, 1, 1), term_until=dt.date(2030, 12, 31))
    former = _member(world, "nhiemkycu", term_from=dt.date(2021, 1, 1), term_until=dt.date(2025, 12, 31))
    future = _member(world, "nhiemkymoi", term_from=dt.date(2027, 1, 1))
    session = _session(world)
    members = cs.voting_members(world.council.pk, on=cs.held_on(session))
    assert current.pk in members
    assert former.pk not in members
    assert future.pk not in members
    assert {world.chairman.pk, world.member.pk} <= set(members)  # no term: always
    # the attendance and the vote follow the session's date
    with pytest.raises(ValidationError, match="không phải thành viên hội đồng"):
        cs.attendance_record(actor=world.secretariat, session=session, states={former.pk: AttendanceState.PRESENT})
    voters = (world.chairman, world.member, current)
    cs.attendance_record(
        actor=world.secretariat, session=session, states={v.pk: AttendanceState.PRESENT for v in voters}
    )
    session = cs.session_voting_open(actor=world.secretariat, session=session)
    assert session.members_total == 3
    items = list(AgendaItem.objects.filter(session=session).values_list("pk", flat=True))
    with pytest.raises(PermissionError):
        bb.ballot_cast(member=former, session=session, choices=dict.fromkeys(items, Choice.AGREE))
    bb.ballot_cast(member=current, session=session, choices=dict.fromkeys(items, Choice.AGREE))


def test_a_term_that_ends_before_it_starts_is_refused(world: Any) -> None:
    user = factories.UserFactory(username="saingay")
    membership = CouncilMembership(
        council=world.council,
        user=user,
        role=CouncilRole.MEMBER,
        term_from=dt.date(2026, 6, 1),
        term_until=dt.date(2026, 5, 31),
    )
    with pytest.raises(ValidationError, match="Nhiệm kỳ phải kết thúc sau ngày bắt đầu."):
        membership.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        membership.save()
