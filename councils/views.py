"""The secretariat's and the council admin's pages for unit accounts."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.viewcalls import form_call, message_call
from councils import access, services, two_factor
from councils.access import Capability
from councils.forms import UnitUserForm
from councils.login_selectors import login_locked_usernames
from councils.models import Unit, UnitMembership, User
from councils.reauth import require_recent_auth


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
    locked = login_locked_usernames(m.user.username for m in memberships)
    resettable = two_factor.second_factor_resettable_ids(request.user, (m.user for m in memberships))
    response = render(
        request,
        "councils/unit_accounts.html",
        {
            "form": form,
            "memberships": memberships,
            "issued": issued,
            "locked": locked,
            "second_factor_resettable": resettable,
        },
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
@require_recent_auth(back=lambda request, user_pk: reverse("councils:unit_accounts"))
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


@login_required
@require_POST
def unit_account_unlock(request: HttpRequest, user_pk: int) -> HttpResponse:
    units = _managed_units(request)
    if not UnitMembership.objects.filter(unit__in=units, user_id=user_pk).exists():
        raise Http404
    user = get_object_or_404(User, pk=user_pk)
    message_call(
        request,
        lambda: services.account_unlock(actor=request.user, user=user),
        success=_("Đã mở khoá đăng nhập cho tài khoản “%(username)s”; người dùng đăng nhập lại được ngay.")
        % {"username": user.username},
    )
    return redirect("councils:unit_accounts")
