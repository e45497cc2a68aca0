"""Writes of the documents app: a decision's documents are made, built, stored,
regenerated and printed here; a council's certificate print settings are saved.

Generation is a set of rows (``GeneratedDocument``) that Celery tasks move from
PENDING to DONE or FAILED.  Every step is safe to run twice or to be cut off
at any point by a killed worker:

* a row is claimed and stored under its own lock; a settled row (DONE or
  FAILED) is left alone, so a redelivered task returns at once;
* the file is written under the row's lock, at a name fixed when the row was
  made: a second delivery finds the row DONE and writes nothing, a worker killed
  between the file and the commit leaves a file that the next try overwrites;
* building happens outside any transaction (no lock held for the seconds a
  print takes); the row's progress is written as it goes, for the page's bar.

When all documents of a batch are settled the council's secretariat is told,
once (``GenerationBatch.notified`` under the batch's lock, and the notice's
event key)."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import astuple, dataclass
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import Count, F, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.bulk import update_rows
from councils import access
from councils.access import Capability
from councils.models import Council, CouncilMembership, CouncilRole, User
from decisions import locks as decision_locks
from decisions.models import Decision, DecisionStatus
from documents import locks, selectors
from documents.fields import field_label
from documents.mappers import decision_document
from documents.models import (
    BatchPurpose,
    Certificate,
    CertificateSettings,
    DocumentKind,
    DocumentStatus,
    GeneratedDocument,
    GenerationBatch,
)
from nominations.naming import nominee_name
from notifications.services import notice_emit
from printing import formats as docformat
from printing.certificate import FIELDS, build_certificate, write_certificates
from printing.data import PAPERS, CertificateData, DecisionDocument, FieldPosition
from printing.decision import build_decision, build_decision_list

logger = logging.getLogger(__name__)

# Errors worth another try of the task: the database went away for a moment.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (OperationalError, InterfaceError)
SETTLED = (DocumentStatus.DONE, DocumentStatus.FAILED)
UNSETTLED = (DocumentStatus.PENDING, DocumentStatus.RUNNING)
# Bumped when a builder's output changes for the same data: every document then counts as changed.
BUILD_REVISION = "1"
ERROR_LIMIT = 2000


def chunk_size() -> int:
    """Certificates per chunk task: a redelivered chunk (its worker killed) rebuilds at most this many."""
    return max(1, int(settings.DOCUMENTS_CHUNK_SIZE))


def stale_after() -> dt.timedelta:
    """A document still waiting this long was lost by the broker: the regenerate button queues it again."""
    return dt.timedelta(seconds=int(settings.DOCUMENTS_STALE_SECONDS))


def inputs_digest(*parts: Any) -> str:
    """What a document is built from, as a SHA-256: frozen dataclasses' reprs are stable."""
    digest = hashlib.sha256(BUILD_REVISION.encode())
    for part in parts:
        digest.update(repr(astuple(part) if hasattr(part, "__dataclass_fields__") else part).encode())
        digest.update(b"\x00")
    return digest.hexdigest()


def secretariat_of(council_id: int) -> list[Any]:
    return list(
        User.objects.filter(
            pk__in=CouncilMembership.objects.filter(
                council_id=council_id, role=CouncilRole.SECRETARIAT, is_active=True
            ).values("user_id"),
            is_active=True,
        ).order_by("pk")
    )


# --- Certificate register ------------------------------------------------------------


def certificates_ensure(*, decision: Decision) -> int:
    """Give every line of a registered decision its certificate register entry (the next
    numbers of the council's register for the decision's year, in the lines' order, and
    a verification token).  Returns how many were made; safe to call again."""
    missing = list(selectors.paper_lines(decision).filter(certificate__isnull=True).values_list("pk", flat=True))
    if not missing:
        return 0
    year = decision.signed_on.year if decision.signed_on else decision.year
    register, _created = locks.serial_registers_for_update().get_or_create(council_id=decision.council_id, year=year)
    start = register.last_number
    Certificate.objects.bulk_create(
        [
            Certificate(decision_line_id=line_id, council_id=decision.council_id, year=year, number=start + offset)
            for offset, line_id in enumerate(missing, start=1)
        ]
    )
    register.last_number = start + len(missing)
    register.save(update_fields=["last_number"])
    return len(missing)


