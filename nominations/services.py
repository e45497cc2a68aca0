"""Writes on the council's data. Each service validates, runs in one
transaction and raises ``ValidationError`` with a message a user can read."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common import uploads
from common.text import fold, name_sort_key, nfc, nfc_text
from councils import access
from councils.models import Unit
from nominations import award_wording, certificate_fit, locks
from nominations.models import (
    Attachment,
    AwardMethod,
    AwardType,
    Collective,
    DocumentKind,
    Gender,
    Household,
    Nomination,
    NominationLine,
    NominationStatus,
    NomineeKind,
    Person,
    Round,
    RoundAwardType,
    RoundQuota,
    SubjectCategory,
    Transition,
    TransitionAction,
)
from nominations.selectors import unit_award_count

# --- People, collectives, households ----------------------------------------


def person_create(
    *,
    council_id: int,
    full_name: str,
    birth_date: dt.date | None = None,
    gender: str = "",
    position: str = "",
    unit: Unit | None = None,
    citizen_id: str = "",
) -> Person:
    full_name = nfc(full_name)
    if not full_name:
        raise ValidationError(_("Họ và tên không được để trống."))
    person = Person(
        council_id=council_id,
        full_name=full_name,
        birth_date=birth_date,
        gender=gender,
        position=nfc(position),
        unit=unit,
        citizen_id=nfc(citizen_id),
        search_name=fold(full_name),
        sort_key=name_sort_key(full_name),
    )
    person.full_clean()
    person.save()
    return person


def person_find_or_create(
    *,
    council_id: int,
    full_name: str,
    birth_date: dt.date | None,
    gender: str = "",
    position: str = "",
    unit: Unit | None = None,
) -> Person:
    """The same person across years: same name (NFC) and birth date in the council."""
    full_name = nfc(full_name)
    existing = Person.objects.filter(council_id=council_id, full_name=full_name, birth_date=birth_date).first()
    if existing:
        return existing
    return person_create(
        council_id=council_id, full_name=full_name, birth_date=birth_date, gender=gender, position=position, unit=unit
    )


def collective_find_or_create(*, council_id: int, name: str, unit: Unit | None = None) -> Collective:
    name = nfc(name)
    if not name:
        raise ValidationError(_("Tên tập thể không được để trống."))
    collective = Collective.objects.filter(council_id=council_id, name=name).first()
    if collective:
        return collective
    collective = Collective(council_id=council_id, name=name, unit=unit, search_name=fold(name))
    collective.full_clean()
    collective.save()
    return collective


def household_find_or_create(
    *, council_id: int, head_name: str, address: str = "", unit: Unit | None = None, head_gender: str = ""
) -> Household:
    """The council's household of that head, address and unit, or a new one; a head's gender given
    now is recorded on a household that had none (its papers then say "ông" or "bà")."""
    head_name, address = nfc(head_name), nfc(address)
    if not head_name:
        raise ValidationError(_("Tên chủ hộ không được để trống."))
    household = Household.objects.filter(council_id=council_id, head_name=head_name, address=address, unit=unit).first()
    if household:
        if head_gender and not household.head_gender:
            household.head_gender = head_gender
            household.full_clean()
            household.save(update_fields=["head_gender"])
        return household
    household = Household(
        council_id=council_id,
        head_name=head_name,
        head_gender=head_gender,
        address=address,
        unit=unit,
        search_name=fold(f"{head_name} {address}"),
        sort_key=name_sort_key(head_name),
    )
    household.full_clean()
    household.save()
    return household


# --- Dossiers ---------------------------------------------------------------


def ensure_round_open(round: Round) -> None:
    if not round.is_open():
        closes = timezone.localtime(round.closes_at)
        raise ValidationError(
            _("Đợt “%(name)s” đã hết hạn nhận hồ sơ (hạn nộp %(deadline)s) hoặc chưa mở.")
            % {"name": round.name, "deadline": closes.strftime("%H:%M %d/%m/%Y")}
        )


def ensure_editable(nomination: Nomination) -> None:
    if not nomination.is_editable:
        raise ValidationError(
            _("Hồ sơ đang ở trạng thái “%(status)s”, không sửa được.") % {"status": nomination.get_status_display()}
        )


@transaction.atomic
def nomination_create(*, actor: Any, unit: Unit, round: Round, title: str, note: str = "") -> Nomination:
    """A unit's draft dossier in a round (the flow is started by ``workflows.services.dossier_create``)."""
    access.require_unit(actor, unit.pk, _("Bạn không thuộc đơn vị này."))
    if round.council_id != unit.council_id:
        raise ValidationError(_("Đợt xét này không thuộc hội đồng của đơn vị."))
    ensure_round_open(round)
    nomination = Nomination(
        round=round,
        unit=unit,
        unit_name=unit.name,
        title=nfc(title),
        note=nfc_text(note),
        created_by=actor,
        status=NominationStatus.DRAFT,
    )
    if not nomination.title:
        raise ValidationError(_("Trích yếu hồ sơ không được để trống."))
    nomination.full_clean()
    nomination.save()
    nomination_record(
        nomination=nomination, action=TransitionAction.CREATED, to_status=NominationStatus.DRAFT, actor=actor
    )
    return nomination


