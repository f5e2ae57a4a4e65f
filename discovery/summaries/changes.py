"""What changed between two documents: two published versions, or the latest one and the draft.

A lead reading version 4 wants to know what is new since version 3 without reading both; a
squad about to publish wants to see what publishing will change. Both compare two ``Document``
values, so a version published long ago compares the same way as today's draft, and nothing here
reads the database.

Lines are matched by their ids (a theme's ``theme_id``, a need's ``need_id``, a backlog item's
number), so a relabelled theme reads as relabelled rather than as one removed and one added.
A theme or need whose id no longer matches (merged, or re-created) is matched by its words
before being called new.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from discovery.summaries import narrative
from discovery.summaries.content import (
    LANGUAGES,
    NARRATIVE_SECTIONS,
    BacklogLine,
    Document,
    Gap,
    NeedLine,
    Strength,
    ThemeLine,
)

OPS = ("same", "added", "removed")
COUNTS = ("participants", "findings", "notes")


@dataclass
class SectionChange:
    """A narrative section in one language, as it was and as it is, and the words that changed."""

    section: str
    """A key of ``content.NARRATIVE_SECTIONS``."""
    lang: str
    before: str
    after: str
    diff: list[tuple[str, str]] = field(default_factory=list)
    """Runs of words, each ``(op, text)`` with ``op`` in ``OPS``, in reading order."""


@dataclass
class Relabel:
    theme_id: str
    before: str
    after: str


@dataclass
class StrengthChange:
    theme_id: str
    label: str
    before: Strength
    after: Strength


@dataclass
class NeedChange:
    need_id: str
    statement: str
    """The statement as it is now."""
    field: str
    """``status`` (a key of ``vocab.NEED_STATUSES``) or ``statement`` (reworded)."""
    before: str
    after: str


@dataclass
class BacklogChange:
    number: int
    title: str
    """The title as it is now."""
    field: str
    """``priority`` (``vocab.MOSCOW``), ``status`` (``vocab.BACKLOG_STATUSES``) or ``title``."""
    before: str
    after: str


@dataclass
class QuestionChange:
    """A research question whose answering themes changed (or that was added or removed)."""

    text: str
    before: list[str]
    after: list[str]


@dataclass
class CountChange:
    name: str
    """One of ``COUNTS``."""
    before: int
    after: int

    @property
    def difference(self) -> int:
        return self.after - self.before


@dataclass
class Changes:
    """Everything that differs, part by part; each list is empty where nothing did."""

    sections: list[SectionChange] = field(default_factory=list)
    themes_added: list[ThemeLine] = field(default_factory=list)
    themes_removed: list[ThemeLine] = field(default_factory=list)
    themes_relabelled: list[Relabel] = field(default_factory=list)
    themes_strength: list[StrengthChange] = field(default_factory=list)
    needs_added: list[NeedLine] = field(default_factory=list)
    needs_removed: list[NeedLine] = field(default_factory=list)
    needs_changed: list[NeedChange] = field(default_factory=list)
    backlog_added: list[BacklogLine] = field(default_factory=list)
    backlog_removed: list[BacklogLine] = field(default_factory=list)
    backlog_changed: list[BacklogChange] = field(default_factory=list)
    questions: list[QuestionChange] = field(default_factory=list)
    counts: list[CountChange] = field(default_factory=list)
    quotes_added: int = 0
    quotes_removed: int = 0
    gaps_added: list[Gap] = field(default_factory=list)
    gaps_resolved: list[Gap] = field(default_factory=list)

    @property
    def has_theme_changes(self) -> bool:
        return bool(
            self.themes_added or self.themes_removed or self.themes_relabelled or self.themes_strength
        )

    @property
    def has_need_changes(self) -> bool:
        return bool(self.needs_added or self.needs_removed or self.needs_changed)

    @property
    def has_backlog_changes(self) -> bool:
        return bool(self.backlog_added or self.backlog_removed or self.backlog_changed)

    @property
    def is_empty(self) -> bool:
        return not (
            self.sections
            or self.has_theme_changes
            or self.has_need_changes
            or self.has_backlog_changes
            or self.questions
            or self.counts
            or self.quotes_added
            or self.quotes_removed
            or self.gaps_added
            or self.gaps_resolved
        )


def compare(old: Document, new: Document) -> Changes:
    """What a reader of ``new`` would find different from ``old``."""
    changes = Changes(sections=_sections(old, new))
    _themes(old.summary.themes, new.summary.themes, changes)
    _needs(old.summary.needs, new.summary.needs, changes)
    _backlog(old.summary.backlog, new.summary.backlog, changes)
    changes.questions = _questions(old, new)
    before, after = old.summary.research, new.summary.research
    changes.counts = [
        CountChange(name, getattr(before, name), getattr(after, name))
        for name in COUNTS
        if getattr(before, name) != getattr(after, name)
    ]
    old_quotes = Counter((quote.finding_id, quote.text) for quote in old.summary.quotes())
    new_quotes = Counter((quote.finding_id, quote.text) for quote in new.summary.quotes())
    changes.quotes_added = sum((new_quotes - old_quotes).values())
    changes.quotes_removed = sum((old_quotes - new_quotes).values())
    old_gaps = {(gap.kind, gap.subject): gap for gap in old.summary.gaps}
    new_gaps = {(gap.kind, gap.subject): gap for gap in new.summary.gaps}
    changes.gaps_added = [gap for key, gap in new_gaps.items() if key not in old_gaps]
    changes.gaps_resolved = [gap for key, gap in old_gaps.items() if key not in new_gaps]
    return changes


def _questions(old: Document, new: Document) -> list[QuestionChange]:
    """Questions matched by their words; one whose themes differ is listed with both lists."""
    before = {_normal(q.text): q for q in old.summary.questions}
    after = {_normal(q.text): q for q in new.summary.questions}
    found = []
    for key, question in after.items():
        was = before[key].themes if key in before else []
        if key not in before or was != question.themes:
            found.append(QuestionChange(question.text, list(was), list(question.themes)))
    return found


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """Runs of words kept, added and removed between two texts (removed before added)."""
    old, new = before.split(), after.split()
    runs: list[tuple[str, str]] = []

    def add(op: str, words: Sequence[str]) -> None:
        if not words:
            return
        if runs and runs[-1][0] == op:
            runs[-1] = (op, f"{runs[-1][1]} {' '.join(words)}")
        else:
            runs.append((op, " ".join(words)))

    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add("same", old[i1:i2])
        else:
            add("removed", old[i1:i2])
            add("added", new[j1:j2])
    return runs


# Each part -------------------------------------------------------------------------------------


def _sections(old: Document, new: Document) -> list[SectionChange]:
    """Sections whose text reads differently; a change of spacing alone is no change."""
    found = []
    for section in NARRATIVE_SECTIONS:
        for lang in LANGUAGES:
            before = (getattr(old.narrative, section).get(lang) or "").strip()
            after = (getattr(new.narrative, section).get(lang) or "").strip()
            old_blocks, new_blocks = narrative.blocks(before), narrative.blocks(after)
            if old_blocks != new_blocks:
                diff = word_diff(narrative.plain_text(old_blocks), narrative.plain_text(new_blocks))
                found.append(SectionChange(section, lang, before, after, diff))
    return found


def _themes(old: list[ThemeLine], new: list[ThemeLine], changes: Changes) -> None:
    pairs, changes.themes_removed, changes.themes_added = _match(
        old, new, lambda theme: theme.theme_id, lambda theme: theme.label
    )
    for before, after in pairs:
        if before.label != after.label:
            changes.themes_relabelled.append(Relabel(after.theme_id, before.label, after.label))
        if before.strength != after.strength:
            changes.themes_strength.append(
                StrengthChange(after.theme_id, after.label, before.strength, after.strength)
            )


def _needs(old: list[NeedLine], new: list[NeedLine], changes: Changes) -> None:
    pairs, changes.needs_removed, changes.needs_added = _match(
        old, new, lambda need: need.need_id, lambda need: need.statement
    )
    for before, after in pairs:
        for name in ("statement", "status"):
            if getattr(before, name) != getattr(after, name):
                changes.needs_changed.append(
                    NeedChange(
                        after.need_id, after.statement, name, getattr(before, name), getattr(after, name)
                    )
                )


def _backlog(old: list[BacklogLine], new: list[BacklogLine], changes: Changes) -> None:
    old_items = {item.number: item for item in old}
    new_items = {item.number: item for item in new}
    changes.backlog_added = [item for number, item in new_items.items() if number not in old_items]
    changes.backlog_removed = [item for number, item in old_items.items() if number not in new_items]
    for number, after in new_items.items():
        before = old_items.get(number)
        if before is None:
            continue
        for name in ("title", "priority", "status"):
            if getattr(before, name) != getattr(after, name):
                changes.backlog_changed.append(
                    BacklogChange(number, after.title, name, getattr(before, name), getattr(after, name))
                )


Line = TypeVar("Line")


def _match(
    old: list[Line], new: list[Line], key: Callable[[Line], str], words: Callable[[Line], str]
) -> tuple[list[tuple[Line, Line]], list[Line], list[Line]]:
    """Pairs of the same line (by id, then by words), the lines only in ``old``, those only in ``new``.

    Pairs and added lines come in ``new``'s order, removed lines in ``old``'s.
    """
    paired: dict[int, int] = {}  # index in new -> index in old
    by_key: dict[str, int] = {}
    for index, line in enumerate(old):
        if key(line):
            by_key.setdefault(key(line), index)
    for index, line in enumerate(new):
        match = by_key.pop(key(line), None) if key(line) else None
        if match is not None:
            paired[index] = match
    taken = set(paired.values())
    by_words: dict[str, int] = {}
    for index, line in enumerate(old):
        if index not in taken:
            by_words.setdefault(_normal(words(line)), index)
    for index, line in enumerate(new):
        if index not in paired:
            match = by_words.pop(_normal(words(line)), None)
            if match is not None:
                paired[index] = match
    taken = set(paired.values())
    pairs = [(old[paired[index]], line) for index, line in enumerate(new) if index in paired]
    removed = [line for index, line in enumerate(old) if index not in taken]
    added = [line for index, line in enumerate(new) if index not in paired]
    return pairs, removed, added


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()
