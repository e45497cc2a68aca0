"""Services of the council session flow: each calls the council's own services
(``nominations.council_services``, ``nominations.decision_services``) and moves
the session's flow, under the flow's process lock, in one transaction; the
notices and reminders of the ballot are made here too.

Casting a ballot never takes the flow's lock: ``ballot_cast`` locks the session
row alone, so members voting at once never wait for the flow, and the close
(flow lock, then session row) waits only for the casts in progress."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.exceptions import FlowLockFailed

from councils import access
from councils.access import Capability
from councils.calendar import LOCAL_TZ
from councils.models import CouncilMembership, CouncilRole, User
from councils.security import SecurityEventKind, security_event
from decisions.models import Attendance, AttendanceState, CouncilSession, Decision, SessionStatus
from decisions.services import ballot_box
from decisions.services import decisions as decision_services
from decisions.services import results as decision_results
from decisions.services import sessions as council_services
from nominations.models import Round
from notifications.services import notice_emit, reminder_cancel, reminder_schedule
from workflows.flows import SessionFlow
from workflows.models import SessionProcess, SessionTask
from workflows.services import ACTIVE, task_finish

Result = TypeVar("Result")
logger = logging.getLogger(__name__)


def session_process_for(session: CouncilSession) -> SessionProcess:
    content_type = ContentType.objects.get_for_model(CouncilSession)
    return SessionProcess.objects.get(artifact_content_type=content_type, artifact_object_id=session.pk)


def session_open_task(session: CouncilSession, node: Any) -> SessionTask | None:
    """The session's open task at ``node``, if any (None too for a session made outside the flow)."""
    content_type = ContentType.objects.get_for_model(CouncilSession)
    return (
        SessionTask.objects.filter(
            process__artifact_content_type=content_type,
            process__artifact_object_id=session.pk,
            flow_task=node,
            status__in=ACTIVE,
        )
        .order_by("-id")
        .first()
    )


def session_active_task(process: SessionProcess, node: Any) -> SessionTask | None:
    return SessionTask.objects.filter(process=process, flow_task=node, status__in=ACTIVE).order_by("-id").first()


def _with_session_task(
    *,
    session: CouncilSession,
    node: Any,
    user: Any,
    change: Callable[[SessionTask], Result],
    finish: Callable[[Result], bool] = lambda _result: True,
) -> Result:
    """Lock the session's process, check the step ``node`` is open, run ``change``
    and complete the step as ``user``, all in the lock's transaction.

    Call it outside any transaction: viewflow's ``select_for_update`` lock retries
    a busy row in a transaction of its own, which an enclosing one would break."""
    content_type = ContentType.objects.get_for_model(CouncilSession)
    process = SessionProcess.objects.filter(artifact_content_type=content_type, artifact_object_id=session.pk).first()
    if process is None:
        raise ValidationError(
            _("Phiên họp này không được tạo theo quy trình phiên họp nên không thực hiện được thao tác.")
        )
    try:
        with SessionFlow.lock(process.pk):
            task = session_active_task(process, node)
            if task is None:
                fresh = CouncilSession.objects.get(pk=session.pk)
                raise ValidationError(
                    _(
                        "Phiên họp đã chuyển sang bước khác (trạng thái hiện tại: “%(status)s”); thao tác không thực hiện được."
                    )
                    % {"status": fresh.get_status_display()}
                )
            result = change(task)
            if finish(result):
                task_finish(task=task, user=user)
            return result
    except FlowLockFailed as exc:
        raise ValidationError(_("Phiên họp đang được người khác xử lý; vui lòng thử lại sau giây lát.")) from exc


def _local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(LOCAL_TZ)


def _session_context(session: CouncilSession) -> dict[str, Any]:
    """The facts every notice of a session gives (as text: notices store their context as JSON)."""
    held = _local(session.held_at)
    closes = _local(session.voting_closes_at) if session.voting_closes_at else None
    return {
        "council": session.council.name,
        "held_time": f"{held:%H:%M}",
        "held_date": f"{held:%d/%m/%Y}",
        "place": session.place,
        "line_count": session.items.count(),
        "closes_time": f"{closes:%H:%M}" if closes else "",
        "closes_date": f"{closes:%d/%m/%Y}" if closes else "",
    }


def ballot_reminder_key(*, session_id: int, member_id: int) -> str:
    """One reminder key per session and member, so a member's cast cancels that member's reminder only."""
    return f"session:{session_id}:ballot:member:{member_id}"


