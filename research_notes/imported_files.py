"""Files imported into a discovery, by content hash, so the same file imported twice is
recognised and its contents are not saved twice.

Transcripts keep their hash on the note (``ResearchNote.source_sha256``, see
``notes.services.note_from_file``); whole-project files (.qdpx) and other imports that make
many rows record one :class:`ImportedFile` each.
"""

from __future__ import annotations

import hashlib

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from discovery.core.models import Discovery, User
from discovery.extensions import db
from research_notes.models import ImportedFile


class FileAlreadyImportedError(Exception):
    """The same bytes were imported into this discovery before; ``record`` says when and as what."""

    def __init__(self, record: ImportedFile) -> None:
        super().__init__(record.filename)
        self.record = record


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def previous(discovery: Discovery, kind: str, sha256: str) -> ImportedFile | None:
    return db.session.scalar(
        select(ImportedFile).where(
            ImportedFile.discovery_id == discovery.id,
            ImportedFile.kind == kind,
            ImportedFile.sha256 == sha256,
        )
    )


def refuse_if_imported(discovery: Discovery, kind: str, data: bytes) -> str:
    """The file's hash; raises FileAlreadyImportedError if it was imported before."""
    sha256 = content_hash(data)
    earlier = previous(discovery, kind, sha256)
    if earlier is not None:
        raise FileAlreadyImportedError(earlier)
    return sha256


def remember(discovery: Discovery, kind: str, sha256: str, filename: str, actor: User | None) -> ImportedFile:
    record = ImportedFile(
        discovery_id=discovery.id,
        kind=kind,
        sha256=sha256,
        filename=filename[:255],
        imported_by_id=actor.id if actor else None,
    )
    db.session.add(record)
    db.session.flush()
    return record


def already_imported_message(record: ImportedFile) -> str:
    """ "You already imported this file as ‘project.qdpx’ on 4 March 2026"."""
    return _(
        "You already imported this file as ‘%(title)s’ on %(date)s",
        title=record.filename,
        date=format_date(record.imported_at, "d MMMM y"),
    )
