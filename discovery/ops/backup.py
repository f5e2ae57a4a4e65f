"""Backups a council can restore and check: one file of the whole database, and a manifest.

``take_backup`` copies the database (SQLite's online backup API, or ``pg_dump --format=custom``
from one snapshot) to a file created readable by its owner only, and writes beside it
``<file>.manifest.json``: when, which app version and schema revision, which database, the
file's size and SHA-256, and each table's row count and checksum. ``restore_backup`` refuses a
backup that does not match its manifest, comes from another kind of database or from a newer
schema, *before* it touches anything; after restoring it counts and checksums every table again.

A table's checksum is SHA-256 over its rows in primary-key order, each row's values normalised
(UUIDs as hex, times in UTC, JSON with sorted keys, binary as its own SHA-256) so the same data
gives the same checksum on SQLite and on PostgreSQL.

Failure modes, each a :class:`BackupError` with a message for the operator: the target file
already exists; pg_dump/pg_restore missing or older than the server; the manifest missing,
unreadable or not ours; the backup truncated or altered; a schema revision this code does not
know; a restore whose counts or checksums differ afterwards (reported, not raised).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess  # noqa: S404 - pg_dump and pg_restore are the supported PostgreSQL tools
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from discovery.config import VERSION
from research_notes.importers.results import N_, Notice

FORMAT = "discovery-backup/1"
PRIVATE_FILE = 0o600
ALEMBIC_TABLE = "alembic_version"
MIGRATIONS = Path(__file__).resolve().parent.parent.parent / "migrations"
CHECKSUM_RULE = (
    "sha256 over the table's rows in primary-key order (bytewise for text), one JSON array per "
    "row; UUIDs as hex, times as UTC ISO 8601, JSON with sorted keys, binary as its sha256"
)


class BackupError(RuntimeError):
    """The backup or restore cannot go ahead; the message says why and what to do.

    ``notice`` keeps the sentence's template and parameters so the command shows it in the
    configured language (``str()`` is the English); ``details`` are one notice per table
    whose rows or checksum differ.
    """

    def __init__(self, template: str, details: list[Notice] | tuple = (), **params: object) -> None:
        self.notice = Notice(template, **params)
        self.details = list(details)
        super().__init__(self.explained())

    def explained(self, say: Callable[[Notice], str] = str) -> str:
        """The sentence and its details, each put into words by ``say`` (English by default;
        the command passes the translator)."""
        said = say(self.notice)
        return " ".join([said, "; ".join(say(detail) for detail in self.details)]) if self.details else said


@dataclass(frozen=True)
class TableSum:
    rows: int
    sha256: str


@dataclass
class Outcome:
    """What a backup or a restore did, for the command to report."""

    path: Path
    manifest_path: Path
    manifest: dict
    mismatches: list[str] = field(default_factory=list)

    @property
    def tables(self) -> int:
        return len(self.manifest["tables"])

    @property
    def rows(self) -> int:
        return sum(t["rows"] for t in self.manifest["tables"].values())


def manifest_path_for(path: Path) -> Path:
    return path.with_name(path.name + ".manifest.json")


def database_kind(engine: Engine) -> str:
    return engine.dialect.name


# Checksums ---------------------------------------------------------------------------------------


def _normal(value: object) -> object:
    """One value as the same JSON-able thing whichever database it was read from."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, Decimal):
        return str(value.normalize())
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return "sha256:" + hashlib.sha256(bytes(value)).hexdigest()
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return str(value)


def _order_by(table: sa.Table, dialect: str) -> list:
    columns = list(table.primary_key.columns) or list(table.columns)
    ordered = []
    for column in columns:
        if dialect == "postgresql" and isinstance(column.type, sa.String):
            ordered.append(column.collate("C"))  # SQLite compares text bytewise; so does "C"
        else:
            ordered.append(column)
    return ordered


def _tables(connection: Connection, metadata: sa.MetaData) -> list[tuple[sa.Table, list[sa.Column]]]:
    """The app's tables that exist in this database, each with the columns it really has.

    Reading only the columns present lets this code check a backup from an older schema (fewer
    tables or columns), as long as later migrations only added to it.
    """
    inspector = sa.inspect(connection)
    present = {
        table: {c["name"] for c in columns} for (_, table), columns in inspector.get_multi_columns().items()
    }
    tables = [
        (table, [c for c in table.columns if c.name in present[table.name]])
        for table in metadata.sorted_tables
        if table.name in present
    ]
    if ALEMBIC_TABLE in present:
        version = sa.Table(
            ALEMBIC_TABLE, sa.MetaData(), sa.Column("version_num", sa.String(32), primary_key=True)
        )
        tables.append((version, list(version.columns)))
    return tables


