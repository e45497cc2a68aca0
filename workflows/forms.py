from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from workflows.selectors import TaskFilters


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Kết quả thẩm định"),
        choices=[("accept", _("Chấp nhận, đưa vào xét")), ("return", _("Trả lại để đơn vị bổ sung"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Lý do / nhận xét chung"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )

    lines = forms.ModelMultipleChoiceField(
        label=_("Các dòng trả lại"),
        queryset=None,
        required=False,
        error_messages={
            "invalid_choice": _("Dòng đã chọn không thuộc hồ sơ này."),
            "invalid_pk_value": _("Dòng đã chọn không thuộc hồ sơ này."),
        },
    )
    line_reason = forms.CharField(
        label=_("Lý do trả lại các dòng đã chọn"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, nomination: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # the checked lines are looked up by their ids (one query), never listed whole here
        self.fields["lines"].queryset = nomination.lines.all()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") != "return":
            return cleaned
        chosen, line_reason = cleaned.get("lines"), (cleaned.get("line_reason") or "").strip()
        if chosen and not line_reason:
            self.add_error("line_reason", _("Hãy ghi lý do trả lại cho các dòng đã chọn."))
        elif line_reason and not chosen and "lines" not in self.errors:
            self.add_error("lines", _("Hãy chọn các dòng cần trả lại: lý do này ghi cho các dòng đã chọn."))
        return cleaned

    def line_reasons(self) -> dict[int, str]:
        """The one reason of the checked lines, for each of them (what the service takes)."""
        reason = self.cleaned_data.get("line_reason", "")
        return {line.pk: reason for line in self.cleaned_data.get("lines") or []}


class TaskFilterForm(forms.Form):
    """The search and filters of the task lists (a GET form: a bad value is just not applied)."""

    q = forms.CharField(label=_("Tìm (trích yếu, đơn vị)"), required=False, max_length=200)
    round = forms.ModelChoiceField(label=_("Đợt"), queryset=None, required=False, empty_label=_("Tất cả"))
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=None, required=False, empty_label=_("Tất cả"))
    step = forms.ChoiceField(
        label=_("Việc"),
        required=False,
        choices=[("", _("Tất cả")), ("prepare", _("Đơn vị lập hồ sơ")), ("review", _("Thẩm định"))],
    )
    resubmitted = forms.BooleanField(label=_("Chỉ hồ sơ nộp lại"), required=False)

    def __init__(self, *args: Any, rounds: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = rounds
        self.fields["unit"].queryset = units

    def filters(self) -> TaskFilters:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        chosen_round, chosen_unit = data.get("round"), data.get("unit")
        return TaskFilters(
            query=data.get("q") or "",
            round_id=chosen_round.pk if chosen_round else None,
            unit_id=chosen_unit.pk if chosen_unit else None,
            step=data.get("step") or "",
            resubmitted=bool(data.get("resubmitted")),
        )


class LineFilterForm(forms.Form):
    """The search and the award type filter of a dossier's lines; the award types offered are
    those the dossier's totals already counted (no query of their own)."""

    q = forms.CharField(label=_("Tìm theo tên (có dấu hoặc không dấu)"), required=False, max_length=200)
    award_type = forms.TypedChoiceField(label=_("Hình thức"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, award_types: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["award_type"].choices = [("", _("Tất cả"))] + [
            (award_type.pk, f"{award_type.name} ({award_type.code})") for award_type in award_types
        ]

    def values(self) -> tuple[str, int | None]:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return data.get("q") or "", data.get("award_type")
