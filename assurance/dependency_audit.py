"""Audit the installed packages for known vulnerabilities, and say plainly when that was not possible.

``pip-audit`` prints "No known vulnerabilities found" even when it could not look a single
package up (every one skipped, as on a machine that reaches a package mirror but not PyPI's
JSON API or OSV). So before trusting its answer this asks it about a canary: ``jinja2==2.10``,
which has published advisories. If the canary comes back clean, the advisory data was not
reached and the audit says **not checked** — never "no known vulnerabilities".

    python -m assurance.dependency_audit            # prints the verdict; exit 0 unless vulnerable
    python -m assurance.dependency_audit --strict   # also exit 2 when the audit could not be done

Exit codes: 0 clean (or not checked, without --strict), 1 vulnerabilities found, 2 not checked
(--strict only).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

CANARY = "jinja2==2.10"


@dataclass
class Verdict:
    status: str  # "clean", "vulnerable" or "not checked"
    audited: int = 0
    skipped: int = 0
    vulnerable: list[str] = field(default_factory=list)
    reason: str = ""

    def sentence(self) -> str:
        if self.status == "not checked":
            return (
                f"Dependency audit NOT DONE: {self.reason}. {self.skipped} installed packages were not "
                "checked. This is not a clean result; run it where PyPI or OSV can be reached."
            )
        if self.status == "vulnerable":
            return f"Dependency audit: {len(self.vulnerable)} known vulnerabilities: " + "; ".join(
                self.vulnerable
            )
        return (
            f"Dependency audit: {self.audited} packages checked against advisory data, "
            "no known vulnerabilities."
        )


def _pip_audit(*args: str) -> dict:
    """pip-audit's JSON report; {} when it failed outright (its stderr is passed on)."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "report.json"
        command = [
            sys.executable,
            "-m",
            "pip_audit",
            "--progress-spinner",
            "off",
            "-f",
            "json",
            "-o",
            str(out),
        ]
        completed = subprocess.run([*command, *args], capture_output=True, text=True, timeout=600)  # noqa: S603 - our own fixed command
        if not out.exists():
            sys.stderr.write(completed.stderr[-2000:])
            return {}
        return json.loads(out.read_text(encoding="utf-8"))


def _canary_seen() -> bool:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as requirements:
        requirements.write(CANARY + "\n")
    try:
        report = _pip_audit("--no-deps", "--disable-pip", "-r", requirements.name)
    finally:
        Path(requirements.name).unlink()
    return any(dep.get("vulns") for dep in report.get("dependencies", []))


def audit() -> Verdict:
    if not _canary_seen():
        return Verdict(
            "not checked",
            skipped=len({d.metadata["Name"].lower() for d in metadata.distributions()}),
            reason=f"the advisory data could not be reached (the canary {CANARY}, which has published "
            "advisories, came back clean)",
        )
    report = _pip_audit()
    dependencies = report.get("dependencies", [])
    skipped = [dep for dep in dependencies if "skip_reason" in dep]
    found = [
        f"{dep['name']} {dep['version']}: {vuln['id']}"
        + (f" (fixed in {', '.join(vuln['fix_versions'])})" if vuln.get("fix_versions") else "")
        for dep in dependencies
        for vuln in dep.get("vulns", [])
    ]
    audited = len(dependencies) - len(skipped)
    if found:
        return Verdict("vulnerable", audited=audited, skipped=len(skipped), vulnerable=found)
    return Verdict("clean", audited=audited, skipped=len(skipped))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--strict", action="store_true", help="exit 2 when the audit could not be done")
    args = parser.parse_args(argv)
    verdict = audit()
    print(verdict.sentence())
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests import assurance

    assurance.record(
        "scanners",
        dependency_audit=verdict.status,
        dependency_audit_detail=verdict.sentence(),
        vulnerabilities=len(verdict.vulnerable),
    )
    if verdict.status == "vulnerable":
        return 1
    return 2 if args.strict and verdict.status == "not checked" else 0


if __name__ == "__main__":
    raise SystemExit(main())
