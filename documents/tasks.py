"""Thin Celery tasks: ids in, one service call.  The services make them
idempotent (a settled row is skipped); ``acks_late`` with
``reject_on_worker_lost`` hands a killed worker's message to the next one, and
only a database that went away for a moment is retried, with backoff."""

from __future__ import annotations

from celery import shared_task

from documents.services import TRANSIENT_ERRORS, certificates_print, document_build, documents_build

RETRY = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": 2,
    "retry_backoff_max": 60,
    "retry_jitter": True,
    "max_retries": 5,
}


@shared_task(name="documents.document_build_task", **RETRY)
def document_build_task(document_id: int) -> str:
    return document_build(document_id=document_id)


@shared_task(name="documents.documents_build_task", **RETRY)
def documents_build_task(document_ids: list[int]) -> dict[str, int]:
    return documents_build(document_ids=document_ids)


@shared_task(name="documents.certificates_print_task", **RETRY)
def certificates_print_task(document_id: int) -> str:
    return certificates_print(document_id=document_id)
