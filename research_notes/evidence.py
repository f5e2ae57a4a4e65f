"""The one way synthesis reads findings, so consent is enforced in one place.

Themes, user needs, journey maps, the backlog and summaries ask ``usable_findings`` for the
evidence they may use, with a ``Purpose``:

- ``Purpose.ANALYSIS``: the participant's consent is recorded (a consent date), not
  withdrawn, and not expired (``retain_until`` is today or later, or not set). Findings with
  no participant — a researcher's observation, or a speaker no one was mapped to — count as
  usable for analysis: they are the researcher's own record, and no one's consent governs them.
- ``Purpose.QUOTES``: everything ANALYSIS needs, and the participant's consent scope includes
  ``"quotes"``. A finding with no participant is *not* quotable: nobody has agreed to be quoted.

Consent is decided in Python over the discovery's participants (a few hundred at most), then
applied as ``participant_id IN (...)``: the rule reads the same on SQLite and PostgreSQL, where
querying a JSON list would need two dialects.

``evidence_strength`` is the one definition of "6 findings from 4 participants in 2 councils";
templates render it with ``templates/components/evidence_strength.html``.
"""

from __future__ import annotations

import enum
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, Select, and_, or_, select
from sqlalchemy.orm import selectinload

from discovery.core.models import Discovery
from discovery.extensions import db
from research_notes.findings.search import descendant_ids
from research_notes.models import Finding, Participant, Tag, finding_tags

if TYPE_CHECKING:  # numpy comes with the nlp library, loaded only when vectors are needed
    import numpy as np


class Purpose(enum.Enum):
    ANALYSIS = "analysis"
    QUOTES = "quotes"


@dataclass(frozen=True)
class EvidenceFilters:
    """Narrow the usable findings. Each field is "any of these"; empty means no filter.

    ``tag_ids`` include every tag beneath the chosen ones; ``segments`` and ``authority_ids``
    are the participant's, so they leave out findings with no participant.
    """

    tag_ids: frozenset[uuid.UUID] = frozenset()
    kinds: frozenset[str] = frozenset()
    segments: frozenset[str] = frozenset()
    authority_ids: frozenset[uuid.UUID] = frozenset()
    journey_stages: frozenset[str] = frozenset()
    note_ids: frozenset[uuid.UUID] = frozenset()
    participant_ids: frozenset[uuid.UUID] = frozenset()
    finding_ids: frozenset[uuid.UUID] = frozenset()

    @classmethod
    def of(cls, **values: Iterable) -> EvidenceFilters:
        """Build filters from any iterables: ``EvidenceFilters.of(kinds=["need"])``."""
        return cls(**{name: frozenset(value) for name, value in values.items()})


NO_FILTERS = EvidenceFilters()


def consent_allows(participant: Participant, purpose: Purpose, today: date | None = None) -> bool:
    """Whether this participant's consent lets their findings be used for ``purpose`` today."""
    today = today or date.today()
    if participant.consent_withdrawn_at is not None or participant.consent_date is None:
        return False
    if participant.retain_until is not None and participant.retain_until < today:
        return False
    if purpose is Purpose.QUOTES:
        return "quotes" in (participant.consent_scope or [])
    return True


def consenting_participant_ids(discovery: Discovery, purpose: Purpose, today: date | None = None) -> set:
    participants = db.session.scalars(select(Participant).where(Participant.discovery_id == discovery.id))
    return {p.id for p in participants if consent_allows(p, purpose, today)}


def usable_clause(
    discovery: Discovery, *, purpose: Purpose, today: date | None = None
) -> ColumnElement[bool]:
    """The condition a ``Finding`` row meets when it is usable for ``purpose``: for queries
    that join findings to something else and count in the database (a theme's strength),
    rather than load every finding."""
    allowed = consenting_participant_ids(discovery, purpose, today)
    consent = Finding.participant_id.in_(allowed)
    if purpose is Purpose.ANALYSIS:
        consent = or_(Finding.participant_id.is_(None), consent)
    return and_(Finding.discovery_id == discovery.id, consent)


