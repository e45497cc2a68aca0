"""Reads of the council session pages: who may see a session and act on it,
its agenda grouped by award type, attendance and quorum, who has voted (never
what), a member's ballot with the lines they are recused from, and the frozen
results.  Nothing here reads a ballot's content except as counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from common.text import name_sort_key
from councils import access
from councils.access import VOTING_ROLES, Capability
from councils.models import CouncilMembership, CouncilRole, Unit, User
from decisions.models import (
    AgendaItem,
    Attendance,
    AttendanceState,
    BallotCast,
    CouncilSession,
)
from decisions.services import ballot_box
from decisions.services import sessions as council_services
from decisions.services.decisions import no_vote_lines_of
from decisions.services.results import decided_here, session_results
from decisions.voting import LineResult
from nominations.models import AwardType, Round
from nominations.selectors import nominee_name_q


@dataclass(frozen=True)
class SessionAccess:
    """What a user is in a session's council."""

    secretariat: bool = False
    chairman: bool = False
    staff: bool = False  # secretariat, chairman or the council's admin: the session page
    voter: bool = False  # a member or the chairman: the ballot page

    @property
    def any(self) -> bool:
        return self.staff or self.voter


def session_access(*, user: Any, council_id: int) -> SessionAccess:
    return SessionAccess(
        secretariat=access.can(user, Capability.RUN_SESSION, council_id),
        chairman=access.can(user, Capability.DECIDE, council_id),
        staff=access.can(user, Capability.READ_DOSSIERS, council_id),
        voter=access.can(user, Capability.VOTE, council_id),
    )


def session_get_for_user(*, user: Any, pk: int) -> tuple[CouncilSession, SessionAccess]:
    """The session if the user holds a role in its council; otherwise 404, never the data."""
    session = (
        CouncilSession.objects.select_related("council", "round", "chair", "secretary", "decided_by")
        .filter(pk=pk)
        .first()
    )
    if session is None:
        raise Http404
    rights = session_access(user=user, council_id=session.council_id)
    if not rights.any:
        raise Http404
    return session, rights


def session_councils(*, user: Any) -> set[int]:
    return access.councils_where(user, Capability.READ_DOSSIERS, Capability.VOTE)


@dataclass
class SessionListRow:
    session: CouncilSession
    access: SessionAccess
    has_voted: bool


def session_list_for_user(*, user: Any) -> list[SessionListRow]:
    councils = session_councils(user=user)
    sessions = list(
        CouncilSession.objects.filter(council_id__in=councils)
        .select_related("council", "round", "chair")
        .order_by("-held_at", "-id")
    )
    voted = set(
        BallotCast.objects.filter(member=user, session__in=[s.pk for s in sessions]).values_list(
            "session_id", flat=True
        )
    )
    accesses = {council_id: session_access(user=user, council_id=council_id) for council_id in councils}
    return [SessionListRow(s, accesses[s.council_id], s.pk in voted) for s in sessions]


def rounds_for_session(*, user: Any) -> QuerySet[Round]:
    """Rounds of the councils whose secretariat the user is."""
    councils = access.councils_where(user, Capability.RUN_SESSION)
    return Round.objects.filter(council_id__in=councils).select_related("council").order_by("-year", "-opens_at")


def _users_with(council_ids: set[int], roles: tuple[str, ...]) -> QuerySet[Any]:
    return User.objects.filter(
        pk__in=CouncilMembership.objects.filter(council_id__in=council_ids, role__in=roles, is_active=True).values(
            "user_id"
        ),
        is_active=True,
    ).order_by("last_name", "first_name", "username")


def session_people_choices(*, user: Any) -> tuple[QuerySet[Any], QuerySet[Any]]:
    """(who may chair, who may keep the minutes) in the councils whose secretariat the user is."""
    councils = access.councils_where(user, Capability.RUN_SESSION)
    chairs = _users_with(councils, VOTING_ROLES)
    secretaries = _users_with(councils, (CouncilRole.SECRETARIAT, *VOTING_ROLES))
    return chairs, secretaries


