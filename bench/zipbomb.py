"""Benchmark: refusing a zip-bomb spreadsheet before it is parsed.

Builds a real .xlsx (openpyxl) whose first sheet is replaced by R rows of one long inline cell
(default 200,000 rows: a few hundred KB that unzip to about 57 MB, the attack of issue 14), then
times, in the same run:

* the product's check (`common.uploads.spreadsheet_check`, what the bulk lines and the setup
  import call first): the archive's central directory is read, the unzipped size and the
  compression ratio are compared with the limits, and the file is refused;
* the baseline: what the bulk field did before, openpyxl in read-only mode counting the rows
  of the same file (nothing kept but the count).

Time is the best of N runs (the baseline runs once unless --repeat-baseline), timed without
tracing.  Memory: the peak of Python's allocations during the call (tracemalloc, in a run of its
own, since tracing slows openpyxl about five times; --no-trace-baseline skips that run).

    .venv/bin/python bench/zipbomb.py [--rows 200000] [--cell 270] [--repeat 5]

The last line is: zip bomb: Z KB -> U MB, R rows; refused in T ms (P MB peak); openpyxl: T2 ms
(P2 MB peak), N x
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def bomb(rows: int, cell: int) -> bytes:
    """A workbook openpyxl made, with its first sheet swapped for ``rows`` rows of one long cell
    (the rows carry no numbers, as the format allows, so the sheet deflates very well)."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["Họ và tên", "Thành tích"])
    plain = io.BytesIO()
    workbook.save(plain)
    row = b'<row><c t="inlineStr"><is><t>' + b"A" * cell + b"</t></is></c></row>"
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + row * rows
        + b"</sheetData></worksheet>"
    )
    out = io.BytesIO()
    with (
        zipfile.ZipFile(plain) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for info in source.infolist():
            data = sheet if info.filename == "xl/worksheets/sheet1.xml" else source.read(info)
            target.writestr(info.filename, data)
    return out.getvalue()


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Best time (s) of ``repeat`` runs, and the result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def traced_peak_mb(fn: Callable[[], Any]) -> float:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 1024 / 1024
    finally:
        tracemalloc.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--cell", type=int, default=250, help="characters in each row's cell")
    parser.add_argument("--repeat", type=int, default=5, help="best of N timings of the check")
    parser.add_argument("--repeat-baseline", type=int, default=1, help="best of N timings of openpyxl")
    parser.add_argument("--no-trace-baseline", dest="trace_baseline", action="store_false")
    args = parser.parse_args()

    import django

    django.setup()
    import openpyxl
    from django.core.exceptions import ValidationError

    from common import uploads

    data = bomb(args.rows, args.cell)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unzipped = sum(info.file_size for info in archive.infolist())

    def refusal() -> str:
        try:
            uploads.spreadsheet_check(data=data, name="danh-sach.xlsx")
        except ValidationError as exc:
            return exc.code or ""
        return "accepted"

    def openpyxl_rows() -> int:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            return sum(1 for _ in workbook.worksheets[0].iter_rows(values_only=True))
        finally:
            workbook.close()

    check_s, code = timed(refusal, args.repeat)
    check_mb = traced_peak_mb(refusal)
    base_s, counted = timed(openpyxl_rows, args.repeat_baseline)
    base_mb = traced_peak_mb(openpyxl_rows) if args.trace_baseline else float("nan")
    say(f"file: {len(data) / 1024:.0f} KB zipped, {unzipped / 1024 / 1024:.1f} MB unzipped, {args.rows} rows")
    say(
        "limits: "
        f"{uploads.limit('SPREADSHEET_MAX_BYTES') / 1024 / 1024:g} MB zipped, "
        f"{uploads.limit('SPREADSHEET_MAX_UNZIPPED_BYTES') / 1024 / 1024:g} MB unzipped, "
        f"ratio {uploads.limit('OFFICE_MAX_RATIO')}, {uploads.limit('SPREADSHEET_MAX_ROWS')} rows"
    )
    say(f"check (common.uploads.spreadsheet_check): {check_s * 1000:.2f} ms, {check_mb:.2f} MB peak -> {code}")
    say(
        f"baseline (openpyxl read-only, counting rows): {base_s * 1000:.0f} ms, {base_mb:.1f} MB peak -> {counted} rows"
    )
    say(
        f"zip bomb: {len(data) / 1024:.0f} KB -> {unzipped / 1024 / 1024:.0f} MB, {args.rows} rows; "
        f"refused in {check_s * 1000:.2f} ms ({check_mb:.2f} MB peak); "
        f"openpyxl: {base_s * 1000:.0f} ms ({base_mb:.1f} MB peak), {base_s / check_s:.0f} x"
    )


if __name__ == "__main__":
    main()
