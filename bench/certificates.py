"""Certificate benchmark: the product's Giấy khen builders on one CPU core.

    .venv/bin/python bench/certificates.py [--count 10000] [--singles 400] [--weasy 40] [--rounds 3] [--out sample.pdf]

Certificates are generated here with varied names, units, kinds, achievement
lengths, serials and verification URLs (a seeded random generator), and
printed by the product's own functions in ``documents.certificate``:

* C: single certificates, each its own PDF (``build_certificate``), per second;
* W, the baseline: the same certificates rendered by WeasyPrint from
  equivalent HTML and CSS (the same font files, the same places in
  millimetres, the same QR code as an inline SVG from segno), in the same
  run; R = C / W;
* P, M, F: one print file of N certificates (``write_certificates``) built
  in a child process, which reports certificates per second; M is its peak
  resident memory (``VmHWM`` of the child's own address space), F the
  file's size.  It runs first, while the parent is still small.

The process (and so the child) is pinned to one core where the system allows
it.  The last line sums it up::

    certificates: C/s; vs WeasyPrint (W/s): R x; print N: P/s, M MB peak, F MB file
"""

from __future__ import annotations

import argparse
import html
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from printing.data import COLLECTIVE, HOUSEHOLD, INDIVIDUAL, CertificateData  # noqa: E402

FAMILY = ("Nguyễn", "Lê", "Trần", "Phạm", "Hoàng", "Vũ", "Đỗ", "Bùi", "Đặng", "Ngô", "Trịnh", "Mai", "Lương", "Hồ")
MIDDLE = ("Thị", "Văn", "Đức", "Thị Ngọc", "Quốc", "Thị Thu", "Hữu", "Minh", "Thị Hồng", "Xuân", "Đình", "Khắc")
GIVEN = ("Hường", "Thắng", "Tuấn", "Ánh", "Mạnh", "Lan", "Dũng", "Hằng", "Phượng", "Cường", "Yến", "Nghĩa", "Quỳnh")
UNITS = (
    "Tiểu khu Trang Các",
    "Tiểu khu 1",
    "Tiểu khu 2",
    "Tiểu khu Bắc Sơn",
    "Trường Tiểu học thị trấn Hà Trung",
    "Trường Mầm non thị trấn Hà Trung",
    "Trường Trung học cơ sở thị trấn Hà Trung",
    "Trạm Y tế thị trấn Hà Trung",
    "Hội Liên hiệp Phụ nữ thị trấn Hà Trung",
    "Đoàn Thanh niên Cộng sản Hồ Chí Minh thị trấn Hà Trung",
    "Hội Cựu chiến binh thị trấn Hà Trung",
)
POSITIONS = (
    "Giáo viên",
    "Trưởng tiểu khu",
    "Bí thư chi bộ",
    "Y sĩ",
    "Chi hội trưởng",
    "Công chức Văn phòng – Thống kê",
)
FIELDS = (
    "phong trào thi đua yêu nước năm 2023",
    "phong trào “Toàn dân chung sức xây dựng huyện Hà Trung đạt huyện nông thôn mới”",
    "phong trào “Xây dựng thị trấn chuẩn văn minh đô thị” năm 2023",
    "công tác phòng, chống tội phạm, tệ nạn ma túy, bảo đảm trật tự an toàn xã hội",
    "phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa ở khu dân cư” giai đoạn 2003 – 2023",
    "công tác dạy và học năm học 2022 – 2023",
)
EXTRAS = (
    "góp phần hoàn thành thắng lợi nhiệm vụ chính trị của địa phương",
    "là gương điển hình tiên tiến được nhân dân tin yêu",
    "tích cực vận động nhân dân hiến đất, góp công làm đường giao thông nông thôn",
    "hoàn thành xuất sắc nhiệm vụ được giao",
)
TOKEN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"  # noqa: S105  an alphabet for sample tokens, not a password


