"""What an award type prints on its paper and the longest achievement that paper holds, with the
defaults per kind of award in one place: the model (a wording left blank prints its kind's), the
setup form's initial values, the services (a blank is stored as its kind's) and the migration that
filled the rows made before these fields all read ``wording_defaults``.

The paper reads, under the issuer ("CHỦ TỊCH" / "ỦY BAN NHÂN DÂN THỊ TRẤN HÀ TRUNG"), the award
line ``award_verb`` and then, large, the paper's name: "TẶNG" / "GIẤY KHEN" for a commendation,
"GIẤY CHỨNG NHẬN" (or "GIẤY CÔNG NHẬN" for a title that is recognised, such as "Gia đình văn hoá")
with no award line for a title, whose paper says under the awardee's name
``certificate_phrase`` with the round's year ("Đạt danh hiệu “Lao động tiên tiến” năm 2026").
The issuer is never repeated in the large line.  A household is named after its head (``HouseholdNaming``),
with "ông" or "bà" from the head's recorded gender ("Gia đình ông Nguyễn Văn An"); a head whose gender
is not recorded is named without either, and no form ever prints "ông/bà".

No model is imported here (``nominations.models`` imports this module)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.text import nfc
from printing.certificate import achievement_capacity

# ``AwardKind``'s values (the model's choices live in nominations.models)
TITLE = "title"
COMMENDATION = "commendation"


class HouseholdNaming(models.TextChoices):
    HOUSEHOLD = "household", _("Hộ gia đình + tên chủ hộ (Hộ gia đình Nguyễn Văn An)")
    FAMILY = "family", _("Gia đình + tên chủ hộ (Gia đình Nguyễn Văn An)")
    SHORT = "short", _("Hộ + tên chủ hộ (Hộ Nguyễn Văn An)")


# Printed on papers, which are always in Vietnamese: not translated.
HOUSEHOLD_PATTERNS: dict[str, str] = {
    HouseholdNaming.HOUSEHOLD: "Hộ gia đình {head}",
    HouseholdNaming.FAMILY: "Gia đình {head}",
    HouseholdNaming.SHORT: "Hộ {head}",
}

ACHIEVEMENT_MIN_CHARS = 20
ACHIEVEMENT_MAX_CHARS = 2000


@lru_cache(maxsize=1)
def default_achievement_max_chars() -> int:
    """What the achievement box of the full A4 certificate holds at its smallest size, rounded down
    to tens (printing measures it with the fonts it prints in)."""
    return max(ACHIEVEMENT_MIN_CHARS, achievement_capacity() // 10 * 10)


# a commendation's paper reads "TẶNG" / "GIẤY KHEN"; a title's names the paper ("GIẤY CHỨNG NHẬN",
# "GIẤY CÔNG NHẬN" for a title that is recognised) and says under the name "Đạt danh hiệu “…” năm …"
_WORDING: dict[str, dict[str, str]] = {
    COMMENDATION: {"paper_title": "Giấy khen", "award_verb": "Tặng"},
    TITLE: {"paper_title": "Giấy chứng nhận", "award_verb": ""},
}
RECOGNITION_PAPER = "Giấy công nhận"


# the papers a commendation's name may begin with ("Bằng khen của Chủ tịch UBND tỉnh" is a Bằng khen)
_PAPERS = ("Bằng khen", "Giấy khen")


def _paper_of(name_vi: str) -> str:
    name = nfc(name_vi).lower()
    return next((paper for paper in _PAPERS if name.startswith(paper.lower())), "")


# a title recognised rather than given: the cultural family, the cultural quarter (Nghị định 86/2023)
_RECOGNISED = ("văn hoá", "văn hóa")


def _recognised(name_vi: str) -> bool:
    return any(word in nfc(name_vi).lower() for word in _RECOGNISED)


def certificate_phrase_default(kind: str, name_vi: str) -> str:
    """What a title's paper says the awardee reached ("Đạt danh hiệu “Lao động tiên tiến”", the
    round's year printed after it); a commendation's paper says nothing of the kind."""
    return f"Đạt danh hiệu “{nfc(name_vi).strip()}”" if kind == TITLE else ""


def certificate_phrase_line(phrase: str, *, kind: str, year: int | None) -> str:
    """The phrase as the paper prints it: a title's with the year it was reached."""
    phrase = nfc(phrase).strip()
    if phrase and kind == TITLE and year and not phrase.endswith(str(year)):
        return f"{phrase} năm {year}"
    return phrase


def decision_phrase_default(kind: str, name_vi: str, paper_title: str) -> str:
    """What the decision's Điều 1 says it does with the award: "Tặng Giấy khen", "Tặng danh hiệu
    “Lao động tiên tiến”", "Công nhận danh hiệu “Gia đình văn hoá”"."""
    name = nfc(name_vi).strip()
    if kind == TITLE:
        verb = "Công nhận" if _recognised(name) else "Tặng"
        return f"{verb} danh hiệu “{name}”"
    return f"Tặng {sentence_case(paper_title) or name}"


