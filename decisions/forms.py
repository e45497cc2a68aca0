"""Forms of the decision pages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from councils.models import CouncilSigner
from decisions.models import DecisionLine, SignerCapacity


class DecisionRegisterForm(forms.Form):
    number = forms.IntegerField(
        label=_("Số quyết định"),
        required=False,
        min_value=1,
        help_text=_("Để trống: lấy số tiếp theo trong sổ của hội đồng. Nhập số khi số đã lấy ở sổ văn bản của UBND."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    signed_on = forms.DateField(label=_("Ngày ký"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    signer_name = forms.CharField(label=_("Họ tên người ký"), max_length=120)
    signer_capacity = forms.ChoiceField(
        label=_("Thẩm quyền ký"),
        choices=SignerCapacity.choices,
        initial=SignerCapacity.CHAIRMAN,
        widget=forms.RadioSelect,
    )
    without_money = forms.BooleanField(
        label=_("Khen thưởng không kèm tiền cho các dòng chưa có mức tiền thưởng"),
        required=False,
    )

    def __init__(self, *args: Any, signers: Sequence[CouncilSigner] = (), **kwargs: Any) -> None:
        """``signers``: the council's active signers (``councils.profile_selectors.signers_offered``),
        offered as suggestions of the signer's name; another name may still be typed."""
        super().__init__(*args, **kwargs)
        if signers:
            field = self.fields["signer_name"]
            field.widget = SuggestingInput(
                [(signer.full_name, f"{signer.full_name} – {signer.get_capacity_display()}") for signer in signers],
                list_id="decision-signers",
            )
            field.help_text = _("Chọn trong danh sách người ký của hội đồng hoặc nhập tên người ký khác.")

    @staticmethod
    def signer_initial(signers: Sequence[CouncilSigner], fallback_name: str) -> dict[str, str]:
        """The signer the form starts with: the council's first active signer, else ``fallback_name``
        (the council's chairman) signing as chairman."""
        if signers:
            return {"signer_name": signers[0].full_name, "signer_capacity": signers[0].capacity}
        return {"signer_name": fallback_name, "signer_capacity": SignerCapacity.CHAIRMAN}


class SuggestingInput(forms.TextInput):
    """A text input with a ``<datalist>`` of suggestions (value, label) under it."""

    def __init__(self, suggestions: list[tuple[str, str]], *, list_id: str) -> None:
        super().__init__(attrs={"list": list_id, "autocomplete": "off"})
        self.suggestions, self.list_id = suggestions, list_id

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        options = format_html_join("", '<option value="{}">{}</option>', self.suggestions)
        datalist = format_html('<datalist id="{}">{}</datalist>', self.list_id, options)
        return mark_safe(super().render(name, value, attrs, renderer) + datalist)  # noqa: S308 - both parts escaped


class DecisionTextForm(forms.Form):
    subject = forms.CharField(label=_("Trích yếu"), max_length=300)
    legal_bases = forms.CharField(
        label=_("Căn cứ"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Mỗi căn cứ một dòng, ví dụ: Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"),
    )
    recipients = forms.CharField(
        label=_("Nơi nhận"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Mỗi nơi nhận một dòng, ví dụ: - Như Điều 3;"),
    )

    def __init__(self, *args: Any, lines: list[DecisionLine], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line_names = {}
        for row in lines:
            name = f"achievement_{row.pk}"
            self.fields[name] = forms.CharField(
                label=_("%(number)s. %(nominee)s – thành tích") % {"number": row.position, "nominee": row.line.nominee},
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=row.achievement,
            )
            self.line_names[name] = row.pk

    def achievements(self) -> dict[int, str]:
        return {pk: self.cleaned_data[name] for name, pk in self.line_names.items()}


class ScanForm(forms.Form):
    file = forms.FileField(
        label=_("Bản quét quyết định đã ký (PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


class RevokeForm(forms.Form):
    revoked_by_number = forms.CharField(
        label=_("Số quyết định thu hồi"),
        max_length=50,
        error_messages={"required": _("Hãy ghi số quyết định thu hồi.")},
        help_text=_("Số, ký hiệu của quyết định thu hồi, ví dụ: 25/QĐ-UBND. Số này hiện trên trang xác minh."),
    )
    revoked_by_date = forms.DateField(
        label=_("Ngày quyết định thu hồi"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Ngày ký quyết định thu hồi: không sau hôm nay, không trước ngày ký quyết định bị thu hồi."),
    )
    reason = forms.CharField(label=_("Lý do thu hồi"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class RegistrySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Tên cá nhân, tập thể hoặc chủ hộ (có dấu hoặc không dấu)"), required=False, max_length=120
    )


class HigherDecisionForm(forms.Form):
    """The higher council's decision on a proposal, entered by hand by the office."""

    reference = forms.CharField(
        label=_("Số, ký hiệu quyết định của cấp trên"),
        max_length=60,
        help_text=_("Ví dụ: 125/QĐ-UBND"),
    )
    decided_on = forms.DateField(
        label=_("Ngày quyết định"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    awarded = forms.MultipleChoiceField(
        label=_("Các dòng được khen thưởng"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Dòng không đánh dấu được ghi là không được khen thưởng."),
    )

    def __init__(self, *args: Any, lines: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        awarded = self.fields["awarded"]
        assert isinstance(awarded, forms.MultipleChoiceField)  # noqa: S101  type narrowing for mypy, not a check
        awarded.choices = [(str(row.line_id), f"{row.line.nominee} – {row.line.award_type}") for row in lines]
