"""Services of the council's session before its ballot box: the agenda and its
identity, attendance, quorum, recusals and opening the vote.  The box itself
(casting, paper ballots, the close, the tally and its verification) is
``decisions.services.ballot_box``."""

from __future__ import annotations

import secrets
from collections import defaultdict
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from common.text import nfc
from councils import access
from councils.access import VOTING_ROLES, Capability
from councils.models import CouncilMembership, CouncilRole
from councils.security import SecurityEventKind, security_event
from decisions import locks, seal
from decisions.models import (
    AgendaItem,
    Attendance,
    AttendanceState,
    CouncilSession,
    DecisionStatus,
    NoVoteItem,
    SessionStatus,
)
from nominations.models import NominationLine, NominationStatus, Round


def voting_members(council_id: int, *, on: date | None = None) -> dict[int, CouncilMembership]:
    """The council's voting members (members and the chairman), one membership per user; with
    ``on``, only those whose term covers that date (a session's members are those of its date)."""
    memberships = CouncilMembership.objects.filter(
        council_id=council_id, role__in=VOTING_ROLES, is_active=True, user__is_active=True
    )
    if on is not None:
        memberships = memberships.filter(Q(term_from__isnull=True) | Q(term_from__lte=on)).filter(
            Q(term_until__isnull=True) | Q(term_until__gte=on)
        )
    members: dict[int, CouncilMembership] = {}
    for membership in memberships.order_by("role", "id"):
        members.setdefault(membership.user_id, membership)
    return members


def held_on(session: CouncilSession) -> date:
    """The session's date, as the council keeps it (Asia/Ho_Chi_Minh)."""
    return timezone.localtime(session.held_at).date()


def _locked(session: CouncilSession) -> CouncilSession:
    return locks.sessions_for_update().select_related("council", "round").get(pk=session.pk)


@transaction.atomic
def session_create(
    *,
    actor: Any,
    round: Round,
    held_at: datetime,
    place: str,
    chair: Any,
    secretary: Any,
    allow_written_votes: bool = True,
) -> CouncilSession:
    """Open a session for a round; its agenda is every accepted line that needs a vote."""
    access.require(actor, Capability.RUN_SESSION, round.council_id)
    if not CouncilMembership.objects.filter(
        council_id=round.council_id,
        user=secretary,
        role__in=[CouncilRole.SECRETARIAT, *VOTING_ROLES],
        is_active=True,
    ).exists():
        raise ValidationError(_("Thư ký phiên họp phải là thường trực hoặc thành viên của hội đồng."))
    members = voting_members(round.council_id, on=timezone.localtime(held_at).date())
    if chair.pk not in members:
        raise ValidationError(_("Người chủ trì phải là thành viên hội đồng."))
    place = nfc(place)
    if not place:
        raise ValidationError(_("Chưa nhập địa điểm họp."))
    session = CouncilSession.objects.create(
        council_id=round.council_id,
        round=round,
        held_at=held_at,
        place=place,
        chair=chair,
        secretary=secretary,
        allow_written_votes=allow_written_votes,
        created_by=actor,
    )
    taken = (
        AgendaItem.objects.filter(line__nomination__round=round)
        .exclude(session__status=SessionStatus.RETURNED)
        .values("line_id")
    )
    lines = list(
        NominationLine.objects.filter(
            nomination__round=round, nomination__status=NominationStatus.ACCEPTED, award_type__needs_vote=True
        )
        .exclude(pk__in=taken)
        .select_related("award_type", "nomination")
        .order_by("award_type__code", "nomination__unit__name", "position", "id")
    )
    if not lines:
        raise ValidationError(_("Không có dòng đề nghị nào đã được chấp nhận và cần hội đồng bỏ phiếu."))
    items = AgendaItem.objects.bulk_create(
        [AgendaItem(session=session, line=line, position=index) for index, line in enumerate(lines, start=1)]
    )
    _link_requirements(items)
    NoVoteItem.objects.bulk_create(
        [NoVoteItem(session=session, line=line) for line in _free_lines(round).filter(award_type__needs_vote=False)]
    )
    return session


