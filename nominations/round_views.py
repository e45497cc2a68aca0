"""The council's round setup pages (secretariat and council admin): list, create, copy
last year's, edit a draft, open, extend, close, quotas per unit.  A user who manages
no council's rounds gets a 403; another council's round is a 404, never shown."""

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
from councils.models import Council, Unit
from nominations import round_services
from nominations.models import Round
from nominations.round_forms import ExtendForm, QuotaForm, RoundForm


def _managed_councils(request: HttpRequest) -> set[int]:
    councils = access.councils_where(request.user, Capability.MANAGE_ROUNDS)
    if not councils:
        raise PermissionDenied
    return councils


def _round(request: HttpRequest, pk: int) -> Round:
    return get_object_or_404(Round.objects.select_related("council"), pk=pk, council_id__in=_managed_councils(request))


@login_required
@require_GET
def round_list(request: HttpRequest) -> HttpResponse:
    councils = _managed_councils(request)
    rounds = Round.objects.filter(council_id__in=councils).select_related("council").order_by("-year", "-opens_at")
    page = Paginator(rounds, 20).get_page(request.GET.get("page"))
    return render(request, "nominations/rounds/list.html", {"page": page, "many_councils": len(councils) > 1})


@login_required
def round_create(request: HttpRequest) -> HttpResponse:
    councils = Council.objects.filter(pk__in=_managed_councils(request)).order_by("name")
    form = RoundForm(request.POST or None, councils=councils)
    created: dict[str, Round] = {}

    def call() -> Round:
        created["round"] = round_services.round_create(actor=request.user, **form.cleaned_data)
        return created["round"]

    if submitted(request, form, call, success=_("Đã tạo đợt xét (đang soạn, chưa mở).")):
        return redirect("nominations:round_quotas", pk=created["round"].pk)
    return render(request, "nominations/rounds/form.html", {"form": form, "round": None})


@login_required
def round_copy(request: HttpRequest, pk: int) -> HttpResponse:
    source = _round(request, pk)
    if request.method == "POST":
        ok, copy = message_call(
            request,
            lambda: round_services.round_copy(actor=request.user, source=source),
            success=_("Đã sao chép đợt xét sang năm sau (đang soạn, chưa mở)."),
        )
        if ok:
            return redirect("nominations:round_edit", pk=copy.pk)
        return redirect("nominations:round_list")
    context: dict[str, Any] = {
        "source": source,
        "offers": source.offers.select_related("award_type").order_by("award_type__name_vi"),
        "quota_count": source.quotas.count(),
        "opens_at": round_services.one_year_later(source.opens_at),
        "closes_at": round_services.one_year_later(source.closes_at),
        "year": source.year + 1,
    }
    return render(request, "nominations/rounds/copy.html", context)


@login_required
def round_edit(request: HttpRequest, pk: int) -> HttpResponse:
    round = _round(request, pk)
    if not round.is_editable:
        raise PermissionDenied(_("Đợt xét đã mở: không sửa được nữa, chỉ gia hạn hoặc đóng đợt."))
    form = RoundForm(request.POST or None, councils=None, round=round, initial=RoundForm.initial_for(round))
    if submitted(
        request,
        form,
        lambda: round_services.round_update(actor=request.user, round=round, **form.cleaned_data),
        success=_("Đã lưu đợt xét."),
    ):
        return redirect("nominations:round_list")
    return render(request, "nominations/rounds/form.html", {"form": form, "round": round})


@login_required
@require_POST
def round_open(request: HttpRequest, pk: int) -> HttpResponse:
    round = _round(request, pk)
    message_call(
        request, lambda: round_services.round_open(actor=request.user, round=round), success=_("Đã mở đợt xét.")
    )
    return redirect("nominations:round_list")


@login_required
def round_extend(request: HttpRequest, pk: int) -> HttpResponse:
    round = _round(request, pk)
    form = ExtendForm(request.POST or None, initial={"closes_at": round.closes_at})
    if submitted(
        request,
        form,
        lambda: round_services.round_extend(actor=request.user, round=round, **form.cleaned_data),
        success=_("Đã gia hạn nộp hồ sơ và báo cho các đơn vị."),
    ):
        return redirect("nominations:round_list")
    return render(request, "nominations/rounds/extend.html", {"form": form, "round": round})


@login_required
@require_POST
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    round = _round(request, pk)
    message_call(
        request, lambda: round_services.round_close(actor=request.user, round=round), success=_("Đã đóng đợt xét.")
    )
    return redirect("nominations:round_list")


@login_required
def round_quotas(request: HttpRequest, pk: int) -> HttpResponse:
    round = _round(request, pk)
    units = list(Unit.objects.filter(council_id=round.council_id, is_active=True).order_by("name"))
    awards = [offer.award_type for offer in round.offers.select_related("award_type").order_by("award_type__name_vi")]
    initial = {(quota.unit_id, quota.award_type_id): quota.quota for quota in round.quotas.all()}
    form = QuotaForm(request.POST or None, units=units, award_types=awards, initial_quotas=initial)
    if submitted(
        request,
        form,
        lambda: round_services.round_quotas_set(actor=request.user, round=round, quotas=form.quotas()),
        success=_("Đã lưu chỉ tiêu của các đơn vị."),
    ):
        return redirect("nominations:round_list")
    rows = [(unit, [form[name] for name in names]) for unit, names in form.rows]
    return render(
        request, "nominations/rounds/quotas.html", {"form": form, "round": round, "rows": rows, "awards": awards}
    )
