"""An import killed mid-way leaves nothing or everything, never part of a file.

Each import — a transcript (``import-notes``), a spreadsheet of findings (``import-findings``),
a REFI-QDA project (``import-project``), and the codebook and backlog files the web pages take
— runs in a child process that dies (``os._exit(137)``, as ``kill -9`` would) just after one of
its flushes or just before its commit (``discovery/core/crashpoints.py``). After each death the
row count of every table must be what it was before; the same import run to its end must
change them, and running it again must change nothing (the file is recognised or its rows are
matched, so nothing is saved twice).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from discovery.extensions import db
from research_notes.exchange import services as exchange_services
from tests import assurance
from tests.integration.faults.support import KILLED, rounds, run_child
from tests.integration.research_notes.test_import_review import teams_vtt_with_personal_data

FLASK = ["-m", "flask", "--app", "discovery"]
IN_APP = """
import sys
from discovery import create_app
from discovery.extensions import db
app = create_app()
with app.app_context():
    exec(sys.argv[1])
    db.session.commit()
"""
CODEBOOK = """
from discovery.core import services as core
from research_notes.tags import codebook_formats as formats, services
discovery = core.discovery_by_slug("carers-breaks")
data = open(sys.argv[2], "rb").read()
parsed = formats.parse_codebook(data, "codebook.csv", services.existing_paths(discovery))
services.import_codebook(discovery, parsed, "codebook.csv")
"""
BACKLOG = """
from discovery.backlog import importer
from discovery.core import services as core
discovery = core.discovery_by_slug("carers-breaks")
data = open(sys.argv[2], "rb").read()
importer.apply_import(discovery, importer.parse_for(discovery, data), None, "backlog.csv")
"""


def _row_counts() -> dict[str, int]:
    db.session.remove()
    with db.engine.connect() as connection:
        return {
            table.name: connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            for table in db.metadata.sorted_tables
        }


def _diff(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {name: after[name] - before[name] for name in after if after[name] != before[name]}


@pytest.fixture
def world(app, factories, tmp_path):
    researcher = factories.user(role="researcher", display_name="Rhian Evans", email="rhian@example.com")
    discovery = factories.discovery(title="Carers' breaks", slug="carers-breaks", members=[researcher])
    factories.participant(discovery=discovery, pseudonym="P01", segment="unpaid_carer")
    factories.participant(discovery=discovery, pseudonym="P02", segment="resident")
    items = [factories.backlog_item(discovery=discovery, title=f"Item {n}") for n in range(3)]
    source = factories.discovery(title="Somewhere else", slug="somewhere-else", members=[researcher])
    elsewhere = factories.participant(discovery=source, pseudonym="P09", segment="resident")
    note = factories.note(discovery=source, participants=[elsewhere], body="I rang and rang.\nNobody came.")
    factories.finding(note=note, participant=elsewhere, start_offset=0, end_offset=16)
    db.session.commit()

    files = {
        "transcript": ("carer-interview.vtt", teams_vtt_with_personal_data().encode()),
        "findings": (
            "findings.csv",
            b"text,participant,tags\n"
            b"I waited on hold for forty minutes,P01,Contact > Phone\n"
            b"The online form timed out,P02,Contact > Online forms\n"
            b"I have not had a break in two years,P01,Respite\n",
        ),
        "project": ("elsewhere.qdpx", exchange_services.export_project(source).data),
        "codebook": (
            "codebook.csv",
            b"name,parent,description,colour\nCarers,,Unpaid carers,pink\nYoung carers,Carers,,\n",
        ),
        "backlog": (
            "backlog.csv",
            (
                "id,status,external_reference\n" + "".join(f"{i.id},done,JIRA-{i.number}\n" for i in items)
            ).encode(),
        ),
    }
    paths = {}
    for kind, (name, data) in files.items():
        path = tmp_path / name
        path.write_bytes(data)
        paths[kind] = path
    db.session.commit()
    return str(db.engine.url), paths


def _commands(paths: dict[str, Path]) -> dict[str, list[str]]:
    slug = ["--discovery", "carers-breaks"]
    return {
        "transcript": [
            *FLASK,
            "import-notes",
            str(paths["transcript"]),
            *slug,
            "--participant",
            "P01",
            "--researcher",
            "rhian@example.com",
        ],
        "findings": [*FLASK, "import-findings", str(paths["findings"]), *slug, "--yes", "--create-tags"],
        "project": [*FLASK, "import-project", str(paths["project"]), *slug],
        "codebook": ["-c", IN_APP, CODEBOOK, str(paths["codebook"])],
        "backlog": ["-c", IN_APP, BACKLOG, str(paths["backlog"])],
    }


# What running each import a second time must say. The findings import asks before importing
# the same contents again (a person may mean to), so the second run answers "no".
AGAIN = {
    "transcript": ([], "", 0, "You already imported this file as ‘"),
    "findings": (["--yes"], "n\n", 1, "a file with exactly the same contents was imported on"),
    "project": ([], "", 0, "You already imported this file as ‘elsewhere.qdpx’ on"),
    "codebook": ([], "", 0, ""),
    "backlog": ([], "", 0, ""),
}


def _points() -> list[str]:
    """Where to die: just before the commit, with the whole import pending, in ``make test``;
    after each of the first ``ASSURANCE_ROUNDS`` flushes too for the assurance run."""
    many = rounds(0, most=5)
    return ["commit:1"] + [f"flush:{n}" for n in range(1, many + 1)]


def _data(counts: dict[str, int]) -> dict[str, int]:
    """Row counts of everything but the audit log (running an import again is itself audited)."""
    return {name: n for name, n in counts.items() if name != "audit_events"}


def test_an_import_killed_midway_leaves_nothing_and_a_whole_run_is_not_repeated(world):
    database, paths = world
    figures = {"imports_killed": 0, "partial_imports": 0, "imports_repeated": 0, "recognised": 0}
    seen = []
    for kind, command in _commands(paths).items():
        before = _row_counts()
        for point in _points():
            child = run_child(*command, database_url=database, crash_at=point, raw=True)
            if child.returncode == 0:
                break  # fewer flushes than that: this run went to its end, the whole import
            assert child.returncode == KILLED, (kind, point, child.stdout[-1000:], child.stderr[-2000:])
            figures["imports_killed"] += 1
            if (now := _row_counts()) != before:
                figures["partial_imports"] += 1
                seen.append((kind, point, _diff(before, now)))
        else:
            child = run_child(*command, database_url=database, raw=True)
        assert child.returncode == 0, (kind, child.stdout, child.stderr[-2000:])
        after = _row_counts()
        assert after != before, kind

        dropped, answer, exit_code, said = AGAIN[kind]
        if not said and not rounds(0):
            continue  # a merge by names or ids: its second run is for the assurance run only
        again = run_child(
            *[part for part in command if part not in dropped], database_url=database, raw=True, stdin=answer
        )
        assert again.returncode == exit_code, (kind, again.stdout, again.stderr[-2000:])
        assert said in again.stdout, (kind, again.stdout)
        if _data(now := _row_counts()) != _data(after):
            figures["imports_repeated"] += 1
            seen.append((kind, "again", _diff(after, now)))
        figures["recognised"] += bool(said)
    assert figures["imports_killed"] >= 5 and figures["recognised"] == 3
    assert (figures["partial_imports"], figures["imports_repeated"]) == (0, 0), seen
    assurance.record(
        "faults",
        imports_killed=figures["imports_killed"],
        partial_imports=figures["partial_imports"],
        duplicate_uploads_recognised=figures["recognised"],
    )
