"""Work goes back to who knows it: a resubmitted dossier's review is assigned to
the officer who returned it, or left in the unclaimed queue when that officer no
longer reviews in the dossier's council (role taken away, membership or account
inactive).  The inbox and the queue show the review as "nộp lại" with the
earlier return reasons, general and per line."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from viewflow.workflow.status import STATUS

from councils.models import CouncilMembership, CouncilRole
from nominations.models import Nomination, NominationStatus, Transition, TransitionAction
from notifications.models import Notice
from workflows import selectors, services
from workflows.escalation import LEVEL_DUE, overdue_event_key, overdue_scan
from workflows.models import DossierTask
from workflows.services import process_for

pytestmark = pytest.mark.django_db

GENERAL = "Tờ trình chưa có chữ ký của trưởng tiểu khu"
LINE = "Thành tích chưa nêu số liệu cụ thể"


def _tasks(nomination: Nomination) -> list[tuple[str, str, str | None]]:
    """(node, status, owner) of each task of the dossier's process, oldest first."""
    return [
        (task.flow_task.name, task.status, task.owner.username if task.owner else None)
        for task in DossierTask.objects.filter(process=process_for(nomination)).select_related("owner").order_by("id")
    ]


def _ids(rows: list[selectors.TaskRow]) -> set[int]:
    return {row.nomination.pk for row in rows}


def _row(rows: list[selectors.TaskRow], nomination: Nomination) -> selectors.TaskRow:
    (row,) = [row for row in rows if row.nomination.pk == nomination.pk]
    return row


def _section(page: Any, badge_id: str) -> str:
    """The plain text of the tasks page's card whose count badge is ``badge_id``."""
    content = page.content.decode()
    match = re.search(
        rf'<section class="card">\s*<h2>[^<]*<span class="badge" id="{badge_id}">.*?</section>', content, re.S
    )
    assert match, f"no {badge_id} card on the tasks page"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", match.group(0))).split())


def _return(world: Any, nomination: Nomination, officer: Any, reason: str = GENERAL, line_reason: str = "") -> None:
    line_reasons = {nomination.lines.get().pk: line_reason} if line_reason else {}
    services.dossier_review(user=officer, nomination=nomination, accept=False, reason=reason, line_reasons=line_reasons)
    nomination.refresh_from_db()


def _returned_by(world: Any, make_dossier: Any, officer: Any, **reasons: str) -> Nomination:
    nomination = make_dossier("submitted")
    _return(world, nomination, officer, **reasons)
    assert nomination.status == NominationStatus.RETURNED
    return nomination


def _resubmit(client: Any, world: Any, nomination: Nomination, user: Any = None) -> None:
    client.force_login(user or world.unit_a_user)
    response = client.post(reverse("workflows:dossier_submit", args=[nomination.pk]))
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED


# --- assignment -----------------------------------------------------------------


def test_a_first_submission_waits_in_the_queue(world: Any, make_dossier: Any) -> None:
    nomination = make_dossier("submitted")
    assert _tasks(nomination)[-1] == ("review", STATUS.NEW, None)
    assert nomination.pk in _ids(selectors.queue_for_user(user=world.secretariat))
    row = _row(selectors.queue_for_user(user=world.secretariat), nomination)
    assert (row.resubmitted, row.earlier_returns) == (False, [])


def test_a_resubmitted_dossier_goes_to_the_officer_who_returned_it(client: Any, world: Any, make_dossier: Any) -> None:
    nomination = _returned_by(world, make_dossier, world.secretariat2, line_reason=LINE)

    _resubmit(client, world, nomination, world.unit_a_user2)

    # the review task was created and assigned in the submit: the flow's history shows it
    assert _tasks(nomination)[-5:] == [
        ("review", STATUS.DONE, "secretariat2"),
        ("after_review", STATUS.DONE, None),
        ("prepare", STATUS.DONE, "unit_a2"),
        ("after_prepare", STATUS.DONE, None),
        ("review", STATUS.ASSIGNED, "secretariat2"),
    ]
    assert [row[0] for row in Transition.objects.filter(nomination=nomination).values_list("action")] == [
        TransitionAction.CREATED,
        TransitionAction.SUBMITTED,
        TransitionAction.RETURNED,
        TransitionAction.RESUBMITTED,
    ]
    # it is in the returning officer's inbox, not in anyone's queue nor the other officer's inbox
    assert nomination.pk in _ids(selectors.inbox_for_user(user=world.secretariat2))
    assert nomination.pk not in _ids(selectors.queue_for_user(user=world.secretariat2))
    assert nomination.pk not in _ids(selectors.queue_for_user(user=world.secretariat))
    assert nomination.pk not in _ids(selectors.inbox_for_user(user=world.secretariat))

    # and the officer reviews it as the owner of the task
    services.dossier_review(user=world.secretariat2, nomination=nomination, accept=True)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.ACCEPTED
    assert _tasks(nomination)[-3:] == [
        ("review", STATUS.DONE, "secretariat2"),
        ("after_review", STATUS.DONE, None),
        ("accepted", STATUS.DONE, None),
    ]


