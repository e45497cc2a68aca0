"""The round's dashboard (tình hình đợt xét) for the council's secretariat and chairman: each
unit's dossiers by status (and the units that have sent nothing), the lines sent by award type,
the overdue steps and who holds them, the days left to the deadline.

A fixed number of queries whatever the council's size: the units, one count of dossiers per
(unit, status), one count of lines per award type, and the open timed tasks of the round with
their rules (``workflows.selectors.timed_tasks``, the overdue scan's own reading)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.utils import timezone

from councils.calendar import LOCAL_TZ, work_calendar, working_days_between
from councils.models import Unit
from nominations.models import AwardType, Nomination, NominationLine, NominationStatus, Round
from workflows.escalation import escalation_plan
from workflows.models import DeadlineStep
from workflows.selectors import step_rules, timed_tasks

#: the statuses the dashboard counts, in the order of the flow
STATUSES: tuple[str, ...] = (
    NominationStatus.DRAFT,
    NominationStatus.SUBMITTED,
    NominationStatus.RETURNED,
    NominationStatus.ACCEPTED,
    NominationStatus.WITHDRAWN,
)
#: dossiers that have reached the council (their lines are counted by award type)
SENT = (NominationStatus.SUBMITTED, NominationStatus.RETURNED, NominationStatus.ACCEPTED)


@dataclass
class UnitRow:
    unit_id: int
    name: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def sent(self) -> int:
        return sum(self.counts.get(status, 0) for status in SENT)

    def count(self, status: str) -> int:
        return self.counts.get(status, 0)


@dataclass(frozen=True)
class OverdueStep:
    nomination: Nomination
    step: str
    holder: str  # a person's or the unit's name; empty: the secretariat (nobody took the review)
    due: dt.datetime
    overdue_days: int

    @property
    def step_label(self) -> str:
        return str(DeadlineStep(self.step).label)


@dataclass
class RoundDashboard:
    round: Round
    units: list[UnitRow]
    totals: dict[str, int]
    awards: list[tuple[AwardType, int]]
    overdue: list[OverdueStep]
    days_left: int

    @property
    def units_without_dossier(self) -> list[UnitRow]:
        return [row for row in self.units if row.sent == 0]

    @property
    def lines_sent(self) -> int:
        return sum(count for _award, count in self.awards)


def days_left(round_: Round, today: dt.date | None = None) -> int:
    """Days from today to the round's deadline (its local date): negative once it has passed."""
    today = today or timezone.localdate()
    return (round_.closes_at.astimezone(LOCAL_TZ).date() - today).days


def round_dashboard(round_: Round, *, now: dt.datetime | None = None) -> RoundDashboard:
    now = now or timezone.now()
    rows = {
        unit.pk: UnitRow(unit.pk, unit.name)
        for unit in Unit.objects.filter(council_id=round_.council_id, is_active=True).order_by("name", "id")
    }
    totals: dict[str, int] = dict.fromkeys(STATUSES, 0)
    counted = Nomination.objects.filter(round=round_).values("unit_id", "unit__name", "status").annotate(n=Count("id"))
    for entry in counted:
        row = rows.get(entry["unit_id"])
        if row is None:  # a unit stopped since: its dossiers still count
            row = rows[entry["unit_id"]] = UnitRow(entry["unit_id"], entry["unit__name"])
        row.counts[entry["status"]] = entry["n"]
        totals[entry["status"]] = totals.get(entry["status"], 0) + entry["n"]
    by_award = (
        NominationLine.objects.filter(nomination__round=round_, nomination__status__in=SENT)
        .values("award_type_id")
        .annotate(n=Count("id"))
    )
    counts = {entry["award_type_id"]: entry["n"] for entry in by_award}
    awards = [
        (award, counts[award.pk])
        for award in AwardType.objects.filter(pk__in=counts).order_by("code")
        if counts.get(award.pk)
    ]
    return RoundDashboard(
        round=round_,
        units=sorted(rows.values(), key=lambda row: (row.sent == 0, row.name)),
        totals=totals,
        awards=sorted(awards, key=lambda pair: (-pair[1], pair[0].code)),
        overdue=overdue_steps(round_, now=now),
        days_left=days_left(round_, timezone.localtime(now).date()),
    )


def overdue_steps(round_: Round, *, now: dt.datetime) -> list[OverdueStep]:
    """The round's timed steps past their limit (the overdue scan's rule and calendar), the
    longest overdue first, with who holds each: the officer who took the review, else the
    secretariat; the unit for a returned dossier."""
    timed = timed_tasks(round_id=round_.pk)
    if not timed:
        return []
    calendar = work_calendar()
    rules = step_rules(council_ids={round_.council_id})
    found = []
    for item in timed:
        plan = escalation_plan(created=item.task.created, rule=rules[(round_.council_id, item.step)], calendar=calendar)
        due = plan[0].at
        if due > now:
            continue
        if item.step == DeadlineStep.REVISE:
            holder = item.nomination.unit_name
        elif item.task.owner is not None:
            owner: Any = item.task.owner
            holder = owner.get_full_name() or owner.get_username()
        else:
            holder = ""  # nobody has taken the review: the secretariat as a whole
        found.append(OverdueStep(item.nomination, item.step, holder, due, working_days_between(due, now, calendar)))
    return sorted(found, key=lambda step: (-step.overdue_days, step.due))
