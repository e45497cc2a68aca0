"""Filters of the API's lists (django-filter): ids and years as bounded whole numbers, so that a
value no database column holds is a 400 with a readable message, never a database error."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms

#: the largest id a BigAutoField holds (SQLite and PostgreSQL alike)
MAX_ID = 2**63 - 1


class IdFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 9999)
        super().__init__(*args, **kwargs)
