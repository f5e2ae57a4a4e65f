"""What the research plan's pages read and write.

Questions and hypotheses are compared case- and space-blind, so one discovery cannot hold the
same question twice with different capitals; the unique constraint on the exact text is the
backstop when two people save at once (:func:`discovery.core.writes.unique`). Every write is
audited in the same transaction.

Sample targets are set all at once, for every segment, from one form: a blank target removes
that segment's row. Progress counts the discovery's participants by segment; a participant
who withdrew consent has no segment any more, so stops counting the moment they withdraw.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

import sqlalchemy as sa
from flask import abort
from sqlalchemy.orm.exc import StaleDataError

from discovery.core import audit
from discovery.core.columns import utcnow
from discovery.core.models import (
    PLAN_TEXT_MAX,
    SAMPLE_TARGET_MAX,
    Discovery,
    Hypothesis,
    ResearchQuestion,
    SampleTarget,
    User,
)
from discovery.core.vocab import HYPOTHESIS_KINDS, HYPOTHESIS_STATUSES, SEGMENTS
from discovery.core.writes import unique
from discovery.extensions import db
from research_notes.models import Participant

TEXT_MAX = PLAN_TEXT_MAX
TARGET_MAX = SAMPLE_TARGET_MAX


class PlanError(ValueError):
    """A change that cannot be made; the message says why."""


class StalePlanError(PlanError):
    """The question or hypothesis changed since the form was drawn."""


@dataclass(frozen=True)
class SegmentProgress:
    """One segment's participants against its target (``None`` when it has none)."""

    segment: str
    participants: int
    target: int | None

    @property
    def met(self) -> bool:
        return self.target is not None and self.participants >= self.target


# Reading ---------------------------------------------------------------------------------------


def text_key(text: str) -> str:
    return " ".join((text or "").split()).casefold()


def questions(discovery: Discovery) -> list[ResearchQuestion]:
    return list(
        db.session.scalars(
            sa.select(ResearchQuestion)
            .where(ResearchQuestion.discovery_id == discovery.id)
            .order_by(ResearchQuestion.position, ResearchQuestion.created_at)
        )
    )


def hypotheses(discovery: Discovery) -> list[Hypothesis]:
    return list(
        db.session.scalars(
            sa.select(Hypothesis)
            .where(Hypothesis.discovery_id == discovery.id)
            .order_by(Hypothesis.position, Hypothesis.created_at)
        )
    )


def question_or_404(discovery: Discovery, question_id: uuid.UUID) -> ResearchQuestion:
    question = db.session.get(ResearchQuestion, question_id)
    if question is None or question.discovery_id != discovery.id:
        abort(404)
    return question


def hypothesis_or_404(discovery: Discovery, hypothesis_id: uuid.UUID) -> Hypothesis:
    hypothesis = db.session.get(Hypothesis, hypothesis_id)
    if hypothesis is None or hypothesis.discovery_id != discovery.id:
        abort(404)
    return hypothesis


def _taken(model, discovery: Discovery, text: str, except_id: uuid.UUID | None) -> bool:
    wanted = text_key(text)
    rows = db.session.execute(sa.select(model.id, model.text).where(model.discovery_id == discovery.id))
    return any(text_key(t) == wanted for row_id, t in rows if row_id != except_id)


def question_taken(discovery: Discovery, text: str, except_question: ResearchQuestion | None = None) -> bool:
    """Whether another question of the discovery already says this (case and spacing aside)."""
    return _taken(ResearchQuestion, discovery, text, except_question.id if except_question else None)


def hypothesis_taken(discovery: Discovery, text: str, except_hypothesis: Hypothesis | None = None) -> bool:
    """Whether another hypothesis or assumption of the discovery already says this."""
    return _taken(Hypothesis, discovery, text, except_hypothesis.id if except_hypothesis else None)


def targets(discovery: Discovery) -> dict[str, int]:
    """The discovery's sample targets by segment key."""
    rows = db.session.execute(
        sa.select(SampleTarget.segment, SampleTarget.target).where(SampleTarget.discovery_id == discovery.id)
    )
    return dict(rows.all())


def participants_by_segment(discovery: Discovery) -> dict[str, int]:
    """How many of the discovery's participants are in each segment (withdrawn ones have none)."""
    rows = db.session.execute(
        sa.select(Participant.segment, sa.func.count())
        .where(Participant.discovery_id == discovery.id, Participant.segment.is_not(None))
        .group_by(Participant.segment)
    )
    return dict(rows.all())


def progress(discovery: Discovery) -> list[SegmentProgress]:
    """Every segment with a target or a participant, in the vocabulary's order."""
    wanted = targets(discovery)
    found = participants_by_segment(discovery)
    return [
        SegmentProgress(key, found.get(key, 0), wanted.get(key))
        for key in SEGMENTS
        if key in wanted or found.get(key)
    ]


def history(obj: object) -> list:
    return audit.history(obj)


# Writing ---------------------------------------------------------------------------------------


def _clean(text: str) -> str:
    cleaned = " ".join((text or "").split())
    if not cleaned:
        raise PlanError("The text is empty")
    if len(cleaned) > TEXT_MAX:
        raise PlanError(f"The text is longer than {TEXT_MAX} characters")
    return cleaned


def _next_position(model, discovery: Discovery) -> int:
    top = db.session.scalar(sa.select(sa.func.max(model.position)).where(model.discovery_id == discovery.id))
    return (top or 0) + 1


@contextmanager
def _saving(record) -> Iterator[None]:
    """Make a change to ``record`` and flush it: a duplicate text raises ``DuplicateValueError``,
    a row someone else changed or deleted meanwhile raises ``StalePlanError``."""
    try:
        with unique("text"):
            yield
    except StaleDataError:
        raise StalePlanError(record.text) from None


