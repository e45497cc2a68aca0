"""Reads of notices: whose, how many unread, which failed deliveries a user
manages (and in a fixed number of queries), the channel choices."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from councils.selectors import roles_for
from notifications import selectors
from notifications.catalog import KINDS
from notifications.models import Channel, Delivery, DeliveryStatus, Notice, Preference
from notifications.services import notice_emit, preferences_set

pytestmark = pytest.mark.django_db


def _notice(user: Any, key: str, **extra: Any) -> Notice:
    return Notice.objects.create(
        recipient=user, event_key=key, verb="due_reminder", title=f"Thông báo {key}", url="/tasks/", **extra
    )


def _broken(recipients: list[Any], council_id: int | None, key: str) -> list[Notice]:
    """Notices whose text cannot be rendered (no variables given): their email delivery is FAILED at once."""
    return notice_emit(
        recipients=recipients, event_key=key, verb="dossier_submitted", context={}, council_id=council_id
    )


def test_notice_list_is_the_users_own_in_app_notices_newest_first(world: Any) -> None:
    first = _notice(world.secretariat, "a")
    second = _notice(world.secretariat, "b")
    _notice(world.secretariat, "hidden", in_app=False)
    _notice(world.secretariat2, "other")

    assert list(selectors.notice_list_for_user(world.secretariat)) == [second, first]
    assert list(selectors.notice_list_for_user(world.unit_a_user)) == []


def test_unread_count_counts_unread_in_app_notices_of_the_user(world: Any, django_assert_num_queries: Any) -> None:
    _notice(world.secretariat, "a")
    _notice(world.secretariat, "b", read_at="2024-01-01T00:00:00+07:00")
    _notice(world.secretariat, "hidden", in_app=False)
    _notice(world.secretariat2, "other")

    with django_assert_num_queries(1):
        assert selectors.unread_count(world.secretariat) == 1
    assert selectors.unread_count(world.unit_a_user) == 0


def test_failed_deliveries_are_those_of_the_councils_the_user_runs(world: Any) -> None:
    failed = _broken([world.unit_a_user], world.council.pk, "mine")[0].deliveries.get()
    sent = _broken([world.chairman], world.council.pk, "sent")[0].deliveries.get()
    Delivery.objects.filter(pk=sent.pk).update(status=DeliveryStatus.SENT)
    skipped = _broken([world.unit_b_user], world.council.pk, "skipped")[0].deliveries.get()
    Delivery.objects.filter(pk=skipped.pk).update(status=DeliveryStatus.SKIPPED)
    _broken([world.other_unit_user], world.other_council.pk, "theirs")
    _broken([world.unit_a_user2], None, "no council")

    mine = {failed.pk, skipped.pk}
    assert {d.pk for d in selectors.failed_deliveries_for_user(world.secretariat)} == mine
    assert {d.pk for d in selectors.failed_deliveries_for_user(world.admin)} == mine  # the council's admin role
    assert {d.pk for d in selectors.failed_deliveries_for_user(world.other_secretariat)} == {
        Delivery.objects.get(notice__event_key="theirs").pk
    }
    for user in (world.chairman, world.member, world.unit_a_user):
        assert not selectors.failed_deliveries_for_user(user).exists()


def test_failed_deliveries_take_the_same_queries_for_any_number_of_rows(world: Any) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            for delivery in selectors.failed_deliveries_for_user(world.secretariat):
                str(delivery.notice.recipient.get_full_name())
                str(delivery.notice.council.name)
        return len(captured)

    roles_for(world.secretariat)  # loaded once per request, before any page's rows
    _broken([world.unit_a_user], world.council.pk, "one")
    one = queries()
    _broken([world.unit_a_user2, world.unit_b_user, world.secretariat2, world.chairman], world.council.pk, "more")
    assert selectors.failed_deliveries_for_user(world.secretariat).count() == 5
    assert queries() == one


def test_preferences_rows_show_choices_and_required_kinds(world: Any) -> None:
    preferences_set(
        user=world.secretariat,
        choices={("due_reminder", Channel.EMAIL): False, ("dossier_returned", Channel.EMAIL): False},
    )
    rows = {row.verb: row for row in selectors.preferences_for_user(world.secretariat)}

    assert list(rows) == list(KINDS)
    assert (rows["due_reminder"].in_app, rows["due_reminder"].email, rows["due_reminder"].required) == (
        True,
        False,
        False,
    )
    assert (rows["dossier_returned"].email, rows["dossier_returned"].required) == (True, True)
    assert rows["dossier_submitted"].email is True  # nothing stored: on
    # a required kind stays on even if a row says otherwise (stored before the rules changed)
    Preference.objects.filter(user=world.secretariat, verb="dossier_returned").update(enabled=False)
    assert next(r for r in selectors.preferences_for_user(world.secretariat) if r.verb == "dossier_returned").email
