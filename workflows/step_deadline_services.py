"""A council's time limits for the flow steps (``workflows.StepDeadline``), set on its setup page
by its admin: the working days a step has, and after how many working days past due it is
reported to the secretariat, then to the chairman.  Without a row the settings' default applies
(``workflows.selectors.step_rules``); going back to the default deletes the council's row."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from councils import access
from councils.access import Capability
from councils.models import Council
from workflows.models import DeadlineStep, StepDeadline

MAX_WORKING_DAYS = 60  # a step's time limit or escalation: at most three months of working days


def _days(value: int | None, label: str, *, required: bool) -> None:
    if value is None:
        if required:
            raise ValidationError(_("Chưa nhập %(label)s.") % {"label": label})
        return
    if not 1 <= value <= MAX_WORKING_DAYS:
        raise ValidationError(
            _("%(label)s phải từ 1 đến %(max)s ngày làm việc.") % {"label": label, "max": MAX_WORKING_DAYS}
        )


@transaction.atomic
def step_deadline_set(
    *,
    actor: Any,
    council: Council,
    step: str,
    working_days: int | None,
    escalate_to_secretariat_after_days: int | None,
    escalate_to_chairman_after_days: int | None,
) -> StepDeadline:
    """The council's own time limit for ``step`` (made or changed)."""
    access.require(actor, Capability.ADMINISTER, council.pk)
    if step not in DeadlineStep.values:
        raise ValidationError(_("Bước này không có thời hạn."))
    _days(working_days, _("Thời hạn"), required=True)
    _days(escalate_to_secretariat_after_days, _("Số ngày quá hạn trước khi báo thường trực"), required=False)
    _days(escalate_to_chairman_after_days, _("Số ngày quá hạn trước khi báo chủ tịch"), required=False)
    if (
        escalate_to_secretariat_after_days is not None
        and escalate_to_chairman_after_days is not None
        and escalate_to_chairman_after_days < escalate_to_secretariat_after_days
    ):
        raise ValidationError(_("Chủ tịch được báo cùng lúc hoặc sau thường trực, không được báo trước."))
    assert working_days is not None  # noqa: S101  type narrowing for mypy, not a check
    row = StepDeadline.objects.select_for_update().filter(council=council, step=step).first()
    if row is None:
        row = StepDeadline(council=council, step=step, working_days=working_days)
    row.working_days = working_days
    row.escalate_to_secretariat_after_days = escalate_to_secretariat_after_days
    row.escalate_to_chairman_after_days = escalate_to_chairman_after_days
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def step_deadline_reset(*, actor: Any, council: Council, step: str) -> bool:
    """Back to the default for ``step``: the council's row is deleted (``False`` if it had none)."""
    access.require(actor, Capability.ADMINISTER, council.pk)
    deleted, _rows = StepDeadline.objects.filter(council=council, step=step).delete()
    return bool(deleted)