# --- Making the rows ---------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    slot: str
    kind: str
    decision_line_id: int | None = None


def _slots(decision: Decision) -> list[Slot]:
    lines = selectors.paper_lines(decision).values_list("pk", flat=True)
    return [
        Slot("decision", DocumentKind.DECISION),
        Slot("list", DocumentKind.LIST),
        *(Slot(f"certificate-{pk}", DocumentKind.CERTIFICATE, pk) for pk in lines),
    ]


def _current_inputs(decision: Decision, slots: Iterable[Slot]) -> dict[str, str]:
    """The inputs digest each slot would be built from now."""
    wanted = {slot.decision_line_id for slot in slots if slot.decision_line_id}
    digests: dict[str, str] = {}
    if any(slot.kind in (DocumentKind.DECISION, DocumentKind.LIST) for slot in slots):
        document = decision_document(decision)
        digests["decision"] = inputs_digest(DocumentKind.DECISION, document)
        digests["list"] = inputs_digest(DocumentKind.LIST, document)
    if wanted:
        layout = selectors.certificate_layout(decision.council_id)
        for row in selectors.certificate_lines(decision).filter(pk__in=wanted).iterator(chunk_size=500):
            digests[f"certificate-{row.pk}"] = inputs_digest(selectors.certificate_data(row), layout)
    return digests


def decision_documents_generate(*, decision_id: int, actor: Any = None) -> GenerationBatch | None:
    """Make the documents of a registered decision: every slot (the decision, its list,
    each awardee's certificate) without a current document, with a FAILED one, or with
    one built from data that has changed since, gets a new version (the old one stays in
    the history); documents waiting longer than ``stale_after`` are queued again.

    Called once the decision's registration is committed (``actor`` None) and by the
    secretariat's "regenerate" button.  Returns the new batch, or None when nothing
    needed building."""
    with transaction.atomic():
        decision = decision_locks.decisions_for_update().get(pk=decision_id)
        if actor is not None:
            access.require(actor, Capability.MANAGE_DECISIONS, decision.council_id)
        if decision.status != DecisionStatus.REGISTERED:
            raise ValidationError(_("Chỉ tạo văn bản cho quyết định đã vào số và chưa bị thu hồi."))
        certificates_ensure(decision=decision)
        slots = _slots(decision)
        current = {
            doc.slot: doc
            for doc in GeneratedDocument.objects.filter(decision=decision, current=True).exclude(
                kind=DocumentKind.PRINT
            )
        }
        done = [slot for slot in slots if slot.slot in current and current[slot.slot].status == DocumentStatus.DONE]
        now_inputs = _current_inputs(decision, done) if done else {}
        renew = [
            slot
            for slot in slots
            if slot.slot not in current
            or current[slot.slot].status == DocumentStatus.FAILED
            or (
                current[slot.slot].status == DocumentStatus.DONE
                and current[slot.slot].inputs_sha256 != now_inputs.get(slot.slot)
            )
        ]
        lost_before = timezone.now() - stale_after()
        requeue = [
            doc.pk
            for doc in current.values()
            if (doc.status == DocumentStatus.PENDING and doc.created_at < lost_before)
            or (doc.status == DocumentStatus.RUNNING and (doc.started_at or doc.created_at) < lost_before)
        ]
        batch = None
        created: list[GeneratedDocument] = []
        if renew:
            batch = GenerationBatch.objects.create(
                decision=decision, purpose=BatchPurpose.GENERATE, requested_by=actor if actor is not None else None
            )
            names = [slot.slot for slot in renew]
            versions = dict(
                GeneratedDocument.objects.filter(decision=decision, slot__in=names)
                .values("slot")
                .annotate(last=Max("version"))
                .values_list("slot", "last")
            )
            GeneratedDocument.objects.filter(decision=decision, slot__in=names, current=True).update(current=False)
            created = GeneratedDocument.objects.bulk_create(
                [
                    GeneratedDocument(
                        decision=decision,
                        batch=batch,
                        kind=slot.kind,
                        decision_line_id=slot.decision_line_id,
                        slot=slot.slot,
                        version=versions.get(slot.slot, 0) + 1,
                    )
                    for slot in renew
                ]
            )
        queued = _ids_by_kind(created) + _ids_by_kind(
            GeneratedDocument.objects.filter(pk__in=requeue).only("pk", "kind")
        )
        if queued:
            transaction.on_commit(lambda: dispatch(queued), robust=True)
    return batch


