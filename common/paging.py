"""One way to cut a long list into pages: the page size per kind of list, and the page asked for.

A list page calls ``page_of(request, rows)`` and includes ``pager.html``; the pager keeps the
page's other query parameters (search, filters) when it moves, through Django's
``{% querystring %}`` tag.  A page number out of range or not a number gives the nearest page
(``Paginator.get_page``), never an error.  The count and the slice are two queries whatever the
list's length.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

#: rows per page of a list of dossiers, tasks, decisions or documents
PAGE_SIZE = 50
#: rows per page where a row is a nomination line (a dossier's lines, a session's lines)
LINES_PAGE_SIZE = 100


def page_of(request: HttpRequest, rows: Any, *, size: int = PAGE_SIZE, param: str = "page") -> Page:
    """The page of ``rows`` (a queryset or a list) that ``request`` asks for in ``?<param>=``."""
    return Paginator(rows, size).get_page(request.GET.get(param))