def table_checksums(connection: Connection, metadata: sa.MetaData) -> dict[str, TableSum]:
    """Row count and checksum of every table, read through ``connection`` (one snapshot)."""
    sums: dict[str, TableSum] = {}
    dialect = connection.dialect.name
    for table, columns in _tables(connection, metadata):
        digest = hashlib.sha256()
        rows = 0
        query = sa.select(*columns).order_by(*_order_by(table, dialect))
        for row in connection.execution_options(yield_per=1000).execute(query):
            line = json.dumps([_normal(v) for v in row], ensure_ascii=False, separators=(",", ":"))
            digest.update(line.encode() + b"\n")
            rows += 1
        sums[table.name] = TableSum(rows, digest.hexdigest())
    return dict(sorted(sums.items()))


def alembic_revision(connection: Connection) -> str | None:
    if ALEMBIC_TABLE not in sa.inspect(connection).get_table_names():
        return None
    heads = sorted(connection.scalars(sa.text(f"SELECT version_num FROM {ALEMBIC_TABLE}")))  # noqa: S608 - a constant table name
    return ",".join(heads) or None


def known_revisions() -> set[str]:
    """Every schema revision this code's migrations know."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}


def compare(expected: dict[str, dict], actual: dict[str, TableSum]) -> list[Notice]:
    """One line per table whose rows or checksum differ, in words an operator can act on."""
    problems = []
    for name in sorted(set(expected) | set(actual)):
        want, got = expected.get(name), actual.get(name)
        if want is None:
            problems.append(Notice(N_("%(table)s: in the database but not in the backup"), table=name))
        elif got is None:
            problems.append(Notice(N_("%(table)s: in the backup but not in the database"), table=name))
        elif want["rows"] != got.rows:
            problems.append(
                Notice(
                    N_("%(table)s: %(rows)d rows, the backup has %(expected)d"),
                    table=name,
                    rows=got.rows,
                    expected=want["rows"],
                )
            )
        elif want["sha256"] != got.sha256:
            problems.append(
                Notice(
                    N_("%(table)s: %(rows)d rows as expected, but their contents differ"),
                    table=name,
                    rows=got.rows,
                )
            )
    return problems


# Files ---------------------------------------------------------------------------------------------


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _private_temp(path: Path) -> Path:
    """An empty file beside ``path``, owner-only from the moment it exists."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.partial")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE))
    return tmp


def _write_private(path: Path, text: str) -> None:
    tmp = _private_temp(path)
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def _check_target(path: Path) -> None:
    if path.exists() or manifest_path_for(path).exists():
        raise BackupError(
            N_("%(path)s already exists. Choose a new file name, or move the old backup first"), path=path
        )
    if not path.parent.is_dir():
        raise BackupError(
            N_("There is no folder %(folder)s. Create it first (readable by you only)"), folder=path.parent
        )


# Taking a backup -----------------------------------------------------------------------------------


def take_backup(engine: Engine, metadata: sa.MetaData, path: Path) -> Outcome:
    """Copy the whole database to ``path`` and write its manifest; neither exists until both do."""
    path = path.expanduser().absolute()
    _check_target(path)
    tmp = _private_temp(path)
    try:
        if database_kind(engine) == "sqlite":
            details = _backup_sqlite(engine, metadata, tmp)
        elif database_kind(engine) == "postgresql":
            details = _backup_postgres(engine, metadata, tmp)
        else:
            raise BackupError(
                N_("Backups of %(kind)s databases are not supported"), kind=database_kind(engine)
            )
        sums = details.pop("tables")
        manifest = {
            "format": FORMAT,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "app_version": VERSION,
            **details,
            "file": {"name": path.name, "bytes": tmp.stat().st_size, "sha256": file_sha256(tmp)},
            "checksum_rule": CHECKSUM_RULE,
            "contains_personal_data": True,
            "tables": {name: {"rows": s.rows, "sha256": s.sha256} for name, s in sums.items()},
        }
        _write_private(manifest_path_for(path), json.dumps(manifest, indent=2) + "\n")
        tmp.replace(path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return Outcome(path, manifest_path_for(path), manifest)


def _backup_sqlite(engine: Engine, metadata: sa.MetaData, target: Path) -> dict:
    """SQLite's online backup API, in one step: a consistent copy while the app keeps serving.

    The copy is made through the engine's own connection: opening a second descriptor on the
    live file in this process would drop SQLite's locks when it closed (see discovery.database).
    """
    raw = engine.raw_connection()
    try:
        destination = sqlite3.connect(target)
        try:
            raw.driver_connection.backup(destination)
            destination.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            destination.close()
    finally:
        raw.close()
    with _sqlite_readonly(target) as copy, copy.connect() as connection:
        return {
            "database": "sqlite",
            "server_version": sqlite3.sqlite_version,
            "tool": f"SQLite {sqlite3.sqlite_version} online backup API",
            "alembic_revision": alembic_revision(connection),
            "tables": table_checksums(connection, metadata),
        }


@contextlib.contextmanager
def _sqlite_readonly(path: Path):
    engine = sa.create_engine(f"sqlite:///file:{path}?mode=ro&uri=true", poolclass=sa.pool.NullPool)
    try:
        yield engine
    finally:
        engine.dispose()


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            N_(
                "%(tool)s is not installed. Install the PostgreSQL client tools of the server's "
                "version (on Debian: apt-get install postgresql-client)"
            ),
            tool=name,
        )
    return found