def _ids_by_kind(documents: Iterable[GeneratedDocument]) -> list[tuple[str, int]]:
    return [(doc.kind, doc.pk) for doc in documents if doc.pk is not None]


def decision_documents_after_registration(*, decision_id: int) -> None:
    """The hook ``decision_register`` calls after its commit."""
    try:
        decision_documents_generate(decision_id=decision_id)
    except ValidationError:
        logger.info("decision %s is no longer registered: no documents made", decision_id)


def dispatch(documents: list[tuple[str, int]]) -> None:
    """Queue the building: one task for the decision and one for the list, certificates
    in chunks.  A broker that is down leaves the rows PENDING (the regenerate button
    queues them again once they are stale)."""
    # the tasks module imports this one: reading it here keeps the circle out of import time
    from documents.tasks import certificates_print_task, document_build_task, documents_build_task

    singles = [pk for kind, pk in documents if kind in (DocumentKind.DECISION, DocumentKind.LIST)]
    prints = [pk for kind, pk in documents if kind == DocumentKind.PRINT]
    certificates = [pk for kind, pk in documents if kind == DocumentKind.CERTIFICATE]
    size = chunk_size()
    if settings.CELERY_TASK_ALWAYS_EAGER and settings.DOCUMENTS_IN_BACKGROUND:
        # no broker: build after the response on the web process's documents thread, never
        # inside the request (a decision of thousands of lines would outlast the request's timeout)
        from documents import background

        for pk in singles:
            background.submit(functools.partial(document_build, document_id=pk))
        for start in range(0, len(certificates), size):
            background.submit(functools.partial(documents_build, document_ids=certificates[start : start + size]))
        for pk in prints:
            background.submit(functools.partial(certificates_print, document_id=pk))
        return
    try:
        for pk in singles:
            document_build_task.apply_async(args=[pk], retry=False)
        for start in range(0, len(certificates), size):
            documents_build_task.apply_async(args=[certificates[start : start + size]], retry=False)
        for pk in prints:
            certificates_print_task.apply_async(args=[pk], retry=False)
    except Exception:  # noqa: BLE001 - any broker failure: the rows stay pending, nothing is lost
        logger.warning("documents %s not all queued (broker unavailable)", documents, exc_info=True)


# --- Building and storing ------------------------------------------------------------------


def _claim(document_id: int) -> GeneratedDocument | None:
    """Mark the row RUNNING and return it, or None if it is gone or already settled."""
    with transaction.atomic():
        document = locks.generated_documents_for_update().filter(pk=document_id).first()
        if document is None or document.status in SETTLED:
            return None
        document.status = DocumentStatus.RUNNING
        document.attempts += 1
        document.started_at = timezone.now()
        document.save(update_fields=["status", "attempts", "started_at"])
    return document


