"""Reads of the documents app: the certificate's data from the ORM, a council's
print settings as a ``CertificateLayout``, a decision's stored documents and
the public verification of a certificate."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from common.text import fold
from councils import access
from councils.access import Capability
from councils.models import Council
from decisions.models import Decision, DecisionLine, DecisionStatus
from decisions.naming import signer_capacity_lines
from documents.models import Certificate, CertificateSettings, DocumentKind, DocumentStatus, GeneratedDocument
from nominations.award_wording import PERSON_TITLES, sentence_case
from nominations.models import NomineeKind
from nominations.naming import nominee_name, position_unit, unit_as_issued
from printing import formats as docformat
from printing.data import (
    COLLECTIVE,
    DOCUMENT_LANGUAGE,
    HOUSEHOLD,
    INDIVIDUAL,
    CertificateData,
    CertificateLayout,
    FieldPosition,
)

CERTIFICATE_LINE_JOINS = (
    "decision__council",
    "line__award_type",
    "line__nomination__unit",
    "line__person__unit",
    "line__collective__unit",
    "line__household__unit",
    "certificate",
)

# what a document row's name and serial need
DOCUMENT_JOINS = (
    "decision_line__line__person",
    "decision_line__line__collective",
    "decision_line__line__household",
    "decision_line__certificate",
)

_KINDS: dict[str, str] = {
    NomineeKind.INDIVIDUAL: INDIVIDUAL,
    NomineeKind.COLLECTIVE: COLLECTIVE,
    NomineeKind.HOUSEHOLD: HOUSEHOLD,
}
# how a certificate addresses a person whose gender is known (one list: nominations.award_wording)
TITLES: dict[str, str] = PERSON_TITLES


# --- Print settings -------------------------------------------------------------------


def certificate_settings_for(council: Council | int) -> CertificateSettings:
    """The council's settings, or unsaved defaults (A4, full layout) if it has none yet."""
    council_id = council if isinstance(council, int) else council.pk
    found = CertificateSettings.objects.filter(council_id=council_id).first()
    return found or CertificateSettings(council_id=council_id)


def layout_of(row: CertificateSettings) -> CertificateLayout:
    positions = {
        name: FieldPosition(
            x_mm=float(place["x_mm"]),
            y_mm=float(place["y_mm"]),
            width_mm=float(place["width_mm"]),
            size_pt=float(place["size_pt"]),
        )
        for name, place in (row.positions or {}).items()
    }
    return CertificateLayout(
        paper=row.paper,
        text_only=row.text_only,
        positions=positions,
        offset_x_mm=float(row.offset_x_mm),
        offset_y_mm=float(row.offset_y_mm),
    )


def certificate_layout(council: Council | int) -> CertificateLayout:
    return layout_of(certificate_settings_for(council))


# --- The certificate's data ---------------------------------------------------------------


def authority_lines(text: str) -> tuple[str, ...]:
    """ "Chủ tịch Ủy ban nhân dân thị trấn Hà Trung" -> ("CHỦ TỊCH", "ỦY BAN NHÂN DÂN THỊ TRẤN HÀ TRUNG")."""
    return docformat.capital_lines(text, ("chủ tịch", "bí thư", "trưởng ban", "giám đốc"))


def awardee_name(row: DecisionLine) -> str:
    """ "Ông Nguyễn Văn An" / "Bà Lê Thị Hường" where the gender is known; the
    collective's name; a household as its award type names it ("Hộ gia đình Nguyễn Văn An")."""
    line = row.line
    if line.person_id and line.person:
        person = line.person
        title = TITLES.get(person.gender, "")
        return f"{title} {person.full_name}".strip()
    return nominee_name(line)


def awardee_unit(row: DecisionLine) -> str:
    """The unit line's text (the builder puts "Đơn vị: ", "Trực thuộc: " or "Địa chỉ: " before it):
    a person's unit, a collective's parent unit (none when the collective is the unit itself),
    a household's address and quarter."""
    line = row.line
    if line.household_id and line.household:
        return position_unit(line)
    if line.person_id and line.person:
        return unit_as_issued(line, line.person.unit)
    if line.collective_id and line.collective:
        unit = unit_as_issued(line, line.collective.unit)
        return "" if unit == line.collective.name else unit
    return unit_as_issued(line)