def _tool_major(tool: str) -> int:
    output = subprocess.run([tool, "--version"], capture_output=True, text=True, check=True).stdout  # noqa: S603
    match = re.search(r"(\d+)(?:\.\d+)?", output)
    if match is None:
        raise BackupError(
            N_("Could not read the version of %(tool)s from %(output)r"), tool=tool, output=output
        )
    return int(match.group(1))


def _check_tool_version(tool: str, connection: Connection) -> tuple[int, str]:
    server = connection.scalar(sa.text("SHOW server_version"))
    server_major = int(connection.scalar(sa.text("SHOW server_version_num"))) // 10000
    tool_major = _tool_major(tool)
    if tool_major < server_major:
        raise BackupError(
            N_(
                "%(tool)s is version %(tool_major)d but the PostgreSQL server is %(server)s. Install "
                "the client tools for PostgreSQL %(server_major)d or later (on Debian: apt-get "
                "install postgresql-client-%(server_major)d)"
            ),
            tool=Path(tool).name,
            tool_major=tool_major,
            server=server,
            server_major=server_major,
        )
    return tool_major, server


def libpq_environment(engine: Engine) -> tuple[str, dict[str, str]]:
    """A connection URI for pg_dump/pg_restore, with the password in PGPASSWORD, not argv."""
    url = engine.url
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _backup_postgres(engine: Engine, metadata: sa.MetaData, target: Path) -> dict:
    """pg_dump from an exported snapshot, and the checksums read from that same snapshot."""
    pg_dump = _pg_tool("pg_dump")
    uri, env = libpq_environment(engine)
    snapshot_connection = engine.connect().execution_options(isolation_level="REPEATABLE READ")
    with snapshot_connection as connection, connection.begin():
        major, server = _check_tool_version(pg_dump, connection)
        snapshot = connection.scalar(sa.text("SELECT pg_export_snapshot()"))
        with target.open("wb") as out:
            result = subprocess.run(  # noqa: S603 - fixed arguments, no shell
                [pg_dump, "--format=custom", f"--snapshot={snapshot}", "--dbname", uri],
                stdout=out,
                stderr=subprocess.PIPE,
                env=env,
                check=False,
            )
        if result.returncode != 0:
            raise BackupError(
                N_("pg_dump failed: %(detail)s"), detail=result.stderr.decode(errors="replace").strip()
            )
        return {
            "database": "postgresql",
            "server_version": server,
            "tool": f"pg_dump {major} --format=custom",
            "alembic_revision": alembic_revision(connection),
            "tables": table_checksums(connection, metadata),
        }


# Restoring -----------------------------------------------------------------------------------------


def read_manifest(path: Path) -> dict:
    """The manifest beside ``path``, checked for shape; BackupError if it cannot be trusted."""
    manifest_path = manifest_path_for(path)
    if not path.is_file():
        raise BackupError(N_("There is no backup file at %(path)s"), path=path)
    if not manifest_path.is_file():
        raise BackupError(
            N_(
                "There is no manifest beside the backup (expected %(path)s). A backup is restored "
                "only when it can be checked against its manifest"
            ),
            path=manifest_path,
        )
    unreadable = BackupError(
        N_("The manifest %(path)s is unreadable or not a discovery backup manifest; nothing was restored"),
        path=manifest_path,
    )
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        well_formed = (
            manifest.get("format") == FORMAT
            and isinstance(manifest.get("tables"), dict)
            and bool(manifest["tables"])
            and all(_is_table_sum(entry) for entry in manifest["tables"].values())
            and isinstance(manifest["file"]["bytes"], int)
            and isinstance(manifest["file"]["sha256"], str)
            and isinstance(manifest["database"], str)
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        raise unreadable from None
    if not well_formed:
        raise unreadable
    return manifest


def _is_table_sum(entry: object) -> bool:
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("rows"), int)
        and isinstance(entry.get("sha256"), str)
    )


