"""Filtering and full-text search of findings and notes, on SQLite (FTS5) and PostgreSQL.

What a person types is never passed to the database's query language as it is: it is cut
into words and "quoted phrases", and a query is built from those alone, so characters such
as ``"``, ``*``, ``AND`` or ``'); DROP`` are just text to look for, never syntax.
"""

from __future__ import annotations

import math
import re
import uuid
from dataclasses import dataclass, field

from markupsafe import Markup, escape
from sqlalchemy import Select, func, literal_column, select, text
from sqlalchemy.orm import selectinload

from discovery.core import data_scope
from discovery.core.models import Discovery, User
from discovery.extensions import db
from research_notes.models import Finding, Participant, ResearchNote, Tag, finding_tags

_TOKEN = re.compile(r'"([^"]*)"|([\w][\w\'’-]*)', re.UNICODE)
_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 12


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]  # one word, or the words of a quoted phrase

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1


def parse_query(query: str | None) -> list[Term]:
    """Words and quoted phrases from a search box; everything else is ignored."""
    terms: list[Term] = []
    for phrase, word in _TOKEN.findall((query or "")[:500]):
        words = tuple(w.lower() for w in _WORD.findall(phrase or word))
        if words:
            terms.append(Term(words))
    return terms[:MAX_TERMS]


def fts5_expression(terms: list[Term]) -> str:
    """An FTS5 MATCH expression: every term must occur; single words match as prefixes."""
    parts = [f'"{" ".join(t.words)}"' if t.is_phrase else f'"{t.words[0]}"*' for t in terms]
    return " AND ".join(parts)


def tsquery_expression(terms: list[Term]) -> str:
    """A PostgreSQL to_tsquery expression with the same meaning as fts5_expression."""
    parts = []
    for term in terms:
        if term.is_phrase:
            parts.append("(" + " <-> ".join(f"'{w}'" for w in term.words) + ")")
        else:
            parts.append(f"'{term.words[0]}':*")
    return " & ".join(parts)


def _matches(table: str, index: str, columns, terms: list[Term]):
    """A WHERE clause: the row's text contains every term (FTS5 on SQLite, tsquery on PostgreSQL).

    On PostgreSQL the expression must be the one the GIN index in search_index was built on.
    """
    if db.engine.dialect.name == "sqlite":
        query = text(f"SELECT rowid FROM {index} WHERE {index} MATCH :q")  # noqa: S608 - index is a fixed table name; the terms are bound
        matching = query.bindparams(q=fts5_expression(terms))
        return literal_column(f"{table}.rowid").in_(matching.columns(literal_column("rowid")))
    first, second = (func.coalesce(column, "") for column in columns)
    document = func.to_tsvector("simple", first + " " + second)
    return document.op("@@")(func.to_tsquery("simple", tsquery_expression(terms)))


def _finding_matches(terms: list[Term]):
    return _matches("findings", "search_findings", (Finding.text, Finding.comment), terms)


def _note_matches(terms: list[Term]):
    if db.engine.dialect.name == "sqlite":
        return _matches("research_notes", "search_notes", (ResearchNote.title, ResearchNote.body), terms)
    # The stored column of search_index.POSTGRES_NOTES_VECTOR, indexed: no tsvector computed per search.
    vector = literal_column("research_notes.search_vector")
    return vector.op("@@")(func.to_tsquery("simple", tsquery_expression(terms)))


# Highlighting ------------------------------------------------------------------------------


def _term_pattern(terms: list[Term]) -> re.Pattern | None:
    if not terms:
        return None
    alternatives = []
    for term in terms:
        if term.is_phrase:
            alternatives.append(r"\W+".join(re.escape(w) for w in term.words))
        else:
            alternatives.append(re.escape(term.words[0]) + r"\w*")
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + ")", re.IGNORECASE | re.UNICODE)


def highlight(value: str, terms: list[Term]) -> Markup:
    """The text, escaped, with each match wrapped in <mark>."""
    pattern = _term_pattern(terms)
    if pattern is None:
        return escape(value)
    out, last = [], 0
    for match in pattern.finditer(value):
        out.append(escape(value[last : match.start()]))
        out.append(Markup('<mark class="app-search-match">') + escape(match.group(0)) + Markup("</mark>"))
        last = match.end()
    out.append(escape(value[last:]))
    return Markup("").join(out)


