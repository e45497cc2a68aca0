"""A worker SIGKILLed in the middle of a decision's certificates, then started
again: every certificate is stored exactly once (one current DONE row per
awardee, one file per row, no orphan file), the chunk it was building (claimed
RUNNING in one UPDATE, some of its files perhaps written) is handed over again by
the broker and taken over once its claim is stale, and the secretariat is told once."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Count

from decisions.models import DecisionLine
from documents.models import DocumentKind, DocumentStatus, GeneratedDocument
from documents.tests.faults.conftest import Stack
from documents.tests.registered import draft_decision, many_people, register, sha256, stored_bytes
from notifications.models import Notice
from notifications.tests.faults.harness import wait_until

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

COUNT = 120
CHUNK = 30  # a chunk takes tens of milliseconds to build: long enough to be caught in flight
VISIBILITY_TIMEOUT = 5  # worker_env's CELERY_VISIBILITY_TIMEOUT
STALE_SECONDS = 3  # a RUNNING claim older than this is taken over by the chunk's next delivery


def _certificates(decision: Any) -> Any:
    return GeneratedDocument.objects.filter(decision=decision, kind=DocumentKind.CERTIFICATE)


def _done(decision: Any) -> int:
    return _certificates(decision).filter(status=DocumentStatus.DONE).count()


def test_a_worker_killed_mid_batch_stores_each_certificate_once(
    world: Any, media: Any, stack: Stack, settings: Any
) -> None:
    settings.DOCUMENTS_CHUNK_SIZE = CHUNK  # the chunks are cut where the tasks are queued: here
    worker = stack.worker(
        "-c",
        "1",
        MEDIA_ROOT=str(media.root),
        CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT),
        DOCUMENTS_STALE_SECONDS=str(STALE_SECONDS),
    )
    decision = draft_decision(world, many_people(COUNT))

    with transaction.atomic():  # as the registration request does; the hook queues after commit
        register(world, decision)

    rows = list(_certificates(decision).order_by("pk").values_list("pk", flat=True))
    assert len(rows) == COUNT
    chunks = [rows[start : start + CHUNK] for start in range(0, COUNT, CHUNK)]

    # kill it inside a chunk: earlier chunks stored, one claimed and being built
    def mid_chunk() -> bool:
        statuses = list(_certificates(decision).values_list("status", flat=True))
        done = statuses.count(DocumentStatus.DONE)
        return 0 < done < COUNT - CHUNK and statuses.count(DocumentStatus.RUNNING) == CHUNK

    wait_until(mid_chunk, timeout=90, step=0.002, what=stack.report)
    worker.kill()
    statuses = dict(_certificates(decision).values_list("pk", "status"))
    done_at_kill = sum(1 for status in statuses.values() if status == DocumentStatus.DONE)
    assert 0 < done_at_kill < COUNT
    cut = [chunk for chunk in chunks if any(statuses[pk] == DocumentStatus.RUNNING for pk in chunk)]
    assert len(cut) == 1, (statuses, stack.report())  # one worker process: one chunk in flight
    left_in_cut = [pk for pk in cut[0] if statuses[pk] != DocumentStatus.DONE]
    assert left_in_cut
    running = [pk for pk, status in statuses.items() if status == DocumentStatus.RUNNING]
    assert sorted(running) == sorted(cut[0])  # the chunk is claimed whole, settled whole

    # a crashed host comes back after a while; by then the broker's visibility timeout (5 s in
    # the fault tests) has passed and the worker's first sweep takes the cut chunk back (later
    # sweeps run only every 100 s)
    time.sleep(VISIBILITY_TIMEOUT + 1)
    worker.start()
    wait_until(
        lambda: (
            _done(decision) == COUNT
            and not GeneratedDocument.objects.filter(decision=decision, status__in=["pending", "running"]).exists()
        ),
        timeout=60,
        what=stack.report,
    )

    # the cut chunk came back (only its own message could build its remaining certificates)
    assert set(_certificates(decision).filter(pk__in=left_in_cut).values_list("status", flat=True)) == {
        DocumentStatus.DONE
    }
    assert set(GeneratedDocument.objects.filter(pk__in=running).values_list("attempts", flat=True)) == {2}
    # exactly one document per awardee (and for the decision and the list), each once
    slots = GeneratedDocument.objects.filter(decision=decision).values("slot").annotate(n=Count("id"))
    assert {row["n"] for row in slots} == {1}
    assert len(slots) == COUNT + 2
    lines = set(DecisionLine.objects.filter(decision=decision).values_list("pk", flat=True))
    assert set(_certificates(decision).values_list("decision_line_id", flat=True)) == lines
    documents = list(GeneratedDocument.objects.filter(decision=decision))
    assert {(doc.status, doc.current, doc.version) for doc in documents} == {(DocumentStatus.DONE, True, 1)}
    # one file per row in the storage, no orphans, each the bytes its hash says
    assert media() == sorted(doc.file.name for doc in documents)
    assert all(sha256(stored_bytes(doc.file.name)) == doc.sha256 for doc in documents)
    # the secretariat is told once, after the last one
    wait_until(lambda: Notice.objects.filter(verb="documents_ready").count() == 2, timeout=10, what=stack.report)
    assert sorted(Notice.objects.filter(verb="documents_ready").values_list("recipient__username", flat=True)) == [
        "secretariat",
        "secretariat2",
    ]
    assert not Notice.objects.filter(verb="documents_failed").exists()
