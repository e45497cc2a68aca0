"""Languages: Vietnamese by default, English on request, catalogs and sources sane.

The source strings are Vietnamese; ``locale/en`` translates them and the
compiled ``.mo`` files are committed.  ``scripts/i18n_check.py`` lists what is
still untranslated after ``makemessages``.
"""

from __future__ import annotations

import importlib.util
import sys
import unicodedata
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation

from tests.factories import UserFactory

BASE_DIR = Path(settings.BASE_DIR)
CHECK_SCRIPT = BASE_DIR / "scripts" / "i18n_check.py"
NFC_PYTHON_DIRS = ("nominations", "workflows", "notifications", "documents", "config")


def _load_check_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("i18n_check", CHECK_SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("i18n_check", module)
    spec.loader.exec_module(module)
    return module


i18n_check = _load_check_script()
PO_FILES = sorted((BASE_DIR / "locale").glob("*/LC_MESSAGES/*.po"))


def _rel(path: Path) -> str:
    return str(path.relative_to(BASE_DIR))


# --- Language of the pages --------------------------------------------------------


@pytest.fixture
def logged_in(client: Any, db: Any) -> Any:
    client.force_login(UserFactory())
    return client


def test_pages_are_vietnamese_by_default(logged_in: Any) -> None:
    response = logged_in.get(reverse("workflows:tasks"))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Việc cần làm" in html
    assert "Đăng xuất" in html
    assert "To-do" not in html


def test_an_english_browser_still_gets_vietnamese_until_the_user_chooses(logged_in: Any) -> None:
    html = logged_in.get(reverse("workflows:tasks"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()

    assert '<html lang="vi">' in html
    assert "Việc cần làm" in html


def test_set_language_switches_the_same_page_to_english(logged_in: Any) -> None:
    tasks_url = reverse("workflows:tasks")

    response = logged_in.post(reverse("set_language"), {"language": "en", "next": tasks_url})
    assert response.status_code == 302
    assert response["Location"] == tasks_url

    html = logged_in.get(tasks_url).content.decode()
    assert '<html lang="en">' in html
    assert "To-do" in html
    assert "My tasks" in html
    assert "Log out" in html
    assert "Việc cần làm" not in html
    assert "Đăng xuất" not in html

    logged_in.post(reverse("set_language"), {"language": "vi", "next": tasks_url})
    assert "Việc cần làm" in logged_in.get(tasks_url).content.decode()


# --- Catalogs -----------------------------------------------------------------------


def test_catalogs_exist_for_every_language() -> None:
    for code, _name in settings.LANGUAGES:
        po = BASE_DIR / "locale" / code / "LC_MESSAGES" / "django.po"
        assert po.exists(), f"{_rel(po)} is missing; run makemessages"
        assert po.with_suffix(".mo").exists(), f"{_rel(po.with_suffix('.mo'))} is missing; run compilemessages"


@pytest.mark.parametrize("po", PO_FILES, ids=_rel)
def test_compiled_catalog_keeps_placeholders(po: Path) -> None:
    problems = i18n_check.check_mo_placeholders(po.with_suffix(".mo"))
    assert not problems, "\n".join(map(str, problems))


@pytest.mark.parametrize("po", PO_FILES, ids=_rel)
def test_compiled_catalog_matches_po(po: Path) -> None:
    """The committed .mo was compiled from the current .po (compilemessages was run)."""
    problems = i18n_check.check_mo(po)
    assert not problems, "\n".join(map(str, problems))


@pytest.mark.parametrize("po", PO_FILES, ids=_rel)
def test_po_headers_and_placeholders(po: Path) -> None:
    # Untranslated and fuzzy entries are reported by scripts/i18n_check.py.
    problems = [p for p in i18n_check.check_po(po) if p.kind in {"header", "placeholders"}]
    assert not problems, "\n".join(map(str, problems))


@pytest.mark.parametrize(
    ("msgid", "msgstr", "ok"),
    [
        ("Hộ %(name)s", "Household of %(name)s", True),
        ("Hộ %(name)s", "Household of %(nam)s", False),
        ("Trang %(n)s/%(total)s", "Page %(n)s of %(total)s", True),
        ("Trang %(n)s/%(total)s", "Page %(n)s", False),
        ("Dòng %s, cột %d", "Row %s, column %d", True),
        ("Dòng %s, cột %d", "Column %d, row %s", False),
        ("{unit} đã gửi", "{unit} submitted", True),
        ("{unit} đã gửi", "{title} submitted", False),
        ("Tỷ lệ (%)", "Share (%)", True),
        ("100%% cán bộ", "100%% of staff", True),
    ],
)
def test_placeholder_comparison(msgid: str, msgstr: str, ok: bool) -> None:
    assert (i18n_check.placeholder_problem(msgid, msgstr) is None) is ok


# --- Formats --------------------------------------------------------------------------


def test_vietnamese_dates_and_numbers_follow_administrative_usage() -> None:
    with translation.override("vi"):
        assert formats.date_format(date(2026, 1, 5), "SHORT_DATE_FORMAT") == "05/01/2026"
        assert formats.date_format(date(2026, 1, 5), "DATE_FORMAT") == "05/01/2026"
        assert formats.number_format(2530000, use_l10n=True, force_grouping=True) == "2.530.000"
        assert formats.number_format(Decimal("1234.5"), 1, use_l10n=True, force_grouping=True) == "1.234,5"


# --- Unicode normalization ------------------------------------------------------------


def _nfc_sources() -> list[Path]:
    paths = [p for p in (BASE_DIR / "templates").rglob("*") if p.is_file()]
    paths += PO_FILES
    for folder in NFC_PYTHON_DIRS:
        paths += (BASE_DIR / folder).rglob("*.py")
    return sorted(paths)


def test_templates_catalogs_and_sources_are_nfc() -> None:
    """Vietnamese text is stored precomposed (NFC), so that msgids, lookups and
    comparisons match whatever editor or keyboard produced them."""
    sources = _nfc_sources()
    assert any(p.suffix == ".html" for p in sources)
    offenders = []
    for path in sources:
        text = path.read_text(encoding="utf-8")
        if not unicodedata.is_normalized("NFC", text):
            lines = [n for n, line in enumerate(text.splitlines(), 1) if not unicodedata.is_normalized("NFC", line)]
            offenders.append(f"{_rel(path)} (lines {', '.join(map(str, lines[:10]))})")
    assert not offenders, "not NFC: " + "; ".join(offenders)
