"""Writes of the national days off (``Holiday``) the working-day calendar skips: add, edit,
delete.  They are one table for every council, kept by the top-level admin
(``councils.access.may_keep_national_tables``).  Each runs in one transaction, takes its name
in NFC and raises a ``ValidationError`` a user can read; django-auditlog records the change."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from common.text import nfc
from councils import access
from councils.models import Holiday


def _date_free(day: dt.date, *, exclude_pk: int | None = None) -> None:
    taken = Holiday.objects.filter(date=day)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    clash = taken.first()
    if clash is not None:
        raise ValidationError(
            {
                "date": _("Ngày %(date)s đã có trong bảng (“%(name)s”).")
                % {"date": f"{day:%d/%m/%Y}", "name": clash.name}
            },
            code="holiday_date_taken",
        )


def _checked(holiday: Holiday) -> Holiday:
    holiday.name = nfc(holiday.name)
    if not holiday.name:
        raise ValidationError({"name": _("Chưa nhập tên ngày nghỉ.")}, code="holiday_name_empty")
    _date_free(holiday.date, exclude_pk=holiday.pk)
    holiday.full_clean(validate_unique=False)  # the date's uniqueness is asked above, with its message
    holiday.save()
    return holiday


@transaction.atomic
def holiday_create(*, actor: Any, date: dt.date, name: str, is_day_off: bool = True) -> Holiday:
    access.require_national_tables(actor)
    return _checked(Holiday(date=date, name=name, is_day_off=is_day_off))


@transaction.atomic
def holiday_update(*, actor: Any, holiday: Holiday, date: dt.date, name: str, is_day_off: bool = True) -> Holiday:
    access.require_national_tables(actor)
    holiday = Holiday.objects.select_for_update().get(pk=holiday.pk)
    holiday.date, holiday.name, holiday.is_day_off = date, name, is_day_off
    return _checked(holiday)


@transaction.atomic
def holiday_delete(*, actor: Any, holiday: Holiday) -> None:
    """Deadlines already set stay as they were; the calendar skips the day no more from now on."""
    access.require_national_tables(actor)
    Holiday.objects.select_for_update().get(pk=holiday.pk).delete()