def snippet(value: str, terms: list[Term], width: int = 240) -> Markup:
    """About ``width`` characters around the first match, highlighted."""
    pattern = _term_pattern(terms)
    match = pattern.search(value) if pattern else None
    start = max(0, (match.start() if match else 0) - width // 3)
    end = min(len(value), start + width)
    piece = value[start:end]
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(value) else ""
    return escape(prefix) + highlight(piece, terms) + escape(suffix)


# Filters -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FindingFilters:
    q: str = ""
    tag_ids: tuple[uuid.UUID, ...] = ()
    kinds: tuple[str, ...] = ()
    segments: tuple[str, ...] = ()
    authority_ids: tuple[uuid.UUID, ...] = ()
    journey_stages: tuple[str, ...] = ()
    note_id: uuid.UUID | None = None
    participant_id: uuid.UUID | None = None

    @property
    def terms(self) -> list[Term]:
        return parse_query(self.q)

    @property
    def is_empty(self) -> bool:
        return self == FindingFilters()


def descendant_ids(discovery: Discovery, tag_ids) -> set[uuid.UUID]:
    """The tags chosen and every tag beneath them: filtering by "Barriers" includes "Cost"."""
    children: dict[uuid.UUID | None, list[uuid.UUID]] = {}
    for tag_id, parent_id in db.session.execute(
        select(Tag.id, Tag.parent_id).where(Tag.discovery_id == discovery.id)
    ):
        children.setdefault(parent_id, []).append(tag_id)
    found: set[uuid.UUID] = set()
    stack = list(tag_ids)
    while stack:
        current = stack.pop()
        if current in found:
            continue
        found.add(current)
        stack.extend(children.get(current, []))
    return found


def findings_query(discovery: Discovery, filters: FindingFilters) -> Select:
    query = select(Finding).where(Finding.discovery_id == discovery.id)
    if filters.tag_ids:
        wanted = descendant_ids(discovery, filters.tag_ids)
        tagged = select(finding_tags.c.finding_id).where(finding_tags.c.tag_id.in_(wanted))
        query = query.where(Finding.id.in_(tagged))
    if filters.kinds:
        query = query.where(Finding.kind.in_(filters.kinds))
    if filters.journey_stages:
        query = query.where(Finding.journey_stage.in_(filters.journey_stages))
    if filters.note_id:
        query = query.where(Finding.note_id == filters.note_id)
    if filters.participant_id:
        query = query.where(Finding.participant_id == filters.participant_id)
    if filters.segments or filters.authority_ids:
        people = select(Participant.id).where(Participant.discovery_id == discovery.id)
        if filters.segments:
            people = people.where(Participant.segment.in_(filters.segments))
        if filters.authority_ids:
            people = people.where(Participant.authority_id.in_(filters.authority_ids))
        query = query.where(Finding.participant_id.in_(people))
    terms = filters.terms
    if terms:
        query = query.where(_finding_matches(terms))
    return query


@dataclass
class ResultsPage:
    """One page of a list of results; ``page`` is always a real page, whatever was asked for."""

    items: list
    total: int
    page: int
    per_page: int
    terms: list[Term] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def first(self) -> int:
        return 0 if self.total == 0 else (self.page - 1) * self.per_page + 1

    @property
    def last(self) -> int:
        return min(self.total, self.page * self.per_page)


FindingsPage = ResultsPage


def _real_page(total: int, page: int, per_page: int) -> int:
    """The page asked for, moved into range: before the first is the first, past the last the last."""
    return min(max(1, page), max(1, math.ceil(total / per_page)))


def page_of_findings(
    discovery: Discovery, filters: FindingFilters, page: int = 1, per_page: int = 25
) -> FindingsPage:
    query = findings_query(discovery, filters)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    page = _real_page(total, page, per_page)
    items = list(
        db.session.scalars(
            query.options(
                selectinload(Finding.tags),
                selectinload(Finding.note),
                selectinload(Finding.participant).selectinload(Participant.authority),
            )
            .order_by(Finding.created_at.desc(), Finding.id)
            .offset((page - 1) * per_page)
            .limit(per_page)
        )
    )
    return FindingsPage(items, total, page, per_page, filters.terms)


def all_findings(discovery: Discovery, filters: FindingFilters) -> list[Finding]:
    query = findings_query(discovery, filters).options(
        selectinload(Finding.tags),
        selectinload(Finding.note),
        selectinload(Finding.participant).selectinload(Participant.authority),
    )
    return list(db.session.scalars(query.order_by(Finding.created_at, Finding.id)))


def page_of_notes(
    discovery: Discovery, query: str, page: int = 1, per_page: int = 10, *, reader: User | None = None
) -> ResultsPage:
    """Notes whose title or text match, newest first; items are (note, highlighted snippet).

    Given a reader, only the notes the data-sharing agreement lets them read are searched, so
    neither a snippet nor the count says what another council's notes hold.
    """
    terms = parse_query(query)
    if not terms:
        return ResultsPage([], 0, 1, per_page, terms)
    base = select(ResearchNote).where(ResearchNote.discovery_id == discovery.id, _note_matches(terms))
    if reader is not None:
        base = base.where(data_scope.readable_notes_filter(reader, discovery))
    total = db.session.scalar(select(func.count()).select_from(base.subquery()))
    page = _real_page(total, page, per_page)
    notes = db.session.scalars(
        base.order_by(ResearchNote.held_on.desc(), ResearchNote.title, ResearchNote.id)
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    return ResultsPage([(note, snippet(note.body, terms)) for note in notes], total, page, per_page, terms)


def search_notes(
    discovery: Discovery, query: str, limit: int = 10, *, reader: User | None = None
) -> tuple[int, list[tuple[ResearchNote, Markup]]]:
    """The first ``limit`` matching notes and how many match in all."""
    results = page_of_notes(discovery, query, 1, limit, reader=reader)
    return results.total, results.items
