"""Flow services: each changes a dossier and finishes the flow task that
stands for it, under the flow's process lock, in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.exceptions import FlowLockFailed
from viewflow.workflow.status import STATUS

from common.text import nfc_text
from councils import access
from councils.access import Capability
from councils.models import CouncilMembership, CouncilRole, Unit, User
from decisions.services.decisions import eligibility_problems
from nominations import services as nomination_services
from nominations.models import Nomination, NominationStatus, Round, Transition, TransitionAction
from notifications.services import notice_emit
from workflows.flows import DossierFlow
from workflows.models import DossierProcess, DossierTask

ACTIVE = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)


def process_for(nomination: Nomination) -> DossierProcess:
    content_type = ContentType.objects.get_for_model(Nomination)
    return DossierProcess.objects.get(artifact_content_type=content_type, artifact_object_id=nomination.pk)


def active_task(process: DossierProcess, node: Any) -> DossierTask | None:
    return DossierTask.objects.filter(process=process, flow_task=node, status__in=ACTIVE).order_by("-id").first()


NOTICE_VERBS = {
    TransitionAction.SUBMITTED: "dossier_submitted",
    TransitionAction.RESUBMITTED: "dossier_resubmitted",
    TransitionAction.RECALLED: "dossier_recalled",
    TransitionAction.WITHDRAWN: "dossier_withdrawn",
    TransitionAction.RETURNED: "dossier_returned",
    TransitionAction.ACCEPTED: "dossier_accepted",
}


def _move(fresh: Nomination, user: Any, status: str, action: str, **details: Any) -> None:
    """Move the dossier (its status and history, ``nominations.services``) and tell the other side."""
    _notify(
        nomination_services.nomination_set_status(nomination=fresh, status=status, action=action, actor=user, **details)
    )


def _notify(transition: Transition) -> None:
    """Tell the other side of the dossier what happened (unit ⇄ secretariat)."""
    verb = NOTICE_VERBS.get(TransitionAction(transition.action))
    if verb is None:
        return
    nomination = transition.nomination
    if transition.action in (TransitionAction.RETURNED, TransitionAction.ACCEPTED):
        recipients = User.objects.filter(unit_memberships__unit_id=nomination.unit_id, is_active=True)
    else:
        recipients = User.objects.filter(
            pk__in=CouncilMembership.objects.filter(
                council_id=nomination.round.council_id, role=CouncilRole.SECRETARIAT, is_active=True
            ).values("user_id"),
            is_active=True,
        )
    notice_emit(
        recipients=recipients,
        event_key=f"nomination-transition:{transition.pk}",
        verb=verb,
        context={
            "unit": nomination.unit.name,
            "title": nomination.title,
            "round": nomination.round.name,
            "reason": transition.reason,
            "line_count": nomination.lines.count(),
        },
        url=reverse("workflows:dossier_detail", args=[nomination.pk]),
        council_id=nomination.round.council_id,
    )


def task_finish(*, task: Any, user: Any) -> None:
    """Complete a human task as ``user`` (taking it first if need be); call it under the flow's lock."""
    activation = task.flow_task.activation_class(task)
    if task.status == STATUS.NEW:
        activation.assign(user)
    elif task.status == STATUS.ASSIGNED and task.owner_id != user.pk:
        activation.reassign(user)
    if task.status == STATUS.ASSIGNED:
        activation.start(None)
    activation.execute()


def _with_task(
    *,
    nomination: Nomination,
    node: Any,
    user: Any,
    change: Callable[[Nomination, DossierTask], None],
    finish: bool = True,
    then: Callable[[Nomination, DossierProcess], None] | None = None,
) -> Nomination:
    """Lock the dossier's process, check its task is still open, apply ``change``
    to the dossier, (if ``finish``) complete the task as ``user`` and (if ``then``)
    act on the tasks that followed, all under the lock in one transaction."""
    process = process_for(nomination)
    try:
        with DossierFlow.lock(process.pk):
            task = active_task(process, node)
            fresh = Nomination.objects.select_related("round", "unit").get(pk=nomination.pk)
            if task is None:
                raise ValidationError(
                    _("Hồ sơ đã được xử lý (trạng thái hiện tại: “%(status)s”); thao tác không được thực hiện lại.")
                    % {"status": fresh.get_status_display()}
                )
            change(fresh, task)
            if finish:
                task_finish(task=task, user=user)
            if then is not None:
                then(fresh, process)
            return fresh
    except FlowLockFailed as exc:
        raise ValidationError(_("Hồ sơ đang được người khác xử lý; vui lòng thử lại sau giây lát.")) from exc


