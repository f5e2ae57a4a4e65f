"""Seconds and peak memory to build, publish and export the summary of a very large discovery.

Run from the repository root::

    .venv/bin/python bench/summary_exports.py [--themes 500] [--findings 20000] [--participants 200]

Generates, with bulk inserts into a temporary SQLite database, one discovery across 3 councils
with ``--participants`` participants (every 7th consenting to notes but not quotes), one note
each, ``--findings`` findings spread over them and ``--themes`` accepted themes holding every
finding once. Then times, in one process: the draft's data (``services.live_document``),
publishing it (``services.publish`` and the commit; the stored JSON's size), reading the
version back (``services.version_document``), the PDF, Word, Markdown and HTML exports
(``tasks.render``; the PDF's page count from ``pdfinfo`` when poppler-utils is installed), and
the draft summary page through the Flask test client as the discovery's researcher. Prints
each step's seconds, the statements it ran and the process's peak resident memory after it
(``ru_maxrss``, which only grows), so a step that starts querying per theme or holding every
finding twice shows up in the last two columns.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from discovery import create_app  # noqa: E402
from discovery.core.models import (  # noqa: E402
    Authority,
    Discovery,
    User,
    discovery_authorities,
    discovery_members,
)
from discovery.core.passwords import hash_password  # noqa: E402
from discovery.core.vocab import JOURNEY_STAGES, SEGMENTS  # noqa: E402
from discovery.extensions import db  # noqa: E402
from discovery.summaries import services, tasks  # noqa: E402
from discovery.summaries.models import SummaryVersion  # noqa: E402
from discovery.themes.models import Theme, theme_findings  # noqa: E402
from research_notes.models import Finding, Participant, ResearchNote, note_participants  # noqa: E402

EMAIL = "researcher@bench.example"
PASSWORD = "correct horse battery staple"
COUNCILS = [
    ("BGC", "Blaenau Gwent County Borough Council", "Cyngor Bwrdeistref Sirol Blaenau Gwent"),
    ("CAR", "Carmarthenshire County Council", "Cyngor Sir Gâr"),
    ("CRD", "Cardiff Council", "Cyngor Caerdydd"),
]
KINDS = ["pain_point", "pain_point", "need", "behaviour", "goal", "quote", "positive"]
TEMPLATES = [
    "I waited {n} weeks for someone to ring me back about the assessment, and nobody told me why.",
    "The form asked for the same details {n} times, so I gave up and phoned instead.",
    "My mum has {n} different carers coming in each week and none of them know her routine.",
    "When I finally got through, I'd been on hold for {n} minutes and the line cut off.",
    "It took {n} letters before anyone explained what the financial assessment was for.",
    "I had to explain my husband's dementia again to {n} different people at the council.",
    "The website said to allow {n} working days, but it was nearly two months in the end.",
    "Honestly the reablement team were brilliant, they came {n} times in the first week.",
    "I didn't know I counted as a carer until a nurse mentioned it after {n} years.",
    "We were given a list of {n} care homes but half of them had no rooms at all.",
    "Nobody tells you what happens at the review, so I spent {n} nights worrying about it.",
    "I keep a notebook with {n} pages of names and numbers because nothing is joined up.",
]
THEME_TOPICS = [
    "Waiting to hear back after first contact",
    "Repeating the same story to different people",
    "Not knowing what counts as being a carer",
    "Forms that do not fit a family's situation",
    "Phone lines that are hard to get through to",
    "Care visits that change from week to week",
    "Confusing letters about paying for care",
    "Reablement that works when it starts quickly",
    "Choosing a care home without real choices",
    "Reviews that happen without warning",
    "Keeping track of who is responsible for what",
    "Hearing about support by word of mouth",
]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def make_data(args, rng: random.Random) -> tuple[uuid.UUID, uuid.UUID]:
    """Every row the summary reads, inserted in bulk; returns the discovery's and researcher's ids."""
    ex = db.session.execute
    authority_ids = [uuid.uuid4() for _ in COUNCILS]
    ex(
        sa.insert(Authority),
        [
            {"id": i, "code": code, "name": name, "name_cy": name_cy, "kind": "council"}
            for i, (code, name, name_cy) in zip(authority_ids, COUNCILS, strict=True)
        ],
    )
    researcher_id = uuid.uuid4()
    ex(
        sa.insert(User),
        [
            {
                "id": researcher_id,
                "email": EMAIL,
                "display_name": "Bench Researcher",
                "password_hash": hash_password(PASSWORD),
                "role": "researcher",
            }
        ],
    )
    discovery_id = uuid.uuid4()
    ex(
        sa.insert(Discovery),
        [
            {
                "id": discovery_id,
                "slug": "very-large-discovery",
                "title": "A very large discovery",
                "service": "Adult social care",
                "problem_statement": "People find it hard to get help with care and support.",
                "start_date": date(2025, 1, 6),
                "created_by_id": researcher_id,
            }
        ],
    )
    ex(
        sa.insert(discovery_authorities),
        [{"discovery_id": discovery_id, "authority_id": a} for a in authority_ids],
    )
    ex(sa.insert(discovery_members), [{"discovery_id": discovery_id, "user_id": researcher_id}])

    segments = list(SEGMENTS)
    stages = list(JOURNEY_STAGES)
    people = [uuid.uuid4() for _ in range(args.participants)]
    ex(
        sa.insert(Participant),
        [
            {
                "id": pid,
                "discovery_id": discovery_id,
                "pseudonym": f"P{n + 1:03d}",
                "segment": segments[n % len(segments)],
                "authority_id": authority_ids[n % len(authority_ids)],
                "consent_date": date(2025, 1, 6) + timedelta(days=n % 60),
                "consent_scope": ["notes"] if (n + 1) % 7 == 0 else ["notes", "quotes"],
                "consent_recorded_by_id": researcher_id,
            }
            for n, pid in enumerate(people)
        ],
    )
    notes = [uuid.uuid4() for _ in people]
    ex(
        sa.insert(ResearchNote),
        [
            {
                "id": nid,
                "discovery_id": discovery_id,
                "researcher_id": researcher_id,
                "held_on": date(2025, 2, 3) + timedelta(days=n % 90),
                "method": "interview",
                "channel": "phone",
                "title": f"Interview with P{n + 1:03d}",
                "body": "",
                "created_by_id": researcher_id,
            }
            for n, nid in enumerate(notes)
        ],
    )
    ex(
        sa.insert(note_participants),
        [{"note_id": n, "participant_id": p} for n, p in zip(notes, people, strict=True)],
    )

    findings = []
    for n in range(args.findings):
        who = n % len(people)
        text = rng.choice(TEMPLATES).format(n=rng.randint(2, 19))
        findings.append(
            {
                "id": uuid.uuid4(),
                "discovery_id": discovery_id,
                "note_id": notes[who],
                "participant_id": people[who],
                "start_offset": 0,
                "end_offset": len(text),
                "text": text,
                "speaker": f"P{who + 1:03d}",
                "kind": rng.choice(KINDS),
                "journey_stage": stages[rng.randrange(len(stages))],
                "created_by_id": researcher_id,
            }
        )
    for start in range(0, len(findings), 5000):
        ex(sa.insert(Finding), findings[start : start + 5000])

    themes = [uuid.uuid4() for _ in range(args.themes)]
    rows = []
    for n, tid in enumerate(themes):
        label = f"Theme {n + 1:03d} {THEME_TOPICS[n % len(THEME_TOPICS)]}"
        rows.append(
            {
                "id": tid,
                "discovery_id": discovery_id,
                "label": label,
                "label_key": label.lower(),
                "description": f"What participants said about {THEME_TOPICS[n % len(THEME_TOPICS)].lower()}.",
                "status": "accepted",
                "origin": "manual",
                "keywords": [],
                "key_phrases": [],
                "created_by_id": researcher_id,
            }
        )
    ex(sa.insert(Theme), rows)
    order = list(range(len(findings)))
    rng.shuffle(order)
    memberships, seen = [], [0] * len(themes)
    for position, index in enumerate(order):
        t = position % len(themes)
        memberships.append(
            {
                "theme_id": themes[t],
                "finding_id": findings[index]["id"],
                "state": "member",
                "is_representative": seen[t] < 3,
                "similarity": round(rng.uniform(0.45, 0.95), 3),
            }
        )
        seen[t] += 1
    for start in range(0, len(memberships), 5000):
        ex(sa.insert(theme_findings), memberships[start : start + 5000])
    db.session.commit()
    return discovery_id, researcher_id


def pdf_pages(data: bytes, folder: str) -> str:
    if shutil.which("pdfinfo") is None:
        return "?"
    path = Path(folder) / "summary.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=False).stdout
    match = re.search(r"^Pages:\s+(\d+)", out, re.MULTILINE)
    return match.group(1) if match else "?"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--themes", type=int, default=500)
    parser.add_argument("--findings", type=int, default=20000)
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="summary-bench-")
    app = create_app(
        {
            "SECRET_KEY": "bench",
            "INSTANCE_PATH": folder,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite",
            "ENVIRONMENT": {},
            "REDIS_URL": None,
            "EMBED_FINDINGS_ON_SAVE": False,
        }
    )
    rows: list[tuple[str, float, int, float, str]] = []  # step, seconds, statements, peak MB, note
    statements = [0]

    def step(name: str, started: float, note: str = "") -> None:
        seconds = time.perf_counter() - started
        rows.append((name, seconds, statements[0], peak_mb(), note))
        print(f"{name:<28}{seconds:>9.2f} s{statements[0]:>8} stmts{peak_mb():>8.0f} MB  {note}", flush=True)

    print(
        f"{args.themes} themes, {args.findings} findings, {args.participants} participants, "
        f"{len(COUNCILS)} councils; start {peak_mb():.0f} MB",
        flush=True,
    )
    with app.app_context():
        db.create_all()
        sa.event.listen(
            db.engine, "before_cursor_execute", lambda *a: statements.__setitem__(0, statements[0] + 1)
        )
        started = time.perf_counter()
        discovery_id, researcher_id = make_data(args, random.Random(args.seed))
        step("generate data (bulk)", started)

    with app.app_context():
        discovery = db.session.get(Discovery, discovery_id)
        researcher = db.session.get(User, researcher_id)

        statements[0] = 0
        started = time.perf_counter()
        draft = services.live_document(discovery)
        step("live_document (draft)", started, f"{len(draft.summary.themes)} themes")
        del draft

        statements[0] = 0
        started = time.perf_counter()
        version = services.publish(discovery, researcher)
        db.session.commit()
        size = db.session.scalar(
            sa.select(sa.func.length(SummaryVersion.content)).where(SummaryVersion.id == version.id)
        )
        step("publish + commit", started, f"version {version.number}, content {size / 1024:,.0f} KB")

        statements[0] = 0
        started = time.perf_counter()
        document = services.version_document(version)
        step("version_document", started)

        for fmt in tasks.FORMATS:
            statements[0] = 0
            started = time.perf_counter()
            data, filename = tasks.render(document, fmt, "en")
            note = f"{len(data) / 1024:,.0f} KB {filename}"
            if fmt == "pdf":
                note += f", {pdf_pages(data, folder)} pages"
            step(f"render {fmt}", started, note)
            del data

    client = app.test_client()
    page = client.get("/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    signed = client.post(
        "/sign-in", data={"csrf_token": token.group(1) if token else "", "email": EMAIL, "password": PASSWORD}
    )
    if signed.status_code != 302:
        print(f"sign-in failed: {signed.status_code}", file=sys.stderr)
        return 1
    url = f"/discoveries/{discovery_id}/summary"
    for attempt in ("first", "second"):
        statements[0] = 0
        started = time.perf_counter()
        response = client.get(url)
        if response.status_code != 200:
            print(f"GET {url} gave {response.status_code}", file=sys.stderr)
            return 1
        step(f"draft page GET ({attempt})", started, f"{len(response.data) / 1024:,.0f} KB")

    print(f"\n{'step':<28}{'seconds':>9}{'stmts':>8}{'peak MB':>9}  note")
    for name, seconds, count, peak, note in rows:
        print(f"{name:<28}{seconds:>9.2f}{count:>8}{peak:>9.0f}  {note}")
    total = sum(r[1] for r in rows)
    print(f"{'total':<28}{total:>9.2f}")
    shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
