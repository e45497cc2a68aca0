"""The inbox's session rows: a member sees an open ballot until they cast it,
the secretariat the sessions it runs, the chairman the decision; nobody sees
the sessions of another council."""

from __future__ import annotations

from typing import Any

import pytest

from councils.models import CouncilMembership, CouncilRole
from decisions.models import AttendanceState
from tests import factories
from workflows.selectors import SESSION_BALLOT, SESSION_DECIDE, SESSION_RUN, session_inbox_for_user
from workflows.tests.flows.sessions.conftest import (
    ballot_data,
    create_session,
    items,
    login,
    open_voting,
    record_attendance,
    text,
    url,
)

pytestmark = pytest.mark.django_db


def _rows(user: Any) -> list[tuple[str, int]]:
    return [(row.kind, row.session.pk) for row in session_inbox_for_user(user=user)]


def test_session_rows_follow_the_step_and_stay_in_the_council(council: Any) -> None:
    world, members = council.world, council.members
    # the other council has a member and a chairman of its own
    other_member, other_chairman = factories.UserFactory(username="ngoai1"), factories.UserFactory(username="ngoai2")
    CouncilMembership.objects.create(council=world.other_council, user=other_member, role=CouncilRole.MEMBER)
    CouncilMembership.objects.create(council=world.other_council, user=other_chairman, role=CouncilRole.CHAIRMAN)
    outsiders = (other_member, other_chairman, world.other_secretariat, world.unit_a_user)

    secretariat = login(world.secretariat)
    session = create_session(council, secretariat)
    assert _rows(world.secretariat) == [(SESSION_RUN, session.pk)]
    assert _rows(world.secretariat2) == [(SESSION_RUN, session.pk)]
    assert _rows(members[1]) == []

    states = {member: AttendanceState.PRESENT for member in members[:9]} | {members[9]: AttendanceState.ABSENT}
    record_attendance(secretariat, session, states)
    open_voting(secretariat, session)
    for member in members[:9]:
        assert _rows(member) == [(SESSION_BALLOT, session.pk)], member.username
    assert _rows(members[9]) == []  # absent, not voting in writing
    assert _rows(world.chairman) == [(SESSION_BALLOT, session.pk)]
    page = text(login(members[5]).get(url("workflows:tasks")))
    assert 'id="session-task-count">1<' in page

    login(members[5]).post(
        url("workflows:session_ballot", session), ballot_data(dict.fromkeys(items(session), "agree"))
    )
    assert _rows(members[5]) == []
    assert 'id="session-task-count">0<' in text(login(members[5]).get(url("workflows:tasks")))

    for member in (*members[:2], *members[3:5], *members[6:9]):  # eight ballots: a quorum, the close opens the box
        login(member).post(
            url("workflows:session_ballot", session), ballot_data(dict.fromkeys(items(session), "agree"))
        )
    secretariat.post(url("workflows:session_close", session), {"reason": "Hai thành viên về trước"})
    assert _rows(world.secretariat) == []
    assert _rows(members[1]) == []
    assert _rows(world.chairman) == [(SESSION_DECIDE, session.pk)]
    for user in outsiders:
        assert _rows(user) == [], user.username
        assert url("workflows:session_decide", session) not in text(login(user).get(url("workflows:tasks")))