def _render(document: GeneratedDocument) -> tuple[bytes, str]:
    """The PDF bytes of a decision, list or certificate row, and the digest of its inputs."""
    if document.kind in (DocumentKind.DECISION, DocumentKind.LIST):
        decision = Decision.objects.select_related("council", "round").get(pk=document.decision_id)
        data: DecisionDocument = decision_document(decision)
        if document.kind == DocumentKind.DECISION:
            return build_decision(data), inputs_digest(DocumentKind.DECISION, data)
        return build_decision_list(data), inputs_digest(DocumentKind.LIST, data)
    if document.kind == DocumentKind.CERTIFICATE:
        assert document.decision_line_id is not None  # noqa: S101  type narrowing for mypy, not a check; the table's check constraint
        row = selectors.certificate_lines(document.decision_id).get(pk=document.decision_line_id)
        certificate = selectors.certificate_data(row)
        layout = selectors.certificate_layout(row.decision.council_id)
        return build_certificate(certificate, layout), inputs_digest(certificate, layout)
    raise ValueError(f"not a single document: {document.kind}")


def _hash_file(handle: IO[bytes]) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    handle.seek(0)
    for block in iter(lambda: handle.read(1 << 20), b""):
        digest.update(block)
        size += len(block)
    handle.seek(0)
    return digest.hexdigest(), size


def _store(document_id: int, content: File, *, inputs: str) -> bool:
    """Write the file and mark the row DONE, under the row's lock; False if another
    delivery stored it first (then nothing is written)."""
    sha256, size = _hash_file(content)
    with transaction.atomic():
        document = locks.generated_documents_for_update().get(pk=document_id)
        if document.status in SETTLED:
            return False
        name = document.storage_name()
        storage = document.file.storage
        if storage.exists(name):
            storage.delete(name)  # written by a worker killed before its commit
        saved = storage.save(name, content)
        if saved != name:  # a storage that renamed it would leave the fixed name's promise broken
            storage.delete(saved)
            raise RuntimeError(f"storage saved {name!r} as {saved!r}")
        document.file.name = saved
        document.sha256 = sha256
        document.size = size
        document.inputs_sha256 = inputs
        document.status = DocumentStatus.DONE
        document.error = ""
        document.finished_at = timezone.now()
        if document.progress_total:
            document.progress_done = document.progress_total
        document.save(
            update_fields=[
                "file",
                "sha256",
                "size",
                "inputs_sha256",
                "status",
                "error",
                "finished_at",
                "progress_done",
            ]
        )
    return True


def _fail(document_id: int, exc: BaseException) -> None:
    text = str(exc).strip() or exc.__class__.__name__
    with transaction.atomic():
        document = locks.generated_documents_for_update().get(pk=document_id)
        if document.status in SETTLED:
            return
        storage = document.file.storage
        name = document.storage_name()
        if storage.exists(name):
            storage.delete(name)
        document.status = DocumentStatus.FAILED
        document.error = text[:ERROR_LIMIT]
        document.finished_at = timezone.now()
        document.save(update_fields=["status", "error", "finished_at"])
    logger.warning("document %s failed: %s", document_id, text, exc_info=exc)


def _build_one(document_id: int) -> str:
    document = _claim(document_id)
    if document is None:
        return "settled"
    try:
        content, inputs = _render(document)
    except TRANSIENT_ERRORS:
        raise  # the task retries; the row stays RUNNING until then
    except Exception as exc:  # noqa: BLE001 - a document that cannot be built is recorded, not retried
        _fail(document_id, exc)
        return DocumentStatus.FAILED
    stored = _store(document_id, ContentFile(content), inputs=inputs)
    return DocumentStatus.DONE if stored else "settled"


def document_build(*, document_id: int) -> str:
    """Build and store one document (the decision, its list or a certificate)."""
    status = _build_one(document_id)
    batch_id = GeneratedDocument.objects.filter(pk=document_id).values_list("batch_id", flat=True).first()
    if batch_id:
        batch_settle(batch_id=batch_id)
    return status


