"""kill -9 during bursts of small writes never corrupts the SQLite file nor loses an acknowledged row.

A child process saves notes and findings, one small transaction each (as the web app does, one
per request) and prints each id once its transaction has committed — an acknowledgement, like
a redirect after a save. The test kills it with SIGKILL at a random moment, then checks
``PRAGMA integrity_check`` says "ok" and every acknowledged id is in the database. Three rounds
in ``make test``; ``ASSURANCE_ROUNDS`` (e.g. 20) for the assurance run.
"""

from __future__ import annotations

import random
import subprocess
import sys
import uuid

import sqlalchemy as sa

from discovery.extensions import db
from research_notes.models import Finding, ResearchNote
from tests import assurance
from tests.integration.faults.support import ROOT, child_env, rounds

WRITER = """
import sys, uuid
from discovery import create_app
from discovery.extensions import db
from research_notes.models import Finding, ResearchNote

app = create_app()
with app.app_context():
    discovery_id = uuid.UUID(sys.argv[1])
    n = 0
    while True:
        n += 1
        body = "I rang the council. " * 20
        note = ResearchNote(discovery_id=discovery_id, title=f"Burst note {n}", body=body)
        db.session.add(note)
        db.session.flush()
        finding = Finding(
            discovery_id=discovery_id, note=note, start_offset=0, end_offset=18, text="I rang the council"
        )
        db.session.add(finding)
        db.session.commit()
        print(note.id, finding.id, flush=True)
"""


def test_kill_9_during_write_bursts_keeps_every_acknowledged_row_and_a_sound_file(app, factories, tmp_path):
    discovery = factories.discovery()
    db.session.commit()
    database = str(db.engine.url)
    randomly = random.Random(14)  # noqa: S311 - a reproducible kill schedule, not a secret
    figures = {"rounds": 0, "acknowledged": 0, "rows_lost": 0, "integrity_failures": 0}
    for _round in range(rounds(3)):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(discovery.id)],
            env=child_env(database),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        acknowledged: list[tuple[uuid.UUID, uuid.UUID]] = []
        try:
            for _ in range(randomly.randint(3, 25)):
                line = writer.stdout.readline()
                assert line, "the writer stopped by itself"
                acknowledged.append(tuple(uuid.UUID(part) for part in line.split()))
        finally:
            writer.kill()  # SIGKILL, mid-burst
            writer.wait(timeout=30)
        # Anything printed before the kill landed is acknowledged too.
        acknowledged += [
            tuple(uuid.UUID(p) for p in line.split()) for line in writer.stdout if line.count(" ") == 1
        ]
        writer.stdout.close()

        db.session.remove()
        db.engine.dispose()
        with db.engine.connect() as connection:
            if connection.execute(sa.text("PRAGMA integrity_check")).scalar() != "ok":
                figures["integrity_failures"] += 1
        notes = set(db.session.scalars(sa.select(ResearchNote.id)))
        findings = set(db.session.scalars(sa.select(Finding.id)))
        figures["rows_lost"] += sum(n not in notes for n, _f in acknowledged)
        figures["rows_lost"] += sum(f not in findings for _n, f in acknowledged)
        figures["acknowledged"] += 2 * len(acknowledged)
        figures["rounds"] += 1

    assert figures["acknowledged"] > 0
    assert (figures["rows_lost"], figures["integrity_failures"]) == (0, 0)
    assurance.record(
        "faults",
        write_kill_rounds=figures["rounds"],
        acknowledged_rows=figures["acknowledged"],
        rows_lost=figures["rows_lost"],
        integrity_failures=figures["integrity_failures"],
    )
