"""What a closed session's vote settled, read by the decision, the proposal and
the papers: its frozen results, which lines go up, and a registry row for a line."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from decisions.models import AgendaItem, CouncilSession, Honour
from decisions.voting import LineResult
from nominations.models import NominationLine

LEVEL_ORDER = ["commune", "district", "province", "central"]


def session_results(session: CouncilSession) -> dict[int, LineResult]:
    """The frozen results of a closed session, by agenda item id."""
    if not session.results:
        return {}
    payload = json.loads(session.results["payload"])
    return {line["line_id"]: LineResult(**line) for line in payload["lines"]}


@dataclass(frozen=True)
class CountingRecord:
    """The counting record (biên bản kiểm phiếu) of a closed session, as signed."""

    members: int
    issued: int  # ballots issued: members taking part (present, or voting in writing)
    returned: int  # ballots in the box that was opened
    invalid: int
    trackers: tuple[str, ...]
    close_reason: str

    @property
    def valid(self) -> int:
        return self.returned - self.invalid

    @property
    def absent(self) -> int:
        return max(self.members - self.issued, 0)


def counting_record(session: CouncilSession) -> CountingRecord | None:
    if not session.results:
        return None
    record = json.loads(session.results["payload"])
    returned = record.get("ballots_opened", session.ballots_opened)
    if returned is None:
        returned = int(record.get("ballots") or 0)
    return CountingRecord(
        members=record.get("members", 0),
        issued=record.get("present", 0),
        returned=returned,
        invalid=record.get("ballots_invalid", 0),
        trackers=tuple(record.get("trackers", ())),
        close_reason=record.get("close_reason", ""),
    )


def decided_here(line: NominationLine, council_level: str) -> bool:
    return line.award_type.deciding_level == council_level


def decided_above(award_level: str, council_level: str) -> bool:
    """The award type is decided by a level above the council's."""
    if award_level not in LEVEL_ORDER or council_level not in LEVEL_ORDER:
        return False
    return LEVEL_ORDER.index(award_level) > LEVEL_ORDER.index(council_level)


def proposable_items(session: CouncilSession) -> list[tuple[AgendaItem, LineResult]]:
    """The lines of a decided session that go up to the parent council: passed the
    vote, decided by a higher level, and not excluded by the chairman."""
    results = session_results(session)
    chosen = []
    for item in (
        AgendaItem.objects.filter(session=session)
        .select_related("line__award_type", "line__nomination__unit", "line__person", "line__collective")
        .select_related("line__household")
        .order_by("position")
    ):
        result = results.get(item.pk)
        if result is None or not result.passed or item.excluded_reason:
            continue
        if decided_above(item.line.award_type.deciding_level, session.council.level):
            chosen.append((item, result))
    return chosen


def honour_for(line: NominationLine, *, council_id: int, year: int, **source: Any) -> Honour:
    """The registry row for a line's nominee and award (``source``: the decision and/or the
    higher council's reference and date)."""
    return Honour(
        council_id=council_id,
        award_type_id=line.award_type_id,
        year=year,
        person_id=line.person_id,
        collective_id=line.collective_id,
        household_id=line.household_id,
        source_line=line,
        **source,
    )
