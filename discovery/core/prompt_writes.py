"""Writes that commit at once, apart from the request's transaction: one statement each.

Sign-in attempt counts, their audit events and sessions' "last seen" times must be committed
at once (other requests need to see them, and a later rollback must not undo them) without
holding SQLite's write lock for the rest of the request. Each statement commits by itself
(autocommit), so the lock is held only while SQLite runs it, never while Python waits for the
GIL between statements: with 30 sign-ins at once, a transaction of several statements held
the lock long enough for others to give up with "database is locked".

They run on a second engine without a connection pool: a request that already holds one of
the main pool's connections never waits for another, so a burst of sign-ins cannot exhaust
the pool and deadlock (it did, with 30 at once).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app
from sqlalchemy import Connection, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import NullPool

from discovery.extensions import db

_EXTENSION = "discovery.prompt_writes"
_creating = threading.Lock()


@contextmanager
def prompt_connection() -> Iterator[Connection]:
    """A connection on which every statement commits as soon as it has run."""
    with _engine().connect() as conn:
        yield conn.execution_options(isolation_level="AUTOCOMMIT")


def _engine() -> Engine:
    app = current_app._get_current_object()
    engine = app.extensions.get(_EXTENSION)
    if engine is None:
        with _creating:
            engine = app.extensions.get(_EXTENSION)
            if engine is None:
                engine = app.extensions[_EXTENSION] = _make_engine(db.engine)
    return engine


def _make_engine(main: Engine) -> Engine:
    url = main.url
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        return main  # a second engine would open a different, empty in-memory database
    engine = create_engine(url, poolclass=NullPool)
    if url.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()
