"""Task pages of the dossier flow. Each checks the user may act on this dossier,
validates a form, calls one service and redirects."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from common.paging import LINES_PAGE_SIZE, page_of
from common.viewcalls import form_call, message_call
from councils import access
from councils.access import Capability
from decisions.services.decisions import eligibility_problems
from nominations import selectors as nomination_selectors
from nominations import services as nomination_services
from nominations.forms import NominationCreateForm, OptionalReasonForm, ReasonForm
from nominations.models import Round
from workflows import selectors, services
from workflows.dossier_results import dossier_results
from workflows.forms import LineFilterForm, ReviewForm, TaskFilterForm


@login_required
def home(request: HttpRequest) -> HttpResponse:
    # a new council's admin (its council has had no round yet) lands on its guided start
    starting = nomination_selectors.council_to_start(request.user)
    if starting is not None:
        return redirect("councils:start", council_pk=starting)
    return redirect("workflows:tasks")


@login_required
def tasks(request: HttpRequest) -> HttpResponse:
    """The user's inbox and queue, a page of each (``page``, ``queue_page``), with one search and
    filters for both; only the rows shown are looked up in full."""
    rounds, units = selectors.task_filter_choices(user=request.user)
    filter_form = TaskFilterForm(request.GET or None, rounds=rounds, units=units)
    filters = filter_form.filters()
    inbox = page_of(request, selectors.inbox_tasks(user=request.user, filters=filters))
    queue = page_of(request, selectors.queue_tasks(user=request.user, filters=filters), param="queue_page")
    return render(
        request,
        "workflows/tasks.html",
        {
            "filter_form": filter_form,
            "filtered": filters != selectors.TaskFilters(),
            "inbox_page": inbox,
            "inbox": selectors.task_rows(inbox.object_list),
            "queue_page": queue,
            "queue": selectors.task_rows(queue.object_list),
            "sessions": selectors.session_inbox_for_user(user=request.user),
        },
    )


@login_required
def dossier_create(request: HttpRequest) -> HttpResponse:
    units = nomination_selectors.units_for_user(user=request.user)
    if not units.exists():
        raise PermissionDenied
    now_rounds = Round.objects.none()
    for unit in units:
        now_rounds = now_rounds | nomination_selectors.rounds_open_for_unit(unit=unit)
    form = NominationCreateForm(request.POST or None, units=units, rounds=now_rounds.distinct())
    if request.method == "POST" and form.is_valid():
        ok, nomination = form_call(
            form,
            lambda: services.dossier_create(user=request.user, **form.cleaned_data),
            request=request,
            success=_("Đã tạo hồ sơ. Hãy thêm các dòng đề nghị và tài liệu, rồi gửi hồ sơ."),
        )
        if ok:
            return redirect("workflows:dossier_detail", pk=nomination.pk)
    return render(request, "workflows/dossier_create.html", {"form": form, "has_rounds": now_rounds.exists()})


@login_required
def dossier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The dossier, a page of its lines (searched, filtered), their totals per award type."""
    nomination = nomination_selectors.nomination_get_for_user(user=request.user, pk=pk)
    totals = nomination_selectors.nomination_line_totals(nomination=nomination)
    line_filter = LineFilterForm(request.GET or None, award_types=[award_type for award_type, _count in totals])
    query, award_type_id = line_filter.values()
    page = page_of(
        request,
        nomination_selectors.nomination_lines_matching(nomination=nomination, query=query, award_type_id=award_type_id),
        size=LINES_PAGE_SIZE,
    )
    lines = list(page.object_list)
    actions = selectors.dossier_actions(user=request.user, nomination=nomination)
    own = access.acts_for_unit(request.user, nomination.unit_id)
    council_id = nomination.round.council_id
    duplicates = {}
    if own or access.can(request.user, Capability.READ_DOSSIERS, council_id):
        duplicates = nomination_selectors.duplicate_nominations(
            nomination=nomination, line_ids=[line.pk for line in lines]
        )
    eligibility = {}
    if own or access.can(request.user, Capability.REVIEW, council_id):
        eligibility = {
            problem.line_id: problem.message
            for problem in eligibility_problems(lines=lines, year=nomination.round.year)
        }
    results = dossier_results(user=request.user, nomination=nomination, lines=lines)
    for line in lines:
        line.duplicate_units = duplicates.get(line.pk, [])
        line.eligibility_warning = eligibility.get(line.pk, "")
        line.outcome = results.outcomes.get(line.pk)
        line.certificate = results.certificates.get(line.pk)
    return render(
        request,
        "workflows/dossier_detail.html",
        {
            "nomination": nomination,
            "lines": lines,
            "lines_page": page,
            "line_filter": line_filter,
            "line_filtered": bool(query) or award_type_id is not None,
            "line_totals": totals,
            "line_count": sum(count for _award_type, count in totals),
            "results": results,
            "attachments": nomination_selectors.nomination_attachments(nomination=nomination),
            "history": nomination_selectors.nomination_history(nomination=nomination),
            # the checklist of what sending needs, for the unit while it may still add files
            "required_documents": (
                nomination_services.nomination_required_documents(nomination=nomination) if actions["edit"] else []
            ),
            # the files' fingerprints are the secretariat's check, not the unit's concern
            "show_hashes": access.can(request.user, Capability.REVIEW, council_id),
            "actions": actions,
            "review_form": ReviewForm(nomination=nomination) if actions["review"] else None,
        },
    )


