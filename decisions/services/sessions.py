"""Services of the council's session: agenda, attendance, quorum, secret
ballots (online, written, paper), the tally in one aggregate query, and the
results frozen with an HMAC whose key comes from the environment."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from common.text import nfc
from councils import access
from councils.access import VOTING_ROLES, Capability
from councils.models import CouncilMembership, CouncilRole
from decisions import locks, voting
from decisions.models import (
    AgendaItem,
    Attendance,
    AttendanceState,
    Ballot,
    BallotCast,
    BallotChoice,
    CastMethod,
    Choice,
    CouncilSession,
    SessionStatus,
)
from nominations.models import NominationLine, NominationStatus, Round


def voting_members(council_id: int) -> dict[int, CouncilMembership]:
    """The council's voting members (members and the chairman), one membership per user."""
    members: dict[int, CouncilMembership] = {}
    for membership in CouncilMembership.objects.filter(
        council_id=council_id, role__in=VOTING_ROLES, is_active=True, user__is_active=True
    ).order_by("role", "id"):
        members.setdefault(membership.user_id, membership)
    return members


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
    members = voting_members(round.council_id)
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
    return session


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
    members = voting_members(session.council_id)
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
    members_total = len(voting_members(session.council_id))
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
    session.save(update_fields=["members_total", "present_total", "status", "opened_at", "voting_closes_at"])
    freeze_voters(session)
    return session


def freeze_voters(session: CouncilSession) -> None:
    """When voting opens, attendance is closed: record how many members take part
    (present or voting in writing) and, per agenda line, how many of them are recused,
    so the tally reads the ballots alone."""
    members = voting_members(session.council_id)
    voters = {
        user_id
        for user_id in Attendance.objects.filter(
            session=session, state__in=(AttendanceState.PRESENT, AttendanceState.WRITTEN)
        ).values_list("member_id", flat=True)
        if user_id in members
    }
    recused = recusals(session)
    items = list(AgendaItem.objects.filter(session=session).only("id", "recused_present"))
    for item in items:
        item.recused_present = len(recused.get(item.pk, set()) & voters)
    AgendaItem.objects.bulk_update(items, ["recused_present"], batch_size=500)
    session.voters_present = len(voters)
    CouncilSession.objects.filter(pk=session.pk).update(voters_present=session.voters_present)


def recusals(session: CouncilSession) -> dict[int, set[int]]:
    """{agenda item id: user ids recused}: a member is recused where the member is the
    nominee, or where the member's own unit nominated the line."""
    members = voting_members(session.council_id)
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


def _validate_choices(
    session: CouncilSession, choices: dict[int, str], recused_items: set[int], *, blanks_allowed: bool = False
) -> dict[int, str]:
    item_ids = set(AgendaItem.objects.filter(session=session).values_list("id", flat=True))
    unknown = set(choices) - item_ids
    if unknown:
        raise ValidationError(_("Phiếu có dòng không thuộc chương trình của phiên họp."))
    missing = item_ids - set(choices) - recused_items
    if missing and not blanks_allowed:
        raise ValidationError(_("Phiếu chưa biểu quyết đủ các dòng (còn %(count)s dòng).") % {"count": len(missing)})
    settled = {}
    for item_id in item_ids:
        choice = choices.get(item_id, Choice.BLANK)
        if choice not in Choice.values:
            raise ValidationError(_("Lựa chọn không hợp lệ."))
        if item_id in recused_items and choice != Choice.BLANK:
            raise ValidationError(_("Bạn không tham gia biểu quyết dòng có liên quan đến mình hoặc đơn vị mình."))
        settled[item_id] = choice
    return settled


def _store_content(session: CouncilSession, choices: dict[int, str]) -> None:
    ballot = Ballot.objects.create(session=session)
    BallotChoice.objects.bulk_create(
        [BallotChoice(ballot=ballot, item_id=item_id, choice=choice) for item_id, choice in choices.items()]
    )


@transaction.atomic
def ballot_cast(*, member: Any, session: CouncilSession, choices: dict[int, str]) -> None:
    """A member casts a ballot (at the session, or in writing before it where allowed).

    The session row is locked (never the flow's process row), so closing and
    casting are serialised but casts never wait for the flow."""
    session = _locked(session)
    members = voting_members(session.council_id)
    if member.pk not in members:
        raise PermissionError(_("Bạn không phải thành viên hội đồng nên không bỏ phiếu."))
    if session.status != SessionStatus.VOTING:
        raise ValidationError(_("Phiên họp không trong thời gian bỏ phiếu."))
    if session.voting_closes_at is not None and timezone.now() >= session.voting_closes_at:
        closes = timezone.localtime(session.voting_closes_at)
        raise ValidationError(
            _("Đã hết hạn bỏ phiếu lúc %(time)s ngày %(date)s; phiếu không được nhận.")
            % {"time": closes.strftime("%H:%M"), "date": closes.strftime("%d/%m/%Y")}
        )
    attendance = Attendance.objects.filter(session=session, member=member).values_list("state", flat=True).first()
    if attendance == AttendanceState.WRITTEN:
        method = CastMethod.WRITTEN
    elif attendance == AttendanceState.PRESENT:
        method = CastMethod.ONLINE
    else:
        raise ValidationError(_("Bạn không có mặt tại phiên họp và không đăng ký bỏ phiếu bằng văn bản."))
    recused_items = {item_id for item_id, users in recusals(session).items() if member.pk in users}
    settled = _validate_choices(session, {int(k): v for k, v in choices.items()}, recused_items)
    try:
        with transaction.atomic():
            BallotCast.objects.create(session=session, member=member, method=method)
    except IntegrityError as exc:
        raise ValidationError(_("Bạn đã bỏ phiếu trong phiên họp này; mỗi thành viên chỉ bỏ một phiếu.")) from exc
    _store_content(session, settled)


