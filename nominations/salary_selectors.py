"""Reads of the base salary table."""

from __future__ import annotations

import datetime as dt

from nominations.models import BaseSalary


def base_salary_versions() -> list[tuple[BaseSalary, dt.date | None]]:
    """Each version with the last day it applies (the day before the next one starts, ``None``
    for the latest), newest first.  The table holds one row a few years: no page needed."""
    rows = list(BaseSalary.objects.order_by("valid_from"))
    if not rows:
        return []
    ends: list[dt.date | None] = [following.valid_from - dt.timedelta(days=1) for following in rows[1:]]
    ends.append(None)
    return list(reversed(list(zip(rows, ends, strict=True))))
