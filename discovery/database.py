"""Engine settings that Flask-SQLAlchemy's config cannot express, and a private SQLite file."""

from __future__ import annotations

import functools
import os
from pathlib import Path

from flask import Flask
from sqlalchemy import event, make_url
from sqlalchemy.engine import Engine

from discovery.extensions import db

PRIVATE_FILE = 0o600
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def configure_engine_events(app: Flask) -> None:
    """Turn on SQLite foreign keys, WAL and a busy timeout on every new connection.

    Without foreign_keys=ON SQLite ignores every ON DELETE rule in the schema; without WAL
    and a busy timeout the background job thread and web requests fail with "database is
    locked" instead of waiting their turn (SQLITE_BUSY_TIMEOUT_MS, 5 seconds by default;
    past it the person sees the "try again" page).

    The database file holds research data, so it is created readable by its owner only, and
    its -wal and -shm files (which SQLite gives the database file's permissions) too.
    """
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if not url.startswith("sqlite"):
        return
    path = sqlite_path(url)
    if path is not None:
        make_private_file(path)
    with app.app_context():
        engine: Engine = db.engine
    timeout = int(app.config.get("SQLITE_BUSY_TIMEOUT_MS", 5000))
    event.listen(engine, "connect", functools.partial(_sqlite_pragmas, busy_timeout_ms=timeout, path=path))
    event.listen(engine, "savepoint", _begin_before_savepoint)


def _begin_before_savepoint(connection, _name) -> None:
    """Open the real transaction before a savepoint that would otherwise be the first statement.

    Python's sqlite3 begins a transaction only before its first INSERT, UPDATE or DELETE. A
    SAVEPOINT sent before that starts the transaction itself, and its RELEASE then *commits*
    it: a codebook imported in a savepoint was on disk before the request's commit, so a crash
    (or a later error and rollback) left half an import behind. Found by the kill -9 tests.
    """
    dbapi_connection = connection.connection.dbapi_connection
    if not dbapi_connection.in_transaction:
        dbapi_connection.execute("BEGIN")


def sqlite_path(url: str) -> Path | None:
    """The file a SQLite URL names, or None for an in-memory database."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def make_private_file(path: Path) -> None:
    """Create ``path`` (empty: a valid SQLite database) owner-only, or tighten an existing one.

    Called once, before the app opens any connection: opening and closing a descriptor of a
    database file that this process already has open would drop SQLite's POSIX locks on it
    (they belong to the process, not the descriptor), and another process could then
    checkpoint or delete the -shm file under it: "database disk image is malformed".
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_RDWR, PRIVATE_FILE)
        os.close(fd)
    tighten_permissions(path)


def tighten_permissions(path: Path) -> None:
    """Make the database and its side files owner-only, by name: no file is opened."""
    for candidate in (path, *(path.with_name(path.name + s) for s in SQLITE_SIDE_FILES)):
        try:
            if candidate.stat().st_mode & 0o077:
                candidate.chmod(PRIVATE_FILE)
        except FileNotFoundError:
            continue


def _sqlite_pragmas(dbapi_connection, _record, *, busy_timeout_ms: int, path: Path | None) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms:d}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()
    if path is not None:
        tighten_permissions(path)
