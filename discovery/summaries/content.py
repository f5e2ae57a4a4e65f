"""What a summary says, as plain data: built live from the evidence, frozen as JSON when published.

The page, the leads' view, the comparison and all four export formats render a ``Document``;
none of them reads the database. So a published version (a ``Document`` saved as JSON) reads
exactly as it did on the day, and a draft is the same structure built fresh.

Everything a reader sees translated is stored as a key (a segment, a status, a journey stage,
a method), never as words, so one frozen version reads in English and in Welsh. The squad's own
words (theme labels, need statements, narrative sections) are stored as written.

Quotes carry the id of their finding, so withdrawing a participant's consent can find and
remove them from a published version (``services.amend_for_withdrawal``).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

SCHEMA = 1
"""Bumped when a field changes meaning; ``from_dict`` reads older snapshots by their defaults."""

NARRATIVE_SECTIONS = ("key_messages", "recommendations", "next_steps")
LANGUAGES = ("en", "cy")


@dataclass
class Strength:
    """The evidence behind a line: findings, distinct participants, distinct authorities."""

    findings: int = 0
    participants: int = 0
    authorities: int = 0


@dataclass
class AuthorityRef:
    code: str
    name: str
    name_cy: str = ""

    def name_in(self, lang: str) -> str:
        return self.name_cy if lang == "cy" and self.name_cy else self.name


@dataclass
class Quote:
    """A pseudonymised quote from a participant whose consent covers quotes in reports."""

    finding_id: str
    text: str
    pseudonym: str
    segment: str | None = None
    authority_code: str | None = None
    # The note's language ("en" or "cy"), so the quote is marked when it differs from the
    # summary's; None in snapshots made before it was kept, which then mark nothing.
    language: str | None = None


@dataclass
class ThemeLine:
    theme_id: str
    label: str
    description: str
    strength: Strength
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class NeedLine:
    need_id: str
    statement: str
    status: str
    """A key of ``vocab.NEED_STATUSES``."""
    strength: Strength
    themes: list[str] = field(default_factory=list)
    """Labels of the accepted themes the need is linked to."""


@dataclass
class PainPoint:
    text: str
    strength: Strength
    basis: str = "evidenced"
    """A key of ``vocab.ENTRY_BASES``: an assumed pain point is shown as such."""


@dataclass
class StageLine:
    """One stage of the journey with its main pain points.

    ``key`` is a shared stage (``vocab.JOURNEY_STAGES``) or None for a map stage that covers
    none; ``name`` is the map's own words, or empty when the stage comes from tagged findings
    only (pages then show the shared stage's name). ``tagged_pain_points`` counts pain-point
    findings tagged with the shared stage.
    """

    key: str | None
    name: str
    pain_points: list[PainPoint] = field(default_factory=list)
    tagged_pain_points: Strength = field(default_factory=Strength)


@dataclass
class BacklogLine:
    number: int
    title: str
    priority: str
    """``must`` or ``should`` (``vocab.MOSCOW``)."""
    status: str
    strength: Strength


@dataclass
class QuestionLine:
    text: str
    themes: list[str] = field(default_factory=list)
    """Labels of the accepted themes the squad says answer the question, strongest first."""


@dataclass
class HypothesisLine:
    text: str
    kind: str
    status: str


@dataclass
class SegmentLine:
    segment: str
    participants: int
    target: int | None = None

    @property
    def under_target(self) -> bool:
        return self.target is not None and self.participants < self.target


@dataclass
class AuthorityLine:
    authority: AuthorityRef
    participants: int
    findings: int


@dataclass
class MethodLine:
    method: str
    """A key of ``vocab.METHODS``."""
    sessions: int


@dataclass
class Research:
    """How the research was done: dates, methods, who took part, how much was recorded."""

    start_date: date | None = None
    end_date: date | None = None
    first_session: date | None = None
    last_session: date | None = None
    methods: list[MethodLine] = field(default_factory=list)
    notes: int = 0
    findings: int = 0
    participants: int = 0
    segments: list[SegmentLine] = field(default_factory=list)
    authorities: list[AuthorityLine] = field(default_factory=list)


@dataclass
class Gap:
    """Something the research did not cover well enough to rely on.

    ``kind`` is ``segment_under_target`` (``subject`` a segment key), ``authority_thin``
    (``subject`` an authority code, ``subject_name`` its name) or ``no_quotes`` (no participant's
    consent covers quotes in reports). ``have`` and ``want`` are participants.
    """

    kind: str
    subject: str = ""
    subject_name: str = ""
    have: int = 0
    want: int = 0


@dataclass
class Summary:
    """The generated part of a summary, for the whole discovery or one authority (``scope``)."""

    discovery_title: str
    service: str = ""
    problem_statement: str = ""
    scope: AuthorityRef | None = None
    generated_at: datetime | None = None
    research: Research = field(default_factory=Research)
    themes: list[ThemeLine] = field(default_factory=list)
    needs: list[NeedLine] = field(default_factory=list)
    stages: list[StageLine] = field(default_factory=list)
    backlog: list[BacklogLine] = field(default_factory=list)
    questions: list[QuestionLine] = field(default_factory=list)
    hypotheses: list[HypothesisLine] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)

    def quotes(self) -> list[Quote]:
        return [quote for theme in self.themes for quote in theme.quotes]


@dataclass
class ComparisonCell:
    """One authority's part in one theme: its participants in the theme, out of its participants."""

    participants: int = 0
    findings: int = 0
    base: int = 0
    """The authority's participants with usable findings: what ``share`` is a share of."""

    @property
    def share(self) -> float:
        return self.participants / self.base if self.base else 0.0


@dataclass
class ComparisonRow:
    theme_id: str
    label: str
    cells: list[ComparisonCell] = field(default_factory=list)
    """One per ``Comparison.authorities``, in that order."""


@dataclass
class Comparison:
    """Themes × authorities: what councils share and what is one council's own."""

    authorities: list[AuthorityRef] = field(default_factory=list)
    rows: list[ComparisonRow] = field(default_factory=list)


@dataclass
class Narrative:
    """The squad's own sections, each in English and Welsh: ``{"en": "...", "cy": "..."}``.

    Plain text as typed; ``narrative.blocks`` reads paragraphs and lists out of it, so pasted
    HTML or Markdown never reaches a page as markup.
    """

    key_messages: dict[str, str] = field(default_factory=dict)
    recommendations: dict[str, str] = field(default_factory=dict)
    next_steps: dict[str, str] = field(default_factory=dict)

    def text(self, section: str, lang: str) -> str:
        """The section in ``lang``, falling back to the other language rather than nothing."""
        values = getattr(self, section)
        return (values.get(lang) or "").strip() or (values.get("en") or values.get("cy") or "").strip()

    def is_translated(self, section: str, lang: str) -> bool:
        return bool((getattr(self, section).get(lang) or "").strip())

    @property
    def is_empty(self) -> bool:
        return not any(self.text(section, "en") for section in NARRATIVE_SECTIONS)


@dataclass
class Amendment:
    """A change made to a published version after publishing: only ever removing what consent no
    longer allows."""

    on: date
    quotes_removed: int = 0


@dataclass
class VersionInfo:
    number: int
    published_at: datetime
    published_by: str
    amendments: list[Amendment] = field(default_factory=list)

    @property
    def amended_on(self) -> date | None:
        return self.amendments[-1].on if self.amendments else None


@dataclass
class Document:
    """What a page or a file shows: a summary (whole discovery or one authority), the squad's
    narrative, the comparison across authorities, and, for a published version, which one."""

    summary: Summary
    narrative: Narrative = field(default_factory=Narrative)
    comparison: Comparison = field(default_factory=Comparison)
    version: VersionInfo | None = None
    authorities: list[AuthorityRef] = field(default_factory=list)
    """Every authority taking part, so a reader of the whole summary can pick one."""


@dataclass
class Snapshot:
    """A published version as stored: the whole summary, one per authority, and what they share."""

    whole: Summary
    by_authority: dict[str, Summary] = field(default_factory=dict)
    comparison: Comparison = field(default_factory=Comparison)
    narrative: Narrative = field(default_factory=Narrative)
    schema: int = SCHEMA

    def summaries(self) -> list[Summary]:
        return [self.whole, *self.by_authority.values()]

    def document(self, authority_code: str | None, version: VersionInfo | None) -> Document | None:
        """The version as one reader sees it; None for an authority the version does not hold."""
        summary = self.whole if authority_code is None else self.by_authority.get(authority_code)
        if summary is None:
            return None
        authorities = [line.authority for line in self.whole.research.authorities]
        return Document(summary, self.narrative, self.comparison, version, authorities)


# JSON ------------------------------------------------------------------------------------------


def to_dict(value: Any) -> Any:
    """A dataclass tree as JSON-ready values (dates as ISO strings)."""
    if dataclasses.is_dataclass(value):
        return {f.name: to_dict(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): to_dict(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_dict(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def from_dict(cls: type, data: Any) -> Any:
    """Read ``to_dict`` output back into ``cls``; missing fields take their defaults, unknown
    fields are ignored (a snapshot written by an older or newer release still reads)."""
    return _read(cls, data)


def _read(kind: Any, data: Any) -> Any:
    if data is None:
        return None
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        return _read(options[0], data)
    if origin is list:
        (item,) = typing.get_args(kind)
        return [_read(item, v) for v in data]
    if origin is dict:
        _, item = typing.get_args(kind)
        return {k: _read(item, v) for k, v in data.items()}
    if kind is datetime:
        return datetime.fromisoformat(data)
    if kind is date:
        return date.fromisoformat(data)
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        values = {
            f.name: _read(hints[f.name], data[f.name]) for f in dataclasses.fields(kind) if f.name in data
        }
        return kind(**values)
    return data
