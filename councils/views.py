"""The secretariat's and the council admin's pages for unit accounts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
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


@login_required
def unit_accounts(request: HttpRequest) -> HttpResponse:
    units = _managed_units(request)
    form = UnitUserForm(request.POST or None, units=units)
    created_password = None
    if request.method == "POST" and form.is_valid():
        ok, created = form_call(form, lambda: services.unit_user_create(actor=request.user, **form.cleaned_data))
        if ok:
            user, created_password = created
            messages.success(
                request,
                _(
                    "Đã tạo tài khoản “%(username)s”. Mật khẩu tạm thời: %(password)s — hãy trao cho đơn vị và đề nghị đổi ngay."
                )
                % {"username": user.username, "password": created_password},
            )
            return redirect("councils:unit_accounts")
    memberships = (
        UnitMembership.objects.filter(unit__in=units)
        .select_related("unit", "user")
        .order_by("unit__name", "user__username")
    )
    return render(request, "councils/unit_accounts.html", {"form": form, "memberships": memberships})


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
        messages.success(
            request,
            _("Đã đặt lại mật khẩu cho “%(username)s”. Mật khẩu tạm thời: %(password)s")
            % {"username": user.username, "password": password},
        )
    return redirect("councils:unit_accounts")
