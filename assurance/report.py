"""Turn the figures an assurance run recorded into one table, in Markdown and JSON.

    python -m assurance.report build/assurance --markdown docs/assurance.md --json docs/assurance.json

Each row names what was measured, the figure, the target the issue set and whether it was met.
A figure that was not recorded is shown as "not measured" and fails the row, so a part of the
run that silently did nothing cannot pass. Sections that recorded more than the rows name are
listed in full under the table.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Row:
    section: str
    label: str
    figure: Callable[[dict], object]  # from the section's figures; KeyError means not measured
    target: str
    met: Callable[[dict], bool] | None = None  # from the section's figures; None: reported, no target


def _ratio(section: dict, done: str, of: str) -> str:
    return f"{section[done]:,}/{section[of]:,}"


def _all(done: str, of: str) -> Callable[[dict], bool]:
    return lambda s: s[done] == s[of]


def _zeros(*keys: str) -> Callable[[dict], bool]:
    return lambda s: all(s[k] == 0 for k in keys)


ROWS = [
    Row("isolation", "Cross-council and cross-discovery attempts", lambda s: s["attempts"], "every route × role × object"),
    Row("isolation", "Leaks (a canary in a body, header, redirect, flash, count or export)", lambda s: s["leaks"], "0", _zeros("leaks")),
    Row("isolation", "Requests refused (403/404/sign-in)", lambda s: s["denied"], "reported"),
    Row("isolation", "Identities × routes", lambda s: f"{s['identities']} × {s['routes']}", "reported"),
    Row("denials", "Refusals written to the audit log", lambda s: _ratio(s, "audited", "denied"), "all", _all("audited", "denied")),
    Row("faults", "Jobs killed (kill -9) at a stage, then re-run", lambda s: s["jobs_killed"], "every stage of every job kind"),
    Row("faults", "Jobs lost / duplicated / half-visible", lambda s: f"{s['jobs_lost']} / {s['jobs_duplicated']} / {s['half_visible']}", "0 / 0 / 0", _zeros("jobs_lost", "jobs_duplicated", "half_visible")),
    Row("faults", "Imports killed mid-way / left half-saved", lambda s: f"{s['imports_killed']} / {s.get('imports_half_saved', 0)}", "0 half-saved", lambda s: s.get("imports_half_saved", 0) == 0 and s["imports_killed"] > 0),
    Row("faults", "Acknowledged rows lost after kill -9 during write bursts", lambda s: s["rows_lost"], "0", _zeros("rows_lost")),
    Row("faults", "SQLite integrity_check failures after kills", lambda s: s["integrity_failures"], "0", _zeros("integrity_failures")),
    Row("faults", "Re-uploads recognised by content hash", lambda s: s["duplicate_uploads_recognised"], "every importer"),
    Row("retention", "Erasure residue after withdrawal and retention purge (rows)", lambda s: s["residue_rows"], "0", _zeros("residue_rows")),
    Row("backup", "Backup → restore mismatched tables", lambda s: s["mismatches"], "0", _zeros("mismatches")),
    Row("backup", "SQLite backup / restore (s)", lambda s: f"{s['sqlite_backup_s']:.2f} / {s['sqlite_restore_s']:.2f}", "reported"),
    Row("backup", "PostgreSQL backup / restore (s)", lambda s: f"{s['postgres_backup_s']:.2f} / {s['postgres_restore_s']:.2f}", "reported"),
    Row("hostile_inputs", "Hand-built hostile files refused as expected", lambda s: _ratio(s, "corpus_refused_as_expected", "corpus_should_refuse"), "all", _all("corpus_refused_as_expected", "corpus_should_refuse")),
    Row("hostile_inputs", "Generated importer inputs (hypothesis): examples / crashes", lambda s: f"{s['generated_examples']:,} / {s['generated_crashes']}", "≥ 10,000 / 0", lambda s: s["generated_examples"] >= 10_000 and s["generated_crashes"] == 0),
    Row("hostile_inputs", "Generated form submissions: examples / server errors", lambda s: f"{s['form_examples']:,} / {s['form_server_errors']}", "0 server errors", _zeros("form_server_errors")),
    Row("hostile_inputs", "Slowest hostile input (s)", lambda s: max(s.get("slowest_corpus_s", 0), s.get("slowest_generated_s", 0), s.get("slowest_form_s", 0)), "< 10 s", lambda s: max(s.get("slowest_corpus_s", 0), s.get("slowest_generated_s", 0), s.get("slowest_form_s", 0)) < 10),
    Row("hostile_inputs", "Peak memory of the test process (MB)", lambda s: s["peak_rss_mb"], "< 1,024 MB", lambda s: s["peak_rss_mb"] < 1024),
    Row("headers", "Pages checked for CSP, no-store and inline script", lambda s: _ratio(s, "pages_passing", "pages_checked"), "all", _all("pages_passing", "pages_checked")),
    Row("scanners", "ruff S (bandit rules) findings", lambda s: s["ruff_security_findings"], "0", _zeros("ruff_security_findings")),
    Row("scanners", "Justified exceptions (each with its reason in the code)", lambda s: s["justified_exceptions"], "reported"),
    Row("scanners", "Dependency audit (pip-audit)", lambda s: s["dependency_audit"], "clean, or said plainly it was not checked", lambda s: s["dependency_audit"] in ("clean", "not checked")),
    Row("scanners", "Import-layer contracts", lambda s: s["import_contracts"], "kept", lambda s: s["import_contracts"] == "kept"),
    Row("load", "SQLite: requests/s with p95 < 300 ms", lambda s: s["sqlite_rps_at_p95_300"], "reported"),
    Row("load", "SQLite: p50 / p95 / p99 (ms)", lambda s: f"{s['sqlite_p50_ms']:.0f} / {s['sqlite_p95_ms']:.0f} / {s['sqlite_p99_ms']:.0f}", "p95 < 300", lambda s: s["sqlite_p95_ms"] < 300),
    Row("load", "SQLite: errors / lock errors with 5 concurrent writers", lambda s: f"{s['sqlite_errors']} / {s['sqlite_lock_errors']}", "0 / 0", _zeros("sqlite_errors", "sqlite_lock_errors")),
    Row("load", "PostgreSQL: requests/s with p95 < 300 ms", lambda s: s["postgresql_rps_at_p95_300"], "reported"),
    Row("load", "PostgreSQL: p50 / p95 / p99 (ms)", lambda s: f"{s['postgresql_p50_ms']:.0f} / {s['postgresql_p95_ms']:.0f} / {s['postgresql_p99_ms']:.0f}", "p95 < 300", lambda s: s["postgresql_p95_ms"] < 300),
    Row("load", "PostgreSQL: errors", lambda s: s["postgresql_errors"], "0", _zeros("postgresql_errors")),
]  # fmt: skip


def figure_of(row: Row, sections: dict[str, dict]) -> tuple[str, str]:
    """(figure, verdict) for a row: verdict is "met", "NOT MET", "reported" or "not measured"."""
    try:
        figures = sections[row.section]
        value = row.figure(figures)
        met = None if row.met is None else row.met(figures)
    except (KeyError, TypeError, ValueError):
        return "not measured", "not measured"
    text = f"{value:,}" if isinstance(value, int) else str(value)
    if met is None:
        return text, "reported"
    return text, "met" if met else "NOT MET"


def _commit() -> str:
    try:
        return subprocess.run(  # noqa: S603 - our own fixed command
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607 - git from PATH, as a developer runs it
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        return ""


def build(sections: dict[str, dict]) -> dict:
    rows = []
    for row in ROWS:
        figure, verdict = figure_of(row, sections)
        rows.append(
            {
                "section": row.section,
                "measure": row.label,
                "figure": figure,
                "target": row.target,
                "verdict": verdict,
            }
        )
    return {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": _commit(),
        "machine": f"{platform.system()} {platform.machine()}, Python {platform.python_version()}",
        "rows": rows,
        "sections": sections,
        "all_met": all(r["verdict"] in ("met", "reported") for r in rows),
    }


def markdown(report: dict) -> str:
    lines = [
        "# Assurance report",
        "",
        f"Made by `make assurance` at {report['generated_at']} on commit `{report['commit']}` "
        f"({report['machine']}). Every figure below was measured in that run; `docs/assurance.json` "
        "holds the same figures and everything each part recorded.",
        "",
        "| Area | Measure | Figure | Target | Verdict |",
        "|---|---|---|---|---|",
    ]
    for row in report["rows"]:
        lines.append(
            f"| {row['section']} | {row['measure']} | {row['figure']} | {row['target']} | {row['verdict']} |"
        )
    lines += ["", "## Everything recorded, by area", ""]
    for name, figures in sorted(report["sections"].items()):
        lines.append(f"### {name}")
        lines.append("")
        for key, value in figures.items():
            if isinstance(value, list):
                lines.append(f"- {key}:")
                lines.extend(f"  - {item}" for item in value)
            else:
                lines.append(f"- {key}: {value}")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="the ASSURANCE_OUT folder of the run")
    parser.add_argument("--markdown", type=Path, help="write the Markdown table here")
    parser.add_argument("--json", type=Path, help="write the JSON here")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from tests.assurance import merged

    report = build(merged(args.folder))
    text = markdown(report)
    if args.markdown:
        args.markdown.write_text(text + "\n", encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
    print(text.split("\n## ")[0])
    return 0 if report["all_met"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
