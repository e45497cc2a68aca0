"""ReportLab settings every builder relies on, applied once per process."""

from __future__ import annotations

from reportlab import rl_config

_done = False


def configure_reportlab() -> None:
    """Write streams as binary Flate data: ASCII85 makes every stream a quarter
    larger and costs a pure-Python encoding pass (nothing here needs 7-bit
    PDFs).  Idempotent."""
    global _done
    if _done:
        return
    rl_config.useA85 = 0
    _done = True
