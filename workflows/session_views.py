"""Pages of the council session: the list, creation, the secretariat's session
page (attendance, quorum, opening, who has voted, paper ballots, closing,
results and their integrity), a member's ballot, the results and the
chairman's decision.

Each page checks the user's role in the session's council: a user with no role
there gets 404 and sees nothing of it; a role that may not use the page gets 403.
Nothing shown anywhere joins a member to what they chose."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from common.paging import LINES_PAGE_SIZE, page_of
from common.viewcalls import form_call, message_call
from councils.models import User
from councils.reauth import require_recent_auth
from decisions.models import AttendanceState, Choice, CouncilSession, Decision
from decisions.services import ballot_box
from decisions.services import sessions as council_services
from decisions.services.results import counting_record
from nominations.forms import ReasonForm
from workflows import session_selectors as selectors
from workflows import session_services as services
from workflows.flows import SessionFlow
from workflows.session_forms import (
    CloseVotingForm,
    OpenVotingForm,
    SessionCreateForm,
    SubjectForm,
    parse_attendance,
    parse_choices,
    parse_ids,
    parse_reasons,
)

DETAIL = "workflows:session_detail"
#: up to this many voted lines the chairman's page opens every award type's group
DECIDE_OPEN_UP_TO = 20


def _session(request: HttpRequest, pk: int, allowed: Callable[[selectors.SessionAccess], bool]) -> Any:
    """The session if the user's role may use this page: 404 outside its council, 403 for another role.

    A vote that should have closed by itself (its closing time has passed, or everyone has
    voted) closes here first, so the embedded default, which runs no beat, closes on time."""
    session, access = selectors.session_get_for_user(user=request.user, pk=pk)
    if not allowed(access):
        raise PermissionDenied
    if session.is_voting and services.session_close_if_due(session) is not None:
        session, access = selectors.session_get_for_user(user=request.user, pk=pk)
    return session, access


def _integrity(session: CouncilSession) -> Any:
    return ballot_box.session_verify(session) if session.results else None


def _decision_url(decision: Decision) -> str:
    try:
        return reverse("decisions:decision_detail", args=[decision.pk])
    except NoReverseMatch:
        return f"/decisions/{decision.pk}/"


def _lines_page(request: HttpRequest, session: CouncilSession) -> dict[str, Any]:
    """A page of the session's lines (100), narrowed by the query string's search and filters,
    with what the filter form offers: the same few queries however long the agenda."""
    filters = selectors.line_filters(request.GET)
    page = page_of(request, selectors.session_line_rows(session, filters), size=LINES_PAGE_SIZE)
    awards, units = selectors.session_filter_choices(session)
    return {
        "page": page,
        "filters": filters,
        "award_choices": awards,
        "unit_choices": units,
        "groups": selectors.group_by_award(list(page)),
    }


def _url_if_routed(name: str, pk: int) -> str:
    """A page another part of the project may provide (the printed ballot, the minutes)."""
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return ""


# --- List and creation ----------------------------------------------------------


@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    if not selectors.session_councils(user=request.user):
        raise PermissionDenied
    rows = selectors.session_list_for_user(user=request.user)
    can_create = selectors.rounds_for_session(user=request.user).exists()
    return render(request, "workflows/sessions/list.html", {"rows": rows, "can_create": can_create})


@login_required
def session_create(request: HttpRequest) -> HttpResponse:
    rounds = selectors.rounds_for_session(user=request.user)
    if not rounds.exists():
        raise PermissionDenied
    chairs, secretaries = selectors.session_people_choices(user=request.user)
    form = SessionCreateForm(
        request.POST or None,
        rounds=rounds,
        chairs=chairs,
        secretaries=secretaries,
        initial={"secretary": request.user.pk, "allow_written_votes": True},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done, session = form_call(
            form,
            lambda: services.session_start(actor=request.user, **data),
            request=request,
            success=_("Đã tạo phiên họp. Hãy điểm danh rồi mở bỏ phiếu."),
        )
        if done:
            return redirect(DETAIL, pk=session.pk)
    return render(request, "workflows/sessions/create.html", {"form": form})


# --- The secretariat's session page ---------------------------------------------


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session, access = _session(request, pk, lambda a: a.staff)
    attendance = selectors.session_attendance(session)
    participation = selectors.session_participation(session)
    lines = _lines_page(request, session)
    return render(
        request,
        "workflows/sessions/detail.html",
        {
            "session": session,
            "access": access,
            **lines,
            "attendance": attendance,
            "quorum": selectors.session_quorum(session, attendance),
            "participation": participation,
            "open_form": OpenVotingForm() if session.is_preparing else None,
            "close_form": CloseVotingForm() if session.is_voting else None,
            "close_refusal": (ballot_box.close_refusal(session, participation.box, "-") if session.is_voting else None),
            "result_groups": selectors.page_result_groups(session, lines["page"]),
            "totals": selectors.session_result_totals(session),
            "integrity": _integrity(session),
            "counting": counting_record(session),
            "states": _attendance_choices(session),
            "late_lines": selectors.session_late_lines(session) if access.secretariat else [],
            "added_late": selectors.session_added_late(session),
            "print_ballot_url": _url_if_routed("documents:print_ballot", session.pk),
            "print_minutes_url": _url_if_routed("documents:print_minutes", session.pk),
            "proposal": session.proposals.first(),
            "can_propose": (
                access.secretariat
                and session.is_decided
                and session.council.parent_id is not None
                and not session.proposals.exists()
            ),
        },
    )


def _attendance_choices(session: CouncilSession) -> list[tuple[str, str]]:
    """The attendance radios, with labels short enough for three in a row on a phone."""
    states = [
        (AttendanceState.PRESENT, _("Có mặt")),
        (AttendanceState.WRITTEN, _("Bỏ phiếu văn bản")),
        (AttendanceState.ABSENT, _("Vắng")),
    ]
    if not session.allow_written_votes:
        states = [(value, label) for value, label in states if value != AttendanceState.WRITTEN]
    return [(str(value), label) for value, label in states]


def _secretariat_post(request: HttpRequest, pk: int) -> CouncilSession:
    session, _access = _session(request, pk, lambda a: a.secretariat)
    return session


@login_required
@require_POST
def session_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    session = _secretariat_post(request, pk)
    states = parse_attendance(request.POST)
    if not states:
        messages.error(request, _("Chưa chọn tình trạng dự họp của thành viên nào."))
        return redirect(DETAIL, pk=pk)
    message_call(
        request,
        lambda: council_services.attendance_record(actor=request.user, session=session, states=states),
        success=_("Đã ghi điểm danh."),
    )
    return redirect(DETAIL, pk=pk)


@login_required
@require_POST
def session_open(request: HttpRequest, pk: int) -> HttpResponse:
    session = _secretariat_post(request, pk)
    form = OpenVotingForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(DETAIL, pk=pk)
    message_call(
        request,
        lambda: services.session_open_voting(
            actor=request.user, session=session, closes_at=form.cleaned_data["closes_at"]
        ),
        success=_("Đã mở bỏ phiếu; các thành viên được bỏ phiếu đã nhận thông báo."),
    )
    return redirect(DETAIL, pk=pk)


@login_required
@require_POST
@require_recent_auth(back=lambda request, pk: reverse("workflows:session_detail", args=[pk]))
def session_close(request: HttpRequest, pk: int) -> HttpResponse:
    session = _secretariat_post(request, pk)
    form = CloseVotingForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    done, closed = message_call(
        request, lambda: services.session_close_voting(actor=request.user, session=session, reason=reason)
    )
    if done and closed.is_preparing and closed.void_votes[-1].get("beside_paper"):
        messages.warning(
            request,
            _(
                "Chỉ có %(beside)s phiếu trực tuyến hoặc bằng văn bản bên cạnh các phiếu giấy do thư ký nhập: mở hòm sẽ để lộ "
                "nội dung các phiếu đó, nên lần bỏ phiếu này không có giá trị và hòm phiếu đã được huỷ mà không mở. "
                "Hãy mở bỏ phiếu lại (cùng một cách cho mọi người, hoặc ít nhất %(minimum)s phiếu trực tuyến)."
            )
            % {"beside": closed.void_votes[-1]["beside_paper"], "minimum": ballot_box.MIN_BESIDE_PAPER},
        )
    elif done and closed.is_preparing:
        void = closed.void_votes[-1]
        messages.warning(
            request,
            _(
                "Chỉ có %(ballots)s phiếu, ít hơn số thành viên tối thiểu (%(needed)s): lần bỏ phiếu này không có giá trị. "
                "Hòm phiếu đã được huỷ mà không mở, không ai biết nội dung các phiếu. Hãy điểm danh và mở bỏ phiếu lại."
            )
            % {"ballots": void["ballots"], "needed": void["needed"]},
        )
    elif done:
        messages.success(request, _("Đã kết thúc bỏ phiếu; kết quả đã được khoá và gửi chủ tịch."))
    return redirect(DETAIL, pk=pk)


@login_required
@require_POST
def session_add_lines(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretariat adds lines accepted after the agenda was made, explicitly."""
    session = _secretariat_post(request, pk)
    ids = parse_ids(request.POST, "line")
    if ids is None:
        messages.error(request, _("Có dòng không bổ sung được vào phiên họp này."))
        return redirect(DETAIL, pk=pk)
    done, added = message_call(
        request, lambda: council_services.session_add_lines(actor=request.user, session=session, line_ids=ids)
    )
    if done:
        messages.success(
            request, _("Đã bổ sung %(count)s dòng vào phiên họp; biên bản ghi việc bổ sung này.") % {"count": added}
        )
    return redirect(DETAIL, pk=pk)