def certificate_line(row: DecisionLine) -> str:
    """ "Quyết định số 15/QĐ-UBND ngày 20/12/2023"."""
    decision = row.decision
    return f"Quyết định số {docformat.number_reference(decision.number, decision.symbol)} ngày {docformat.short_date(decision.signed_on)}"


def verify_url(token: str, *, site_url: str | None = None) -> str:
    """The absolute address the QR code encodes (short: the site, /verify/ and 22 characters)."""
    base = (site_url if site_url is not None else settings.SITE_URL).rstrip("/")
    return base + reverse("documents:verify", kwargs={"token": token})


def certificate_data(
    decision_line: DecisionLine, *, certificate: Certificate | None = None, site_url: str | None = None
) -> CertificateData:
    """One awardee's certificate as printed.  ``decision_line`` should come with
    ``CERTIFICATE_LINE_JOINS`` selected; ``certificate`` (its register entry, the
    line's own by default) gives the serial number and the verification token."""
    row = decision_line
    decision = row.decision
    council = decision.council
    line = row.line
    award = line.award_type
    if certificate is None:
        certificate = getattr(row, "certificate", None)
    with translation.override(DOCUMENT_LANGUAGE):
        name = awardee_name(row)
        unit = awardee_unit(row)
        capacity = signer_capacity_lines(decision.signer_capacity)
    return CertificateData(
        kind=_KINDS.get(line.nominee_kind, INDIVIDUAL),
        authority_lines=authority_lines(award.issuing_authority or f"Chủ tịch {council.issuing_body}"),
        # the award type's own wording: "TẶNG" / "GIẤY KHEN", "GIẤY CÔNG NHẬN" … "Đạt danh hiệu “Gia
        # đình văn hoá” năm 2026"; the issuer printed above is not repeated after the award line
        award_verb=docformat.upper(award.award_verb_text),
        award_name=docformat.upper(award.printed_award_name),
        award_phrase=award.certificate_phrase_for(decision.year),
        awardee=name,
        unit=unit,
        achievement=row.achievement,
        decision_line=certificate_line(row),
        serial=f"Số sổ: {certificate.serial}" if certificate else "",
        place_date=docformat.administrative_date(council.place_name, decision.signed_on),
        signer_capacity_lines=capacity,
        signer_name=decision.signer_name,
        verify_url=verify_url(certificate.token, site_url=site_url) if certificate else "",
    )


def paper_lines(decision: Decision | int) -> QuerySet[DecisionLine]:
    """The decision's lines that get a paper of their own (their award type prints one), in their
    order: the one answer to "which lines have a certificate" for the register, the stored
    documents and the print bundle."""
    decision_id = decision if isinstance(decision, int) else decision.pk
    return DecisionLine.objects.filter(decision_id=decision_id, line__award_type__issues_paper=True).order_by(
        "position", "id"
    )


def certificate_lines(decision: Decision | int) -> QuerySet[DecisionLine]:
    """The decision's lines that get a paper, in their order, with everything a certificate prints."""
    return paper_lines(decision).select_related(*CERTIFICATE_LINE_JOINS)


def certificates_of(decision: Decision | int, *, chunk_size: int = 500) -> Iterator[CertificateData]:
    """Every certificate of a decision, streamed from the database (memory does not grow with the count)."""
    for row in certificate_lines(decision).iterator(chunk_size=chunk_size):
        yield certificate_data(row)


# --- Stored documents -----------------------------------------------------------------


def current_documents(*, decision: Decision) -> QuerySet[GeneratedDocument]:
    return (
        GeneratedDocument.objects.filter(decision=decision, current=True)
        .select_related(*DOCUMENT_JOINS)
        .order_by("kind", "decision_line__position", "id")
    )


#: a document page's status filter: "pending" is every document not yet made (waiting or being made)
STATUS_FILTERS: dict[str, tuple[str, ...]] = {
    "pending": (DocumentStatus.PENDING, DocumentStatus.RUNNING),
    DocumentStatus.DONE: (DocumentStatus.DONE,),
    DocumentStatus.FAILED: (DocumentStatus.FAILED,),
}


