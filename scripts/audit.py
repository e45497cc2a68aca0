"""Audit the hashed lock files for known vulnerabilities (OWASP ASVS 14: supply chain).

Usage: .venv/bin/python scripts/audit.py [extra pip-audit options, e.g. -s osv]

Runs pip-audit on requirements.txt and requirements-dev.txt exactly as locked (hashes,
no resolving, no pip) and decides:
  * a known vulnerability in a pinned package  -> prints it, exit 1 (the CI run fails);
  * the vulnerability service cannot be reached (no network, DNS, timeout, HTTP 5xx,
    or every package "not found" because only part of the index API is reachable)
                                              -> prints ONE line saying so, exit 0;
  * any other pip-audit failure (a hash or parse error in a lock)  -> its output, exit 1.

A vulnerability is fixed by raising the pin within its range in the .in file and
re-compiling (README "Updating dependencies"). Only when no fixed release exists inside
the range add its ID to IGNORED below, with a comment saying why.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCKS = ["requirements.txt", "requirements-dev.txt"]

# Vulnerability IDs accepted for now, each with the reason (none at present).
IGNORED: dict[str, str] = {}

# What an unreachable service looks like in pip-audit's stderr (requests/urllib3 errors).
NETWORK_ERROR = re.compile(
    r"ConnectionError|NameResolutionError|Failed to resolve|Name or service not known|"
    r"Temporary failure in name resolution|Max retries exceeded|Connection refused|"
    r"Network is unreachable|timed out|Timeout|\b5\d\d Server Error\b",
    re.IGNORECASE,
)
NOT_FOUND = "not found on PyPI"


def say(text: str, *, error: bool = False) -> None:
    (sys.stderr if error else sys.stdout).write(f"{text}\n")


def pip_audit_command(output: Path, extra: list[str]) -> list[str]:
    exe = Path(sys.executable).parent / "pip-audit"
    cmd = [str(exe) if exe.exists() else "pip-audit"]
    for lock in LOCKS:
        cmd += ["-r", str(ROOT / lock)]
    cmd += ["--require-hashes", "--disable-pip", "--progress-spinner", "off", "-f", "json", "-o", str(output)]
    for vuln_id in IGNORED:
        cmd += ["--ignore-vuln", vuln_id]
    return cmd + extra


def main(extra: list[str]) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp) / "audit.json"
        proc = subprocess.run(pip_audit_command(output, extra), capture_output=True, text=True, check=False, cwd=ROOT)
        report = json.loads(output.read_text()) if output.exists() and output.stat().st_size else None

    stderr = "\n".join(line for line in proc.stderr.splitlines() if "is ignored: it is neither" not in line)
    if report is None:
        reasons = [line.strip() for line in stderr.splitlines() if NETWORK_ERROR.search(line)]
        if reasons:
            say(f"pip-audit: vulnerability service not reachable from here, audit skipped ({reasons[-1][:160]})")
            return 0
        say((stderr or proc.stdout).rstrip(), error=True)
        say(f"pip-audit failed (exit {proc.returncode}) without a report", error=True)
        return proc.returncode or 1

    deps = report.get("dependencies", [])
    vulnerable = [d for d in deps if d.get("vulns")]
    skipped = [d for d in deps if "skip_reason" in d]
    if vulnerable:
        for dep in vulnerable:
            for vuln in dep["vulns"]:
                fixes = ", ".join(vuln.get("fix_versions") or []) or "no fixed release"
                say(f"VULNERABLE {dep['name']}=={dep['version']}: {vuln['id']} (fixed in: {fixes})")
        say(f"pip-audit: {len(vulnerable)} locked package(s) with known vulnerabilities", error=True)
        return 1
    if proc.returncode != 0:
        say(stderr.rstrip(), error=True)
        say(f"pip-audit failed (exit {proc.returncode})", error=True)
        return proc.returncode
    not_found = [d for d in skipped if NOT_FOUND in d.get("skip_reason", "")]
    if deps and len(not_found) == len(deps):
        # Every lookup 404s: the package index answers here, but not its per-release JSON
        # API that carries the vulnerabilities. An audit that looked at nothing is no pass.
        say(
            f"pip-audit: vulnerability service not reachable from here ({len(deps)} packages could not be looked up), audit skipped"
        )
        return 0
    audited = len(deps) - len(skipped)
    note = f"; not audited: {', '.join(d['name'] for d in skipped)}" if skipped else ""
    say(f"pip-audit: no known vulnerabilities in {audited} locked packages{note}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