def documents_build(*, document_ids: list[int]) -> dict[str, int]:
    """Build a chunk of documents: its certificates set-based (one claim, one read of their
    lines and of the council's settings, one storage write each, one bulk status write);
    any other kind one by one.  What is settled, or claimed by a live worker, is skipped."""
    outcome: dict[str, int] = {}

    def count(status: str, n: int = 1) -> None:
        if n:
            outcome[status] = outcome.get(status, 0) + n

    kinds = dict(GeneratedDocument.objects.filter(pk__in=document_ids).values_list("pk", "kind"))
    certificates = [pk for pk in document_ids if kinds.get(pk) == DocumentKind.CERTIFICATE]
    for document_id in document_ids:
        if document_id in kinds and kinds[document_id] != DocumentKind.CERTIFICATE:
            count(_build_one(document_id))
    if certificates:
        claimed = _claim_chunk(certificates)
        count("settled", len(certificates) - len(claimed))
        for status, n in _build_certificates(claimed).items():
            count(status, n)
    for batch_id in sorted(
        set(GeneratedDocument.objects.filter(pk__in=document_ids).values_list("batch_id", flat=True))
    ):
        batch_settle(batch_id=batch_id)
    return outcome


def _claim_chunk(document_ids: list[int]) -> list[GeneratedDocument]:
    """Mark the chunk's waiting rows RUNNING in one UPDATE and return them.  A row is taken
    when PENDING, or RUNNING for longer than ``stale_after`` (its worker died: the broker
    handed the chunk over again).  The rows are locked, waiting for any other holder: once
    it commits, PostgreSQL checks the condition again on the row as it is then, so a row
    another worker has just claimed (RUNNING, fresh) is left to it and two workers never build
    the same document.  Not ``skip_locked``: a row locked for a moment by anyone else would be
    skipped while PENDING, and its chunk would end with the row never built (bench/round.py
    found 42 of 392 certificates lost that way with two workers)."""
    lost_before = timezone.now() - stale_after()
    with transaction.atomic():
        ids = list(
            locks.generated_documents_for_update()
            .filter(pk__in=document_ids)
            .filter(Q(status=DocumentStatus.PENDING) | Q(status=DocumentStatus.RUNNING, started_at__lt=lost_before))
            .order_by("pk")  # every claimant locks in the same order: no deadlock between two of them
            .values_list("pk", flat=True)
        )
        if not ids:
            return []
        GeneratedDocument.objects.filter(pk__in=ids).update(
            status=DocumentStatus.RUNNING, attempts=F("attempts") + 1, started_at=timezone.now()
        )
        return list(GeneratedDocument.objects.filter(pk__in=ids).order_by("pk"))


@dataclass
class _Built:
    document: GeneratedDocument
    content: bytes = b""
    inputs: str = ""
    error: str = ""


def _build_certificates(claimed: list[GeneratedDocument]) -> dict[str, int]:
    """Build the claimed certificates in memory, then store them under their rows' locks."""
    by_decision: dict[int, list[GeneratedDocument]] = {}
    for document in claimed:
        by_decision.setdefault(document.decision_id, []).append(document)
    built: list[_Built] = []
    for decision_id, documents in by_decision.items():
        wanted = [doc.decision_line_id for doc in documents]
        lines = {row.pk: row for row in selectors.certificate_lines(decision_id).filter(pk__in=wanted)}
        council_id = Decision.objects.filter(pk=decision_id).values_list("council_id", flat=True).first()
        layout = selectors.certificate_layout(council_id) if council_id is not None else None
        for document in documents:
            row = lines.get(document.decision_line_id) if document.decision_line_id else None
            if row is None or layout is None:
                built.append(_Built(document, error="DecisionLine matching query does not exist."))
                continue
            try:
                certificate = selectors.certificate_data(row)
                built.append(
                    _Built(document, build_certificate(certificate, layout), inputs_digest(certificate, layout))
                )
            except TRANSIENT_ERRORS:
                raise  # the task retries; the rows stay RUNNING until a redelivery takes them over
            except Exception as exc:  # noqa: BLE001 - a document that cannot be built is recorded, not retried
                logger.warning("document %s failed: %s", document.pk, exc, exc_info=exc)
                built.append(_Built(document, error=str(exc).strip() or exc.__class__.__name__))
    return _store_chunk(built)


