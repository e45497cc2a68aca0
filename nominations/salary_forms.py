"""The form of one base salary version; ``nominations.salary_services`` writes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

DATE_INPUTS = ["%Y-%m-%d", "%d/%m/%Y"]


class BaseSalaryForm(forms.Form):
    amount = forms.IntegerField(
        label=_("Mức lương cơ sở (đồng)"),
        min_value=1,
        help_text=_("Ví dụ: 2340000"),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": "1"}),
        error_messages={"min_value": _("Mức lương cơ sở phải lớn hơn 0 đồng.")},
    )
    valid_from = forms.DateField(
        label=_("Áp dụng từ ngày"),
        input_formats=DATE_INPUTS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Nhập ngày dạng dd/mm/yyyy.")},
        help_text=_("Mức này áp dụng đến khi mức sau bắt đầu."),
    )
