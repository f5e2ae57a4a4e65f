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
from research_notes.models import Finding, Tag, TagSuggestionOutcome, finding_tags


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


@dataclass
class _Model:
    """What is kept between requests: never ORM objects, which belong to one request's session."""

    tagger: object | None
    skipped_ids: list[uuid.UUID]
    reason: str | None


@dataclass
class _Fitted:
    tagger: object | None
    tags: dict[uuid.UUID, Tag]
    skipped: list[Tag]
    reason: str | None


_FITTED: dict[tuple, _Model] = {}
_FITTED_KEEP = 8


def _fitted(discovery: Discovery, usable: list, tagged: dict[uuid.UUID, set[uuid.UUID]]) -> _Fitted:
    """The suggester trained on this discovery's tagged findings, fitted once per codebook state.

    The key is every training finding with its tags and the embedder, so a new tag, a retagged
    finding or a withdrawn participant's findings leaving all mean a fresh fit; the same state
    asked for again (each selection on a long transcript) reuses the fitted model.
    """

    training = [f for f in usable if tagged.get(f.id)]
    name = evidence.embedder_name(discovery)
    key = (discovery.id, name, tuple((f.id, tuple(sorted(tagged[f.id]))) for f in training))
    tags = {t.id: t for t in db.session.scalars(sa.select(Tag).where(Tag.discovery_id == discovery.id))}
    model = _FITTED.get(key)
    if model is None:
        model = _fit(discovery, name, training, tagged)
        if training:
            if len(_FITTED) >= _FITTED_KEEP:
                _FITTED.pop(next(iter(_FITTED)))
            _FITTED[key] = model
    skipped = [tags[t] for t in model.skipped_ids if t in tags]
    return _Fitted(model.tagger, tags, skipped, model.reason)


def _fit(discovery: Discovery, name: str, training: list, tagged: dict[uuid.UUID, set[uuid.UUID]]) -> _Model:
    from nlp.embed import EmbeddingCache, get_embedder
    from nlp.tags import TagSuggester

    if not training:
        return _Model(None, [], "too_few_tagged_findings")
    embedder = get_embedder(name)
    cache = EmbeddingCache()
    cache.put(embedder.name, [f.text for f in training], evidence.finding_vectors(discovery, training))
    tagger = TagSuggester(embedder=embedder).fit(
        [f.text for f in training], [[str(t) for t in tagged[f.id]] for f in training], cache=cache
    )
    skipped = [uuid.UUID(t) for t in tagger.skipped_tags_]
    return _Model(tagger if tagger.ready_ else None, skipped, tagger.reason_)


def suggest_tags(
    discovery: Discovery, finding_ids: list[uuid.UUID], *, top_n: int = 3, min_confidence: float = 0.2
) -> TagSuggestions:
    """Up to ``top_n`` tags for each of the findings, most confident first, none below
    ``min_confidence``; tags the finding already has are left out."""
    from nlp.embed import EmbeddingCache, get_embedder

    usable = evidence.usable_finding_texts(discovery, purpose=evidence.Purpose.ANALYSIS)
    wanted = set(finding_ids)
    targets = [f for f in usable if f.id in wanted]
    tagged = _tags_of(discovery, [f.id for f in usable])
    fitted = _fitted(discovery, usable, tagged)
    if fitted.tagger is None or not targets:
        return TagSuggestions(
            ready=False, reason=fitted.reason or "too_few_tagged_findings", skipped_tags=fitted.skipped
        )
    result = TagSuggestions(ready=True, skipped_tags=fitted.skipped)
    embedder = get_embedder(evidence.embedder_name(discovery))
    cache = EmbeddingCache()
    cache.put(embedder.name, [f.text for f in targets], evidence.finding_vectors(discovery, targets))
    rows = fitted.tagger.suggest(
        [f.text for f in targets], top_n=top_n + 3, min_confidence=min_confidence, cache=cache
    )
    for finding, suggested in zip(targets, rows, strict=True):
        result.by_finding[finding.id] = _without(fitted, suggested, tagged.get(finding.id, set()))[:top_n]
    return result


