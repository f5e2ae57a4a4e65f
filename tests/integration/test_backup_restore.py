"""Backups round-trip on SQLite and PostgreSQL, and a damaged backup never touches the database.

One fixture world: the demo discovery (every area has rows), loaded once per session into
SQLite and copied row by row into PostgreSQL, so the same data is checksummed on both.
"""

from __future__ import annotations

import json
import shutil
import stat
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from discovery.core.models import AuditEvent
from discovery.extensions import db
from discovery.ops import backup as ops
from research_notes.models import Finding, Participant
from tests import assurance
from tests.conftest import _reset_postgres, make_app
from tests.postgres_databases import own_database

pytest_plugins = ["tests.demo_fixtures"]  # demo_template: the session's demo database

HEAD = max(ops.known_revisions())  # the newest migration: numbered 0001, 0002…
FIGURES: dict[str, float | int] = {}


def _stamp(connection: sa.Connection, revision: str = HEAD) -> None:
    """Record a schema revision as `flask db upgrade` would (the fixture builds with create_all)."""
    connection.execute(
        sa.text("CREATE TABLE IF NOT EXISTS alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
    )
    connection.execute(sa.text("DELETE FROM alembic_version"))
    connection.execute(sa.text("INSERT INTO alembic_version VALUES (:r)"), {"r": revision})


def _sqlite_app(template: Path, folder: Path):
    shutil.copy(template / "test.sqlite", folder / "test.sqlite")
    shutil.copytree(template / "instance", folder / "instance", dirs_exist_ok=True)
    app = make_app(folder)
    with app.app_context(), db.engine.begin() as connection:
        _stamp(connection)
    return app


@pytest.fixture
def sqlite_app(demo_template, tmp_path):  # noqa: F811
    app = _sqlite_app(demo_template, tmp_path)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="module")
def postgres_database():
    """A database of its own: a restore refuses while any other test's connection is open."""
    with own_database("discovery_backup") as url:
        yield url


@pytest.fixture(scope="module")
def postgres_app(demo_template, postgres_database, tmp_path_factory):  # noqa: F811
    """The demo's rows copied table by table from the SQLite template into a fresh PostgreSQL."""
    app = make_app(tmp_path_factory.mktemp("pg-backup"), postgres_database)
    _reset_postgres(app)
    source = sa.create_engine(f"sqlite:///{demo_template / 'test.sqlite'}")
    with app.app_context():
        with source.connect() as read, db.engine.begin() as write:
            for table in db.metadata.sorted_tables:
                rows = [dict(r) for r in read.execute(sa.select(table)).mappings()]
                if rows:
                    write.execute(table.insert(), rows)
            for table in db.metadata.sorted_tables:  # explicit ids leave the sequences at 1
                key = list(table.primary_key.columns)
                if len(key) == 1 and isinstance(key[0].type, sa.Integer):
                    write.execute(
                        sa.text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', '{key[0].name}'), "
                            f"COALESCE((SELECT MAX({key[0].name}) FROM {table.name}), 0) + 1, false)"
                        )
                    )
            _stamp(write)
        source.dispose()
        yield app
        db.session.remove()
        db.engine.dispose()


def _sums() -> dict[str, ops.TableSum]:
    db.session.remove()
    with db.engine.connect() as connection:
        return ops.table_checksums(connection, db.metadata)


def _cli(app, *args: str):
    db.session.remove()
    return app.test_cli_runner().invoke(args=list(args))


def _damage_the_data() -> None:
    """What a mistake or an attack might do: delete, change and add rows across tables."""
    db.session.execute(sa.delete(Finding).where(Finding.kind == "quote"))
    db.session.execute(sa.update(Participant).values(pseudonym=Participant.pseudonym + "x"))
    db.session.execute(sa.text("DELETE FROM finding_tags"))
    db.session.add(AuditEvent(action="tampered", actor_email="", object_type="", object_id="", details={}))
    db.session.commit()


def _round_trip(app, tmp_path: Path, name: str) -> dict[str, float | int]:
    before = _sums()
    path = tmp_path / name

    started = time.perf_counter()
    taken = _cli(app, "backup", str(path))
    backup_s = time.perf_counter() - started
    assert taken.exit_code == 0, taken.output
    assert "readable by their owner only (mode 0600)" in taken.output
    for made in (path, ops.manifest_path_for(path)):
        assert stat.S_IMODE(made.stat().st_mode) == 0o600, made

    manifest = json.loads(ops.manifest_path_for(path).read_text())
    assert manifest["alembic_revision"] == HEAD
    assert {k: ops.TableSum(**v) for k, v in manifest["tables"].items()} == before

    _damage_the_data()
    damaged = _sums()
    changed = {name for name in before if before[name] != damaged[name]}
    assert {"findings", "participants", "finding_tags", "audit_events"} <= changed

    started = time.perf_counter()
    restored = _cli(app, "restore", str(path), "--yes")
    restore_s = time.perf_counter() - started
    assert restored.exit_code == 0, restored.output
    assert "every row count and checksum matches" in restored.output

    after = _sums()
    # The restore adds one audit event after checking the tables: "database_restored".
    mismatches = [
        k for k in before.keys() | after.keys() if k != "audit_events" and before.get(k) != after.get(k)
    ]
    assert mismatches == []
    assert after["audit_events"].rows == before["audit_events"].rows + 1
    last = db.session.scalar(sa.select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1))
    assert last.action == "database_restored"
    return {
        "mismatches": len(mismatches),
        "backup_s": round(backup_s, 3),
        "restore_s": round(restore_s, 3),
        "tables": len(before),
        "rows": sum(s.rows for s in before.values()),
    }


