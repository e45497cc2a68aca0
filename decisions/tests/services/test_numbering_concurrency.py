"""Decisions registered at the same moment on PostgreSQL: each thread has its own
connection and all are released together by a barrier.  The row locks taken by
``decision_register`` (the decision with its council's row, then the number
register) make them take different numbers; without them (the xfail run) two take
the same number and one is refused, which proves the test can fail."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.db.models import QuerySet
from django.db.models.signals import pre_save

from conftest import need
from decisions.models import Decision, DecisionNumberRegister, DecisionStatus, SignerCapacity
from decisions.services import decisions as ds
from nominations.models import BaseSalary

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SIGNED_ON = dt.date(2026, 12, 20)


@pytest.fixture
def drafts(world: Any) -> Callable[[int], list[Decision]]:
    need(connection.vendor == "postgresql", "concurrency tests need PostgreSQL (DATABASE_URL=postgres://...)")
    BaseSalary.objects.create(amount=2_530_000, valid_from=dt.date(2026, 7, 1))

    def make(count: int) -> list[Decision]:
        return [
            Decision.objects.create(
                council=world.council,
                round=world.round,
                year=2026,
                subject=f"Về việc khen thưởng đột xuất số {index}",
                created_by=world.chairman,
            )
            for index in range(count)
        ]

    return make


def _register(world: Any, decision: Decision, number: int | None = None) -> Decision:
    return ds.decision_register(
        actor=world.secretariat,
        decision=decision,
        signed_on=SIGNED_ON,
        signer_name="Trịnh Văn Hùng",
        signer_capacity=SignerCapacity.CHAIRMAN,
        number=number,
    )


def _race(world: Any, decisions: list[Decision], monkeypatch: Any) -> list[tuple[str, Any]]:
    """Register every decision at once; inside, after taking its number, each thread waits
    briefly for the others, so without a lock they all hold the same number together."""
    release = threading.Barrier(len(decisions))
    inside = threading.Barrier(len(decisions))
    results: list[tuple[str, Any]] = []
    take = ds._next_number

    def take_and_wait(*args: Any) -> int:
        number = take(*args)
        try:
            inside.wait(timeout=1.5)
        except threading.BrokenBarrierError:
            pass
        return number

    monkeypatch.setattr(ds, "_next_number", take_and_wait)

    def worker(decision: Decision) -> None:
        try:
            release.wait(timeout=10)
            results.append(("ok", _register(world, decision).number))
        except ValidationError as exc:
            results.append(("refused", " ".join(exc.messages)))
        except Exception as exc:  # noqa: BLE001 - reported in the assertion
            results.append(("error", repr(exc)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(decision,)) for decision in decisions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _check_distinct_numbers(decisions: list[Decision], results: list[tuple[str, Any]]) -> None:
    assert sorted(results) == [("ok", n) for n in range(1, len(decisions) + 1)], results
    numbers = sorted(Decision.objects.filter(pk__in=[d.pk for d in decisions]).values_list("number", flat=True))
    assert numbers == list(range(1, len(decisions) + 1))
    assert set(Decision.objects.filter(pk__in=[d.pk for d in decisions]).values_list("status", flat=True)) == {
        DecisionStatus.REGISTERED
    }
    register = DecisionNumberRegister.objects.get(council=decisions[0].council, year=2026, symbol="QĐ-UBND")
    assert register.last_number == len(decisions)


def test_the_first_numbers_of_the_year_taken_at_once_differ(world: Any, drafts: Any, monkeypatch: Any) -> None:
    """No register row yet for the year: both create it at once."""
    decisions = drafts(2)
    _check_distinct_numbers(decisions, _race(world, decisions, monkeypatch))


def test_four_decisions_at_once_take_four_numbers(world: Any, drafts: Any, monkeypatch: Any) -> None:
    DecisionNumberRegister.objects.create(council=world.council, year=2026, symbol="QĐ-UBND", last_number=0)
    decisions = drafts(4)
    _check_distinct_numbers(decisions, _race(world, decisions, monkeypatch))


@pytest.mark.xfail(strict=True, reason="without row locks two decisions take the same number")
def test_without_the_lock_two_decisions_take_the_same_number(world: Any, drafts: Any, monkeypatch: Any) -> None:
    DecisionNumberRegister.objects.create(council=world.council, year=2026, symbol="QĐ-UBND", last_number=0)
    monkeypatch.setattr(QuerySet, "select_for_update", lambda self, *args, **kwargs: self)
    decisions = drafts(2)
    _check_distinct_numbers(decisions, _race(world, decisions, monkeypatch))


def test_a_typed_number_being_saved_is_not_handed_out_by_the_register(world: Any, drafts: Any) -> None:
    """The office types 1 from the People's Committee's register; while that decision is being
    saved, another takes its number from the council's register: it waits (registering locks
    the decision with its council's row) and takes 2, instead of taking 1 as well and being
    refused though nobody typed anything."""
    typed, taken = drafts(2)
    typed_is_saving = threading.Event()
    results: dict[str, Any] = {}

    def hold_the_save(sender: Any, instance: Decision, **kwargs: Any) -> None:
        if instance.pk == typed.pk:
            typed_is_saving.set()
            threading.Event().wait(1.0)  # the other thread now asks the register

    def run(name: str, decision: Decision, number: int | None) -> None:
        try:
            results[name] = ("ok", _register(world, decision, number).number)
        except ValidationError as exc:
            results[name] = ("refused", " ".join(exc.messages))
        except Exception as exc:  # noqa: BLE001 - reported in the assertion
            results[name] = ("error", repr(exc))
        finally:
            connections.close_all()

    pre_save.connect(hold_the_save, sender=Decision, dispatch_uid="hold-typed-save")
    try:
        first = threading.Thread(target=run, args=("typed", typed, 1))
        first.start()
        assert typed_is_saving.wait(timeout=10)
        second = threading.Thread(target=run, args=("taken", taken, None))
        second.start()
        first.join(timeout=30)
        second.join(timeout=30)
    finally:
        pre_save.disconnect(dispatch_uid="hold-typed-save", sender=Decision)
    assert results == {"typed": ("ok", 1), "taken": ("ok", 2)}, results