def certificate_documents(*, decision: Decision, query: str = "", status: str = "") -> QuerySet[GeneratedDocument]:
    """The decision's current certificates, narrowed to an awardee's name (or its serial's number) and a
    status filter (``STATUS_FILTERS``), in the decision's order."""
    rows = current_documents(decision=decision).filter(kind=DocumentKind.CERTIFICATE)
    for word in fold(query).split():
        found = (
            Q(decision_line__line__person__search_name__contains=word)
            | Q(decision_line__line__collective__search_name__contains=word)
            | Q(decision_line__line__household__search_name__contains=word)
        )
        if word.isdigit():  # the number of its serial ("15" finds 0015/2026)
            found |= Q(decision_line__certificate__number=int(word))
        rows = rows.filter(found)
    if status in STATUS_FILTERS:
        rows = rows.filter(status__in=STATUS_FILTERS[status])
    return rows


def document_history(*, decision: Decision) -> QuerySet[GeneratedDocument]:
    """Versions replaced by a regeneration, newest first; still downloadable."""
    return (
        GeneratedDocument.objects.filter(decision=decision, current=False)
        .exclude(kind=DocumentKind.PRINT)
        .select_related(*DOCUMENT_JOINS)
        .order_by("slot", "-version")
    )


def document_get_for_user(*, user: Any, pk: int, capability: Capability) -> GeneratedDocument:
    """A stored document of a decision of a council where the user holds ``capability``; otherwise 404."""
    document = (
        GeneratedDocument.objects.filter(access.council_q(user, capability, path="decision__council"), pk=pk)
        .select_related("decision", *DOCUMENT_JOINS)
        .first()
    )
    if document is None:
        raise Http404
    return document


# --- Public verification ------------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    """What the public page shows of a certificate: its paper, who gave it, the decision and
    the awardee's name; nothing personal beyond that name."""

    paper: str  # "Giấy khen", "Giấy chứng nhận": the award type's paper, in sentence case
    issuer: str  # "Chủ tịch Ủy ban nhân dân xã An Bình"
    signer_capacity_lines: tuple[str, ...]
    signer_name: str
    decision_number: str
    decision_date: str
    award: str
    awardee: str
    revoked: bool
    revoked_on: str  # the day the decision was revoked ("" when it stands)
    revoked_by: str  # "theo Quyết định số 25/QĐ-UBND ngày 05/01/2027" ("" when it stands or none was recorded)


def verification(*, token: str) -> Verification | None:
    """The certificate behind ``token`` as the public page shows it (one query); None for a
    token nobody was given or one of a decision still in draft."""
    certificate = (
        Certificate.objects.filter(token=token)
        .select_related(
            "decision_line__decision__council",
            "decision_line__line__award_type",
            "decision_line__line__person",
            "decision_line__line__collective",
            "decision_line__line__household",
        )
        .first()
    )
    if certificate is None:
        return None
    row = certificate.decision_line
    decision = row.decision
    if decision.is_editable:
        return None
    award = row.line.award_type
    with translation.override(DOCUMENT_LANGUAGE):
        name = awardee_name(row)
        capacity = signer_capacity_lines(decision.signer_capacity)
    revoked = decision.status == DecisionStatus.REVOKED
    revoked_at = decision.revoked_at
    return Verification(
        paper=sentence_case(award.paper_title_text) or "Giấy khen",
        issuer=award.issuing_authority or f"Chủ tịch {decision.council.issuing_body}",
        signer_capacity_lines=capacity,
        signer_name=decision.signer_name,
        decision_number=docformat.number_reference(decision.number, decision.symbol),
        decision_date=docformat.short_date(decision.signed_on),
        award=award.name,
        awardee=name,
        revoked=revoked,
        revoked_on=docformat.short_date(timezone.localdate(revoked_at)) if revoked and revoked_at else "",
        revoked_by=_revoked_by(decision) if revoked else "",
    )


def _revoked_by(decision: Decision) -> str:
    """The decision that revoked ``decision``, as the public page cites it (never the reason)."""
    number = decision.revoked_by_number
    if not number:
        return ""
    if decision.revoked_by_date is None:
        return _("theo Quyết định số %(number)s") % {"number": number}
    return _("theo Quyết định số %(number)s ngày %(day)s") % {
        "number": number,
        "day": docformat.short_date(decision.revoked_by_date),
    }