def _free_lines(round: Round, *, level: str | None = None) -> Any:
    """Accepted lines of the round on no session (but a returned one) and in no decision: those a
    session may take.  Lines that need no vote only where the council itself decides them."""
    council_level = level or round.council.level
    on_sessions = AgendaItem.objects.filter(line__nomination__round=round).exclude(
        session__status=SessionStatus.RETURNED
    )
    without_vote = NoVoteItem.objects.filter(line__nomination__round=round).exclude(
        session__status=SessionStatus.RETURNED
    )
    return (
        NominationLine.objects.filter(nomination__round=round, nomination__status=NominationStatus.ACCEPTED)
        .exclude(pk__in=on_sessions.values("line_id"))
        .exclude(pk__in=without_vote.values("line_id"))
        .exclude(decision_lines__decision__status__in=[DecisionStatus.DRAFT, DecisionStatus.REGISTERED])
        .exclude(Q(award_type__needs_vote=False) & ~Q(award_type__deciding_level=council_level))
        .select_related("award_type", "nomination__unit", "person", "collective", "household")
        .order_by("award_type__code", "nomination__unit__name", "position", "id")
    )


def late_lines(session: CouncilSession) -> list[NominationLine]:
    """Lines accepted after the session's agenda was made, that it may still take: any while it
    prepares; once voting has opened, only lines that need no vote (the others wait for the next
    session).  None once the chairman has decided or sent the session back."""
    if session.status not in (SessionStatus.PREPARING, SessionStatus.VOTING, SessionStatus.CLOSED):
        return []
    lines = _free_lines(session.round, level=session.council.level)
    if session.status != SessionStatus.PREPARING:
        lines = lines.filter(award_type__needs_vote=False)
    return list(lines)


def added_late(session: CouncilSession) -> list[Any]:
    """The lines the secretariat added after the agenda was made (agenda items and lines that
    need no vote), with who and when, in the order they were added: the session page and the
    minutes both list them."""
    joins = (
        "added_by",
        "line__award_type",
        "line__nomination__unit",
        "line__person__unit",
        "line__collective__unit",
        "line__household__unit",
    )
    rows: list[Any] = [
        *AgendaItem.objects.filter(session=session, added_by__isnull=False).select_related(*joins),
        *NoVoteItem.objects.filter(session=session, added_by__isnull=False).select_related(*joins),
    ]
    return sorted(rows, key=lambda row: (row.added_at, row.pk))


@transaction.atomic
def session_add_lines(*, actor: Any, session: CouncilSession, line_ids: list[int]) -> int:
    """The secretariat adds lines accepted after the agenda was made to this session, explicitly:
    who and when are recorded, and the minutes list them.  Returns how many were added."""
    session = _locked(session)
    access.require(actor, Capability.RUN_SESSION, session.council_id)
    if session.status not in (SessionStatus.PREPARING, SessionStatus.VOTING, SessionStatus.CLOSED):
        raise ValidationError(_("Phiên họp đã có quyết định của chủ tịch; không bổ sung dòng được nữa."))
    if not line_ids:
        raise ValidationError(_("Chưa chọn dòng nào để bổ sung."))
    available = {line.pk: line for line in late_lines(session)}
    unknown = [line_id for line_id in line_ids if line_id not in available]
    if unknown:
        raise ValidationError(
            _(
                "Có dòng không bổ sung được vào phiên họp này (đã ở phiên họp khác, chưa được chấp nhận, "
                "hoặc cần bỏ phiếu mà phiên họp đã mở bỏ phiếu)."
            )
        )
    now = timezone.now()
    chosen = [available[line_id] for line_id in dict.fromkeys(line_ids)]
    to_vote = [line for line in chosen if line.award_type.needs_vote]
    if to_vote:
        last = AgendaItem.objects.filter(session=session).order_by("-position").values_list("position", flat=True)
        start = (last.first() or 0) + 1
        AgendaItem.objects.bulk_create(
            [
                AgendaItem(session=session, line=line, position=start + index, added_by=actor, added_at=now)
                for index, line in enumerate(to_vote)
            ]
        )
        _link_requirements(list(AgendaItem.objects.filter(session=session).select_related("line__award_type")))
    NoVoteItem.objects.bulk_create(
        [
            NoVoteItem(session=session, line=line, added_by=actor, added_at=now)
            for line in chosen
            if not line.award_type.needs_vote
        ]
    )
    return len(chosen)