@pytest.mark.parametrize(
    "leaves",
    [
        pytest.param(
            lambda world, officer: officer.__class__.objects.filter(pk=officer.pk).update(is_active=False),
            id="account inactive",
        ),
        pytest.param(
            lambda world, officer: CouncilMembership.objects.filter(user=officer, council=world.council).update(
                is_active=False
            ),
            id="membership inactive",
        ),
        pytest.param(
            lambda world, officer: CouncilMembership.objects.filter(user=officer, council=world.council).update(
                role=CouncilRole.MEMBER
            ),
            id="now a member, not the secretariat",
        ),
        pytest.param(
            lambda world, officer: CouncilMembership.objects.filter(user=officer, council=world.council).update(
                council=world.other_council
            ),
            id="secretariat of another council",
        ),
    ],
)
def test_the_resubmission_goes_to_the_queue_when_the_officer_no_longer_reviews_here(
    client: Any, world: Any, make_dossier: Any, leaves: Any
) -> None:
    nomination = _returned_by(world, make_dossier, world.secretariat2)
    leaves(world, world.secretariat2)

    _resubmit(client, world, nomination)

    assert _tasks(nomination)[-1] == ("review", STATUS.NEW, None)
    assert nomination.pk in _ids(selectors.queue_for_user(user=world.secretariat))
    assert nomination.pk not in _ids(selectors.inbox_for_user(user=world.secretariat))
    row = _row(selectors.queue_for_user(user=world.secretariat), nomination)
    assert row.resubmitted
    assert [(t.actor.username, t.reason) for t in row.earlier_returns] == [("secretariat2", GENERAL)]
    assert not row.assigned_back


def test_the_last_return_decides_who_gets_it(client: Any, world: Any, make_dossier: Any) -> None:
    nomination = _returned_by(world, make_dossier, world.secretariat)
    _resubmit(client, world, nomination)
    assert _tasks(nomination)[-1] == ("review", STATUS.ASSIGNED, "secretariat")

    # the other officer opens it: whoever opens a resubmission takes it
    services.dossier_open(user=world.secretariat2, nomination=nomination)
    assert _tasks(nomination)[-1] == ("review", STATUS.ASSIGNED, "secretariat2")
    _return(world, nomination, world.secretariat2, reason="Thiếu biên bản họp")

    _resubmit(client, world, nomination)
    assert _tasks(nomination)[-1] == ("review", STATUS.ASSIGNED, "secretariat2")
    row = _row(selectors.inbox_for_user(user=world.secretariat2), nomination)
    assert row.resubmission_number == 2
    assert [(t.actor.username, t.reason) for t in row.earlier_returns] == [
        ("secretariat", GENERAL),
        ("secretariat2", "Thiếu biên bản họp"),
    ]


def test_the_unit_may_still_recall_an_unopened_resubmission_and_it_goes_back_again(
    client: Any, world: Any, make_dossier: Any
) -> None:
    nomination = _returned_by(world, make_dossier, world.secretariat2)
    _resubmit(client, world, nomination)
    assert _tasks(nomination)[-1] == ("review", STATUS.ASSIGNED, "secretariat2")
    assert selectors.dossier_actions(user=world.unit_a_user, nomination=nomination)["recall"]

    services.dossier_recall(user=world.unit_a_user, nomination=nomination, reason="Bổ sung thêm người")
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.DRAFT
    assert _tasks(nomination)[-1] == ("prepare", STATUS.NEW, None)

    _resubmit(client, world, nomination)
    assert _tasks(nomination)[-1] == ("review", STATUS.ASSIGNED, "secretariat2")

    # once the officer opens it, the unit cannot take it back
    services.dossier_open(user=world.secretariat2, nomination=nomination)
    nomination.refresh_from_db()
    assert not selectors.dossier_actions(user=world.unit_a_user, nomination=nomination)["recall"]
    with pytest.raises(ValidationError):
        services.dossier_recall(user=world.unit_a_user, nomination=nomination)


def test_the_assignment_is_part_of_the_submit_transaction(
    client: Any, world: Any, make_dossier: Any, monkeypatch: Any
) -> None:
    nomination = _returned_by(world, make_dossier, world.secretariat2)
    tasks_before = _tasks(nomination)

    def broken(nomination: Nomination) -> Any:
        raise ValidationError("assignment failed")

    monkeypatch.setattr(services, "returning_officer", broken)
    with pytest.raises(ValidationError):
        services.dossier_submit(user=world.unit_a_user, nomination=nomination)

    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.RETURNED
    assert nomination.submission_count == 1
    assert _tasks(nomination) == tasks_before
    assert not Transition.objects.filter(nomination=nomination, action=TransitionAction.RESUBMITTED).exists()


# --- what the inbox and the queue show --------------------------------------------


