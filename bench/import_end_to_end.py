"""Time a whole transcript import, as the review screen does it, into a real database.

Run from the repository root (SQLite in a temporary folder, or PostgreSQL with DATABASE_URL)::

    .venv/bin/python bench/import_end_to_end.py

For the same two-hour, ~20,000-word interview as ``bench/import_transcripts.py``, in every
format, it times: reading the file (``parse_transcript``), the personal-data check shown on
the review screen (``personal_data_in``), and saving the note with its utterances after
speaker mapping and replacements (``complete_import`` and the commit). Target: under 2 s.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import import_transcripts as samples  # noqa: E402

from discovery import create_app  # noqa: E402
from discovery.core import services as core  # noqa: E402
from discovery.extensions import db  # noqa: E402
from research_notes.importers import parse_transcript  # noqa: E402
from research_notes.models import Participant  # noqa: E402
from research_notes.notes import services as notes  # noqa: E402

TARGET_SECONDS = 2.0


def main() -> int:
    files = samples.sample_files(samples.interview())
    folder = Path(tempfile.mkdtemp())
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder / 'bench.sqlite'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "INSTANCE_PATH": str(folder)})
    slowest = 0.0
    with app.app_context():
        db.create_all()
        council = core.upsert_authority("BENCH", "Bench County Council")
        user = core.create_user(
            f"bench{os.getpid()}@example.gov.wales", "Bench", "researcher", "x" * 16, [council]
        )
        discovery = core.create_discovery(
            core.DiscoveryData(
                f"Bench {os.getpid()}", "Bench", "", "discovery", None, None, [str(council.id)]
            ),
            user,
        )
        carer = Participant(
            discovery_id=discovery.id, pseudonym="P01", segment="unpaid_carer", authority=council
        )
        worker = Participant(
            discovery_id=discovery.id, pseudonym="P02", segment="social_worker", authority=council
        )
        db.session.add_all([carer, worker])
        db.session.commit()
        print(f"Database: {db.engine.dialect.name}")
        columns = ("words", "read s", "check s", "save s", "total s", "utterances")
        header = f"{'file':<22} " + " ".join(f"{c:>10}" for c in columns)
        print(header)
        print("-" * len(header))
        for name, data in files:
            started = time.perf_counter()
            parsed = parse_transcript(data, name)
            read = time.perf_counter()
            found = notes.personal_data_in(parsed)
            checked = time.perf_counter()
            people = {samples.CARER: carer, samples.SOCIAL_WORKER: worker}
            choices = notes.ImportChoices(
                speakers={label: people.get(label, notes.RESEARCHER_CHOICE) for label in parsed.speakers},
                replace={item.id for item in found},
                title=f"Bench {name}",
                participants=[carer, worker],
                researcher=user,
            )
            result = notes.complete_import(discovery, parsed, choices, filename=name, actor=user, found=found)
            db.session.commit()
            saved = time.perf_counter()
            total = saved - started
            slowest = max(slowest, total)
            words = sum(len(u.text.split()) for u in parsed.utterances)
            timings = (read - started, checked - read, saved - checked, total)
            cells = [
                f"{words:>10,}",
                *(f"{t:>10.3f}" for t in timings),
                f"{len(result.note.utterances):>10,}",
            ]
            print(f"{name:<22} " + " ".join(cells))
    verdict = "within" if slowest < TARGET_SECONDS else "OVER"
    print(f"\nSlowest end-to-end import: {slowest:.3f} s ({verdict} the {TARGET_SECONDS:.0f} s target)")
    return 0 if slowest < TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
