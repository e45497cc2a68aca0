"""The council's setup page for the flow steps' time limits: one form per step, showing the
council's own rule or the default, and a button back to the default.  Its admin only (a parent's
admin too); another council's page is a 404."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.viewcalls import message_call, submitted
from councils import access
from councils.access import Capability
from councils.audit import history_for
from councils.models import Council
from workflows import step_deadline_services
from workflows.models import DeadlineStep, StepDeadline
from workflows.selectors import step_rules


class StepDeadlineForm(forms.Form):
    working_days = forms.IntegerField(label=_("Thời hạn (ngày làm việc)"))
    escalate_to_secretariat_after_days = forms.IntegerField(
        label=_("Báo thường trực khi quá hạn (ngày làm việc)"),
        required=False,
        help_text=_("Để trống nếu không báo thường trực."),
    )
    escalate_to_chairman_after_days = forms.IntegerField(
        label=_("Báo chủ tịch khi quá hạn (ngày làm việc)"),
        required=False,
        help_text=_("Để trống nếu không báo chủ tịch."),
    )


def _setter(request: HttpRequest, council: Council, step: str, form: StepDeadlineForm) -> Callable[[], Any]:
    return lambda: step_deadline_services.step_deadline_set(
        actor=request.user, council=council, step=step, **form.cleaned_data
    )


@login_required
def step_deadlines(request: HttpRequest, council_pk: int) -> HttpResponse:
    if not access.can(request.user, Capability.ADMINISTER, council_pk):
        raise Http404
    council = get_object_or_404(Council, pk=council_pk)
    posted_step = request.POST.get("step", "") if request.method == "POST" else ""
    if posted_step and posted_step not in DeadlineStep.values:
        raise Http404
    if posted_step and request.POST.get("action") == "reset":
        message_call(
            request,
            lambda: step_deadline_services.step_deadline_reset(actor=request.user, council=council, step=posted_step),
            success=gettext("Đã trở về thời hạn mặc định."),
        )
        return redirect(request.path)
    rules = step_rules(council_ids={council.pk})
    own = {row.step: row for row in StepDeadline.objects.filter(council=council)}
    steps: list[dict[str, Any]] = []
    for step, label in DeadlineStep.choices:
        rule = rules[(council.pk, step)]
        initial = {
            "working_days": rule.working_days,
            "escalate_to_secretariat_after_days": rule.escalate_to_secretariat_after_days,
            "escalate_to_chairman_after_days": rule.escalate_to_chairman_after_days,
        }
        form = StepDeadlineForm(request.POST if step == posted_step else None, initial=initial, prefix=step)
        if step == posted_step and submitted(
            request, form, _setter(request, council, step, form), success=gettext("Đã lưu thời hạn.")
        ):
            return redirect(request.path)
        row = own.get(step)
        steps.append(
            {"step": step, "label": label, "form": form, "own": row, "history": history_for(row) if row else []}
        )
    return render(request, "workflows/step_deadlines.html", {"council": council, "steps": steps})
