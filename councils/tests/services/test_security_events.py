"""The security event log (councils/security.py): each kind written through the real path, with
who, when, from where and the outcome; append-only in the code and in the database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

import pytest
from django.db import DatabaseError, connection, transaction
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from conftest import need
from councils import security, services, setup_services
from councils.models import (
    AppendOnlyError,
    CouncilMembership,
    CouncilRole,
    SecurityEvent,
    SecurityEventKind,
    SecurityOutcome,
)
from decisions.models import AgendaItem, AttendanceState, Choice, SignerCapacity
from decisions.services import ballot_box
from decisions.services import decisions as decision_services
from decisions.services import sessions as council_services
from decisions.tests.fixtures import draft, province_award, rates, session  # noqa: F401  (fixtures)
from tests import factories
from workflows import session_services

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-1"  # tests.factories.UserFactory's
T = TypeVar("T")


def _from(address: str, work: Callable[[], T]) -> T:
    """Run ``work`` inside a request from ``address``, through the real middleware (as a view's
    service call is)."""
    done: dict[str, T] = {}

    def view(request: Any) -> HttpResponse:
        done["value"] = work()
        return HttpResponse()

    security.RequestAddressMiddleware(view)(RequestFactory().post("/", REMOTE_ADDR=address))
    return done["value"]


def _only(kind: str) -> SecurityEvent:
    return SecurityEvent.objects.get(kind=kind)


def _recent(event: SecurityEvent) -> None:
    assert timezone.now() - event.at < dt.timedelta(minutes=1)


def test_a_wrong_then_a_right_password_are_both_recorded(world: Any) -> None:
    client = Client(REMOTE_ADDR="198.51.100.9")
    client.post(reverse("login"), {"username": "secretariat", "password": "wrong-password"})
    client.post(reverse("login"), {"username": "ai-do-khong-co", "password": "wrong-password"})
    response = client.post(reverse("login"), {"username": "secretariat", "password": PASSWORD})
    assert response.status_code == 302
    failures = list(SecurityEvent.objects.filter(kind=SecurityEventKind.LOGIN_FAILURE).order_by("pk"))
    assert [(e.user, e.username, e.address, e.outcome) for e in failures] == [
        (world.secretariat, "secretariat", "198.51.100.9", SecurityOutcome.FAILURE),
        (None, "ai-do-khong-co", "198.51.100.9", SecurityOutcome.FAILURE),
    ]
    success = _only(SecurityEventKind.LOGIN_SUCCESS)
    assert (success.user, success.address, success.outcome) == (world.secretariat, "198.51.100.9", "success")
    _recent(success)
    assert not any(PASSWORD in e.detail or "wrong-password" in e.detail for e in SecurityEvent.objects.all())


def test_x_forwarded_for_is_believed_only_behind_a_trusted_proxy(world: Any, settings: Any) -> None:
    client = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.66, 192.0.2.40")
    client.post(reverse("login"), {"username": "member", "password": PASSWORD})
    assert _only(SecurityEventKind.LOGIN_SUCCESS).address == "10.0.0.2"
    settings.TRUSTED_PROXY_HOPS = 1
    client.post(reverse("logout"))
    client.post(reverse("login"), {"username": "member", "password": PASSWORD})
    newest = SecurityEvent.objects.filter(kind=SecurityEventKind.LOGIN_SUCCESS).latest("pk")
    assert newest.address == "192.0.2.40"  # what the trusted proxy saw, never the client's own left entry


def test_a_password_change_and_a_wrong_current_password(world: Any) -> None:
    client = Client(REMOTE_ADDR="198.51.100.20")
    client.force_login(world.member)
    url = reverse("password_change")
    client.post(url, {"old_password": "sai", "new_password1": "Mat-khau-moi-2026!", "new_password2": "x"})
    response = client.post(
        url, {"old_password": PASSWORD, "new_password1": "Mat-khau-moi-2026!", "new_password2": "Mat-khau-moi-2026!"}
    )
    assert response.status_code == 302
    events = list(SecurityEvent.objects.filter(kind=SecurityEventKind.PASSWORD_CHANGE).order_by("pk"))
    assert [(e.user, e.address, e.outcome) for e in events] == [
        (world.member, "198.51.100.20", SecurityOutcome.FAILURE),
        (world.member, "198.51.100.20", SecurityOutcome.SUCCESS),
    ]
    assert "Mat-khau-moi" not in events[1].detail


def test_a_reset_by_the_secretariat(world: Any) -> None:
    client = Client(REMOTE_ADDR="198.51.100.30")
    client.force_login(world.secretariat)
    response = client.post(reverse("councils:unit_account_reset", args=[world.unit_a_user.pk]))
    assert response.status_code == 200
    event = _only(SecurityEventKind.PASSWORD_RESET)
    assert (event.user, event.address, event.outcome) == (world.secretariat, "198.51.100.30", "success")
    assert "unit_a" in event.detail
    _recent(event)


def test_a_child_admin_password_reissued_by_the_parent(world: Any) -> None:
    province = factories.CouncilFactory(name="Hội đồng TĐKT tỉnh Thanh Hóa", level="province")
    CouncilMembership.objects.create(council=province, user=world.admin, role=CouncilRole.ADMIN)
    council, admin, _password = services.child_council_create(
        actor=world.admin,
        parent=province,
        name="Hội đồng Thi đua – Khen thưởng tổ dân phố 3",
        locality="tổ dân phố 3",
        place_name="Hà Trung",
        issuing_body="Ủy ban nhân dân thị trấn Hà Trung",
        level="commune",
        admin_username="admin_to3",
        admin_full_name="Lê Văn Ba",
    )
    _from("192.0.2.31", lambda: services.child_admin_password_reissue(actor=world.admin, council=council))
    event = _only(SecurityEventKind.PASSWORD_RESET)
    assert (event.user, event.address, event.council_id) == (world.admin, "192.0.2.31", council.pk)
    assert admin.username in event.detail


def test_role_changes(world: Any) -> None:
    client = Client(REMOTE_ADDR="198.51.100.40")
    client.force_login(world.admin)
    membership = CouncilMembership.objects.get(council=world.council, user=world.member)
    response = client.post(
        reverse("councils:member_edit", args=[membership.pk]),
        {"role": CouncilRole.SECRETARIAT, "position": "", "unit": "", "term_from": "", "term_until": ""},
    )
    assert response.status_code == 302
    event = _only(SecurityEventKind.ROLE_CHANGE)
    assert (event.user, event.address, event.council_id, event.outcome) == (
        world.admin,
        "198.51.100.40",
        world.council.pk,
        "success",
    )
    assert "member" in event.detail
    _from(
        "192.0.2.41",
        lambda: setup_services.membership_create(
            actor=world.admin, council=world.council, role=CouncilRole.MEMBER, username="unit_b"
        ),
    )
    created = SecurityEvent.objects.filter(kind=SecurityEventKind.ROLE_CHANGE).latest("pk")
    assert (created.address, created.detail.startswith("unit_b")) == ("192.0.2.41", True)


def test_vote_open_and_close(world: Any, make_dossier: Any) -> None:
    make_dossier("accepted")
    created = session_services.session_start(
        actor=world.secretariat,
        round=world.round,
        held_at=timezone.now(),
        place="Hội trường UBND thị trấn",
        chair=world.chairman,
        secretary=world.secretariat,
    )
    members = council_services.voting_members(world.council.pk)
    council_services.attendance_record(
        actor=world.secretariat, session=created, states=dict.fromkeys(members, AttendanceState.PRESENT)
    )
    opened = _from("192.0.2.50", lambda: session_services.session_open_voting(actor=world.secretariat, session=created))
    event = _only(SecurityEventKind.VOTE_OPEN)
    assert (event.user, event.address, event.council_id) == (world.secretariat, "192.0.2.50", world.council.pk)
    items = AgendaItem.objects.filter(session=opened)
    for member in (world.chairman, world.member):
        ballot_box.ballot_cast(member=member, session=opened, choices={item.pk: Choice.AGREE for item in items})
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.VOTE_CLOSE).exists()
    _from("192.0.2.51", lambda: session_services.session_close_voting(actor=world.secretariat, session=opened))
    event = _only(SecurityEventKind.VOTE_CLOSE)
    assert (event.user, event.address, event.council_id, event.outcome) == (
        world.secretariat,
        "192.0.2.51",
        world.council.pk,
        "success",
    )
    assert str(opened.pk) in event.detail
    _recent(event)


def test_decision_register_and_revoke(world: Any, draft: Any) -> None:  # noqa: F811
    registered = _from(
        "192.0.2.60",
        lambda: decision_services.decision_register(
            actor=world.secretariat,
            decision=draft,
            signed_on=dt.date(2026, 12, 20),
            signer_name="Trịnh Văn Hùng",
            signer_capacity=SignerCapacity.CHAIRMAN,
        ),
    )
    event = _only(SecurityEventKind.DECISION_REGISTER)
    assert (event.user, event.address, event.council_id) == (world.secretariat, "192.0.2.60", world.council.pk)
    assert registered.reference.split("/")[0] in event.detail
    _from(
        "192.0.2.61",
        lambda: decision_services.decision_revoke(
            actor=world.chairman,
            decision=registered,
            reason="Phát hiện sai sót",
            revoked_by_number="25/QĐ-UBND",
            revoked_by_date=None,
        ),
    )
    event = _only(SecurityEventKind.DECISION_REVOKE)
    assert (event.user, event.address, event.council_id) == (world.chairman, "192.0.2.61", world.council.pk)
    assert "25/QĐ-UBND" in event.detail


def test_a_refused_service_records_nothing(world: Any) -> None:
    with pytest.raises(PermissionError):
        setup_services.membership_create(
            actor=world.secretariat, council=world.council, role=CouncilRole.MEMBER, username="unit_b"
        )
    assert not SecurityEvent.objects.exists()


def test_lockout_by_axes_is_recorded(world: Any, settings: Any) -> None:
    pytest.importorskip("axes")
    client = Client(REMOTE_ADDR="198.51.100.70")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "unit_b", "password": "wrong-password"})
    event = _only(SecurityEventKind.LOCKOUT)
    assert (event.user, event.username, event.address, event.outcome) == (
        world.unit_b_user,
        "unit_b",
        "198.51.100.70",
        SecurityOutcome.FAILURE,
    )


def test_an_unlock_is_recorded(world: Any) -> None:
    if not hasattr(services, "account_unlock"):
        pytest.skip("no unlock service yet")
    _from("192.0.2.80", lambda: services.account_unlock(actor=world.secretariat, user=world.unit_b_user))
    event = _only(SecurityEventKind.UNLOCK)
    assert (event.user, event.address) == (world.secretariat, "192.0.2.80")
    assert "unit_b" in event.detail


# --- Append-only ---------------------------------------------------------------------------------


def _one(world: Any) -> SecurityEvent:
    return security.security_event(SecurityEventKind.LOGIN_SUCCESS, actor=world.member)


def test_the_code_refuses_to_change_or_delete_an_event(world: Any) -> None:
    event = _one(world)
    event.detail = "sửa lịch sử"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        SecurityEvent.objects.filter(pk=event.pk).update(detail="sửa lịch sử")
    with pytest.raises(AppendOnlyError):
        SecurityEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AppendOnlyError):
        SecurityEvent.objects.bulk_update([event], ["detail"])
    assert SecurityEvent.objects.get(pk=event.pk).detail == ""


def test_admin_may_not_add_change_or_delete(world: Any, rf: RequestFactory) -> None:
    from django.contrib import admin

    model_admin = admin.site._registry[SecurityEvent]
    request = rf.get("/")
    request.user = world.admin  # a superuser
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, _one(world))
    assert not model_admin.has_delete_permission(request)


def _raw_change_refused(event: SecurityEvent) -> None:
    assert security.triggers_installed(connection)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {security.TABLE} SET detail = 'sửa' WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {security.TABLE} WHERE id = %s", [event.pk])
    assert SecurityEvent.objects.filter(pk=event.pk, detail="").exists()


def test_the_database_refuses_a_raw_update_or_delete(world: Any) -> None:
    _raw_change_refused(_one(world))


@pytest.mark.postgres
def test_postgresql_refuses_a_raw_update_delete_or_truncate(world: Any) -> None:
    need(connection.vendor == "postgresql", "the trigger test needs PostgreSQL (DATABASE_URL=postgres://...)")
    event = _one(world)
    _raw_change_refused(event)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the new row's deferred key checks run first
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            cursor.execute(f"TRUNCATE {security.TABLE}")
    assert SecurityEvent.objects.filter(pk=event.pk).exists()