# --- Paper ballots ---------------------------------------------------------------


def _paper_page(request: HttpRequest, session: CouncilSession, **extra: Any) -> HttpResponse:
    attendance = selectors.session_attendance(session)
    participation = selectors.session_participation(session)
    selected: dict[int, str] = extra.pop("selected", {})
    groups = selectors.ballot_items(session, None)
    for group in groups:
        for item in group.items:
            item.selected = selected.get(item.pk, "")
    return render(
        request,
        "workflows/sessions/paper.html",
        {
            "session": session,
            "groups": groups,
            "participation": participation,
            "candidates": selectors.paper_candidates(session, attendance, participation),
            "second_officer": session.council.paper_second_officer,
            "min_beside_paper": ballot_box.MIN_BESIDE_PAPER,
            **extra,
        },
    )


@sensitive_post_parameters()  # a ballot's choices never reach an error report
@login_required
def session_paper(request: HttpRequest, pk: int) -> HttpResponse:
    """Enter one paper ballot's content, with no name on it, after the hand-ins are closed."""
    session, _access = _session(request, pk, lambda a: a.secretariat)
    if request.method != "POST":
        return _paper_page(request, session)
    selected = parse_choices(request.POST)
    invalid = request.POST.get("invalid") == "1"
    done, outcome = message_call(
        request,
        lambda: services.session_paper_enter(actor=request.user, session=session, choices=selected, invalid=invalid),
    )
    session.refresh_from_db()
    if not done:
        return _paper_page(request, session, selected=selected)
    # the tracker is shown in this answer only (a redirect would have to store it somewhere)
    return _paper_page(request, session, entered=outcome)