@transaction.atomic
def nomination_update(*, actor: Any, nomination: Nomination, title: str, note: str) -> Nomination:
    _ensure_unit(actor, nomination)
    ensure_editable(nomination)
    nomination.title, nomination.note = nfc(title), nfc_text(note)
    if not nomination.title:
        raise ValidationError(_("Trích yếu hồ sơ không được để trống."))
    nomination.full_clean()
    nomination.save(update_fields=["title", "note"])
    return nomination


def nomination_record(
    *, nomination: Nomination, action: str, to_status: str, actor: Any, reason: str = "", from_status: str | None = None
) -> Transition:
    """Record one transition (who, when, why); called inside the caller's transaction."""
    return Transition.objects.create(
        nomination=nomination,
        action=action,
        from_status=nomination.status if from_status is None else from_status,
        to_status=to_status,
        actor=actor,
        reason=nfc_text(reason),
    )


def nomination_set_status(
    *, nomination: Nomination, status: str, action: str, actor: Any, reason: str = "", **fields: Any
) -> Transition:
    """Move a dossier to ``status`` and record it; only the flow services call this."""
    previous = nomination.status
    nomination.status = status
    for name, value in fields.items():
        setattr(nomination, name, value)
    nomination.save(update_fields=["status", *fields.keys()])
    return nomination_record(
        nomination=nomination, action=action, to_status=status, actor=actor, reason=reason, from_status=previous
    )


# --- Lines ------------------------------------------------------------------

SUBJECT_FOR_KIND = {
    NomineeKind.COLLECTIVE: {SubjectCategory.COLLECTIVE, SubjectCategory.ENTERPRISE},
    NomineeKind.HOUSEHOLD: {SubjectCategory.HOUSEHOLD},
    NomineeKind.INDIVIDUAL: {
        SubjectCategory.LEADER_CENTRAL,
        SubjectCategory.LEADER_DEPARTMENT,
        SubjectCategory.BUSINESS,
        SubjectCategory.LEADER_OTHER,
        SubjectCategory.DIRECT_WORKER,
    },
}
DEFAULT_SUBJECT = {
    NomineeKind.COLLECTIVE: SubjectCategory.COLLECTIVE,
    NomineeKind.HOUSEHOLD: SubjectCategory.HOUSEHOLD,
    NomineeKind.INDIVIDUAL: SubjectCategory.DIRECT_WORKER,
}


