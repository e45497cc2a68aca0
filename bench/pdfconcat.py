"""Print-file concatenation benchmark: the hand-written writer against pypdf and pikepdf.

    .venv/bin/python bench/pdfconcat.py [--count 10000] [--rounds 3] [--samples 0 249 250 5000 9999]

The print file of a decision is built as chunks of ``DEFAULT_CHUNK_PAGES``
certificates, each a small PDF of its own drawn by the product's canvas (the
static parts one form XObject per chunk, the font subsets embedded in every
chunk), and the chunks are joined into one PDF.  Here the chunks of
``printing.samples.certificates(N)`` are drawn once, exactly as
``write_certificates`` draws them (``printing.certificate.certificate_chunks``),
and kept on disk; then each tool joins the same chunks, read one at a time, in a
child process of its own (so that its memory is its own):

* hand-written: ``printing.pdfconcat.PdfConcatenator`` (the product; streams
  each chunk's objects to the file as it goes) — the baseline;
* pypdf: ``PdfWriter.append`` of each chunk, then ``write``; pypdf copies each
  chunk's fonts and form once per chunk;
* pypdf + dedup: the same, with ``compress_identical_objects()`` before
  ``write`` (identical objects across chunks, i.e. the font subsets and the
  forms, kept once);
* pikepdf: ``Pdf.new()``, ``pages.extend`` of each chunk (kept open until the
  save, as qpdf copies streams lazily), ``save`` with object streams
  (``ObjectStreamMode.generate``).

For each: T, the wall time of joining (best of ``--rounds``, the tools
alternating); M, the child's peak resident memory (the largest of ``VmHWM``
and psutil's RSS sampled every 5 ms in a thread), and D, how much of it the
joining added over the child's resident set before it began; S, the output's
size.  Each output is then opened with pypdf: it must have N pages and, on the
sampled pages, the same text as the hand-written file's, with the certificate's
own serial.  The last line sums it up::

    pdfconcat: N pages; hand-written T s, M MB peak, S MB; pypdf ...; pypdf+dedup ...; pikepdf ...
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TOOLS = ("hand-written", "pypdf", "pypdf+dedup", "pikepdf")


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def pin_to_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        try:
            core = min(os.sched_getaffinity(0))
            os.sched_setaffinity(0, {core})
            return f"pinned to core {core}"
        except OSError as exc:
            return f"not pinned ({exc})"
    return "not pinned (no sched_setaffinity here)"


# --- the chunks, drawn by the product -----------------------------------------------------------


def build_chunks(count: int, folder: Path) -> tuple[list[Path], float]:
    from printing import samples
    from printing.certificate import certificate_chunks

    started = time.perf_counter()
    paths = []
    for number, chunk in enumerate(certificate_chunks(samples.certificates(count))):
        path = folder / f"chunk-{number:04d}.pdf"
        path.write_bytes(chunk)
        paths.append(path)
    return paths, time.perf_counter() - started


# --- the joining, in a child process --------------------------------------------------------------


class PeakSampler:
    """The process's resident set, sampled every 5 ms; ``VmHWM`` where Linux has it."""

    def __init__(self) -> None:
        import psutil

        self.process = psutil.Process()
        self.start = self.peak = self.process.memory_info().rss
        self.running = True
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while self.running:
            self.peak = max(self.peak, self.process.memory_info().rss)
            time.sleep(0.005)

    def stop(self) -> int:
        self.running = False
        self.thread.join()
        self.peak = max(self.peak, self.process.memory_info().rss, vm_hwm())
        return self.peak


def vm_hwm() -> int:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def join_hand_written(chunks: list[Path], out: Path) -> int:
    from printing.pdfconcat import PdfConcatenator

    with open(out, "wb") as handle:
        joined = PdfConcatenator(handle, title="Giấy khen", producer="ReportLab")
        pages = sum(joined.append(path.read_bytes()) for path in chunks)
        joined.close()
    return pages


def join_pypdf(chunks: list[Path], out: Path, *, dedup: bool) -> int:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for path in chunks:
        writer.append(str(path))
    if dedup:
        writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    writer.add_metadata({"/Title": "Giấy khen", "/Producer": "pypdf"})
    with open(out, "wb") as handle:
        writer.write(handle)
    return len(writer.pages)


def join_pikepdf(chunks: list[Path], out: Path) -> int:
    import pikepdf

    result = pikepdf.Pdf.new()
    sources = []
    for path in chunks:
        source = pikepdf.open(path)
        sources.append(source)
        result.pages.extend(source.pages)
    result.docinfo["/Title"] = "Giấy khen"
    result.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    pages = len(result.pages)
    for source in sources:
        source.close()
    return pages


def child_join(tool: str, folder: Path, out: Path) -> None:
    """Run in the child: join the chunks with ``tool``, print one JSON line."""
    chunks = sorted(folder.glob("chunk-*.pdf"))
    # Imports first, so that the memory figure is the joining's, not the library's.
    if tool == "hand-written":
        import printing.pdfconcat  # noqa: F401
    elif tool.startswith("pypdf"):
        import pypdf  # noqa: F401
    else:
        import pikepdf  # noqa: F401
    sampler = PeakSampler()
    started = time.perf_counter()
    if tool == "hand-written":
        pages = join_hand_written(chunks, out)
    elif tool == "pypdf":
        pages = join_pypdf(chunks, out, dedup=False)
    elif tool == "pypdf+dedup":
        pages = join_pypdf(chunks, out, dedup=True)
    else:
        pages = join_pikepdf(chunks, out)
    seconds = time.perf_counter() - started
    peak = sampler.stop()
    sys.stdout.write(json.dumps({"pages": pages, "seconds": seconds, "peak": peak, "start": sampler.start}) + "\n")


