"""The national days off: every user who administers a council reads them (its deadlines are
counted in working days over them); the top-level admin adds, edits and deletes
(``councils.access.may_keep_national_tables``).  Anyone else gets a 403."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models.functions import ExtractYear
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from common.viewcalls import message_call, submitted
from councils import access, holiday_services
from councils.access import Capability
from councils.audit import history_for
from councils.holiday_forms import HolidayForm
from councils.models import Holiday


def _reader(request: HttpRequest) -> bool:
    """Whether the user may edit (``True``) or only read; a 403 for who may neither."""
    keeps = access.may_keep_national_tables(request.user)
    if not keeps and not access.councils_where(request.user, Capability.ADMINISTER):
        raise PermissionDenied
    return keeps


def _keeper(request: HttpRequest) -> None:
    if not access.may_keep_national_tables(request.user):
        raise PermissionDenied


def _year(request: HttpRequest) -> int:
    chosen = request.GET.get("year", "")
    return int(chosen) if chosen.isdigit() and 1900 < int(chosen) < 3000 else timezone.localdate().year


@login_required
def holiday_list(request: HttpRequest) -> HttpResponse:
    """The days off of one year (``?year=``, this year by default); a POST adds one."""
    may_edit = _reader(request)
    form = HolidayForm(request.POST or None) if may_edit else None
    if request.method == "POST":
        _keeper(request)
        assert form is not None  # noqa: S101  type narrowing for mypy, not a check
        if submitted(
            request,
            form,
            lambda: holiday_services.holiday_create(actor=request.user, **form.cleaned_data),
            success=gettext("Đã thêm ngày nghỉ."),
        ):
            return redirect(f"{request.path}?year={form.cleaned_data['date'].year}")
    year = _year(request)
    days = Holiday.objects.filter(date__year=year).order_by("date")
    years = sorted(set(Holiday.objects.annotate(year=ExtractYear("date")).values_list("year", flat=True)) | {year})
    context: dict[str, Any] = {
        "page": Paginator(days, 60).get_page(request.GET.get("page")),
        "year": year,
        "years": years,
        "form": form,
        "may_edit": may_edit,
    }
    return render(request, "councils/setup/holiday_list.html", context)


@login_required
def holiday_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """One day off's form and history; the button ``action=delete`` posts here too."""
    _keeper(request)
    holiday = get_object_or_404(Holiday, pk=pk)
    if request.method == "POST" and request.POST.get("action") == "delete":
        ok, _done = message_call(
            request,
            lambda: holiday_services.holiday_delete(actor=request.user, holiday=holiday),
            success=gettext("Đã xoá ngày nghỉ."),
        )
        if ok:
            return redirect(f"{_list_url()}?year={holiday.date.year}")
        return redirect("councils:holiday_edit", pk=holiday.pk)
    initial = {"date": holiday.date, "name": holiday.name, "is_day_off": holiday.is_day_off}
    form = HolidayForm(request.POST or None, initial=initial)
    if submitted(
        request,
        form,
        lambda: holiday_services.holiday_update(actor=request.user, holiday=holiday, **form.cleaned_data),
        success=gettext("Đã lưu ngày nghỉ."),
    ):
        return redirect(f"{_list_url()}?year={form.cleaned_data['date'].year}")
    return render(
        request,
        "councils/setup/holiday_form.html",
        {"holiday": holiday, "form": form, "history": history_for(holiday)},
    )


def _list_url() -> str:
    return reverse("councils:holiday_list")