def _nominee_key(line: NominationLine) -> tuple[str, int | None]:
    return (line.nominee_kind, line.person_id or line.collective_id or line.household_id)


def _link_requirements(items: list[AgendaItem]) -> None:
    """A CSTDCS line voted with its LDTT line in the same session passes only if that one passes."""
    by_nominee_award = {(_nominee_key(item.line), item.line.award_type_id): item for item in items}
    changed = []
    for item in items:
        required_type = item.line.award_type.prerequisite_id
        if required_type and item.line.award_type.prerequisite_years <= 1:
            required = by_nominee_award.get((_nominee_key(item.line), required_type))
            if required is not None:
                item.requires = required
                changed.append(item)
    if changed:
        AgendaItem.objects.bulk_update(changed, ["requires"])


@transaction.atomic
def attendance_record(*, actor: Any, session: CouncilSession, states: dict[int, str]) -> None:
    """Record who is present, absent, or absent and voting in writing."""
    session = _locked(session)
    access.require(actor, Capability.RUN_SESSION, session.council_id)
    if session.status != SessionStatus.PREPARING:
        raise ValidationError(_("Chỉ điểm danh trước khi mở bỏ phiếu."))
    members = voting_members(session.council_id, on=held_on(session))
    unknown = set(states) - set(members)
    if unknown:
        raise ValidationError(_("Người được điểm danh không phải thành viên hội đồng."))
    for user_id, state in states.items():
        if state not in AttendanceState.values:
            raise ValidationError(_("Tình trạng dự họp không hợp lệ."))
        if state == AttendanceState.WRITTEN and not session.allow_written_votes:
            raise ValidationError(_("Phiên họp này không cho phép bỏ phiếu bằng văn bản."))
        Attendance.objects.update_or_create(session=session, member_id=user_id, defaults={"state": state})


