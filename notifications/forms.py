from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from notifications.models import Channel
from notifications.selectors import PreferenceRow

CHANNELS = (Channel.IN_APP, Channel.EMAIL)


def field_name(verb: str, channel: str) -> str:
    return f"{verb}__{channel}"


@dataclass(frozen=True)
class PreferenceFormRow:
    row: PreferenceRow
    in_app: forms.BoundField
    email: forms.BoundField


class PreferencesForm(forms.Form):
    """The language of the notices and one checkbox per kind and channel.

    A kind the rules require is a disabled, checked box: Django ignores what a
    POST says for a disabled field and keeps it on (``preferences_set`` does too)."""

    language = forms.ChoiceField(
        label=_("Ngôn ngữ của thông báo"),
        choices=settings.LANGUAGES,
        help_text=_("Tiêu đề và nội dung thông báo, thư điện tử gửi cho bạn được viết bằng ngôn ngữ này."),
    )

    def __init__(self, *args: Any, rows: list[PreferenceRow], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            for channel, enabled in ((Channel.IN_APP, row.in_app), (Channel.EMAIL, row.email)):
                self.fields[field_name(row.verb, channel)] = forms.BooleanField(
                    label=f"{row.label} – {channel.label}",
                    required=False,
                    initial=True if row.required else enabled,
                    disabled=row.required,
                )

    def table(self) -> list[PreferenceFormRow]:
        return [
            PreferenceFormRow(
                row=row,
                in_app=self[field_name(row.verb, Channel.IN_APP)],
                email=self[field_name(row.verb, Channel.EMAIL)],
            )
            for row in self.rows
        ]

    def choices(self) -> dict[tuple[str, str], bool]:
        return {
            (row.verb, channel): bool(self.cleaned_data[field_name(row.verb, channel)])
            for row in self.rows
            for channel in CHANNELS
        }
