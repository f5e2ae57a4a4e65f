"""The isolation matrix's one-line summary at the end of the run, like the page walk's."""

from __future__ import annotations

import sys


def pytest_terminal_summary(terminalreporter):
    module = sys.modules.get("tests.security.test_isolation_matrix")
    lines = getattr(module, "SUMMARY", {}) if module is not None else {}
    if not lines:
        return
    terminalreporter.write_sep("-", "isolation matrix")
    for name, line in lines.items():
        terminalreporter.write_line(f"{name}: {line}" if name.startswith(" ") else line)
