"""The base salary page: every user who administers a council reads the table (its award money
is a multiple of it); the top-level admin adds, edits and deletes its versions
(``councils.access.may_keep_national_tables``).  Anyone else gets a 403."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext

from common.viewcalls import message_call, submitted
from councils import access
from councils.access import Capability
from councils.audit import history_for
from nominations import salary_services
from nominations.models import BaseSalary
from nominations.salary_forms import BaseSalaryForm
from nominations.salary_selectors import base_salary_versions


def _may_edit(request: HttpRequest) -> bool:
    """Whether the user may edit (``True``) or only read; a 403 for who may neither."""
    keeps = access.may_keep_national_tables(request.user)
    if not keeps and not access.councils_where(request.user, Capability.ADMINISTER):
        raise PermissionDenied
    return keeps


@login_required
def base_salary_list(request: HttpRequest) -> HttpResponse:
    """The versions, newest first; a POST adds one."""
    may_edit = _may_edit(request)
    if request.method == "POST" and not may_edit:
        raise PermissionDenied
    form = BaseSalaryForm(request.POST or None) if may_edit else None
    if form is not None and submitted(
        request,
        form,
        lambda: salary_services.base_salary_create(actor=request.user, **form.cleaned_data),
        success=gettext("Đã thêm mức lương cơ sở."),
    ):
        return redirect("nominations:base_salary_list")
    today = timezone.localdate()
    in_force = BaseSalary.objects.filter(valid_from__lte=today).order_by("-valid_from").first()
    context = {
        "versions": base_salary_versions(),
        "in_force": in_force,
        "form": form,
        "may_edit": may_edit,
    }
    return render(request, "nominations/salary/list.html", context)


@login_required
def base_salary_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """One version's form and history; the button ``action=delete`` posts here too."""
    if not access.may_keep_national_tables(request.user):
        raise PermissionDenied
    salary = get_object_or_404(BaseSalary, pk=pk)
    if request.method == "POST" and request.POST.get("action") == "delete":
        ok, _done = message_call(
            request,
            lambda: salary_services.base_salary_delete(actor=request.user, salary=salary),
            success=gettext("Đã xoá mức lương cơ sở."),
        )
        if ok:
            return redirect("nominations:base_salary_list")
        return redirect("nominations:base_salary_edit", pk=salary.pk)
    form = BaseSalaryForm(request.POST or None, initial={"amount": salary.amount, "valid_from": salary.valid_from})
    if submitted(
        request,
        form,
        lambda: salary_services.base_salary_update(actor=request.user, salary=salary, **form.cleaned_data),
        success=gettext("Đã lưu mức lương cơ sở."),
    ):
        return redirect("nominations:base_salary_list")
    return render(
        request, "nominations/salary/form.html", {"salary": salary, "form": form, "history": history_for(salary)}
    )