def ballot_reminder_due(*, opened_at: dt.datetime, closes_at: dt.datetime) -> dt.datetime:
    """``SESSION_BALLOT_REMINDER_MINUTES`` before the ballot closes, or half-way when the ballot is shorter."""
    lead = dt.timedelta(minutes=settings.SESSION_BALLOT_REMINDER_MINUTES)
    return closes_at - min(lead, (closes_at - opened_at) / 2)


def _voters(session: CouncilSession) -> list[Any]:
    """The members who vote in this session: present, or absent and voting in writing."""
    member_ids = Attendance.objects.filter(
        session=session, state__in=[AttendanceState.PRESENT, AttendanceState.WRITTEN]
    ).values("member_id")
    return list(User.objects.filter(pk__in=member_ids, is_active=True).order_by("pk"))


def _cancel_reminders(session: CouncilSession, member_ids: Iterable[int]) -> None:
    for member_id in member_ids:
        reminder_cancel(key=ballot_reminder_key(session_id=session.pk, member_id=member_id))


# --- Secretariat ------------------------------------------------------------------


@transaction.atomic
def session_start(
    *,
    actor: Any,
    round: Round,
    **details: Any,
) -> CouncilSession:
    """The secretariat opens a session for a round (``decisions.services.sessions.session_create``
    checks and writes it); the session's flow starts with the voting step."""
    session = council_services.session_create(actor=actor, round=round, **details)
    SessionFlow.start.run(session=session)
    return session


@transaction.atomic
def session_open_voting(*, actor: Any, session: CouncilSession, closes_at: dt.datetime | None = None) -> CouncilSession:
    """Check the quorum and open the ballot; every member who votes is told, and reminded
    before the ballot closes unless they have voted by then."""
    if closes_at is not None and closes_at <= timezone.now():
        raise ValidationError(_("Hạn bỏ phiếu phải ở sau thời điểm hiện tại."))
    session = council_services.session_voting_open(actor=actor, session=session, closes_at=closes_at)
    context = _session_context(session)
    url = reverse("workflows:session_ballot", args=[session.pk])
    written = set(
        Attendance.objects.filter(session=session, state=AttendanceState.WRITTEN).values_list("member_id", flat=True)
    )
    voters = _voters(session)
    for member in voters:
        notice_emit(
            recipients=[member],
            event_key=f"session:{session.pk}:ballot-open:member:{member.pk}",
            verb="ballot_open",
            context={**context, "written": member.pk in written},
            url=url,
            council_id=session.council_id,
        )
    if session.voting_closes_at is not None and session.opened_at is not None:
        due = ballot_reminder_due(opened_at=session.opened_at, closes_at=session.voting_closes_at)
        for member in voters:
            reminder_schedule(
                key=ballot_reminder_key(session_id=session.pk, member_id=member.pk),
                recipients=[member],
                due_at=due,
                verb="ballot_reminder",
                context=context,
                url=url,
                council_id=session.council_id,
            )
    return session


@transaction.atomic
def session_paper_handed_in(*, actor: Any, session: CouncilSession, members: list[Any]) -> None:
    """The secretariat records who handed in a paper ballot; they are not reminded any more."""
    ballot_box.paper_ballots_handed_in(actor=actor, session=session, members=members)
    _cancel_reminders(session, [member.pk for member in members])


def session_paper_enter(
    *, actor: Any, session: CouncilSession, choices: dict[int, str], invalid: bool = False
) -> ballot_box.PaperOutcome:
    """One paper ballot's content; the vote closes by itself once every member has voted."""
    outcome = ballot_box.paper_ballot_enter(actor=actor, session=session, choices=choices, invalid=invalid)
    session_close_if_due(session)
    return outcome