def _run(request: HttpRequest, call: Any, success: str) -> bool:
    return bool(message_call(request, call, success=success)[0])


@login_required
@require_POST
def dossier_submit(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = nomination_selectors.nomination_get_for_user(user=request.user, pk=pk)
    if _run(
        request,
        lambda: services.dossier_submit(user=request.user, nomination=nomination),
        _("Đã gửi hồ sơ đến thường trực hội đồng."),
    ):
        lines = list(nomination_selectors.nomination_lines(nomination=nomination))
        for problem in eligibility_problems(lines=lines, year=nomination.round.year):
            messages.warning(request, problem.message)
    return redirect("workflows:dossier_detail", pk=pk)


@dataclass(frozen=True)
class UnitReasonStep:
    """A unit's step that asks why: its form, its service and its words."""

    form_class: type[ReasonForm] | type[OptionalReasonForm]
    service: Callable[..., Any]
    success: str
    title: str
    button: str


UNIT_REASON_STEPS = {
    "withdraw": UnitReasonStep(
        ReasonForm,
        services.dossier_withdraw,
        gettext_lazy("Đã rút hồ sơ."),
        gettext_lazy("Rút hồ sơ"),
        gettext_lazy("Rút hồ sơ"),
    ),
    "recall": UnitReasonStep(
        OptionalReasonForm,
        services.dossier_recall,
        gettext_lazy("Đã thu hồi hồ sơ; hồ sơ trở lại trạng thái đang soạn."),
        gettext_lazy("Thu hồi hồ sơ đã gửi"),
        gettext_lazy("Thu hồi"),
    ),
}


def _unit_reason_page(request: HttpRequest, pk: int, step: UnitReasonStep) -> HttpResponse:
    """The reason form, then the step's service (a unit's dossier only)."""
    nomination = nomination_selectors.nomination_get_for_user(user=request.user, pk=pk)
    if not access.acts_for_unit(request.user, nomination.unit_id):
        raise PermissionDenied
    form = step.form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        call = lambda: step.service(user=request.user, nomination=nomination, reason=reason)  # noqa: E731
        if form_call(form, call, request=request, success=str(step.success))[0]:
            return redirect("workflows:dossier_detail", pk=pk)
    context = {"form": form, "nomination": nomination, "title": step.title, "button": step.button}
    return render(request, "workflows/reason_form.html", context)


@login_required
def dossier_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _unit_reason_page(request, pk, UNIT_REASON_STEPS["withdraw"])


@login_required
def dossier_recall(request: HttpRequest, pk: int) -> HttpResponse:
    return _unit_reason_page(request, pk, UNIT_REASON_STEPS["recall"])


@login_required
@require_POST
def dossier_open(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = nomination_selectors.nomination_get_for_user(user=request.user, pk=pk)
    _run(
        request,
        lambda: services.dossier_open(user=request.user, nomination=nomination),
        _("Bạn đã nhận thẩm định hồ sơ này."),
    )
    return redirect("workflows:dossier_detail", pk=pk)


@login_required
@require_POST
def dossier_review(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = nomination_selectors.nomination_get_for_user(user=request.user, pk=pk)
    access.require_page(request.user, Capability.REVIEW, nomination.round.council_id)
    form = ReviewForm(request.POST, nomination=nomination)
    if not form.is_valid():
        for field_errors in form.errors.values():
            for message in field_errors:
                messages.error(request, message)
        return redirect("workflows:dossier_detail", pk=pk)
    accept = form.cleaned_data["decision"] == "accept"
    _run(
        request,
        lambda: services.dossier_review(
            user=request.user,
            nomination=nomination,
            accept=accept,
            reason=form.cleaned_data["reason"],
            line_reasons={} if accept else form.line_reasons(),
        ),
        _("Đã chấp nhận hồ sơ.") if accept else _("Đã trả lại hồ sơ cho đơn vị."),
    )
    return redirect("workflows:dossier_detail", pk=pk)
