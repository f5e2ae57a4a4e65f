"""Write the figures the accessibility statement quotes, from a run of the browser page walk.

    python -m assurance.accessibility build/accessibility docs/accessibility.json

``make accessibility`` runs tests/browser/test_page_walk.py with ``ASSURANCE_OUT`` set; the walk
records what it checked (pages × roles × languages, axe violations, pages that scroll sideways
at 320 px) and this turns that into the committed docs/accessibility.json, which the statement
page reads (discovery/core/accessibility.py). It refuses to write a file from a run that checked
nothing, so a statement can never quote a walk that did not happen.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REQUIRED = (
    "date",
    "pages",
    "roles",
    "languages",
    "axe_cases",
    "axe_violations",
    "reflow_pages",
    "reflow_failures",
)


def figures(recorded: dict) -> dict:
    """The walk's section, with the axe-core version and the commit it ran on."""
    missing = [key for key in REQUIRED if key not in recorded]
    if missing or not recorded["axe_cases"]:
        raise SystemExit(f"the page walk recorded no figures ({', '.join(missing) or 'no pages checked'})")
    package = json.loads((ROOT / "node_modules" / "axe-core" / "package.json").read_text(encoding="utf-8"))
    return {**recorded, "axe_core": package["version"], "commit": _commit()}


def _commit() -> str:
    try:
        return subprocess.run(  # noqa: S603 - a fixed git command, no user input
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="the ASSURANCE_OUT folder of the walk")
    parser.add_argument("out", type=Path, help="write the figures here (docs/accessibility.json)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from tests.assurance import merged

    result = figures(merged(args.folder).get("accessibility", {}))
    text = json.dumps(result, indent=2, sort_keys=True, ensure_ascii=False)
    args.out.write_text(text + "\n", encoding="utf-8")
    print(
        f"{result['pages']} pages × {result['roles']} roles × {result['languages']} languages: "
        f"{result['axe_cases']} axe checks, {result['axe_violations']} violations; "
        f"{result['reflow_pages']} pages at {result.get('reflow_width', 320)} px, "
        f"{len(result.get('reflow_failing', []))} scrolling sideways -> {args.out}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
