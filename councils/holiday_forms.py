"""The form of a national day off; ``councils.holiday_services`` writes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from common.text import nfc

DATE_INPUTS = ["%Y-%m-%d", "%d/%m/%Y"]


class HolidayForm(forms.Form):
    date = forms.DateField(
        label=_("Ngày"),
        input_formats=DATE_INPUTS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Nhập ngày dạng dd/mm/yyyy.")},
    )
    name = forms.CharField(label=_("Tên ngày nghỉ"), max_length=150, help_text=_("Ví dụ: Tết Nguyên đán (mùng 1)"))
    is_day_off = forms.BooleanField(
        label=_("Là ngày nghỉ"),
        required=False,
        initial=True,
        help_text=_("Bỏ chọn cho ngày thứ Bảy/Chủ nhật phải đi làm bù theo quyết định hoán đổi ngày làm việc."),
    )

    def clean_name(self) -> str:
        name = nfc(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(_("Chưa nhập tên ngày nghỉ."))
        return name
