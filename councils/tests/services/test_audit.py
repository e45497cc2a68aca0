"""Every change of the setup is audited (who, when, from where, old and new values), the log is
append-only in the database on both engines, and no ballot table is ever tracked."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client

from councils import audit
from councils.models import Unit

pytestmark = pytest.mark.django_db


def test_a_setup_change_records_who_when_where_and_the_old_and_new_value(world: Any) -> None:
    from auditlog.context import set_actor

    unit = world.unit_a
    with set_actor(world.admin, remote_addr="192.0.2.7"):
        unit.name = "Tiểu khu Trang Các mới"
        unit.save()
    history = audit.history_for(unit)
    latest = history[0]
    assert latest.who == (world.admin.get_full_name() or world.admin.username)
    assert latest.where == "192.0.2.7"
    assert ("name", "Tiểu khu Trang Các", "Tiểu khu Trang Các mới") in latest.fields
    assert latest.at is not None


def test_a_change_through_a_page_records_the_user_and_address(world: Any, time_machine: Any) -> None:
    """The middleware gives the log the user who made the request and the address it came from."""
    import datetime as dt

    from auditlog.models import LogEntry
    from django.urls import reverse

    from councils.calendar import LOCAL_TZ
    from nominations.models import Round

    time_machine.move_to(dt.datetime(2027, 1, 2, 8, 0, tzinfo=LOCAL_TZ), tick=False)
    client = Client(REMOTE_ADDR="198.51.100.9")
    client.force_login(world.secretariat)
    response = client.post(
        reverse("nominations:round_create"),
        {
            "council": world.council.pk,
            "name": "Xét khen thưởng chuyên đề phòng chống lụt bão",
            "year": 2027,
            "kind": "thematic",
            "opens_at": "2027-01-05T07:00",
            "closes_at": "2027-02-10T17:00",
            "award_types": [world.ldtt.pk],
        },
    )
    assert response.status_code == 302
    round = Round.objects.get(name="Xét khen thưởng chuyên đề phòng chống lụt bão")
    entry = LogEntry.objects.get_for_object(round).get()
    assert entry.actor == world.secretariat
    assert entry.remote_addr == "198.51.100.9"
    assert entry.action == LogEntry.Action.CREATE
    assert entry.changes_dict["name"] == ["None", "Xét khen thưởng chuyên đề phòng chống lụt bão"]


def test_a_log_row_cannot_be_changed_or_deleted(world: Any) -> None:
    from auditlog.models import LogEntry

    world.unit_a.name = "Đổi tên để có một dòng nhật ký"
    world.unit_a.save()
    entry = LogEntry.objects.filter(object_pk=str(world.unit_a.pk)).latest("pk")
    assert audit.triggers_installed(connection)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).update(changes_text="sửa lịch sử")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {audit.TABLE} SET remote_addr = NULL WHERE id = %s", [entry.pk])
    assert LogEntry.objects.filter(pk=entry.pk, remote_addr=entry.remote_addr).exists()


def test_no_ballot_table_is_tracked() -> None:
    from auditlog.registry import auditlog

    from decisions.models import BallotCast, BallotTracker, LineTally, PaperEntry, SealedBallot

    for model in (BallotCast, SealedBallot, LineTally, BallotTracker, PaperEntry):
        assert not auditlog.contains(model), model
    assert auditlog.contains(Unit)


def _refused_on_sqlite() -> bool:
    """The SQLite triggers, run on a real SQLite database of their own (Python's sqlite3)."""
    import sqlite3

    database = sqlite3.connect(":memory:")
    try:
        database.execute(f"CREATE TABLE {audit.TABLE} (id INTEGER PRIMARY KEY, changes_text TEXT)")
        for statement in audit.SQLITE_TRIGGERS:
            database.execute(statement)
        database.execute(f"INSERT INTO {audit.TABLE} (id, changes_text) VALUES (1, 'tên cũ')")
        refused = 0
        for statement in (f"UPDATE {audit.TABLE} SET changes_text = 'sửa' WHERE id = 1", f"DELETE FROM {audit.TABLE}"):
            try:
                database.execute(statement)
            except sqlite3.DatabaseError as error:
                refused += audit.MESSAGE in str(error)
        kept = database.execute(f"SELECT changes_text FROM {audit.TABLE} WHERE id = 1").fetchone()
        return refused == 2 and kept == ("tên cũ",)
    finally:
        database.close()


def _refused_on_postgresql() -> bool:
    """The PostgreSQL triggers on this machine's server, inside a transaction rolled back after."""
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=3) as database:
        try:
            database.execute(f"CREATE TEMP TABLE {audit.TABLE} (id integer PRIMARY KEY, changes_text text)")
            for statement in audit.POSTGRES_TRIGGERS:
                database.execute(statement)
            database.execute(f"INSERT INTO {audit.TABLE} VALUES (1, 'tên cũ')")
            refused = 0
            for statement in (
                f"UPDATE {audit.TABLE} SET changes_text = 'sửa' WHERE id = 1",
                f"DELETE FROM {audit.TABLE}",
                f"TRUNCATE {audit.TABLE}",
            ):
                database.execute("SAVEPOINT attempt")
                try:
                    database.execute(statement)
                except psycopg.Error as error:
                    refused += audit.MESSAGE in str(error)
                database.execute("ROLLBACK TO SAVEPOINT attempt")
            kept = database.execute(f"SELECT changes_text FROM {audit.TABLE} WHERE id = 1").fetchone()
            return refused == 3 and kept == ("tên cũ",)
        finally:
            database.rollback()


