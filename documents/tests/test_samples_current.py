"""The committed samples under docs/samples/ show what the builders print now: the text of each
sample image's page (``texts.json``, written with the images by ``manage.py render_samples``), the
paragraphs and table cells of each Word copy and the cell values of each workbook are compared with
what the builders make today (the files carry timestamps: texts and values, never bytes)."""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from pathlib import Path

import pytest
from django.conf import settings

from documents.management.commands.render_samples import (
    PAGES,
    TEXTS_FILE,
    page_text,
    sample_documents,
    sample_files,
)

SAMPLES = Path(settings.BASE_DIR) / "docs" / "samples"
REGENERATE = "regenerate them with `python manage.py render_samples`"


def test_every_sample_image_is_committed_with_its_text() -> None:
    texts = json.loads((SAMPLES / TEXTS_FILE).read_text("utf-8"))
    assert sorted(texts) == sorted(sample_documents()), REGENERATE
    for name in sample_documents():
        assert (SAMPLES / f"{name}.png").exists(), f"docs/samples/{name}.png is missing: {REGENERATE}"


@pytest.mark.parametrize("name", list(sample_documents()))
def test_a_sample_image_shows_what_the_builder_prints_now(name: str) -> None:
    texts = json.loads((SAMPLES / TEXTS_FILE).read_text("utf-8"))
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / f"{name}.pdf"
        pdf.write_bytes(sample_documents()[name]())
        now = page_text(pdf, PAGES.get(name, 1))
    assert texts.get(name) == now, f"docs/samples/{name}.png is out of date: {REGENERATE}"


def _docx_text(data: bytes) -> list[str]:
    from docx import Document

    document = Document(io.BytesIO(data))
    found = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        found.extend(cell.text for row in table.rows for cell in row.cells)
    return found


def _xlsx_values(data: bytes) -> list[list[object]]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    return [[sheet.title, *[cell for row in sheet.iter_rows(values_only=True) for cell in row]] for sheet in book]


@pytest.mark.parametrize("file_name", list(sample_files()) or ["(none)"])
def test_a_sample_copy_holds_what_the_builder_makes_now(file_name: str) -> None:
    if file_name == "(none)":
        pytest.skip("no Word or Excel sample yet")
    committed = SAMPLES / file_name
    assert committed.exists(), f"docs/samples/{file_name} is missing: {REGENERATE}"
    now = sample_files()[file_name]()
    assert zipfile.is_zipfile(io.BytesIO(now))
    if file_name.endswith(".docx"):
        assert _docx_text(committed.read_bytes()) == _docx_text(now), f"{file_name} is out of date: {REGENERATE}"
    elif file_name.endswith(".xlsx"):
        assert _xlsx_values(committed.read_bytes()) == _xlsx_values(now), f"{file_name} is out of date: {REGENERATE}"
    else:
        raise AssertionError(f"unknown sample kind: {file_name}")
