"""Names as issued across a merge and a rename (issue 12): a unit with a registered award of 2023
is merged in 2025 into another unit, which is renamed too.  Its 2023 awards keep its old name in the
registry, the year-end figures of 2023, the decision list and the certificate; the registry of the
unit it became holds them; a 2026 dossier of the merged people appears under the new name."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from councils import setup_services as ss
from councils.models import Unit, User
from decisions import selectors as dsel
from decisions.models import AgendaItem, DecisionLine, Honour, SignerCapacity
from decisions.services import decisions as ds
from decisions.tests.fixtures import closed_session
from decisions.yearend import yearend_figures
from documents.selectors import awardee_unit
from nominations import services as ns
from nominations.models import BaseSalary, NominationLine, Round, RoundAwardType
from nominations.naming import position_unit
from tests import factories
from workflows import services as ws

pytestmark = pytest.mark.django_db

OLD_NAME = "Trường Mầm non thị trấn"  # unit B, merged into unit A on 1 July 2025
TARGET_OLD_NAME = "Tiểu khu Trang Các"
NEW_NAME = "Tổ dân phố Trang Các"  # unit A, renamed after the merge


def unit_rows(year_figures: Any) -> dict[str, Any]:
    return {row.label: row for row in year_figures.by_unit.rows}


@pytest.fixture
def merged(world: Any, make_dossier: Any) -> Any:
    """Unit B's 2023 LDTT for Lê Thị Hường, registered; B merged into A; A renamed."""
    BaseSalary.objects.create(amount=1_800_000, valid_from=dt.date(2023, 7, 1))
    Round.objects.filter(pk=world.round.pk).update(year=2023)
    world.round.refresh_from_db()
    make_dossier("accepted", unit=world.unit_b)
    session = closed_session(world)
    items = list(AgendaItem.objects.filter(session=session).values_list("pk", flat=True))
    decision = ds.session_decide(chairman=world.chairman, session=session, approve_item_ids=items)
    assert decision is not None
    ds.decision_register(
        actor=world.secretariat,
        decision=decision,
        signed_on=dt.date(2023, 12, 20),
        signer_name="Cù Văn Hân",
        signer_capacity=SignerCapacity.CHAIRMAN,
        without_money=True,
    )
    ss.unit_merge(actor=world.admin, source=world.unit_b, target=world.unit_a, merged_on=dt.date(2025, 7, 1))
    ss.unit_update(actor=world.admin, unit=world.unit_a, name=NEW_NAME, kind="quarter")
    return decision


def test_the_2023_awards_keep_the_old_name(world: Any, merged: Any) -> None:
    honour = Honour.objects.get(decision=merged)
    assert honour.year == 2023
    assert honour.source_line is not None
    assert honour.source_line.nomination.unit_name == OLD_NAME

    # the registry of the unit it became holds the merged unit's 2023 honours, under the old name
    unit_a = Unit.objects.get(pk=world.unit_a.pk)
    assert list(dsel.honours_for_unit(unit=unit_a)) == [honour]
    registry = list(dsel.honours_for_units(user=world.unit_b_user))  # B's account now works for A
    assert registry == [honour]
    client = Client()
    client.force_login(world.unit_b_user)
    page = client.get(reverse("decisions:registry_for_unit")).content.decode()
    assert f'data-honour="{honour.pk}"' in page
    assert OLD_NAME in page
    assert NEW_NAME not in page

    # the year-end figures of 2023: the merged, now inactive unit under its old name
    rows = unit_rows(yearend_figures(world.council, 2023))
    assert OLD_NAME in rows
    assert rows[OLD_NAME].awarded.individuals == 1
    assert NEW_NAME not in rows
    assert TARGET_OLD_NAME not in rows

    # the decision's list and certificate name the unit as issued, though the person moved
    row = DecisionLine.objects.select_related(
        "line__nomination__unit", "line__person__unit", "line__collective__unit", "line__household__unit"
    ).get(decision=merged)
    if row.line.person is not None and row.line.person.unit is not None:
        assert row.line.person.unit.pk == world.unit_a.pk  # the person followed the merge
    assert awardee_unit(row) == OLD_NAME
    assert OLD_NAME in position_unit(row.line)
    assert NEW_NAME not in position_unit(row.line)


def test_a_2026_dossier_appears_under_the_new_name(world: Any, merged: Any) -> None:
    round_2026 = factories.RoundFactory(council=world.council, year=2026, name="Xét khen thưởng năm 2026")
    RoundAwardType.objects.create(round=round_2026, award_type=world.gk)
    unit_a = Unit.objects.get(pk=world.unit_a.pk)
    user = User.objects.get(pk=world.unit_b_user.pk)  # moved with the merge (a fresh load: roles are cached)
    dossier = ws.dossier_create(user=user, unit=unit_a, round=round_2026, title="Đề nghị khen thưởng năm 2026")
    ns.line_add(
        actor=user,
        nomination=dossier,
        award_type=world.gk,
        nominee=ns.NomineeData(kind="individual", full_name="Lê Thị Hường"),
        achievement="Hoàn thành xuất sắc nhiệm vụ năm 2026",
    )
    line = NominationLine.objects.get(nomination=dossier)
    assert line.person is not None
    # the higher council's result, recorded in the registry (no decision of this council)
    Honour.objects.create(council=world.council, award_type=world.gk, year=2026, person=line.person, source_line=line)
    assert dossier.unit_name == NEW_NAME

    rows = unit_rows(yearend_figures(world.council, 2026))
    assert NEW_NAME in rows
    assert rows[NEW_NAME].awarded.individuals == 1
    assert OLD_NAME not in rows
    # the 2023 figures are unchanged by the 2026 award
    assert set(unit_rows(yearend_figures(world.council, 2023))) - {"Tổng cộng"} == {OLD_NAME}
    # the unit's registry now has both, each under its own name
    names = {h.year: h.source_line.nomination.unit_name for h in dsel.honours_for_unit(unit=unit_a)}
    assert names == {2023: OLD_NAME, 2026: NEW_NAME}