@transaction.atomic
def paper_ballots_handed_in(*, actor: Any, session: CouncilSession, members: list[Any]) -> None:
    """The secretariat records who handed in a paper ballot (the contents are entered apart, without names)."""
    session = _locked(session)
    access.require(actor, Capability.RUN_SESSION, session.council_id)
    if session.status != SessionStatus.VOTING:
        raise ValidationError(_("Phiên họp không trong thời gian bỏ phiếu."))
    voting = voting_members(session.council_id)
    for member in members:
        if member.pk not in voting:
            raise ValidationError(_("%(name)s không phải thành viên hội đồng.") % {"name": member.get_full_name()})
        try:
            with transaction.atomic():
                BallotCast.objects.create(session=session, member=member, method=CastMethod.PAPER)
        except IntegrityError as exc:
            raise ValidationError(
                _("%(name)s đã bỏ phiếu trong phiên họp này.") % {"name": member.get_full_name()}
            ) from exc


@transaction.atomic
def paper_ballot_enter(*, actor: Any, session: CouncilSession, choices: dict[int, str]) -> None:
    """The secretariat enters one paper ballot's content, with no name on it."""
    session = _locked(session)
    access.require(actor, Capability.RUN_SESSION, session.council_id)
    if session.status != SessionStatus.VOTING:
        raise ValidationError(_("Phiên họp không trong thời gian bỏ phiếu."))
    handed_in = BallotCast.objects.filter(session=session, method=CastMethod.PAPER).count()
    online = BallotCast.objects.filter(session=session).exclude(method=CastMethod.PAPER).count()
    if Ballot.objects.filter(session=session).count() >= handed_in + online:
        raise ValidationError(_("Số phiếu nhập đã bằng số phiếu thu vào; hãy ghi nhận người nộp phiếu trước."))
    # A paper ballot may leave any line blank (the one who filled it in may be recused there).
    settled = _validate_choices(session, {int(k): v for k, v in choices.items()}, set(), blanks_allowed=True)
    _store_content(session, settled)


@dataclass(frozen=True)
class Tally:
    members: int
    present: int
    results: dict[int, voting.LineResult]
    ballots: str

    def payload(self, session_id: int) -> str:
        return voting.results_payload(
            session_id=session_id,
            members=self.members,
            present=self.present,
            results=self.results,
            ballots=self.ballots,
        )


def session_tally(session: CouncilSession) -> Tally:
    """Count the session from the raw ballot rows, in one aggregate query.

    The ballot choices are grouped by agenda item, each row carrying the item's
    rule and the number of members recused from it (fixed when voting opened, with
    the number of members taking part).  No running counters anywhere."""
    rows = list(
        AgendaItem.objects.filter(session=session)
        .values(
            "id",
            "requires_id",
            "recused_present",
            "line__award_type__threshold_share",
            "line__award_type__threshold_comparison",
            "line__award_type__threshold_base",
        )
        .annotate(
            agree=Count("choices", filter=Q(choices__choice=Choice.AGREE)),
            disagree=Count("choices", filter=Q(choices__choice=Choice.DISAGREE)),
            blank=Count("choices", filter=Q(choices__choice=Choice.BLANK)),
        )
        .order_by("id")
    )
    members = session.members_total or 0
    present = session.voters_present or 0
    results = {}
    for row in rows:
        threshold = voting.Threshold(
            Decimal(row["line__award_type__threshold_share"]),
            row["line__award_type__threshold_comparison"],
            row["line__award_type__threshold_base"],
        )
        count = voting.LineCount(
            line_id=row["id"],
            agree=row["agree"],
            disagree=row["disagree"],
            blank=row["blank"],
            recused_present=row["recused_present"],
        )
        results[row["id"]] = voting.line_result(count=count, threshold=threshold, members=members, present=present)
    results = voting.apply_requirements(results, {row["id"]: row["requires_id"] for row in rows if row["requires_id"]})
    ballots = max((row["agree"] + row["disagree"] + row["blank"] for row in rows), default=0)
    return Tally(members, present, results, str(ballots))


def _key() -> bytes:
    return settings.RESULTS_HMAC_KEY.encode()


@transaction.atomic
def session_close(*, actor: Any, session: CouncilSession) -> CouncilSession:
    """End the ballot: the results are counted, frozen and signed; they are visible from now on."""
    session = _locked(session)
    access.require(actor, Capability.RUN_SESSION, session.council_id)
    if session.status != SessionStatus.VOTING:
        raise ValidationError(_("Phiên họp không trong thời gian bỏ phiếu."))
    tally = session_tally(session)
    payload = tally.payload(session.pk)
    session.results = {"payload": payload}
    session.results_digest = voting.sign(payload, _key())
    session.status = SessionStatus.CLOSED
    session.closed_at = timezone.now()
    session.save(update_fields=["results", "results_digest", "status", "closed_at"])
    return session


@dataclass(frozen=True)
class Integrity:
    ok: bool
    problems: tuple[str, ...]


def session_verify(session: CouncilSession) -> Integrity:
    """Recount from the raw rows and check both the stored results and their HMAC."""
    if not session.results or not session.results_digest:
        return Integrity(True, ())
    problems = []
    stored = session.results.get("payload", "")
    if not voting.verify(stored, session.results_digest, _key()):
        problems.append(_("Mã HMAC không khớp: kết quả đã lưu bị thay đổi sau khi khoá."))
    if session_tally(session).payload(session.pk) != stored:
        problems.append(_("Kiểm phiếu lại từ các phiếu bầu cho kết quả khác với kết quả đã khoá."))
    return Integrity(not problems, tuple(problems))
