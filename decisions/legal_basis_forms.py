"""Forms of the legal basis setup pages: one dated version, and the day a version ends.
They only read and check input; ``decisions.legal_basis_services`` writes."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from common.text import nfc, nfc_text
from decisions.legal_basis_services import EDITABLE_FIELDS
from decisions.models import LegalBasis

DATE_INPUTS = ["%Y-%m-%d", "%d/%m/%Y"]


def _model_field(name: str) -> forms.Field:
    field = cast(Any, LegalBasis._meta.get_field(name)).formfield()
    assert field is not None  # noqa: S101  type narrowing for mypy, not a check
    return cast(forms.Field, field)


def _date_field(name: str) -> forms.DateField:
    field = cast(forms.DateField, _model_field(name))
    field.input_formats = DATE_INPUTS
    field.widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    field.error_messages["invalid"] = _("Nhập ngày dạng dd/mm/yyyy.")
    return field


class LegalBasisForm(forms.Form):
    """One version of a basis.  ``families``: the families known in the scope (and, for a
    council, the national ones it may replace with its own version), offered as suggestions."""

    def __init__(self, *args: Any, families: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in EDITABLE_FIELDS:
            if name in ("valid_from", "valid_until"):
                self.fields[name] = _date_field(name)
            else:
                self.fields[name] = _model_field(name)
        self.fields["text"].widget = forms.Textarea(attrs={"rows": 3})
        self.fields["valid_until"].help_text = _("Để trống nếu còn áp dụng.")
        self.fields["position"].widget.attrs.update({"inputmode": "numeric"})
        self.families = families or []
        if self.families:
            self.fields["family"].widget.attrs["list"] = "legal-basis-families"

    def clean_text(self) -> str:
        text = nfc(nfc_text(self.cleaned_data["text"]).replace("\n", " "))
        if not text:
            raise forms.ValidationError(_("Chưa nhập nội dung căn cứ."))
        return text

    def clean_family(self) -> str:
        return nfc(self.cleaned_data["family"]).lower()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("valid_from"), data.get("valid_until")
        if start is not None and end is not None and end < start:
            self.add_error("valid_until", _("Ngày hết áp dụng không được trước ngày bắt đầu áp dụng."))
        return data

    @staticmethod
    def initial_for(basis: LegalBasis, *, as_new_version: bool = False) -> dict[str, Any]:
        """The form's values from ``basis``; for a new version of it, without its dates."""
        initial = {name: getattr(basis, name) for name in EDITABLE_FIELDS}
        if as_new_version:
            initial["valid_from"] = basis.valid_until + dt.timedelta(days=1) if basis.valid_until else None
            initial["valid_until"] = None
        return initial


class LegalBasisEndForm(forms.Form):
    valid_until = forms.DateField(
        label=_("Hết áp dụng sau ngày"),
        input_formats=DATE_INPUTS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Nhập ngày dạng dd/mm/yyyy.")},
        help_text=_("Căn cứ còn được trích dẫn đến hết ngày này; phiên bản mới có thể bắt đầu từ ngày hôm sau."),
    )
