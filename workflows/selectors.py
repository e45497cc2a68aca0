"""Reads on the flow: each user's inbox (tasks they hold) and queue (tasks
their role may take), always scoped to their own units and councils."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from viewflow.workflow.status import STATUS

from councils import access
from councils.access import Capability
from councils.models import CouncilMembership, Unit, UnitMembership
from decisions.models import Attendance, AttendanceState, BallotCast, CouncilSession, SessionStatus
from nominations.models import Nomination, Round, Transition, TransitionAction
from nominations.selectors import nomination_search_q
from workflows.flows import DossierFlow, SessionFlow
from workflows.models import DeadlineStep, DossierTask, SessionTask, StepDeadline
from workflows.services import ACTIVE, active_task, dossier_can_recall, process_for


@dataclass
class TaskRow:
    task: DossierTask
    nomination: Nomination
    # A review of a dossier sent again (after a return or a recall), and the
    # secretariat's earlier returns of it, oldest first (who, when, why).
    resubmitted: bool = False
    earlier_returns: list[Transition] = field(default_factory=list)

    @property
    def resubmission_number(self) -> int:
        """1 for the first resubmission, 2 for the second…"""
        return max(self.nomination.submission_count - 1, 0)

    @property
    def assigned_back(self) -> bool:
        """The review waits for the officer who last returned the dossier."""
        return bool(self.earlier_returns) and self.task.owner_id == self.earlier_returns[-1].actor_id


@dataclass(frozen=True)
class TaskFilters:
    """What a task list is narrowed to: words of the dossier's title or unit name, a round,
    a unit, a step (``prepare`` or ``review``), only the reviews of resubmitted dossiers."""

    query: str = ""
    round_id: int | None = None
    unit_id: int | None = None
    step: str = ""
    resubmitted: bool = False


STEPS = {"prepare": DossierFlow.prepare, "review": DossierFlow.review}


def _nominations_q(filters: TaskFilters) -> Q:
    """The filters that are the dossier's own, as a condition on ``Nomination``."""
    condition = nomination_search_q(filters.query)
    if filters.round_id is not None:
        condition &= Q(round_id=filters.round_id)
    if filters.unit_id is not None:
        condition &= Q(unit_id=filters.unit_id)
    if filters.resubmitted:
        condition &= Q(submission_count__gt=1)
    return condition


def _scope_q(user: Any, filters: TaskFilters | None = None) -> Q:
    """Tasks a user's roles may act on: the unit's own prepare tasks, the
    council secretariat's review tasks.  Nothing else, whatever permissions
    viewflow's generic queue would grant.

    Each branch names the dossiers it may reach by an ``IN (SELECT id FROM
    nomination WHERE unit/council …)`` on the process's artifact, so the database
    narrows to the user's own units and councils before it reads anything per task
    (the province's other tasks are never looked at)."""
    filters = filters or TaskFilters()
    own = _nominations_q(filters)
    scope = Q(pk__in=[])
    units = access.unit_ids(user)
    if units and not filters.resubmitted and filters.step in ("", "prepare"):
        dossiers = Nomination.objects.filter(own, unit_id__in=units).values("pk")
        scope |= Q(flow_task=DossierFlow.prepare, process__artifact_object_id__in=dossiers)
    secretariat = access.councils_where(user, Capability.REVIEW)
    if secretariat and filters.step in ("", "review"):
        dossiers = Nomination.objects.filter(own, round__council_id__in=secretariat).values("pk")
        scope |= Q(flow_task=DossierFlow.review, process__artifact_object_id__in=dossiers)
    return scope


def _tasks(user: Any, filters: TaskFilters | None = None) -> QuerySet[DossierTask]:
    content_type = ContentType.objects.get_for_model(Nomination)
    return (
        DossierTask.objects.filter(
            process__artifact_content_type=content_type,
            status__in=ACTIVE,
            flow_task__in=[DossierFlow.prepare, DossierFlow.review],
        )
        .filter(_scope_q(user, filters))
        .select_related("process", "owner")
        .order_by("created", "id")
    )


def _rows(tasks: Iterable[DossierTask]) -> list[TaskRow]:
    tasks_list = list(tasks)
    ids = {task.process.artifact_object_id for task in tasks_list}
    nominations = Nomination.objects.select_related("round", "unit").in_bulk(ids)
    return [
        TaskRow(task, nominations[task.process.artifact_object_id])
        for task in tasks_list
        if task.process.artifact_object_id in nominations
    ]


