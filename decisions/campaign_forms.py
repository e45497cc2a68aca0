"""The form of the campaign setup page; ``decisions.campaign_services`` writes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from councils.models import Council
from decisions.models import Campaign
from nominations.models import Round

DATE_INPUTS = ["%Y-%m-%d", "%d/%m/%Y"]


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ("name", "launched_by", "scope", "starts_on", "ends_on", "way", "rounds")
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "rounds": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("starts_on", "ends_on"):
            field = self.fields[name]
            field.input_formats = DATE_INPUTS  # type: ignore[attr-defined]
            field.error_messages["invalid"] = _("Nhập ngày dạng dd/mm/yyyy.")
        self.fields["rounds"].queryset = Round.objects.filter(council=council).order_by("-year", "name")  # type: ignore[attr-defined]
        self.fields["rounds"].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("starts_on"), data.get("ends_on")
        if start is not None and end is not None and end < start:
            self.add_error("ends_on", _("Ngày kết thúc không được trước ngày bắt đầu."))
        return data

    def _post_clean(self) -> None:
        # the model is validated by the service (full_clean), not by the form
        pass
