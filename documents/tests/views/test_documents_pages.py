"""The secretariat's documents page (download, print all with its progress), the
print settings with text-only mode and the calibration page, the achievement
refused at entry, who may download, and the pages in Vietnamese and English."""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse

from decisions.models import Decision, DecisionLine
from documents.models import Certificate, CertificateSettings, DocumentKind, DocumentStatus, GeneratedDocument
from documents.tests.registered import (
    draft_decision,
    five_thousand_characters,
    many_people,
    page_sizes_mm,
    pdf_pages,
    register,
    sha256,
    stored_bytes,
)

pytestmark = pytest.mark.django_db


def _client(user: Any = None, language: str = "vi") -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _generated(world: Any, capture: Any, count: int = 3) -> Decision:
    decision = draft_decision(world, many_people(count))
    with capture(execute=True):
        register(world, decision)
    return decision


def _url(name: str, decision: Decision) -> str:
    return reverse(f"documents:{name}", kwargs={"pk": decision.pk})


def _print(client: Client, decision: Decision, capture: Any) -> GeneratedDocument:
    with capture(execute=True):
        response = client.post(_url("decision_documents_print", decision))
    assert response.status_code == 302
    assert response["Location"].endswith("#print")
    return GeneratedDocument.objects.get(decision=decision, kind=DocumentKind.PRINT, current=True)


def test_print_all_makes_one_page_per_certificate_with_its_serial(
    world: Any, media: Any, django_capture_on_commit_callbacks: Any
) -> None:
    decision = _generated(world, django_capture_on_commit_callbacks, count=7)
    client = _client(world.secretariat)

    bundle = _print(client, decision, django_capture_on_commit_callbacks)

    assert bundle.status == DocumentStatus.DONE, bundle.error
    assert (bundle.progress_done, bundle.progress_total) == (7, 7)
    content = stored_bytes(bundle.file.name)
    assert sha256(content) == bundle.sha256
    pages = pdf_pages(content)
    assert len(pages) == 7
    assert page_sizes_mm(content) == [(297, 210)] * 7  # A4 landscape
    rows = DecisionLine.objects.filter(decision=decision).select_related("line__person", "certificate")
    for page, row in zip(pages, rows.order_by("position"), strict=True):
        assert f"Số sổ: {row.certificate.number:04d}/2026" in page
        assert row.line.person.full_name in page
    state = client.get(_url("decision_documents_progress", decision)).json()
    assert state["print"]["status"] == "done"
    assert (state["print"]["done"], state["print"]["total"], state["print"]["percent"]) == (7, 7, 100)
    assert state["print"]["url"] == reverse("documents:download", kwargs={"pk": bundle.pk})
    assert state["documents"] == {"total": 9, "done": 9, "failed": 0, "waiting": 0}
    assert state["settled"] is True
    page = html.unescape(client.get(_url("decision_documents", decision)).content.decode())
    assert 'id="print-bar" max="7" value="7"' in page
    assert state["print"]["url"] in page
    download = client.get(state["print"]["url"])
    assert download.status_code == 200
    assert sha256(b"".join(download.streaming_content)) == bundle.sha256

    # printing again replaces the bundle: only the newest is kept
    again = _print(client, decision, django_capture_on_commit_callbacks)
    assert (again.version, again.status) == (2, DocumentStatus.DONE)
    assert list(GeneratedDocument.objects.filter(kind=DocumentKind.PRINT).values_list("pk", flat=True)) == [again.pk]
    assert [name for name in media() if "/print-" in name] == [again.file.name]


def test_the_print_is_refused_for_a_revoked_decision(world: Any, django_capture_on_commit_callbacks: Any) -> None:
    decision = _generated(world, django_capture_on_commit_callbacks, count=1)
    Decision.objects.filter(pk=decision.pk).update(status="revoked")
    response = _client(world.secretariat).post(_url("decision_documents_print", decision), follow=True)
    assert "Chỉ in Giấy khen của quyết định đã vào số và chưa bị thu hồi." in html.unescape(response.content.decode())
    assert not GeneratedDocument.objects.filter(kind=DocumentKind.PRINT).exists()