def verify_backup(path: Path, manifest: dict, engine: Engine, metadata: sa.MetaData) -> None:
    """Everything that can be checked without touching the database; BackupError if any fails."""
    kind = database_kind(engine)
    if manifest["database"] != kind:
        raise BackupError(
            N_(
                "This backup is of a %(backup)s database, and the configured database is "
                "%(configured)s. Restore it into a %(backup)s database"
            ),
            backup=manifest["database"],
            configured=kind,
        )
    revision = manifest.get("alembic_revision")
    if revision:
        unknown = set(revision.split(",")) - known_revisions()
        if unknown:
            raise BackupError(
                N_(
                    "This backup comes from a newer version of discovery (schema revision "
                    "%(revisions)s, which this version does not know). Install that version or "
                    "later, then restore"
                ),
                revisions=", ".join(sorted(unknown)),
            )
    size = path.stat().st_size
    if size != manifest["file"]["bytes"] or file_sha256(path) != manifest["file"]["sha256"]:
        raise BackupError(
            N_(
                "The backup file does not match its manifest (%(size)d bytes, the manifest says "
                "%(expected)d; or its SHA-256 differs): it is truncated, corrupt or was changed. "
                "Nothing was restored"
            ),
            size=size,
            expected=manifest["file"]["bytes"],
        )
    if kind == "sqlite":
        _verify_sqlite_file(path, manifest, metadata)
    else:
        _verify_postgres_file(path, engine)


def _verify_sqlite_file(path: Path, manifest: dict, metadata: sa.MetaData) -> None:
    try:
        with _sqlite_readonly(path) as copy, copy.connect() as connection:
            check = connection.scalar(sa.text("PRAGMA integrity_check"))
            sums = table_checksums(connection, metadata) if check == "ok" else {}
    except sa.exc.DatabaseError as error:
        raise BackupError(
            N_("The backup file is not a readable SQLite database (%(error)s)"), error=error.orig
        ) from None
    if check != "ok":
        raise BackupError(N_("The backup file fails SQLite's integrity check: %(check)s"), check=check)
    problems = compare(manifest["tables"], sums)
    if problems:
        raise BackupError(N_("The backup's tables do not match its manifest:"), details=problems)


def _verify_postgres_file(path: Path, engine: Engine) -> None:
    pg_restore = _pg_tool("pg_restore")
    with engine.connect() as connection:
        _check_tool_version(pg_restore, connection)
        others = connection.scalar(
            sa.text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
            )
        )
    # pg_restore waits, without a timeout (the dump resets lock_timeout), for every lock that a
    # connected web app or worker holds: refuse instead of hanging.
    if others:
        raise BackupError(
            N_(
                "%(others)d other connection(s) to the database are open: stop the web app and the "
                "workers first (%(command)s). Nothing was restored"
            ),
            others=others,
            command="systemctl stop discovery-web 'discovery-worker@*'",
        )
    result = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [pg_restore, "--list", str(path)], capture_output=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(
            N_("pg_restore cannot read the backup: %(detail)s"), detail=result.stderr.decode(errors="replace")
        )


def restore_backup(engine: Engine, metadata: sa.MetaData, path: Path, manifest: dict) -> Outcome:
    """Replace the database's contents with the (verified) backup, then check every table."""
    if database_kind(engine) == "sqlite":
        _restore_sqlite(engine, path)
    else:
        _restore_postgres(engine, path)
    engine.dispose()
    with engine.connect() as connection:
        sums = table_checksums(connection, metadata)
    return Outcome(path, manifest_path_for(path), manifest, compare(manifest["tables"], sums))


def _restore_sqlite(engine: Engine, path: Path) -> None:
    """The backup API the other way: page by page into the live file, under SQLite's locks."""
    engine.dispose()
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    raw = engine.raw_connection()
    try:
        source.backup(raw.driver_connection)
    finally:
        raw.close()
        source.close()


def _restore_postgres(engine: Engine, path: Path) -> None:
    """pg_restore --clean --if-exists in one transaction: all of the backup, or nothing."""
    engine.dispose()
    uri, env = libpq_environment(engine)
    command = [
        _pg_tool("pg_restore"),
        "--clean",
        "--if-exists",
        "--single-transaction",
        "--exit-on-error",
        "--no-owner",
        "--no-privileges",
        "--dbname",
        uri,
        str(path),
    ]
    result = subprocess.run(command, capture_output=True, env=env, check=False)  # noqa: S603
    if result.returncode != 0:
        detail = result.stderr.decode(errors="replace").strip()
        raise BackupError(
            N_("pg_restore failed and rolled back; the database is as it was. %(detail)s"), detail=detail
        )