@login_required
@require_POST
def session_paper_close(request: HttpRequest, pk: int) -> HttpResponse:
    session = _secretariat_post(request, pk)
    message_call(
        request,
        lambda: ballot_box.paper_handins_close(actor=request.user, session=session),
        success=_("Đã kết thúc thu phiếu giấy. Bây giờ nhập nội dung từng phiếu, không ghi tên, theo thứ tự bất kỳ."),
    )
    return redirect("workflows:session_paper", pk=pk)


@login_required
@require_POST
def session_paper_discard(request: HttpRequest, pk: int) -> HttpResponse:
    session = _secretariat_post(request, pk)
    message_call(
        request,
        lambda: ballot_box.paper_entry_discard(actor=request.user, session=session),
        success=_("Đã huỷ bản nhập đang chờ xác nhận; hãy nhập lại phiếu đó."),
    )
    return redirect("workflows:session_paper", pk=pk)


@login_required
@require_POST
def session_paper_handed_in(request: HttpRequest, pk: int) -> HttpResponse:
    session = _secretariat_post(request, pk)
    ids = parse_ids(request.POST, "member")
    if not ids:
        messages.error(request, _("Chưa chọn thành viên nộp phiếu giấy."))
        return redirect("workflows:session_paper", pk=pk)
    members = list(User.objects.filter(pk__in=ids))
    if len(members) != len(set(ids)):
        messages.error(request, _("Người được chọn không phải thành viên hội đồng."))
        return redirect("workflows:session_paper", pk=pk)
    message_call(
        request,
        lambda: services.session_paper_handed_in(actor=request.user, session=session, members=members),
        success=_("Đã ghi nhận người nộp phiếu giấy. Hãy nhập nội dung từng phiếu (không ghi tên)."),
    )
    return redirect("workflows:session_paper", pk=pk)