def test_the_inbox_shows_the_resubmission_with_the_earlier_reasons(client: Any, world: Any, make_dossier: Any) -> None:
    world.secretariat2.last_name, world.secretariat2.first_name = "Trần Thị", "Thư"
    world.secretariat2.save(update_fields=["last_name", "first_name"])
    nomination = _returned_by(world, make_dossier, world.secretariat2, line_reason=LINE)
    _resubmit(client, world, nomination)

    client.force_login(world.secretariat2)
    page = client.get(reverse("workflows:tasks"))
    assert page.status_code == 200
    inbox = _section(page, "inbox-count")
    assert nomination.title in inbox
    assert "Nộp lại" in inbox
    assert "Giao lại cho bạn vì bạn đã trả lại hồ sơ này." in inbox
    assert "Lý do trả lại trước đây:" in inbox
    assert "Trần Thị Thư" in inbox
    assert GENERAL in inbox
    assert f"1. Lê Thị Hường: {LINE}" in inbox
    assert nomination.title not in _section(page, "queue-count")
    # the two reasons stay on separate lines
    assert f"{GENERAL}<br>1. Lê Thị Hường: {LINE}" in page.content.decode()
    assert 'class="resubmitted" data-resubmitted="1"' in page.content.decode()

    # the other officer sees it neither in the queue nor in the inbox
    client.force_login(world.secretariat)
    other = client.get(reverse("workflows:tasks"))
    assert nomination.title not in _section(other, "inbox-count")
    assert nomination.title not in _section(other, "queue-count")


def test_the_queue_shows_the_resubmission_with_the_earlier_reasons(client: Any, world: Any, make_dossier: Any) -> None:
    first = make_dossier("submitted")
    nomination = _returned_by(world, make_dossier, world.secretariat2, line_reason=LINE)
    CouncilMembership.objects.filter(user=world.secretariat2, council=world.council).update(is_active=False)
    _resubmit(client, world, nomination)

    client.force_login(world.secretariat)
    page = client.get(reverse("workflows:tasks"))
    queue = _section(page, "queue-count")
    assert first.title in queue
    assert "Nộp lại" in queue
    assert GENERAL in queue
    assert f"1. Lê Thị Hường: {LINE}" in queue
    assert "Giao lại cho bạn" not in queue
    content = page.content.decode()
    assert content.count('class="resubmitted"') == 1
    assert content.count("resubmitted-badge") == 1


def test_a_second_resubmission_is_numbered_and_lists_every_return(client: Any, world: Any, make_dossier: Any) -> None:
    nomination = _returned_by(world, make_dossier, world.secretariat)
    _resubmit(client, world, nomination)
    _return(world, nomination, world.secretariat, reason="Thiếu biên bản họp")
    _resubmit(client, world, nomination)

    client.force_login(world.secretariat)
    inbox = _section(client.get(reverse("workflows:tasks")), "inbox-count")
    assert "Nộp lại lần 2" in inbox
    assert inbox.index(GENERAL) < inbox.index("Thiếu biên bản họp")


def test_a_resubmission_after_a_recall_only_is_marked_without_reasons(
    client: Any, world: Any, make_dossier: Any
) -> None:
    nomination = make_dossier("submitted")
    services.dossier_recall(user=world.unit_a_user, nomination=nomination)
    _resubmit(client, world, nomination)

    assert _tasks(nomination)[-1] == ("review", STATUS.NEW, None)
    row = _row(selectors.queue_for_user(user=world.secretariat), nomination)
    assert (row.resubmitted, row.earlier_returns, row.assigned_back) == (True, [], False)
    client.force_login(world.secretariat)
    queue = _section(client.get(reverse("workflows:tasks")), "queue-count")
    assert "Nộp lại" in queue
    assert "Lý do trả lại trước đây:" not in queue


def test_the_rows_are_read_in_a_fixed_number_of_queries(
    client: Any, world: Any, make_dossier: Any, django_assert_max_num_queries: Any
) -> None:
    for _ in range(3):
        nomination = _returned_by(world, make_dossier, world.secretariat)
        _resubmit(client, world, nomination)
    with django_assert_max_num_queries(6):
        rows = selectors.inbox_for_user(user=world.secretariat)
        assert all(row.resubmitted and row.earlier_returns[0].actor.username for row in rows)
    assert len(rows) == 3


def test_an_overdue_resubmission_reminds_the_officer_it_went_back_to(
    client: Any, world: Any, make_dossier: Any, time_machine: Any
) -> None:
    nomination = _returned_by(world, make_dossier, world.secretariat2)
    _resubmit(client, world, nomination)
    review = DossierTask.objects.get(process=process_for(nomination), status=STATUS.ASSIGNED)

    time_machine.move_to(review.created + dt.timedelta(days=60), tick=False)
    overdue_scan()
    due = Notice.objects.filter(event_key=overdue_event_key(task_id=review.pk, level=LEVEL_DUE))
    assert sorted(due.values_list("recipient__username", flat=True)) == ["secretariat2"]