def varied(count: int, seed: int = 2023) -> Iterator[CertificateData]:
    """``count`` different certificates: three kinds, names of 2 to 5 words,
    units present or not, achievements of one to four clauses, each with its
    own serial and verification URL."""
    rng = random.Random(seed)
    for number in range(1, count + 1):
        kind = rng.choice((INDIVIDUAL, INDIVIDUAL, INDIVIDUAL, COLLECTIVE, HOUSEHOLD))
        person = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        if kind == INDIVIDUAL:
            awardee = f"{rng.choice(('Ông', 'Bà'))} {person}"
            unit = f"{rng.choice(POSITIONS)}, {rng.choice(UNITS)}"
        elif kind == COLLECTIVE:
            awardee = f"Tập thể {rng.choice(UNITS)}"
            unit = "Ủy ban nhân dân thị trấn Hà Trung"
        else:
            awardee = f"Hộ gia đình ông {person}"
            unit = f"{rng.choice(UNITS[:4])}, thị trấn Hà Trung"
        if rng.random() < 0.05:
            unit = ""
        clauses = [f"Đã có thành tích xuất sắc trong {rng.choice(FIELDS)}"]
        clauses += rng.sample(EXTRAS, rng.randint(0, 3))
        token = "".join(rng.choice(TOKEN_ALPHABET) for _ in range(12))
        yield CertificateData(
            kind=kind,
            authority_lines=("CHỦ TỊCH", "ỦY BAN NHÂN DÂN THỊ TRẤN HÀ TRUNG"),
            award_name="GIẤY KHEN",
            awardee=awardee,
            unit=unit,
            achievement=", ".join(clauses) + ".",
            decision_line="Quyết định số 15/QĐ-UBND ngày 20/12/2023",
            serial=f"Số sổ: 2023-{number:05d}",
            place_date="Hà Trung, ngày 20 tháng 12 năm 2023",
            signer_capacity_lines=("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
            signer_name="Trịnh Văn Cường",
            verify_url=f"https://thidua.hatrung.vn/v/{token}",
        )


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


# --- (a) single certificates ----------------------------------------------------------------


def time_singles(items: list[CertificateData]) -> tuple[float, int]:
    from printing.certificate import build_certificate

    build_certificate(items[0])  # fonts registered, caches warm: what a worker has after its first task
    size = 0
    started = time.perf_counter()
    for data in items:
        size += len(build_certificate(data))
    elapsed = time.perf_counter() - started
    return len(items) / elapsed, size // len(items)


# --- (b) the WeasyPrint baseline ------------------------------------------------------------


def _font_faces() -> str:
    from printing import fonts

    fontset = fonts.register_fonts()
    faces = []
    for path, weight, style in (
        (fontset.regular, "normal", "normal"),
        (fontset.bold, "bold", "normal"),
        (fontset.italic, "normal", "italic"),
        (fontset.bold_italic, "bold", "italic"),
    ):
        faces.append(
            f"@font-face {{ font-family: DocSerif; src: url('{path.as_uri()}'); "
            f"font-weight: {weight}; font-style: {style}; }}"
        )
    return "\n".join(faces)


def weasy_html(data: CertificateData, faces: str) -> str:
    """The certificate as HTML and CSS: the same places (mm) and sizes (pt) as the ReportLab layout."""
    import segno

    from printing.certificate import DEFAULT_POSITIONS, UNIT_LABELS

    e = html.escape

    def field(name: str, text: str, css: str = "") -> str:
        if not text:
            return ""
        p = DEFAULT_POSITIONS[name]
        return (
            f'<div class="f" style="left:{p.x_mm - p.width_mm / 2}mm; top:{p.y_mm - p.size_pt * 0.32}mm; '
            f'width:{p.width_mm}mm; font-size:{p.size_pt}pt; {css}">{e(text)}</div>'
        )

    qr = ""
    if data.verify_url:
        p = DEFAULT_POSITIONS["qr"]
        svg = segno.make(data.verify_url, error="m", mask=2, micro=False).svg_inline(scale=1, border=0)
        qr = (
            f'<div class="qr" style="left:{p.x_mm - p.width_mm / 2}mm; top:{p.y_mm - p.width_mm}mm; '
            f'width:{p.width_mm}mm; height:{p.width_mm}mm">{svg}</div>'
        )
    authority = "".join(
        f'<div class="f b" style="left:23.5mm; top:{37 + 6 * i}mm; width:250mm; font-size:14pt">{e(line)}</div>'
        for i, line in enumerate(data.authority_lines)
    )
    capacity = "".join(
        f'<div class="f b" style="left:155mm; top:{145.5 + 6 * i}mm; width:120mm; font-size:13pt">{e(line)}</div>'
        for i, line in enumerate(data.signer_capacity_lines)
    )
    unit = UNIT_LABELS[data.kind] + data.unit if data.unit else ""
    return f"""<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>
{faces}
@page {{ size: 297mm 210mm; margin: 0; }}
body {{ margin: 0; font-family: DocSerif; }}
.sheet {{ position: relative; width: 297mm; height: 210mm; }}
.frame {{ position: absolute; left: 7mm; top: 7mm; right: 7mm; bottom: 7mm; border: 2.4pt solid #9e1f14; }}
.inner {{ position: absolute; left: 9.5mm; top: 9.5mm; right: 9.5mm; bottom: 9.5mm; border: 0.8pt solid #c79a33; }}
.f {{ position: absolute; text-align: center; line-height: 1.2; }}
.b {{ font-weight: bold; }}
.i {{ font-style: italic; }}
.motto {{ text-decoration: underline; }}
.title {{ color: #b80f0f; font-weight: bold; }}
.qr {{ position: absolute; }} .qr svg {{ width: 100%; height: 100%; }}
</style></head><body><div class="sheet"><div class="frame"></div><div class="inner"></div>
<div class="f b" style="left:23.5mm; top:20mm; width:250mm; font-size:13pt">{e(data.national_name)}</div>
<div class="f b motto" style="left:23.5mm; top:26mm; width:250mm; font-size:14pt">{e(data.motto)}</div>
{authority}
<div class="f b" style="left:23.5mm; top:53mm; width:250mm; font-size:14pt">TẶNG</div>
<div class="f title" style="left:23.5mm; top:60mm; width:250mm; font-size:40pt">{e(data.award_name)}</div>
{field("awardee", data.awardee, "font-weight:bold")}
{field("unit", unit, "font-style:italic")}
{field("achievement", data.achievement)}
{field("decision_line", data.decision_line)}
{field("serial", data.serial)}
{field("place_date", data.place_date, "font-style:italic")}
{capacity}
{field("signer_name", data.signer_name, "font-weight:bold")}
{qr}
</div></body></html>"""


def time_weasyprint(items: list[CertificateData]) -> tuple[float, int]:
    import logging

    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    faces = _font_faces()
    weasyprint.HTML(string=weasy_html(items[0], faces)).write_pdf()  # warm up, as for ReportLab
    size = 0
    started = time.perf_counter()
    for data in items:
        size += len(weasyprint.HTML(string=weasy_html(data, faces)).write_pdf())
    elapsed = time.perf_counter() - started
    return len(items) / elapsed, size // len(items)


# --- (c) the print file, in a child process ------------------------------------------------------


def child_print(count: int, path: str) -> None:
    """Run in the child: build the print file, print one JSON line."""
    from printing.certificate import write_certificates

    started = time.perf_counter()
    with open(path, "wb") as out:
        pages = write_certificates(varied(count, seed=7), out)
    elapsed = time.perf_counter() - started
    sys.stdout.write(json.dumps({"pages": pages, "seconds": elapsed, "peak_kb": own_peak_kb()}) + "\n")


def own_peak_kb() -> int:
    """This process's peak resident memory since it was started.  ``VmHWM`` belongs
    to the program's own address space; ``ru_maxrss`` also counts the image
    forked from the parent before ``exec``, so it is only the fallback."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def run_print(count: int) -> dict[str, float]:
    folder = tempfile.mkdtemp(prefix="thidua-bench-certificates-")
    path = os.path.join(folder, "print.pdf")
    try:
        result = subprocess.run(
            [sys.executable, __file__, "--child-print", str(count), path],
            check=True,
            capture_output=True,
            text=True,
        )
        report = json.loads(result.stdout.strip().splitlines()[-1])
        size = os.path.getsize(path)
        import pypdf

        pages = len(pypdf.PdfReader(path).pages)
        if pages != count:
            raise SystemExit(f"the print file has {pages} pages for {count} certificates")
        return {
            "rate": report["pages"] / report["seconds"],
            "seconds": report["seconds"],
            "peak_mb": report["peak_kb"] / 1024,
            "file_mb": size / 1e6,
        }
    finally:
        for name in os.listdir(folder):
            os.remove(os.path.join(folder, name))
        os.rmdir(folder)


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--child-print":
        child_print(int(sys.argv[2]), sys.argv[3])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000, help="certificates in the print file (default 10000)")
    parser.add_argument("--singles", type=int, default=400, help="single certificates to time (default 400)")
    parser.add_argument("--weasy", type=int, default=40, help="certificates WeasyPrint renders (default 40)")
    parser.add_argument("--rounds", type=int, default=3, help="timing rounds of (a) and (b), best kept (default 3)")
    parser.add_argument("--out", type=Path, help="write one sample certificate PDF there")
    args = parser.parse_args()

    say(pin_to_one_core())
    # The print file first, while this process is small: the child starts as a fork of it.
    printed = run_print(args.count)
    say(
        f"print file of {args.count} (write_certificates, child process): {printed['seconds']:.1f} s, "
        f"{printed['rate']:.1f}/s, peak RSS {printed['peak_mb']:.1f} MB, file {printed['file_mb']:.1f} MB"
    )
    items = list(varied(max(args.singles, args.weasy), seed=2023))
    if args.out:
        from printing.certificate import build_certificate

        args.out.write_bytes(build_certificate(items[0]))
        say(f"sample certificate written to {args.out}")

    # Rounds alternate the two, and each keeps its best: other work on the machine slows a round down, never up.
    single_rate = weasy_rate = 0.0
    single_size = weasy_size = 0
    for number in range(1, args.rounds + 1):
        rate, single_size = time_singles(items[: args.singles])
        single_rate = max(single_rate, rate)
        say(f"round {number}: single certificates (build_certificate): {rate:.1f}/s over {args.singles}")
        rate, weasy_size = time_weasyprint(items[: args.weasy])
        weasy_rate = max(weasy_rate, rate)
        say(f"round {number}: WeasyPrint, same certificates from HTML+CSS: {rate:.1f}/s over {args.weasy}")
    say(f"single certificates, best of {args.rounds}: {single_rate:.1f}/s, {single_size / 1e3:.0f} kB each")
    say(f"WeasyPrint, best of {args.rounds}: {weasy_rate:.1f}/s, {weasy_size / 1e3:.0f} kB each")
    ratio = single_rate / weasy_rate
    say(f"ReportLab / WeasyPrint: {ratio:.1f}x")

    say(
        f"certificates: {single_rate:.1f}/s; vs WeasyPrint ({weasy_rate:.1f}/s): {ratio:.1f} x; "
        f"print {args.count}: {printed['rate']:.1f}/s, {printed['peak_mb']:.1f} MB peak, {printed['file_mb']:.1f} MB file"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
