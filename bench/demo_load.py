"""Time loading the demo discovery (`flask demo-data` without the CLI's start-up), first and again.

Run from the repository root (SQLite in a temporary folder, or PostgreSQL with DATABASE_URL)::

    .venv/bin/python bench/demo_load.py

Prints the seconds for the first load (25 files through the importers, 169 highlights) and for
a second, idempotent run that creates nothing.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from discovery import create_app  # noqa: E402
from discovery.demo.loader import load_demo  # noqa: E402
from discovery.extensions import db  # noqa: E402


def main() -> None:
    folder = tempfile.mkdtemp(prefix="demo-bench-")
    app = create_app(
        {
            "SECRET_KEY": "bench",
            "INSTANCE_PATH": folder,
            "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite"),
            "ENVIRONMENT": {},
            "REDIS_URL": None,
        }
    )
    with app.app_context():
        db.create_all()
        for run in ("first load", "second load"):
            started = time.perf_counter()
            report = load_demo()
            db.session.commit()
            made = sum(report.created.values())
            print(f"{run}: {time.perf_counter() - started:.2f} s, {made} records created")


if __name__ == "__main__":
    main()
