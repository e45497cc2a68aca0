"""Vietnamese text helpers: NFC normalisation, diacritic-free search keys and
the Vietnamese sort order of people's names (given name first)."""

from __future__ import annotations

import unicodedata

# The Vietnamese alphabet; letters outside it sort after, in code point order.
_ALPHABET = "a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y".split()
_RANK = {letter: index + 1 for index, letter in enumerate(_ALPHABET)}
# Tone marks (combining) in the usual dictionary order: none, grave, hook, tilde, acute, dot.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Marks that make a distinct letter of the alphabet (ă â ê ô ơ ư), not a tone.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}


def nfc(value: str) -> str:
    """Return ``value`` in Unicode NFC with surrounding whitespace folded."""
    return " ".join(unicodedata.normalize("NFC", value or "").split())


def nfc_text(value: str) -> str:
    """NFC for multi-line text (achievements, reasons, notes): keeps the line
    breaks, folds runs of spaces within a line, drops blank edges."""
    normalized = unicodedata.normalize("NFC", value or "").replace("\r\n", "\n").replace("\r", "\n")
    lines = [" ".join(line.split()) for line in normalized.split("\n")]
    return "\n".join(lines).strip()


def fold(value: str) -> str:
    """Lower-case, diacritic-free form used for searching ("Hường" -> "huong")."""
    decomposed = unicodedata.normalize("NFD", nfc(value).lower()).replace("đ", "d")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _split_letter(char: str) -> tuple[str, int]:
    """Split one lower-case character into (base letter with its letter marks, tone)."""
    decomposed = unicodedata.normalize("NFD", char)
    tone = 0
    kept = []
    for part in decomposed:
        if part in _TONES:
            tone = _TONES[part]
        else:
            kept.append(part)
    return unicodedata.normalize("NFC", "".join(kept)), tone


def _word_key(word: str) -> tuple[str, str]:
    primary, tones = [], []
    for char in word.lower():
        letter, tone = _split_letter(char)
        rank = _RANK.get(letter)
        if rank is None:
            if not letter.isalnum():
                continue
            rank = 40 + min(ord(letter[0]), 9959) % 60  # other letters/digits after the alphabet
        primary.append(f"{rank:02d}")
        tones.append(str(tone))
    return "".join(primary), "".join(tones)


def name_sort_key(full_name: str) -> str:
    """A digits-only key that orders names the Vietnamese way under any collation.

    Given name (the last word) first, then the middle names, then the family
    name; letters compare in the Vietnamese alphabet and tone marks only break
    ties, so An < Ánh < Ân < Bình.
    """
    words = nfc(full_name).split()
    if not words:
        return ""
    ordered = [words[-1], *words[1:-1], words[0]] if len(words) > 1 else words
    # Each word is settled (letters, then its tones) before the next one counts,
    # so every Hương sorts before every Hường whatever their family names.
    # "00" ends a word's letters: it sorts before any letter, so An < Anh.
    keys = [f"{primary}00{tones}" for primary, tones in map(_word_key, ordered)]
    return "0".join(keys)[:250]
