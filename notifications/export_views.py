"""The failed deliveries as an Excel workbook: the rows of the secretariat's page
(``delivery_failed_list``), with its check, all of them rather than a page (``common.exports``)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from common.exports import with_query, xlsx_export
from common.ratelimits import ratelimited
from notifications import selectors
from notifications.models import Delivery
from notifications.views import _ensure_delivery_manager
from printing.spreadsheet import TableColumn


@login_required
@ratelimited("pdf")
@require_safe
def delivery_failed_xlsx(request: HttpRequest) -> HttpResponse:
    _ensure_delivery_manager(request)
    columns = [
        TableColumn(_("Người nhận")),
        TableColumn(_("Địa chỉ thư")),
        TableColumn(_("Thông báo")),
        TableColumn(_("Hội đồng")),
        TableColumn(_("Kênh")),
        TableColumn(_("Trạng thái")),
        TableColumn(_("Số lần thử"), "int"),
        TableColumn(_("Lỗi gần nhất")),
        TableColumn(_("Lúc"), "datetime"),
    ]

    def cells(delivery: Delivery) -> list[Any]:
        notice = delivery.notice
        recipient = notice.recipient
        return [
            recipient.get_full_name() or recipient.get_username(),
            recipient.email,
            notice.title,
            notice.council.name if notice.council else "",
            delivery.get_channel_display(),
            delivery.get_status_display(),
            delivery.attempts,
            delivery.last_error,
            delivery.created_at,
        ]

    return xlsx_export(
        request,
        title=_("Thông báo gửi lỗi"),
        columns=columns,
        rows=selectors.failed_deliveries_for_user(request.user),
        cells=cells,
        back=with_query(reverse("notifications:failed"), request),
    )