def test_an_update_of_a_log_row_is_refused_on_both_engines() -> None:
    """Whichever engine this run's database is, both engines' triggers are run on a real server."""
    import os

    assert _refused_on_sqlite()
    try:
        import psycopg

        psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=3).close()
    except Exception:  # no PostgreSQL here
        if os.environ.get("CI") == "true":
            raise
        pytest.skip("no PostgreSQL server on 127.0.0.1:5432 (CI has one)")
    assert _refused_on_postgresql()


def test_no_admin_path_edits_or_deletes_a_log_row(world: Any, client: Client) -> None:
    """Even the superuser's Django admin only shows the log: adding, changing and deleting are refused."""
    from auditlog.models import LogEntry
    from django.urls import reverse

    world.unit_a.name = "Đổi tên để có một dòng nhật ký"
    world.unit_a.save()
    entry = LogEntry.objects.filter(object_pk=str(world.unit_a.pk)).latest("pk")
    client.force_login(world.admin)
    assert world.admin.is_superuser
    change = reverse("admin:auditlog_logentry_change", args=[entry.pk])
    assert client.get(change).status_code == 200  # shown, read-only
    assert client.post(change, {"changes_text": "sửa lịch sử"}).status_code == 403
    assert client.post(reverse("admin:auditlog_logentry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:auditlog_logentry_add")).status_code == 403
    entry.refresh_from_db()
    assert "sửa lịch sử" not in entry.changes_text


def test_the_history_reads_in_vietnamese_dates_and_actions(world: Any) -> None:
    import datetime as dt

    from councils.models import CouncilMembership

    membership = CouncilMembership.objects.get(council=world.council, user=world.member)
    membership.term_until = dt.date(2026, 11, 1)
    membership.save()
    change = audit.history_for(membership)[0]
    assert change.action == "sửa"
    assert ("Nhiệm kỳ đến ngày", "—", "01/11/2026") in change.shown


def test_no_part_of_a_password_hash_reaches_the_log(world: Any) -> None:
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    from councils import services as council_services
    from councils.models import User

    user, _password = council_services.unit_user_create(
        actor=world.admin, unit=world.unit_a, username="tk_moi_nhat_ky", full_name="Lê Văn Nhật"
    )
    user = User.objects.get(pk=user.pk)
    council_services.unit_user_reset_password(actor=world.admin, user=user)
    digest = User.objects.get(pk=user.pk).password.rsplit("$", 1)[-1]
    entries = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(User), object_pk=str(user.pk))
    assert entries.exists()
    for entry in entries:
        assert "password" not in (entry.changes_dict or {})
        assert digest not in entry.changes_text