def test_a_sqlite_backup_restores_every_table_to_its_row_counts_and_checksums(sqlite_app, tmp_path):
    figures = _round_trip(sqlite_app, tmp_path, "discovery.sqlite.backup")
    assert figures["tables"] >= 40 and figures["rows"] > 1500
    FIGURES.update(sqlite_backup_s=figures["backup_s"], sqlite_restore_s=figures["restore_s"])
    FIGURES.update(tables=figures["tables"], rows=figures["rows"])
    FIGURES["mismatches"] = FIGURES.get("mismatches", 0) + figures["mismatches"]


def test_a_postgresql_backup_restores_every_table_to_its_row_counts_and_checksums(postgres_app, tmp_path):
    with postgres_app.app_context():
        figures = _round_trip(postgres_app, tmp_path, "discovery.dump")
    assert figures["tables"] >= 40 and figures["rows"] > 1500
    FIGURES.update(postgres_backup_s=figures["backup_s"], postgres_restore_s=figures["restore_s"])
    FIGURES["mismatches"] = FIGURES.get("mismatches", 0) + figures["mismatches"]


def test_the_same_data_has_the_same_checksums_on_sqlite_and_postgresql(demo_template, tmp_path, postgres_app):  # noqa: F811
    app = _sqlite_app(demo_template, tmp_path)
    with app.app_context():
        on_sqlite = _sums()
        db.engine.dispose()
    with postgres_app.app_context():
        on_postgres = _sums()
    on_sqlite.pop("audit_events"), on_postgres.pop("audit_events")  # the PostgreSQL tests added some
    assert on_sqlite == on_postgres


