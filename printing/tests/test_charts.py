"""The SVG charts: well-formed XML, one bar per row, every text escaped, bars on one scale."""

from __future__ import annotations

import defusedxml.ElementTree as ET
import pytest

from printing.charts import Series, bar_chart, stacked_bar_chart

SVG = "{http://www.w3.org/2000/svg}"


def test_bar_chart_draws_a_bar_per_label_on_one_scale() -> None:
    svg = bar_chart("Dòng theo hình thức", [("Lao động tiên tiến", 40), ("Giấy khen <&>", 10), ("Không", 0)])
    root = ET.fromstring(svg)  # noqa: S314
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Dòng theo hình thức"
    widths = [float(rect.get("width")) for rect in root.iter(f"{SVG}rect")]
    assert len(widths) == 3
    assert widths[0] == pytest.approx(4 * widths[1], abs=2)  # whole pixels
    assert widths[2] == 0
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert "Giấy khen <&>" in texts, "the label survives, escaped in the markup"
    assert "<&>" not in svg
    assert "40" in texts


def test_numbers_are_grouped_the_vietnamese_way() -> None:
    texts = [t.text for t in ET.fromstring(bar_chart("Tổng", [("Hộ gia đình", 12345)])).iter(f"{SVG}text")]  # noqa: S314
    assert "12.345" in texts


def test_stacked_bars_stack_each_series_and_keep_the_totals() -> None:
    series = [Series("Đã gửi", "#111111"), Series("Trả lại", "#222222")]
    svg = stacked_bar_chart("Hồ sơ", series, [("Tiểu khu Trang Các", [3, 1]), ("Trường Mầm non", [0, 2])])
    root = ET.fromstring(svg)  # noqa: S314
    bars = [rect for rect in root.iter(f"{SVG}rect") if rect.find(f"{SVG}title") is not None]
    assert [rect.get("fill") for rect in bars] == ["#111111", "#222222", "#222222"]
    first, second, third = (float(rect.get("width")) for rect in bars)
    assert first == pytest.approx(3 * second)
    assert third == pytest.approx(2 * second)
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert "4" in texts and "2" in texts  # noqa: PT018 - the two rows' totals
    with pytest.raises(ValueError, match="2 series"):
        stacked_bar_chart("Hồ sơ", series, [("Thôn Đông", [1])])


def test_no_rows_no_chart() -> None:
    assert bar_chart("Trống", []) == ""
    assert stacked_bar_chart("Trống", [Series("A", "#000000")], []) == ""