def add_question(discovery: Discovery, text: str, actor: User | None) -> ResearchQuestion:
    """Add a question at the end of the list; a duplicate raises ``DuplicateValueError("text")``."""
    question = ResearchQuestion(
        discovery_id=discovery.id, text=_clean(text), position=_next_position(ResearchQuestion, discovery)
    )
    with unique("text"):
        db.session.add(question)
    audit.record("research_question_added", question, actor=actor, text=question.text)
    return question


def update_question(
    question: ResearchQuestion, text: str, actor: User | None, *, expected_version: int
) -> ResearchQuestion:
    """Save an edit, refused with ``StalePlanError`` if someone else saved since the form opened."""
    if question.version != expected_version:
        raise StalePlanError(question.text)
    before = question.text
    with _saving(question):
        question.text = _clean(text)
    audit.record("research_question_updated", question, actor=actor, before=before, text=question.text)
    return question


def move_question(question: ResearchQuestion, step: int, actor: User | None) -> bool:
    """Swap the question with the one above (``step=-1``) or below (``+1``); False at an end."""
    if step not in (-1, 1):
        raise PlanError("A question moves one place up or down")
    siblings = questions(db.session.get(Discovery, question.discovery_id))
    index = next(i for i, q in enumerate(siblings) if q.id == question.id)
    other_index = index + step
    if not 0 <= other_index < len(siblings):
        return False
    other = siblings[other_index]
    # Renumber the whole list so gaps and ties left by deletions cannot make a swap a no-op.
    siblings[index], siblings[other_index] = other, question
    with _saving(question):
        for position, q in enumerate(siblings, start=1):
            if q.position != position:
                q.position = position
    audit.record("research_question_moved", question, actor=actor, text=question.text, to=other_index + 1)
    return True


def delete_question(question: ResearchQuestion, actor: User | None) -> None:
    audit.record("research_question_deleted", question, actor=actor, text=question.text)
    db.session.delete(question)
    db.session.flush()


def _check_hypothesis(kind: str, status: str) -> None:
    if kind not in HYPOTHESIS_KINDS:
        raise PlanError(f"Unknown kind {kind!r}")
    if status not in HYPOTHESIS_STATUSES:
        raise PlanError(f"Unknown status {status!r}")


def _hypothesis_fields(hypothesis: Hypothesis) -> dict[str, object]:
    return {"text": hypothesis.text, "kind": hypothesis.kind, "status": hypothesis.status}


def add_hypothesis(discovery: Discovery, text: str, kind: str, status: str, actor: User | None) -> Hypothesis:
    _check_hypothesis(kind, status)
    hypothesis = Hypothesis(
        discovery_id=discovery.id,
        text=_clean(text),
        kind=kind,
        status=status,
        position=_next_position(Hypothesis, discovery),
    )
    with unique("text"):
        db.session.add(hypothesis)
    audit.record("hypothesis_added", hypothesis, actor=actor, **_hypothesis_fields(hypothesis))
    return hypothesis


def update_hypothesis(
    hypothesis: Hypothesis, text: str, kind: str, status: str, actor: User | None, *, expected_version: int
) -> Hypothesis:
    if hypothesis.version != expected_version:
        raise StalePlanError(hypothesis.text)
    _check_hypothesis(kind, status)
    before = _hypothesis_fields(hypothesis)
    with _saving(hypothesis):
        hypothesis.text = _clean(text)
        hypothesis.kind = kind
        hypothesis.status = status
    audit.record(
        "hypothesis_updated", hypothesis, actor=actor, before=before, **_hypothesis_fields(hypothesis)
    )
    return hypothesis


def delete_hypothesis(hypothesis: Hypothesis, actor: User | None) -> None:
    audit.record("hypothesis_deleted", hypothesis, actor=actor, **_hypothesis_fields(hypothesis))
    db.session.delete(hypothesis)
    db.session.flush()


def set_targets(
    discovery: Discovery,
    wanted: Mapping[str, int | None],
    actor: User | None,
    *,
    expected_version: int | None = None,
) -> bool:
    """Make the discovery's targets exactly ``wanted`` (segment -> target, ``None`` for none).

    Segments left out of ``wanted`` keep their target. Returns whether anything changed; only a
    change is audited, with the targets before and after. The targets are versioned through
    the discovery: a change moves its version, and StalePlanError refuses a save made from a
    form opened at an older ``expected_version``.
    """
    if expected_version is not None and discovery.version != expected_version:
        raise StalePlanError("sample targets")
    for segment, target in wanted.items():
        if segment not in SEGMENTS:
            raise PlanError(f"Unknown segment {segment!r}")
        if target is not None and not 1 <= target <= TARGET_MAX:
            raise PlanError(f"A target must be between 1 and {TARGET_MAX}")
    saved = {
        t.segment: t
        for t in db.session.scalars(sa.select(SampleTarget).where(SampleTarget.discovery_id == discovery.id))
    }
    before = {segment: t.target for segment, t in saved.items()}
    for segment, target in wanted.items():
        row = saved.get(segment)
        if target is None and row is not None:
            db.session.delete(row)
        elif target is not None and row is None:
            db.session.add(SampleTarget(discovery_id=discovery.id, segment=segment, target=target))
        elif row is not None and row.target != target:
            row.target = target
    db.session.flush()
    after = targets(discovery)
    if after == before:
        return False
    discovery.updated_at = utcnow()  # the flush UPDATEs the discovery, so its version moves
    try:
        db.session.flush()
    except StaleDataError:  # someone saved the discovery between reading and writing it
        raise StalePlanError("sample targets") from None
    audit.record("sample_targets_set", discovery, actor=actor, before=before, after=after)
    return True
