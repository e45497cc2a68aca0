"""Forms of the council setup pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from common.text import nfc
from councils.models import Council, CouncilLevel, CouncilRole, Unit, UnitKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ChildCouncilForm(forms.Form):
    name = forms.CharField(label=_("Tên hội đồng"), max_length=200)
    locality = forms.CharField(label=_("Địa phương"), max_length=120, help_text=_("Ví dụ: xã Hà Long"))
    place_name = forms.CharField(label=_("Địa danh ghi trên văn bản"), max_length=80, help_text=_("Ví dụ: Hà Long"))
    issuing_body = forms.CharField(
        label=_("Cơ quan ban hành"), max_length=200, help_text=_("Ví dụ: Ủy ban nhân dân xã Hà Long")
    )
    level = forms.ChoiceField(label=_("Cấp"))
    admin_username = forms.SlugField(label=_("Tên đăng nhập của quản trị"), max_length=150)
    admin_full_name = forms.CharField(label=_("Họ và tên của quản trị"), max_length=150)
    admin_email = forms.EmailField(label=_("Thư điện tử của quản trị"), required=False)

    def __init__(self, *args: Any, levels: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(CouncilLevel.choices)
        field = self.fields["level"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101  type narrowing for mypy, not a check
        field.choices = [(level, labels[level]) for level in levels]
        if levels:
            # since 1 July 2025 a province's councils below are communes (no district tier)
            field.initial = CouncilLevel.COMMUNE if CouncilLevel.COMMUNE in levels else levels[0]


class UnitForm(forms.Form):
    name = forms.CharField(label=_("Tên đơn vị"), max_length=200)
    kind = forms.ChoiceField(label=_("Loại đơn vị"), choices=UnitKind.choices)
    staff_count = forms.IntegerField(label=_("Số cán bộ, hội viên"), min_value=0, initial=0)
    household_count = forms.IntegerField(label=_("Số hộ gia đình"), min_value=0, initial=0)

    def clean_name(self) -> str:
        return nfc(self.cleaned_data["name"])


class UnitMergeForm(forms.Form):
    """Merge a unit into another active unit of its council (never itself, never a merged one)."""

    target = forms.ModelChoiceField(label=_("Sáp nhập vào đơn vị"), queryset=Unit.objects.none())
    merged_on = forms.DateField(label=_("Ngày sáp nhập"), widget=DATE)
    reason = forms.CharField(
        label=_("Lý do, căn cứ"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ví dụ: theo Nghị quyết của Ủy ban Thường vụ Quốc hội về sắp xếp đơn vị hành chính."),
    )

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["target"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101  type narrowing for mypy, not a check
        # any unit of the council is accepted here, so that the service says why one is refused
        # (itself, inactive, already merged); only the active others are offered
        field.queryset = Unit.objects.filter(council_id=unit.council_id)
        offered = (
            Unit.objects.filter(council_id=unit.council_id, is_active=True, merged_into__isnull=True)
            .exclude(pk=unit.pk)
            .order_by("kind", "name")
        )
        field.widget.choices = [("", "---------"), *((other.pk, other.name) for other in offered)]

    def clean_reason(self) -> str:
        return nfc(self.cleaned_data["reason"])


class _TermFields(forms.Form):
    role = forms.ChoiceField(label=_("Vai trò"), choices=CouncilRole.choices)
    position = forms.CharField(label=_("Chức vụ"), max_length=200, required=False)
    unit = forms.ModelChoiceField(label=_("Đơn vị công tác"), queryset=Unit.objects.none(), required=False)
    term_from = forms.DateField(label=_("Nhiệm kỳ từ ngày"), required=False, widget=DATE)
    term_until = forms.DateField(label=_("Nhiệm kỳ đến ngày"), required=False, widget=DATE)

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101  type narrowing for mypy, not a check
        field.queryset = Unit.objects.filter(council=council, is_active=True).order_by("name")

    def clean_position(self) -> str:
        return nfc(self.cleaned_data["position"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("term_from"), cleaned.get("term_until")
        if start is not None and end is not None and end < start:
            self.add_error("term_until", _("Nhiệm kỳ phải kết thúc sau ngày bắt đầu."))
        return cleaned


class MemberCreateForm(_TermFields):
    account = forms.ChoiceField(
        label=_("Tài khoản"),
        choices=[("existing", _("Người dùng đã có tài khoản")), ("new", _("Tạo tài khoản mới"))],
        initial="existing",
        widget=forms.RadioSelect,
    )
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)
    full_name = forms.CharField(
        label=_("Họ và tên"), max_length=150, required=False, help_text=_("Chỉ cần khi tạo tài khoản mới.")
    )
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    field_order = ["account", "username", "full_name", "email", "role", "position", "unit", "term_from", "term_until"]

    def clean_username(self) -> str:
        return nfc(self.cleaned_data["username"])

    def clean_full_name(self) -> str:
        return nfc(self.cleaned_data["full_name"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("account") == "new" and not cleaned.get("full_name"):
            self.add_error("full_name", _("Nhập họ và tên cho tài khoản mới."))
        return cleaned


class MemberEditForm(_TermFields):
    pass


class TermEndForm(forms.Form):
    ended_on = forms.DateField(label=_("Kết thúc nhiệm kỳ ngày"), widget=DATE)
