"""Forms 0601 and 0603.N/BNV-TĐKT (Thông tư 02/2023/TT-BNV) as PDF and spreadsheet downloads,
with the access check of the year-end annex (``documents.views``: the council's staff, their
own councils only; anyone else a 404).  ``?children=1`` sums the council's descendants."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from common.ratelimits import ratelimited
from decisions.tt02 import form_0601, form_0603
from documents.views import _checked_year, _chosen_council, _download, _staff_councils
from printing.tt02 import build_0601_pdf, build_0601_xlsx, build_0603_pdf, build_0603_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BUILDERS: dict[tuple[str, str], tuple[Callable[..., object], Callable[..., bytes], str]] = {
    ("0601", "pdf"): (form_0601, build_0601_pdf, "application/pdf"),
    ("0601", "xlsx"): (form_0601, build_0601_xlsx, XLSX),
    ("0603", "pdf"): (form_0603, build_0603_pdf, "application/pdf"),
    ("0603", "xlsx"): (form_0603, build_0603_xlsx, XLSX),
}


@login_required
@ratelimited("pdf")
@require_safe
def tt02_form(request: HttpRequest, year: int, form: str, fmt: str) -> HttpResponse:
    council = _chosen_council(request, _staff_councils(request))
    year = _checked_year(year)
    if (form, fmt) not in BUILDERS:
        raise Http404
    select, build, content_type = BUILDERS[(form, fmt)]
    data = select(council, year, include_children=request.GET.get("children") == "1")
    suffix = "-cong-cap-duoi" if request.GET.get("children") == "1" else ""
    return _download(build(data), content_type=content_type, filename=f"bieu-{form}-{year}{suffix}.{fmt}")