def _quota_for(offer: RoundAwardType, unit: Unit) -> int | None:
    limits = []
    if offer.quota_count is not None:
        limits.append(offer.quota_count)
    if offer.quota_percent is not None:
        limits.append(math.floor(Decimal(unit.staff_count) * offer.quota_percent / Decimal(100)))
    # the unit's own quota for this award type, set on the round's quota page
    unit_quota = (
        RoundQuota.objects.filter(round_id=offer.round_id, unit=unit, award_type_id=offer.award_type_id)
        .values_list("quota", flat=True)
        .first()
    )
    if unit_quota is not None:
        limits.append(unit_quota)
    return min(limits) if limits else None


def _check_line(
    *,
    nomination: Nomination,
    award_type: AwardType,
    nominee_kind: str,
    achievement: str,
    subject_category: str,
    method: str,
    extra_in_batch: int = 0,
    exclude_line_id: int | None = None,
    nominee: NomineeData | None = None,
) -> None:
    offer = RoundAwardType.objects.filter(round_id=nomination.round_id, award_type=award_type).first()
    if offer is None or not award_type.is_active:
        raise ValidationError(
            _("“%(award)s” không có trong các hình thức xét của đợt này.") % {"award": award_type.name_vi}
        )
    if not award_type.allows(nominee_kind):
        raise ValidationError(
            _("“%(award)s” không xét cho đối tượng “%(kind)s”.")
            % {"award": award_type.name_vi, "kind": NomineeKind(nominee_kind).label}
        )
    if not achievement:
        raise ValidationError(_("Chưa nhập tóm tắt thành tích."))
    # refused when typed, not when its certificate is built after the decision
    misfits = certificate_fit.fit_errors(
        award_type,
        printed_name=printed_nominee_name(award_type, nominee) if nominee is not None else "",
        achievement=achievement,
        year=nomination.round.year,
    )
    if misfits:
        code, message = misfits[0]
        raise ValidationError(message, code=code)
    if subject_category not in SUBJECT_FOR_KIND[NomineeKind(nominee_kind)]:
        raise ValidationError(_("Phân loại đối tượng không phù hợp với loại đối tượng được đề nghị."))
    if method not in AwardMethod.values:
        raise ValidationError(_("Phương thức khen thưởng không hợp lệ."))
    quota = _quota_for(offer, nomination.unit)
    if quota is not None:
        used = unit_award_count(
            round=nomination.round, unit=nomination.unit, award_type=award_type, exclude_line_id=exclude_line_id
        )
        if used + extra_in_batch + 1 > quota:
            raise ValidationError(
                _("Vượt chỉ tiêu: đơn vị được đề nghị tối đa %(quota)s “%(award)s” trong đợt này (đã có %(used)s).")
                % {"quota": quota, "award": award_type.name_vi, "used": used + extra_in_batch}
            )


@dataclass
class NomineeData:
    """What identifies a nominee on a line, before it is matched to a stored row."""

    kind: str
    full_name: str = ""
    birth_date: dt.date | None = None
    gender: str = ""
    position: str = ""
    person: Person | None = None
    collective_name: str = ""
    household_head: str = ""
    household_address: str = ""


def printed_nominee_name(award_type: AwardType, nominee: NomineeData) -> str:
    """The nominee's name as the certificate prints it: "Ông Nguyễn Văn An", the collective's name,
    "Hộ gia đình bà Lê Thị Hoa"."""
    if nominee.kind == NomineeKind.HOUSEHOLD:
        return award_type.household_name(nominee.household_head, nominee.gender) if nominee.household_head else ""
    if nominee.kind == NomineeKind.COLLECTIVE:
        return nfc(nominee.collective_name)
    name = nominee.person.full_name if nominee.person else nfc(nominee.full_name)
    gender = nominee.person.gender if nominee.person else nominee.gender
    return f"{award_wording.PERSON_TITLES.get(gender, '')} {name}".strip() if name else ""


