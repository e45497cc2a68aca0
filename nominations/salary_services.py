"""Writes of the statutory base salary (``BaseSalary``, mức lương cơ sở): one national table of
dated amounts, kept by the top-level admin (``councils.access.may_keep_national_tables``).

A version applies from its ``valid_from`` until the next version starts (the decree that raises
the base salary replaces the previous one from its date; a decision's money reads the version in
force on its signing day), so two versions may not start on the same day: that is the overlap
this table can have, refused here.  Registered decisions keep the base salary they were
computed with, so a change here moves only the money of decisions registered afterwards.  Each
runs in one transaction and raises a ``ValidationError`` a user can read; django-auditlog
records every change."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from councils import access
from nominations.models import BaseSalary


def _money(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def _checked(salary: BaseSalary) -> BaseSalary:
    if salary.amount is None or salary.amount <= 0:
        raise ValidationError({"amount": _("Mức lương cơ sở phải lớn hơn 0 đồng.")}, code="base_salary_amount")
    clash = BaseSalary.objects.filter(valid_from=salary.valid_from).exclude(pk=salary.pk).first()
    if clash is not None:
        raise ValidationError(
            {
                "valid_from": _(
                    "Đã có mức lương cơ sở %(amount)s đồng áp dụng từ ngày %(date)s. Mỗi ngày chỉ bắt đầu một mức: "
                    "hãy sửa mức đó thay vì thêm mức mới."
                )
                % {"amount": _money(clash.amount), "date": f"{clash.valid_from:%d/%m/%Y}"}
            },
            code="base_salary_overlap",
        )
    salary.full_clean(validate_unique=False)  # the start's uniqueness is asked above, with its message
    salary.save()
    return salary


def _lock_table() -> None:
    """Two admins adding the same start at once: the second waits, then sees the first."""
    list(BaseSalary.objects.select_for_update().values_list("pk"))


@transaction.atomic
def base_salary_create(*, actor: Any, amount: int, valid_from: dt.date) -> BaseSalary:
    access.require_national_tables(actor)
    _lock_table()
    return _checked(BaseSalary(amount=amount, valid_from=valid_from))


@transaction.atomic
def base_salary_update(*, actor: Any, salary: BaseSalary, amount: int, valid_from: dt.date) -> BaseSalary:
    access.require_national_tables(actor)
    _lock_table()
    salary = BaseSalary.objects.get(pk=salary.pk)
    salary.amount, salary.valid_from = amount, valid_from
    return _checked(salary)


@transaction.atomic
def base_salary_delete(*, actor: Any, salary: BaseSalary) -> None:
    """A version entered by mistake; the one before it then applies again from its own date."""
    access.require_national_tables(actor)
    _lock_table()
    BaseSalary.objects.get(pk=salary.pk).delete()