# --- The agenda -------------------------------------------------------------------


@dataclass
class AgendaGroup:
    award_type: AwardType
    items: list[Any] = field(default_factory=list)


def session_items(session: CouncilSession) -> list[AgendaItem]:
    return list(
        AgendaItem.objects.filter(session=session)
        .select_related(
            "line__award_type",
            "line__nomination__unit",
            "line__person",
            "line__collective",
            "line__household",
            "requires",
        )
        .order_by("position")
    )


def group_by_award(items: list[Any]) -> list[AgendaGroup]:
    """Agenda items grouped by award type, as on a paper ballot (the agenda is already in that order)."""
    groups: dict[int, AgendaGroup] = {}
    for item in items:
        award = item.line.award_type
        groups.setdefault(award.pk, AgendaGroup(award)).items.append(item)
    return list(groups.values())


def session_agenda(session: CouncilSession) -> list[AgendaGroup]:
    return group_by_award(session_items(session))


# --- Attendance, quorum, participation --------------------------------------------


@dataclass
class AttendanceRow:
    member: Any
    role: str
    state: str

    @property
    def state_label(self) -> str:
        return str(AttendanceState(self.state).label) if self.state else ""


def _name_key(user: Any) -> str:
    return name_sort_key(user.get_full_name() or user.username)


def session_attendance(session: CouncilSession) -> list[AttendanceRow]:
    """Every voting member of the council with their attendance (blank when not yet recorded)."""
    memberships = council_services.voting_members(session.council_id, on=council_services.held_on(session))
    users = User.objects.in_bulk(list(memberships))
    states = dict(Attendance.objects.filter(session=session).values_list("member_id", "state"))
    # members recorded earlier who have left the council since still show
    missing = set(states) - set(users)
    users.update(User.objects.in_bulk(list(missing)))
    rows = [
        AttendanceRow(user, memberships[user.pk].role if user.pk in memberships else "", states.get(user.pk, ""))
        for user in users.values()
    ]
    return sorted(rows, key=lambda row: (_name_key(row.member), row.member.pk))


@dataclass(frozen=True)
class Quorum:
    members: int
    present: int
    written: int
    needed: int

    @property
    def reached(self) -> bool:
        return self.present >= self.needed


def session_quorum(session: CouncilSession, attendance: list[AttendanceRow]) -> Quorum:
    members = session.members_total or len(
        council_services.voting_members(session.council_id, on=council_services.held_on(session))
    )
    council = session.council
    return Quorum(
        members=members,
        present=sum(1 for row in attendance if row.state == AttendanceState.PRESENT),
        written=sum(1 for row in attendance if row.state == AttendanceState.WRITTEN),
        needed=council_services.quorum_needed(
            members, numerator=council.quorum_numerator, denominator=council.quorum_denominator
        ),
    )


@dataclass
class Participation:
    """Who has voted and how (online, paper, in writing), in name order — never what, never
    in the order they voted — the counts of the box and the sorted trackers of its ballots."""

    casts: list[BallotCast]
    box: ballot_box.BoxState
    trackers: list[str]

    @property
    def ballots(self) -> int:
        return self.box.sealed

    @property
    def paper_handed_in(self) -> int:
        return self.box.paper_handed_in

    @property
    def paper_entered(self) -> int:
        return self.box.paper_entered

    @property
    def online(self) -> int:
        return self.box.online

    @property
    def paper_to_enter(self) -> int:
        return self.box.paper_to_enter


def session_participation(session: CouncilSession) -> Participation:
    casts = list(BallotCast.objects.filter(session=session).select_related("member"))
    casts.sort(key=lambda cast: (_name_key(cast.member), cast.member_id))
    return Participation(casts=casts, box=ballot_box.box_state(session), trackers=ballot_box.live_trackers(session))


