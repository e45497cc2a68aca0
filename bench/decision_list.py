"""Benchmark: the list attached to a decision (Danh sách kèm theo), 1,000 and
10,000 rows, on one CPU core.

    .venv/bin/python bench/decision_list.py [--rows 1000 10000] [--naive 1000] [--repeat 3]

The rows are what the selector gives for a decision (name, position and unit,
form, money, the achievement printed under each row), generated with varied
names, units and achievements by ``documents.samples``; the product's
``build_decision_list`` lays them out.  The baseline is the plain way: one
ReportLab Table of all the rows with Paragraph cells and ``repeatRows=1``,
for ``--naive`` rows only (its cost grows with the square of the rows).

The last line is: decision list: 10000 rows in T s; 1000 rows in T2 s
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def naive_list(doc) -> bytes:  # type: ignore[no-untyped-def]
    """One Table of every row, Paragraph cells, the heading repeated by ReportLab."""
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    from printing.decision import LIST_COLUMNS
    from printing.layout import markup, styles

    cell = styles()["cell"]
    data = [[Paragraph(markup(c.title), styles()["cell_head"]) for c in LIST_COLUMNS]]
    for row in doc.rows:
        data.append(
            [
                str(row.number),
                Paragraph(markup(row.name), cell),
                Paragraph(markup(row.position_unit), cell),
                Paragraph(markup(row.form), cell),
                row.amount_text,
            ]
        )
        data.append(["", Paragraph(markup("Thành tích: " + row.achievement), styles()["cell_italic"]), "", "", ""])
    spans = [("SPAN", (1, i), (-1, i)) for i in range(2, len(data), 2)]
    table = Table(
        data,
        colWidths=[c.width for c in LIST_COLUMNS],
        repeatRows=1,
        style=TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"), *spans]),
    )
    out = io.BytesIO()
    SimpleDocTemplate(out, leftMargin=30 * mm, rightMargin=15 * mm, topMargin=20 * mm, bottomMargin=20 * mm).build(
        [table]
    )
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--naive", type=int, default=1000, help="rows for the one-Table baseline (0: skip)")
    parser.add_argument("--repeat", type=int, default=3, help="best of N timings")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    import django

    django.setup()
    import pypdf

    from printing import samples
    from printing.decision import build_decision_list

    build_decision_list(samples.decision(5))  # fonts registered, as in a worker after its first task
    timings: dict[int, float] = {}
    for count in args.rows:
        doc = samples.decision(count)
        best, pdf = float("inf"), b""
        for _ in range(args.repeat):
            started = time.perf_counter()
            pdf = build_decision_list(doc)
            best = min(best, time.perf_counter() - started)
        pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
        timings[count] = best
        say(
            f"build_decision_list, {count} rows with achievements: {best:.2f} s, {pages} pages, {len(pdf) / 1e6:.1f} MB"
        )
    if len(timings) >= 2:
        small, large = min(timings), max(timings)
        say(f"{large} rows cost {timings[large] / timings[small]:.1f}x {small} rows")
    if args.naive:
        doc = samples.decision(args.naive)
        started = time.perf_counter()
        pdf = naive_list(doc)
        naive = time.perf_counter() - started
        pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
        say(
            f"baseline, one ReportLab Table of {args.naive} rows (Paragraph cells, repeatRows=1): {naive:.2f} s, {pages} pages"
        )
    large = max(timings)
    small = min(timings)
    say(f"decision list: {large} rows in {timings[large]:.2f} s; {small} rows in {timings[small]:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
