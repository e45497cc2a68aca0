"""The council's award type setup pages (its admin, and a parent council's admin below it):
list, create, edit with the change history, deactivate, delete one nobody uses, and the dated
money rates.  A user who administers no council gets a 403; another council's award type is a
404, never shown."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from common.viewcalls import message_call, submitted
from councils import access
from councils.access import Capability
from councils.audit import history_for
from councils.models import Council
from nominations import award_services, selectors
from nominations.award_forms import AwardRateForm, AwardTypeForm
from nominations.models import AwardRate, AwardType
from nominations.naming import nominee_name


def _administered(request: HttpRequest) -> set[int]:
    councils = access.councils_where(request.user, Capability.ADMINISTER)
    if not councils:
        raise PermissionDenied
    return councils


def _award_type(request: HttpRequest, pk: int) -> AwardType:
    award_type = get_object_or_404(
        AwardType.objects.select_related("council__parent", "prerequisite", "parent_award_type__council"),
        pk=pk,
        council_id__in=_administered(request),
    )
    access.require_page(request.user, Capability.ADMINISTER, award_type.council_id)
    return award_type


@login_required
@require_GET
def award_list(request: HttpRequest) -> HttpResponse:
    councils = _administered(request)
    award_types = (
        AwardType.objects.filter(council_id__in=councils)
        .select_related("council", "parent_award_type")
        .order_by("council__name", "-is_active", "name_vi")
    )
    page = Paginator(award_types, 30).get_page(request.GET.get("page"))
    return render(request, "nominations/awards/list.html", {"page": page, "many_councils": len(councils) > 1})


@login_required
def award_create(request: HttpRequest) -> HttpResponse:
    councils = Council.objects.filter(pk__in=_administered(request)).order_by("name")
    form = AwardTypeForm(request.POST or None, councils=councils)
    created: dict[str, AwardType] = {}

    def call() -> AwardType:
        created["award"] = award_services.award_type_create(
            actor=request.user, council=form.cleaned_data["council"], **form.fields_for_service()
        )
        return created["award"]

    if submitted(request, form, call, success=_("Đã thêm hình thức khen thưởng.")):
        return redirect("nominations:award_rates", pk=created["award"].pk)
    return render(request, "nominations/awards/form.html", {"form": form, "award_type": None})


@login_required
def award_edit(request: HttpRequest, pk: int) -> HttpResponse:
    award_type = _award_type(request, pk)
    form = AwardTypeForm(
        request.POST or None, councils=None, award_type=award_type, initial=AwardTypeForm.initial_for(award_type)
    )
    if submitted(
        request,
        form,
        lambda: award_services.award_type_update(
            actor=request.user, award_type=award_type, **form.fields_for_service()
        ),
        success=_("Đã lưu hình thức khen thưởng."),
    ):
        return redirect("nominations:award_edit", pk=award_type.pk)
    context: dict[str, Any] = {
        "form": form,
        "award_type": award_type,
        "history": history_for(award_type),
        "household_example": award_type.household_name("Nguyễn Văn An", "male"),
        "too_long_lines": [
            (line, nominee_name(line), line.length)  # type: ignore[attr-defined]
            for line in selectors.lines_too_long_for(award_type=award_type)
        ],
    }
    return render(request, "nominations/awards/form.html", context)


@login_required
@require_POST
def award_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    award_type = _award_type(request, pk)
    message_call(
        request,
        lambda: award_services.award_type_deactivate(actor=request.user, award_type=award_type),
        success=_("Đã ngừng áp dụng hình thức này: các đợt xét mới không dùng nó nữa."),
    )
    return redirect("nominations:award_edit", pk=award_type.pk)


@login_required
@require_POST
def award_delete(request: HttpRequest, pk: int) -> HttpResponse:
    award_type = _award_type(request, pk)
    ok, _result = message_call(
        request,
        lambda: award_services.award_type_delete(actor=request.user, award_type=award_type),
        success=_("Đã xoá hình thức khen thưởng."),
    )
    if ok:
        return redirect("nominations:award_list")
    return redirect("nominations:award_edit", pk=award_type.pk)


def _rates_page(request: HttpRequest, award_type: AwardType, form: AwardRateForm, rate: AwardRate | None) -> Any:
    rates = award_type.rates.order_by("nominee_kind", "-valid_from")
    context = {"award_type": award_type, "form": form, "rates": rates, "rate": rate}
    return render(request, "nominations/awards/rates.html", context)


@login_required
def award_rates(request: HttpRequest, pk: int) -> HttpResponse:
    award_type = _award_type(request, pk)
    form = AwardRateForm(request.POST or None, award_type=award_type)
    if submitted(
        request,
        form,
        lambda: award_services.award_rate_create(actor=request.user, award_type=award_type, **form.cleaned_data),
        success=_("Đã thêm mức tiền thưởng."),
    ):
        return redirect("nominations:award_rates", pk=award_type.pk)
    return _rates_page(request, award_type, form, None)


@login_required
def award_rate_edit(request: HttpRequest, pk: int, rate_pk: int) -> HttpResponse:
    award_type = _award_type(request, pk)
    rate = get_object_or_404(AwardRate.objects.select_related("award_type"), pk=rate_pk, award_type=award_type)
    form = AwardRateForm(request.POST or None, award_type=award_type, initial=AwardRateForm.initial_for(rate))
    if submitted(
        request,
        form,
        lambda: award_services.award_rate_update(actor=request.user, rate=rate, **form.cleaned_data),
        success=_("Đã lưu mức tiền thưởng."),
    ):
        return redirect("nominations:award_rates", pk=award_type.pk)
    return _rates_page(request, award_type, form, rate)
