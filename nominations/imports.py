"""The council's register of people (``Person``) by spreadsheet: the spec of its columns, the
checks against the stored people (citizen ID, or the same name and birth date) and the saving
service, all rows in one transaction or none.  The pages are those of ``councils.import_views``."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.importer import CHOICE, DATE, Column, ImportSpec, ParsedRow, UniqueKey
from common.text import fold
from councils import access
from councils.access import Capability
from councils.imports import ImportResult
from councils.models import Council, Unit
from nominations import services
from nominations.models import Gender, Person

CITIZEN_ID = re.compile(r"^\d{12}$")


def person_spec() -> ImportSpec:
    with translation.override("vi"):
        genders = {str(label): value for value, label in Gender.choices}
    return ImportSpec(
        name="people",
        title="Cá nhân",
        columns=(
            Column("full_name", "Họ và tên", required=True, max_length=120, example="Lê Thị Hường", width=28),
            Column("birth_date", "Ngày sinh", kind=DATE, example="15/03/1985", width=14),
            Column("gender", "Giới tính", kind=CHOICE, choices=genders, example="Nữ", width=10),
            Column("position", "Chức vụ", max_length=200, example="Giáo viên", width=28),
            Column(
                "unit",
                "Đơn vị",
                max_length=200,
                example="Trường Mầm non",
                width=30,
                help=gettext_lazy("Tên một đơn vị đã có của hội đồng, hoặc để trống."),
            ),
            Column(
                "citizen_id",
                "Số định danh cá nhân",
                max_length=12,
                example="038185001234",
                width=20,
                help=gettext_lazy("12 chữ số (số căn cước); để ô ở dạng văn bản để không mất số 0 đầu."),
            ),
        ),
        unique=(UniqueKey(("citizen_id",)), UniqueKey(("full_name", "birth_date"))),
        instructions=(
            gettext_lazy("Mỗi dòng là một cá nhân trong sổ của hội đồng; một người chỉ có một dòng qua các năm."),
        ),
    )


def _units(council: Council) -> dict[str, Unit]:
    return {fold(unit.name): unit for unit in Unit.objects.filter(council=council, is_active=True)}


def person_rows_check(*, council: Council) -> Callable[[ParsedRow], None]:
    units = _units(council)

    def check(row: ParsedRow) -> None:
        citizen_id = row.values.get("citizen_id") or ""
        if citizen_id.isdigit() and len(citizen_id) < 12:
            # a number typed into a number cell lost its leading zeros (province codes start 0)
            citizen_id = row.values["citizen_id"] = citizen_id.zfill(12)
        if citizen_id and not CITIZEN_ID.match(citizen_id):
            row.add_error("Số định danh cá nhân", _("Số định danh cá nhân gồm đúng 12 chữ số."))
        unit_name = row.values.get("unit") or ""
        if unit_name and fold(unit_name) not in units:
            row.add_error("Đơn vị", _("Hội đồng chưa có đơn vị “%(name)s”.") % {"name": unit_name})

    return check


def person_rows_existing(*, council: Council) -> Callable[[list[ParsedRow]], None]:
    def existing(rows: list[ParsedRow]) -> None:
        ids = {row.values["citizen_id"] for row in rows if row.values.get("citizen_id")}
        taken_ids = set(Person.objects.filter(council=council, citizen_id__in=ids).values_list("citizen_id", flat=True))
        names = {row.values["full_name"] for row in rows if row.values.get("full_name")}
        known = set(Person.objects.filter(council=council, full_name__in=names).values_list("full_name", "birth_date"))
        for row in rows:
            if row.values.get("citizen_id") in taken_ids:
                row.add_error(
                    "Số định danh cá nhân",
                    _("Số định danh “%(id)s” đã có trong sổ cá nhân của hội đồng.") % {"id": row.values["citizen_id"]},
                    duplicate=True,
                )
            elif (row.values.get("full_name"), row.values.get("birth_date")) in known:
                row.add_error(
                    "Họ và tên",
                    _("“%(name)s” cùng ngày sinh đã có trong sổ cá nhân của hội đồng.")
                    % {"name": row.values["full_name"]},
                    duplicate=True,
                )

    return existing


@transaction.atomic
def people_import(*, actor: Any, council: Council, rows: list[ParsedRow]) -> ImportResult:
    """Every row a person of ``council``'s register, or nothing at all."""
    access.require(actor, Capability.ADMINISTER, council.pk)
    units = _units(council)
    for row in rows:
        values = row.values
        unit = units.get(fold(values.get("unit") or "")) if values.get("unit") else None
        try:
            if values.get("unit") and unit is None:
                raise ValidationError(_("Hội đồng chưa có đơn vị “%(name)s”.") % {"name": values["unit"]})
            services.person_create(
                council_id=council.pk,
                full_name=values["full_name"],
                birth_date=values.get("birth_date"),
                gender=values.get("gender") or "",
                position=values.get("position") or "",
                unit=unit,
                citizen_id=values.get("citizen_id") or "",
            )
        except ValidationError as exc:
            raise ValidationError(
                [_("Dòng %(row)s: %(message)s") % {"row": row.number, "message": message} for message in exc.messages]
            ) from exc
    return ImportResult(len(rows), [])
