"""The API's pages: ``?page=`` and ``?page_size=`` (at most ``MAX_PAGE_SIZE``), the same page
size as the list pages (``common.paging.PAGE_SIZE``) unless asked otherwise."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import PageNumberPagination

from common.paging import PAGE_SIZE

MAX_PAGE_SIZE = 200


class ApiPagination(PageNumberPagination):
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    invalid_page_message = _("Trang không hợp lệ: không có trang số {page_number}.")  # type: ignore[assignment]
