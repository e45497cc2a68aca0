"""Forms of the round setup pages: the round itself, its new deadline, its units' quotas."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from common.text import nfc
from councils.models import Council, Unit
from nominations.models import AwardType, Round, RoundKind

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
DATETIME_INPUTS = [DATETIME_LOCAL, "%d/%m/%Y %H:%M", "%d/%m/%Y", "%Y-%m-%d %H:%M"]


def _datetime_field(label: Any, *, help_text: Any = "") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        input_formats=DATETIME_INPUTS,
        help_text=help_text,
        error_messages={"invalid": _("Nhập ngày giờ dạng dd/mm/yyyy hh:mm.")},
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
    )


class AwardTypeChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name_vi} ({obj.code})"


class RoundForm(forms.Form):
    council = forms.ModelChoiceField(label=_("Hội đồng"), queryset=Council.objects.none())
    name = forms.CharField(label=_("Tên đợt"), max_length=200)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("Loại đợt"), choices=RoundKind.choices)
    opens_at = _datetime_field(_("Mở từ"))
    closes_at = _datetime_field(_("Hạn nộp"))
    award_types = AwardTypeChoices(
        label=_("Hình thức khen thưởng"), queryset=AwardType.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, councils: Any, round: Round | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        council_field = cast(forms.ModelChoiceField, self.fields["council"])
        if round is not None:
            del self.fields["council"]
            council_ids = [round.council_id]
        else:
            council_field.queryset = councils
            council_ids = list(councils.values_list("pk", flat=True))
            if len(council_ids) == 1:
                council_field.initial = council_ids[0]
                council_field.widget = forms.HiddenInput()
        cast(forms.ModelMultipleChoiceField, self.fields["award_types"]).queryset = AwardType.objects.filter(
            council_id__in=council_ids, is_active=True
        ).order_by("council_id", "name_vi")

    def clean_name(self) -> str:
        return nfc(self.cleaned_data["name"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        council = data.get("council")
        awards = data.get("award_types")
        if council is not None and awards is not None and any(a.council_id != council.pk for a in awards):
            self.add_error("award_types", _("Chỉ chọn được hình thức của hội đồng đã chọn."))
        return data

    @staticmethod
    def initial_for(round: Round) -> dict[str, Any]:
        return {
            "name": round.name,
            "year": round.year,
            "kind": round.kind,
            "opens_at": round.opens_at,
            "closes_at": round.closes_at,
            "award_types": list(round.award_types.all()),
        }


class ExtendForm(forms.Form):
    closes_at = _datetime_field(
        _("Hạn nộp mới"), help_text=_("Mọi đơn vị của hội đồng được báo hạn nộp mới (trong ứng dụng và qua email).")
    )


def quota_field_name(unit_id: int, award_type_id: int | None) -> str:
    return f"q_{unit_id}_{award_type_id or 'all'}"


class QuotaForm(forms.Form):
    """One box per unit and award type offered, and one for the unit's total; empty means no quota."""

    def __init__(self, *args: Any, units: list[Unit], award_types: list[AwardType], initial_quotas: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.rows: list[tuple[Unit, list[str]]] = []
        self.columns = [None, *award_types]
        for unit in units:
            names = []
            for award in self.columns:
                key = (unit.pk, award.pk if award else None)
                name = quota_field_name(*key)
                label = award.code if award else _("Tổng")
                self.fields[name] = forms.IntegerField(
                    label=f"{unit.name} – {label}",
                    min_value=0,
                    required=False,
                    initial=initial_quotas.get(key),
                    widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "quota"}),
                )
                names.append(name)
            self.rows.append((unit, names))

    def quotas(self) -> dict[tuple[int, int | None], int | None]:
        result: dict[tuple[int, int | None], int | None] = {}
        for unit, _names in self.rows:
            for award in self.columns:
                key = (unit.pk, award.pk if award else None)
                result[key] = self.cleaned_data.get(quota_field_name(*key))
        return result