# --- A member's ballot -----------------------------------------------------------


CHOICE_LABELS = {Choice.AGREE.value: Choice.AGREE.label, Choice.DISAGREE.value: Choice.DISAGREE.label}


def _ballot_page(request: HttpRequest, session: CouncilSession, selected: dict[int, str], **extra: Any) -> HttpResponse:
    state = selectors.ballot_state(session, request.user)
    groups = selectors.ballot_items(session, request.user) if state.can_vote else []
    for group in groups:
        for item in group.items:
            item.selected = selected.get(item.pk, "")
            item.selected_label = CHOICE_LABELS.get(item.selected, "")
    return render(
        request,
        "workflows/sessions/ballot.html",
        {
            "session": session,
            "state": state,
            "groups": groups,
            "trackers": ballot_box.live_trackers(session) if state.has_voted else [],
            **extra,
        },
    )


@sensitive_post_parameters()  # a ballot's choices never reach an error report
@login_required
def session_ballot(request: HttpRequest, pk: int) -> HttpResponse:
    """The ballot in two steps: choose, then review and confirm.  The choices travel only in
    the page (re-posted hidden fields at the review): never in the session, a message, a log
    or a notice.  The tracker is shown in the answer to the cast and stored nowhere else."""
    session, _access = _session(request, pk, lambda a: a.voter)
    if request.method != "POST":
        return _ballot_page(request, session, {})
    selected = parse_choices(request.POST)
    step = request.POST.get("step", "")
    if step == "edit":
        return _ballot_page(request, session, selected)
    if step != "confirm":
        done, _result = message_call(
            request, lambda: ballot_box.ballot_check(member=request.user, session=session, choices=selected)
        )
        return _ballot_page(request, session, selected, review=done)
    done, tracker = message_call(
        request, lambda: services.session_ballot_cast(member=request.user, session=session, choices=selected)
    )
    session.refresh_from_db()
    if not done:
        return _ballot_page(request, session, selected)
    return _ballot_page(request, session, {}, tracker=tracker)


# --- Results ---------------------------------------------------------------------


@login_required
def session_results(request: HttpRequest, pk: int) -> HttpResponse:
    session, access = _session(request, pk, lambda a: a.any)
    if not session.results:
        return render(request, "workflows/sessions/results_not_yet.html", {"session": session}, status=403)
    lines = _lines_page(request, session)
    return render(
        request,
        "workflows/sessions/results.html",
        {
            "session": session,
            "access": access,
            **lines,
            "outcomes": [("passed", _("Đạt")), ("failed", _("Không đạt"))],
            "result_groups": selectors.page_result_groups(session, lines["page"]),
            "totals": selectors.session_result_totals(session),
            "integrity": _integrity(session),
            "counting": counting_record(session),
        },
    )


