"""Forms of the council session pages.  The per-member and per-line inputs
(attendance, ballots, the chairman's approvals) are read by ``parse_*`` below
and handed to the services as they came, so that a line that is not on the
agenda, or a state that is not allowed, is refused by the service with its own
message rather than silently dropped."""

from __future__ import annotations

import re
from typing import Any, cast

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from councils.models import User
from nominations.models import Round

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
DATETIME_INPUTS = [DATETIME_LOCAL, "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"]


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.username


def _datetime_field(label: Any, *, required: bool, help_text: Any = "") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=DATETIME_INPUTS,
        help_text=help_text,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
    )


class SessionCreateForm(forms.Form):
    round = forms.ModelChoiceField(label=_("Đợt xét"), queryset=Round.objects.none())
    held_at = _datetime_field(_("Thời gian họp"), required=True)
    place = forms.CharField(label=_("Địa điểm"), max_length=200)
    chair = PersonChoiceField(label=_("Chủ trì"), queryset=User.objects.none())
    secretary = PersonChoiceField(label=_("Thư ký phiên họp"), queryset=User.objects.none())
    allow_written_votes = forms.BooleanField(
        label=_("Cho phép thành viên vắng bỏ phiếu bằng văn bản"), required=False, initial=True
    )

    def __init__(self, *args: Any, rounds: Any, chairs: Any, secretaries: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (("round", rounds), ("chair", chairs), ("secretary", secretaries)):
            cast(forms.ModelChoiceField, self.fields[name]).queryset = queryset


class OpenVotingForm(forms.Form):
    closes_at = _datetime_field(
        _("Hạn bỏ phiếu"),
        required=False,
        help_text=_(
            "Để trống nếu kết thúc bỏ phiếu ngay tại phiên họp. Có hạn thì thành viên chưa bỏ phiếu được nhắc."
        ),
    )


class CloseVotingForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do kết thúc sớm"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Chỉ cần khi còn thành viên chưa bỏ phiếu và chưa đến hạn; lý do được ghi vào biên bản."),
    )


class SubjectForm(forms.Form):
    subject = forms.CharField(
        label=_("Trích yếu của quyết định"),
        max_length=300,
        required=False,
        help_text=_("Để trống để dùng trích yếu mặc định theo đợt xét."),
    )


_ITEM = re.compile(r"item_(\d+)")
_ATTENDANCE = re.compile(r"attendance_(\d+)")
_REASON = re.compile(r"reason_(\d+)")


def _by_id(data: QueryDict, pattern: re.Pattern[str]) -> dict[int, str]:
    found = {}
    for key in data:
        match = pattern.fullmatch(key)
        value = data.get(key, "")
        if match and isinstance(value, str) and value != "":
            found[int(match.group(1))] = value
    return found


def parse_choices(data: QueryDict) -> dict[int, str]:
    """``item_<agenda item id>`` = agree / disagree / blank."""
    return _by_id(data, _ITEM)


def parse_attendance(data: QueryDict) -> dict[int, str]:
    """``attendance_<user id>`` = present / written / absent."""
    return _by_id(data, _ATTENDANCE)


def parse_ids(data: QueryDict, name: str) -> list[int] | None:
    """The integer values of a multi-valued field; None when one is not a number."""
    try:
        return [int(value) for value in data.getlist(name)]
    except ValueError:
        return None


def parse_reasons(data: QueryDict) -> dict[int, str]:
    """``reason_<agenda item id>``: why the chairman leaves a passing line out."""
    return {item_id: value.strip() for item_id, value in _by_id(data, _REASON).items() if value.strip()}
