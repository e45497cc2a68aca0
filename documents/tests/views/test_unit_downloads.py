"""A unit's downloads and registry (issue 11, item 2): once a decision is registered the
units it concerns read its results page and download its public papers (the decision
and its attached list) and the certificates of their own lines; another unit's
certificate, a draft's or a revoked decision's papers, and a decision that does not
concern the unit are 404.  The registry shows a unit its own awards only."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from councils.models import Unit, UnitMembership
from decisions.models import DecisionLine, SignerCapacity
from decisions.services import decisions as ds
from decisions.tests.unit_results import (
    AWARDED_A,
    AWARDED_B,
    EXCLUDED_A,
    EXCLUSION_REASON,
    FAILED_B,
    PROPOSED_B,
    Scenario,
    scenario,
)
from documents import services as document_services
from documents.models import DocumentKind, DocumentStatus, GeneratedDocument
from documents.tests.registered import pdf_pages
from tests.factories import UserFactory
from workflows import decisions as flow_decisions

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(world: Any, rates: None, province_award: Any, media: Any) -> Scenario:
    return scenario(world, province_award)


def _register(built: Scenario, capture: Any) -> None:
    with capture(execute=True):
        flow_decisions.decision_register(
            actor=built.world.secretariat,
            decision=built.decision,
            signed_on=dt.date(2026, 12, 20),
            signer_name="Trịnh Văn Hùng",
            signer_capacity=SignerCapacity.CHAIRMAN,
            number=15,
        )
    built.decision.refresh_from_db()


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _download(user: Any, document: GeneratedDocument) -> Any:
    return _client(user).get(reverse("documents:unit_document_download", kwargs={"pk": document.pk}))


def _pdf(response: Any) -> list[str]:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return pdf_pages(b"".join(response.streaming_content))


def _papers(built: Scenario) -> dict[str, GeneratedDocument]:
    """The decision's current papers: "decision", "list", and a certificate per awardee's name."""
    found = {}
    for doc in GeneratedDocument.objects.filter(decision=built.decision, current=True).select_related(
        "decision_line__line__person"
    ):
        assert doc.status == DocumentStatus.DONE, doc.error
        found[doc.decision_line.line.person.full_name if doc.decision_line else doc.kind] = doc
    assert set(found) == {"decision", "list", AWARDED_A, AWARDED_B}
    return found


def test_a_unit_downloads_its_public_papers_and_its_own_certificates_only(
    world: Any, built: Scenario, django_capture_on_commit_callbacks: Any
) -> None:
    _register(built, django_capture_on_commit_callbacks)
    papers = _papers(built)

    # unit A: the decision, its list and its own certificate
    assert any("QUYẾT ĐỊNH" in page for page in _pdf(_download(world.unit_a_user, papers["decision"])))
    assert any(AWARDED_A in page for page in _pdf(_download(world.unit_a_user2, papers["list"])))
    certificate = _pdf(_download(world.unit_a_user, papers[AWARDED_A]))
    assert AWARDED_A in certificate[0]
    assert AWARDED_B not in certificate[0]
    response = _download(world.unit_a_user, papers[AWARDED_A])
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"
    # ...never unit B's certificate
    assert _download(world.unit_a_user, papers[AWARDED_B]).status_code == 404

    # unit B likewise, the other way round
    assert _download(world.unit_b_user, papers["list"]).status_code == 200
    assert _download(world.unit_b_user, papers[AWARDED_B]).status_code == 200
    assert _download(world.unit_b_user, papers[AWARDED_A]).status_code == 404

    # nobody else reaches them through the unit route: another council's unit, the council's
    # own staff (they have their documents page), a member
    for user in (world.other_unit_user, world.secretariat, world.chairman, world.member, world.other_secretariat):
        for doc in papers.values():
            assert _download(user, doc).status_code == 404, (user.username, doc.slot)
    # the print bundle of all certificates is the office's, and a replaced version is no longer current
    with django_capture_on_commit_callbacks(execute=True):
        bundle = document_services.certificates_print_request(actor=world.secretariat, decision=built.decision)
    bundle.refresh_from_db()
    assert bundle.status == DocumentStatus.DONE
    assert _download(world.unit_a_user, bundle).status_code == 404
    GeneratedDocument.objects.filter(pk=papers[AWARDED_A].pk).update(current=False)
    assert _download(world.unit_a_user, papers[AWARDED_A]).status_code == 404


def test_a_unit_whose_lines_were_only_voted_on_reads_the_public_papers(
    world: Any, built: Scenario, django_capture_on_commit_callbacks: Any
) -> None:
    """Unit B's awarded line is taken out of the draft: B has lines only in the session (one failed,
    one proposed upward), so it reads the decision and its list but has no certificate."""
    DecisionLine.objects.filter(decision=built.decision, line__person__full_name=AWARDED_B).delete()
    _register(built, django_capture_on_commit_callbacks)
    public = {
        doc.kind: doc
        for doc in GeneratedDocument.objects.filter(decision=built.decision, kind__in=["decision", "list"])
    }
    for doc in public.values():
        assert _download(world.unit_b_user, doc).status_code == 200
    assert not GeneratedDocument.objects.filter(
        decision=built.decision, decision_line__line__nomination__unit=world.unit_b
    ).exists()
    page = html.unescape(
        _client(world.unit_b_user)
        .get(reverse("documents:unit_decision", kwargs={"pk": built.decision.pk}))
        .content.decode()
    )
    assert "0/2 được khen thưởng" in page
    assert AWARDED_B not in page  # approved but not in the registered decision: no outcome to tell


def test_a_decision_that_does_not_concern_the_unit_shows_it_nothing(
    world: Any, built: Scenario, django_capture_on_commit_callbacks: Any
) -> None:
    """A unit of the same council with no line in the decision nor in its session reads nothing of it."""
    _register(built, django_capture_on_commit_callbacks)
    papers = _papers(built)
    unit_c = Unit.objects.create(council=world.council, name="Hội Phụ nữ thị trấn", kind="union")
    user_c = UserFactory(username="unit_c")
    UnitMembership.objects.create(unit=unit_c, user=user_c)
    url = reverse("documents:unit_decision", kwargs={"pk": built.decision.pk})
    assert _client(user_c).get(url).status_code == 404
    for doc in papers.values():
        assert _download(user_c, doc).status_code == 404


def test_the_units_decision_page_lists_its_own_lines_and_links(
    world: Any, built: Scenario, django_capture_on_commit_callbacks: Any
) -> None:
    url = reverse("documents:unit_decision", kwargs={"pk": built.decision.pk})
    # a draft: nothing for any unit
    for user in (world.unit_a_user, world.unit_b_user):
        assert _client(user).get(url).status_code == 404

    _register(built, django_capture_on_commit_callbacks)
    papers = _papers(built)

    response = _client(world.unit_a_user).get(url)
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "Quyết định số 15/QĐ-UBND ngày 20/12/2026" in page
    assert "1/2 được khen thưởng" in page
    assert AWARDED_A in page
    assert EXCLUDED_A in page
    assert f"Lý do: {EXCLUSION_REASON}" in page
    for name in (AWARDED_B, FAILED_B, PROPOSED_B):
        assert name not in page
    download = reverse("documents:unit_document_download", kwargs={"pk": 0})[: -len("0/download/")]
    for doc in (papers["decision"], papers["list"], papers[AWARDED_A]):
        assert f"{download}{doc.pk}/download/" in page
    assert f"{download}{papers[AWARDED_B].pk}/download/" not in page

    page_b = html.unescape(_client(world.unit_b_user).get(url).content.decode())
    assert "1/3 được khen thưởng" in page_b
    assert 'data-outcome="failed_vote"' in page_b
    assert 'data-outcome="proposed"' in page_b
    assert EXCLUDED_A not in page_b
    assert EXCLUSION_REASON not in page_b

    for user in (world.other_unit_user, world.secretariat, world.member):
        assert _client(user).get(url).status_code == 404
    assert _client(world.unit_a_user).post(url).status_code == 405

    # in English too
    english = _client(world.unit_a_user)
    english.cookies["django_language"] = "en"
    assert english.get(url).status_code == 200


def test_a_revoked_decisions_papers_are_no_longer_the_units(
    world: Any, built: Scenario, django_capture_on_commit_callbacks: Any
) -> None:
    _register(built, django_capture_on_commit_callbacks)
    papers = _papers(built)
    assert _download(world.unit_a_user, papers[AWARDED_A]).status_code == 200

    ds.decision_revoke(
        actor=world.chairman,
        decision=built.decision,
        reason="Phát hiện sai sót",
        revoked_by_number="25/QĐ-UBND",
        revoked_by_date=None,
    )

    for doc in papers.values():
        for user in (world.unit_a_user, world.unit_b_user):
            assert _download(user, doc).status_code == 404, (user.username, doc.slot)
    url = reverse("documents:unit_decision", kwargs={"pk": built.decision.pk})
    assert _client(world.unit_a_user).get(url).status_code == 404


def test_the_registry_shows_each_unit_its_own_awards_only(
    world: Any, built: Scenario, django_capture_on_commit_callbacks: Any
) -> None:
    url = reverse("decisions:registry_for_unit")
    assert 'id="no-honours"' in _client(world.unit_a_user).get(url).content.decode()  # a draft registers nothing

    _register(built, django_capture_on_commit_callbacks)

    page_a = html.unescape(_client(world.unit_a_user).get(url).content.decode())
    assert 'id="unit-honours"' in page_a
    assert AWARDED_A in page_a
    assert "Số 15/QĐ-UBND" in page_a
    assert "20/12/2026" in page_a
    for name in (EXCLUDED_A, AWARDED_B, FAILED_B, PROPOSED_B):
        assert name not in page_a
    page_b = html.unescape(_client(world.unit_b_user).get(url).content.decode())
    assert AWARDED_B in page_b
    assert AWARDED_A not in page_b
    other = html.unescape(_client(world.other_unit_user).get(url).content.decode())
    assert 'id="no-honours"' in other
    assert AWARDED_A not in other
    # the menu leads a unit there
    assert (
        reverse("decisions:registry_for_unit")
        in _client(world.unit_a_user).get(reverse("workflows:tasks")).content.decode()
    )

    # not a unit's user: nothing to show
    for user in (world.secretariat, world.member, world.other_secretariat):
        assert _client(user).get(url).status_code == 404

    # revoked: its awards leave the unit's registry
    ds.decision_revoke(
        actor=world.chairman,
        decision=built.decision,
        reason="Phát hiện sai sót",
        revoked_by_number="25/QĐ-UBND",
        revoked_by_date=None,
    )
    assert AWARDED_A not in html.unescape(_client(world.unit_a_user).get(url).content.decode())


def test_the_list_the_unit_downloads_is_the_public_one(
    world: Any, built: Scenario, django_capture_on_commit_callbacks: Any
) -> None:
    """The attached list is a public paper: it names every awardee of the decision, whichever unit
    downloads it; the certificates are the only per-unit papers."""
    _register(built, django_capture_on_commit_callbacks)
    papers = _papers(built)
    text = " ".join(_pdf(_download(world.unit_b_user, papers["list"])))
    assert AWARDED_A in text
    assert AWARDED_B in text
    assert papers["list"].kind == DocumentKind.LIST
