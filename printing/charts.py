"""Charts as SVG markup, drawn on the server: horizontal bars (one value per label) and stacked
bars (several series per label, with a legend).  Plain Python, no Django: the pages put the
returned markup inline, so a chart needs no script and no file from elsewhere, prints with the
page and reads the same on a phone (the width follows the page, the text stays its size).

Every text is escaped here; colours are SVG presentation attributes (``fill``), which the
Content-Security-Policy's style rules do not touch.  Each chart is ``role="img"`` with a
``<title>`` and, for screen readers and print, the numbers are also drawn as text."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

#: a palette that stays distinct in grey print (dark to light) and for the common colour blindnesses
PALETTE = ("#1f4e79", "#c0504d", "#9bbb59", "#f79646", "#8064a2", "#4bacc6", "#7f7f7f")
ROW = 26
BAR = 18
LABEL_WIDTH = 230
VALUE_WIDTH = 60
WIDTH = 720
FONT = 'font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif" font-size="13"'


@dataclass(frozen=True)
class Series:
    name: str
    colour: str


def _text(value: str) -> str:
    return escape(unicodedata.normalize("NFC", str(value)))


def _label(value: str, most: int = 34) -> str:
    """A label cut to fit its column (the full text stays in the bar's ``<title>``)."""
    value = unicodedata.normalize("NFC", str(value))
    return value if len(value) <= most else value[: most - 1] + "…"


def _number(value: int) -> str:
    """12345 -> "12.345" (Vietnamese grouping)."""
    return f"{value:,}".replace(",", ".")


def _open(title: str, height: int) -> list[str]:
    title = str(title)  # a lazily translated title too
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" aria-label={quoteattr(unicodedata.normalize("NFC", title))}>',
        f"<title>{_text(title)}</title>",
    ]


def bar_chart(title: str, bars: Sequence[tuple[str, int]], *, colour: str = PALETTE[0]) -> str:
    """One horizontal bar per (label, value), the longest bar the largest value."""
    if not bars:
        return ""
    top = max(max(value for _label_, value in bars), 1)
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = ROW * len(bars) + 8
    parts = _open(title, height)
    for index, (label, value) in enumerate(bars):
        y = 4 + index * ROW
        length = round(span * max(value, 0) / top)
        parts.append(
            f'<g class="bar"><title>{_text(label)}: {_number(value)}</title>'
            f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR - 4}" text-anchor="end" {FONT}>{_text(_label(label))}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR}" fill="{colour}"/>'
            f'<text x="{LABEL_WIDTH + length + 6}" y="{y + BAR - 4}" {FONT}>{_number(value)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def stacked_bar_chart(title: str, series: Sequence[Series], rows: Sequence[tuple[str, Sequence[int]]]) -> str:
    """One bar per (label, values), the values of ``series`` stacked left to right, with a legend
    above; every bar is on the same scale (the largest row total)."""
    if not rows:
        return ""
    for label, values in rows:
        if len(values) != len(series):
            raise ValueError(f"{label!r} has {len(values)} values for {len(series)} series")
    top = max(max(sum(values) for _label_, values in rows), 1)
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    # the legend from the left edge, wrapped onto as many lines as its names need
    legend_parts: list[str] = []
    x, line = 0, 0
    for item in series:
        width = 24 + 7.5 * len(str(item.name))
        if x and x + width > WIDTH:
            x, line = 0, line + 1
        y = 4 + line * 20
        legend_parts.append(
            f'<rect x="{x}" y="{y}" width="12" height="12" fill="{item.colour}"/>'
            f'<text x="{x + 16}" y="{y + 11}" {FONT}>{_text(item.name)}</text>'
        )
        x += round(width)
    legend = 24 + line * 20
    height = legend + ROW * len(rows) + 8
    parts = _open(title, height) + legend_parts
    for index, (label, values) in enumerate(rows):
        y = legend + 4 + index * ROW
        parts.append(f'<g class="bar"><title>{_text(label)}: ')
        parts.append(
            ", ".join(f"{_text(item.name)} {_number(value)}" for item, value in zip(series, values, strict=True))
        )
        parts.append(
            f'</title><text x="{LABEL_WIDTH - 8}" y="{y + BAR - 4}" text-anchor="end" {FONT}>{_text(_label(label))}</text>'
        )
        pos = float(LABEL_WIDTH)
        for item, value in zip(series, values, strict=True):
            if value <= 0:
                continue
            length = span * value / top
            parts.append(
                f'<rect x="{pos:.1f}" y="{y}" width="{length:.1f}" height="{BAR}" fill="{item.colour}">'
                f"<title>{_text(item.name)}: {_number(value)}</title></rect>"
            )
            pos += length
        parts.append(f'<text x="{pos + 6:.1f}" y="{y + BAR - 4}" {FONT}>{_number(sum(values))}</text></g>')
    parts.append("</svg>")
    return "".join(parts)