def _resolve_nominee(nomination: Nomination, data: NomineeData) -> dict[str, Any]:
    council_id = nomination.unit.council_id
    if data.kind == NomineeKind.INDIVIDUAL:
        person = data.person or person_find_or_create(
            council_id=council_id,
            full_name=data.full_name,
            birth_date=data.birth_date,
            gender=data.gender,
            position=data.position,
            unit=nomination.unit,
        )
        if person.council_id != council_id:
            raise ValidationError(_("Người được đề nghị không thuộc hội đồng này."))
        return {"person": person}
    if data.kind == NomineeKind.COLLECTIVE:
        return {
            "collective": collective_find_or_create(
                council_id=council_id, name=data.collective_name, unit=nomination.unit
            )
        }
    if data.kind == NomineeKind.HOUSEHOLD:
        return {
            "household": household_find_or_create(
                council_id=council_id,
                head_name=data.household_head,
                address=data.household_address,
                unit=nomination.unit,
                head_gender=data.gender,
            )
        }
    raise ValidationError(_("Loại đối tượng không hợp lệ."))


@transaction.atomic
def line_add(
    *,
    actor: Any,
    nomination: Nomination,
    award_type: AwardType,
    nominee: NomineeData,
    achievement: str,
    method: str = AwardMethod.REGULAR,
    subject_category: str = "",
) -> NominationLine:
    nomination = _locked_editable(actor, nomination)
    achievement = nfc_text(achievement)
    subject_category = subject_category or DEFAULT_SUBJECT[NomineeKind(nominee.kind)]
    _check_line(
        nomination=nomination,
        award_type=award_type,
        nominee_kind=nominee.kind,
        achievement=achievement,
        subject_category=subject_category,
        method=method,
        nominee=nominee,
    )
    line = _build_line(
        nomination,
        PlannedLine(award_type, nominee, achievement, method, subject_category),
        position=_last_position(nomination) + 1,
    )
    line.full_clean()
    line.save()
    return line


@dataclass(frozen=True)
class PlannedLine:
    """A line checked and ready to be written."""

    award_type: AwardType
    nominee: NomineeData
    achievement: str
    method: str
    subject_category: str


def _ensure_unit(actor: Any, nomination: Nomination) -> None:
    access.require_unit(actor, nomination.unit_id, _("Bạn không thuộc đơn vị của hồ sơ này."))


def _locked_editable(actor: Any, nomination: Nomination) -> Nomination:
    """The dossier re-read under a row lock (a copy loaded before it was submitted must not
    change it), once the actor is known to work for its unit and it is still editable."""
    _ensure_unit(actor, nomination)
    locked = locks.nominations_for_update().select_related("unit", "round").get(pk=nomination.pk)
    ensure_editable(locked)
    return locked


def _last_position(nomination: Nomination) -> int:
    return nomination.lines.order_by("-position").values_list("position", flat=True).first() or 0


def _build_line(nomination: Nomination, planned: PlannedLine, *, position: int) -> NominationLine:
    """The one way a line is made, for one line and for a bulk list alike."""
    return NominationLine(
        nomination=nomination,
        position=position,
        award_type=planned.award_type,
        nominee_kind=planned.nominee.kind,
        achievement=planned.achievement,
        method=planned.method,
        subject_category=planned.subject_category,
        **_resolve_nominee(nomination, planned.nominee),
    )


@transaction.atomic
def line_remove(*, actor: Any, line: NominationLine) -> None:
    _ensure_unit(actor, line.nomination)
    ensure_editable(line.nomination)
    line.delete()


# --- Bulk entry: a pasted table or a spreadsheet ------------------------------

