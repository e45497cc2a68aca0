"""Excel workbooks of a dossier's lines and of a session's results: the rows the page shows, with
its access checks, search and filters, all of them rather than a page (``common.exports``)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from common.exports import TooManyRows, bounded, too_many_rows, with_query, xlsx_export
from common.ratelimits import ratelimited
from decisions.models import AgendaItem
from decisions.outcomes import LineOutcome
from decisions.services.results import session_results
from nominations import selectors as nomination_selectors
from nominations.models import NominationLine
from printing.spreadsheet import TableColumn
from workflows import session_selectors
from workflows.dossier_results import dossier_results
from workflows.forms import LineFilterForm
from workflows.session_views import _session


def _outcome_text(outcome: LineOutcome | None) -> str:
    if outcome is None:
        return ""
    text = outcome.label
    if outcome.reason:
        text += " – " + _("Lý do:") + " " + outcome.reason
    return text


def _decision_text(outcome: LineOutcome | None) -> str:
    if outcome is None:
        return ""
    if outcome.decision is not None:
        reference = outcome.decision_reference
        return f"{reference} ({outcome.decision_date})" if outcome.decision_date else reference
    if outcome.higher_reference:
        date = outcome.higher_date_text
        return f"{outcome.higher_reference} ({date})" if date else outcome.higher_reference
    return ""


@login_required
@ratelimited("pdf")
@require_safe
def dossier_lines_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """The dossier's lines as its page finds them (``dossier_detail``): a dossier the user may
    not see is a 404, the page's name search and award type filter apply."""
    nomination = nomination_selectors.nomination_get_for_user(user=request.user, pk=pk)
    totals = nomination_selectors.nomination_line_totals(nomination=nomination)
    line_filter = LineFilterForm(request.GET or None, award_types=[award_type for award_type, _count in totals])
    query, award_type_id = line_filter.values()
    back = with_query(reverse("workflows:dossier_detail", kwargs={"pk": nomination.pk}), request)
    try:
        lines: list[NominationLine] = bounded(
            nomination_selectors.nomination_lines_matching(
                nomination=nomination, query=query, award_type_id=award_type_id
            )
        )
    except TooManyRows:
        return too_many_rows(request, back)
    results = dossier_results(user=request.user, nomination=nomination, lines=lines)
    columns = [
        TableColumn(_("TT"), "number"),
        TableColumn(_("Đối tượng")),
        TableColumn(_("Loại đối tượng")),
        TableColumn(_("Ngày sinh"), "date"),
        TableColumn(_("Chức vụ")),
        TableColumn(_("Địa chỉ")),
        TableColumn(_("Hình thức")),
        TableColumn(_("Mã hình thức")),
        TableColumn(_("Thành tích")),
        TableColumn(_("Phương thức")),
        TableColumn(_("Nhóm đối tượng")),
        TableColumn(_("Trả lại")),
    ]
    if results.outcomes:
        columns += [
            TableColumn(_("Kết quả")),
            TableColumn(_("Quyết định")),
            TableColumn(_("Tiền thưởng (đồng)"), "money"),
        ]

    def cells(line: NominationLine) -> list[Any]:
        person, household = line.person, line.household
        row = [
            line.position,
            str(line.nominee or ""),
            line.get_nominee_kind_display(),
            # a year known alone is written as its text ("1970"), not as a date of 1 January
            (person.birth_text if person.birth_year_only else person.birth_date) if person else None,
            person.position if person else "",
            household.address if household else "",
            line.award_type.name,
            line.award_type.code,
            line.achievement,
            line.get_method_display(),
            line.get_subject_category_display(),
            line.return_reason,
        ]
        if results.outcomes:
            outcome = results.outcomes.get(line.pk)
            awarded = outcome is not None and outcome.awarded and outcome.decision_line is not None
            row += [
                _outcome_text(outcome),
                _decision_text(outcome),
                outcome.decision_line.amount if awarded and outcome and outcome.decision_line else None,
            ]
        return row

    return xlsx_export(
        request,
        title=_("Danh sách đề nghị – %(title)s") % {"title": nomination.title},
        subtitle=f"{nomination.unit_name} · {nomination.round.name}",
        columns=columns,
        rows=lines,
        cells=cells,
        back=back,
    )


@login_required
@ratelimited("pdf")
@require_safe
def session_results_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """The session's results as its page shows them (``session_results``): only after the close,
    to a role of the session's council, narrowed by the page's search and filters."""
    session, _rights = _session(request, pk, lambda rights: rights.any)
    if not session.results:
        return render(request, "workflows/sessions/results_not_yet.html", {"session": session}, status=403)
    results = session_results(session)
    filters = session_selectors.line_filters(request.GET)
    columns = [
        TableColumn(_("Hình thức")),
        TableColumn(_("TT"), "number"),
        TableColumn(_("Đối tượng")),
        TableColumn(_("Đơn vị")),
        TableColumn(_("Đồng ý"), "int"),
        TableColumn(_("Không đồng ý"), "int"),
        TableColumn(_("Không biểu quyết"), "int"),
        TableColumn(_("Không tham gia"), "int"),
        TableColumn(_("Không bỏ phiếu"), "int"),
        TableColumn(_("Cơ sở tính"), "int"),
        TableColumn(_("Tỷ lệ đồng ý"), "percent"),
        TableColumn(_("Kết quả")),
    ]

    def cells(item: AgendaItem) -> list[Any]:
        result = results[item.pk]
        if result.passed:
            outcome = _("Đạt")
        elif result.reason == "required_line_failed":
            outcome = _("Không đạt") + " – " + _("Danh hiệu bắt buộc xét cùng phiên không đạt.")
        else:
            outcome = _("Không đạt")
        return [
            f"{item.line.award_type.name} ({item.line.award_type.code})",
            item.position,
            str(item.line.nominee or ""),
            item.line.nomination.unit_name,
            result.agree,
            result.disagree,
            result.blank,
            result.recused,
            result.not_voted,
            result.base,
            float(result.percent) / 100,
            outcome,
        ]

    back = with_query(reverse("workflows:session_results", kwargs={"pk": session.pk}), request)
    try:
        items = [item for item in bounded(session_selectors.session_line_rows(session, filters)) if item.pk in results]
    except TooManyRows:
        return too_many_rows(request, back)
    held = timezone.localtime(session.held_at).strftime("%d/%m/%Y") if session.held_at else ""
    return xlsx_export(
        request,
        title=_("Kết quả bỏ phiếu"),
        subtitle=f"{session.council.name} · {session.round.name}" + (f" · {held}" if held else ""),
        columns=columns,
        rows=items,
        cells=cells,
        back=back,
    )
