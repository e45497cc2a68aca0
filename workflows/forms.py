from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Kết quả thẩm định"),
        choices=[("accept", _("Chấp nhận, đưa vào xét")), ("return", _("Trả lại để đơn vị bổ sung"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Lý do / nhận xét chung"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )

    def __init__(self, *args: Any, lines: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line in lines:
            self.fields[f"line_{line.pk}"] = forms.CharField(
                label=f"{line.position}. {line.nominee} – {line.award_type.code}",
                required=False,
                max_length=2000,
                widget=forms.TextInput(attrs={"placeholder": _("Lý do trả lại dòng này (nếu có)")}),
            )

    def line_reasons(self) -> dict[int, str]:
        return {line.pk: self.cleaned_data.get(f"line_{line.pk}", "") for line in self.lines}

    def line_fields(self) -> list[Any]:
        return [self[f"line_{line.pk}"] for line in self.lines]
