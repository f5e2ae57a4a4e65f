"""Engine settings that Flask-SQLAlchemy's config cannot express."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from discovery.extensions import db


def configure_engine_events(app: Flask) -> None:
    """Turn on SQLite foreign keys, WAL and a busy timeout on every new connection.

    Without foreign_keys=ON SQLite ignores every ON DELETE rule in the schema; without WAL
    and a busy timeout the background job thread and web requests fail with "database is
    locked" instead of waiting their turn.
    """
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    with app.app_context():
        engine: Engine = db.engine
    event.listen(engine, "connect", _sqlite_pragmas)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()
