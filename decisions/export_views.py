"""Excel workbooks of a decision's list, of the decisions and of the honours registry: the rows
each page shows, with its access checks and filters, all of them rather than a page
(``common.exports``)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from common.exports import with_query, xlsx_export
from common.ratelimits import ratelimited
from councils import access
from decisions import selectors as dsel
from decisions.models import Decision, DecisionLine, DecisionStatus, Honour
from decisions.views import decisions_listed, line_query
from nominations.naming import nominee_name, position_unit
from printing import formats as docformat
from printing.spreadsheet import TableColumn


@login_required
@ratelimited("pdf")
@require_safe
def decision_list_xlsx(request: HttpRequest) -> HttpResponse:
    """The decisions list (``decision_list``) with its status filter."""
    decisions, status = decisions_listed(request)
    subtitle = _("Trạng thái") + ": " + str(DecisionStatus(status).label) if status else ""
    columns = [
        TableColumn(_("Số")),
        TableColumn(_("Trích yếu")),
        TableColumn(_("Đợt")),
        TableColumn(_("Ngày ký"), "date"),
        TableColumn(_("Số dòng"), "int"),
        TableColumn(_("Tiền thưởng (đồng)"), "money"),
        TableColumn(_("Trạng thái")),
    ]

    def cells(decision: Decision) -> list[Any]:
        return [
            docformat.number_reference(decision.number, decision.symbol),
            decision.subject,
            decision.round.name if decision.round else "",
            decision.signed_on,
            decision.line_count,  # type: ignore[attr-defined]
            decision.total or None,  # type: ignore[attr-defined]
            decision.get_status_display(),
        ]

    return xlsx_export(
        request,
        title=_("Quyết định khen thưởng"),
        subtitle=subtitle,
        columns=columns,
        rows=decisions,
        cells=cells,
        back=with_query(reverse("decisions:decision_list"), request),
    )


@login_required
@ratelimited("pdf")
@require_safe
def decision_lines_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """The decision's list (``decision_page``): its name search and award type filter."""
    decision = dsel.decision_get_for_user(user=request.user, pk=pk)
    query, award_id = line_query(request)
    filtered = bool(query or award_id)
    rows = dsel.decision_line_rows(decision=decision, query=query, award_id=award_id)
    columns = [
        TableColumn(_("TT"), "number"),
        TableColumn(_("Họ và tên / tên tập thể")),
        TableColumn(_("Chức vụ, đơn vị")),
        TableColumn(_("Hình thức")),
        TableColumn(_("Thành tích")),
        TableColumn(_("Tiền thưởng (đồng)"), "money"),
    ]
    counter = iter(range(1, 10**9))

    def cells(row: DecisionLine) -> list[Any]:
        number = next(counter)
        return [
            row.position if filtered else number,
            nominee_name(row.line),
            position_unit(row.line),
            row.line.award_type.name,
            row.achievement,
            row.amount or None,
        ]

    reference = docformat.number_reference(decision.number, decision.symbol)
    total = dsel.decision_total(decision=decision) if not filtered else None
    return xlsx_export(
        request,
        title=_("Danh sách kèm theo Quyết định %(reference)s") % {"reference": reference.strip()},
        subtitle=decision.subject,
        columns=columns,
        rows=rows,
        cells=cells,
        totals=[None, _("Tổng cộng"), None, None, None, total] if total else None,
        back=with_query(reverse("decisions:decision_detail", kwargs={"pk": decision.pk}), request),
        creator=decision.council.name,
    )


def _honour_columns() -> list[TableColumn]:
    return [
        TableColumn(_("Năm"), "number"),
        TableColumn(_("Đối tượng")),
        TableColumn(_("Hình thức / danh hiệu")),
        TableColumn(_("Mã")),
        TableColumn(_("Quyết định")),
        TableColumn(_("Ngày"), "date"),
    ]


def _reference_and_date(honour: Honour, *, own_council_only: bool) -> tuple[str, Any, bool]:
    """The honour's decision as the registry pages show it: this council's, or the higher one's."""
    decision = honour.decision
    if decision is not None and (not own_council_only or decision.council_id == honour.council_id):
        return docformat.number_reference(decision.number, decision.symbol), decision.signed_on, False
    return honour.external_reference, honour.external_date, True


@login_required
@ratelimited("pdf")
@require_safe
def registry_for_unit_xlsx(request: HttpRequest) -> HttpResponse:
    """A unit's own awards in the registry (``registry_for_unit``): nothing of another unit's."""
    if not access.unit_ids(request.user):
        raise Http404
    columns = [*_honour_columns(), TableColumn(_("Cấp quyết định")), TableColumn(_("Đơn vị đề nghị"))]

    def cells(honour: Honour) -> list[Any]:
        reference, day, higher = _reference_and_date(honour, own_council_only=True)
        return [
            honour.year,
            nominee_name(honour.source_line) if honour.source_line else str(honour),
            honour.award_type.name,
            honour.award_type.code,
            reference,
            day,
            _("cấp trên") if higher and reference else "",
            honour.source_line.nomination.unit_name if honour.source_line else "",
        ]

    return xlsx_export(
        request,
        title=_("Sổ khen thưởng của đơn vị"),
        columns=columns,
        rows=dsel.honours_for_units(user=request.user),
        cells=cells,
        back=with_query(reverse("decisions:registry_for_unit"), request),
    )


@login_required
@ratelimited("pdf")
@require_safe
def registry_holder_xlsx(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """A holder's award history (``registry_holder``), for a council whose registry the user keeps."""
    holder = dsel.holder_get_for_user(user=request.user, kind=kind, pk=pk)
    name = holder.full_name if kind == "person" else str(holder)  # type: ignore[union-attr]

    def cells(honour: Honour) -> list[Any]:
        reference, day, _higher = _reference_and_date(honour, own_council_only=False)
        return [honour.year, name, honour.award_type.name, honour.award_type.code, reference, day]

    return xlsx_export(
        request,
        title=_("Quá trình khen thưởng – %(name)s") % {"name": name},
        subtitle=holder.unit.name if holder.unit else "",
        columns=_honour_columns(),
        rows=dsel.honours_for_holder(kind=kind, holder=holder),
        cells=cells,
        back=with_query(reverse("decisions:registry_holder", kwargs={"kind": kind, "pk": holder.pk}), request),
    )
