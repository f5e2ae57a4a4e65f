"""Run the static scanners and record what they found, for the assurance report.

* ruff's ``S`` rules (bandit's checks) over the whole tree: findings must be 0. Lines where a
  rule is knowingly set aside carry ``# noqa: Sxxx - reason``; they are counted and listed, so
  every exception has its written justification in the code beside it.
* import-linter's layer contracts (``nlp`` stays free of Flask and the database, and so on).

    python -m assurance.scanners      # exit 1 when either scanner finds something
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
JUSTIFIED = re.compile(r"#\s*noqa:\s*(S\d{3})\s*-\s*(.+)$")
SOURCE_FOLDERS = ("discovery", "research_notes", "nlp", "assurance", "bench", "tests")


def ruff_security_findings() -> list[dict]:
    completed = subprocess.run(  # noqa: S603 - our own fixed command
        [str(BIN / "ruff"), "check", "--select", "S", "--output-format", "json", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return json.loads(completed.stdout or "[]")


def justified_exceptions() -> list[tuple[str, int, str, str]]:
    """(file, line, rule, reason) for every ``# noqa: Sxxx - reason`` in the source."""
    found = []
    for folder in SOURCE_FOLDERS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if match := JUSTIFIED.search(line):
                    found.append(
                        (str(path.relative_to(ROOT)), number, match.group(1), match.group(2).strip())
                    )
    return found


def folder_exceptions() -> dict[str, list[str]]:
    """The security rules pyproject.toml sets aside for whole folders (tests, benchmarks)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    ignores = config["tool"]["ruff"]["lint"].get("per-file-ignores", {})
    security = {pattern: [r for r in rules if r.startswith("S")] for pattern, rules in ignores.items()}
    return {pattern: rules for pattern, rules in security.items() if rules}


def import_contracts_kept() -> bool:
    completed = subprocess.run([str(BIN / "lint-imports")], cwd=ROOT, capture_output=True, text=True)  # noqa: S603 - our own fixed command
    return completed.returncode == 0


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from tests import assurance

    findings = ruff_security_findings()
    exceptions = justified_exceptions()
    contracts = import_contracts_kept()
    for finding in findings:
        print(f"{finding['filename']}:{finding['location']['row']}: {finding['code']} {finding['message']}")
    print(
        f"ruff S (bandit rules): {len(findings)} findings, {len(exceptions)} justified exceptions in the code"
    )
    for path, line, rule, reason in exceptions:
        print(f"  {path}:{line} {rule} — {reason}")
    print(f"import-linter contracts: {'kept' if contracts else 'BROKEN'}")
    folders = folder_exceptions()
    for pattern, rules in folders.items():
        print(f"  set aside for {pattern}: {', '.join(rules)} (pyproject.toml says why)")
    assurance.record(
        "scanners",
        ruff_security_findings=len(findings),
        justified_exceptions=len(exceptions),
        justified_list=[f"{p}:{n} {r} — {why}" for p, n, r, why in exceptions],
        import_contracts="kept" if contracts else "broken",
        folder_exceptions=folders,
    )
    return 0 if not findings and contracts else 1


if __name__ == "__main__":
    raise SystemExit(main())
