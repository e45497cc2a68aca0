"""Forms of the award type setup pages: the award type itself and its dated money rates.
They only read and check input; ``nominations.award_services`` writes."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from common.text import nfc
from councils.models import Council
from nominations import award_wording
from nominations.models import AwardRate, AwardType, DocumentKind, MinistryAwardColumn, NomineeKind

DATE_INPUTS = ["%Y-%m-%d", "%d/%m/%Y"]


def _model_field(model: Any, name: str) -> forms.Field:
    field = model._meta.get_field(name).formfield()
    assert field is not None  # noqa: S101  type narrowing for mypy, not a check
    return cast(forms.Field, field)


def _date_field(model: Any, name: str) -> forms.DateField:
    field = cast(forms.DateField, _model_field(model, name))
    field.input_formats = DATE_INPUTS
    field.widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    field.error_messages["invalid"] = _("Nhập ngày dạng dd/mm/yyyy.")
    return field


class AwardTypeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name_vi} ({obj.code})"


class AwardTypeForm(forms.Form):
    """One award type; ``council`` is chosen at creation only (hidden when the admin has one)."""

    council = forms.ModelChoiceField(label=_("Hội đồng"), queryset=Council.objects.none())
    required_documents = forms.MultipleChoiceField(
        label=_("Hồ sơ bắt buộc"),
        choices=DocumentKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Các tài liệu đơn vị phải đính kèm trước khi gửi hồ sơ."),
    )
    prerequisite = AwardTypeChoice(label=_("Cần có danh hiệu"), queryset=AwardType.objects.none(), required=False)
    parent_award_type = AwardTypeChoice(
        label=_("Hình thức tương ứng ở hội đồng cấp trên"),
        queryset=AwardType.objects.none(),
        required=False,
        help_text=_(
            "Với hình thức đề nghị lên cấp trên: dòng đề nghị trở thành hình thức này ở hội đồng cấp trên. "
            "Chỉ chọn được trong danh sách của hội đồng cấp trên."
        ),
    )

    FIELD_ORDER = (
        "council",
        "code",
        "name_vi",
        "name_en",
        "kind",
        "for_individual",
        "for_collective",
        "for_household",
        "deciding_level",
        "issuing_authority",
        "issues_paper",
        "paper_title",
        "award_verb",
        "certificate_phrase",
        "decision_phrase",
        "household_naming",
        "achievement_max_chars",
        "needs_vote",
        "threshold_share",
        "threshold_comparison",
        "threshold_base",
        "carries_money",
        "required_documents",
        "prerequisite",
        "prerequisite_years",
        "parent_award_type",
        "ministry_0603_column",
        "is_active",
    )
    TEXT_FIELDS = (
        "code",
        "name_vi",
        "name_en",
        "issuing_authority",
        "paper_title",
        "award_verb",
        "certificate_phrase",
        "decision_phrase",
    )
    # left blank, these take the kind's wording (``award_wording.wording_defaults``)
    OPTIONAL_FIELDS = (
        "paper_title",
        "award_verb",
        "certificate_phrase",
        "decision_phrase",
        "household_naming",
        "achievement_max_chars",
    )

    def __init__(
        self, *args: Any, councils: QuerySet[Council] | None, award_type: AwardType | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for name in self.FIELD_ORDER:
            if name not in self.fields:
                self.fields[name] = _model_field(AwardType, name)
        self.order_fields(self.FIELD_ORDER)
        self._wording_fields(new=award_type is None)
        share = self.fields["threshold_share"]
        share.widget.attrs.update({"inputmode": "decimal", "min": "0", "max": "100"})
        self.award_type = award_type
        council_field = cast(forms.ModelChoiceField, self.fields["council"])
        if award_type is not None:
            del self.fields["council"]
            council_ids = [award_type.council_id]
            parent_ids = [award_type.council.parent_id] if award_type.council.parent_id else []
        else:
            del self.fields["is_active"]
            assert councils is not None  # noqa: S101  type narrowing for mypy, not a check
            council_field.queryset = councils
            council_ids = list(councils.values_list("pk", flat=True))
            parent_ids = [pk for pk in councils.values_list("parent_id", flat=True) if pk is not None]
            if len(council_ids) == 1:
                council_field.initial = council_ids[0]
                council_field.widget = forms.HiddenInput()
        prerequisites = AwardType.objects.filter(council_id__in=council_ids).order_by("council_id", "name_vi")
        if award_type is not None:
            prerequisites = prerequisites.exclude(pk=award_type.pk)
        cast(forms.ModelChoiceField, self.fields["prerequisite"]).queryset = prerequisites
        parents = cast(forms.ModelChoiceField, self.fields["parent_award_type"])
        parents.queryset = AwardType.objects.filter(council_id__in=parent_ids, is_active=True).order_by("name_vi")
        if award_type is not None and award_type.parent_award_type_id:
            # a mapping made before the parent's type was deactivated stays choosable
            parents.queryset = (
                parents.queryset | AwardType.objects.filter(pk=award_type.parent_award_type_id)
            ).distinct()
        if not parent_ids:
            parents.help_text = _("Hội đồng không có hội đồng cấp trên: để trống.")
        column = cast(forms.TypedChoiceField, self.fields["ministry_0603_column"])
        column.choices = [("", _("Không báo cáo trong mẫu 0603")), *MinistryAwardColumn.choices]

    def _wording_fields(self, *, new: bool) -> None:
        commendation = award_wording.wording_defaults(award_wording.COMMENDATION)
        title = award_wording.wording_defaults(award_wording.TITLE)
        for name in self.OPTIONAL_FIELDS:
            self.fields[name].required = False
        self.fields["paper_title"].widget.attrs["placeholder"] = _(
            "Để trống: “%(commendation)s” (khen thưởng), “%(title)s” (danh hiệu)"
        ) % {"commendation": commendation["paper_title"], "title": title["paper_title"]}
        self.fields["award_verb"].widget.attrs["placeholder"] = _(
            "Để trống: “%(commendation)s” (khen thưởng), không in (danh hiệu)"
        ) % {"commendation": commendation["award_verb"]}
        self.fields["certificate_phrase"].widget.attrs["placeholder"] = _(
            "Để trống: “Đạt danh hiệu “…”” (danh hiệu), không in (khen thưởng)"
        )
        # no empty choice: left blank (not posted), the kind's naming is taken
        cast(forms.TypedChoiceField, self.fields["household_naming"]).choices = award_wording.HouseholdNaming.choices
        limit = self.fields["achievement_max_chars"]
        limit.widget.attrs.update({"inputmode": "numeric", "step": "1"})
        limit.error_messages["invalid"] = _("Nhập một số nguyên, ví dụ 300.")
        limit.help_text = _(
            "Thành tích dài hơn bị từ chối ngay khi nhập dòng đề nghị. Mẫu Giấy khen A4 in được khoảng "
            "%(chars)s ký tự ở cỡ chữ nhỏ nhất."
        ) % {"chars": commendation["achievement_max_chars"]}
        if new:  # the kind-independent defaults; the texts follow the kind chosen (placeholders)
            self.initial.setdefault("household_naming", commendation["household_naming"])
            self.initial.setdefault("achievement_max_chars", commendation["achievement_max_chars"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in self.TEXT_FIELDS:
            if isinstance(data.get(name), str):
                data[name] = nfc(data[name]).strip()
        council = data.get("council") or (self.award_type.council if self.award_type else None)
        parent = data.get("parent_award_type")
        if council is not None and parent is not None and parent.council_id != council.parent_id:
            self.add_error("parent_award_type", _("Chỉ chọn được một hình thức của hội đồng cấp trên."))
        prerequisite = data.get("prerequisite")
        if council is not None and prerequisite is not None and prerequisite.council_id != council.pk:
            self.add_error("prerequisite", _("Chỉ chọn được một hình thức của chính hội đồng."))
        return data

    def fields_for_service(self) -> dict[str, Any]:
        """The cleaned data as the services take it (``council`` apart)."""
        return {name: value for name, value in self.cleaned_data.items() if name != "council"}

    @staticmethod
    def initial_for(award_type: AwardType) -> dict[str, Any]:
        names = [name for name in AwardTypeForm.FIELD_ORDER if name != "council"]
        initial = {name: getattr(award_type, name) for name in names}
        initial["prerequisite"] = award_type.prerequisite_id
        initial["parent_award_type"] = award_type.parent_award_type_id
        return initial


class AwardRateForm(forms.Form):
    """One dated version of an award type's money: a multiple of the base salary."""

    nominee_kind = forms.ChoiceField(label=_("Đối tượng"), choices=NomineeKind.choices)

    def __init__(self, *args: Any, award_type: AwardType, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = [(value, label) for value, label in NomineeKind.choices if award_type.allows(value)]
        cast(forms.ChoiceField, self.fields["nominee_kind"]).choices = kinds
        multiplier = _model_field(AwardRate, "multiplier")
        multiplier.widget.attrs.update({"inputmode": "decimal", "min": "0"})
        multiplier.help_text = _("Số lần mức lương cơ sở, ví dụ 0,3 hoặc 1,5.")
        self.fields["multiplier"] = multiplier
        self.fields["valid_from"] = _date_field(AwardRate, "valid_from")
        until = _date_field(AwardRate, "valid_until")
        until.help_text = _("Để trống nếu còn áp dụng.")
        self.fields["valid_until"] = until

    def clean_multiplier(self) -> Any:
        value = self.cleaned_data["multiplier"]
        if value is not None and value <= 0:
            raise forms.ValidationError(_("Hệ số phải lớn hơn 0."))
        return value

    @staticmethod
    def initial_for(rate: AwardRate) -> dict[str, Any]:
        return {
            "nominee_kind": rate.nominee_kind,
            "multiplier": rate.multiplier,
            "valid_from": rate.valid_from,
            "valid_until": rate.valid_until,
        }
