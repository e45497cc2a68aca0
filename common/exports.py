"""The Django side of a list's "Tải Excel": the rows bounded (``EXPORT_MAX_ROWS``), the workbook
built by ``printing.spreadsheet.build_table_xlsx`` and sent as an attachment named in Vietnamese
("Danh sách hồ sơ đề nghị 2026-12-02.xlsx", with an ASCII name for old browsers).

Each page's export view finds its rows with the page's own selector, filters and access checks,
then calls ``xlsx_export``; a list longer than the bound is refused with a message on the page it
came from, never cut short in silence."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from common.text import fold, nfc
from printing.spreadsheet import TableColumn, build_table_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: the most rows one export writes; a longer list must be narrowed by the page's filters first
EXPORT_MAX_ROWS = 50_000


class TooManyRows(Exception):  # noqa: N818  a refusal shown to the user, not a fault
    """The list has more rows than ``EXPORT_MAX_ROWS``."""


def bounded(rows: Iterable[Any], limit: int | None = None) -> list[Any]:
    """The rows as a list, or ``TooManyRows`` when there are more than ``limit`` of them (a
    queryset is sliced, so no more than ``limit + 1`` rows are ever read)."""
    limit = EXPORT_MAX_ROWS if limit is None else limit
    if hasattr(rows, "__getitem__") and not isinstance(rows, list | tuple):
        found = list(rows[: limit + 1])  # type: ignore[index]
    else:
        found = list(rows)
    if len(found) > limit:
        raise TooManyRows
    return found


def ascii_name(name: str) -> str:
    """ "Danh sách hồ sơ 2026-12-02.xlsx" -> "danh-sach-ho-so-2026-12-02.xlsx"."""
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(stem)).strip("-") or "danh-sach"
    return f"{slug}.{extension}" if extension else slug


def attachment_disposition(name: str) -> str:
    """An attachment header every browser reads: the ASCII name, and the Vietnamese one in
    RFC 5987 form (``filename*``)."""
    name = nfc(name.replace("/", "-").replace("\\", "-"))
    return f"attachment; filename=\"{ascii_name(name)}\"; filename*=UTF-8''{quote(name, safe='')}"


def export_name(title: str, day: dt.date | None = None) -> str:
    """The file's Vietnamese name: the title and the day of the export."""
    day = day or timezone.localdate()
    return f"{nfc(title)} {day.isoformat()}.xlsx"


def xlsx_response(content: bytes, *, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = attachment_disposition(name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _local(value: Any) -> Any:
    """An aware date and time in the site's time zone (Excel has none)."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def too_many_rows(request: HttpRequest, back: str) -> HttpResponse:
    """Back to the list, with the reason the file was not made."""
    messages.error(
        request,
        _(
            "Danh sách có hơn %(limit)s dòng, quá nhiều để tải một lần. "
            "Hãy lọc bớt (theo đợt, đơn vị, trạng thái…) rồi tải lại."
        )
        % {"limit": number_format(EXPORT_MAX_ROWS, force_grouping=True)},
    )
    return redirect(back)


def xlsx_export(
    request: HttpRequest,
    *,
    title: str,
    columns: Sequence[TableColumn],
    rows: Iterable[Any],
    cells: Callable[[Any], Sequence[Any]],
    back: str,
    subtitle: str = "",
    totals: Sequence[Any] | None = None,
    creator: str = "",
) -> HttpResponse:
    """The list as a workbook: ``cells`` makes each row's values; more than ``EXPORT_MAX_ROWS``
    rows sends the user back to ``back`` (the page, with its filters) with the reason."""
    try:
        found = bounded(rows)
    except TooManyRows:
        return too_many_rows(request, back)
    content = build_table_xlsx(
        title,
        columns,
        ([_local(value) for value in cells(row)] for row in found),
        subtitle=subtitle,
        totals=totals,
        creator=creator,
    )
    return xlsx_response(content, name=export_name(title))


def with_query(url: str, request: HttpRequest, *, drop: Iterable[str] = ("page",)) -> str:
    """``url`` with the request's query string (its filters and search), without its page."""
    query = request.GET.copy()
    for key in drop:
        query.pop(key, None)
    encoded = query.urlencode()
    return f"{url}?{encoded}" if encoded else url
