"""The round's dashboard page (``workflows.dashboard``), for whoever reads the council's dossiers
(its secretariat, chairman and admin): a council's other roles get 403, everyone else 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from councils import access
from councils.access import Capability
from nominations.models import NominationStatus, Round
from printing.charts import PALETTE, Series, bar_chart, stacked_bar_chart
from workflows.dashboard import STATUSES, round_dashboard

#: the colour of each status in the charts and the table's legend
STATUS_COLOURS: dict[str, str] = {
    NominationStatus.DRAFT: PALETTE[6],
    NominationStatus.SUBMITTED: PALETTE[3],
    NominationStatus.RETURNED: PALETTE[1],
    NominationStatus.ACCEPTED: PALETTE[2],
    NominationStatus.WITHDRAWN: PALETTE[5],
}


def _readable_rounds(request: HttpRequest) -> list[Round]:
    councils = access.councils_where(request.user, Capability.READ_DOSSIERS)
    return list(
        Round.objects.filter(council_id__in=councils, is_draft=False)
        .select_related("council")
        .order_by("-opens_at", "-id")[:50]
    )


@login_required
@require_safe
def dashboard_latest(request: HttpRequest) -> HttpResponse:
    """The newest open round of the user's councils."""
    rounds = _readable_rounds(request)
    if not rounds:
        raise Http404
    return redirect("workflows:round_dashboard", pk=rounds[0].pk)


@login_required
@require_safe
def round_dashboard_page(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = Round.objects.select_related("council").filter(pk=pk, is_draft=False).first()
    if round_ is None:
        raise Http404
    if not access.can(request.user, Capability.READ_DOSSIERS, round_.council_id):
        if access.has_any_role(request.user, round_.council_id):
            raise PermissionDenied
        raise Http404
    board = round_dashboard(round_)
    series = [Series(str(NominationStatus(status).label), STATUS_COLOURS[status]) for status in STATUSES]
    unit_chart = stacked_bar_chart(
        _("Hồ sơ của từng đơn vị theo trạng thái"),
        series,
        [(row.name, [row.count(status) for status in STATUSES]) for row in board.units if sum(row.counts.values())],
    )
    award_chart = bar_chart(
        _("Số dòng đề nghị đã gửi theo hình thức"),
        [(f"{award.name} ({award.code})", count) for award, count in board.awards],
    )
    return render(
        request,
        "workflows/dashboard.html",
        {
            "board": board,
            "round": round_,
            "rounds": _readable_rounds(request),
            "statuses": [(status, NominationStatus(status).label, STATUS_COLOURS[status]) for status in STATUSES],
            "unit_rows": [
                (row, [(status, NominationStatus(status).label, row.count(status)) for status in STATUSES])
                for row in board.units
            ],
            "totals": [(status, NominationStatus(status).label, board.totals.get(status, 0)) for status in STATUSES],
            "units_sent": sum(1 for row in board.units if row.sent),
            # the builder escapes every text it draws (printing/charts.py)
            "unit_chart": mark_safe(unit_chart),  # noqa: S308
            "award_chart": mark_safe(award_chart),  # noqa: S308
        },
    )
