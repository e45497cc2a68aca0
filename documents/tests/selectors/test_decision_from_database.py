"""The decision mapper from the database into the builder: each row's achievement."""

from __future__ import annotations

import re
from typing import Any

import pytest

from decisions.tests.fixtures import draft, province_award, rates, session  # noqa: F401 - the fixtures
from documents.mappers import decision_document
from nominations.models import NominationLine
from printing.data import ListRow
from printing.decision import build_decision
from printing.tests.documents.pdfcheck import flat, pages
from printing.tests.documents.test_decision import _list_body, _list_pages


@pytest.mark.django_db
def test_the_list_of_a_registered_decision_from_the_database(draft: Any) -> None:  # noqa: F811 - the fixture
    """The selector fills each row's achievement; the builder prints it under the row."""
    doc = decision_document(draft)
    assert all(isinstance(row, ListRow) for row in doc.rows)
    achievements = {line.achievement for line in NominationLine.objects.filter(decision_lines__decision=draft)}
    assert achievements
    assert {row.achievement for row in doc.rows} == achievements
    raw = _list_body(_list_pages(doc))
    for row in doc.rows:
        assert flat(f"{row.number} {row.name} {row.position_unit}") in raw
        assert flat(f"Thành tích: {row.achievement}") in raw
    decision_text = "\n".join(page.text for page in pages(build_decision(doc)))
    assert "DỰ THẢO" in decision_text
    assert re.search(r"Số:\s+/QĐ-UBND", decision_text)