BULK_HEADERS = {
    "họ và tên": "name",
    "ho va ten": "name",
    "họ tên": "name",
    "ho ten": "name",
    "tên": "name",
    "ten": "name",
    "chủ hộ": "name",
    "chu ho": "name",
    "tên tập thể": "name",
    "ten tap the": "name",
    "ngày sinh": "birth_date",
    "ngay sinh": "birth_date",
    "năm sinh": "birth_date",
    "nam sinh": "birth_date",
    "giới tính": "gender",
    "gioi tinh": "gender",
    "chức vụ": "position",
    "chuc vu": "position",
    "địa chỉ": "address",
    "dia chi": "address",
    "hình thức": "award",
    "hinh thuc": "award",
    "mã hình thức": "award",
    "ma hinh thuc": "award",
    "đối tượng": "kind",
    "doi tuong": "kind",
    "thành tích": "achievement",
    "thanh tich": "achievement",
    "tóm tắt thành tích": "achievement",
    "tom tat thanh tich": "achievement",
}
KIND_WORDS = {
    "cá nhân": NomineeKind.INDIVIDUAL,
    "ca nhan": NomineeKind.INDIVIDUAL,
    "individual": NomineeKind.INDIVIDUAL,
    "tập thể": NomineeKind.COLLECTIVE,
    "tap the": NomineeKind.COLLECTIVE,
    "collective": NomineeKind.COLLECTIVE,
    "hộ gia đình": NomineeKind.HOUSEHOLD,
    "ho gia dinh": NomineeKind.HOUSEHOLD,
    "hộ": NomineeKind.HOUSEHOLD,
    "household": NomineeKind.HOUSEHOLD,
}
GENDER_WORDS = {
    "nam": Gender.MALE,
    "nữ": Gender.FEMALE,
    "nu": Gender.FEMALE,
    "male": Gender.MALE,
    "female": Gender.FEMALE,
}


class BulkImportError(ValidationError):
    """Raised with one message per bad row; nothing is saved."""


def _parse_date(value: str) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()  # noqa: DTZ007 - a calendar date, no time zone
        except ValueError:
            continue
    if value.isdigit() and len(value) == 4:
        return dt.date(int(value), 1, 1)
    raise ValueError(value)


BULK_MAX_COLUMNS = 40  # columns read of each row of a sheet


def _too_many_rows(max_rows: int) -> ValidationError:
    return ValidationError(
        _("Danh sách có hơn %(limit)s dòng; mỗi lần nhập tối đa %(limit)s dòng. Hãy chia thành nhiều lần.")
        % {"limit": max_rows}
    )


def read_table(*, text: str | None = None, upload: UploadedFile | None = None) -> list[list[str]]:
    """Rows of cells from pasted text (tabs, as copied from a spreadsheet, or ;/, CSV) or an .xlsx file."""
    max_rows = uploads.limit("SPREADSHEET_MAX_ROWS")
    if upload is not None:
        import openpyxl

        name = uploads.safe_original_name(upload.name or "")
        if upload.size is not None and upload.size > uploads.limit("SPREADSHEET_MAX_BYTES"):
            raise ValidationError(
                _("Tệp “%(name)s” quá lớn: tối đa %(limit)s MB.")
                % {"name": name, "limit": uploads.megabytes(uploads.limit("SPREADSHEET_MAX_BYTES"))}
            )
        data = upload.read(uploads.limit("SPREADSHEET_MAX_BYTES") + 1)
        upload.seek(0)
        if not data.startswith(b"PK\x03\x04"):
            raise ValidationError(_("Tệp danh sách phải là bảng tính Excel (.xlsx)."))
        try:
            uploads.spreadsheet_check(data=data, name=name)
        except ValidationError as exc:
            if exc.code != "upload_mismatch":
                raise
            raise ValidationError(_("Không đọc được tệp Excel: tệp bị hỏng hoặc không đúng định dạng.")) from exc
        try:
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise ValidationError(_("Không đọc được tệp Excel: tệp bị hỏng hoặc không đúng định dạng.")) from exc
        sheet = workbook.worksheets[0]
        rows = []
        # a sheet may claim far rows and columns with few row tags: the blank rows openpyxl yields
        # in between are counted, and the width is capped
        width = min(sheet.max_column or BULK_MAX_COLUMNS, BULK_MAX_COLUMNS)
        for scanned, row in enumerate(sheet.iter_rows(values_only=True, max_col=width), start=1):
            if scanned > 5 * max_rows:
                workbook.close()
                raise _too_many_rows(max_rows)
            cells = []
            for cell in row:
                if isinstance(cell, dt.datetime):
                    cells.append(cell.strftime("%d/%m/%Y"))
                elif isinstance(cell, dt.date):
                    cells.append(cell.strftime("%d/%m/%Y"))
                elif cell is None:
                    cells.append("")
                else:
                    cells.append(nfc(str(cell)))
            rows.append(cells)
        workbook.close()
        rows = [row for row in rows if any(cell.strip() for cell in row)]
        if len(rows) > max_rows + 1:
            raise _too_many_rows(max_rows)
        return rows
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    lines = [line for line in text.split("\n") if line.strip()]
    if not lines:
        return []
    if len(lines) > max_rows + 1:
        raise _too_many_rows(max_rows)
    delimiter = "\t" if "\t" in lines[0] else (";" if ";" in lines[0] else ",")
    return [[nfc(cell) for cell in row] for row in csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)]


