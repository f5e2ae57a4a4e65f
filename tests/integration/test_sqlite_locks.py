"""A new SQLite connection must not drop the locks this process holds on the database file.

POSIX record locks belong to the process: closing *any* descriptor of the file releases all of
them. Opening and closing the database file on each new connection (to fix its permissions)
let another process think it was alone, checkpoint and delete the -shm file under the web
server, and the next request read "database disk image is malformed".
"""

from __future__ import annotations

import os

import sqlalchemy as sa

from discovery.extensions import db


def test_a_new_connection_opens_no_descriptor_of_the_database_file(app, monkeypatch):
    path = os.path.realpath(db.engine.url.database)
    opened = []
    real_open = os.open

    def spying_open(file, *args, **kwargs):
        if os.path.realpath(os.fspath(file)) == path:
            opened.append(file)
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", spying_open)
    db.engine.dispose()
    with db.engine.connect() as connection:
        connection.execute(sa.text("SELECT 1"))
    assert opened == []


def test_the_database_and_its_side_files_stay_private(app):
    path = db.engine.url.database
    with db.engine.connect() as connection:
        connection.execute(sa.text("CREATE TABLE IF NOT EXISTS t (x)"))
        connection.execute(sa.text("INSERT INTO t VALUES (1)"))
        connection.commit()
        for name in (path, path + "-wal", path + "-shm"):
            if os.path.exists(name):
                assert os.stat(name).st_mode & 0o077 == 0, name