def _with_earlier_returns(rows: list[TaskRow]) -> list[TaskRow]:
    """Mark the reviews of resubmitted dossiers and give them their earlier returns
    (the history's reasons, general and per line: the dossier's own were cleared
    when it was sent again), in one query."""
    resubmitted = [
        row for row in rows if row.task.flow_task == DossierFlow.review and row.nomination.submission_count > 1
    ]
    if not resubmitted:
        return rows
    returns: dict[int, list[Transition]] = defaultdict(list)
    transitions = Transition.objects.filter(
        nomination__in=[row.nomination.pk for row in resubmitted], action=TransitionAction.RETURNED
    ).select_related("actor")
    for transition in transitions.order_by("at", "id"):
        returns[transition.nomination_id].append(transition)
    for row in resubmitted:
        row.resubmitted = True
        row.earlier_returns = returns.get(row.nomination.pk, [])
    return rows


def task_rows(tasks: Iterable[DossierTask]) -> list[TaskRow]:
    """The rows of these tasks (one page of a list): their dossiers and, for a resubmitted
    dossier's review, its earlier returns; two queries at most, however many tasks."""
    return _with_earlier_returns(_rows(tasks))


def inbox_tasks(*, user: Any, filters: TaskFilters | None = None) -> QuerySet[DossierTask]:
    """Tasks assigned to the user (or to their unit, for unit tasks that nobody took);
    a resubmitted dossier's review is assigned to the officer who returned it."""
    return _tasks(user, filters).filter(Q(owner=user) | Q(flow_task=DossierFlow.prepare, owner__isnull=True))


def queue_tasks(*, user: Any, filters: TaskFilters | None = None) -> QuerySet[DossierTask]:
    """Tasks of the user's council role that no one has taken yet."""
    return _tasks(user, filters).filter(status=STATUS.NEW, owner__isnull=True).exclude(flow_task=DossierFlow.prepare)


def inbox_for_user(*, user: Any) -> list[TaskRow]:
    """The whole inbox (see ``inbox_tasks``; a page shows one page of it)."""
    return task_rows(inbox_tasks(user=user))


def queue_for_user(*, user: Any) -> list[TaskRow]:
    """The whole queue (see ``queue_tasks``; a page shows one page of it)."""
    return task_rows(queue_tasks(user=user))


def task_filter_choices(*, user: Any) -> tuple[QuerySet[Round], QuerySet[Unit]]:
    """The rounds and units a user's task lists can be narrowed to: those of their own
    units and of the councils where they review."""
    units = access.unit_ids(user)
    secretariat = access.councils_where(user, Capability.REVIEW)
    unit_choices = Unit.objects.filter(Q(pk__in=units) | Q(council_id__in=secretariat)).order_by("name", "id")
    councils = Unit.objects.filter(pk__in=units).values("council_id")
    rounds = Round.objects.filter(Q(council_id__in=councils) | Q(council_id__in=secretariat)).order_by(
        "-year", "name", "id"
    )
    return rounds, unit_choices


# --- Council sessions -------------------------------------------------------------

SESSION_BALLOT = "ballot"
SESSION_RUN = "run"
SESSION_DECIDE = "decide"


@dataclass
class SessionTaskRow:
    """A session waiting for the user: a ballot to cast, a session to run, a decision to make."""

    kind: str
    session: CouncilSession
    since: Any


def session_inbox_for_user(*, user: Any) -> list[SessionTaskRow]:
    """Open ballots the member has not cast, the secretariat's sessions not yet closed and
    the chairman's decisions, of the user's own councils only."""
    rows: list[SessionTaskRow] = []
    voter_councils = access.councils_where(user, Capability.VOTE)
    if voter_councils:
        ballots = (
            CouncilSession.objects.filter(
                council_id__in=voter_councils,
                status=SessionStatus.VOTING,
                pk__in=Attendance.objects.filter(
                    member=user, state__in=[AttendanceState.PRESENT, AttendanceState.WRITTEN]
                ).values("session_id"),
            )
            .exclude(pk__in=BallotCast.objects.filter(member=user).values("session_id"))
            .select_related("council", "round")
            .order_by("opened_at", "id")
        )
        rows += [SessionTaskRow(SESSION_BALLOT, session, session.opened_at) for session in ballots]
    steps = [
        (SESSION_RUN, SessionFlow.voting, access.councils_where(user, Capability.RUN_SESSION)),
        (SESSION_DECIDE, SessionFlow.decide, access.councils_where(user, Capability.DECIDE)),
    ]
    content_type = ContentType.objects.get_for_model(CouncilSession)
    for kind, node, councils in steps:
        if not councils:
            continue
        sessions = CouncilSession.objects.filter(council_id__in=councils).select_related("council", "round")
        tasks = (
            SessionTask.objects.filter(
                process__artifact_content_type=content_type,
                process__artifact_object_id__in=sessions.values("pk"),
                flow_task=node,
                status__in=ACTIVE,
            )
            .select_related("process")
            .order_by("created", "id")
        )
        task_list = list(tasks)
        by_id = sessions.in_bulk([task.process.artifact_object_id for task in task_list])
        rows += [
            SessionTaskRow(kind, by_id[task.process.artifact_object_id], task.created)
            for task in task_list
            if task.process.artifact_object_id in by_id
        ]
    return rows