class BulkColumns:
    """Where each known column stands in a pasted table or a sheet, from its header row."""

    def __init__(self, header: list[str]) -> None:
        self.index: dict[str, int] = {}
        for position, title in enumerate(header):
            column = BULK_HEADERS.get(fold(title)) or BULK_HEADERS.get(nfc(title).lower())
            if column and column not in self.index:
                self.index[column] = position
        if "name" not in self.index:
            raise ValidationError(
                _(
                    "Dòng đầu phải là tiêu đề cột, có ít nhất cột “Họ và tên” (hoặc “Chủ hộ”, “Tên tập thể”) và “Thành tích”."
                )
            )

    def cell(self, row: list[str], column: str) -> str:
        position = self.index.get(column)
        return nfc(row[position]) if position is not None and position < len(row) else ""


@dataclass
class ParsedRow:
    """One data row as typed, with what is wrong with its own cells."""

    number: int
    name: str
    code: str
    award: AwardType | None
    nominee: NomineeData
    achievement: str
    problems: list[str]


def _bulk_parse(
    rows: list[list[str]], *, awards: dict[str, AwardType], default_award: AwardType | None, default_kind: str
) -> list[ParsedRow]:
    """Step 1: read each data row's cells into a nominee (no database)."""
    columns = BulkColumns(rows[0])
    parsed = []
    for number, row in enumerate(rows[1:], start=2):
        name = columns.cell(row, "name")
        problems = []
        award = default_award
        code = columns.cell(row, "award").upper()
        if code:
            award = awards.get(code)
            if award is None:
                problems.append(_("hình thức “%(code)s” không có trong đợt này") % {"code": code})
        elif award is None:
            problems.append(_("thiếu hình thức khen thưởng"))
        kind_word = columns.cell(row, "kind").lower()
        kind = KIND_WORDS.get(kind_word, KIND_WORDS.get(fold(kind_word))) if kind_word else default_kind
        if kind is None:
            problems.append(_("đối tượng “%(kind)s” không hợp lệ") % {"kind": kind_word})
            kind = default_kind
        if not name:
            problems.append(_("thiếu họ tên / tên"))
        achievement = columns.cell(row, "achievement")
        if not achievement:
            problems.append(_("thiếu tóm tắt thành tích"))
        birth_date = None
        try:
            birth_date = _parse_date(columns.cell(row, "birth_date"))
        except ValueError:
            problems.append(
                _("ngày sinh “%(value)s” không đúng dạng ngày/tháng/năm") % {"value": columns.cell(row, "birth_date")}
            )
        gender_word = columns.cell(row, "gender").lower()
        gender = GENDER_WORDS.get(gender_word, "") if gender_word else ""
        if gender_word and not gender:
            problems.append(_("giới tính “%(value)s” không hợp lệ") % {"value": gender_word})
        nominee = NomineeData(
            kind=kind,
            full_name=name,
            birth_date=birth_date,
            gender=gender,
            position=columns.cell(row, "position"),
            collective_name=name,
            household_head=name,
            household_address=columns.cell(row, "address"),
        )
        parsed.append(ParsedRow(number, name, code, award, nominee, achievement, problems))
    return parsed


