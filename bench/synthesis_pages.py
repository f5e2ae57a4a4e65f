"""Milliseconds and SQL statements per page for the squad's synthesis pages on the demo.

Run from the repository root::

    .venv/bin/python bench/synthesis_pages.py [--repeat 5]

Loads the demo into a temporary SQLite database and, as the demo researcher through the Flask
test client, opens the journey map, its CSV and PDF, the backlog list, an item, its trace, a
finding's trace and the three backlog downloads. Prints the median time of ``--repeat``
requests (after one warm-up) and the statements each request ran, so a page that starts
querying per row shows up as a jump in the second column.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from discovery import create_app  # noqa: E402
from discovery.backlog.models import BacklogItem, backlog_findings  # noqa: E402
from discovery.core import services  # noqa: E402
from discovery.demo.loader import demo_password, load_demo  # noqa: E402
from discovery.extensions import db  # noqa: E402
from discovery.journeys.models import JourneyMap  # noqa: E402

SLUG = "accessing-adult-social-care"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="synthesis-bench-")
    app = create_app(
        {
            "SECRET_KEY": "bench",
            "INSTANCE_PATH": folder,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite",
            "ENVIRONMENT": {},
            "REDIS_URL": None,
            "WTF_CSRF_ENABLED": False,
            "EMBED_FINDINGS_ON_SAVE": False,
        }
    )
    with app.app_context():
        db.create_all()
        load_demo()
        db.session.commit()
        password = demo_password()
        discovery = services.discovery_by_slug(SLUG)
        base = f"/discoveries/{discovery.id}"
        journey = db.session.scalar(sa.select(JourneyMap.id).where(JourneyMap.discovery_id == discovery.id))
        item = db.session.scalar(
            sa.select(BacklogItem.id).where(BacklogItem.discovery_id == discovery.id, BacklogItem.number == 2)
        )
        finding = db.session.scalar(sa.select(backlog_findings.c.finding_id).limit(1))
        statements = [0]
        sa.event.listen(
            db.engine, "before_cursor_execute", lambda *a: statements.__setitem__(0, statements[0] + 1)
        )
    pages = {
        "journey map": f"{base}/journeys/{journey}",
        "journey map CSV": f"{base}/journeys/{journey}/export.csv",
        "journey map PDF (A3)": f"{base}/journeys/{journey}/export.pdf",
        "backlog list": f"{base}/backlog",
        "backlog item 2": f"{base}/backlog/{item}",
        "trace of item 2": f"{base}/trace/backlog/{item}",
        "trace of a finding": f"{base}/trace/findings/{finding}",
        "backlog Jira CSV": f"{base}/backlog/export/jira.csv",
        "backlog JSON": f"{base}/backlog/export/backlog.json",
    }
    client = app.test_client()
    client.post("/sign-in", data={"email": "researcher@discovery.example", "password": password})
    print(f"{'page':<24}{'median ms':>10}{'statements':>12}{'bytes':>10}")
    for name, url in pages.items():
        assert client.get(url).status_code == 200, name  # warm-up (templates, WeasyPrint fonts)
        times = []
        for _ in range(args.repeat):
            statements[0] = 0
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        print(f"{name:<24}{statistics.median(times):>10.0f}{statements[0]:>12}{len(response.data):>10}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