def test_settings_a3_and_text_only_change_the_print(
    world: Any, media: Any, django_capture_on_commit_callbacks: Any
) -> None:
    decision = _generated(world, django_capture_on_commit_callbacks, count=2)
    client = _client(world.secretariat)
    settings_url = reverse("documents:certificate_settings", kwargs={"pk": world.council.pk})
    data = {
        "paper": "A3",
        "text_only": "on",
        "offset_x_mm": "1.5",
        "offset_y_mm": "-2",
        "awardee__x_mm": "210",
        "awardee__y_mm": "120",
        "awardee__width_mm": "300",
        "awardee__size_pt": "30",
    }

    response = client.post(settings_url, data)

    assert response.status_code == 302
    row = CertificateSettings.objects.get(council=world.council)
    assert (row.paper, row.text_only, float(row.offset_x_mm), float(row.offset_y_mm)) == ("A3", True, 1.5, -2.0)
    assert row.positions == {"awardee": {"x_mm": 210.0, "y_mm": 120.0, "width_mm": 300.0, "size_pt": 30.0}}
    bundle = _print(client, decision, django_capture_on_commit_callbacks)
    content = stored_bytes(bundle.file.name)
    assert page_sizes_mm(content) == [(420, 297)] * 2
    text = pdf_pages(content)[0]
    assert "Số sổ: 0001/2026" in text
    assert "Độc lập - Tự do - Hạnh phúc" not in text  # the blank has it printed already
    calibration = client.get(reverse("documents:certificate_calibration", kwargs={"pk": world.council.pk}))
    assert calibration.status_code == 200
    assert calibration["Content-Type"] == "application/pdf"
    assert page_sizes_mm(calibration.content) == [(420, 297)]


def test_settings_outside_the_sheet_are_refused(world: Any) -> None:
    client = _client(world.secretariat)
    url = reverse("documents:certificate_settings", kwargs={"pk": world.council.pk})
    base = {"paper": "A4", "offset_x_mm": "0", "offset_y_mm": "0"}
    outside = {"serial__x_mm": "400", "serial__y_mm": "20", "serial__width_mm": "50", "serial__size_pt": "12"}
    for data, message in (
        (outside, "Trường “Số vào sổ”: vị trí (400.0; 20.0) mm nằm ngoài tờ A4 (297.0 × 210.0 mm)."),
        ({"unit__x_mm": "10"}, "“Chức vụ, đơn vị”: nhập đủ bốn số"),
        ({"offset_x_mm": "80"}, "Dịch ngang, dịch dọc chỉ trong khoảng ±50 mm."),
    ):
        response = client.post(url, {**base, **data})
        assert response.status_code == 200
        assert message in html.unescape(response.content.decode())
    assert not CertificateSettings.objects.exists()