def _store_chunk(built: list[_Built]) -> dict[str, int]:
    """Write each file at its row's fixed name and settle the rows in one bulk UPDATE, under
    the rows' locks: a row settled meanwhile, or taken over by another claim (more
    attempts than ours), is left alone and its file untouched."""
    outcome = {DocumentStatus.DONE.value: 0, DocumentStatus.FAILED.value: 0, "settled": 0}
    if not built:
        return outcome
    ours = {item.document.pk: item.document.attempts for item in built}
    now = timezone.now()
    with transaction.atomic():
        live = {
            pk
            for pk, status, attempts in locks.generated_documents_for_update()
            .filter(pk__in=list(ours))
            .values_list("pk", "status", "attempts")
            if status == DocumentStatus.RUNNING and attempts == ours[pk]
        }
        changed: list[GeneratedDocument] = []
        for item in built:
            document = item.document
            if document.pk not in live:
                outcome["settled"] += 1
                continue
            storage = document.file.storage
            name = document.storage_name()
            if storage.exists(name):
                storage.delete(name)  # written by a worker killed before its commit
            if item.error:
                document.status = DocumentStatus.FAILED
                document.error = item.error[:ERROR_LIMIT]
            else:
                saved = storage.save(name, ContentFile(item.content))
                if saved != name:  # a storage that renamed it would leave the fixed name's promise broken
                    storage.delete(saved)
                    raise RuntimeError(f"storage saved {name!r} as {saved!r}")
                document.file.name = saved
                document.sha256 = hashlib.sha256(item.content).hexdigest()
                document.size = len(item.content)
                document.inputs_sha256 = item.inputs
                document.status = DocumentStatus.DONE
                document.error = ""
            document.finished_at = now
            outcome[document.status] += 1
            changed.append(document)
        update_rows(
            GeneratedDocument, changed, ["file", "sha256", "size", "inputs_sha256", "status", "error", "finished_at"]
        )
    return outcome


# --- Telling the secretariat -----------------------------------------------------------------


def batch_settle(*, batch_id: int) -> str:
    """If every document of a generation batch is settled, tell the council's secretariat,
    once: ``documents_ready`` when all are DONE, ``documents_failed`` otherwise."""
    with transaction.atomic():
        batch = locks.batches_for_update().filter(pk=batch_id).first()
        if batch is None or batch.notified or batch.purpose != BatchPurpose.GENERATE:
            return batch.notified if batch else ""
        counts = dict(batch.documents.values("status").annotate(n=Count("id")).values_list("status", "n"))
        if any(counts.get(status) for status in UNSETTLED):
            return ""
        decision = Decision.objects.select_related("council").get(pk=batch.decision_id)
        failed = counts.get(DocumentStatus.FAILED, 0)
        verb = "documents_failed" if failed else "documents_ready"
        context: dict[str, Any] = {
            "decision_number": docformat.number_reference(decision.number, decision.symbol),
            "decision_date": docformat.short_date(decision.signed_on),
            "subject": decision.subject,
            "document_count": sum(counts.values()),
            "certificate_count": batch.documents.filter(kind=DocumentKind.CERTIFICATE).count(),
            "failed_count": failed,
        }
        if failed:
            first = (
                batch.documents.filter(status=DocumentStatus.FAILED)
                .select_related("decision_line__line__person", "decision_line__line__collective")
                .select_related("decision_line__line__household")
                .order_by("kind", "decision_line__position", "id")
                .first()
            )
            assert first is not None  # noqa: S101  type narrowing for mypy, not a check
            context["first_failed"] = document_title(first)
            context["first_error"] = first.error.splitlines()[0][:300] if first.error else ""
        batch.notified = verb
        batch.settled_at = timezone.now()
        batch.save(update_fields=["notified", "settled_at"])
        notice_emit(
            recipients=secretariat_of(decision.council_id),
            event_key=f"documents:{batch.pk}:{verb}",
            verb=verb,
            context=context,
            url=reverse("documents:decision_documents", kwargs={"pk": decision.pk}),
            council_id=decision.council_id,
        )
    return verb


