"""Forms of the council setup pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from councils.models import CouncilLevel


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
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(level, labels[level]) for level in levels]
        if levels:
            field.initial = levels[0]