@transaction.atomic
def dossier_create(*, user: Any, unit: Unit, round: Round, title: str, note: str = "") -> Nomination:
    """A unit opens a draft dossier in a round; its flow starts with the unit's task."""
    nomination = nomination_services.nomination_create(actor=user, unit=unit, round=round, title=title, note=note)
    DossierFlow.start.run(nomination=nomination)
    return nomination


def dossier_submit(*, user: Any, nomination: Nomination) -> Nomination:
    """The unit sends its dossier (first time or after a return) to the secretariat."""
    access.require_unit(user, nomination.unit_id, _("Bạn không thuộc đơn vị của hồ sơ này."))

    def change(fresh: Nomination, task: DossierTask) -> None:
        nomination_services.ensure_editable(fresh)
        nomination_services.nomination_check_submittable(nomination=fresh)
        action = TransitionAction.RESUBMITTED if fresh.submission_count else TransitionAction.SUBMITTED
        fresh.lines.exclude(return_reason="").update(return_reason="")
        _move(
            fresh,
            user,
            NominationStatus.SUBMITTED,
            action,
            submitted_at=timezone.now(),
            opened_at=None,
            submission_count=fresh.submission_count + 1,
            return_reason="",
            unit_name=fresh.unit.name,  # the name it is sent under, kept if the unit is renamed later
        )

    return _with_task(
        nomination=nomination, node=DossierFlow.prepare, user=user, change=change, then=_assign_to_returning_officer
    )


def returning_officer(nomination: Nomination) -> User | None:
    """The officer who last returned the dossier, if they may still review it: an
    active user holding the review capability in the dossier's council."""
    returned = (
        Transition.objects.filter(nomination=nomination, action=TransitionAction.RETURNED)
        .select_related("actor")
        .order_by("-at", "-id")
        .first()
    )
    if returned is None:
        return None
    officer = returned.actor
    if not officer.is_active or not access.can(officer, Capability.REVIEW, nomination.round.council_id):
        return None
    return officer


def _assign_to_returning_officer(fresh: Nomination, process: DossierProcess) -> None:
    """Work goes back to who knows it: the review task of a resubmitted dossier is
    assigned to the officer who returned it; without one (a first submission, or
    that officer no longer reviews in this council) it stays in the queue."""
    task = active_task(process, DossierFlow.review)
    if task is None or task.status != STATUS.NEW:
        return
    officer = returning_officer(fresh)
    if officer is None or not task.flow_task.can_assign(officer, task):
        return
    task.flow_task.activation_class(task).assign(officer)


def dossier_withdraw(*, user: Any, nomination: Nomination, reason: str) -> Nomination:
    """The unit withdraws a draft or returned dossier; the flow ends."""
    access.require_unit(user, nomination.unit_id, _("Bạn không thuộc đơn vị của hồ sơ này."))
    reason = nfc_text(reason)
    if not reason:
        raise ValidationError(_("Hãy ghi lý do rút hồ sơ."))

    def change(fresh: Nomination, task: DossierTask) -> None:
        nomination_services.ensure_editable(fresh)
        _move(fresh, user, NominationStatus.WITHDRAWN, TransitionAction.WITHDRAWN, reason=reason)

    return _with_task(nomination=nomination, node=DossierFlow.prepare, user=user, change=change)


def dossier_can_recall(nomination: Nomination, review_task: DossierTask | None) -> bool:
    """A sent dossier the secretariat has neither opened nor taken up in its review task
    (a resubmitted dossier's task may already wait, unopened, for the officer who
    returned it)."""
    return nomination.is_recallable and review_task is not None and review_task.status in (STATUS.NEW, STATUS.ASSIGNED)


