"""Whether a line's name and achievement fit its award type's paper on the council's own
certificate layout, asked when the line is entered (one by one or in bulk) rather than when the
certificate is built after the decision is registered, when nothing can be edited any more.

The council's layout (paper size, text-only mode, its own places for the fields) is a print
setting kept by ``documents``, which this app may not import: ``documents`` gives its reader at
start-up (``DocumentsConfig.ready`` calls ``use_layouts``); until then, and for a council with
no settings, the full A4 layout is measured."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from nominations import award_wording
from nominations.models import AwardType
from printing.certificate import achievement_fit_error, awardee_fits
from printing.data import CertificateLayout

LayoutReader = Callable[[int], CertificateLayout]
_reader: list[LayoutReader] = []


def use_layouts(reader: LayoutReader) -> None:
    """Measure against the layouts ``reader`` gives for a council id (set once, at start-up)."""
    _reader[:] = [reader]


def layout_for(council_id: int) -> CertificateLayout:
    return _reader[0](council_id) if _reader else CertificateLayout()


def fit_errors(
    award_type: AwardType,
    *,
    printed_name: str,
    achievement: str,
    year: int | None,
    layout: CertificateLayout | None = None,
) -> list[tuple[str, str]]:
    """[(code, message)] for what would not print on ``award_type``'s paper (none when it prints no
    paper): the achievement, above the award type's own limit or beyond what the box holds after
    the award's phrase ("Đạt danh hiệu “…” năm 2026"), and the name as printed.  ``layout``, when
    given, is the council's (read once for a batch of lines); else it is read here."""
    errors: list[tuple[str, str]] = []
    too_long = award_type.achievement_length_error(achievement)
    if too_long:
        errors.append(("achievement_too_long", too_long))
    if not award_type.issues_paper:
        return errors
    if layout is None:
        layout = layout_for(award_type.council_id)
    paper = award_wording.sentence_case(award_type.paper_title_text)
    if not too_long and achievement_fit_error(achievement, layout, phrase=award_type.certificate_phrase_for(year)):
        errors.append(
            (
                "achievement_too_long",
                _(
                    "Thành tích dài %(length)s ký tự, không in vừa %(paper)s theo mẫu in của hội đồng; "
                    "hãy rút gọn (danh sách kèm quyết định vẫn in đủ)."
                )
                % {"length": len(achievement.strip()), "paper": paper},
            )
        )
    if printed_name and not awardee_fits(printed_name, layout):
        errors.append(
            (
                "name_too_long",
                _("Tên “%(name)s” dài quá, không in vừa một dòng của %(paper)s; hãy ghi gọn hơn.")
                % {"name": printed_name, "paper": paper},
            )
        )
    return errors
