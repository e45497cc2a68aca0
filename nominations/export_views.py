"""The dossier list as an Excel workbook: the same dossiers as the page (``nomination_filter``:
what the user may see, narrowed by the page's search and filters), all of them, not a page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from common.exports import with_query, xlsx_export
from common.ratelimits import ratelimited
from nominations.models import Nomination
from nominations.views import nomination_filter
from printing.spreadsheet import TableColumn


def _filters_text(filterset: Any) -> str:
    """ "Tìm: khen thưởng · Trạng thái: Đã gửi · Đơn vị: Tiểu khu Trang Các" (the filters applied)."""
    form = filterset.form
    if not form.is_bound or not form.is_valid():
        return ""
    parts = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if value in (None, ""):
            continue
        if name == "status":
            value = dict(field.choices).get(value, value)
        parts.append(f"{field.label}: {value}")
    return " · ".join(str(part) for part in parts)


@login_required
@ratelimited("pdf")
@require_safe
def nomination_list_xlsx(request: HttpRequest) -> HttpResponse:
    filterset = nomination_filter(request)
    columns = [
        TableColumn(_("Trích yếu")),
        TableColumn(_("Đơn vị")),
        TableColumn(_("Đợt")),
        TableColumn(_("Số dòng"), "int"),
        TableColumn(_("Trạng thái")),
        TableColumn(_("Ngày gửi"), "date"),
    ]

    def cells(nomination: Nomination) -> list[Any]:
        return [
            nomination.title,
            nomination.unit_name,
            nomination.round.name,
            nomination.line_count,  # type: ignore[attr-defined]
            nomination.get_status_display(),
            nomination.submitted_at,
        ]

    return xlsx_export(
        request,
        title=_("Danh sách hồ sơ đề nghị"),
        subtitle=_filters_text(filterset),
        columns=columns,
        rows=filterset.qs,
        cells=cells,
        back=with_query(reverse("nominations:list"), request),
    )
