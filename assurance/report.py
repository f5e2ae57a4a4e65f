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
    Row("isolation", "Attempts: other discovery, non-member admins, signed out, swapped ids, search", lambda s: s["attempts_outside"], "every route × role × object set"),
    Row("isolation", "Attempts: other councils in the same joint discovery (reads)", lambda s: s["attempts_between_councils"], "every GET route × object set"),
    Row("isolation", "Leaks (a canary in a body, header, redirect, flash, count or export)", lambda s: s["leaks"], "0", _zeros("leaks")),
    Row("isolation", "Wrong statuses / tables changed by refused writes", lambda s: f"{s['wrong_status']} / {s['tables_changed']}", "0 / 0", _zeros("wrong_status", "tables_changed")),
    Row("isolation", "Identities × route methods", lambda s: f"{s['identities']} × {s['routes']}", "reported"),
    Row("denials", "Refusals (403) written to the audit log", lambda s: _ratio(s, "audited", "denied"), "all", _all("audited", "denied")),
    Row("personal_data_scope", "Real-name surfaces checked / leaks", lambda s: f"{s['real_name_surfaces_checked']} / {s['real_name_leaks']}", "0 leaks", _zeros("real_name_leaks")),
    Row("faults", "Jobs killed (kill -9) at a stage, then re-run", lambda s: s["jobs_killed"], "every stage of every job kind"),
    Row("faults", "Jobs lost / duplicated / half-visible", lambda s: f"{s['jobs_lost']} / {s['jobs_duplicated']} / {s['half_visible']}", "0 / 0 / 0", _zeros("jobs_lost", "jobs_duplicated", "half_visible")),
    Row("faults", "Imports killed mid-way / left half-saved", lambda s: f"{s['imports_killed']} / {s['partial_imports']}", "0 half-saved", lambda s: s["partial_imports"] == 0 and s["imports_killed"] > 0),
    Row("faults", "Write bursts killed / acknowledged rows checked", lambda s: f"{s['write_kill_rounds']} / {s['acknowledged_rows']:,}", "reported"),
    Row("faults", "Acknowledged rows lost after kill -9", lambda s: s["rows_lost"], "0", _zeros("rows_lost")),
    Row("faults", "SQLite integrity_check failures after kills", lambda s: s["integrity_failures"], "0", _zeros("integrity_failures")),
    Row("faults", "Re-imports recognised by content hash", lambda s: s["duplicate_uploads_recognised"], "reported"),
    Row("retention", "Erasure residue after a retention purge (rows)", lambda s: s["residue_rows"], "0", _zeros("residue_rows")),
    Row("backup", "Backup → restore tables mismatched (of all tables)", lambda s: f"{s['mismatches']} (of {s['tables']})", "0", _zeros("mismatches")),
    Row("backup", "SQLite backup / restore (s)", lambda s: f"{s['sqlite_backup_s']:.2f} / {s['sqlite_restore_s']:.2f}", "reported"),
    Row("backup", "PostgreSQL backup / restore (s)", lambda s: f"{s['postgres_backup_s']:.2f} / {s['postgres_restore_s']:.2f}", "reported"),
    Row("hostile_inputs", "Hand-built hostile files refused as expected", lambda s: _ratio(s, "corpus_refused_as_expected", "corpus_should_refuse"), "all", _all("corpus_refused_as_expected", "corpus_should_refuse")),
    Row("hostile_inputs", "Generated importer inputs (hypothesis): examples / crashes", lambda s: f"{s['generated_examples']:,} / {s['generated_crashes']}", "≥ 10,000 / 0", lambda s: s["generated_examples"] >= 10_000 and s["generated_crashes"] == 0),
    Row("hostile_inputs", "Generated importer inputs refused with a message / read", lambda s: f"{s['generated_refused']:,} / {s['generated_read']:,}", "reported"),
    Row("hostile_inputs", "Generated form submissions: examples / server errors", lambda s: f"{s['form_examples']:,} / {s['form_server_errors']}", "0 server errors", _zeros("form_server_errors")),
    Row("hostile_inputs", "Slowest hostile input (s)", lambda s: max(s.get("slowest_corpus_s", 0), s.get("slowest_generated_s", 0), s.get("slowest_form_s", 0)), "< 10 s", lambda s: max(s.get("slowest_corpus_s", 0), s.get("slowest_generated_s", 0), s.get("slowest_form_s", 0)) < 10),
    Row("hostile_inputs", "Peak memory of the test process (MB)", lambda s: s["peak_rss_mb"], "< 1,024 MB", lambda s: s["peak_rss_mb"] < 1024),
    Row("headers", "Answers checked for CSP, HSTS, no-store, Server and inline code / failing", lambda s: f"{s['pages_checked']:,} / {s['pages_failing']}", "0 failing", _zeros("pages_failing")),
    Row("scanners", "ruff S (bandit rules) findings", lambda s: s["ruff_security_findings"], "0", _zeros("ruff_security_findings")),
    Row("scanners", "Justified exceptions (each with its reason in the code)", lambda s: s["justified_exceptions"], "reported"),
    Row("scanners", "Dependency audit (pip-audit)", lambda s: s["dependency_audit"], "clean, or said plainly it was not checked", lambda s: s["dependency_audit"] in ("clean", "not checked")),
    Row("scanners", "Import-layer contracts", lambda s: s["import_contracts"], "kept", lambda s: s["import_contracts"] == "kept"),
    Row("load", "SQLite: requests/s with p95 < 300 ms (users)", lambda s: f"{s['sqlite_requests_per_second_at_p95_under_300ms']} ({s['sqlite_users_at_p95_under_300ms']})", "reported"),
    Row("load", "SQLite: p50 / p95 / p99 (ms), all steps", lambda s: f"{s['sqlite_p50_ms']:.0f} / {s['sqlite_p95_ms']:.0f} / {s['sqlite_p99_ms']:.0f}", "reported"),
    Row("load", "SQLite: errors / lock errors / busy pages", lambda s: f"{s['sqlite_errors']} / {s['sqlite_lock_errors']} / {s['sqlite_busy_503']}", "0 / 0 / 0", _zeros("sqlite_errors", "sqlite_lock_errors", "sqlite_busy_503")),
    Row("load", "SQLite: 5 concurrent writers, saves / lock errors / saves lost", lambda s: f"{s['sqlite_writer_saves']} / {s['sqlite_writer_lock_errors']} / {s['sqlite_writer_saves_lost']}", "lock errors 0, lost 0", _zeros("sqlite_writer_lock_errors", "sqlite_writer_saves_lost")),
    Row("load", "PostgreSQL: requests/s with p95 < 300 ms (users)", lambda s: f"{s['postgresql_requests_per_second_at_p95_under_300ms']} ({s['postgresql_users_at_p95_under_300ms']})", "reported"),
    Row("load", "PostgreSQL: p50 / p95 / p99 (ms), all steps", lambda s: f"{s['postgresql_p50_ms']:.0f} / {s['postgresql_p95_ms']:.0f} / {s['postgresql_p99_ms']:.0f}", "reported"),
    Row("load", "PostgreSQL: errors / saves lost", lambda s: f"{s['postgresql_errors']} / {s['postgresql_writer_saves_lost']}", "0 / 0", _zeros("postgresql_errors", "postgresql_writer_saves_lost")),
    Row("scale", "SQLite, 10,000 findings and 300 notes: findings list / search / theme review p95 (ms)", lambda s: f"{s['sqlite_findings_list_p95_ms']:.0f} / {s['sqlite_search_page_p95_ms']:.0f} / {s['sqlite_theme_review_p95_ms']:.0f}", "each < 300", lambda s: max(s["sqlite_findings_list_p95_ms"], s["sqlite_search_page_p95_ms"], s["sqlite_theme_review_p95_ms"]) < 300),
    Row("scale", "SQLite, 10,000 findings: the themes list p95 (ms)", lambda s: round(s["sqlite_themes_list_p95_ms"]), "reported: not one of the three pages the issue sets a target for"),
    Row("scale", "PostgreSQL, 10,000 findings and 300 notes: findings list / search / theme review p95 (ms)", lambda s: f"{s['postgresql_findings_list_p95_ms']:.0f} / {s['postgresql_search_page_p95_ms']:.0f} / {s['postgresql_theme_review_p95_ms']:.0f}", "each < 300", lambda s: max(s["postgresql_findings_list_p95_ms"], s["postgresql_search_page_p95_ms"], s["postgresql_theme_review_p95_ms"]) < 300),
    Row("scale", "PostgreSQL, 10,000 findings: the themes list p95 (ms)", lambda s: round(s["postgresql_themes_list_p95_ms"]), "reported: not one of the three pages the issue sets a target for"),
    Row("scale", "Search over 100,000 findings, worst query p95 (ms): SQLite FTS5 / PostgreSQL", lambda s: f"{s['sqlite_search_p95_ms']:.0f} / {s['postgresql_search_p95_ms']:.0f}", "each < 50", lambda s: s["sqlite_search_p95_ms"] < 50 and s["postgresql_search_p95_ms"] < 50),
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
