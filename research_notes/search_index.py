"""Full-text search indexes: SQLite FTS5 by default, PostgreSQL text search when on PostgreSQL.

The index objects are not SQLAlchemy models (virtual tables and expression indexes), so they
are created here — by migration 0003 on real databases and by a metadata ``after_create``
hook when tests build the schema with ``create_all`` — and their names all start with
``search_`` so Alembic's autogenerate leaves them alone.
"""

from __future__ import annotations

from sqlalchemy import event, text
from sqlalchemy.engine import Connection

from discovery.extensions import db

PREFIX = "search_"

_SQLITE = [
    # External-content FTS5 tables: the text lives once, in findings and research_notes.
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_findings USING fts5("
    "text, comment, content='findings', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_notes USING fts5("
    "title, body, content='research_notes', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS search_findings_ai AFTER INSERT ON findings BEGIN "
    "INSERT INTO search_findings(rowid, text, comment) VALUES (new.rowid, new.text, new.comment); END",
    "CREATE TRIGGER IF NOT EXISTS search_findings_ad AFTER DELETE ON findings BEGIN "
    "INSERT INTO search_findings(search_findings, rowid, text, comment) "
    "VALUES ('delete', old.rowid, old.text, old.comment); END",
    "CREATE TRIGGER IF NOT EXISTS search_findings_au AFTER UPDATE OF text, comment ON findings BEGIN "
    "INSERT INTO search_findings(search_findings, rowid, text, comment) "
    "VALUES ('delete', old.rowid, old.text, old.comment); "
    "INSERT INTO search_findings(rowid, text, comment) VALUES (new.rowid, new.text, new.comment); END",
    "CREATE TRIGGER IF NOT EXISTS search_notes_ai AFTER INSERT ON research_notes BEGIN "
    "INSERT INTO search_notes(rowid, title, body) VALUES (new.rowid, new.title, new.body); END",
    "CREATE TRIGGER IF NOT EXISTS search_notes_ad AFTER DELETE ON research_notes BEGIN "
    "INSERT INTO search_notes(search_notes, rowid, title, body) "
    "VALUES ('delete', old.rowid, old.title, old.body); END",
    "CREATE TRIGGER IF NOT EXISTS search_notes_au AFTER UPDATE OF title, body ON research_notes BEGIN "
    "INSERT INTO search_notes(search_notes, rowid, title, body) "
    "VALUES ('delete', old.rowid, old.title, old.body); "
    "INSERT INTO search_notes(rowid, title, body) VALUES (new.rowid, new.title, new.body); END",
    # Fill the index from rows that existed before it (a no-op on an empty database).
    "INSERT INTO search_findings(search_findings) VALUES ('rebuild')",
    "INSERT INTO search_notes(search_notes) VALUES ('rebuild')",
]

_SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_findings_ai",
    "DROP TRIGGER IF EXISTS search_findings_ad",
    "DROP TRIGGER IF EXISTS search_findings_au",
    "DROP TRIGGER IF EXISTS search_notes_ai",
    "DROP TRIGGER IF EXISTS search_notes_ad",
    "DROP TRIGGER IF EXISTS search_notes_au",
    "DROP TABLE IF EXISTS search_findings",
    "DROP TABLE IF EXISTS search_notes",
]

# Notes are long, and a discovery has a few hundred: PostgreSQL's planner scans them rather than
# use an expression index, computing every note's tsvector on every search (0.5 s at 300 notes
# of 5,000 characters). A stored generated column computes it once, when the note is saved.
# Added by migration 0017 to databases made before it.
POSTGRES_NOTES_VECTOR = [
    "ALTER TABLE research_notes ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(body, ''))) STORED",
    "CREATE INDEX IF NOT EXISTS search_notes_vector ON research_notes USING gin (search_vector)",
]
POSTGRES_NOTES_VECTOR_DROP = [
    "DROP INDEX IF EXISTS search_notes_vector",
    "ALTER TABLE research_notes DROP COLUMN IF EXISTS search_vector",
]

# 'simple' configuration: no English stemming, so Welsh notes are searchable too.
_POSTGRES = [
    "CREATE INDEX IF NOT EXISTS search_findings_tsv ON findings "
    "USING gin (to_tsvector('simple', coalesce(text, '') || ' ' || coalesce(comment, '')))",
    "CREATE INDEX IF NOT EXISTS search_notes_tsv ON research_notes "
    "USING gin (to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(body, '')))",
    *POSTGRES_NOTES_VECTOR,
]

_POSTGRES_DROP = [
    "DROP INDEX IF EXISTS search_findings_tsv",
    "DROP INDEX IF EXISTS search_notes_tsv",
    *POSTGRES_NOTES_VECTOR_DROP,
]


def install(connection: Connection) -> None:
    statements = _SQLITE if connection.dialect.name == "sqlite" else _POSTGRES
    for statement in statements:
        connection.execute(text(statement))


def uninstall(connection: Connection) -> None:
    statements = _SQLITE_DROP if connection.dialect.name == "sqlite" else _POSTGRES_DROP
    for statement in statements:
        connection.execute(text(statement))


def is_search_object(name: str | None) -> bool:
    return bool(name) and name.startswith(PREFIX)


@event.listens_for(db.metadata, "after_create")
def _install_after_create_all(target, connection, **kw) -> None:
    install(connection)