def paper_candidates(
    session: CouncilSession, attendance: list[AttendanceRow], participation: Participation
) -> list[Any]:
    """Members present at the meeting who have not voted: those who may hand in a paper ballot."""
    voted = {cast.member_id for cast in participation.casts}
    return [row.member for row in attendance if row.state == AttendanceState.PRESENT and row.member.pk not in voted]


# --- A member's ballot ------------------------------------------------------------


@dataclass(frozen=True)
class BallotState:
    """What the ballot page tells a member: whether they may vote now, and why not."""

    can_vote: bool
    has_voted: bool
    attendance: str


def ballot_state(session: CouncilSession, member: Any) -> BallotState:
    has_voted = BallotCast.objects.filter(session=session, member=member).exists()
    attendance = Attendance.objects.filter(session=session, member=member).values_list("state", flat=True).first() or ""
    can_vote = (
        session.is_voting
        and not has_voted
        and attendance in (AttendanceState.PRESENT, AttendanceState.WRITTEN)
        and member.pk in council_services.voting_members(session.council_id, on=council_services.held_on(session))
    )
    return BallotState(can_vote=can_vote, has_voted=has_voted, attendance=attendance)


def ballot_items(session: CouncilSession, member: Any | None) -> list[AgendaGroup]:
    """The agenda as on a paper ballot; each item says whether ``member`` is recused from it."""
    items: list[Any] = list(session_items(session))
    recused = council_services.recusals(session) if member is not None else {}
    for item in items:
        item.recused = member is not None and member.pk in recused.get(item.pk, set())
    return group_by_award(items)


# --- Results ----------------------------------------------------------------------


@dataclass
class ResultRow:
    item: AgendaItem
    result: LineResult

    @property
    def percent(self) -> Decimal:
        return Decimal(self.result.percent)


@dataclass
class ResultGroup:
    award_type: AwardType
    rows: list[ResultRow]


def session_result_groups(session: CouncilSession) -> list[ResultGroup]:
    """The frozen results per agenda line, grouped by award type (empty before the close)."""
    results = session_results(session)
    if not results:
        return []
    groups = []
    for group in session_agenda(session):
        rows = [ResultRow(item, results[item.pk]) for item in group.items if item.pk in results]
        groups.append(ResultGroup(group.award_type, rows))
    return groups


# --- What the chairman approves ------------------------------------------------------


@dataclass
class NoVoteGroup:
    award_type: AwardType
    lines: list[Any]


@dataclass
class DecideOverview:
    """Everything the chairman's approval includes, counted first: the voted lines that passed
    (decided here or proposed upward) and failed, and the lines that need no vote by award type."""

    passed_here: int
    passed_above: int
    failed: int
    no_vote_groups: list[NoVoteGroup]
    late_waiting: int  # lines accepted after the agenda was made, not on this session: the next one's

    @property
    def no_vote_total(self) -> int:
        return sum(len(group.lines) for group in self.no_vote_groups)

    @property
    def in_decision(self) -> int:
        """The lines of the draft decision if every passing line is approved."""
        return self.passed_here + self.no_vote_total


def decide_overview(session: CouncilSession, result_groups: list[ResultGroup]) -> DecideOverview:
    level = session.council.level
    passed_here = passed_above = failed = 0
    for group in result_groups:
        for row in group.rows:
            if not row.result.passed:
                failed += 1
            elif decided_here(row.item.line, level):
                passed_here += 1
            else:
                passed_above += 1
    groups: dict[int, NoVoteGroup] = {}
    for line in no_vote_lines_of(session):
        groups.setdefault(line.award_type_id, NoVoteGroup(line.award_type, [])).lines.append(line)
    waiting = len(council_services.late_lines(session)) if session.has_results else 0
    return DecideOverview(passed_here, passed_above, failed, list(groups.values()), waiting)


def session_late_lines(session: CouncilSession) -> list[Any]:
    """Lines accepted after the agenda was made that the secretariat may add to this session."""
    return council_services.late_lines(session)


