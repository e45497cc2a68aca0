"""Vietnamese text helpers (``nominations.text``) and the people search built on
them: NFC normalisation, diacritic-free folding, and the Vietnamese order of
names (given name first; letters in the Vietnamese alphabet, tones after)."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from common.text import fold, name_sort_key, nfc, nfc_text
from nominations import selectors
from nominations import services as ns

# The oracle below restates domain.md independently of the implementation.
ALPHABET = "a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y".split()
VOWELS = "a ă â e ê i o ô ơ u ư y".split()
# none, grave (huyền), hook (hỏi), tilde (ngã), acute (sắc), dot below (nặng)
TONES = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]


def _nfd(value: str) -> str:
    return unicodedata.normalize("NFD", value)


def _letter_and_tone(char: str) -> tuple[str, int]:
    parts = _nfd(char.lower())
    tone = next((TONES.index(p) for p in parts if p in TONES[1:]), 0)
    base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in TONES[1:]))
    return base, tone


def _reference_key(name: str) -> tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]:
    """Given name, then middle names, then family name; each word by its letters
    in the Vietnamese alphabet, then by its tones."""
    words = name.split()
    ordered = [words[-1], *words[1:-1], words[0]] if len(words) > 1 else words
    key = []
    for word in ordered:
        pairs = [_letter_and_tone(char) for char in unicodedata.normalize("NFC", word)]
        key.append((tuple(ALPHABET.index(base) for base, _ in pairs), tuple(tone for _, tone in pairs)))
    return tuple(key)


def _sorted(names: list[str]) -> list[str]:
    return sorted(names, key=name_sort_key)


# --- nfc ---------------------------------------------------------------------------


def test_nfc_composes_and_folds_whitespace():
    assert nfc(_nfd("  Lê   Thị\tHường \n")) == "Lê Thị Hường"
    assert nfc("") == ""
    assert nfc(None) == ""  # type: ignore[arg-type]


def test_nfc_text_keeps_line_breaks():
    assert nfc_text(_nfd("  Dạy giỏi  cấp huyện \r\nCó sáng kiến\r\n\n")) == "Dạy giỏi cấp huyện\nCó sáng kiến"


# --- fold --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "folded"),
    [
        ("Hường", "huong"),
        ("Đặng Văn Đức", "dang van duc"),
        ("NGUYỄN THỊ ÁNH", "nguyen thi anh"),
        ("Ư ơ ă â ê ô", "u o a a e o"),
        ("Lê  Thị\tHường", "le thi huong"),
    ],
)
def test_fold_drops_diacritics_and_case(value, folded):
    assert fold(value) == folded
    assert fold(_nfd(value)) == folded


# --- name order: examples from domain.md ----------------------------------------------


def test_an_anh_an_binh_in_the_vietnamese_alphabet():
    assert _sorted(["Bình", "Ân", "Ánh", "An"]) == ["An", "Ánh", "Ân", "Bình"]


def test_people_sort_by_given_name_before_family_name():
    names = ["Đặng Thị Bình", "Lê Thị Ân", "Trần Thị Ánh", "Vũ Thị An"]
    assert _sorted(names) == ["Vũ Thị An", "Trần Thị Ánh", "Lê Thị Ân", "Đặng Thị Bình"]


def test_the_whole_given_name_tones_included_comes_before_the_family_name():
    # Hương and Hường differ only in a tone; every Hương comes before every Hường
    names = ["Lê Thị Hường", "Phạm Thị Hương", "Trần Thị Hường", "An Thị Hương"]
    assert _sorted(names) == ["An Thị Hương", "Phạm Thị Hương", "Lê Thị Hường", "Trần Thị Hường"]


def test_middle_names_then_family_names_break_ties():
    assert _sorted(["Nguyễn Văn Lan", "Nguyễn Thị Lan", "Lê Thị Lan"]) == [
        "Lê Thị Lan",
        "Nguyễn Thị Lan",
        "Nguyễn Văn Lan",
    ]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Dũng", "Đạt"),  # d before đ
        ("Tuấn", "Từ"),  # u before ư
        ("Cô", "Công"),  # a shorter word first
        ("Oanh", "Ôn"),  # o before ô
        ("Ôn", "Ơn"),  # ô before ơ
        ("Ê", "Giang"),  # ê before g
        ("Xuân", "Yến"),  # y last
        ("Ba", "Bà"),  # no tone first
    ],
)
def test_letter_order_of_the_vietnamese_alphabet(before, after):
    assert name_sort_key(before) < name_sort_key(after)


def test_tones_in_dictionary_order():
    assert _sorted(["Bạ", "Bá", "Bã", "Bả", "Bà", "Ba"]) == ["Ba", "Bà", "Bả", "Bã", "Bá", "Bạ"]


def test_the_key_ignores_case_spacing_and_unicode_form():
    key = name_sort_key("Lê Thị Hường")
    assert name_sort_key(_nfd("  LÊ  thị HƯỜNG ")) == key
    assert key.isdigit()
    assert name_sort_key("") == ""


# --- name order: properties -----------------------------------------------------------


def _syllable() -> st.SearchStrategy[str]:
    """A Vietnamese-looking word: an initial, a vowel with a tone mark, an ending; maybe capitalised."""
    initial = st.sampled_from(["", "b", "c", "d", "đ", "g", "h", "kh", "l", "m", "n", "ng", "nh", "qu", "t", "tr", "x"])
    ending = st.sampled_from(["", "", "c", "m", "n", "ng", "nh", "t", "i", "o", "u"])

    def build(parts: tuple[str, str, str, str, bool]) -> str:
        head, vowel, tone, end, capital = parts
        word = unicodedata.normalize("NFC", head + vowel + tone + end)
        return word.capitalize() if capital else word

    return st.tuples(initial, st.sampled_from(VOWELS), st.sampled_from(TONES), ending, st.booleans()).map(build)


names = st.lists(_syllable(), min_size=1, max_size=4).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(names, names)
def test_the_key_orders_names_as_the_reference_does(first, second):
    reference = (_reference_key(first) > _reference_key(second)) - (_reference_key(first) < _reference_key(second))
    keys = (name_sort_key(first) > name_sort_key(second)) - (name_sort_key(first) < name_sort_key(second))
    assert keys == reference


@settings(max_examples=100, deadline=None)
@given(st.lists(names, min_size=2, max_size=8))
def test_sorting_by_key_is_sorting_by_the_reference(batch):
    by_key = sorted(batch, key=name_sort_key)
    by_reference = sorted(batch, key=_reference_key)
    assert [_reference_key(n) for n in by_key] == [_reference_key(n) for n in by_reference]


@settings(max_examples=200, deadline=None)
@given(names)
def test_fold_and_key_do_not_depend_on_the_unicode_form(name):
    assert fold(_nfd(name)) == fold(name)
    assert name_sort_key(_nfd(name)) == name_sort_key(name)
    assert name_sort_key(name.upper()) == name_sort_key(name)
    assert not any(unicodedata.combining(char) for char in fold(name))
    assert fold(name).isascii()


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_nfc_is_idempotent_and_composed(value):
    once = nfc(value)
    assert nfc(once) == once
    assert unicodedata.is_normalized("NFC", once)
    assert once == once.strip()
    assert "  " not in once
    assert nfc(_nfd(value)) == once


# --- the search selector ------------------------------------------------------------------


@pytest.mark.django_db
def test_person_search_matches_without_diacritics_in_vietnamese_order(world: Any):
    for name in ("Trần Thị Hường", "Lê Thị Hương", "Nguyễn Văn Hưng", "Đỗ Văn Hùng", "Bùi Thị Huế"):
        ns.person_create(council_id=world.council.pk, full_name=name)
    ns.person_create(council_id=world.other_council.pk, full_name="Hoàng Thị Hường")

    found = [
        p.full_name for p in selectors.person_search(actor=world.secretariat, council=world.council, query="huong")
    ]
    assert found == ["Lê Thị Hương", "Trần Thị Hường"]
    # diacritics in the query are folded too: "Hường" also finds the Hương a clerk may have mistyped
    found = [
        p.full_name for p in selectors.person_search(actor=world.secretariat, council=world.council, query="Hường")
    ]
    assert found == ["Lê Thị Hương", "Trần Thị Hường"]
    found = [
        p.full_name for p in selectors.person_search(actor=world.secretariat, council=world.council, query="thi hu")
    ]
    assert found == ["Bùi Thị Huế", "Lê Thị Hương", "Trần Thị Hường"]
    assert list(selectors.person_search(actor=world.secretariat, council=world.council, query="Xuyến")) == []
