"""The campaign setup pages (form 0601.N/BNV-TĐKT): list, create, edit and delete a council's
emulation campaigns.  ``Capability.ADMINISTER``; another council's is a 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from common.viewcalls import message_call, submitted
from councils import access
from councils.access import Capability
from councils.models import Council
from decisions import campaign_services as services
from decisions.campaign_forms import CampaignForm
from decisions.models import Campaign


def _administered(request: HttpRequest, council_pk: int) -> Council:
    if not access.can(request.user, Capability.ADMINISTER, council_pk):
        raise Http404
    return get_object_or_404(Council, pk=council_pk)


def _list_url(council_id: int) -> str:
    return reverse("decisions:campaign_list", args=[council_id])


@login_required
@require_GET
def campaign_list(request: HttpRequest, council_pk: int) -> HttpResponse:
    council = _administered(request, council_pk)
    campaigns = Campaign.objects.filter(council=council).prefetch_related("rounds")
    page = Paginator(campaigns, 50).get_page(request.GET.get("page"))
    return render(request, "decisions/campaigns/list.html", {"council": council, "campaigns": page})


@login_required
def campaign_create(request: HttpRequest, council_pk: int) -> HttpResponse:
    council = _administered(request, council_pk)
    form = CampaignForm(request.POST or None, council=council)
    if submitted(
        request,
        form,
        lambda: services.campaign_create(actor=request.user, council=council, **form.cleaned_data),
        success=gettext("Đã thêm phong trào thi đua."),
    ):
        return redirect(_list_url(council.pk))
    return render(
        request,
        "decisions/campaigns/form.html",
        {"council": council, "form": form, "campaign": None, "list_url": _list_url(council.pk)},
    )


@login_required
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The campaign's form; ``action=delete`` posts here too."""
    campaign = get_object_or_404(Campaign.objects.select_related("council"), pk=pk)
    if not access.can(request.user, Capability.ADMINISTER, campaign.council_id):
        raise Http404
    if request.method == "POST" and request.POST.get("action") == "delete":
        ok, _done = message_call(
            request,
            lambda: services.campaign_delete(actor=request.user, campaign=campaign),
            success=gettext("Đã xoá phong trào thi đua."),
        )
        return redirect(_list_url(campaign.council_id) if ok else reverse("decisions:campaign_edit", args=[pk]))
    form = CampaignForm(request.POST or None, instance=campaign, council=campaign.council)
    if submitted(
        request,
        form,
        lambda: services.campaign_update(actor=request.user, campaign=campaign, **form.cleaned_data),
        success=gettext("Đã lưu phong trào thi đua."),
    ):
        return redirect(_list_url(campaign.council_id))
    return render(
        request,
        "decisions/campaigns/form.html",
        {
            "council": campaign.council,
            "form": form,
            "campaign": campaign,
            "list_url": _list_url(campaign.council_id),
        },
    )
