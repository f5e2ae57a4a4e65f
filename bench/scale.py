"""Page and search times for a large discovery: 10,000 findings, then search over 100,000.

Run from the repository root::

    .venv/bin/python bench/scale.py [--database sqlite|postgresql|both] [--repeat 30] [--quick]

For each database (SQLite in a temporary folder, PostgreSQL in a new database on
127.0.0.1:5432 as user postgres, dropped afterwards) it migrates the schema, then bulk-inserts
through the models' tables one discovery of 300 notes, 300 participants and 10,000 findings,
tagged and grouped into 14 accepted themes of about 700 findings each. The texts are the
synthetic housing-repairs findings in ``../shared/data/interview_findings_housing`` (and the
theme tests' sentences), repeated.

As a signed-in researcher, through the Flask test client, it requests the findings list (first
and a deep page), a search of the findings list and the largest theme's review page
``--repeat`` times each (after one warm-up) and prints p50/p95 against the 300 ms target.
Then it adds 90,000 findings (3,000 notes in all) and times the search the findings list runs
(``research_notes.findings.search.page_of_findings`` with a query: FTS5 on SQLite, the GIN
text index on PostgreSQL) for single words, prefixes, two words and a phrase, against 50 ms.

Records the figures for the assurance report (``tests.assurance``, section "scale").
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import form_with, fresh_database, percentile  # noqa: E402

from discovery import create_app  # noqa: E402
from discovery.core import services as core_services  # noqa: E402
from discovery.core.columns import utcnow  # noqa: E402
from discovery.extensions import db  # noqa: E402
from discovery.themes.models import Theme, ThemeMembership  # noqa: E402
from research_notes.findings import search  # noqa: E402
from research_notes.models import Finding, Participant, ResearchNote, Tag, finding_tags  # noqa: E402
from tests import assurance  # noqa: E402
from tests.theme_interviews import TOPICS  # noqa: E402

PAGE_LIMIT_MS = 300
SEARCH_LIMIT_MS = 50
NOTES = 300
FINDINGS = 10_000
SEARCH_FINDINGS = 100_000
EMAIL = "researcher@scale.example.gov.wales"
PASSWORD = "a long scale-bench passphrase"
DATA = ROOT.parent / "shared" / "data" / "interview_findings_housing"
SEGMENTS = ("resident", "unpaid_carer", "social_worker", "provider", "council_staff", "third_sector")
KINDS = ("pain_point", "need", "goal", "behaviour", "quote", "positive")
STAGES = ("finding_out", "first_contact", "assessment", "arranging_care", "receiving_care", "review")
# What a person types into the findings search: common and rare words, a prefix, two words, a phrase.
QUERIES = ("damp", "contractor", "mould", "appoint", "phone", "Welsh", "repair form", '"housing officer"')


def corpus() -> list[tuple[str, str]]:
    """(text, label) pairs: the housing findings, their Welsh partners, the theme-test sentences."""
    rows: list[tuple[str, str]] = []
    for name in ("findings.csv", "bilingual.csv"):
        path = DATA / name
        if path.exists():
            with path.open(encoding="utf-8") as handle:
                rows += [(r["text"], r["label"]) for r in csv.DictReader(handle)]
    rows += [(text, topic) for topic, texts in TOPICS.items() for text in texts]
    return rows


class Builder:
    """Bulk inserts into one discovery's tables, much faster than the importers (timed elsewhere)."""

    def __init__(self, discovery, authorities, rows: list[tuple[str, str]], seed: int = 14) -> None:
        self.discovery = discovery
        self.authorities = authorities
        self.rows = rows
        self.random = random.Random(seed)
        self.labels = sorted({label for _, label in rows})
        self.tags: dict[str, uuid.UUID] = {}
        self.themes: dict[str, uuid.UUID] = {}
        self.notes = 0
        self.findings = 0
        self.clock = utcnow() - timedelta(days=200)

    def codebook_and_themes(self) -> None:
        """One tag and one accepted theme per label, as a squad's codebook and review would have."""
        now = utcnow()
        for label in self.labels:
            name = label.replace("_", " ").capitalize()
            self.tags[label] = uuid.uuid4()
            self.themes[label] = uuid.uuid4()
            db.session.execute(
                Tag.__table__.insert().values(
                    id=self.tags[label], discovery_id=self.discovery.id, name=name[:80], created_at=now
                )
            )
            db.session.execute(
                Theme.__table__.insert().values(
                    id=self.themes[label],
                    discovery_id=self.discovery.id,
                    label=name,
                    label_key=name.casefold(),
                    description=f"What people told us about {name.lower()}.",
                    status="accepted",
                    origin="cluster",
                    keywords=label.split("_"),
                    key_phrases=[],
                    created_at=now,
                    updated_at=now,
                    version=1,
                )
            )

    def add(self, notes: int, findings: int, with_themes: bool) -> float:
        """Add ``notes`` notes (one participant each) sharing ``findings`` findings; return seconds."""
        started = time.perf_counter()
        note_rows, participant_rows, links, finding_rows, tag_rows, member_rows = [], [], [], [], [], []
        for number in range(notes):
            self.notes += 1
            note_id, participant_id = uuid.uuid4(), uuid.uuid4()
            per_note = findings // notes + (1 if number < findings % notes else 0)
            picked = [self.rows[self.random.randrange(len(self.rows))] for _ in range(per_note)]
            body = "\n\n".join(text for text, _ in picked)
            self.clock += timedelta(minutes=30)
            participant_rows.append(
                {
                    "id": participant_id,
                    "discovery_id": self.discovery.id,
                    "pseudonym": f"P{self.notes:05d}",
                    "segment": SEGMENTS[self.notes % len(SEGMENTS)],
                    "authority_id": self.authorities[self.notes % len(self.authorities)],
                    "preferred_language": "en",
                    "consent_date": date(2026, 1, 1),
                    "consent_scope": ["notes", "quotes"],
                    "created_at": self.clock,
                    "updated_at": self.clock,
                    "version": 1,
                }
            )
            note_rows.append(
                {
                    "id": note_id,
                    "discovery_id": self.discovery.id,
                    "held_on": date(2026, 1, 1) + timedelta(days=self.notes % 300),
                    "method": "interview",
                    "language": "en",
                    "title": f"Interview with P{self.notes:05d}",
                    "body": body,
                    "created_at": self.clock,
                    "updated_at": self.clock,
                    "version": 1,
                }
            )
            links.append({"note_id": note_id, "participant_id": participant_id})
            offset = 0
            for n, (text, label) in enumerate(picked):
                self.findings += 1
                finding_id = uuid.uuid4()
                finding_rows.append(
                    {
                        "id": finding_id,
                        "discovery_id": self.discovery.id,
                        "note_id": note_id,
                        "participant_id": participant_id,
                        "start_offset": offset,
                        "end_offset": offset + len(text),
                        "text": text,
                        "speaker": f"P{self.notes:05d}",
                        "kind": KINDS[self.findings % len(KINDS)],
                        "journey_stage": STAGES[self.findings % len(STAGES)] if self.findings % 3 else None,
                        "comment": "",
                        "created_at": self.clock + timedelta(seconds=n),
                        "updated_at": self.clock + timedelta(seconds=n),
                    }
                )
                offset += len(text) + 2
                tag_rows.append({"finding_id": finding_id, "tag_id": self.tags[label]})
                if with_themes:
                    member_rows.append(
                        {
                            "theme_id": self.themes[label],
                            "finding_id": finding_id,
                            "state": "member",
                            "is_representative": self.findings % 97 == 0,
                            "similarity": 0.5 + self.random.random() / 2,
                        }
                    )
        from research_notes.models import note_participants

        db.session.execute(ResearchNote.__table__.insert(), note_rows)
        db.session.execute(Participant.__table__.insert(), participant_rows)
        db.session.execute(note_participants.insert(), links)
        for start in range(0, len(finding_rows), 5000):
            db.session.execute(Finding.__table__.insert(), finding_rows[start : start + 5000])
        db.session.execute(finding_tags.insert(), tag_rows)
        if member_rows:
            db.session.execute(ThemeMembership.__table__.insert(), member_rows)
        db.session.commit()
        # Statistics for the planner, as autovacuum would gather after a load this size.
        with db.engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE")
            connection.commit()
        return time.perf_counter() - started


