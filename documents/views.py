"""Pages of the documents app.  Each view checks access first (a user with no
staff role in any council gets a 404, as the registry does), then reads through
a selector and hands plain data to a template or a builder."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from common.ratelimits import ratelimited
from councils import access
from councils.access import Capability
from councils.models import Council, CouncilLevel
from decisions.yearend import yearend_figures
from documents.forms import YearEndForm, year_range
from nominations.models import AwardMethod, AwardType, NomineeKind, SubjectCategory
from printing.charts import PALETTE, Series, stacked_bar_chart
from printing.data import DOCUMENT_LANGUAGE, Breakdown, FigureRow, SubjectRow, YearEndFigures
from printing.yearend import build_yearend_pdf, build_yearend_xlsx

# --- Year-end figures ---------------------------------------------------------------------


def _staff_councils(request: HttpRequest) -> list[Council]:
    """The councils whose figures the user may see: where the user is the secretariat,
    the chairman or an admin."""
    council_ids = access.councils_where(request.user, Capability.MANAGE_DECISIONS)
    if not council_ids:
        raise Http404
    return list(Council.objects.filter(pk__in=council_ids).order_by("name"))


def _chosen_council(request: HttpRequest, councils: list[Council]) -> Council:
    """The council asked for with ``?council=`` (404 if it is not one of the user's), else the first."""
    requested = request.GET.get("council", "")
    if not requested:
        return min(councils, key=lambda council: council.pk)
    chosen = [council for council in councils if str(council.pk) == requested]
    if not chosen:
        raise Http404
    return chosen[0]


def _checked_year(year: int) -> int:
    first, last = year_range(timezone.localdate().year)
    if not first <= year <= last:
        raise Http404(
            _("Năm %(year)s không hợp lệ: chỉ xem được số liệu từ năm %(first)s đến năm %(last)s.")
            % {
                "year": year,
                "first": first,
                "last": last,
            }
        )
    return year


def _level_label(key: str, own_level: str) -> str:
    levels = list(CouncilLevel.values)
    if key not in levels:
        return key
    name = str(CouncilLevel(key).label)
    if key == own_level:
        return _("%(level)s (thẩm quyền của Hội đồng)") % {"level": name}
    if own_level in levels and levels.index(key) > levels.index(own_level):
        return _("%(level)s (cấp trên)") % {"level": name}
    return name


def _award_names(figures: YearEndFigures) -> dict[tuple[str, str], str]:
    """The award types' names in the page's language, by (code, Vietnamese name) as the
    figures name them (one query; none when the page is in Vietnamese).  The annex and the
    spreadsheet keep the Vietnamese names: they are papers."""
    if translation.get_language() == DOCUMENT_LANGUAGE:
        return {}
    rows = [row for breakdown in figures.breakdowns if breakdown.key == "award_type" for row in breakdown.rows]
    if not rows:
        return {}
    found = AwardType.objects.filter(code__in={row.key for row in rows}).exclude(name_en="")
    return {(award.code, award.name_vi): award.name for award in found.only("code", "name_vi", "name_en")}


def _page_label(breakdown: Breakdown, row: FigureRow, own_level: str, award_names: dict[tuple[str, str], str]) -> str:
    """A row's name in the page's language where it is one of the fixed classifications or an award type."""
    if breakdown.key == "award_type":
        return award_names.get((row.key, row.label), row.label)
    if breakdown.key == "method" and row.key in AwardMethod.values:
        return str(AwardMethod(row.key).label)
    if breakdown.key == "level":
        return _level_label(row.key, own_level)
    return row.label


SUBJECT_HEADS = {
    "collective": NomineeKind.COLLECTIVE,
    "household": NomineeKind.HOUSEHOLD,
    "individual": NomineeKind.INDIVIDUAL,
}


def _subject_label(row: SubjectRow) -> str:
    if row.key in SUBJECT_HEADS:
        return str(SUBJECT_HEADS[row.key].label)
    if row.key in SubjectCategory.values:
        return str(SubjectCategory(row.key).label)
    return _("Chưa phân loại")


# The tables' titles in the page's language (the annex prints its own Vietnamese ones).
TABLE_TITLES = {
    "award_type": gettext_lazy("Theo hình thức khen thưởng"),
    "unit": gettext_lazy("Theo đơn vị đề nghị"),
    "level": gettext_lazy("Theo cấp khen thưởng"),
    "method": gettext_lazy("Theo phương thức khen thưởng"),
}


def _page_tables(figures: YearEndFigures, own_level: str) -> list[dict[str, Any]]:
    award_names = _award_names(figures)
    return [
        {
            "key": breakdown.key,
            "title": TABLE_TITLES.get(breakdown.key, breakdown.title),
            "rows": [
                {
                    "label": _page_label(breakdown, row, own_level, award_names),
                    "cells": row.awarded.cells() + row.proposed.cells(),
                }
                for row in breakdown.rows
            ],
            "total": breakdown.total.awarded.cells() + breakdown.total.proposed.cells(),
            "chart": _chart(
                str(TABLE_TITLES.get(breakdown.key, breakdown.title)),
                [
                    (_page_label(breakdown, row, own_level, award_names), [row.awarded.total, row.proposed.total])
                    for row in breakdown.rows
                ],
            ),
        }
        for breakdown in figures.breakdowns
    ]


def _chart(title: str, rows: list[tuple[str, list[int]]]) -> str:
    """Awarded and proposed up, side by side in one bar per row (the builder escapes the texts)."""
    series = [Series(_("Được khen thưởng"), PALETTE[0]), Series(_("Đề nghị cấp trên"), PALETTE[3])]
    return mark_safe(stacked_bar_chart(title, series, [row for row in rows if sum(row[1])]))  # noqa: S308


@login_required
@require_safe
def yearend(request: HttpRequest) -> HttpResponse:
    councils = _staff_councils(request)
    council = _chosen_council(request, councils)
    this_year = timezone.localdate().year
    form = YearEndForm(request.GET if "year" in request.GET else None, this_year=this_year)
    figures = None
    if form.is_bound and form.is_valid():
        year = form.cleaned_data["year"]
    elif not form.is_bound:
        year = this_year
        form = YearEndForm(initial={"year": year}, this_year=this_year)
    else:
        year = None
    if year is not None:
        figures = yearend_figures(council, year)
    links = {}
    if figures is not None:
        query = f"?council={council.pk}"
        links = {
            "pdf": reverse("documents:yearend_pdf", kwargs={"year": figures.year}) + query,
            "xlsx": reverse("documents:yearend_xlsx", kwargs={"year": figures.year}) + query,
        }
        children = "&children=1" if request.GET.get("children") == "1" else ""
        for form_code in ("0601", "0603"):
            for fmt in ("pdf", "xlsx"):
                links[f"tt02_{form_code}_{fmt}"] = (
                    reverse("documents:yearend_tt02", kwargs={"year": figures.year, "form": form_code, "fmt": fmt})
                    + query
                    + children
                )
    return render(
        request,
        "documents/yearend.html",
        {
            "form": form,
            "council": council,
            "councils": councils,
            "figures": figures,
            "tables": _page_tables(figures, council.level) if figures else [],
            "subjects": [(row, _subject_label(row)) for row in figures.by_subject] if figures else [],
            "subject_chart": _chart(
                _("Theo đối tượng khen thưởng"),
                [(_subject_label(row), [row.awarded, row.proposed]) for row in figures.by_subject if not row.depth],
            )
            if figures
            else "",
            "links": links,
            "has_children": council.children.exists(),
            "children_summed": request.GET.get("children") == "1",
        },
    )


def _figures(request: HttpRequest, year: int) -> YearEndFigures:
    council = _chosen_council(request, _staff_councils(request))
    return yearend_figures(council, _checked_year(year))


def _download(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@ratelimited("pdf")
@require_safe
def yearend_pdf(request: HttpRequest, year: int) -> HttpResponse:
    figures = _figures(request, year)
    return _download(
        build_yearend_pdf(figures), content_type="application/pdf", filename=f"so-lieu-khen-thuong-{year}.pdf"
    )


@login_required
@ratelimited("pdf")
@require_safe
def yearend_xlsx(request: HttpRequest, year: int) -> HttpResponse:
    figures = _figures(request, year)
    return _download(
        build_yearend_xlsx(figures),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        filename=f"so-lieu-khen-thuong-{year}.xlsx",
    )
