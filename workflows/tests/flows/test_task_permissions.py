"""viewflow asks who may take a task through the task's permission; the answers
come from the access policy (``councils.access.PolicyBackend``).  The expected
answers are written here, role by role, not read from the policy."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from viewflow.workflow.models import Task

from councils.models import CouncilMembership, CouncilRole
from tests import factories
from workflows import services as flow_services
from workflows import session_services
from workflows.flows import DossierFlow, SessionFlow

pytestmark = pytest.mark.django_db


def _council_admin(world: Any) -> Any:
    admin = factories.UserFactory(username="council_admin")
    CouncilMembership.objects.create(council=world.council, user=admin, role=CouncilRole.ADMIN)
    return admin


def _open_task(artifact_task_filter: dict[str, Any]) -> Task:
    return Task.objects.filter(**artifact_task_filter).exclude(status__in=["DONE", "CANCELED"]).get()


def test_the_unit_task_is_for_the_units_staff_only(world: Any, make_dossier: Any) -> None:
    nomination = make_dossier("draft")
    task = _open_task({"process": flow_services.process_for(nomination), "flow_task": DossierFlow.prepare})
    admin = _council_admin(world)
    allowed = {
        "unit_a_user": True,
        "unit_a_user2": True,
        "unit_b_user": False,
        "other_unit_user": False,
        "secretariat": False,
        "chairman": False,
        "member": False,
        "other_secretariat": False,
    }
    for name, expected in allowed.items():
        assert DossierFlow.prepare.can_assign(getattr(world, name), task) is expected, name
    assert DossierFlow.prepare.can_assign(admin, task) is False


def test_the_review_task_is_for_the_councils_secretariat_only(world: Any, make_dossier: Any) -> None:
    nomination = make_dossier("submitted")
    task = _open_task({"process": flow_services.process_for(nomination), "flow_task": DossierFlow.review})
    assert task.owner_permission == "access.review"
    admin = _council_admin(world)
    allowed = {
        "secretariat": True,
        "secretariat2": True,
        "chairman": False,
        "member": False,
        "unit_a_user": False,
        "other_secretariat": False,
    }
    for name, expected in allowed.items():
        assert DossierFlow.review.can_assign(getattr(world, name), task) is expected, name
    # the council admin keeps the office's paperwork but does not judge dossiers
    assert DossierFlow.review.can_assign(admin, task) is False


def test_a_deactivated_secretary_may_take_no_task(world: Any, make_dossier: Any) -> None:
    nomination = make_dossier("submitted")
    task = _open_task({"process": flow_services.process_for(nomination), "flow_task": DossierFlow.review})
    world.secretariat.is_active = False
    world.secretariat.save(update_fields=["is_active"])
    assert DossierFlow.review.can_assign(world.secretariat, task) is False


def test_the_session_tasks_follow_the_running_and_the_deciding_roles(world: Any, make_dossier: Any) -> None:
    make_dossier("accepted")
    session = session_services.session_start(
        actor=world.secretariat,
        round=world.round,
        held_at=dt.datetime(2026, 12, 10, 8, 30, tzinfo=dt.UTC),
        place="Hội trường",
        chair=world.chairman,
        secretary=world.secretariat,
    )
    voting = _open_task({"process": session_services.session_process_for(session), "flow_task": SessionFlow.voting})
    assert SessionFlow.voting.can_assign(world.secretariat, voting) is True
    assert SessionFlow.voting.can_assign(world.chairman, voting) is False
    assert SessionFlow.voting.can_assign(world.other_secretariat, voting) is False
    # the decision step is the chairman's, asked the same way viewflow asks it
    assert world.chairman.has_perm("access.decide", session) is True
    assert world.secretariat.has_perm("access.decide", session) is False
    assert world.member.has_perm("access.decide", session) is False
