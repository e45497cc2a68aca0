"""The kinds of notice: a verb, a label for the preferences page, and whether
the rules require it (then no one can turn it off).  Texts live in
templates/notifications/<language>/<verb>.txt: the first line is the subject."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NoticeKind:
    verb: str
    label: str | Promise
    required: bool = False


KINDS: dict[str, NoticeKind] = {
    kind.verb: kind
    for kind in (
        NoticeKind("dossier_submitted", _("Đơn vị gửi hồ sơ (cho thường trực)")),
        NoticeKind("dossier_resubmitted", _("Đơn vị gửi lại hồ sơ (cho thường trực)")),
        NoticeKind("dossier_recalled", _("Đơn vị thu hồi hồ sơ (cho thường trực)")),
        NoticeKind("dossier_withdrawn", _("Đơn vị rút hồ sơ (cho thường trực)")),
        NoticeKind("dossier_returned", _("Hồ sơ bị trả lại để bổ sung (cho đơn vị)"), required=True),
        NoticeKind("dossier_accepted", _("Hồ sơ được chấp nhận đưa vào xét (cho đơn vị)"), required=True),
        NoticeKind("round_closing", _("Nhắc hạn nộp hồ sơ của đợt xét (cho đơn vị)"), required=True),
        NoticeKind("round_extended", _("Gia hạn nộp hồ sơ của đợt xét (cho đơn vị)"), required=True),
        NoticeKind("due_reminder", _("Nhắc việc sắp đến hạn")),
        NoticeKind("task_overdue", _("Việc quá hạn (nhắc và báo lên cấp trên)"), required=True),
        NoticeKind("ballot_open", _("Mở bỏ phiếu tại phiên họp hội đồng (cho thành viên)"), required=True),
        NoticeKind("ballot_reminder", _("Nhắc thành viên chưa bỏ phiếu trước khi hết hạn")),
        NoticeKind("decision_result", _("Kết quả xét khen thưởng khi quyết định vào số (cho đơn vị)"), required=True),
        NoticeKind("higher_result", _("Kết quả xét của hội đồng cấp trên (cho đơn vị)"), required=True),
        NoticeKind("session_closed", _("Phiên họp kết thúc bỏ phiếu, chờ quyết định (cho chủ tịch)"), required=True),
        NoticeKind("documents_ready", _("Văn bản và Giấy khen của quyết định đã tạo xong (cho thường trực)")),
        NoticeKind(
            "documents_failed", _("Lỗi khi tạo văn bản, Giấy khen của quyết định (cho thường trực)"), required=True
        ),
    )
}


def kind_for(verb: str) -> NoticeKind:
    return KINDS.get(verb) or NoticeKind(verb, verb)