def run_join(tool: str, folder: Path, out: Path) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, __file__, "--child-join", tool, str(folder), str(out)],
        check=False,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise SystemExit(f"{tool} failed:\n{result.stderr}")
    report = json.loads(result.stdout.strip().splitlines()[-1])
    return {
        "pages": report["pages"],
        "seconds": report["seconds"],
        "peak_mb": report["peak"] / 2**20,
        "added_mb": (report["peak"] - report["start"]) / 2**20,
        "size_mb": out.stat().st_size / 1e6,
    }


# --- the check ------------------------------------------------------------------------------------


def page_texts(path: Path, numbers: list[int]) -> tuple[int, dict[int, str]]:
    import pypdf

    reader = pypdf.PdfReader(path)
    return len(reader.pages), {n: reader.pages[n].extract_text() for n in numbers}


def check(path: Path, count: int, numbers: list[int], expected: dict[int, str], serials: dict[int, str]) -> str:
    pages, texts = page_texts(path, numbers)
    if pages != count:
        raise SystemExit(f"{path.name}: {pages} pages for {count} certificates")
    for n in numbers:
        if serials[n] not in texts[n]:
            raise SystemExit(f"{path.name}: page {n + 1} lacks its serial {serials[n]!r}")
        if texts[n] != expected[n]:
            raise SystemExit(f"{path.name}: page {n + 1} text differs from the hand-written file's")
    return f"{pages} pages, sampled pages {[n + 1 for n in numbers]} same text"


def main() -> int:
    if len(sys.argv) == 5 and sys.argv[1] == "--child-join":
        child_join(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000, help="certificates in the print file (default 10000)")
    parser.add_argument("--rounds", type=int, default=3, help="timing rounds, best time kept (default 3)")
    parser.add_argument(
        "--samples", type=int, nargs="*", default=[0, 249, 250, 5000, 9999], help="0-based pages whose text is compared"
    )
    args = parser.parse_args()
    numbers = sorted({n for n in args.samples if 0 <= n < args.count} | {args.count - 1})

    import pikepdf
    import pypdf
    import reportlab

    say(pin_to_one_core())
    say(
        f"Python {sys.version.split()[0]}, ReportLab {reportlab.Version}, pypdf {pypdf.__version__}, pikepdf {pikepdf.__version__} (qpdf {pikepdf.__libqpdf_version__})"
    )
    folder = Path(tempfile.mkdtemp(prefix="thidua-bench-pdfconcat-"))
    try:
        chunk_folder = folder / "chunks"
        chunk_folder.mkdir()
        chunks, drawn = build_chunks(args.count, chunk_folder)
        total = sum(path.stat().st_size for path in chunks) / 1e6
        say(f"chunks: {len(chunks)} PDFs of up to 250 certificates drawn in {drawn:.1f} s, {total:.1f} MB in all")

        from printing import samples

        serials = {n: item.serial for n, item in enumerate(samples.certificates(args.count)) if n in numbers}

        best: dict[str, dict[str, float]] = {}
        for number in range(1, args.rounds + 1):
            for tool in TOOLS:
                figures = run_join(tool, chunk_folder, folder / f"{tool}.pdf")
                if figures["pages"] != args.count:
                    raise SystemExit(f"{tool}: {figures['pages']} pages for {args.count}")
                say(
                    f"round {number}: {tool}: {figures['seconds']:.2f} s, peak RSS {figures['peak_mb']:.1f} MB "
                    f"(+{figures['added_mb']:.1f} MB), {figures['size_mb']:.1f} MB"
                )
                kept = best.get(tool)
                if kept is None:
                    best[tool] = figures
                else:
                    kept["seconds"] = min(kept["seconds"], figures["seconds"])
                    kept["peak_mb"] = max(kept["peak_mb"], figures["peak_mb"])
                    kept["added_mb"] = max(kept["added_mb"], figures["added_mb"])

        _pages, expected = page_texts(folder / "hand-written.pdf", numbers)
        for tool in TOOLS:
            say(f"check {tool}: {check(folder / f'{tool}.pdf', args.count, numbers, expected, serials)}")

        base = best["hand-written"]
        say("")
        say(
            f"| tool | join time (best of {args.rounds}) | vs hand-written | peak RSS (most of {args.rounds}) | added by joining | output |"
        )
        say("| --- | --- | --- | --- | --- | --- |")
        for tool in TOOLS:
            f = best[tool]
            say(
                f"| {tool} | {f['seconds']:.2f} s | {f['seconds'] / base['seconds']:.1f} x | {f['peak_mb']:.1f} MB "
                f"| {f['added_mb']:.1f} MB | {f['size_mb']:.1f} MB |"
            )
        say("")
        say(
            f"pdfconcat: {args.count} pages; "
            + "; ".join(
                f"{tool} {best[tool]['seconds']:.2f} s, {best[tool]['peak_mb']:.0f} MB peak, {best[tool]['size_mb']:.1f} MB"
                for tool in TOOLS
            )
        )
    finally:
        shutil.rmtree(folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
