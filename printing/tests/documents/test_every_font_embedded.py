"""Every document uses only the embedded serif family: no font that a reader must
substitute (a standard Type 1 font such as Helvetica is never embedded)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from printing import samples
from printing.ballot import build_ballot
from printing.certificate import build_certificate
from printing.decision import build_decision, build_decision_list
from printing.minutes import build_minutes
from printing.proposal import build_proposal
from printing.tests.documents.pdfcheck import SUBSET_NAME, embedded_fonts, font_names

BUILDS: dict[str, Callable[[], bytes]] = {
    "certificate": lambda: build_certificate(samples.certificate()),
    "decision": lambda: build_decision(samples.decision()),
    "decision list": lambda: build_decision_list(samples.decision()),
    "minutes": lambda: build_minutes(samples.minutes()),
    "ballot": lambda: build_ballot(samples.ballot()),
    "proposal": lambda: build_proposal(samples.proposal()),
}


@pytest.mark.parametrize("kind", list(BUILDS))
def test_every_font_of_the_document_is_embedded(kind: str) -> None:
    pdf = BUILDS[kind]()
    names = font_names(pdf)
    embedded = {font["name"] for font in embedded_fonts(pdf) if font["embedded"] and font["length"] > 0}
    assert names, kind
    assert names == embedded, f"{kind}: not embedded: {sorted(names - embedded)}"
    assert all(SUBSET_NAME.match(name.lstrip("/")) for name in names), sorted(names)
