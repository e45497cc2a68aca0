"""Forms of the council's profile page: the profile itself and a signer.  They only read and
check input; ``councils.profile_services`` writes."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from common.text import nfc, nfc_text
from councils.models import Council, CouncilSigner
from councils.profile_services import LINE_FIELDS, MULTILINE_FIELDS, PROFILE_FIELDS


def _model_field(model: Any, name: str) -> forms.Field:
    field = model._meta.get_field(name).formfield()
    assert field is not None  # noqa: S101  type narrowing for mypy, not a check
    return cast(forms.Field, field)


HELP: dict[str, Any] = {
    "name": _("Tên in trên tờ trình, biên bản, ví dụ: Hội đồng Thi đua – Khen thưởng thị trấn Hà Trung"),
    "issuing_body": _("In ở đầu văn bản, ví dụ: Ủy ban nhân dân thị trấn Hà Trung"),
    "decision_symbol": _("In sau số quyết định: Số: 12/QĐ-UBND"),
    "proposal_symbol": _("In sau số tờ trình: Số: …/TTr-HĐTĐKT"),
    "minutes_symbol": _("In sau số biên bản: Số: …/BB-HĐTĐKT"),
    "report_symbol": _("In sau số báo cáo tổng kết năm: Số: …/BC-HĐTĐKT"),
    "decision_recipients": _("Mỗi nơi nhận một dòng, ví dụ: - Như Điều 3; - Lưu: VT."),
    "decision_legal_bases": _(
        "In sau các căn cứ đang áp dụng. Nên nhập căn cứ riêng của hội đồng ở trang “Căn cứ pháp lý” "
        "để có ngày áp dụng."
    ),
}


class CouncilProfileForm(forms.Form):
    """The council's profile, every field of ``PROFILE_FIELDS``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in PROFILE_FIELDS:
            field = _model_field(Council, name)
            if name in HELP:
                field.help_text = HELP[name]
            if name in MULTILINE_FIELDS:
                field.widget = forms.Textarea(attrs={"rows": 4})
            if name in ("money_rounding", "quorum_numerator", "quorum_denominator"):
                field.widget.attrs.update({"inputmode": "numeric", "min": "1"})
            self.fields[name] = field

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, value in list(data.items()):
            if name in LINE_FIELDS and isinstance(value, str):
                data[name] = nfc(value)
            elif name in MULTILINE_FIELDS and isinstance(value, str):
                data[name] = nfc_text(value)
        return data

    @staticmethod
    def initial_for(council: Council) -> dict[str, Any]:
        return {name: getattr(council, name) for name in PROFILE_FIELDS}


class SignerForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("full_name", "capacity", "position", "is_active"):
            self.fields[name] = _model_field(CouncilSigner, name)
        self.fields["capacity"].widget = forms.RadioSelect(choices=self.fields["capacity"].choices)  # type: ignore[attr-defined]
        self.fields["position"].widget.attrs.update({"inputmode": "numeric"})

    def clean_full_name(self) -> str:
        name = nfc(self.cleaned_data["full_name"])
        if not name:
            raise forms.ValidationError(_("Chưa nhập họ và tên người ký."))
        return name

    @staticmethod
    def initial_for(signer: CouncilSigner) -> dict[str, Any]:
        return {
            "full_name": signer.full_name,
            "capacity": signer.capacity,
            "position": signer.position,
            "is_active": signer.is_active,
        }