def session_added_late(session: CouncilSession) -> list[Any]:
    """The lines the secretariat added after the agenda was made, with who and when."""
    return council_services.added_late(session)


# --- A page of the session's lines ----------------------------------------------------


@dataclass(frozen=True)
class LineFilters:
    """What a session page's lines are narrowed to: a nominee's name (with or without its
    diacritics), an award type, a unit, an outcome ("passed" / "failed", once counted)."""

    query: str = ""
    award: int | None = None
    unit: int | None = None
    outcome: str = ""

    @property
    def active(self) -> bool:
        return bool(self.query or self.award or self.unit or self.outcome)


OUTCOMES = ("passed", "failed")


def _number(value: str) -> int | None:
    return int(value) if value.isdigit() else None


def line_filters(data: Any) -> LineFilters:
    """The filters of a page's query string (unknown values are ignored, never an error)."""
    outcome = data.get("outcome", "")
    return LineFilters(
        query=(data.get("q", "") or "").strip()[:120],
        award=_number(data.get("award", "")),
        unit=_number(data.get("unit", "")),
        outcome=outcome if outcome in OUTCOMES else "",
    )


def session_line_rows(session: CouncilSession, filters: LineFilters) -> QuerySet[AgendaItem]:
    """The session's agenda items narrowed by ``filters``, in agenda order, joins done (a page
    of them is two queries however long the agenda)."""
    items = AgendaItem.objects.filter(session=session).filter(nominee_name_q(filters.query))
    if filters.award:
        items = items.filter(line__award_type_id=filters.award)
    if filters.unit:
        items = items.filter(line__nomination__unit_id=filters.unit)
    if filters.outcome:
        passed = [pk for pk, result in session_results(session).items() if result.passed]
        items = items.filter(pk__in=passed) if filters.outcome == "passed" else items.exclude(pk__in=passed)
    return items.select_related(
        "line__award_type",
        "line__nomination__unit",
        "line__person",
        "line__collective",
        "line__household",
        "requires",
    ).order_by("position")


def session_filter_choices(session: CouncilSession) -> tuple[list[AwardType], list[Unit]]:
    """The award types and units of the session's agenda, for the filters (two queries)."""
    awards = list(AwardType.objects.filter(lines__agenda_items__session=session).distinct().order_by("code"))
    units = list(Unit.objects.filter(nominations__lines__agenda_items__session=session).distinct().order_by("name"))
    return awards, units


def page_result_groups(session: CouncilSession, items: Any) -> list[ResultGroup]:
    """The frozen results of a page of agenda items, grouped by award type as on the ballot."""
    results = session_results(session)
    if not results:
        return []
    return [
        ResultGroup(group.award_type, [ResultRow(item, results[item.pk]) for item in group.items if item.pk in results])
        for group in group_by_award(list(items))
    ]


@dataclass(frozen=True)
class ResultTotals:
    """The whole session's outcome, counted from the frozen results (never from a page)."""

    lines: int
    passed: int

    @property
    def failed(self) -> int:
        return self.lines - self.passed


def session_result_totals(session: CouncilSession) -> ResultTotals | None:
    results = session_results(session)
    if not results:
        return None
    return ResultTotals(len(results), sum(1 for result in results.values() if result.passed))


@dataclass
class DecideGroup:
    """An award type's lines on the chairman's page, with the counts its folded summary shows."""

    award_type: AwardType
    rows: list[ResultRow]

    @property
    def passed(self) -> int:
        return sum(1 for row in self.rows if row.result.passed)

    @property
    def failed(self) -> int:
        return len(self.rows) - self.passed

    @property
    def approved(self) -> int:
        return sum(1 for row in self.rows if getattr(row, "approved", False))

    @property
    def changed(self) -> bool:
        """A passing line left unticked, or a reason typed: the group opens to show it."""
        return any(
            getattr(row, "approved", row.result.passed) != row.result.passed or getattr(row, "reason", "")
            for row in self.rows
        )