# --- The chairman's decision -----------------------------------------------------


def _decide_page(request: HttpRequest, session: CouncilSession, **extra: Any) -> HttpResponse:
    open_task = services.session_open_task(session, SessionFlow.decide)
    groups = selectors.session_result_groups(session)
    approved: set[int] | None = extra.pop("approved", None)
    reasons: dict[int, str] = extra.pop("reasons", {})
    for group in groups:
        for row in group.rows:
            row.approved = row.result.passed if approved is None else row.item.pk in approved
            row.reason = reasons.get(row.item.pk, "")
    context = {
        "session": session,
        "can_decide": open_task is not None and session.is_decidable,
        "overview": selectors.decide_overview(session, groups) if session.has_results else None,
        # every line the chairman decides on is listed (issue 8), each award type folded under its counts
        "decide_groups": [selectors.DecideGroup(group.award_type, group.rows) for group in groups],
        "fold_groups": sum(len(group.rows) for group in groups) > DECIDE_OPEN_UP_TO,
        "totals": selectors.session_result_totals(session),
        "integrity": _integrity(session),
        "counting": counting_record(session),
        "subject_form": extra.pop("subject_form", None) or SubjectForm(),
        "send_back_form": extra.pop("send_back_form", None) or ReasonForm(),
        "decisions": [
            (decision, _decision_url(decision)) for decision in Decision.objects.filter(session=session).order_by("id")
        ],
    }
    return render(request, "workflows/sessions/decide.html", context)


@login_required
def session_decide(request: HttpRequest, pk: int) -> HttpResponse:
    session, _access = _session(request, pk, lambda a: a.chairman)
    if request.method != "POST":
        return _decide_page(request, session)
    approved = parse_ids(request.POST, "approve")
    reasons = parse_reasons(request.POST)
    subject_form = SubjectForm(request.POST)
    if approved is None:
        messages.error(request, _("Có dòng không thuộc phiên họp này."))
        return _decide_page(request, session, reasons=reasons, subject_form=subject_form)
    if not subject_form.is_valid():
        return _decide_page(request, session, approved=set(approved), reasons=reasons, subject_form=subject_form)
    done, decision = message_call(
        request,
        lambda: services.session_chairman_decide(
            chairman=request.user,
            session=session,
            approve_item_ids=approved,
            unticked_reasons=reasons,
            subject=subject_form.cleaned_data["subject"],
        ),
    )
    if not done:
        session.refresh_from_db()
        return _decide_page(request, session, approved=set(approved), reasons=reasons, subject_form=subject_form)
    if decision is None:
        messages.success(request, _("Đã ghi quyết định của chủ tịch; không có dòng nào được khen thưởng ở cấp này."))
    else:
        no_vote = decision.lines.filter(line__award_type__needs_vote=False).count()
        messages.success(
            request,
            _(
                "Đã phê duyệt %(count)s dòng (%(voted)s dòng bỏ phiếu đạt, %(no_vote)s dòng không cần bỏ phiếu); "
                "dự thảo quyết định đã được lập."
            )
            % {"count": decision.lines.count(), "voted": decision.lines.count() - no_vote, "no_vote": no_vote},
        )
    return redirect("workflows:session_decide", pk=pk)


@login_required
@require_POST
def session_send_back(request: HttpRequest, pk: int) -> HttpResponse:
    session, _access = _session(request, pk, lambda a: a.chairman)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy ghi lý do trả lại hội đồng."))
        return _decide_page(request, session, send_back_form=form)
    done, _result = message_call(
        request,
        lambda: services.session_chairman_send_back(
            chairman=request.user, session=session, reason=form.cleaned_data["reason"]
        ),
    )
    if not done:
        session.refresh_from_db()
        return _decide_page(request, session, send_back_form=form)
    messages.success(request, _("Đã trả phiên họp lại hội đồng."))
    return redirect("workflows:session_decide", pk=pk)
