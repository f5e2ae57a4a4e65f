"""On SQLite a savepoint must be undone with the transaction around it.

Python's sqlite3 opens a transaction only before its first INSERT, UPDATE or DELETE, so a
SAVEPOINT sent first became the transaction, and releasing it committed: an import made in a
savepoint (the codebook's) was on disk before the request committed, and a kill -9 or an error
after it left half an import. ``database._begin_before_savepoint`` opens the transaction first.
"""

from __future__ import annotations

import sqlalchemy as sa

from discovery.extensions import db
from research_notes.models import Tag


def test_a_released_savepoint_is_rolled_back_with_its_transaction(app, factories):
    discovery_id = factories.discovery().id
    db.session.commit()
    db.session.remove()  # a fresh transaction whose first statement is the savepoint
    with db.session.begin_nested():
        db.session.add(Tag(discovery_id=discovery_id, name="Half an import"))
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Tag)) == 0


def test_a_savepoint_inside_a_transaction_still_commits_with_it(app, factories):
    discovery_id = factories.discovery().id
    db.session.commit()
    db.session.remove()
    with db.session.begin_nested():
        db.session.add(Tag(discovery_id=discovery_id, name="Kept"))
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Tag)) == 1
