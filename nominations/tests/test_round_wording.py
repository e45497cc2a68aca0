"""A paper names its round once: the words a round's name begins with that the sentence already
says ("Xét khen thưởng …") are not printed twice.  Expected texts written out literally."""

from __future__ import annotations

import pytest

from nominations.round_wording import decision_subject, round_phrase


@pytest.mark.parametrize(
    ("name", "phrase"),
    [
        ("Xét khen thưởng tổng kết năm 2026", "tổng kết năm 2026"),
        ("Tổng kết năm 2023", "tổng kết năm 2023"),
        ("Đợt xét khen thưởng đột xuất: cứu người đuối nước", "đột xuất: cứu người đuối nước"),
        ("Khen thưởng – chuyên đề Nông thôn mới", "chuyên đề Nông thôn mới"),
        ("  xét   khen thưởng  năm 2026 ", "năm 2026"),
        ("UBND phát động phong trào 2026", "UBND phát động phong trào 2026"),
        ("Khen thưởng", "khen thưởng"),
        ("Khen thưởngabc", "khen thưởngabc"),
    ],
)
def test_the_round_continues_the_sentence(name: str, phrase: str) -> None:
    assert round_phrase(name) == phrase


def test_the_default_subject_never_doubles_the_round() -> None:
    assert decision_subject("Xét khen thưởng tổng kết năm 2026") == "Về việc khen thưởng tổng kết năm 2026"
    assert decision_subject("Tổng kết năm 2023") == "Về việc khen thưởng tổng kết năm 2023"