def test_an_achievement_the_certificate_cannot_hold_is_refused_at_entry(world: Any) -> None:
    decision = draft_decision(world, many_people(2))
    rows = list(DecisionLine.objects.filter(decision=decision).order_by("position"))
    long_text = five_thousand_characters()
    award = rows[1].line.award_type
    # the award type's own limit is asked first: it is what the entry form says too
    message = f"Thành tích dài {len(long_text)} ký tự; Giấy chứng nhận chỉ in được tối đa {award.achievement_max_chars} ký tự."
    assert award.paper_title_text == "Giấy chứng nhận"
    response = _client(world.secretariat).post(
        reverse("workflows:decision_edit", kwargs={"pk": decision.pk}),
        {
            "subject": "Về việc khen thưởng (đã sửa)",
            "legal_bases": "",
            "recipients": "",
            f"achievement_{rows[0].pk}": "Hoàn thành tốt nhiệm vụ",
            f"achievement_{rows[1].pk}": long_text,
        },
    )
    assert response.status_code == 200
    assert f"Dòng 2: {message}" in html.unescape(response.content.decode())
    decision.refresh_from_db()
    assert decision.subject != "Về việc khen thưởng (đã sửa)"
    assert [row.achievement for row in DecisionLine.objects.filter(decision=decision).order_by("position")] == [
        row.achievement for row in rows
    ]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("secretariat", 200),
        ("chairman", 200),
        ("member", 403),
        ("unit_b_user", 404),
        ("other_secretariat", 404),
        (None, 302),
    ],
)
def test_who_may_download(world: Any, django_capture_on_commit_callbacks: Any, who: str | None, expected: int) -> None:
    decision = _generated(world, django_capture_on_commit_callbacks, count=1)
    certificate = GeneratedDocument.objects.get(decision=decision, kind=DocumentKind.CERTIFICATE)
    client = _client(getattr(world, who) if who else None)

    response = client.get(reverse("documents:download", kwargs={"pk": certificate.pk}))
    page = client.get(_url("decision_documents", decision))

    assert response.status_code == expected
    assert page.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(resolve_url(settings.LOGIN_URL) + "?next=")
        return
    if expected != 200:
        return
    assert sha256(b"".join(response.streaming_content)) == certificate.sha256
    assert response["Content-Type"] == "application/pdf"
    serial = Certificate.objects.get().serial.replace("/", "-")
    name = f"Giấy khen {serial} Nguyễn Văn An 1 (QĐ 15-QĐ-UBND).pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="giay khen {serial} nguyen van an 1 (qd 15-qd-ubnd).pdf"; '
        f"filename*=UTF-8''{quote(name, safe='')}"
    )


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_pages_in_both_languages(world: Any, django_capture_on_commit_callbacks: Any, language: str) -> None:
    decision = _generated(world, django_capture_on_commit_callbacks, count=2)
    client = _client(world.secretariat, language)
    token = Certificate.objects.order_by("number").first().token
    for url in (
        _url("decision_documents", decision),
        reverse("documents:certificate_settings", kwargs={"pk": world.council.pk}),
        reverse("documents:verify", kwargs={"token": token}),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert f'<html lang="{language}">' in body, url
    page = html.unescape(client.get(_url("decision_documents", decision)).content.decode())
    assert "Nguyễn Văn An 1" in page
    assert "0001/2026" in page


def test_the_decision_page_leads_to_its_documents_and_regenerates(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    decision = _generated(world, django_capture_on_commit_callbacks, count=1)
    client = _client(world.secretariat)
    page = client.get(reverse("decisions:decision_detail", kwargs={"pk": decision.pk})).content.decode()
    assert _url("decision_documents", decision) in page
    assert f'action="{_url("decision_documents_regenerate", decision)}"' in page
    member_page = _client(world.member).get(reverse("decisions:decision_detail", kwargs={"pk": decision.pk}))
    assert _url("decision_documents", decision) not in member_page.content.decode()
    GeneratedDocument.objects.filter(decision=decision, kind=DocumentKind.LIST).update(status=DocumentStatus.FAILED)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("decision_documents_regenerate", decision))
    assert response.status_code == 302
    assert list(
        GeneratedDocument.objects.filter(decision=decision, kind=DocumentKind.LIST)
        .order_by("version")
        .values_list("version", "status")
    ) == [(1, DocumentStatus.FAILED), (2, DocumentStatus.DONE)]


def test_the_english_page_names_one_decision_in_the_singular(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """The decision's own document is one paper: its label has the "document kind" context,
    apart from the plural "Decisions" of the menu."""
    import re

    from django.utils import translation

    decision = _generated(world, django_capture_on_commit_callbacks, count=1)
    page = html.unescape(_client(world.secretariat, "en").get(_url("decision_documents", decision)).content.decode())

    labels = re.findall(r'data-kind="decision"[^>]*>\s*<td[^>]*>([^<]*)', page)
    assert labels
    assert all(label.strip() not in ("Decisions", "") for label in labels), labels
    with translation.override("en"):
        assert str(DocumentKind.DECISION.label) != "Decisions"
        assert str(DocumentKind.CERTIFICATE.label) != "Certificates of merit"
