"""The dossier flow. It only routes: the services in ``services.py`` change the
dossier and finish the tasks; the callbacks below read the dossier's status.

    start ─▶ prepare (unit drafts / revises) ─▶ submitted? ─yes─▶ review (secretariat)
                 ▲                               └─no──▶ withdrawn (end)
                 └──────── returned / recalled ◀──────────┤
                                                          └─ accepted ─▶ accepted (end)

The council session flow (``SessionFlow``) below routes a session from its
creation to the chairman's decision; ``session_services.py`` moves it.

Task pages are this project's own views (``workflows/views.py``), which check
object-level access; viewflow's generic task URLs are not mounted.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import lock
from viewflow.workflow import nodes as flow
from viewflow.workflow.base import Flow

from councils import access
from councils.access import Capability
from nominations.selectors import nomination_visibility_q
from workflows.models import DossierProcess, DossierTask, SessionProcess, SessionTask


def _artifact(process: Any) -> Any:
    """The object a task's permission is asked of: the dossier, or the session."""
    return process.artifact


class DossierFlow(Flow):
    """Hồ sơ đề nghị khen thưởng

    A unit's dossier from its draft to the secretariat's acceptance.
    """

    process_class = DossierProcess
    task_class = DossierTask
    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle(this.start_dossier).Next(this.prepare)

    # Who may take each task is the access policy's (viewflow asks ``has_perm`` of the
    # task's permission with the dossier; ``councils.access.PolicyBackend`` answers).
    # The tasks are queues, not assigned when created: any of the unit's staff may
    # revise a dossier and any of the secretariat may review it; the task is assigned to
    # whoever acts on it (``services.task_finish``), so no task is hidden from the others.
    # One exception: a resubmitted dossier's review goes to the officer who returned it,
    # while that officer still reviews for the council (``services.dossier_submit``).
    prepare = (
        flow.View(None)
        .Annotation(title=_("Đơn vị soạn, gửi hồ sơ"))
        .Permission(access.task_permission(access.ACT_FOR_UNIT), obj=_artifact)
        .Next(this.after_prepare)
    )
    after_prepare = flow.If(this.is_submitted).Then(this.review).Else(this.withdrawn)

    review = (
        flow.View(None)
        .Annotation(title=_("Thường trực thẩm định hồ sơ"))
        .Permission(access.task_permission(Capability.REVIEW), obj=_artifact)
        .Next(this.after_review)
    )
    after_review = flow.If(this.is_accepted).Then(this.accepted).Else(this.prepare)

    accepted = flow.End()
    withdrawn = flow.End()

    def start_dossier(self, activation: Any, nomination: Any) -> Any:
        activation.process.artifact = nomination
        return activation.process

    def is_submitted(self, activation: Any) -> bool:
        return activation.process.artifact.is_submitted

    def is_accepted(self, activation: Any) -> bool:
        return activation.process.artifact.is_accepted

    def has_view_permission(self, user: Any, obj: Any | None = None) -> bool:
        # viewflow's default is a model-wide permission that would show every
        # dossier to everyone; access is decided per dossier by the selectors.
        if obj is None or not getattr(user, "is_authenticated", False):
            return False
        artifact = obj.artifact
        return type(artifact).objects.filter(nomination_visibility_q(user), pk=artifact.pk).exists()

    def has_manage_permission(self, user: Any, obj: Any | None = None) -> bool:
        return bool(getattr(user, "is_superuser", False))


class SessionFlow(Flow):
    """Phiên họp hội đồng

    A council session: the secretariat prepares it and runs the secret ballot
    (one step, finished when the secretariat closes the voting), then the
    chairman approves the passing lines or sends the session back.

        start ─▶ voting (secretariat) ─▶ decide (chairman) ─▶ decided? ─yes─▶ decided (end)
                                                                  └─no──▶ returned (end)

    Ballots are cast on the session row alone: casting never locks this
    flow's process row, so members never wait for the flow.
    """

    process_class = SessionProcess
    task_class = SessionTask
    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle(this.start_session).Next(this.voting)

    voting = (
        flow.View(None)
        .Annotation(title=_("Thường trực điều hành bỏ phiếu"))
        .Permission(access.task_permission(Capability.RUN_SESSION), obj=_artifact)
        .Next(this.decide)
    )

    decide = (
        flow.View(None)
        .Annotation(title=_("Chủ tịch quyết định khen thưởng"))
        .Permission(access.task_permission(Capability.DECIDE), obj=_artifact)
        .Next(this.after_decide)
    )
    after_decide = flow.If(this.is_decided).Then(this.decided).Else(this.returned)

    decided = flow.End()
    returned = flow.End()

    def start_session(self, activation: Any, session: Any) -> Any:
        activation.process.artifact = session
        return activation.process

    def is_decided(self, activation: Any) -> bool:
        return activation.process.artifact.is_decided

    def has_view_permission(self, user: Any, obj: Any | None = None) -> bool:
        # As for dossiers: per session (a role in its council), never model-wide.
        if obj is None or not getattr(user, "is_authenticated", False):
            return False
        return access.has_any_role(user, obj.artifact.council_id)

    def has_manage_permission(self, user: Any, obj: Any | None = None) -> bool:
        return bool(getattr(user, "is_superuser", False))
