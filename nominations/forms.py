from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from councils.models import Unit
from nominations import selectors
from nominations.models import (
    AwardMethod,
    AwardType,
    DocumentKind,
    Gender,
    Nomination,
    NominationStatus,
    NomineeKind,
    Round,
    SubjectCategory,
)


class NominationForm(forms.Form):
    title = forms.CharField(label=_("Trích yếu"), max_length=250)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class NominationCreateForm(NominationForm):
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none())
    round = forms.ModelChoiceField(label=_("Đợt xét"), queryset=Round.objects.none())

    def __init__(self, *args: Any, units: Any, rounds: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["round"].queryset = rounds
        for name, choices in (("unit", units), ("round", rounds)):
            only = list(choices[:2])
            if len(only) == 1:  # one unit, one open round: chosen already, nothing to pick
                self.fields[name].initial = only[0].pk
                self.fields[name].empty_label = None  # type: ignore[attr-defined]
        self.order_fields(["unit", "round", "title", "note"])


def _year_alone(value: Any) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) == 4 and 1900 <= int(text) <= 2100 else None


class BirthDateField(forms.DateField):
    """A date, or a birth year alone ("1970"): then 1 January of it, and the form's
    ``birth_year_only`` says only the year is known."""

    def to_python(self, value: Any) -> Any:
        year = _year_alone(value)
        if year is not None:
            return dt.date(year, 1, 1)
        return super().to_python(value)


class LineForm(forms.Form):
    award_type = forms.ModelChoiceField(label=_("Hình thức / danh hiệu"), queryset=AwardType.objects.none())
    nominee_kind = forms.ChoiceField(label=_("Đối tượng"), choices=NomineeKind.choices)
    person = forms.IntegerField(required=False, widget=forms.HiddenInput)
    full_name = forms.CharField(label=_("Họ và tên / tên tập thể / chủ hộ"), max_length=200)
    birth_date = BirthDateField(
        label=_("Ngày sinh"),
        required=False,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
        help_text=_("Hoặc chỉ năm sinh (ví dụ 1970) khi không rõ ngày."),
    )
    gender = forms.ChoiceField(
        label=_("Giới tính (cá nhân, chủ hộ)"),
        choices=[("", "—"), *Gender.choices],
        required=False,
        help_text=_("Với hộ gia đình: giấy in “Gia đình ông …” hoặc “Gia đình bà …” theo giới tính chủ hộ."),
    )
    position = forms.CharField(label=_("Chức vụ"), max_length=200, required=False)
    address = forms.CharField(label=_("Địa chỉ (hộ gia đình)"), max_length=200, required=False)
    achievement = forms.CharField(label=_("Tóm tắt thành tích"), widget=forms.Textarea(attrs={"rows": 4}))
    method = forms.ChoiceField(label=_("Phương thức"), choices=AwardMethod.choices, initial=AwardMethod.REGULAR)
    subject_category = forms.ChoiceField(
        label=_("Phân loại đối tượng"),
        choices=[("", _("Tự động theo đối tượng")), *SubjectCategory.choices],
        required=False,
    )

    def __init__(self, *args: Any, award_types: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["award_type"].queryset = award_types

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        typed = self.data.get(self.add_prefix("birth_date"))
        data["birth_year_only"] = bool(data.get("birth_date")) and _year_alone(typed) is not None
        return data


class BulkLinesForm(forms.Form):
    award_type = forms.ModelChoiceField(
        label=_("Hình thức (khi bảng không có cột “Hình thức”)"), queryset=AwardType.objects.none(), required=False
    )
    nominee_kind = forms.ChoiceField(
        label=_("Đối tượng (khi bảng không có cột “Đối tượng”)"), choices=NomineeKind.choices
    )
    method = forms.ChoiceField(label=_("Phương thức"), choices=AwardMethod.choices, initial=AwardMethod.REGULAR)
    text = forms.CharField(
        label=_("Dán bảng (dòng đầu là tiêu đề cột)"), required=False, widget=forms.Textarea(attrs={"rows": 10})
    )
    spreadsheet = forms.FileField(label=_("Hoặc chọn tệp Excel (.xlsx)"), required=False)

    def __init__(self, *args: Any, award_types: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["award_type"].queryset = award_types

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("text", "").strip() and not data.get("spreadsheet"):
            raise forms.ValidationError(_("Hãy dán bảng hoặc chọn tệp Excel."))
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's "Uploading multiple files"): a list of them, each
    cleaned as one file."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = list(data) if isinstance(data, list | tuple) else [data] if data else []
        if not files:
            return [super().clean(None, initial)] if self.required else []
        return [super(MultipleFileField, self).clean(one, initial) for one in files]


ATTACHMENTS_PER_UPLOAD = 10


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại tài liệu"), choices=DocumentKind.choices)
    # an empty file is refused by the upload check, which names it
    file = MultipleFileField(
        label=_("Tệp (PDF, Word, Excel, JPG, PNG)"),
        allow_empty_file=True,
        help_text=_("Có thể chọn nhiều tệp cùng lúc (tối đa 10 tệp)."),
    )

    def clean_file(self) -> list[Any]:
        files = self.cleaned_data["file"]
        if len(files) > ATTACHMENTS_PER_UPLOAD:
            raise forms.ValidationError(_("Mỗi lần tải lên tối đa %(limit)s tệp.") % {"limit": ATTACHMENTS_PER_UPLOAD})
        return files


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, required=False
    )


class NominationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm theo trích yếu"), method="filter_q")
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=NominationStatus.choices)
    round = django_filters.ModelChoiceFilter(label=_("Đợt xét"), queryset=Round.objects.none())
    unit = django_filters.ModelChoiceFilter(label=_("Đơn vị"), queryset=Unit.objects.none())

    class Meta:
        model = Nomination
        fields = ["q", "status", "round", "unit"]

    def __init__(self, *args: Any, rounds: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["round"].queryset = rounds
        self.filters["unit"].queryset = units

    def filter_q(self, queryset: Any, name: str, value: str) -> Any:
        return queryset.filter(selectors.nomination_search_q(value))