def _app(url: str, folder: Path):
    return create_app(
        {
            "SECRET_KEY": "scale-bench",
            "INSTANCE_PATH": str(folder),
            "SQLALCHEMY_DATABASE_URI": url,
            "ENVIRONMENT": {},
            "REDIS_URL": None,
            "EMBED_FINDINGS_ON_SAVE": False,
            "JOB_SWEEP_SECONDS": 0,
        }
    )


def timed(client, url: str, repeat: int) -> tuple[list[float], list[float]]:
    """Wall-clock and this process's CPU milliseconds per request, sorted. The CPU time says
    what the page costs when other work on a shared machine stretches the wall clock (on
    PostgreSQL it leaves out the database server's own work)."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    wall, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return sorted(wall), sorted(cpu)


def timed_search(discovery, repeat: int) -> dict[str, list[float]]:
    results = {}
    for query in QUERIES:
        filters = search.FindingFilters(q=query)
        search.page_of_findings(discovery, filters, 1, 25)
        times, cpu = [], []
        for _ in range(repeat):
            db.session.expire_all()
            started, started_cpu = time.perf_counter(), time.process_time()
            page = search.page_of_findings(discovery, filters, 1, 25)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        results[query] = (sorted(times), sorted(cpu), page.total)
    return results


def row(label: str, times: list[float], limit: float, extra: str = "") -> None:
    p50, p95 = percentile(times, 50), percentile(times, 95)
    verdict = "ok" if p95 < limit else f"over {limit:.0f} ms"
    print(f"  {label:<38}{p50:>8.0f}{p95:>8.0f}  {verdict:<12}{extra}")


def bench_database(kind: str, args) -> dict:
    print(f"\n== {kind} (load average {os.getloadavg()[0]:.2f})")
    with (
        tempfile.TemporaryDirectory(prefix=f"scale-bench-{kind}-") as tmp,
        fresh_database(kind, Path(tmp)) as url,
    ):
        app = _app(url, Path(tmp))
        with app.app_context():
            from flask_migrate import upgrade

            upgrade()
            authorities = [
                core_services.upsert_authority(
                    "NPT", "Neath Port Talbot Council", "Cyngor Castell-nedd Port Talbot"
                ),
                core_services.upsert_authority("TOR", "Torfaen County Borough Council", "Cyngor Torfaen"),
                core_services.upsert_authority(
                    "BG", "Blaenau Gwent County Borough Council", "Cyngor Blaenau Gwent"
                ),
            ]
            user = core_services.create_user(EMAIL, "Scale researcher", "researcher", PASSWORD, authorities)
            data = core_services.DiscoveryData(
                title="Housing repairs at scale",
                service="Report a repair",
                problem_statement="How tenants report repairs and how they get done.",
                phase="discovery",
                start_date=date(2026, 1, 1),
                end_date=date(2026, 12, 31),
                authority_ids=[str(a.id) for a in authorities],
            )
            discovery = core_services.create_discovery(data, user)
            db.session.commit()
            builder = Builder(discovery, [a.id for a in authorities], corpus())
            builder.codebook_and_themes()
            seconds = builder.add(NOTES, FINDINGS, with_themes=True)
            print(f"  inserted {builder.notes} notes, {builder.findings} findings in {seconds:.1f} s")
            discovery_id = discovery.id
            biggest = db.session.scalar(
                sa.select(ThemeMembership.theme_id)
                .group_by(ThemeMembership.theme_id)
                .order_by(sa.func.count().desc())
                .limit(1)
            )
            theme_size = db.session.scalar(
                sa.select(sa.func.count()).where(ThemeMembership.theme_id == biggest)
            )

        client = app.test_client()
        fields = dict(form_with(client.get("/sign-in").get_data(as_text=True), "email")["fields"])
        fields.update(email=EMAIL, password=PASSWORD)
        signed_in = client.post("/sign-in", data=fields)
        assert signed_in.status_code == 302, signed_in.status_code
        base = f"/discoveries/{discovery_id}"
        pages = {
            "findings list, page 1": f"{base}/findings",
            "findings list, page 200": f"{base}/findings?page=200",
            "search 'damp'": f"{base}/findings?q=damp",
            "search 'repair form'": f"{base}/findings?q=repair+form",
            f"theme review ({theme_size} findings)": f"{base}/themes/{biggest}",
            "themes list": f"{base}/themes",
        }
        print(f"  {FINDINGS:,} findings, {NOTES} notes: {args.repeat} requests each (ms)")
        print(f"  {'page':<38}{'p50':>8}{'p95':>8}  {'target ' + str(PAGE_LIMIT_MS):<12}cpu p50")
        page_p95 = {}
        for label, url_path in pages.items():
            times, cpu = timed(client, url_path, args.repeat)
            row(label, times, PAGE_LIMIT_MS, f"{percentile(cpu, 50):7.0f}")
            page_p95[label] = percentile(times, 95)
        figures = {
            f"{kind}_findings": FINDINGS,
            f"{kind}_findings_list_p95_ms": round(page_p95["findings list, page 1"], 1),
            f"{kind}_search_page_p95_ms": round(
                max(page_p95["search 'damp'"], page_p95["search 'repair form'"]), 1
            ),
            f"{kind}_theme_review_p95_ms": round(
                page_p95[next(k for k in page_p95 if k.startswith("theme"))], 1
            ),
            f"{kind}_themes_list_p95_ms": round(page_p95["themes list"], 1),
            f"{kind}_pages_over_300ms": sum(1 for v in page_p95.values() if v >= PAGE_LIMIT_MS),
        }

        with app.app_context():
            discovery = db.session.get(type(discovery), discovery_id)
            builder.discovery = discovery
            seconds = builder.add(
                NOTES * (SEARCH_FINDINGS // FINDINGS) - NOTES, SEARCH_FINDINGS - FINDINGS, with_themes=False
            )
            print(f"\n  added findings to {builder.findings:,} ({builder.notes:,} notes) in {seconds:.1f} s")
            print(f"  search over {builder.findings:,} findings: {args.repeat} searches each (ms)")
            print(
                f"  {'query':<38}{'p50':>8}{'p95':>8}  {'target ' + str(SEARCH_LIMIT_MS):<12}cpu p50  matches"
            )
            worst = worst_cpu = 0.0
            for query, (times, cpu, total) in timed_search(discovery, args.repeat).items():
                row(query, times, SEARCH_LIMIT_MS, f"{percentile(cpu, 50):7.0f}  {total:>7,}")
                worst = max(worst, percentile(times, 95))
                worst_cpu = max(worst_cpu, percentile(cpu, 95))
            db.session.remove()
            db.engine.dispose()
        figures.update(
            {
                f"{kind}_search_findings": builder.findings,
                f"{kind}_search_p95_ms": round(worst, 1),
                f"{kind}_search_cpu_p95_ms": round(worst_cpu, 1),
            }
        )
    assurance.record("scale", **figures)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--quick", action="store_true", help="a bounded run for make assurance")
    args = parser.parse_args()
    if args.quick:
        args.repeat = min(args.repeat, 10)
    kinds = ("sqlite", "postgresql") if args.database == "both" else (args.database,)
    print(f"Scale: {', '.join(kinds)}; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for kind in kinds:
        bench_database(kind, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
