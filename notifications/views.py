"""The in-app inbox, the channel choices and the secretariat's failed
deliveries. Views check access, validate a form, call a service, redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from common.viewcalls import message_call, submitted
from notifications import selectors, services
from notifications.forms import PreferencesForm
from notifications.models import Delivery

PAGE_SIZE = 30


def is_local_path(url: str) -> bool:
    """A path of this site ("/dossiers/1/"), never another site ("//evil", "/\\evil", "https://...")."""
    return (
        url.startswith("/")
        and not url.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(url, allowed_hosts=None)
    )


@login_required
def notice_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notice_list_for_user(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/pages/notice_list.html", {"page": page})


@login_required
@require_GET
def notice_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the notice read and go to what it is about (only on this site)."""
    notice = selectors.notice_get_for_user(user=request.user, pk=pk)
    if notice is None:
        raise Http404
    services.notice_mark_read(user=request.user, notice_ids=[notice.pk])
    if is_local_path(notice.url):
        return redirect(notice.url)
    return redirect("notifications:list")


@login_required
@require_POST
def notice_read_all(request: HttpRequest) -> HttpResponse:
    count = services.notice_mark_read(user=request.user)
    if count:
        messages.success(request, _("Đã đánh dấu %(count)s thông báo là đã đọc.") % {"count": count})
    else:
        messages.info(request, _("Không có thông báo nào chưa đọc."))
    return redirect("notifications:list")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    form = PreferencesForm(
        request.POST if request.method == "POST" else None,
        rows=selectors.preferences_for_user(request.user),
        initial={"language": request.user.language},  # type: ignore[union-attr]
    )
    if submitted(
        request,
        form,
        lambda: services.preferences_save(
            user=request.user, language=form.cleaned_data["language"], choices=form.choices()
        ),
        success=_("Đã lưu tuỳ chọn nhận thông báo."),
    ):
        return redirect("notifications:preferences")
    return render(request, "notifications/pages/preferences.html", {"form": form})


def _ensure_delivery_manager(request: HttpRequest) -> None:
    if not selectors.delivery_councils_for_user(request.user):
        raise PermissionDenied(_("Chỉ thường trực hoặc quản trị hội đồng xem được thông báo gửi lỗi."))


@login_required
def delivery_failed_list(request: HttpRequest) -> HttpResponse:
    _ensure_delivery_manager(request)
    page = Paginator(selectors.failed_deliveries_for_user(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/pages/failed_list.html", {"page": page})


@login_required
@require_POST
def delivery_retry(request: HttpRequest, pk: int) -> HttpResponse:
    _ensure_delivery_manager(request)
    delivery = get_object_or_404(Delivery, pk=pk)
    message_call(
        request,
        lambda: services.delivery_retry(delivery=delivery, actor=request.user),
        success=_("Đã đưa thông báo vào hàng chờ gửi lại."),
    )
    return redirect("notifications:failed")
