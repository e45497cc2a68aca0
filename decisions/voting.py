"""Vote counting, as pure functions: the threshold rule of an award type
(share + comparison + base), the outcome of each agenda line from its counts,
the CSTDCS-needs-LDTT rule, and the HMAC that freezes a session's results.

The rules are data (AwardType.threshold_*); nothing here reads the database.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import asdict, dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

GREATER = "gt"
AT_LEAST = "gte"
BASE_ALL = "all"
BASE_PRESENT = "present"
BASE_PRESENT_LESS_RECUSED = "present_less_recused"


@dataclass(frozen=True)
class Threshold:
    share: Decimal  # percent, e.g. Decimal("50")
    comparison: str  # GREATER or AT_LEAST
    base: str  # BASE_ALL, BASE_PRESENT or BASE_PRESENT_LESS_RECUSED

    def base_count(self, *, members: int, present: int, recused_present: int) -> int:
        if self.base == BASE_ALL:
            return members
        if self.base == BASE_PRESENT:
            return present
        if self.base == BASE_PRESENT_LESS_RECUSED:
            return max(present - recused_present, 0)
        raise ValueError(f"unknown threshold base {self.base!r}")

    def passes(self, *, agree: int, base: int) -> bool:
        """Exact arithmetic: 5 of 10 fails 'more than 50%' and passes 'at least 50%'."""
        if base <= 0:
            return False
        ratio = Fraction(agree, base)
        needed = Fraction(self.share) / 100
        return ratio > needed if self.comparison == GREATER else ratio >= needed


@dataclass(frozen=True)
class LineCount:
    """What the ballots and the attendance say about one agenda line."""

    line_id: int
    agree: int
    disagree: int
    blank: int
    recused_present: int
    not_voted: int = 0


@dataclass(frozen=True)
class LineResult:
    line_id: int
    agree: int
    disagree: int
    blank: int
    recused: int
    base: int
    percent: str  # agree / base, two decimals, as text so the digest is stable
    passed: bool
    reason: str = ""  # why a line that reached its threshold still fails (a required title failed)
    not_voted: int = 0  # members taking part, not recused from the line, who cast no ballot

    @property
    def taking_part(self) -> int:
        """agree + disagree + blank + recused + did not vote: the members taking part."""
        return self.agree + self.disagree + self.blank + self.recused + self.not_voted


def percent_text(agree: int, base: int) -> str:
    if base <= 0:
        return "0.00"
    value = (Decimal(agree) * 100 / Decimal(base)).quantize(Decimal("0.01"))
    return f"{value:.2f}"


def line_result(*, count: LineCount, threshold: Threshold, members: int, present: int) -> LineResult:
    base = threshold.base_count(members=members, present=present, recused_present=count.recused_present)
    return LineResult(
        line_id=count.line_id,
        agree=count.agree,
        disagree=count.disagree,
        blank=count.blank,
        recused=count.recused_present,
        base=base,
        percent=percent_text(count.agree, base),
        passed=threshold.passes(agree=count.agree, base=base),
        not_voted=count.not_voted,
    )


def apply_requirements(results: dict[int, LineResult], requires: dict[int, int]) -> dict[int, LineResult]:
    """A line that needs another line of the same session (CSTDCS needs LDTT) passes only if that one passes.

    ``requires`` maps a line id to the id of the line it depends on.
    """
    settled = dict(results)
    for line_id, required_id in requires.items():
        result, required = settled.get(line_id), settled.get(required_id)
        if result is None or required is None or not result.passed or required.passed:
            continue
        settled[line_id] = LineResult(**{**asdict(result), "passed": False, "reason": "required_line_failed"})
    return settled


def results_payload(
    *, session_id: int, members: int, present: int, results: dict[int, LineResult], ballots: str
) -> str:
    """A canonical JSON text of a session's results: what the HMAC signs."""
    body: dict[str, Any] = {
        "session": session_id,
        "members": members,
        "present": present,
        "ballots": ballots,
        "lines": [asdict(results[line_id]) for line_id in sorted(results)],
    }
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


RECORD_VERSION = 2


def results_record(
    *,
    session_id: int,
    members: int,
    present: int,
    agenda: list[dict[str, Any]],
    results: dict[int, LineResult],
    trackers: list[str],
    ballots_opened: int,
    voters_recorded: int,
    ballots_invalid: int,
    close_reason: str,
    present_at_meeting: int = 0,
    quorum_ballots: int | None = None,
) -> str:
    """The canonical JSON text the HMAC signs: the session, what every agenda line is, its
    counts and outcome, the trackers of the ballots counted, and the number of ballots opened
    beside the number of members recorded as having voted (they must be equal)."""
    body: dict[str, Any] = {
        "version": RECORD_VERSION,
        "session": session_id,
        "members": members,
        "present": present,
        "agenda": agenda,
        "lines": [asdict(results[line_id]) for line_id in sorted(results)],
        "trackers": sorted(trackers),
        "ballots_opened": ballots_opened,
        "voters_recorded": voters_recorded,
        "ballots_invalid": ballots_invalid,
        "close_reason": close_reason,
        "present_at_meeting": present_at_meeting,
        "quorum_ballots": quorum_ballots,
    }
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def sign(payload: str, key: bytes) -> str:
    return hmac.new(key, payload.encode(), hashlib.sha256).hexdigest()


def verify(payload: str, digest: str, key: bytes) -> bool:
    return hmac.compare_digest(sign(payload, key), digest)