def document_title(document: GeneratedDocument) -> str:
    """ "Giấy khen – Lê Thị Hường", "Quyết định", "Danh sách kèm theo" (Vietnamese: it names a paper)."""

    if document.kind == DocumentKind.CERTIFICATE and document.decision_line is not None:
        return f"Giấy khen – {nominee_name(document.decision_line.line)}"
    titles: dict[str, str] = {
        DocumentKind.DECISION: "Quyết định",
        DocumentKind.LIST: "Danh sách kèm theo",
        DocumentKind.PRINT: "Bản in tất cả Giấy khen",
    }
    return titles.get(document.kind, document.kind)


# --- The print bundle of all certificates ----------------------------------------------------


def certificates_print_request(*, actor: Any, decision: Decision) -> GeneratedDocument:
    """Start building one print-ready PDF of all the decision's certificates; while one
    is being built, return that one."""
    with transaction.atomic():
        decision = decision_locks.decisions_for_update().get(pk=decision.pk)
        access.require(actor, Capability.MANAGE_DECISIONS, decision.council_id)
        if decision.status != DecisionStatus.REGISTERED:
            raise ValidationError(_("Chỉ in Giấy khen của quyết định đã vào số và chưa bị thu hồi."))
        total = selectors.paper_lines(decision).count()
        if not total:
            raise ValidationError(_("Quyết định không có dòng nào để in Giấy khen."))
        certificates_ensure(decision=decision)
        running = (
            GeneratedDocument.objects.filter(decision=decision, kind=DocumentKind.PRINT, current=True)
            .filter(status__in=UNSETTLED)
            .first()
        )
        if running is not None and (running.started_at or running.created_at) >= timezone.now() - stale_after():
            return running
        last = (
            GeneratedDocument.objects.filter(decision=decision, slot="print").aggregate(last=Max("version"))["last"]
            or 0
        )
        GeneratedDocument.objects.filter(decision=decision, slot="print", current=True).update(current=False)
        batch = GenerationBatch.objects.create(decision=decision, purpose=BatchPurpose.PRINT, requested_by=actor)
        document = GeneratedDocument.objects.create(
            decision=decision,
            batch=batch,
            kind=DocumentKind.PRINT,
            slot="print",
            version=last + 1,
            progress_total=total,
        )
        queued: list[tuple[str, int]] = [(DocumentKind.PRINT, document.pk)]
        transaction.on_commit(lambda: dispatch(queued), robust=True)
    return document


