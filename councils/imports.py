"""The council's setup by spreadsheet: its units (with, optionally, each unit's login) and its
members with their roles and terms.

Each kind is a spec of ``common.importer`` (the columns, in Vietnamese), a check of each row
against the council's data (a unit named in the file exists, a login name is free…) and a saving
service that calls the setup services row by row inside ONE transaction: if any row fails,
nothing is saved.  Every account made gets a temporary password (``must_change_password``),
returned to the caller to print once; it is never stored in plain text."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.importer import CHOICE, DATE, INTEGER, Column, ImportSpec, ParsedRow, UniqueKey
from common.text import fold
from councils import access, services, setup_services
from councils.access import Capability
from councils.models import Council, CouncilRole, Unit, UnitKind, User

USERNAME_PATTERN = re.compile(r"^[\w.@+-]+$")


@dataclass(frozen=True)
class IssuedAccount:
    """One line of the printed sheet: an account made by the import and its temporary password."""

    full_name: str
    username: str
    password: str
    role: str
    unit: str


@dataclass(frozen=True)
class ImportResult:
    created: int
    accounts: list[IssuedAccount]


def _labels(choices: Iterable[tuple[str, Any]], aliases: dict[str, str] | None = None) -> dict[str, str]:
    """Vietnamese label → value (the file is filled in Vietnamese, whatever the page's language)."""
    with translation.override("vi"):
        labels = {str(label): value for value, label in choices}
    labels.update(aliases or {})
    return labels


# --- Units ------------------------------------------------------------------------------


def unit_spec() -> ImportSpec:
    return ImportSpec(
        name="units",
        title="Đơn vị",
        columns=(
            Column(
                "name",
                "Tên đơn vị",
                required=True,
                max_length=200,
                example="Tiểu khu 1",
                width=36,
                help=gettext_lazy("Tên đầy đủ, không trùng với đơn vị đã có của hội đồng."),
            ),
            Column(
                "kind",
                "Loại đơn vị",
                kind=CHOICE,
                required=True,
                example="Tiểu khu / thôn / tổ dân phố",
                choices=_labels(UnitKind.choices),
                width=30,
            ),
            Column(
                "staff_count",
                "Số cán bộ",
                kind=INTEGER,
                example=12,
                width=12,
                help=gettext_lazy("Số cán bộ, hội viên (số nguyên; để trống là 0)."),
            ),
            Column(
                "household_count",
                "Số hộ",
                kind=INTEGER,
                example=290,
                width=12,
                help=gettext_lazy("Số hộ gia đình (với tiểu khu, thôn, tổ dân phố; để trống là 0)."),
            ),
            Column(
                "username",
                "Tên đăng nhập",
                max_length=150,
                example="tk1",
                width=18,
                help=gettext_lazy("Tùy chọn: tạo tài khoản cho cán bộ đơn vị (chữ, số và . _ - @ +, không dấu cách)."),
            ),
            Column(
                "full_name",
                "Họ và tên",
                max_length=150,
                example="Nguyễn Văn An",
                width=28,
                help=gettext_lazy("Họ và tên người giữ tài khoản đơn vị (bắt buộc nếu có tên đăng nhập)."),
            ),
        ),
        unique=(UniqueKey(("name",)), UniqueKey(("username",))),
        instructions=(
            gettext_lazy("Mỗi dòng là một đơn vị của hội đồng (tiểu khu, trường, đoàn thể, trạm y tế, chi bộ…)."),
            gettext_lazy(
                "Tài khoản đơn vị được tạo với mật khẩu tạm thời, in một lần sau khi lưu; người nhận phải đổi mật khẩu khi đăng nhập lần đầu."
            ),
        ),
    )


def _check_username(row: ParsedRow, username_header: str = "Tên đăng nhập") -> None:
    username = row.values.get("username") or ""
    if username:
        row.values["username"] = username = username.lower()
        if not USERNAME_PATTERN.match(username):
            row.add_error(username_header, _("Tên đăng nhập chỉ gồm chữ, số và . _ - @ +, không có dấu cách."))


def unit_rows_check(*, actor: Any, council: Council) -> Callable[[ParsedRow], None]:
    may_make_accounts = access.can(actor, Capability.MANAGE_ACCOUNTS, council.pk)

    def check(row: ParsedRow) -> None:
        _check_username(row)
        username, full_name = row.values.get("username"), row.values.get("full_name")
        if full_name and not username:
            row.add_error("Tên đăng nhập", _("Có họ và tên thì phải có tên đăng nhập."))
        if username and not full_name:
            row.add_error("Họ và tên", _("Nhập họ và tên của người giữ tài khoản đơn vị."))
        if username and not may_make_accounts:
            row.add_error(
                "Tên đăng nhập", _("Chỉ thường trực hoặc quản trị của chính hội đồng mới tạo tài khoản đơn vị.")
            )

    return check


def _usernames_taken(rows: list[ParsedRow]) -> None:
    # compared without case, as an account is made (``councils.services``): "NguyenA" is "nguyena"
    usernames = {row.values["username"].lower() for row in rows if row.values.get("username")}
    taken = {
        name.lower()
        for name in User.objects.annotate(lowered=Lower("username"))
        .filter(lowered__in=usernames)
        .values_list("username", flat=True)
    }
    for row in rows:
        if (row.values.get("username") or "").lower() in taken:
            row.add_error(
                "Tên đăng nhập",
                _("Tên đăng nhập “%(username)s” đã có người dùng.") % {"username": row.values["username"]},
                duplicate=True,
            )


def unit_rows_existing(*, council: Council) -> Callable[[list[ParsedRow]], None]:
    def existing(rows: list[ParsedRow]) -> None:
        names = {fold(name) for name in Unit.objects.filter(council=council).values_list("name", flat=True)}
        for row in rows:
            if fold(row.values.get("name") or "") in names:
                row.add_error(
                    "Tên đơn vị",
                    _("Đơn vị “%(name)s” đã có trong hội đồng này.") % {"name": row.values["name"]},
                    duplicate=True,
                )
        _usernames_taken(rows)

    return existing


def _row_failed(row: ParsedRow, exc: ValidationError) -> ValidationError:
    return ValidationError(
        [_("Dòng %(row)s: %(message)s") % {"row": row.number, "message": message} for message in exc.messages]
    )


@transaction.atomic
def units_import(*, actor: Any, council: Council, rows: list[ParsedRow]) -> ImportResult:
    """Every row a unit (and its login where one is named), or nothing at all."""
    access.require(actor, Capability.ADMINISTER, council.pk)
    accounts: list[IssuedAccount] = []
    for row in rows:
        values = row.values
        try:
            unit = setup_services.unit_create(
                actor=actor,
                council=council,
                name=values["name"],
                kind=values["kind"],
                staff_count=values.get("staff_count") or 0,
                household_count=values.get("household_count") or 0,
            )
            if values.get("username"):
                user, password = services.unit_user_create(
                    actor=actor, unit=unit, username=values["username"], full_name=values["full_name"]
                )
                accounts.append(
                    IssuedAccount(user.get_full_name(), user.username, password, str(_("Cán bộ đơn vị")), unit.name)
                )
        except ValidationError as exc:
            raise _row_failed(row, exc) from exc
    return ImportResult(len(rows), accounts)


# --- Council members ----------------------------------------------------------------------

ROLE_ALIASES: dict[str, str] = {
    "Thường trực": CouncilRole.SECRETARIAT,
    "Thư ký": CouncilRole.SECRETARIAT,
    "Thành viên": CouncilRole.MEMBER,
    "Ủy viên": CouncilRole.MEMBER,
    "Chủ tịch": CouncilRole.CHAIRMAN,
}


def member_spec() -> ImportSpec:
    return ImportSpec(
        name="members",
        title="Thành viên hội đồng",
        columns=(
            Column("full_name", "Họ và tên", required=True, max_length=150, example="Trịnh Văn Hùng", width=28),
            Column(
                "username",
                "Tên đăng nhập",
                required=True,
                max_length=150,
                example="hung.tv",
                width=18,
                help=gettext_lazy(
                    "Tên đăng nhập mới (chữ, số và . _ - @ +, không dấu cách); mỗi dòng được tạo một tài khoản."
                ),
            ),
            Column(
                "role",
                "Vai trò",
                kind=CHOICE,
                required=True,
                example="Thành viên hội đồng",
                choices=_labels(CouncilRole.choices, ROLE_ALIASES),
                width=24,
            ),
            Column("position", "Chức vụ", max_length=200, example="Chủ tịch Ủy ban MTTQ", width=30),
            Column(
                "unit",
                "Đơn vị công tác",
                max_length=200,
                example="Ủy ban MTTQ",
                width=30,
                help=gettext_lazy("Tên một đơn vị đã có của hội đồng (nhập đơn vị trước), hoặc để trống."),
            ),
            Column("term_from", "Nhiệm kỳ từ ngày", kind=DATE, example=dt.date(2026, 1, 1), width=16),
            Column("term_until", "Đến ngày", kind=DATE, example=dt.date(2030, 12, 31), width=16),
        ),
        unique=(UniqueKey(("username",)),),
        instructions=(
            gettext_lazy(
                "Mỗi dòng là một thành viên hội đồng với vai trò và nhiệm kỳ; mỗi người được tạo một tài khoản mới."
            ),
            gettext_lazy(
                "Mật khẩu tạm thời được in một lần sau khi lưu; người nhận phải đổi mật khẩu khi đăng nhập lần đầu."
            ),
        ),
    )


def _units_by_name(council: Council) -> dict[str, Unit]:
    return {fold(unit.name): unit for unit in Unit.objects.filter(council=council, is_active=True)}


def member_rows_check(*, council: Council) -> Callable[[ParsedRow], None]:
    units = _units_by_name(council)

    def check(row: ParsedRow) -> None:
        _check_username(row)
        unit_name = row.values.get("unit") or ""
        if unit_name and fold(unit_name) not in units:
            row.add_error(
                "Đơn vị công tác",
                _("Hội đồng chưa có đơn vị “%(name)s” (hãy nhập đơn vị trước).") % {"name": unit_name},
            )
        start, end = row.values.get("term_from"), row.values.get("term_until")
        if start and end and end < start:
            row.add_error("Đến ngày", _(setup_services.TERM_ORDER_MESSAGE))

    return check


def member_rows_existing(*, council: Council) -> Callable[[list[ParsedRow]], None]:
    return _usernames_taken


@transaction.atomic
def members_import(*, actor: Any, council: Council, rows: list[ParsedRow]) -> ImportResult:
    """Every row a new account holding its role in ``council``, or nothing at all."""
    access.require(actor, Capability.ADMINISTER, council.pk)
    units = _units_by_name(council)
    accounts: list[IssuedAccount] = []
    for row in rows:
        values = row.values
        unit = units.get(fold(values.get("unit") or "")) if values.get("unit") else None
        try:
            if values.get("unit") and unit is None:
                raise ValidationError(_("Hội đồng chưa có đơn vị “%(name)s”.") % {"name": values["unit"]})
            membership, password = setup_services.membership_create(
                actor=actor,
                council=council,
                role=values["role"],
                username=values["username"],
                new_account=True,
                full_name=values["full_name"],
                position=values.get("position") or "",
                unit=unit,
                term_from=values.get("term_from"),
                term_until=values.get("term_until"),
            )
        except ValidationError as exc:
            raise _row_failed(row, exc) from exc
        accounts.append(
            IssuedAccount(
                membership.user.get_full_name(),
                membership.user.username,
                password,
                str(membership.get_role_display()),
                unit.name if unit else "",
            )
        )
    return ImportResult(len(rows), accounts)


def voting_members_exist(council: Council) -> bool:
    """Whether the council has someone who votes (a member or the chairman) whose term has not ended."""
    today = timezone.localdate()
    return (
        council.memberships.filter(role__in=access.VOTING_ROLES, is_active=True, user__is_active=True)
        .exclude(term_until__lt=today)
        .exists()
    )
