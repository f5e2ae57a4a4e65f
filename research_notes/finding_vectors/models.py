"""A stored vector per finding and embedder (a derived cache, removed with its finding)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from discovery.core.columns import created_at, fk
from discovery.extensions import db


class FindingVector(db.Model):
    """``vector`` holds ``dimensions`` float32 values of unit length, little-endian.

    The text hash says which text the vector was computed from: a finding whose text changed
    (a redaction) no longer matches, and its vector is computed again.
    """

    __tablename__ = "finding_vectors"

    finding_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("findings.id", ondelete="CASCADE"), primary_key=True
    )
    embedder: Mapped[str] = mapped_column(String(40), primary_key=True)
    discovery_id: Mapped[uuid.UUID] = fk("discoveries.id", ondelete="CASCADE")
    text_hash: Mapped[str] = mapped_column(String(64))
    dimensions: Mapped[int] = mapped_column(Integer)
    vector: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = created_at()
