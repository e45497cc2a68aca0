"""How a paper names a round inside its sentences, whatever the round is called.

A council names its rounds as it likes ("Tổng kết năm 2023", "Xét khen thưởng tổng kết năm 2026",
"Đợt xét khen thưởng đột xuất: cứu người đuối nước"); the papers put that name after their own
words ("Về việc khen thưởng …", "họp xét khen thưởng …", "đã có thành tích trong đợt xét khen
thưởng …"), so the words the name begins with that the sentence already says are dropped once, here,
and the name continues the sentence in lower case (an acronym such as "UBND" keeps its capitals)."""

from __future__ import annotations

import re

from common.text import nfc

# longest first: the first that matches is dropped
_LEADS = (
    "đợt xét khen thưởng",
    "đợt khen thưởng",
    "xét khen thưởng",
    "khen thưởng",
    "đợt xét",
    "đợt",
)
_JOINERS = re.compile(r"^[\s:–—-]+")


def round_phrase(name: str) -> str:
    """ "Xét khen thưởng tổng kết năm 2026" -> "tổng kết năm 2026"; "Tổng kết năm 2023" -> "tổng kết năm 2023"."""
    text = " ".join(nfc(name).split())
    lowered = text.lower()
    for lead in _LEADS:
        if lowered.startswith(lead) and (len(text) == len(lead) or not text[len(lead)].isalnum()):
            rest = _JOINERS.sub("", text[len(lead) :])
            if rest:
                text = rest
            break
    first = text.split(" ", 1)[0]
    if first and not (len(first) > 1 and first.isupper()):
        text = text[:1].lower() + text[1:]
    return text


def decision_subject(round_name: str) -> str:
    """A decision's default subject, "Về việc khen thưởng tổng kết năm 2026": printed on the paper,
    so in Vietnamese whatever the page's language."""
    return f"Về việc khen thưởng {round_phrase(round_name)}"