def wording_defaults(kind: str, name_vi: str = "") -> dict[str, Any]:
    """The wording fields of a new award type of ``kind`` (a commendation's for an unknown kind);
    a commendation named after its paper ("Bằng khen của …") takes that paper's name."""
    texts = _WORDING.get(kind, _WORDING[COMMENDATION])
    paper = _paper_of(name_vi) if kind == COMMENDATION else RECOGNITION_PAPER if _recognised(name_vi) else ""
    paper_title = paper or texts["paper_title"]
    return {
        "paper_title": paper_title,
        "award_verb": texts["award_verb"],
        "certificate_phrase": certificate_phrase_default(kind, name_vi),
        "household_naming": HouseholdNaming.HOUSEHOLD.value,
        "achievement_max_chars": default_achievement_max_chars(),
        "decision_phrase": decision_phrase_default(kind, name_vi, paper_title),
    }


# how a certificate addresses a person whose gender is known ("Ông Nguyễn Văn An"), and the word
# before a head of household's name ("Gia đình ông Nguyễn Văn An"); ``nominations.models.Gender`` values
PERSON_TITLES: dict[str, str] = {"male": "Ông", "female": "Bà"}

# the head of household's gender (``nominations.models.Gender`` values) -> the word before the name
HEAD_HONORIFICS: dict[str, str] = {gender: title.lower() for gender, title in PERSON_TITLES.items()}


def household_name(naming: str, head_name: str, head_gender: str = "") -> str:
    """ "Gia đình ông Nguyễn Văn An", "Hộ gia đình bà Lê Thị Hoa"; "Hộ gia đình Nguyễn Văn An" when
    the head's gender is not recorded (the default form for an unknown ``naming``)."""
    pattern = HOUSEHOLD_PATTERNS.get(naming, HOUSEHOLD_PATTERNS[HouseholdNaming.HOUSEHOLD])
    honorific = HEAD_HONORIFICS.get(head_gender, "")
    head = nfc(head_name).strip()
    return pattern.format(head=f"{honorific} {head}" if honorific else head)


def printed_award_name(*, kind: str, paper_title: str, name_vi: str) -> str:
    """The large line under the issuer: the paper's name ("Giấy khen", "Giấy chứng nhận", "Giấy
    công nhận"; the issuer being printed above it), the award's name when it has none."""
    return paper_title if paper_title.strip() else name_vi


def sentence_case(text: str) -> str:
    """ "GIẤY KHEN" -> "Giấy khen": a paper's name inside a sentence."""
    text = nfc(text).strip()
    return text[:1].upper() + text[1:].lower() if text.isupper() else text[:1].upper() + text[1:]


_OF = re.compile(r"(^|\s)của(\s|$)")
_TITLE_WORD = "danh hiệu"


def wording_errors(*, kind: str, paper_title: str, award_verb: str, certificate_phrase: str = "") -> dict[str, str]:
    """{field: message} for a wording that would print wrong: a paper's name that names its issuer
    (printed once, above), an award line with "danh hiệu" (it stands above the paper's name: "TẶNG" /
    "GIẤY KHEN"), a title's phrase that does not name the title with "danh hiệu"."""
    errors: dict[str, str] = {}
    if _OF.search(nfc(paper_title).lower()):
        errors["paper_title"] = gettext(
            "Chỉ ghi tên giấy, ví dụ “Giấy khen”: người tặng đã in ở dòng trên, không in lại sau “Tặng”."
        )
    verb = nfc(award_verb).lower()
    if verb and _TITLE_WORD in verb:
        errors["award_verb"] = gettext(
            "Lời tặng in ngay trên tên giấy (TẶNG / GIẤY KHEN), không kèm chữ “danh hiệu”; danh hiệu "
            "thi đua ghi ở “lời chứng nhận”, ví dụ “Đạt danh hiệu “Lao động tiên tiến””."
        )
    phrase = nfc(certificate_phrase).lower()
    if phrase and kind == TITLE and _TITLE_WORD not in phrase:
        errors["certificate_phrase"] = gettext(
            "Giấy của danh hiệu thi đua ghi tên danh hiệu kèm chữ “danh hiệu”, ví dụ “Đạt danh hiệu “Lao động tiên tiến””."
        )
    return errors


def achievement_length_error(achievement: str, *, max_chars: int, paper_title: str) -> str:
    """Empty when ``achievement`` is no longer than ``max_chars``, else the message the entry shows."""
    length = len(unicodedata.normalize("NFC", achievement or "").strip())
    if length <= max_chars:
        return ""
    return gettext("Thành tích dài %(length)s ký tự; %(paper)s chỉ in được tối đa %(limit)s ký tự.") % {
        "length": length,
        "paper": sentence_case(paper_title) or gettext("Giấy khen"),
        "limit": max_chars,
    }
