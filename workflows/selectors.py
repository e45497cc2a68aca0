"""Reads on the flow: each user's inbox (tasks they hold) and queue (tasks
their role may take), always scoped to their own units and councils."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from viewflow.workflow.status import STATUS

from nominations.models import CouncilRole, Nomination
from nominations.selectors import roles_for

from .flows import DossierFlow
from .models import DossierTask
from .services import ACTIVE


@dataclass
class TaskRow:
    task: DossierTask
    nomination: Nomination

    @property
    def is_unit_task(self) -> bool:
        return self.task.flow_task == DossierFlow.prepare


def _scope_q(user: Any) -> Q:
    """Tasks a user's roles may act on: the unit's own prepare tasks, the
    council secretariat's review tasks.  Nothing else, whatever permissions
    viewflow's generic queue would grant."""
    roles = roles_for(user)
    scope = Q(pk__in=[])
    if roles.unit_ids:
        scope |= Q(flow_task=DossierFlow.prepare, nomination_unit__in=roles.unit_ids)
    secretariat = roles.councils_with(CouncilRole.SECRETARIAT)
    if secretariat:
        scope |= Q(flow_task=DossierFlow.review, nomination_council__in=secretariat)
    return scope


def _tasks(user: Any) -> QuerySet[DossierTask]:
    from django.db.models import OuterRef, Subquery

    content_type = ContentType.objects.get_for_model(Nomination)
    nominations = Nomination.objects.filter(pk=OuterRef("process__artifact_object_id"))
    return (
        DossierTask.objects.filter(
            process__artifact_content_type=content_type,
            status__in=ACTIVE,
            flow_task__in=[DossierFlow.prepare, DossierFlow.review],
        )
        .annotate(
            nomination_unit=Subquery(nominations.values("unit_id")[:1]),
            nomination_council=Subquery(nominations.values("round__council_id")[:1]),
        )
        .filter(_scope_q(user))
        .select_related("process", "owner")
        .order_by("created", "id")
    )


def _rows(tasks: QuerySet[DossierTask]) -> list[TaskRow]:
    tasks_list = list(tasks)
    ids = {task.process.artifact_object_id for task in tasks_list}
    nominations = Nomination.objects.select_related("round", "unit").in_bulk(ids)
    return [
        TaskRow(task, nominations[task.process.artifact_object_id])
        for task in tasks_list
        if task.process.artifact_object_id in nominations
    ]


def inbox_for_user(*, user: Any) -> list[TaskRow]:
    """Tasks assigned to the user (or to their unit, for unit tasks that nobody took)."""
    return _rows(_tasks(user).filter(Q(owner=user) | Q(flow_task=DossierFlow.prepare, owner__isnull=True)))


def queue_for_user(*, user: Any) -> list[TaskRow]:
    """Tasks of the user's council role that no one has taken yet."""
    return _rows(_tasks(user).filter(status=STATUS.NEW, owner__isnull=True).exclude(flow_task=DossierFlow.prepare))


def task_counts(*, user: Any) -> dict[str, int]:
    tasks = _tasks(user)
    return {
        "inbox": tasks.filter(Q(owner=user) | Q(flow_task=DossierFlow.prepare, owner__isnull=True)).count(),
        "queue": tasks.filter(status=STATUS.NEW, owner__isnull=True).exclude(flow_task=DossierFlow.prepare).count(),
    }


def dossier_actions(*, user: Any, nomination: Nomination) -> dict[str, bool]:
    """Which flow actions the dossier page offers this user now."""
    from nominations.models import NominationStatus

    from .services import active_task, process_for

    roles = roles_for(user)
    is_unit = nomination.unit_id in roles.unit_ids
    is_secretariat = roles.has(nomination.round.council_id, CouncilRole.SECRETARIAT)
    process = process_for(nomination)
    review_task = active_task(process, DossierFlow.review) if nomination.status == NominationStatus.SUBMITTED else None
    return {
        "edit": is_unit and nomination.is_editable,
        "submit": is_unit and nomination.is_editable,
        "withdraw": is_unit and nomination.is_editable,
        "recall": is_unit
        and review_task is not None
        and review_task.status == STATUS.NEW
        and nomination.opened_at is None,
        "open": is_secretariat and review_task is not None and nomination.opened_at is None,
        "review": is_secretariat and review_task is not None,
    }
