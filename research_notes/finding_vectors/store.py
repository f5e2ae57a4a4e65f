"""Read a discovery's finding vectors, computing and keeping only the missing ones.

Vectors are written in short transactions of their own, a chunk at a time, not in the caller's
transaction: they are a cache of what the text already says, so a job killed half-way keeps
what it finished and the next run starts from there, and a long embedding never holds
SQLite's write lock.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Session

from discovery.core.columns import utcnow
from discovery.core.models import Discovery
from discovery.core.vocab import DEFAULT_EMBEDDER, EMBEDDERS
from discovery.extensions import db
from research_notes.finding_vectors.models import FindingVector
from research_notes.models import Finding

if TYPE_CHECKING:  # numpy comes with the nlp library, loaded only when vectors are needed
    import numpy as np

CHUNK = 256
"""Findings embedded, then written, at a time: progress moves and a kill loses little."""

INLINE = "research_notes.finding_vectors.inline"
"""Session flag: this session computes vectors itself, in its own transaction (the demo loader)."""

Progress = Callable[[int, int], None]
"""``progress(done, total)`` while missing vectors are computed."""


@dataclass(frozen=True)
class Item:
    finding_id: uuid.UUID
    text: str


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def embedder_of(discovery: Discovery) -> str:
    return discovery.embedder if discovery.embedder in EMBEDDERS else DEFAULT_EMBEDDER


def vectors_for(
    discovery: Discovery,
    items: Sequence[Item],
    *,
    embedder: str | None = None,
    progress: Progress | None = None,
) -> np.ndarray:
    """One unit vector per item, in order: stored ones reused, missing ones computed and kept."""
    import numpy as np

    name = embedder or embedder_of(discovery)
    stored = _stored(discovery.id, name, items)
    missing = [item for item in items if item.finding_id not in stored]
    if missing:
        stored.update(_compute(discovery.id, name, missing, progress))
    if not items:
        return np.zeros((0, 0), dtype=np.float32)
    return np.vstack([stored[item.finding_id] for item in items])


def missing_items(discovery: Discovery, embedder: str | None = None) -> list[Item]:
    """The discovery's findings with no vector (or a stale one) for its embedder."""
    name = embedder or embedder_of(discovery)
    rows = db.session.execute(
        sa.select(Finding.id, Finding.text, FindingVector.text_hash)
        .outerjoin(
            FindingVector,
            sa.and_(FindingVector.finding_id == Finding.id, FindingVector.embedder == name),
        )
        .where(Finding.discovery_id == discovery.id)
        .order_by(Finding.created_at, Finding.id)
    ).all()
    return [Item(fid, text) for fid, text, stored in rows if stored != text_hash(text)]


def ensure_all(discovery: Discovery, embedder: str | None = None, progress: Progress | None = None) -> int:
    """Compute every missing vector of the discovery; return how many were computed."""
    missing = missing_items(discovery, embedder)
    if missing:
        _compute(discovery.id, embedder or embedder_of(discovery), missing, progress)
    return len(missing)


def counts(discovery: Discovery) -> tuple[int, int]:
    """(findings with a current vector for the discovery's embedder, all findings)."""
    total = db.session.scalar(
        sa.select(sa.func.count()).select_from(Finding).where(Finding.discovery_id == discovery.id)
    )
    return total - len(missing_items(discovery)), total


def _stored(discovery_id: uuid.UUID, embedder: str, items: Sequence[Item]) -> dict[uuid.UUID, np.ndarray]:
    import numpy as np

    wanted = {item.finding_id: text_hash(item.text) for item in items}
    found: dict[uuid.UUID, np.ndarray] = {}
    query = sa.select(FindingVector.finding_id, FindingVector.text_hash, FindingVector.vector).where(
        FindingVector.discovery_id == discovery_id, FindingVector.embedder == embedder
    )
    if len(wanted) <= 500:  # a theme's members, a few findings: not the whole discovery's vectors
        query = query.where(FindingVector.finding_id.in_(list(wanted)))
    rows = db.session.execute(query)
    for finding_id, digest, blob in rows:
        if wanted.get(finding_id) == digest:
            found[finding_id] = np.frombuffer(blob, dtype="<f4")
    return found


def _compute(
    discovery_id: uuid.UUID, embedder: str, items: Sequence[Item], progress: Progress | None
) -> dict[uuid.UUID, np.ndarray]:
    from nlp.embed import get_embedder

    model = get_embedder(embedder)
    report = progress or (lambda _done, _total: None)
    out: dict[uuid.UUID, np.ndarray] = {}
    report(0, len(items))
    for start in range(0, len(items), CHUNK):
        chunk = items[start : start + CHUNK]
        vectors = model.embed([item.text for item in chunk])
        if db.session.info.get(INLINE):  # the caller's findings may not be committed yet
            _upsert_rows(db.session, discovery_id, embedder, chunk, vectors)
        else:
            _write(discovery_id, embedder, chunk, vectors)
        out.update(zip((item.finding_id for item in chunk), vectors, strict=True))
        report(start + len(chunk), len(items))
    return out


def _write(discovery_id: uuid.UUID, embedder: str, items: Sequence[Item], vectors: np.ndarray) -> None:
    """Upsert these findings' vectors in one transaction of their own (tried twice: a finding
    deleted between the check and the write breaks the foreign key once)."""
    for attempt in (1, 2):
        try:
            with Session(db.engine) as session, session.begin():
                _upsert_rows(session, discovery_id, embedder, items, vectors)
            return
        except sa.exc.IntegrityError:
            if attempt == 2:
                raise


def _upsert_rows(
    session: Session, discovery_id: uuid.UUID, embedder: str, items: Sequence[Item], vectors: np.ndarray
) -> None:
    """Findings deleted meanwhile are skipped. Two jobs writing the same finding leave one row:
    both computed the same vector from the same text."""
    ids = [item.finding_id for item in items]
    alive = set(session.scalars(sa.select(Finding.id).where(Finding.id.in_(ids))))
    rows = [
        {
            "finding_id": item.finding_id,
            "embedder": embedder,
            "discovery_id": discovery_id,
            "text_hash": text_hash(item.text),
            "dimensions": int(vector.shape[0]),
            "vector": vector.astype("<f4").tobytes(),
            "created_at": utcnow(),
        }
        for item, vector in zip(items, vectors, strict=True)
        if item.finding_id in alive
    ]
    if rows:
        session.execute(_upsert(session), rows)


def _upsert(session: Session):  # noqa: ANN202 - a dialect's Insert
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(FindingVector)
    replaced = ("text_hash", "dimensions", "vector", "created_at")
    return statement.on_conflict_do_update(
        index_elements=["finding_id", "embedder"],
        set_={name: statement.excluded[name] for name in replaced},
    )


def forget(finding_ids: Sequence[uuid.UUID]) -> None:
    """Drop the vectors of these findings in the caller's transaction (erasure, redaction)."""
    if finding_ids:
        db.session.execute(sa.delete(FindingVector).where(FindingVector.finding_id.in_(list(finding_ids))))
