"""The security event log's pages (``/setup/<council>/security-events/`` for the council's own
admin, ``/setup/security-events/`` for the superuser) and the password change page, which
records each change in that log.  Who may read: ``access.may_read_security_events``; anyone
else gets a 404, as on the other setup pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from councils import access
from councils.models import Council, SecurityEventKind, SecurityOutcome
from councils.security import security_event, security_events_for

PAGE_SIZE = 50
DATE_INPUTS = ["%d/%m/%Y", "%Y-%m-%d"]


class SecurityEventFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Sự kiện"), required=False, choices=[("", _("Tất cả"))] + list(SecurityEventKind.choices)
    )
    day_from = forms.DateField(
        label=_("Từ ngày"), required=False, input_formats=DATE_INPUTS, widget=forms.DateInput(format="%d/%m/%Y")
    )
    day_until = forms.DateField(
        label=_("Đến ngày"), required=False, input_formats=DATE_INPUTS, widget=forms.DateInput(format="%d/%m/%Y")
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("day_from") and data.get("day_until") and data["day_from"] > data["day_until"]:
            raise forms.ValidationError(_("“Từ ngày” phải trước hoặc bằng “Đến ngày”."))
        return data


def _page(request: HttpRequest, council: Council | None) -> HttpResponse:
    form = SecurityEventFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        filters = {key: value for key, value in form.cleaned_data.items() if value}
    events = security_events_for(council_id=council.pk if council is not None else None, **filters)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "councils/setup/security_events.html",
        {"council": council, "form": form, "page": page, "query": query.urlencode()},
    )


@login_required
@require_GET
def security_events(request: HttpRequest, council_pk: int) -> HttpResponse:
    if not access.may_read_security_events(request.user, council_pk):
        raise Http404
    return _page(request, get_object_or_404(Council, pk=council_pk))


@login_required
@require_GET
def security_events_all(request: HttpRequest) -> HttpResponse:
    if not access.may_read_security_events(request.user, None):
        raise Http404
    return _page(request, None)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's own page; a change, and a wrong current password, go to the security log."""

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        security_event(SecurityEventKind.PASSWORD_CHANGE, actor=self.request.user, request=self.request)
        return response

    def form_invalid(self, form: Any) -> HttpResponse:
        if "old_password" in form.errors:
            security_event(
                SecurityEventKind.PASSWORD_CHANGE,
                actor=self.request.user,
                request=self.request,
                outcome=SecurityOutcome.FAILURE,
                detail=_("mật khẩu hiện tại không đúng"),
            )
        return super().form_invalid(form)