def _bulk_validate(
    nomination: Nomination, parsed: list[ParsedRow], *, default_award: AwardType | None, method: str
) -> list[PlannedLine]:
    """Step 2: the rules every line obeys (the same ``_check_line`` as one line, counting the
    quotas of the rows above), and no row twice; every bad row is named, none is planned then."""
    errors: list[str] = []
    planned: list[PlannedLine] = []
    batch_counts: dict[int, int] = {}
    seen: set[tuple[str, str, str]] = set()
    for row in parsed:
        problems = list(row.problems)
        kind = row.nominee.kind
        # Two households may share a head's name (the address tells them apart); a person is
        # the same when name and birth date are.
        identity = (
            fold(row.name),
            fold(row.nominee.household_address) if kind == NomineeKind.HOUSEHOLD else str(row.nominee.birth_date or ""),
            row.code or (default_award.code if default_award else ""),
        )
        if row.name and identity in seen:
            problems.append(_("trùng với một dòng phía trên"))
        seen.add(identity)
        subject_category = DEFAULT_SUBJECT[NomineeKind(kind)]
        if row.award is not None and not problems:
            try:
                _check_line(
                    nomination=nomination,
                    award_type=row.award,
                    nominee_kind=kind,
                    achievement=row.achievement,
                    subject_category=subject_category,
                    method=method,
                    extra_in_batch=batch_counts.get(row.award.pk, 0),
                    nominee=row.nominee,
                )
            except ValidationError as exc:
                problems.extend(exc.messages)
        if problems:
            errors.append(
                _("Dòng %(number)s (%(name)s): %(problems)s.")
                % {
                    "number": row.number,
                    "name": row.name or "—",
                    "problems": "; ".join(p.rstrip(".") for p in problems),
                }
            )
            continue
        assert row.award is not None  # noqa: S101  type narrowing for mypy, not a check
        batch_counts[row.award.pk] = batch_counts.get(row.award.pk, 0) + 1
        planned.append(PlannedLine(row.award, row.nominee, row.achievement, method, subject_category))
    if errors:
        raise BulkImportError(errors)
    if not planned:
        raise ValidationError(_("Danh sách không có dòng dữ liệu nào dưới dòng tiêu đề."))
    return planned


def _bulk_create(nomination: Nomination, planned: list[PlannedLine]) -> list[NominationLine]:
    """Step 3: write the planned lines in one statement, after the dossier's last line."""
    start = _last_position(nomination)
    created = [_build_line(nomination, line, position=start + index) for index, line in enumerate(planned, start=1)]
    NominationLine.objects.bulk_create(created)
    return created


@transaction.atomic
def lines_bulk_add(
    *,
    actor: Any,
    nomination: Nomination,
    rows: list[list[str]],
    default_award: AwardType | None = None,
    default_kind: str = NomineeKind.INDIVIDUAL,
    method: str = AwardMethod.REGULAR,
) -> list[NominationLine]:
    """Add many lines at once. Every bad row is named; if any row is bad nothing is saved."""
    nomination = _locked_editable(actor, nomination)
    if not rows:
        raise ValidationError(_("Danh sách trống: hãy dán bảng hoặc chọn tệp Excel."))
    awards = {a.code.upper(): a for a in nomination.round.award_types.all()}
    parsed = _bulk_parse(rows, awards=awards, default_award=default_award, default_kind=default_kind)
    planned = _bulk_validate(nomination, parsed, default_award=default_award, method=method)
    return _bulk_create(nomination, planned)


