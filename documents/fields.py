"""The names of a certificate's variable fields, as the settings page and its messages show them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# What each field of a pre-printed blank holds.
FIELD_LABELS = {
    "awardee": _("Tên người, tập thể được khen"),
    "unit": _("Chức vụ, đơn vị"),
    "achievement": _("Thành tích"),
    "decision_line": _("Số, ngày quyết định"),
    "serial": _("Số vào sổ"),
    "place_date": _("Địa danh, ngày tháng"),
    "signer_name": _("Họ tên người ký"),
    "qr": _("Mã QR xác minh"),
}


def field_label(name: str) -> str:
    return str(FIELD_LABELS.get(name, name))