def _query(
    discovery: Discovery, purpose: Purpose, filters: EvidenceFilters | None, today: date | None, columns
) -> Select:
    filters = filters or NO_FILTERS
    query = select(*columns).where(usable_clause(discovery, purpose=purpose, today=today))
    if filters.tag_ids:
        wanted = descendant_ids(discovery, filters.tag_ids)
        query = query.where(
            Finding.id.in_(select(finding_tags.c.finding_id).where(finding_tags.c.tag_id.in_(wanted)))
        )
    if filters.kinds:
        query = query.where(Finding.kind.in_(filters.kinds))
    if filters.journey_stages:
        query = query.where(Finding.journey_stage.in_(filters.journey_stages))
    if filters.note_ids:
        query = query.where(Finding.note_id.in_(filters.note_ids))
    if filters.participant_ids:
        query = query.where(Finding.participant_id.in_(filters.participant_ids))
    if filters.finding_ids:
        query = query.where(Finding.id.in_(filters.finding_ids))
    if filters.segments or filters.authority_ids:
        people = select(Participant.id).where(Participant.discovery_id == discovery.id)
        if filters.segments:
            people = people.where(Participant.segment.in_(filters.segments))
        if filters.authority_ids:
            people = people.where(Participant.authority_id.in_(filters.authority_ids))
        query = query.where(Finding.participant_id.in_(people))
    # Stable: the order findings were made, then id to break ties within one save.
    return query.order_by(Finding.created_at, Finding.id)


def usable_findings(
    discovery: Discovery,
    *,
    purpose: Purpose,
    filters: EvidenceFilters | None = None,
    today: date | None = None,
) -> list[Finding]:
    """The discovery's findings that consent allows for ``purpose``, with what pages show loaded.

    Participant (and their authority), note, utterance and tags are loaded eagerly, so a page
    listing hundreds of findings runs a handful of queries.
    """
    query = _query(discovery, purpose, filters, today, [Finding]).options(
        selectinload(Finding.participant).selectinload(Participant.authority),
        selectinload(Finding.note),
        selectinload(Finding.utterance),
        selectinload(Finding.tags),
    )
    return list(db.session.scalars(query))


def usable_by_id(
    discovery: Discovery, ids: Iterable[uuid.UUID], *, purpose: Purpose = Purpose.ANALYSIS
) -> dict[uuid.UUID, Finding]:
    """Which of these findings consent allows, by id: what a need, a journey entry or a backlog
    item that cites them may count. No ids, no query."""
    ids = set(ids)
    if not ids:
        return {}
    found = usable_findings(discovery, purpose=purpose, filters=EvidenceFilters.of(finding_ids=ids))
    return {f.id: f for f in found}


def usable_finding_ids(
    discovery: Discovery,
    *,
    purpose: Purpose,
    filters: EvidenceFilters | None = None,
    today: date | None = None,
) -> list[uuid.UUID]:
    """Like ``usable_findings``, ids only, in the same order: for clustering and large sets."""
    return list(db.session.scalars(_query(discovery, purpose, filters, today, [Finding.id])))


@dataclass(frozen=True)
class FindingText:
    """What clustering needs of a finding: no ORM object, so 20,000 of them stay cheap."""

    id: uuid.UUID
    text: str
    root_tag_id: uuid.UUID | None = None


def usable_finding_texts(
    discovery: Discovery,
    *,
    purpose: Purpose,
    filters: EvidenceFilters | None = None,
    today: date | None = None,
    with_root_tags: bool = False,
) -> list[FindingText]:
    """Ids and texts of the usable findings, in ``usable_findings`` order.

    ``with_root_tags`` also gives each finding the top-level tag of the codebook it is filed
    under (the first by name when it has several, none when untagged), for "start from our tags".
    """
    rows = db.session.execute(_query(discovery, purpose, filters, today, [Finding.id, Finding.text])).all()
    roots: dict[uuid.UUID, uuid.UUID] = {}
    if with_root_tags and rows:
        roots = _root_tags(discovery, [finding_id for finding_id, _ in rows])
    return [FindingText(finding_id, text, roots.get(finding_id)) for finding_id, text in rows]