# --- Attachments --------------------------------------------------------------

ALLOWED_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@transaction.atomic
def attachment_add(*, actor: Any, nomination: Nomination, upload: UploadedFile, kind: str) -> Attachment:
    """Store a dossier file: type checked from its structure, size limited, stored under a random
    name (an image as re-encoded)."""
    nomination = _locked_editable(actor, nomination)
    if kind not in DocumentKind.values:
        raise ValidationError(_("Loại tài liệu không hợp lệ."))
    checked = uploads.upload_check(
        upload=upload,
        allowed=ALLOWED_TYPES,
        unsupported=_("Chỉ nhận tệp PDF, Word (.docx), Excel (.xlsx), JPG hoặc PNG; “%(name)s” không thuộc loại này."),
        mismatch=_("Nội dung tệp “%(name)s” không phải là %(ext)s như tên tệp ghi; tệp bị từ chối."),
    )
    attachment = Attachment(
        nomination=nomination,
        kind=kind,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor,
    )
    attachment.file.save(f"{uuid.uuid4().hex}.{checked.extension}", ContentFile(checked.content), save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)  # no row, no file
        raise
    return attachment


@transaction.atomic
def attachment_remove(*, actor: Any, attachment: Attachment) -> None:
    _ensure_unit(actor, attachment.nomination)
    ensure_editable(attachment.nomination)
    stored = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(stored))


# --- Submission rules ---------------------------------------------------------


def nomination_check_submittable(*, nomination: Nomination) -> None:
    """Everything a dossier needs before the secretariat sees it; all problems at once.

    A dossier the secretariat returned for correction may be sent back after the
    round's deadline (it was on time the first time); any other needs the round open.
    """
    problems: list[str] = []
    if nomination.status != NominationStatus.RETURNED:
        try:
            ensure_round_open(nomination.round)
        except ValidationError as exc:
            problems.extend(exc.messages)
    lines = list(nomination.lines.select_related("award_type"))
    if not lines:
        problems.append(_("Hồ sơ chưa có dòng đề nghị nào."))
    present = set(nomination.attachments.values_list("kind", flat=True))
    required: dict[str, list[str]] = {}
    for line in lines:
        for kind in line.award_type.required_documents or []:
            if kind not in present:
                required.setdefault(kind, [])
                if line.award_type.code not in required[kind]:
                    required[kind].append(line.award_type.code)
        if not line.achievement.strip():
            problems.append(_("Dòng %(number)s chưa có tóm tắt thành tích.") % {"number": line.position})
    for kind, codes in required.items():
        problems.append(
            _("Thiếu tài liệu bắt buộc: %(doc)s (cho %(awards)s).")
            % {"doc": DocumentKind(kind).label, "awards": ", ".join(codes)}
        )
    # quotas may have been exceeded by another dossier of the unit submitted meanwhile
    counts: dict[int, int] = {}
    for line in lines:
        counts[line.award_type_id] = counts.get(line.award_type_id, 0) + 1
    for offer in RoundAwardType.objects.filter(round_id=nomination.round_id, award_type_id__in=counts).select_related(
        "award_type"
    ):
        quota = _quota_for(offer, nomination.unit)
        if quota is None:
            continue
        used = unit_award_count(round=nomination.round, unit=nomination.unit, award_type=offer.award_type)
        if used > quota:
            problems.append(
                _("Vượt chỉ tiêu “%(award)s”: tối đa %(quota)s, đơn vị đang đề nghị %(used)s.")
                % {"award": offer.award_type.name_vi, "quota": quota, "used": used}
            )
    if problems:
        raise ValidationError(problems)


# --- Unit accounts --------------------------------------------------------------


# --- Users ------------------------------------------------------------------
