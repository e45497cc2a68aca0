"""Forms of the documents pages: a council's certificate print settings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from documents.fields import FIELD_LABELS
from documents.models import CertificateSettings
from printing.data import FieldPosition

PARTS = (
    ("x_mm", _("cách mép trái (mm)")),
    ("y_mm", _("cách mép trên (mm)")),
    ("width_mm", _("bề rộng (mm)")),
    ("size_pt", _("cỡ chữ tối đa (pt)")),
)


def _number(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=6,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
    )


class CertificateSettingsForm(forms.Form):
    paper = forms.ChoiceField(label=_("Khổ giấy"), choices=CertificateSettings.Paper.choices, widget=forms.RadioSelect)
    text_only = forms.BooleanField(
        label=_("Chỉ in phần chữ lên phôi in sẵn"),
        required=False,
        help_text=_("Khi chọn, chỉ in các nội dung thay đổi tại vị trí bên dưới; ô để trống giữ vị trí mặc định."),
    )
    offset_x_mm = forms.DecimalField(
        label=_("Dịch cả trang sang phải (mm, số âm: sang trái)"), max_digits=5, decimal_places=1, initial=0
    )
    offset_y_mm = forms.DecimalField(
        label=_("Dịch cả trang xuống dưới (mm, số âm: lên trên)"), max_digits=5, decimal_places=1, initial=0
    )

    def __init__(
        self, *args: Any, fields: tuple[str, ...], defaults: dict[str, FieldPosition] | None = None, **kwargs: Any
    ) -> None:
        """``defaults``: each field's place on the full layout, shown as the empty boxes' placeholder."""
        super().__init__(*args, **kwargs)
        self.position_fields = fields
        self.position_rows: list[tuple[str, Any, list[Any]]] = []
        for name in fields:
            label = FIELD_LABELS.get(name, name)
            default = (defaults or {}).get(name)
            for part, part_label in PARTS:
                field = _number(f"{label} – {part_label}")
                if default is not None:
                    field.widget.attrs["placeholder"] = f"{getattr(default, part):g}"
                self.fields[f"{name}__{part}"] = field
        for name in fields:
            self.position_rows.append(
                (name, FIELD_LABELS.get(name, name), [self[f"{name}__{part}"] for part, _label in PARTS])
            )

    @staticmethod
    def initial_for(row: CertificateSettings) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "paper": row.paper,
            "text_only": row.text_only,
            "offset_x_mm": row.offset_x_mm,
            "offset_y_mm": row.offset_y_mm,
        }
        for name, place in (row.positions or {}).items():
            for part, _label in PARTS:
                initial[f"{name}__{part}"] = place.get(part)
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in self.position_fields:
            values = [data.get(f"{name}__{part}") for part, _label in PARTS]
            given = [value is not None for value in values]
            if any(given) and not all(given):
                self.add_error(
                    f"{name}__x_mm",
                    _("“%(field)s”: nhập đủ bốn số (trái, trên, bề rộng, cỡ chữ) hoặc để trống cả bốn.")
                    % {"field": FIELD_LABELS.get(name, name)},
                )
        return data

    def positions(self) -> dict[str, FieldPosition]:
        found = {}
        for name in self.position_fields:
            values = [self.cleaned_data.get(f"{name}__{part}") for part, _label in PARTS]
            if all(value is not None for value in values):
                x, y, width, size = (float(value) for value in values if value is not None)
                found[name] = FieldPosition(x_mm=x, y_mm=y, width_mm=width, size_pt=size)
        return found