def quorum_needed(members_total: int, *, numerator: int = 2, denominator: int = 3) -> int:
    """At least numerator/denominator of the members (two thirds unless the council's regulation says otherwise)."""
    return -(-members_total * numerator // denominator)


@transaction.atomic
def session_voting_open(*, actor: Any, session: CouncilSession, closes_at: datetime | None = None) -> CouncilSession:
    """Check the quorum and open the ballot."""
    session = _locked(session)
    access.require(actor, Capability.RUN_SESSION, session.council_id)
    if session.status != SessionStatus.PREPARING:
        raise ValidationError(_("Phiên họp đã mở bỏ phiếu hoặc đã kết thúc."))
    master_key()  # refuse to open a vote that could not be sealed
    members_total = len(voting_members(session.council_id, on=held_on(session)))
    present = Attendance.objects.filter(session=session, state=AttendanceState.PRESENT).count()
    needed = quorum_needed(
        members_total, numerator=session.council.quorum_numerator, denominator=session.council.quorum_denominator
    )
    if present < needed:
        raise ValidationError(
            _("Chưa đủ số thành viên dự họp: có mặt %(present)s/%(total)s, cần ít nhất %(needed)s.")
            % {"present": present, "total": members_total, "needed": needed}
        )
    session.members_total = members_total
    session.present_total = present
    session.status = SessionStatus.VOTING
    session.opened_at = timezone.now()
    session.voting_closes_at = closes_at
    session.quorum_ballots = needed
    session.box_id = secrets.token_hex(16)
    session.agenda_digest = agenda_binding(session)
    session.save(
        update_fields=[
            "members_total",
            "present_total",
            "status",
            "opened_at",
            "voting_closes_at",
            "quorum_ballots",
            "box_id",
            "agenda_digest",
        ]
    )
    freeze_voters(session)
    security_event(
        SecurityEventKind.VOTE_OPEN,
        actor=actor,
        council_id=session.council_id,
        detail=_("phiên họp số %(pk)s") % {"pk": session.pk},
    )
    return session


def agenda_binding(session: CouncilSession) -> str:
    """What the session's ballots are bound to, from the agenda as it is now and the box's id."""
    return seal.box_binding(seal.agenda_digest(agenda_identity(session)), session.box_id)


def master_key() -> bytes:
    """The secret that seals the ballots, from the environment (never the database)."""
    key = getattr(settings, "BALLOT_SEAL_KEY", "") or ""
    if not key:
        raise ValidationError(
            _(
                "Máy chủ chưa được đặt khoá niêm phong phiếu (BALLOT_SEAL_KEY) nên không bỏ phiếu kín được; "
                "hãy báo quản trị hệ thống."
            )
        )
    return key.encode()


def agenda_identity(session: CouncilSession) -> list[dict[str, Any]]:
    """What each agenda line is, in agenda order: the dossier, the nominee (kind, id, name and
    identity) and the award type.  The sealed ballots are bound to its digest and the signed
    results carry it whole, so re-pointing a line to another dossier or nominee is caught."""
    rows = (
        AgendaItem.objects.filter(session=session)
        .order_by("position", "id")
        .values_list(
            "id",
            "position",
            "line_id",
            "line__nomination_id",
            "line__nomination__unit_id",
            "line__nominee_kind",
            "line__person_id",
            "line__person__full_name",
            "line__person__birth_date",
            "line__person__citizen_id",
            "line__collective_id",
            "line__collective__name",
            "line__household_id",
            "line__household__head_name",
            "line__household__address",
            "line__award_type_id",
            "line__award_type__code",
        )
    )
    identity = []
    for row in rows:
        (item, position, line, dossier, unit, kind, person, name, born, citizen) = row[:10]
        (collective, collective_name, household, head, address, award, award_code) = row[10:]
        if person:
            nominee = ["person", person, name, str(born or ""), citizen or ""]
        elif collective:
            nominee = ["collective", collective, collective_name, "", ""]
        else:
            nominee = ["household", household, head, address or "", ""]
        identity.append(
            {
                "item": item,
                "position": position,
                "line": line,
                "dossier": dossier,
                "unit": unit,
                "kind": kind,
                "nominee": nominee,
                "award": [award, award_code],
            }
        )
    return identity


def freeze_voters(session: CouncilSession) -> None:
    """When voting opens, attendance is closed: record how many members take part
    (present or voting in writing) and, per agenda line, how many of them are recused,
    so the tally reads the ballots alone."""
    members = voting_members(session.council_id, on=held_on(session))
    voters = {
        user_id
        for user_id in Attendance.objects.filter(
            session=session, state__in=(AttendanceState.PRESENT, AttendanceState.WRITTEN)
        ).values_list("member_id", flat=True)
        if user_id in members
    }
    recused = _live_recusals(session)
    items = list(AgendaItem.objects.filter(session=session).only("id", "recused_present", "recused_members"))
    for item in items:
        item.recused_members = sorted(recused.get(item.pk, set()))
        item.recused_present = len(recused.get(item.pk, set()) & voters)
    AgendaItem.objects.bulk_update(items, ["recused_present", "recused_members"], batch_size=500)
    session.voters_present = len(voters)
    CouncilSession.objects.filter(pk=session.pk).update(voters_present=session.voters_present)


def recusals(session: CouncilSession) -> dict[int, set[int]]:
    """{agenda item id: user ids recused}: a member is recused where the member is the
    nominee, or where the member's own unit nominated the line.  From the opening of the vote
    on, as fixed then: moving a member to another unit mid-vote changes nothing of this vote."""
    if session.status != SessionStatus.PREPARING:
        return {
            item_id: set(members)
            for item_id, members in AgendaItem.objects.filter(session=session).values_list("id", "recused_members")
            if members
        }
    return _live_recusals(session)


def _live_recusals(session: CouncilSession) -> dict[int, set[int]]:
    members = voting_members(session.council_id, on=held_on(session))
    recused: dict[int, set[int]] = defaultdict(set)
    for item_id, unit_id, person_id in AgendaItem.objects.filter(session=session).values_list(
        "id", "line__nomination__unit_id", "line__person_id"
    ):
        for user_id, membership in members.items():
            if (membership.unit_id and membership.unit_id == unit_id) or (
                person_id and membership.person_id == person_id
            ):
                recused[item_id].add(user_id)
    return recused