def _counted(items: Iterable[CertificateData], document_id: int, total: int) -> Iterator[CertificateData]:
    """Pass the certificates through, writing how many the builder has taken so far."""
    step = max(1, min(100, total // 50 or 1))
    taken = 0
    for item in items:
        yield item
        taken += 1
        if taken % step == 0:
            GeneratedDocument.objects.filter(pk=document_id).update(progress_done=taken)


def certificates_print(*, document_id: int) -> str:
    """Build the print bundle: every certificate of the decision, one page each, streamed
    from the database into the builder and from the builder into a temporary file, so
    memory does not grow with the count."""

    document = _claim(document_id)
    if document is None:
        return "settled"
    total = selectors.paper_lines(document.decision_id).count()
    GeneratedDocument.objects.filter(pk=document_id).update(progress_total=total, progress_done=0)
    council_id = Decision.objects.filter(pk=document.decision_id).values_list("council_id", flat=True).get()
    layout = selectors.certificate_layout(council_id)
    with tempfile.TemporaryFile(prefix="giay-khen-") as handle:
        digest = hashlib.sha256(BUILD_REVISION.encode())

        def items() -> Iterator[CertificateData]:
            for item in selectors.certificates_of(document.decision_id):
                digest.update(repr(astuple(item)).encode())
                yield item

        try:
            pages = write_certificates(_counted(items(), document_id, total), handle, layout)
        except TRANSIENT_ERRORS:
            raise
        except Exception as exc:  # noqa: BLE001 - recorded on the row for the secretariat
            _fail(document_id, exc)
            return DocumentStatus.FAILED
        if pages != total:
            _fail(document_id, RuntimeError(f"the print has {pages} pages for {total} certificates"))
            return DocumentStatus.FAILED
        digest.update(repr(layout).encode())
        stored = _store(document_id, File(handle, name="print.pdf"), inputs=digest.hexdigest())
    if stored:
        _prune_prints(document.decision_id, keep=document_id)
    return DocumentStatus.DONE if stored else "settled"


def _prune_prints(decision_id: int, *, keep: int) -> None:
    """Only the newest print bundle is kept: it is made again from the certificates in a minute."""
    old = list(GeneratedDocument.objects.filter(decision_id=decision_id, kind=DocumentKind.PRINT).exclude(pk=keep))
    old = [doc for doc in old if doc.status in SETTLED]
    for doc in old:
        if doc.file.name:
            doc.file.storage.delete(doc.file.name)
    GeneratedDocument.objects.filter(pk__in=[doc.pk for doc in old]).delete()


# --- Print settings ---------------------------------------------------------------------------

PAPER_SIZES_MM = {"A4": (297.0, 210.0), "A3": (420.0, 297.0)}  # landscape
MAX_OFFSET_MM = Decimal("50")


def _decimal(value: Any, label: str) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError(_("%(label)s phải là số.") % {"label": label}) from exc


@transaction.atomic
def certificate_settings_update(
    *,
    actor: Any,
    council: Council,
    paper: str,
    text_only: bool,
    offset_x_mm: Decimal | float,
    offset_y_mm: Decimal | float,
    positions: dict[str, FieldPosition],
) -> CertificateSettings:
    """Save how the council prints its certificates; positions outside the sheet are refused."""

    access.require(actor, Capability.MANAGE_DECISIONS, council.pk)
    if paper not in PAPERS:
        raise ValidationError(_("Khổ giấy không hợp lệ."))
    width, height = PAPER_SIZES_MM[paper]
    offsets = (_decimal(offset_x_mm, _("Dịch ngang")), _decimal(offset_y_mm, _("Dịch dọc")))
    if any(abs(offset) > MAX_OFFSET_MM for offset in offsets):
        raise ValidationError(_("Dịch ngang, dịch dọc chỉ trong khoảng ±50 mm."))
    problems = []
    stored: dict[str, dict[str, float]] = {}
    for name, place in positions.items():
        if name not in FIELDS:
            raise ValidationError(_("Trường “%(name)s” không có trên Giấy khen.") % {"name": name})
        if not (0 <= place.x_mm <= width and 0 <= place.y_mm <= height):
            problems.append(
                _("Trường “%(name)s”: vị trí (%(x)s; %(y)s) mm nằm ngoài tờ %(paper)s (%(w)s × %(h)s mm).")
                % {"name": field_label(name), "x": place.x_mm, "y": place.y_mm, "paper": paper, "w": width, "h": height}
            )
        if not (0 < place.width_mm <= width):
            problems.append(
                _("Trường “%(name)s”: bề rộng phải lớn hơn 0 và không quá %(w)s mm.")
                % {"name": field_label(name), "w": width}
            )
        if not (6 <= place.size_pt <= 72):
            problems.append(_("Trường “%(name)s”: cỡ chữ phải từ 6 đến 72 pt.") % {"name": field_label(name)})
        stored[name] = {
            "x_mm": place.x_mm,
            "y_mm": place.y_mm,
            "width_mm": place.width_mm,
            "size_pt": place.size_pt,
        }
    if problems:
        raise ValidationError(problems)
    row = locks.certificate_settings_for_update().filter(council=council).first() or CertificateSettings(
        council=council
    )
    row.paper = paper
    row.text_only = text_only
    row.offset_x_mm, row.offset_y_mm = offsets
    row.positions = stored
    row.updated_by = actor
    row.full_clean(exclude=["council", "updated_by"])
    row.save()
    return row
