"""Set-based rules: the eligibility check and bulk entry read the database a fixed number of
times, however many lines a dossier or a paste has."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from decisions.models import Honour
from decisions.services.decisions import eligibility_problems
from nominations import selectors
from nominations import services as ns
from nominations.models import Household, NominationLine, Person, RoundAwardType
from tests import factories
from workflows import services as ws

pytestmark = pytest.mark.django_db

# the queries of one eligibility check: the honours of the prerequisites, the same-round lines
ELIGIBILITY_QUERIES = 2
# the statements of one paste other than its inserts, whatever its length: the savepoints, the
# dossier locked, the round's award types and offers, the unit's quotas, the certificate layout,
# the last position, the nominees matched; and the heads' genders learnt (households) or the
# unit's lines counted against the quota (individuals)
BULK_HOUSEHOLD_QUERIES = 10
BULK_INDIVIDUAL_QUERIES = 10


def _dossier(world: Any) -> Any:
    return ws.dossier_create(user=world.unit_a_user, unit=world.unit_a, round=world.round, title="Hồ sơ")


def _queries(call: Any) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        call()
    return [query["sql"] for query in captured.captured_queries]


def _not_inserts(queries: list[str]) -> int:
    """The statements that are not INSERTs: a backend splits one bulk insert into chunks of its
    parameter limit (999 on SQLite, a chunk per ~100 people or ~60 lines; none on PostgreSQL)."""
    return sum(not sql.lstrip().upper().startswith("INSERT") for sql in queries)


@pytest.fixture
def cstdcs(world: Any) -> Any:
    award = factories.AwardTypeFactory(
        council=world.council,
        code="CSTDCS",
        name_vi="Chiến sĩ thi đua cơ sở",
        prerequisite=world.ldtt,
        prerequisite_years=3,
        required_documents=[],
    )
    RoundAwardType.objects.create(round=world.round, award_type=award)
    return award


def _eligibility_dossier(world: Any, award: Any, count: int) -> tuple[Any, list[str]]:
    """A dossier of ``count`` lines of ``award``: a third hold the registry's years, a third have
    the prerequisite on the same dossier, the rest lack it."""
    dossier = _dossier(world)
    people = Person.objects.bulk_create(
        [Person(council=world.council, full_name=f"Người {n:03}", search_name=f"nguoi {n:03}") for n in range(count)]
    )
    lines = []
    for position, person in enumerate(people, start=1):
        lines.append(
            NominationLine(
                nomination=dossier,
                position=position,
                award_type=award,
                nominee_kind="individual",
                person=person,
                achievement="Tốt",
            )
        )
        if position % 3 == 1:
            lines.append(
                NominationLine(
                    nomination=dossier,
                    position=count + position,
                    award_type=world.ldtt,
                    nominee_kind="individual",
                    achievement="Tốt",
                    person=person,
                )
            )
    NominationLine.objects.bulk_create(lines)
    year = world.round.year
    Honour.objects.bulk_create(
        [
            Honour(council=world.council, award_type=world.ldtt, year=y, person=person)
            for n, person in enumerate(people)
            for y in ((year - 2, year - 1, year) if n % 3 == 2 else (year - 2, year - 1))
        ]
    )
    missing = [person.full_name for n, person in enumerate(people) if n % 3 == 1]
    return dossier, missing


@pytest.mark.parametrize("count", [10, 200])
def test_the_eligibility_check_reads_the_registry_once_for_a_whole_dossier(world: Any, cstdcs: Any, count: int) -> None:
    dossier, missing = _eligibility_dossier(world, cstdcs, count)
    lines = list(selectors.nomination_lines(nomination=dossier))
    found: list[Any] = []
    used = _queries(lambda: found.extend(eligibility_problems(lines=lines, year=world.round.year)))
    assert sorted(problem.message.split(":")[0] for problem in found) == missing
    assert len(used) == ELIGIBILITY_QUERIES


def _paste(header: str, rows: list[str]) -> list[list[str]]:
    return ns.read_table(text="\n".join([header, *rows]))


def _households(count: int) -> list[list[str]]:
    return _paste(
        "Chủ hộ\tĐịa chỉ\tGiới tính\tHình thức\tThành tích",
        [f"Hộ Số {n:03}\tXóm {n % 7}\t{'Nam' if n % 2 else 'Nữ'}\tGDVH\tGia đình văn hoá" for n in range(count)],
    )


def _individuals(count: int) -> list[list[str]]:
    return _paste(
        "Họ và tên\tNgày sinh\tGiới tính\tHình thức\tThành tích",
        [f"Người Số {n:03}\t01/01/{1960 + n % 40}\tNam\tLDTT\tHoàn thành tốt nhiệm vụ" for n in range(count)],
    )


@pytest.mark.parametrize("count", [10, 500])
def test_a_household_paste_runs_a_fixed_number_of_queries(world: Any, count: int) -> None:
    dossier = _dossier(world)
    # a few households already known: they are matched, not created again
    Household.objects.create(council=world.council, head_name="Hộ Số 001", address="Xóm 1", unit=world.unit_a)
    rows = _households(count)
    created: list[Any] = []
    used = _queries(
        lambda: created.extend(
            ns.lines_bulk_add(actor=world.unit_a_user, nomination=dossier, rows=rows, default_kind="household")
        )
    )
    assert len(created) == count
    assert dossier.lines.count() == count
    assert Household.objects.filter(council=world.council).count() == count
    assert len(used) < 30
    assert _not_inserts(used) == BULK_HOUSEHOLD_QUERIES


@pytest.mark.parametrize("count", [10, 500])
def test_an_individual_paste_runs_a_fixed_number_of_queries(world: Any, count: int) -> None:
    # a quota: the unit's lines of the award type are counted once for the whole paste
    RoundAwardType.objects.filter(round=world.round, award_type=world.ldtt).update(quota_count=count)
    dossier = _dossier(world)
    Person.objects.create(council=world.council, full_name="Người Số 001", birth_date="1961-01-01")
    rows = _individuals(count)
    created: list[Any] = []
    used = _queries(lambda: created.extend(ns.lines_bulk_add(actor=world.unit_a_user, nomination=dossier, rows=rows)))
    assert len(created) == count
    assert list(dossier.lines.order_by("position").values_list("position", flat=True)) == list(range(1, count + 1))
    assert Person.objects.filter(council=world.council).count() == count
    assert len(used) < 30
    assert _not_inserts(used) == BULK_INDIVIDUAL_QUERIES
