"""The importers are a pure library, so the app, a job or a notebook can call them."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import research_notes.importers


def test_importers_use_only_the_standard_library_and_python_docx():
    package = Path(research_notes.importers.__file__).parent
    imported: set[str] = set()
    for source in package.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])

    assert imported - set(sys.stdlib_module_names) == {"docx"}
