"""The secretariat's and the council admin's pages for unit accounts."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from common.viewcalls import form_call, message_call
from councils import access, services
from councils.access import Capability
from councils.forms import UnitUserForm
from councils.models import Unit, UnitMembership, User


def _managed_units(request: HttpRequest) -> QuerySet[Unit]:
    councils = access.councils_where(request.user, Capability.MANAGE_ACCOUNTS)
    if not councils:
        raise PermissionDenied
    return Unit.objects.filter(council_id__in=councils, is_active=True).select_related("council")


def _accounts_page(request: HttpRequest, units: QuerySet[Unit], form: UnitUserForm, **issued: str) -> HttpResponse:
    """The accounts page; ``issued`` (username, password) shows a temporary password once, in
    this answer only: never in a message, the session, a cookie or a log."""
    memberships = (
        UnitMembership.objects.filter(unit__in=units)
        .select_related("unit", "user")
        .order_by("unit__name", "user__username")
    )
    response = render(
        request, "councils/unit_accounts.html", {"form": form, "memberships": memberships, "issued": issued}
    )
    if issued:
        response["Cache-Control"] = "no-store"
    return response


@login_required
def unit_accounts(request: HttpRequest) -> HttpResponse:
    units = _managed_units(request)
    form = UnitUserForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        ok, created = form_call(form, lambda: services.unit_user_create(actor=request.user, **form.cleaned_data))
        if ok:
            user, password = created
            return _accounts_page(request, units, UnitUserForm(units=units), username=user.username, password=password)
    return _accounts_page(request, units, form)


@login_required
@require_POST
def unit_account_reset(request: HttpRequest, user_pk: int) -> HttpResponse:
    units = _managed_units(request)
    membership = UnitMembership.objects.filter(unit__in=units, user_id=user_pk).select_related("user").first()
    if membership is None:
        raise Http404
    user = get_object_or_404(User, pk=user_pk)
    ok, password = message_call(request, lambda: services.unit_user_reset_password(actor=request.user, user=user))
    if ok:
        return _accounts_page(request, units, UnitUserForm(units=units), username=user.username, password=password)
    return redirect("councils:unit_accounts")
