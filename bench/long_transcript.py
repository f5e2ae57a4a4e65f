"""HTML size and render time of the highlight, note and finding pages for a very long transcript.

Run from the repository root::

    .venv/bin/python bench/long_transcript.py [--turns 1000] [--findings 300]

Builds, in a temporary SQLite database, one discovery with a 25-tag codebook and one timed
transcript of ``--turns`` turns between two interviewers and a participant (a 1,000-turn
transcript is about a seven-hour session, well past the longest real interview), with
``--findings`` tagged findings spread through it, some overlapping. Then, signed in as the
researcher through the Flask test client, times the highlight page (twice: the second is
warm), the coding panel for a turn near the end, an in-page save, "next untagged turn", the note
page and a finding page; prints each one's seconds, statements run and HTML size, and the
process's peak resident memory. The page must stay usable: its HTML grows with the turns and
findings, not with turns × findings or with the codebook per turn.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from discovery import create_app  # noqa: E402
from discovery.core import services as core  # noqa: E402
from discovery.extensions import db  # noqa: E402
from research_notes.models import Finding, Participant, Tag  # noqa: E402
from research_notes.notes import services as notes  # noqa: E402

EMAIL = "researcher@bench.example"
PASSWORD = "correct horse battery staple"
SENTENCES = [
    "I rang the council three times before anyone picked up.",
    "The assessment took weeks and nobody told us what was happening.",
    "My mother needs help getting dressed in the morning.",
    "The social worker was lovely but she changed every few months.",
    "We found out about respite care from another carer at the support group.",
    "The online form timed out and I had to start again.",
    "Money is the worry, the charges were never explained.",
]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def transcript(turns: int, rng: random.Random) -> str:
    parts = []
    for n in range(turns):
        seconds = n * 25
        clock = f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
        if n % 2 == 0:
            speaker = "Siân Evans" if n % 4 == 0 else "Tom Price"
            words = "Can you tell me more about what happened next?"
        else:
            speaker = "P26"
            words = " ".join(rng.sample(SENTENCES, 3))
        parts.append(f"{speaker} ({clock}):\n{words}\n")
    return "\n".join(parts)


def make_data(args, rng: random.Random):
    council = core.upsert_authority(
        "TOF", "Torfaen County Borough Council", "Cyngor Bwrdeistref Sirol Torfaen"
    )
    user = core.create_user(EMAIL, "Siân Evans", "researcher", PASSWORD, [council])
    discovery = core.create_discovery(
        core.DiscoveryData("Adult social care", "Care", "", "discovery", None, None, [str(council.id)]), user
    )
    participant = Participant(
        discovery_id=discovery.id, pseudonym="P26", segment="unpaid_carer", authority=council
    )
    db.session.add(participant)
    tags = [Tag(discovery_id=discovery.id, name=f"Tag {n:02d}") for n in range(25)]
    db.session.add_all(tags)
    note = notes.create_note(
        discovery, title="Seven-hour webinar", body=transcript(args.turns, rng), participants=[participant]
    )
    db.session.flush()
    spoken = [u for u in note.utterances if u.speaker == "P26"]
    for n in range(args.findings):
        turn = spoken[n * len(spoken) // args.findings]
        start = turn.char_start + (0 if n % 3 else 10)
        end = min(turn.char_end, start + 60 + n % 40)
        db.session.add(
            Finding(
                discovery_id=discovery.id,
                note_id=note.id,
                utterance_id=turn.id,
                participant_id=participant.id,
                start_offset=start,
                end_offset=end,
                text=note.body[start:end],
                speaker=turn.speaker,
                kind="pain_point",
                tags=rng.sample(tags, 2),
                created_by=user,
            )
        )
    db.session.commit()
    return discovery.id, note.id, spoken[-3].position


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=1000)
    parser.add_argument("--findings", type=int, default=300)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="long-transcript-bench-")
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
    statements = [0]
    with app.app_context():
        db.create_all()
        sa.event.listen(
            db.engine, "before_cursor_execute", lambda *a: statements.__setitem__(0, statements[0] + 1)
        )
        started = time.perf_counter()
        discovery_id, note_id, late_turn = make_data(args, random.Random(7))
        print(
            f"{args.turns} turns, {args.findings} findings: "
            f"generated in {time.perf_counter() - started:.1f} s"
        )

    client = app.test_client()
    page = client.get("/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    if (
        client.post("/sign-in", data={"csrf_token": token, "email": EMAIL, "password": PASSWORD}).status_code
        != 302
    ):
        print("sign-in failed", file=sys.stderr)
        return 1
    base = f"/discoveries/{discovery_id}/notes/{note_id}"

    def timed(name: str, method: str, url: str, **kwargs):
        statements[0] = 0
        started = time.perf_counter()
        response = getattr(client, method)(url, **kwargs)
        seconds = time.perf_counter() - started
        size = len(response.get_data())
        print(
            f"{name:<34}{seconds:>7.2f} s{statements[0]:>7} stmts{size / 1024:>9,.0f} KB"
            f"{peak_mb():>8.0f} MB  {response.status_code}",
            flush=True,
        )
        return response

    from nlp.names import KnownNames
    from nlp.redact import find_personal_data_in_many

    turns = [part.split("\n", 1)[-1] for part in transcript(args.turns, random.Random(7)).split("\n\n")]
    started = time.perf_counter()
    found = find_personal_data_in_many(
        turns, KnownNames(["Siân Evans", "Tom Price", "Carol Jenkins"]), model=False
    )
    print(
        f"{'personal-data check of the turns':<34}{time.perf_counter() - started:>7.2f} s"
        f"{sum(map(len, found)):>7} found{peak_mb():>17.0f} MB",
        flush=True,
    )
    first = timed("highlight page (cold)", "get", f"{base}/highlight")
    timed("highlight page (warm)", "get", f"{base}/highlight")
    timed("highlight page, panel at a late turn", "get", f"{base}/highlight?turn={late_turn}")
    timed("coding panel for a late turn", "get", f"{base}/highlight/panel?turn={late_turn}")
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', first.get_data(as_text=True)).group(1)
    timed(
        "in-page save",
        "post",
        f"{base}/highlight",
        data={"csrf_token": csrf, "turn": str(late_turn), "kind": "quote"},
        headers={"X-Requested-With": "fetch"},
    )
    timed("next untagged turn", "get", f"{base}/highlight/go?untagged=1&after=500")
    timed("find in the note", "get", f"{base}/highlight?find=respite")
    timed("note page", "get", base)
    with app.app_context():
        finding_id = db.session.scalar(sa.select(Finding.id).order_by(Finding.start_offset.desc()).limit(1))
    timed("finding page", "get", f"/discoveries/{discovery_id}/findings/{finding_id}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
