"""The bulk entry templates: for a dossier and a kind of nominee, the .xlsx whose header row the
bulk reader (``services.BULK_HEADERS``) reads, with the round's award types of that kind as a
drop-down and an example on the guide sheet (``printing.bulk_template`` builds the file).  Reads
only."""

from __future__ import annotations

from django.http import Http404
from django.utils import formats, translation
from django.utils.translation import gettext as _

from common import uploads
from nominations import selectors
from nominations.models import Gender, Nomination, NomineeKind
from nominations.services import BULK_TEMPLATE_HEADERS
from printing.bulk_template import BulkTemplate, TemplateColumn, bulk_template_xlsx

# the headers are the reader's own words and stay Vietnamese whatever the page's language
_WIDTHS = {"Họ và tên": 28, "Tên tập thể": 36, "Chủ hộ": 28, "Ngày sinh": 14, "Giới tính": 10, "Chức vụ": 26}
_WIDTHS |= {"Địa chỉ": 30, "Hình thức": 36, "Thành tích": 60}
_EXAMPLES = {
    NomineeKind.INDIVIDUAL: {
        "Họ và tên": "Nguyễn Văn An",
        "Ngày sinh": "15/03/1985",
        "Giới tính": "Nam",
        "Chức vụ": "Giáo viên",
        "Thành tích": "Hoàn thành xuất sắc nhiệm vụ năm học",
    },
    NomineeKind.COLLECTIVE: {"Tên tập thể": "Tổ chuyên môn Toán", "Thành tích": "Hoàn thành tốt nhiệm vụ năm học"},
    NomineeKind.HOUSEHOLD: {
        "Chủ hộ": "Lê Thị Hoa",
        "Giới tính": "Nữ",
        "Địa chỉ": "Tiểu khu 1",
        "Thành tích": "Gương mẫu chấp hành chủ trương, chính sách",
    },
}
FILE_NAMES = {
    NomineeKind.INDIVIDUAL: "mau-danh-sach-ca-nhan.xlsx",
    NomineeKind.COLLECTIVE: "mau-danh-sach-tap-the.xlsx",
    NomineeKind.HOUSEHOLD: "mau-danh-sach-ho-gia-dinh.xlsx",
}


def _help(title: str) -> str:
    helps = {
        "Ngày sinh": _("Ngày/tháng/năm (ví dụ 15/03/1985), hoặc chỉ năm sinh (ví dụ 1970)."),
        "Giới tính": _("Nam hoặc Nữ."),
        "Hình thức": _("Chọn trong danh sách: các hình thức của đợt xét."),
        "Chủ hộ": _("Giấy khen in “Gia đình ông …” hoặc “Gia đình bà …” theo giới tính chủ hộ."),
    }
    return helps.get(title, "")


def line_template_xlsx(*, nomination: Nomination, kind: str) -> bytes:
    """The template of ``kind`` (a ``NomineeKind`` value; another is a 404) for the dossier's round."""
    if kind not in BULK_TEMPLATE_HEADERS:
        raise Http404
    nominee_kind = NomineeKind(kind)
    awards = [
        (award.code, award.name_vi)
        for award in selectors.round_award_types(round=nomination.round)
        if award.allows(nominee_kind)
    ]
    with translation.override("vi"):
        genders = [str(label) for value, label in Gender.choices if value != Gender.OTHER]
    example = dict(_EXAMPLES[nominee_kind])
    if awards:
        example["Hình thức"] = f"{awards[0][0]} – {awards[0][1]}"
    columns = [
        TemplateColumn(
            title,
            width=_WIDTHS.get(title, 20),
            help=_help(title),
            kind={"Hình thức": "award", "Giới tính": "gender"}.get(title, "text"),
            choices=genders if title == "Giới tính" else (),
        )
        for title in BULK_TEMPLATE_HEADERS[nominee_kind]
    ]
    template = BulkTemplate(
        sheet_title=str(nominee_kind.label),
        columns=columns,
        awards=awards,
        example=[example.get(column.title, "") for column in columns],
        guide_title=_("Mẫu danh sách đề nghị: %(kind)s") % {"kind": nominee_kind.label},
        instructions=[
            _("Điền từ dòng 2 của trang đầu, mỗi dòng một đối tượng; giữ nguyên dòng tiêu đề."),
            _("Dòng ví dụ dưới đây chỉ để tham khảo, không được nhập."),
            _("Mỗi lần nhập tối đa %(rows)s dòng, tệp không quá %(size)s MB.")
            % {
                "rows": formats.number_format(uploads.limit("SPREADSHEET_MAX_ROWS"), force_grouping=True),
                "size": uploads.megabytes(uploads.limit("SPREADSHEET_MAX_BYTES")),
            },
            _("Sau khi tải lên, trang nhập cho xem trước từng dòng; chỉ khi bấm “Nhập tất cả” các dòng mới được lưu."),
        ],
        example_caption=_("Ví dụ (không nhập dòng này):"),
        awards_caption=_("Các hình thức của đợt xét:"),
        rows=min(uploads.limit("SPREADSHEET_MAX_ROWS"), 1000),
    )
    return bulk_template_xlsx(template)
