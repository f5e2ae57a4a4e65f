"""Time a full theme run through the app's own job path: enqueue, embed, cluster, label, save.

Run from the repository root (SQLite in a temporary folder, or PostgreSQL with DATABASE_URL)::

    .venv/bin/python bench/theme_run.py [--findings 10000] [--repeat 2]

The findings are real short texts (Banking77's 10,003 customer messages, from
``../shared/data/banking77``, repeated as needed) bulk-inserted into one discovery, so the
engine meets real structure. The job runs on the thread backend and the script waits for it as
the CLI's ``--wait`` does. Prints the job's wall-clock seconds, the engine's own timings, the
number of themes, and the process's peak resident memory.

The first run is cold: no finding has been read yet, so it reads (embeds) every finding and
keeps the vectors, as the background job would have. Later runs reuse the stored vectors: that
is what a squad waits for when findings were read as they were saved.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from discovery import create_app, jobs  # noqa: E402
from discovery.core.columns import utcnow  # noqa: E402
from discovery.core.models import Discovery  # noqa: E402
from discovery.extensions import db  # noqa: E402
from discovery.themes import runs  # noqa: E402
from discovery.themes.models import ClusterRun  # noqa: E402
from research_notes.models import Finding, ResearchNote  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "banking77" / "train.csv"
PER_NOTE = 200


def texts(n: int) -> list[str]:
    if DATA.exists():
        with DATA.open(encoding="utf-8") as handle:
            pool = [row["text"] for row in csv.DictReader(handle)]
    else:  # a checkout without shared/: varied synthetic findings
        words = [
            "phone",
            "wait",
            "form",
            "online",
            "carer",
            "assessment",
            "letter",
            "council",
            "money",
            "help",
            "visit",
            "home",
        ]
        pool = [" ".join(words[(i * k) % len(words)] for k in range(1, 9)) for i in range(1, 500)]
    return [pool[i % len(pool)] for i in range(n)]


def load(discovery: Discovery, findings: list[str]) -> None:
    """Notes of PER_NOTE findings each, inserted in bulk (the importers are benchmarked elsewhere)."""
    now = utcnow()
    for start in range(0, len(findings), PER_NOTE):
        chunk = findings[start : start + PER_NOTE]
        body = "\n".join(chunk)
        note_id = uuid.uuid4()
        db.session.execute(
            ResearchNote.__table__.insert().values(
                id=note_id,
                discovery_id=discovery.id,
                title=f"Bench note {start // PER_NOTE + 1}",
                body=body,
                method="survey",
                language="en",
                created_at=now,
                updated_at=now,
                version=1,
            )
        )
        rows, offset = [], 0
        for text in chunk:
            rows.append(
                {
                    "id": uuid.uuid4(),
                    "discovery_id": discovery.id,
                    "note_id": note_id,
                    "start_offset": offset,
                    "end_offset": offset + len(text),
                    "text": text,
                    "kind": "quote",
                    "comment": "",
                    "created_at": now,
                    "updated_at": now,
                }
            )
            offset += len(text) + 1
        db.session.execute(Finding.__table__.insert(), rows)
    db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="theme-bench-")
    app = create_app(
        {
            "SECRET_KEY": "bench",
            "INSTANCE_PATH": folder,
            "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite"),
            "ENVIRONMENT": {},
            "REDIS_URL": None,
            "JOB_SWEEP_SECONDS": 0,
        }
    )
    with app.app_context():
        db.create_all()
        discovery = Discovery(title="Theme bench", slug="theme-bench", service="Bench", problem_statement="")
        db.session.add(discovery)
        db.session.commit()
        load(discovery, texts(args.findings))
        print(f"{args.findings} findings loaded")
        for attempt in range(1, args.repeat + 1):
            started = time.perf_counter()
            job = runs.start_run(discovery, None, runs.ClusterPayload())
            db.session.commit()
            finished = jobs.wait(job.id, timeout=3600)
            seconds = time.perf_counter() - started
            if finished.status != "succeeded":
                raise SystemExit(f"the run {finished.status}: {finished.error} {finished.error_detail}")
            run = db.session.get(ClusterRun, uuid.UUID(finished.result_id))
            stages = ", ".join(f"{k} {v:.2f} s" for k, v in run.timings.items())
            print(
                f"run {attempt} ({'cold' if attempt == 1 else 'stored vectors'}): "
                f"{seconds:.2f} s through the job runner ({stages}); "
                f"{run.theme_count} suggested themes, {run.quality.get('unclustered')} unclustered"
            )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
