"""``manage.py render_samples``: one PNG of each printed document under
``docs/samples/``, from the plain sample data of ``printing.samples`` (Hà
Trung town, 2023; no database), rendered with ``pdftoppm -png -r 70
-singlefile`` (the first page), the Word and Excel copies beside them
(``sample_files``), and ``texts.json``: the text of each PNG's page as
``pdftotext`` extracts it, so a test can tell when a committed image no
longer shows what the builders print now (the files carry timestamps, so
texts and cell values are compared, never bytes)."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from printing import samples
from printing.ballot import build_ballot
from printing.certificate import build_certificate, calibration_page
from printing.data import COLLECTIVE, HOUSEHOLD, INDIVIDUAL, CertificateLayout, FieldPosition
from printing.decision import build_decision, build_decision_list
from printing.minutes import build_minutes
from printing.proposal import build_proposal
from printing.tt02 import build_0601_pdf, build_0601_xlsx, build_0603_pdf, build_0603_xlsx, sample_0601, sample_0603

# A council's blank (phôi) measured with the calibration page: its own places for three fields.
BLANK_LAYOUT = CertificateLayout(
    text_only=True,
    positions={
        "awardee": FieldPosition(x_mm=148.5, y_mm=88.5, width_mm=230, size_pt=24),
        "achievement": FieldPosition(x_mm=148.5, y_mm=118, width_mm=230, size_pt=14),
        "qr": FieldPosition(x_mm=40, y_mm=192, width_mm=20, size_pt=0),
    },
    offset_x_mm=1.5,
    offset_y_mm=-1.0,
)


def sample_documents() -> dict[str, Callable[[], bytes]]:
    """File name (without .png) -> the PDF it shows."""
    return {
        "tt02-0601": lambda: build_0601_pdf(sample_0601()),
        "tt02-0603": lambda: build_0603_pdf(sample_0603()),
        "certificate-individual": lambda: build_certificate(samples.certificate(INDIVIDUAL)),
        "certificate-collective": lambda: build_certificate(samples.certificate(COLLECTIVE)),
        "certificate-household-a3": lambda: build_certificate(
            samples.certificate(
                HOUSEHOLD,
                award_verb="",
                award_name="GIẤY CÔNG NHẬN",
                award_phrase="Đạt danh hiệu “Gia đình văn hoá” năm 2023",
                awardee="Gia đình ông Lê Văn Thắng",
                unit="Số nhà 27, Tiểu khu Trang Các, thị trấn Hà Trung",
                achievement="Thực hiện tốt các tiêu chuẩn gia đình văn hoá theo Nghị định số 86/2023/NĐ-CP.",
            ),
            CertificateLayout(paper="A3"),
        ),
        "certificate-title": lambda: build_certificate(
            samples.certificate(
                INDIVIDUAL,
                award_verb="",
                award_name="GIẤY CHỨNG NHẬN",
                award_phrase="Đạt danh hiệu “Lao động tiên tiến” năm 2023",
                achievement="Đã hoàn thành tốt nhiệm vụ năm 2023, chấp hành tốt chủ trương, chính sách của Đảng, "
                "pháp luật của Nhà nước, tích cực tham gia phong trào thi đua.",
            )
        ),
        "certificate-text-only": lambda: build_certificate(samples.certificate(), BLANK_LAYOUT),
        "certificate-calibration": lambda: calibration_page(BLANK_LAYOUT),
        "decision": lambda: build_decision(samples.decision()),
        "decision-draft": lambda: build_decision(samples.decision(draft=True)),
        "decision-list": lambda: build_decision_list(samples.decision(12)),
        "minutes": lambda: build_minutes(samples.minutes()),
        "ballot": lambda: build_ballot(samples.ballot()),
        "proposal": lambda: build_proposal(samples.proposal()),
        "proposal-list": lambda: build_proposal(samples.proposal()),
    }


# which page of a sample's PDF its PNG shows (the first by default)
PAGES: dict[str, int] = {"proposal-list": 2}

TEXTS_FILE = "texts.json"


def sample_files() -> dict[str, Callable[[], bytes]]:
    """File name (with its extension: .docx, .xlsx) -> its bytes: the copies that are not PDFs."""
    from printing.wordfiles import decision_docx, decision_list_docx, minutes_docx, proposal_docx

    return {
        "tt02-0601.xlsx": lambda: build_0601_xlsx(sample_0601()),
        "tt02-0603.xlsx": lambda: build_0603_xlsx(sample_0603()),
        "decision.docx": lambda: decision_docx(samples.decision()),
        "decision-list.docx": lambda: decision_list_docx(samples.decision(12)),
        "minutes.docx": lambda: minutes_docx(samples.minutes()),
        "proposal.docx": lambda: proposal_docx(samples.proposal()),
    }


def page_text(pdf: Path, page: int = 1) -> str:
    """The text of one page of ``pdf``, as ``pdftotext -layout`` extracts it, blank lines dropped."""
    found = subprocess.run(  # noqa: S603  fixed poppler command line on a PDF this command just wrote
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],  # noqa: S607  poppler's pdftotext from PATH (Debian poppler-utils)
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return "\n".join(line.rstrip() for line in found.splitlines() if line.strip())


class Command(BaseCommand):
    help = "Render one PNG of each printed document (sample data, no database) into docs/samples/."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", default=str(Path(settings.BASE_DIR) / "docs" / "samples"))
        parser.add_argument("--pdf", action="store_true", help="keep the PDFs beside the PNGs")
        parser.add_argument("--resolution", type=int, default=70)

    def handle(self, *args: Any, **options: Any) -> None:
        pdftoppm = shutil.which("pdftoppm")
        if pdftoppm is None:
            raise CommandError("pdftoppm is needed (Debian package poppler-utils).")
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        texts: dict[str, str] = {}
        with tempfile.TemporaryDirectory(prefix="thidua-samples-") as folder:
            for name, build in sample_documents().items():
                pdf = Path(folder) / f"{name}.pdf"
                pdf.write_bytes(build())
                number = PAGES.get(name, 1)
                page = ["-f", str(number), "-l", str(number)] if number != 1 else []
                texts[name] = page_text(pdf, number)
                subprocess.run(  # noqa: S603  fixed poppler command line on a PDF this command just wrote
                    [
                        pdftoppm,
                        "-png",
                        "-r",
                        str(options["resolution"]),
                        *page,
                        "-singlefile",
                        str(pdf),
                        str(out / name),
                    ],
                    check=True,
                )
                if options["pdf"]:
                    shutil.copy(pdf, out / pdf.name)
                self.stdout.write(f"{out / name}.png")
        for file_name, build_file in sample_files().items():
            (out / file_name).write_bytes(build_file())
            self.stdout.write(f"{out / file_name}")
        (out / TEXTS_FILE).write_text(json.dumps(texts, ensure_ascii=False, indent=1, sort_keys=True) + "\n", "utf-8")
        self.stdout.write(f"{out / TEXTS_FILE}")