def dossier_recall(*, user: Any, nomination: Nomination, reason: str = "") -> Nomination:
    """The unit takes back a submitted dossier the secretariat has not opened yet."""
    access.require_unit(user, nomination.unit_id, _("Bạn không thuộc đơn vị của hồ sơ này."))

    def change(fresh: Nomination, task: DossierTask) -> None:
        if fresh.status != NominationStatus.SUBMITTED:
            raise ValidationError(_("Chỉ thu hồi được hồ sơ đã gửi và đang chờ thẩm định."))
        if not dossier_can_recall(fresh, task):
            raise ValidationError(
                _("Thường trực đã mở hồ sơ để thẩm định nên không thu hồi được nữa; hãy liên hệ thường trực.")
            )
        _move(fresh, user, NominationStatus.DRAFT, TransitionAction.RECALLED, reason=nfc_text(reason))

    return _with_task(nomination=nomination, node=DossierFlow.review, user=user, change=change)


def dossier_open(*, user: Any, nomination: Nomination) -> Nomination:
    """The secretariat opens a dossier for review; from now on the unit cannot recall it."""
    access.require(user, Capability.REVIEW, nomination.round.council_id)

    def change(fresh: Nomination, task: DossierTask) -> None:
        first_opening = fresh.opened_at is None
        if first_opening:
            nomination_services.nomination_set_status(
                nomination=fresh,
                status=fresh.status,
                action=TransitionAction.OPENED,
                actor=user,
                opened_at=timezone.now(),
            )
        activation = task.flow_task.activation_class(task)
        if task.status == STATUS.NEW:
            activation.assign(user)
        elif first_opening and task.status == STATUS.ASSIGNED and task.owner_id != user.pk:
            # A resubmission waiting for the officer who returned it: whoever opens it takes it.
            activation.reassign(user)

    return _with_task(nomination=nomination, node=DossierFlow.review, user=user, change=change, finish=False)


def dossier_review(
    *, user: Any, nomination: Nomination, accept: bool, reason: str = "", line_reasons: dict[int, str] | None = None
) -> Nomination:
    """The secretariat accepts the dossier into the round's agenda, or returns it
    with reasons (for the whole dossier and/or per line)."""
    access.require(user, Capability.REVIEW, nomination.round.council_id)
    reason = nfc_text(reason)
    line_reasons = {int(k): nfc_text(v) for k, v in (line_reasons or {}).items() if nfc_text(v)}

    def change(fresh: Nomination, task: DossierTask) -> None:
        if fresh.status != NominationStatus.SUBMITTED:
            raise ValidationError(_("Hồ sơ không ở trạng thái chờ thẩm định."))
        opened = {"opened_at": fresh.opened_at or timezone.now()}
        if accept:
            problems = eligibility_problems(
                lines=list(fresh.lines.select_related("award_type__prerequisite", "nomination", "person")),
                year=fresh.round.year,
            )
            if problems:
                raise ValidationError(
                    [_("Chưa chấp nhận được: hồ sơ có dòng chưa đủ điều kiện theo sổ khen thưởng.")]
                    + [problem.message for problem in problems]
                )
            _move(fresh, user, NominationStatus.ACCEPTED, TransitionAction.ACCEPTED, reason=reason, **opened)
            return
        if not reason and not line_reasons:
            raise ValidationError(_("Khi trả lại hồ sơ phải ghi lý do (chung hoặc cho từng dòng)."))
        lines = {line.pk: line for line in fresh.lines.all()}
        unknown = set(line_reasons) - set(lines)
        if unknown:
            raise ValidationError(_("Lý do trả lại ghi cho dòng không thuộc hồ sơ này."))
        for line_id, text in line_reasons.items():
            lines[line_id].return_reason = text
            lines[line_id].save(update_fields=["return_reason"])
        summary = reason
        if line_reasons:
            details = "; ".join(
                f"{lines[line_id].position}. {lines[line_id].nominee}: {text}"
                for line_id, text in sorted(line_reasons.items())
            )
            summary = f"{reason}\n{details}".strip()
        _move(
            fresh,
            user,
            NominationStatus.RETURNED,
            TransitionAction.RETURNED,
            reason=summary,
            return_reason=reason,
            **opened,
        )

    return _with_task(nomination=nomination, node=DossierFlow.review, user=user, change=change)