def dossier_actions(*, user: Any, nomination: Nomination) -> dict[str, bool]:
    """Which flow actions the dossier page offers this user now."""
    is_unit = access.acts_for_unit(user, nomination.unit_id)
    is_secretariat = access.can(user, Capability.REVIEW, nomination.round.council_id)
    process = process_for(nomination)
    review_task = active_task(process, DossierFlow.review) if nomination.is_submitted else None
    return {
        "edit": is_unit and nomination.is_editable,
        "submit": is_unit and nomination.is_editable,
        "withdraw": is_unit and nomination.is_editable,
        "recall": is_unit and dossier_can_recall(nomination, review_task),
        "open": is_secretariat and review_task is not None and nomination.opened_at is None,
        "review": is_secretariat and review_task is not None,
    }


# --- Deadlines ------------------------------------------------------------------


@dataclass(frozen=True)
class StepRule:
    """A step's time limit and escalation, in working days (None: that level is not told)."""

    working_days: int
    escalate_to_secretariat_after_days: int | None = None
    escalate_to_chairman_after_days: int | None = None


@dataclass
class TimedTask:
    """An open flow task that has a time limit, with its dossier and the step it stands for."""

    task: DossierTask
    nomination: Nomination
    step: str


def step_rules(*, council_ids: set[int]) -> dict[tuple[int, str], StepRule]:
    """Each council's rule per step: its own ``StepDeadline`` row, else the settings' default."""
    configured = cast(dict[str, dict[str, Any]], settings.WORKFLOW_STEP_DEADLINES)
    defaults = {step: StepRule(**values) for step, values in configured.items()}
    rules = {(council_id, step): rule for council_id in council_ids for step, rule in defaults.items()}
    for row in StepDeadline.objects.filter(council_id__in=council_ids):
        rules[(row.council_id, row.step)] = StepRule(
            working_days=row.working_days,
            escalate_to_secretariat_after_days=row.escalate_to_secretariat_after_days,
            escalate_to_chairman_after_days=row.escalate_to_chairman_after_days,
        )
    return rules


def timed_tasks(*, round_id: int | None = None) -> list[TimedTask]:
    """Open tasks whose step has a time limit: the secretariat's review of a
    submitted dossier, and the unit's revision of a returned one (a first draft
    has the round's deadline instead, and a recalled one is the unit's own choice);
    of one round's dossiers when ``round_id`` is given (the round's dashboard)."""
    content_type = ContentType.objects.get_for_model(Nomination)
    tasks = (
        DossierTask.objects.filter(
            process__artifact_content_type=content_type,
            status__in=ACTIVE,
            flow_task__in=[DossierFlow.prepare, DossierFlow.review],
        )
        .select_related("process", "owner")
        .order_by("created", "id")
    )
    if round_id is not None:
        tasks = tasks.filter(process__artifact_object_id__in=Nomination.objects.filter(round_id=round_id).values("pk"))
    timed = []
    for row in _rows(tasks):
        if row.task.flow_task == DossierFlow.review and row.nomination.is_submitted:
            timed.append(TimedTask(row.task, row.nomination, DeadlineStep.REVIEW))
        elif row.task.flow_task == DossierFlow.prepare and row.nomination.is_returned:
            timed.append(TimedTask(row.task, row.nomination, DeadlineStep.REVISE))
    return timed


def council_staff(*, council_ids: set[int], role: str) -> dict[int, list[Any]]:
    """The active users holding ``role`` in each council, in one query."""
    staff: dict[int, list[Any]] = {council_id: [] for council_id in council_ids}
    memberships = CouncilMembership.objects.filter(
        council_id__in=council_ids, role=role, is_active=True, user__is_active=True
    ).select_related("user")
    for membership in memberships.order_by("user_id"):
        staff[membership.council_id].append(membership.user)
    return staff


def unit_staff(*, unit_ids: set[int]) -> dict[int, list[Any]]:
    """The active users of each unit, in one query."""
    staff: dict[int, list[Any]] = {unit_id: [] for unit_id in unit_ids}
    memberships = UnitMembership.objects.filter(unit_id__in=unit_ids, user__is_active=True).select_related("user")
    for membership in memberships.order_by("user_id"):
        staff[membership.unit_id].append(membership.user)
    return staff
