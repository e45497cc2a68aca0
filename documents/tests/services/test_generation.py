"""A registered decision's documents, end to end in eager mode: built after the
registration commits, stored with their hash, the secretariat told once; a
task delivered twice or cut off after writing its file leaves one file per
document; a correction regenerates only what changed and keeps the old
version; a document that cannot be built is FAILED with its reason and a
failure notice."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from decisions.models import DecisionLine
from documents import selectors, services
from documents.models import Certificate, DocumentKind, DocumentStatus, GeneratedDocument, GenerationBatch
from documents.tasks import document_build_task, documents_build_task
from documents.tests.registered import (
    draft_decision,
    five_thousand_characters,
    pdf_pages,
    register,
    sha256,
    stored_bytes,
)
from nominations.models import Person
from notifications.models import Notice
from printing.certificate import achievement_fit_error

pytestmark = pytest.mark.django_db

PEOPLE = [("Lê Thị Hường", "female"), ("Nguyễn Văn An", "male"), ("Đỗ Minh Châu", "")]
SECRETARIAT = ["secretariat", "secretariat2"]  # the world's council has two secretariat users


def _generated(world: Any, capture: Any, people: list[tuple[str, str]] = PEOPLE, **kwargs: Any) -> Any:
    decision = draft_decision(world, people, **kwargs)
    with capture(execute=True):
        register(world, decision)
    return decision


def _current(decision: Any) -> dict[str, GeneratedDocument]:
    return {doc.slot: doc for doc in GeneratedDocument.objects.filter(decision=decision, current=True)}


def _certificate_slot(decision: Any, full_name: str) -> str:
    row = DecisionLine.objects.get(decision=decision, line__person__full_name=full_name)
    return f"certificate-{row.pk}"


def _notices(verb: str) -> list[tuple[str, str]]:
    return sorted(
        Notice.objects.filter(verb=verb).values_list("recipient__username", "event_key").order_by("recipient__username")
    )


def test_registering_builds_stores_and_tells_the_secretariat_once(
    world: Any, media: Any, django_capture_on_commit_callbacks: Any
) -> None:
    world.secretariat2.language = "en"
    world.secretariat2.save(update_fields=["language"])
    decision = _generated(world, django_capture_on_commit_callbacks, collectives=["Chi đoàn Tiểu khu Trang Các"])

    documents = list(GeneratedDocument.objects.filter(decision=decision).select_related("decision_line"))
    assert sorted(doc.kind for doc in documents) == ["certificate"] * 4 + ["decision", "list"]
    assert {(doc.status, doc.version, doc.current, doc.error) for doc in documents} == {
        (DocumentStatus.DONE, 1, True, "")
    }
    for doc in documents:
        content = stored_bytes(doc.file.name)
        assert content.startswith(b"%PDF-")
        assert (sha256(content), len(content)) == (doc.sha256, doc.size)
    # one file per document, nothing else
    assert media() == sorted(doc.file.name for doc in documents)

    # each certificate: its awardee (Ông/Bà where the gender is known), the decision, its serial
    serials = dict(Certificate.objects.filter(decision_line__decision=decision).values_list("decision_line", "number"))
    assert sorted(serials.values()) == [1, 2, 3, 4]
    current = _current(decision)
    for awardee, full_name in (("Bà Lê Thị Hường", "Lê Thị Hường"), ("Ông Nguyễn Văn An", "Nguyễn Văn An")):
        doc = current[_certificate_slot(decision, full_name)]
        (text,) = pdf_pages(stored_bytes(doc.file.name))
        assert awardee in text
        assert "Quyết định số 15/QĐ-UBND ngày 20/12/2026" in text
        assert f"Số sổ: {serials[doc.decision_line_id]:04d}/2026" in text
    (text,) = pdf_pages(stored_bytes(current[_certificate_slot(decision, "Đỗ Minh Châu")].file.name))
    assert "Đỗ Minh Châu" in text
    assert "Ông Đỗ" not in text
    assert "Bà Đỗ" not in text
    assert "Lê Thị Hường" in " ".join(pdf_pages(stored_bytes(current["list"].file.name)))

    # the secretariat, each user once; the batch is settled
    ready = _notices("documents_ready")
    batch = GenerationBatch.objects.get(decision=decision)
    assert ready == [(name, f"documents:{batch.pk}:documents_ready") for name in SECRETARIAT]
    notice = Notice.objects.get(verb="documents_ready", recipient=world.secretariat)
    assert notice.title == "Văn bản của Quyết định số 15/QĐ-UBND đã tạo xong"
    assert "4 Giấy khen" in notice.body
    assert notice.url == reverse("documents:decision_documents", kwargs={"pk": decision.pk})
    english = Notice.objects.get(verb="documents_ready", recipient=world.secretariat2)
    assert english.title == "The documents of decision No. 15/QĐ-UBND are ready"
    assert "4 certificates of merit" in english.body
    assert _notices("documents_failed") == []
    # settling again (a late duplicate task) tells nobody again
    assert services.batch_settle(batch_id=batch.pk) == "documents_ready"
    assert len(_notices("documents_ready")) == 2


def test_the_hook_and_every_task_delivered_twice_leave_one_document_each(
    world: Any, media: Any, django_capture_on_commit_callbacks: Any
) -> None:
    decision = draft_decision(world, PEOPLE)
    with django_capture_on_commit_callbacks(execute=False):
        register(world, decision)
    # the registration's hook, twice (no broker ran it): the second finds everything made
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert services.decision_documents_generate(decision_id=decision.pk) is not None
        assert services.decision_documents_generate(decision_id=decision.pk) is None
    assert len(queued) == 1
    rows = list(GeneratedDocument.objects.filter(decision=decision).order_by("pk"))
    assert len(rows) == 5
    assert {row.status for row in rows} == {DocumentStatus.PENDING}

    singles = [row.pk for row in rows if row.kind in (DocumentKind.DECISION, DocumentKind.LIST)]
    chunk = [row.pk for row in rows if row.kind == DocumentKind.CERTIFICATE]
    for _delivery in range(2):
        for pk in singles:
            document_build_task.apply(args=[pk]).get()
        documents_build_task.apply(args=[chunk]).get()

    rows = list(GeneratedDocument.objects.filter(decision=decision))
    assert len(rows) == 5
    assert {(row.status, row.attempts) for row in rows} == {(DocumentStatus.DONE, 1)}  # the second found it settled
    assert media() == sorted(row.file.name for row in rows)
    assert all(sha256(stored_bytes(row.file.name)) == row.sha256 for row in rows)
    assert len(_notices("documents_ready")) == 2


def test_a_file_left_by_a_worker_killed_before_its_commit_is_replaced(
    world: Any, media: Any, django_capture_on_commit_callbacks: Any
) -> None:
    decision = draft_decision(world, PEOPLE[:1])
    with django_capture_on_commit_callbacks(execute=False):
        register(world, decision)
        services.decision_documents_generate(decision_id=decision.pk)
    document = GeneratedDocument.objects.get(decision=decision, kind=DocumentKind.CERTIFICATE)
    # the worker claimed it, wrote part of the file, and died before committing DONE; the
    # broker hands its chunk over again once the claim is older than the stale limit
    services._claim(document.pk)
    GeneratedDocument.objects.filter(pk=document.pk).update(
        started_at=timezone.now() - services.stale_after() - dt.timedelta(seconds=1)
    )
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    default_storage.save(document.storage_name(), ContentFile(b"%PDF-1.7 half a file"))

    documents_build_task.apply(args=[[document.pk]]).get()

    document.refresh_from_db()
    assert (document.status, document.attempts) == (DocumentStatus.DONE, 2)
    assert document.file.name == document.storage_name()
    content = stored_bytes(document.file.name)
    assert sha256(content) == document.sha256
    assert b"half a file" not in content
    assert [name for name in media() if "certificate" in name] == [document.file.name]


def test_a_chunk_claimed_by_a_live_worker_is_not_built_twice(
    world: Any, media: Any, django_capture_on_commit_callbacks: Any
) -> None:
    decision = draft_decision(world, PEOPLE)
    with django_capture_on_commit_callbacks(execute=False):
        register(world, decision)
        services.decision_documents_generate(decision_id=decision.pk)
    chunk = list(
        GeneratedDocument.objects.filter(decision=decision, kind=DocumentKind.CERTIFICATE).values_list("pk", flat=True)
    )
    claimed = services._claim_chunk(chunk)  # one worker took the chunk a moment ago
    assert sorted(doc.pk for doc in claimed) == sorted(chunk)
    # a second delivery of the same chunk (a requeue) finds it claimed and builds nothing
    assert documents_build_task.apply(args=[chunk]).get() == {"settled": len(chunk)}
    assert set(GeneratedDocument.objects.filter(pk__in=chunk).values_list("status", "attempts")) == {
        (DocumentStatus.RUNNING, 1)
    }
    assert not [name for name in media() if "certificate" in name]
    # the first worker stores its chunk: each certificate once
    assert services._build_certificates(claimed) == {"done": len(chunk), "failed": 0, "settled": 0}
    assert set(GeneratedDocument.objects.filter(pk__in=chunk).values_list("status", "attempts")) == {
        (DocumentStatus.DONE, 1)
    }
    assert len([name for name in media() if "certificate" in name]) == len(chunk)


def test_regenerating_after_a_correction_keeps_the_old_version(
    world: Any, media: Any, django_capture_on_commit_callbacks: Any
) -> None:
    decision = _generated(world, django_capture_on_commit_callbacks)
    before = _current(decision)
    corrected = _certificate_slot(decision, "Đỗ Minh Châu")
    untouched = _certificate_slot(decision, "Lê Thị Hường")
    Person.objects.filter(full_name="Đỗ Minh Châu").update(full_name="Đỗ Minh Chân")
    client = Client()
    client.force_login(world.secretariat)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("documents:decision_documents_regenerate", kwargs={"pk": decision.pk}))

    assert response.status_code == 302
    after = _current(decision)
    # the corrected certificate and the list and decision (they name everyone) are new; the others stay
    assert {slot for slot in after if after[slot].version == 2} == {corrected, "list", "decision"}
    assert after[untouched].pk == before[untouched].pk
    assert {doc.status for doc in after.values()} == {DocumentStatus.DONE}
    assert "Đỗ Minh Chân" in pdf_pages(stored_bytes(after[corrected].file.name))[0]
    old = GeneratedDocument.objects.get(pk=before[corrected].pk)
    assert (old.current, old.status, old.version) == (False, DocumentStatus.DONE, 1)
    assert sha256(stored_bytes(old.file.name)) == old.sha256  # still stored
    assert "Đỗ Minh Châu" in pdf_pages(stored_bytes(old.file.name))[0]
    download = client.get(reverse("documents:download", kwargs={"pk": old.pk}))
    assert download.status_code == 200
    assert sha256(b"".join(download.streaming_content)) == old.sha256
    page = client.get(reverse("documents:decision_documents", kwargs={"pk": decision.pk})).content.decode()
    assert f'id="document-{old.pk}"' in page  # in the history
    assert len(media()) == 5 + 3
    # the new batch is a new event: the secretariat is told about it too
    assert len(_notices("documents_ready")) == 4

    # nothing changed since: nothing to rebuild
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("documents:decision_documents_regenerate", kwargs={"pk": decision.pk}), follow=True
        )
    assert "không cần tạo lại" in response.content.decode()
    assert GeneratedDocument.objects.filter(decision=decision).count() == 8


def test_a_certificate_that_cannot_be_built_fails_with_its_reason_and_a_notice(
    world: Any, media: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # a unit's 5,000-character summary copied into the decision line, never edited (the
    # entry check is on the decision's edit form): the certificate cannot hold it
    long_text = five_thousand_characters()
    world.secretariat2.language = "en"
    world.secretariat2.save(update_fields=["language"])
    decision = draft_decision(world, PEOPLE)
    DecisionLine.objects.filter(decision=decision, line__person__full_name="Nguyễn Văn An").update(
        achievement=long_text
    )
    with django_capture_on_commit_callbacks(execute=True):
        register(world, decision)

    failed_slot = _certificate_slot(decision, "Nguyễn Văn An")
    current = _current(decision)
    failed = current[failed_slot]
    expected = achievement_fit_error(long_text, selectors.certificate_layout(world.council))
    assert expected
    assert failed.status == DocumentStatus.FAILED
    assert expected in failed.error
    assert not failed.file
    assert {doc.status for slot, doc in current.items() if slot != failed_slot} == {DocumentStatus.DONE}
    assert not any(f"certificate-{failed.decision_line_id}" in name for name in media())
    assert _notices("documents_ready") == []
    notices = Notice.objects.filter(verb="documents_failed").order_by("recipient__username")
    assert [n.recipient.username for n in notices] == SECRETARIAT
    assert notices[0].title == "Lỗi khi tạo văn bản của Quyết định số 15/QĐ-UBND"
    assert "1/5 văn bản" in notices[0].body
    assert "Giấy khen – Nguyễn Văn An" in notices[0].body
    assert expected.split(":")[0] in notices[0].body
    assert (
        notices[1].title == "Some documents of decision No. 15/QĐ-UBND could not be made"
    )  # secretariat2 reads English
    assert "1 of 5 documents" in notices[1].body

    # the office shortens the text (here straight in the table) and regenerates: only that one
    DecisionLine.objects.filter(pk=failed.decision_line_id).update(achievement="Hoàn thành xuất sắc nhiệm vụ")
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.decision_documents_generate(decision_id=decision.pk, actor=world.secretariat)
    assert batch is not None
    assert list(batch.documents.values_list("slot", "version", "status")) == [(failed_slot, 2, DocumentStatus.DONE)]
    assert GeneratedDocument.objects.get(pk=failed.pk).current is False
    assert len(_notices("documents_ready")) == 2


def test_the_data_of_a_certificate(world: Any, django_capture_on_commit_callbacks: Any) -> None:
    decision = _generated(world, django_capture_on_commit_callbacks, collectives=["Chi đoàn Tiểu khu Trang Các"])
    first, *_others, last = list(selectors.certificate_lines(decision))
    rows = {"individual": first, "collective": last}
    person = selectors.certificate_data(rows["individual"])
    assert person.kind == "individual"
    assert person.authority_lines == ("CHỦ TỊCH", "ỦY BAN NHÂN DÂN THỊ TRẤN HÀ TRUNG")
    assert person.award_name == "GIẤY CHỨNG NHẬN"
    assert person.award_phrase == "Đạt danh hiệu “Lao động tiên tiến” năm 2026"
    assert person.awardee == "Bà Lê Thị Hường"
    assert person.unit == world.unit_b.name
    assert person.decision_line == "Quyết định số 15/QĐ-UBND ngày 20/12/2026"
    assert person.serial == "Số sổ: 0001/2026"
    assert person.place_date == "Hà Trung, ngày 20 tháng 12 năm 2026"
    assert person.signer_capacity_lines == ("CHỦ TỊCH",)
    assert person.signer_name == "Trịnh Văn Hùng"
    token = rows["individual"].certificate.token
    assert person.verify_url == f"http://127.0.0.1:8000/verify/{token}"
    assert len(token) == 22
    group = selectors.certificate_data(rows["collective"])
    assert (group.kind, group.awardee, group.unit, group.award_name) == (
        "collective",
        "Chi đoàn Tiểu khu Trang Các",
        world.unit_a.name,
        "GIẤY KHEN",
    )
    assert len(set(Certificate.objects.values_list("token", flat=True))) == Certificate.objects.count() == 4


def test_an_award_type_that_prints_no_paper_gets_no_certificate(
    world: Any, media: Any, django_capture_on_commit_callbacks: Any
) -> None:
    decision = draft_decision(world, PEOPLE)
    award_type = DecisionLine.objects.filter(decision=decision).first().line.award_type  # type: ignore[union-attr]
    award_type.issues_paper = False
    award_type.save(update_fields=["issues_paper"])
    with django_capture_on_commit_callbacks(execute=True):
        register(world, decision)

    kinds = sorted(GeneratedDocument.objects.filter(decision=decision).values_list("kind", flat=True))
    assert kinds == ["decision", "list"]
    assert not Certificate.objects.filter(decision_line__decision=decision).exists()
    # the list still names every awardee
    current = _current(decision)
    listed = " ".join(pdf_pages(stored_bytes(current["list"].file.name)))
    for full_name, _gender in PEOPLE:
        assert full_name in listed