def _root_tags(discovery: Discovery, finding_ids: list[uuid.UUID]) -> dict[uuid.UUID, uuid.UUID]:
    tags = {t.id: t for t in db.session.scalars(select(Tag).where(Tag.discovery_id == discovery.id))}

    def root(tag_id: uuid.UUID) -> Tag:
        tag, seen = tags[tag_id], set()
        while tag.parent_id is not None and tag.parent_id in tags and tag.id not in seen:
            seen.add(tag.id)
            tag = tags[tag.parent_id]
        return tag

    wanted = set(finding_ids)
    found: dict[uuid.UUID, Tag] = {}
    links = (
        select(finding_tags.c.finding_id, finding_tags.c.tag_id)
        .join(Finding, Finding.id == finding_tags.c.finding_id)
        .where(Finding.discovery_id == discovery.id)
    )
    for finding_id, tag_id in db.session.execute(links):
        if finding_id not in wanted or tag_id not in tags:
            continue
        top = root(tag_id)
        if finding_id not in found or top.name.casefold() < found[finding_id].name.casefold():
            found[finding_id] = top
    return {finding_id: tag.id for finding_id, tag in found.items()}


@dataclass(frozen=True)
class EvidenceStrength:
    """How much evidence stands behind something: distinct counts, one definition everywhere.

    ``segments`` maps each participant segment to how many distinct participants are in it.
    """

    findings: int
    participants: int
    authorities: int
    segments: Mapping[str, int] = field(default_factory=dict)

    @property
    def segment_count(self) -> int:
        return len(self.segments)


def evidence_strength(findings: Iterable[Finding]) -> EvidenceStrength:
    """Count findings, distinct participants, distinct authorities and participants per segment.

    Findings are counted once each (a finding passed twice is one finding); findings without a
    participant add to the findings count only.
    """
    seen: dict[uuid.UUID, Finding] = {}
    for finding in findings:
        seen.setdefault(finding.id, finding)
    people = {f.participant.id: f.participant for f in seen.values() if f.participant is not None}
    return _strength(len(seen), people)


def strength_of(
    participant_counts: Mapping[uuid.UUID | None, int], participants: Mapping[uuid.UUID, Participant]
) -> EvidenceStrength:
    """``evidence_strength`` from how many usable findings each participant gave (None: findings
    with no participant), with the same counts: for a theme of hundreds of findings, counted
    in the database (``usable_clause``) without loading a Finding for each.

    ``participants`` is ``participants_by_id(discovery)``.
    """
    people = {pid: participants[pid] for pid, n in participant_counts.items() if n and pid in participants}
    return _strength(sum(participant_counts.values()), people)


def participants_by_id(discovery: Discovery) -> dict[uuid.UUID, Participant]:
    """Every participant of the discovery (a few hundred at most), for ``strength_of``."""
    return {
        p.id: p
        for p in db.session.scalars(select(Participant).where(Participant.discovery_id == discovery.id))
    }


def _strength(findings: int, people: Mapping[uuid.UUID, Participant]) -> EvidenceStrength:
    authorities = {p.authority_id for p in people.values() if p.authority_id is not None}
    segments = Counter(p.segment for p in people.values() if p.segment)
    return EvidenceStrength(
        findings=findings,
        participants=len(people),
        authorities=len(authorities),
        segments=dict(sorted(segments.items())),
    )


def finding_vectors(
    discovery: Discovery,
    findings: Sequence[FindingText],
    *,
    progress: Callable[[int, int], None] | None = None,
) -> np.ndarray:
    """The meaning of each finding as a unit vector (rows in ``findings`` order), read with the
    discovery's embedder: stored vectors are reused and only missing ones are computed (and kept).

    ``progress(done, total)`` is called while missing vectors are computed.
    """
    from research_notes.finding_vectors import store

    items = [store.Item(f.id, f.text) for f in findings]
    return store.vectors_for(discovery, items, progress=progress)


def embedder_name(discovery: Discovery) -> str:
    """Which embedder reads this discovery's findings (recorded with each theme run)."""
    from research_notes.finding_vectors import store

    return store.embedder_of(discovery)