def _truncate(path: Path, manifest: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _flip_a_byte(path: Path, manifest: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def _lose_the_manifest(path: Path, manifest: Path) -> None:
    manifest.unlink()


def _garble_the_manifest(path: Path, manifest: Path) -> None:
    manifest.write_text(manifest.read_text()[:100])


def _from_a_newer_schema(path: Path, manifest: Path) -> None:
    data = json.loads(manifest.read_text())
    data["alembic_revision"] = "9999"
    manifest.write_text(json.dumps(data))


def _edit_file_and_manifest_together(path: Path, manifest: Path) -> None:
    """A backup altered by someone who also fixed up the file's size and hash in the manifest."""
    import sqlite3

    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE participants SET pseudonym = 'P99' WHERE rowid = 1")
    connection.close()
    data = json.loads(manifest.read_text())
    data["file"] = {"name": path.name, "bytes": path.stat().st_size, "sha256": ops.file_sha256(path)}
    manifest.write_text(json.dumps(data))


DAMAGE = {
    "truncated": (_truncate, "does not match its manifest"),
    "a byte changed": (_flip_a_byte, "does not match its manifest"),
    "no manifest": (_lose_the_manifest, "There is no manifest beside the backup"),
    "a garbled manifest": (_garble_the_manifest, "unreadable or not a discovery backup manifest"),
    "a newer schema": (_from_a_newer_schema, "comes from a newer version of discovery (schema revision 9999"),
}


@pytest.mark.parametrize("damage", [*DAMAGE, "rows edited, manifest fixed up"])
def test_a_damaged_sqlite_backup_is_refused_and_the_database_is_untouched(sqlite_app, tmp_path, damage):
    path = tmp_path / "backup.sqlite"
    assert _cli(sqlite_app, "backup", str(path)).exit_code == 0
    harm, message = DAMAGE.get(
        damage, (_edit_file_and_manifest_together, "participants: 25 rows as expected")
    )
    harm(path, ops.manifest_path_for(path))
    _damage_the_data()
    before = _sums()
    refused = _cli(sqlite_app, "restore", str(path), "--yes")
    assert refused.exit_code == 1
    assert message in refused.output
    assert _sums() == before


@pytest.mark.parametrize("damage", ["truncated", "a byte changed", "no manifest", "a newer schema"])
def test_a_damaged_postgresql_backup_is_refused_and_the_database_is_untouched(postgres_app, tmp_path, damage):
    path = tmp_path / "backup.dump"
    with postgres_app.app_context():
        assert _cli(postgres_app, "backup", str(path)).exit_code == 0
        harm, message = DAMAGE[damage]
        harm(path, ops.manifest_path_for(path))
        before = _sums()
        refused = _cli(postgres_app, "restore", str(path), "--yes")
        assert refused.exit_code == 1
        assert message in refused.output
        assert _sums() == before


def test_a_restore_asks_first_and_does_nothing_when_told_no(sqlite_app, tmp_path):
    path = tmp_path / "backup.sqlite"
    assert _cli(sqlite_app, "backup", str(path)).exit_code == 0
    _damage_the_data()
    before = _sums()
    answered = sqlite_app.test_cli_runner().invoke(args=["restore", str(path)], input="n\n")
    assert "This replaces everything in the database" in answered.output
    assert answered.exit_code == 1
    assert _sums() == before


def test_a_backup_never_overwrites_a_file_or_restores_across_database_kinds(
    sqlite_app, tmp_path, postgres_app
):
    path = tmp_path / "backup.sqlite"
    assert _cli(sqlite_app, "backup", str(path)).exit_code == 0
    again = _cli(sqlite_app, "backup", str(path))
    assert again.exit_code == 1 and "already exists" in again.output
    with postgres_app.app_context():
        across = _cli(postgres_app, "restore", str(path), "--yes")
    assert across.exit_code == 1
    assert "This backup is of a sqlite database, and the configured database is postgresql" in across.output


def test_refusals_and_mismatches_read_in_welsh_where_the_service_speaks_welsh(sqlite_app, tmp_path):
    path = tmp_path / "backup.sqlite"
    assert _cli(sqlite_app, "backup", str(path)).exit_code == 0
    _edit_file_and_manifest_together(path, ops.manifest_path_for(path))
    with force_locale("cy"):
        again = _cli(sqlite_app, "backup", str(path))
        tampered = _cli(sqlite_app, "restore", str(path), "--yes")
        _lose_the_manifest(path, ops.manifest_path_for(path))
        unchecked = _cli(sqlite_app, "restore", str(path), "--yes")
    assert again.exit_code == 1 and f"Mae {path} yn bodoli eisoes. Dewiswch enw ffeil newydd" in again.output
    assert tampered.exit_code == 1
    assert (
        "Nid yw tablau'r copi wrth gefn yn cyfateb i'w faniffest: participants: 25 rhes fel y disgwylid"
        in tampered.output
    )
    assert "Nid oes maniffest wrth ymyl y copi wrth gefn" in unchecked.output
    assert "backup" not in tampered.output.replace(str(path), "")


def test_a_pg_dump_older_than_the_server_is_refused_with_what_to_install(postgres_app, monkeypatch):
    monkeypatch.setattr(ops, "_tool_major", lambda tool: 9)
    refused = pytest.raises(ops.BackupError, match=r"Install the client tools for PostgreSQL \d+ or later")
    with postgres_app.app_context(), db.engine.connect() as connection, refused:
        ops._check_tool_version("/usr/bin/pg_dump", connection)


def test_a_sqlite_backup_taken_during_writes_is_one_consistent_moment(sqlite_app, tmp_path):
    """A writer commits audit events in pairs while the backup runs: the copy never holds half a pair."""
    stop = threading.Event()
    engine = db.engine

    def write_pairs() -> None:
        while not stop.is_set():
            with engine.begin() as connection:
                for _ in range(2):
                    connection.execute(
                        sa.insert(AuditEvent).values(
                            action="pair", actor_email="", object_type="", object_id="", details={}
                        )
                    )

    writer = threading.Thread(target=write_pairs)
    writer.start()
    try:
        time.sleep(0.05)
        path = tmp_path / "during.sqlite"
        taken = _cli(sqlite_app, "backup", str(path))
    finally:
        stop.set()
        writer.join()
    assert taken.exit_code == 0, taken.output
    copy = sa.create_engine(f"sqlite:///{path}")
    with copy.connect() as connection:
        pairs = connection.scalar(sa.select(sa.func.count()).where(AuditEvent.action == "pair"))
        check = connection.scalar(sa.text("PRAGMA integrity_check"))
    copy.dispose()
    assert check == "ok"
    assert pairs > 0 and pairs % 2 == 0


def teardown_module() -> None:
    """The times and counts for the assurance report (recorded once, as numbers add up there)."""
    if FIGURES:
        assurance.record("backup", **FIGURES)


def test_a_postgresql_restore_refuses_while_the_app_is_still_connected(postgres_app, tmp_path):
    """pg_restore would wait for the web app's locks without end: the restore says to stop it first."""
    path = tmp_path / "backup.dump"
    with postgres_app.app_context():
        assert _cli(postgres_app, "backup", str(path)).exit_code == 0
        before = _sums()
        web_app = sa.create_engine(db.engine.url)
        with web_app.connect() as still_serving:
            still_serving.execute(sa.text("SELECT 1"))
            refused = _cli(postgres_app, "restore", str(path), "--yes")
        web_app.dispose()
        assert refused.exit_code == 1
        assert "1 other connection(s) to the database are open: stop the web app" in refused.output
        assert _sums() == before
