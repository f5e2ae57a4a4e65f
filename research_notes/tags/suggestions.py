"""Suggest tags from a discovery's own codebook, learned from the findings already tagged.

Only this discovery's findings train it, only those consent allows for analysis, and it reads
them through their stored vectors (the same ones themes use), so asking costs a model fit of
well under a second rather than reading every finding again. Pages show the suggestions; the
researcher accepts one with a click.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import sqlalchemy as sa

from discovery.core.models import Discovery
from discovery.extensions import db
from research_notes import evidence
from research_notes.models import Finding, Tag, finding_tags


@dataclass(frozen=True)
class Suggestion:
    tag: Tag
    confidence: float
    """Calibrated: suggestions shown at 80 % were right about 80 % of the time."""


@dataclass
class TagSuggestions:
    """Suggestions per finding, or why there are none (``reason``: too few tagged findings)."""

    ready: bool
    reason: str | None = None
    skipped_tags: list[Tag] = field(default_factory=list)
    by_finding: dict[uuid.UUID, list[Suggestion]] = field(default_factory=dict)


def suggest_tags(
    discovery: Discovery, finding_ids: list[uuid.UUID], *, top_n: int = 3, min_confidence: float = 0.2
) -> TagSuggestions:
    """Up to ``top_n`` tags for each of the findings, most confident first, none below
    ``min_confidence``; tags the finding already has are left out."""
    from nlp.embed import EmbeddingCache, get_embedder
    from nlp.tags import TagSuggester

    usable = evidence.usable_finding_texts(discovery, purpose=evidence.Purpose.ANALYSIS)
    wanted = set(finding_ids)
    targets = [f for f in usable if f.id in wanted]
    tagged = _tags_of(discovery, [f.id for f in usable])
    training = [f for f in usable if tagged.get(f.id)]
    tags = {t.id: t for t in db.session.scalars(sa.select(Tag).where(Tag.discovery_id == discovery.id))}
    if not training or not targets:
        return TagSuggestions(ready=False, reason="too_few_tagged_findings")

    items = training + [t for t in targets if t not in training]
    embedder = get_embedder(evidence.embedder_name(discovery))
    cache = EmbeddingCache()
    cache.put(embedder.name, [f.text for f in items], evidence.finding_vectors(discovery, items))
    tagger = TagSuggester(embedder=embedder).fit(
        [f.text for f in training], [[str(t) for t in tagged[f.id]] for f in training], cache=cache
    )
    skipped = [tags[uuid.UUID(t)] for t in tagger.skipped_tags_]
    if not tagger.ready_:
        return TagSuggestions(ready=False, reason=tagger.reason_, skipped_tags=skipped)
    result = TagSuggestions(ready=True, skipped_tags=skipped)
    rows = tagger.suggest(
        [f.text for f in targets], top_n=top_n + 3, min_confidence=min_confidence, cache=cache
    )
    for finding, suggested in zip(targets, rows, strict=True):
        have = tagged.get(finding.id, set())
        result.by_finding[finding.id] = [
            Suggestion(tags[uuid.UUID(s.tag)], s.confidence)
            for s in suggested
            if uuid.UUID(s.tag) not in have
        ][:top_n]
    return result


def _tags_of(discovery: Discovery, finding_ids: list[uuid.UUID]) -> dict[uuid.UUID, set[uuid.UUID]]:
    wanted = set(finding_ids)
    found: dict[uuid.UUID, set[uuid.UUID]] = {}
    rows = db.session.execute(
        sa.select(finding_tags.c.finding_id, finding_tags.c.tag_id)
        .join(Finding, Finding.id == finding_tags.c.finding_id)
        .where(Finding.discovery_id == discovery.id)
    )
    for finding_id, tag_id in rows:
        if finding_id in wanted:
            found.setdefault(finding_id, set()).add(tag_id)
    return found
