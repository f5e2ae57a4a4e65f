"""No English sentence a person reads is left out of the Welsh catalogue in the Python code.

The template walk (tests/page_walk.py) finds English on a Welsh page only when a page shows
it; a refusal the demo never triggers (a transcript over a limit, a CLI error) would slip by.
So this reads the source: every call that puts words in front of a person — a flash, a form
label or error, a ``click`` message, an importer's error or warning — must get its words
through ``gettext`` (``_``, ``_l``, ``ngettext``, ``pgettext``) or mark them with ``N_`` for the
code that shows them to translate. A bare literal, or an f-string (whose words can never be
found in the catalogue), fails the test with its file and line.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = ("discovery", "research_notes")
WORD = re.compile(r"[A-Za-z]{2,}")

# Calls whose first argument (or ``message=``/``label=``/``description=``) a person reads.
SHOWN = {"flash", "ValidationError", "echo", "secho", "ClickException", "UsageError", "BadParameter"}
# Errors whose text a page or a command shows as it is (``str(error)`` or ``error.template``).
USER_FACING_ERRORS = {
    "TranscriptError",
    "TooMuchWork",
    "ReviewError",
    "CodebookFileError",
    "FileSkipped",
    "BackupError",
}
# Importer warnings, shown on the review page.
WARNING_LISTS = {"warnings"}
KEYWORDS = {"label", "description", "message"}
GETTEXT = {"_", "_l", "N_", "gettext", "lazy_gettext", "ngettext", "pgettext", "lazy_pgettext", "npgettext"}

# Where a literal is right, and why. (file, what is called): reason.
ALLOWED: dict[tuple[str, str], str] = {
    # The demo manifest is a TOML file developers edit; its errors stop `flask load-demo` for them.
    ("discovery/demo/manifest.py", "fail"): "the demo manifest is for developers, not users",
    # An RQ job's description: what a worker's log and RQ's dashboard call the job.
    ("discovery/jobs/schedule.py", "enqueue_at(description=)"): "for the operator's logs, not users",
}


def _is_literal(node: ast.AST) -> bool:
    """Words written in the code: a string, an f-string, or one formatted with % or .format."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return WORD.search(node.value) is not None
    if isinstance(node, ast.JoinedStr):
        return any(_is_literal(v) for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mod, ast.Add)):
        return _is_literal(node.left) or _is_literal(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return _is_literal(node.func.value)
    if isinstance(node, ast.IfExp):
        return _is_literal(node.body) or _is_literal(node.orelse)
    return False


def _name(func: ast.AST) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _constants(tree: ast.Module) -> dict[str, ast.AST]:
    """Module-level ``NAME = "…"``: a constant passed to an error is read through its name."""
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            found[node.targets[0].id] = node.value
    return found


def _unwrapped(path: Path, root: Path = ROOT) -> list[str]:
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    constants = _constants(tree)
    relative = path.relative_to(root).as_posix()
    problems = []

    def check(node: ast.AST, what: str, at: ast.AST) -> None:
        if isinstance(node, ast.Name) and node.id in constants:
            node = constants[node.id]
        if _is_literal(node) and (relative, what) not in ALLOWED:
            text = ast.get_source_segment(source, at) or ""
            problems.append(f"{relative}:{at.lineno}: {what}: {' '.join(text.split())[:100]}")

    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        if name in GETTEXT:
            # _(f"…") can never be found in the catalogue.
            if node.args and isinstance(node.args[-1 if name.startswith("p") else 0], ast.JoinedStr):
                problems.append(f"{relative}:{node.lineno}: an f-string inside {name}()")
            continue
        if name == "fail" and node.args:
            check(node.args[0], "fail", node)
        shown = name in SHOWN or name in USER_FACING_ERRORS or (name is not None and name.endswith("Field"))
        if shown and node.args:
            check(node.args[0], name, node)
        appended_to = _name(node.func.value) if isinstance(node.func, ast.Attribute) else None
        if name == "append" and appended_to in WARNING_LISTS:
            check(node.args[0], "a warning", node)
        for keyword in node.keywords:
            if keyword.arg in KEYWORDS:
                check(keyword.value, f"{name}({keyword.arg}=)", node)
    return problems


def _python_files() -> list[Path]:
    paths = (p for folder in FOLDERS for p in (ROOT / folder).rglob("*.py"))
    return sorted(p for p in paths if "translations" not in p.parts)


def test_words_people_read_go_through_gettext():
    problems = [problem for path in _python_files() for problem in _unwrapped(path)]
    assert problems == [], f"{len(problems)} strings are not translatable:\n" + "\n".join(problems)


def test_the_scan_finds_a_bare_flash_and_an_f_string(tmp_path):
    """The check itself can fail: a module with the mistakes it looks for is caught."""
    module = tmp_path / "discovery" / "bad.py"
    module.parent.mkdir()
    module.write_text(
        "from flask import flash\n"
        'GONE = "The file has gone"\n'
        "def view(n):\n"
        '    flash("Saved")\n'
        '    click.echo(f"Imported {n} notes")\n'
        "    raise TranscriptError(GONE)\n"
        '    warnings.append(f"{n} characters were removed")\n'
        '    flash(_(f"Saved {n}"))\n'
        '    flash(_("Saved %(n)s", n=n))\n'
        '    raise TranscriptError(N_("The selected file is empty"))\n'
        '    title = StringField(_l("Title"), description="Up to 120 characters")\n'
    )
    found = _unwrapped(module, root=tmp_path)
    assert sorted(int(line.split(":")[1]) for line in found) == [4, 5, 6, 7, 8, 11]