def suggest_for_text(
    discovery: Discovery, text: str, *, top_n: int = 3, min_confidence: float = 0.2
) -> TagSuggestions:
    """Suggestions for words just selected in a note, before they are saved as a finding.

    ``by_finding`` holds one entry, under ``uuid.UUID(int=0)``. Trained only on this
    discovery's findings that consent allows for analysis.
    """
    usable = evidence.usable_finding_texts(discovery, purpose=evidence.Purpose.ANALYSIS)
    tagged = _tags_of(discovery, [f.id for f in usable])
    fitted = _fitted(discovery, usable, tagged)
    if fitted.tagger is None or not text.strip():
        return TagSuggestions(
            ready=False, reason=fitted.reason or "too_few_tagged_findings", skipped_tags=fitted.skipped
        )
    (suggested,) = fitted.tagger.suggest([text], top_n=top_n, min_confidence=min_confidence)
    return TagSuggestions(
        ready=True, skipped_tags=fitted.skipped, by_finding={TEXT: _without(fitted, suggested, set())}
    )


TEXT = uuid.UUID(int=0)


def _without(fitted: _Fitted, suggested, have: set[uuid.UUID]) -> list[Suggestion]:
    return [
        Suggestion(fitted.tags[uuid.UUID(s.tag)], s.confidence)
        for s in suggested
        if uuid.UUID(s.tag) not in have and uuid.UUID(s.tag) in fitted.tags
    ]


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


def parse_shown(values) -> dict[uuid.UUID, float]:
    """Suggestions a page showed, posted back as ``tag-id:confidence``; anything malformed is
    dropped (it only feeds the acceptance figures, never what is saved)."""
    shown: dict[uuid.UUID, float] = {}
    for value in values or []:
        tag_id, _, confidence = str(value).partition(":")
        try:
            tag, score = uuid.UUID(tag_id), float(confidence)
        except ValueError:
            continue
        if 0.0 <= score <= 1.0:
            shown[tag] = score
    return shown


def record_outcomes(finding: Finding, shown: dict[uuid.UUID, float], actor=None) -> int:
    """Record, for each tag suggested for ``finding``, whether the researcher took it.

    A suggestion taken once stays taken: saving the finding again without it is a later edit,
    not the suggestion being wrong. Tags from another discovery are ignored.
    """
    if not shown:
        return 0
    valid = set(
        db.session.scalars(
            sa.select(Tag.id).where(Tag.discovery_id == finding.discovery_id, Tag.id.in_(list(shown)))
        )
    )
    have = {t.id for t in finding.tags}
    existing = {
        o.tag_id: o
        for o in db.session.scalars(
            sa.select(TagSuggestionOutcome).where(TagSuggestionOutcome.finding_id == finding.id)
        )
    }
    count = 0
    for tag_id, confidence in shown.items():
        if tag_id not in valid:
            continue
        outcome = existing.get(tag_id)
        if outcome is None:
            outcome = TagSuggestionOutcome(
                discovery_id=finding.discovery_id, finding_id=finding.id, tag_id=tag_id, accepted=False
            )
            db.session.add(outcome)
        outcome.confidence = confidence
        outcome.accepted = outcome.accepted or tag_id in have
        outcome.decided_by_id = actor.id if actor is not None else None
        count += 1
    db.session.flush()
    return count


@dataclass(frozen=True)
class Acceptance:
    shown: int
    accepted: int

    @property
    def rate(self) -> float | None:
        return self.accepted / self.shown if self.shown else None


def acceptance(discovery: Discovery) -> Acceptance:
    """How many suggested tags were shown with a finding saved, and how many were taken."""
    shown, accepted = db.session.execute(
        sa.select(
            sa.func.count(TagSuggestionOutcome.id),
            sa.func.coalesce(sa.func.sum(sa.case((TagSuggestionOutcome.accepted, 1), else_=0)), 0),
        ).where(TagSuggestionOutcome.discovery_id == discovery.id)
    ).one()
    return Acceptance(int(shown), int(accepted))
