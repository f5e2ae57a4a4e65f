"""Figures for the assurance report, recorded by the tests and benchmarks that measure them.

`make assurance` sets ``ASSURANCE_OUT`` to a folder and runs the isolation matrix, the fault
tests, the hostile-input corpus, the scanners and the load benchmark; each of them calls
:func:`record` with what it counted, and ``bench/assurance_report.py`` turns the folder into
one table. Inside ``make test`` the variable is unset and recording does nothing, so a test
never depends on it — the test asserts on its figures itself (0 leaks, 0 rows lost…).

One JSON file per section and process (``<section>.<pid>.json``), so the two pytest processes
of ``make test`` and any pytest-xdist workers never write the same file; the report adds up
numbers recorded for the same section and key.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

# Per section: "sum" (counts, added up), "max" (worst cases) and "value" (anything else).
_FIGURES: dict[str, dict[str, dict]] = {}


def enabled() -> bool:
    return bool(os.environ.get("ASSURANCE_OUT"))


def record(section: str, **figures) -> None:
    """Add these figures to a section of the report (numbers add up, anything else replaces).

    ``record("isolation", attempts=2193, leaks=0)``; call it as often as is convenient.
    Values must be JSON-serialisable.
    """
    if not enabled():
        return
    held = _section(section)
    for key, value in figures.items():
        if _is_number(value):
            held["sum"][key] = held["sum"].get(key, 0) + value
        else:
            held["value"][key] = value
    _write(section)


def maximum(section: str, **figures) -> None:
    """Keep the largest value seen for each key (worst-case time, peak memory)."""
    if not enabled():
        return
    held = _section(section)
    for key, value in figures.items():
        held["max"][key] = max(value, held["max"].get(key, value))
    _write(section)


def merged(folder: Path) -> dict[str, dict]:
    """Every section recorded in ``folder`` by any process, as one flat dict per section."""
    sections: dict[str, dict] = {}
    for path in sorted(folder.glob("*.json")):
        name = path.name.split(".")[0]
        part = json.loads(path.read_text(encoding="utf-8"))
        into = sections.setdefault(name, {})
        for key, value in part.get("sum", {}).items():
            into[key] = into.get(key, 0) + value
        for key, value in part.get("max", {}).items():
            into[key] = max(value, into.get(key, value))
        into.update(part.get("value", {}))
    return sections


def _section(section: str) -> dict[str, dict]:
    return _FIGURES.setdefault(section, {"sum": {}, "max": {}, "value": {}})


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _write(section: str) -> None:
    folder = Path(os.environ["ASSURANCE_OUT"])
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{section}.{os.getpid()}.json"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(_FIGURES[section], indent=2, default=str), encoding="utf-8")
    tmp.replace(path)
