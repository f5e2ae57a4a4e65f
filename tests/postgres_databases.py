"""A PostgreSQL database of a test's own: for tests that restore or migrate a whole database.

Other tests share the run's database (``postgres_url``); a test whose subject is the whole
database (a restore refuses while anyone else is connected; the production stack migrates from
nothing) gets one that no other test can touch, dropped afterwards.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator

import sqlalchemy as sa

from tests.support import DEFAULT_PG, port_open, service_missing


@contextlib.contextmanager
def own_database(prefix: str) -> Iterator[str]:
    """Yield the URL of a new, empty database; skip (or fail in CI) without PostgreSQL."""
    base = sa.make_url(os.environ.get("TEST_DATABASE_URL") or DEFAULT_PG)
    if not port_open(base.render_as_string(hide_password=False), 5432):
        service_missing("PostgreSQL", str(base))
    name = f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = sa.create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as error:
        admin.dispose()
        service_missing("PostgreSQL", f"{base}: {error.orig}")
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