def session_close_voting(*, actor: Any | None, session: CouncilSession, reason: str = "") -> CouncilSession:
    """End the ballot (``actor`` None: it closes by itself).  The box is opened, counted,
    emptied and signed, the voting step is completed (the chairman's decision comes next)
    and the chairman is told.  A void vote (fewer ballots than the quorum) leaves the
    voting step open: the session is back in preparation (``is_preparing``, the void
    recorded last in ``void_votes``) and is voted again."""
    if actor is not None:
        access.require(actor, Capability.RUN_SESSION, session.council_id)

    def change(task: SessionTask) -> ballot_box.CloseOutcome:
        outcome = ballot_box.session_close(actor=actor, session=session, reason=reason)
        security_event(
            SecurityEventKind.VOTE_CLOSE,
            actor=actor,
            council_id=session.council_id,
            detail=(
                _("phiên họp số %(pk)s: không đủ phiếu, bỏ phiếu không có giá trị")
                if outcome.void
                else _("phiên họp số %(pk)s")
            )
            % {"pk": session.pk},
        )
        closed = outcome.session
        _cancel_reminders(closed, Attendance.objects.filter(session=closed).values_list("member_id", flat=True))
        if outcome.void:
            return outcome
        results = decision_results.session_results(closed)
        chairmen = User.objects.filter(
            pk__in=CouncilMembership.objects.filter(
                council_id=closed.council_id, role=CouncilRole.CHAIRMAN, is_active=True
            ).values("user_id"),
            is_active=True,
        )
        notice_emit(
            recipients=chairmen,
            event_key=f"session:{closed.pk}:closed",
            verb="session_closed",
            context={
                **_session_context(closed),
                "ballots": closed.ballots_opened or 0,
                "passed": sum(1 for result in results.values() if result.passed),
                "digest_short": closed.results_digest[:12],
            },
            url=reverse("workflows:session_decide", args=[closed.pk]),
            council_id=closed.council_id,
        )
        return outcome

    outcome = _with_session_task(
        session=session,
        node=SessionFlow.voting,
        user=actor or session.secretary,
        change=change,
        finish=lambda outcome: not outcome.void,
    )
    return outcome.session


def session_close_if_due(session: CouncilSession) -> CouncilSession | None:
    """Close a vote that should close by itself: every member taking part has voted, or the
    closing time has passed.  Run by the beat task, after each cast, and by the first request
    that reaches the session (so the embedded default, with no beat, closes on time too).
    A close that is refused (paper ballots not entered, the seal key missing) leaves the
    vote open and is logged; the secretariat sees why on the session page."""
    fresh = CouncilSession.objects.select_related("secretary", "council").filter(pk=session.pk).first()
    if fresh is None or fresh.status != SessionStatus.VOTING:
        return None
    state = ballot_box.box_state(fresh)
    due = fresh.voting_closes_at is not None and timezone.now() >= fresh.voting_closes_at
    if not (state.everyone_voted or due) or ballot_box.close_refusal(fresh, state, ""):
        return None
    try:
        return session_close_voting(actor=None, session=fresh)
    except ValidationError as exc:
        logger.warning("session %s could not close by itself: %s", fresh.pk, "; ".join(exc.messages))
        return None


def session_close_due() -> int:
    """The beat task: close every vote whose closing time has passed; how many closed."""
    closed = 0
    due = CouncilSession.objects.filter(status=SessionStatus.VOTING, voting_closes_at__lte=timezone.now())
    for session in due.order_by("pk"):
        if session_close_if_due(session) is not None:
            closed += 1
    return closed


# --- Members ----------------------------------------------------------------------


def session_ballot_cast(*, member: Any, session: CouncilSession, choices: dict[int, str]) -> str:
    """A member casts a ballot; that member's reminder is dropped and the ballot's tracker
    returned.  The flow is not touched, unless this was the last ballot: then the vote closes."""
    with transaction.atomic():
        tracker = ballot_box.ballot_cast(member=member, session=session, choices=choices)
        _cancel_reminders(session, [member.pk])
    session_close_if_due(session)
    return tracker


# --- Chairman ---------------------------------------------------------------------


def _ensure_chairman(user: Any, session: CouncilSession) -> None:
    access.require(user, Capability.DECIDE, session.council_id)
    current = CouncilSession.objects.filter(pk=session.pk).only("status").first()
    if current is not None and (current.is_preparing or current.is_voting):
        # the same words as ``session_decide``'s check of ``is_decidable``; a decided session
        # reaches that check, which refuses it with its own message
        raise ValidationError(_("Chỉ quyết định khi phiên họp đã kết thúc bỏ phiếu."))


def session_chairman_decide(
    *,
    chairman: Any,
    session: CouncilSession,
    **choices: Any,
) -> Decision | None:
    """The chairman approves the passing lines (excluding some, with reasons: see
    ``decisions.services.decisions.session_decide``); the draft decision is made and the
    decision step is completed."""
    _ensure_chairman(chairman, session)

    def change(task: SessionTask) -> Decision | None:
        return decision_services.session_decide(chairman=chairman, session=session, **choices)

    return _with_session_task(session=session, node=SessionFlow.decide, user=chairman, change=change)


def session_chairman_send_back(*, chairman: Any, session: CouncilSession, reason: str) -> CouncilSession:
    """The chairman returns the session to the council with a reason; its lines may go to a new session."""
    _ensure_chairman(chairman, session)

    def change(task: SessionTask) -> CouncilSession:
        return decision_services.session_send_back(chairman=chairman, session=session, reason=reason)

    return _with_session_task(session=session, node=SessionFlow.decide, user=chairman, change=change)
