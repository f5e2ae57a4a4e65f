"""Time how long the ``flask --app discovery`` command line takes to start.

Run from the repository root::

    .venv/bin/python bench/cli_startup.py [--checkout PATH] [--runs 5]

Prints the median wall time of ``flask --app discovery --help`` and of importing one small
notes file with ``flask --app discovery import-notes`` (into a throwaway SQLite database with
one discovery), each in a fresh process. ``--checkout`` times another checkout (read only:
it only runs its ``.venv/bin/flask``), for a before/after comparison. The import of modules
at start-up is listed by ``python -X importtime -c "from discovery import create_app; create_app()"``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETUP = """
from discovery import create_app
from discovery.core import services as core
from discovery.extensions import db
app = create_app()
with app.app_context():
    db.create_all()
    council = core.upsert_authority("BENCH", "Bench County Council")
    user = core.create_user("bench@example.gov.wales", "Bench", "researcher", "x" * 16, [council])
    data = core.DiscoveryData("Bench", "Bench", "", "discovery", None, None, [str(council.id)])
    core.create_discovery(data, user)
    db.session.commit()
    print(core.discovery_by_slug("bench").slug if core.discovery_by_slug("bench") else "")
"""


def median_seconds(command: list[str], cwd: Path, env: dict, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--checkout", type=Path, default=ROOT)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    checkout = args.checkout.resolve()
    flask = str(checkout / ".venv" / "bin" / "flask")
    python = str(checkout / ".venv" / "bin" / "python")
    folder = Path(tempfile.mkdtemp())
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite'}",
        "SECRET_KEY": "bench",
        "INSTANCE_PATH": str(folder),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.pop("REDIS_URL", None)
    help_seconds = median_seconds([flask, "--app", "discovery", "--help"], checkout, env, args.runs)
    setup = subprocess.run([python, "-c", SETUP], cwd=checkout, env=env, capture_output=True, text=True)
    notes = folder / "notes.txt"
    notes.write_text("Siân: Mae'n anodd cael gafael ar rywun.\nRhodri: Ie, dw i'n deall.\n", encoding="utf-8")
    slug = setup.stdout.strip().splitlines()[-1] if setup.returncode == 0 and setup.stdout.strip() else ""
    print(f"checkout: {checkout}")
    print(f"flask --app discovery --help           median of {args.runs}: {help_seconds:.2f} s")
    if slug:
        command = [flask, "--app", "discovery", "import-notes", str(notes), "--discovery", slug]
        import_seconds = median_seconds(command, checkout, env, args.runs)
        print(f"flask --app discovery import-notes (1) median of {args.runs}: {import_seconds:.2f} s")
    else:
        print("import-notes not timed: the bench discovery could not be created", setup.stderr[-300:])
    return 0


if __name__ == "__main__":
    sys.exit(main())
