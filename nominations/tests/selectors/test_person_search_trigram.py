"""The people search on PostgreSQL: the trigram index of migration 0021 exists and serves the
selector's query, and the search keeps the Vietnamese order (bench/people_search.py times it)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from conftest import need
from nominations import selectors
from nominations import services as ns
from nominations.models import Person

INDEX = "nominations_person_search_trgm"


@pytest.fixture
def postgresql(db: Any) -> None:
    need(connection.vendor == "postgresql", "the trigram index test needs PostgreSQL (DATABASE_URL=postgres://...)")


@pytest.mark.usefixtures("postgresql")
def test_the_trigram_index_exists_after_migrate():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'nominations_person' AND indexname = %s", [INDEX]
        )
        row = cursor.fetchone()
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        extension = cursor.fetchone()
    assert extension is not None
    assert row is not None, f"{INDEX} is missing"
    assert "USING gin (search_name gin_trgm_ops)" in row[0]


@pytest.mark.usefixtures("postgresql")
def test_search_uses_the_index_and_keeps_vietnamese_order(world: Any):
    for name in ("Trần Thị Hường", "Lê Thị Hương", "Nguyễn Văn Hưng", "Bùi Thị Huế", "Đỗ Văn Hùng", "Phạm Thị Hương"):
        ns.person_create(council_id=world.council.pk, full_name=name)
    ns.person_create(council_id=world.other_council.pk, full_name="Hoàng Thị Hường")

    found = selectors.person_search(actor=world.secretariat, council=world.council, query="thi huong")
    # given name first, then the middle and family names; tones after the letters
    assert [p.full_name for p in found] == ["Lê Thị Hương", "Phạm Thị Hương", "Trần Thị Hường"]
    clerk = [
        p.full_name for p in selectors.person_search(actor=world.unit_a_user, council=world.council, query="huong")
    ]
    assert clerk == []  # none of them is of the clerk's unit

    # a scan is the cheapest plan for a handful of rows, and the council_id index narrows as much: the
    # planner is told to avoid scans and the council_id index is dropped (inside the test's transaction,
    # rolled back after it), so the plan can reach the rows only through the trigram index, which it can
    # do only if the index serves the selector's condition (``search_name::text LIKE '%…%'``; it would not
    # serve ``UPPER(…) LIKE UPPER(…)``)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'nominations_person' AND indexdef LIKE %s",
            ["%(council_id)"],
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    # the selector's first query on PostgreSQL: the matches in no order
    probe = selectors._name_search(Person.objects.filter(council=world.council), "thi huong", "id").order_by()
    plan = probe.values_list("id", flat=True)[: selectors.FEW_MATCHES + 1].explain()
    assert f"Bitmap Index Scan on {INDEX}" in plan, plan
