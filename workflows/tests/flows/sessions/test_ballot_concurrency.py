"""Ballots cast at the same moment, on PostgreSQL.

Casting locks the session row alone, never the flow's process row: fifteen
members vote at once while another connection holds the session's viewflow
process row ``SELECT ... FOR UPDATE``, and all fifteen ballots are stored
before that lock is released.  And a member who submits twice at once (a
double tap on a phone) leaves exactly one ballot and one participation row.
Each thread works on its own connection; a barrier releases them together.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.utils import timezone

from conftest import need
from councils.models import CouncilMembership, CouncilRole
from decisions.models import AgendaItem, AttendanceState, BallotCast, CouncilSession, SealedBallot
from decisions.services import sessions as council_services
from notifications.models import Notice
from tests import factories
from workflows import session_services
from workflows.models import SessionTask

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

VOTERS = 15


@pytest.fixture
def session(world: Any, make_dossier: Any) -> CouncilSession:
    """A session open for voting with fifteen voting members, all present."""
    need(connection.vendor == "postgresql", "concurrency tests need PostgreSQL (DATABASE_URL=postgres://...)")
    for index in range(VOTERS - 2):
        user = factories.UserFactory(username=f"uyvien{index}")
        CouncilMembership.objects.create(council=world.council, user=user, role=CouncilRole.MEMBER)
    make_dossier("accepted")
    make_dossier("accepted", unit=world.unit_b)
    created = session_services.session_start(
        actor=world.secretariat,
        round=world.round,
        held_at=timezone.now(),
        place="Hội trường UBND thị trấn",
        chair=world.chairman,
        secretary=world.secretariat,
    )
    members = council_services.voting_members(world.council.pk)
    assert len(members) == VOTERS
    council_services.attendance_record(
        actor=world.secretariat, session=created, states=dict.fromkeys(members, AttendanceState.PRESENT)
    )
    return session_services.session_open_voting(actor=world.secretariat, session=created)


def _choices(session: CouncilSession) -> dict[int, str]:
    return {item_id: "agree" for item_id in AgendaItem.objects.filter(session=session).values_list("id", flat=True)}


def _cast_at_once(session: CouncilSession, members: list[Any]) -> list[tuple[str, str, float]]:
    """Each member casts on their own thread and connection, all released together."""
    release = threading.Barrier(len(members))
    results: list[tuple[str, str, float]] = []
    choices = _choices(session)

    def worker(member: Any) -> None:
        try:
            release.wait(timeout=20)
            session_services.session_ballot_cast(member=member, session=session, choices=choices)
            results.append(("ok", member.username, time.monotonic()))
        except ValidationError as exc:
            results.append(("refused", " ".join(exc.messages), time.monotonic()))
        except Exception as exc:  # noqa: BLE001 - reported in the assertion
            results.append(("error", repr(exc), time.monotonic()))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(member,)) for member in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_fifteen_members_vote_at_once_while_the_flow_is_locked(world: Any, session: CouncilSession) -> None:
    process = session_services.session_process_for(session)
    locked, done = threading.Event(), threading.Event()
    released_at: list[float] = []
    holder_errors: list[str] = []

    def hold_the_process_row() -> None:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT id FROM viewflow_process WHERE id = %s FOR UPDATE", [process.pk])
                assert cursor.fetchone() == (process.pk,)
                locked.set()
                done.wait(timeout=30)  # the casts finish while the row is held
                released_at.append(time.monotonic())
        except Exception as exc:  # noqa: BLE001 - reported in the assertion
            holder_errors.append(repr(exc))
            locked.set()
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_the_process_row)
    holder.start()
    assert locked.wait(timeout=10)
    members = [membership.user for membership in council_services.voting_members(world.council.pk).values()]
    try:
        results = _cast_at_once(session, members)
    finally:
        done.set()
        holder.join(timeout=30)

    assert not holder_errors, holder_errors
    assert sorted(kind for kind, _who, _at in results) == ["ok"] * VOTERS, results
    # every cast finished while the flow's process row was still locked by the other connection
    assert released_at
    assert max(at for _kind, _who, at in results) < released_at[0]
    assert BallotCast.objects.filter(session=session).count() == VOTERS
    assert SealedBallot.objects.filter(session=session).count() == VOTERS


def test_a_member_who_casts_twice_at_once_leaves_one_ballot(world: Any, session: CouncilSession) -> None:
    results = _cast_at_once(session, [world.member, world.member])

    kinds = sorted(kind for kind, _message, _at in results)
    assert kinds == ["ok", "refused"], results
    refused = next(message for kind, message, _at in results if kind == "refused")
    assert refused == "Bạn đã bỏ phiếu trong phiên họp này; mỗi thành viên chỉ bỏ một phiếu."
    assert BallotCast.objects.filter(session=session, member=world.member).count() == 1
    assert BallotCast.objects.filter(session=session).count() == 1
    assert SealedBallot.objects.filter(session=session).count() == 1


def test_two_secretaries_close_at_once_exactly_one_closes(world: Any, session: CouncilSession) -> None:
    members = [membership.user for membership in council_services.voting_members(world.council.pk).values()]
    for member in members[:10]:  # a quorum of ballots, so the close opens the box
        session_services.session_ballot_cast(member=member, session=session, choices=_choices(session))
    release = threading.Barrier(2)
    results: list[tuple[str, str]] = []

    def worker(user: Any) -> None:
        try:
            release.wait(timeout=20)
            session_services.session_close_voting(actor=user, session=session, reason="Hết giờ họp")
            results.append(("ok", user.username))
        except ValidationError as exc:
            results.append(("refused", " ".join(exc.messages)))
        except Exception as exc:  # noqa: BLE001 - reported in the assertion
            results.append(("error", repr(exc)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(user,)) for user in (world.secretariat, world.secretariat2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(kind for kind, _message in results) == ["ok", "refused"], results
    refused = next(message for kind, message in results if kind == "refused")
    assert "Phiên họp đã chuyển sang bước khác" in refused or "người khác xử lý" in refused
    process = session_services.session_process_for(session)
    tasks = SessionTask.objects.filter(process=process)
    assert sorted((task.flow_task.name, task.status) for task in tasks) == [
        ("decide", "NEW"),
        ("start", "DONE"),
        ("voting", "DONE"),
    ]
    assert Notice.objects.filter(verb="session_closed").count() == 1
