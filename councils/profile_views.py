"""The council's profile page (the names its papers print, the symbols of its numbers, the "Nơi
nhận" list, the money rounding, the quorum, the paper ballots' second officer, its change
history) and the people who sign its decisions.

Who may: ``Capability.ADMINISTER`` of ``councils.access`` (a parent's admin also holds it below);
any other council's pages are a 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext

from common.viewcalls import message_call, submitted
from councils import access, profile_selectors, profile_services
from councils.access import Capability
from councils.audit import history_for
from councils.models import Council, CouncilSigner
from councils.profile_forms import CouncilProfileForm, SignerForm


def _administered(request: HttpRequest, council_pk: int) -> Council:
    if not access.can(request.user, Capability.ADMINISTER, council_pk):
        raise Http404
    return get_object_or_404(Council, pk=council_pk)


def _signer(request: HttpRequest, pk: int) -> CouncilSigner:
    signer = get_object_or_404(CouncilSigner.objects.select_related("council"), pk=pk)
    if not access.can(request.user, Capability.ADMINISTER, signer.council_id):
        raise Http404
    return signer


@login_required
def profile(request: HttpRequest, council_pk: int) -> HttpResponse:
    council = _administered(request, council_pk)
    form = CouncilProfileForm(request.POST or None, initial=CouncilProfileForm.initial_for(council))
    if submitted(
        request,
        form,
        lambda: profile_services.council_profile_update(actor=request.user, council=council, **form.cleaned_data),
        success=gettext("Đã lưu thông tin hội đồng."),
    ):
        return redirect("councils:profile", council_pk=council.pk)
    return render(
        request,
        "councils/setup/profile.html",
        {
            "council": council,
            "form": form,
            "signers": profile_selectors.signers_of(council),
            "history": history_for(council),
        },
    )


@login_required
def signer_create(request: HttpRequest, council_pk: int) -> HttpResponse:
    council = _administered(request, council_pk)
    form = SignerForm(request.POST or None, initial={"is_active": True, "position": 10})
    if submitted(
        request,
        form,
        lambda: profile_services.signer_create(actor=request.user, council=council, **form.cleaned_data),
        success=gettext("Đã thêm người ký."),
    ):
        return redirect("councils:profile", council_pk=council.pk)
    return render(request, "councils/setup/profile_signer.html", {"council": council, "form": form, "signer": None})


@login_required
def signer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A signer's form and history; the button ``action=delete`` posts here too."""
    signer = _signer(request, pk)
    council = signer.council
    if request.method == "POST" and request.POST.get("action") == "delete":
        ok, _done = message_call(
            request,
            lambda: profile_services.signer_delete(actor=request.user, signer=signer),
            success=gettext("Đã xoá người ký."),
        )
        if ok:
            return redirect("councils:profile", council_pk=council.pk)
        return redirect("councils:signer_edit", pk=signer.pk)
    form = SignerForm(request.POST or None, initial=SignerForm.initial_for(signer))
    if submitted(
        request,
        form,
        lambda: profile_services.signer_update(actor=request.user, signer=signer, **form.cleaned_data),
        success=gettext("Đã lưu người ký."),
    ):
        return redirect("councils:profile", council_pk=council.pk)
    return render(
        request,
        "councils/setup/profile_signer.html",
        {"council": council, "form": form, "signer": signer, "history": history_for(signer)},
    )
