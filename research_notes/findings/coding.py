"""What the coding panel and the note's navigation need: the researcher's recent tags, a turn's
sentences, a tag typed by name, and where "next untagged turn", "go to 1:02:30" and "find in
the note" land.

On a 90-minute transcript a researcher works down the page, so every answer here is a turn
to jump to (its ``position``, the ``#u-N`` anchor) rather than a new page of results.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from discovery.core.models import Discovery, User
from discovery.extensions import db
from research_notes.models import Finding, Tag, Utterance, finding_tags
from research_notes.tags import codebook_formats as formats
from research_notes.tags import services as tag_services

RECENT_TAGS = 6
TEAM_SPEAKERS = frozenset({"researcher", "interviewer", "facilitator", "moderator"})


def recent_tags(discovery: Discovery, user: User, tags: Sequence[Tag], limit: int = RECENT_TAGS) -> list[Tag]:
    """The tags this researcher used most recently in this discovery, newest first.

    Researchers code a transcript with a handful of tags again and again; putting those first
    saves scrolling through the whole codebook for each highlight.
    """
    by_id = {t.id: t for t in tags}
    rows = db.session.execute(
        select(finding_tags.c.tag_id)
        .join(Finding, Finding.id == finding_tags.c.finding_id)
        .where(Finding.discovery_id == discovery.id, Finding.created_by_id == user.id)
        .order_by(Finding.created_at.desc())
        .limit(200)
    )
    recent: list[Tag] = []
    for (tag_id,) in rows:
        tag = by_id.get(tag_id)
        if tag is not None and tag not in recent:
            recent.append(tag)
            if len(recent) == limit:
                break
    return recent


class TypedTagError(ValueError):
    """A tag typed by name that cannot be used; ``message`` is untranslated (``formats.N_``)."""

    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message)
        self.message = message
        self.params = params


def typed_tag(discovery: Discovery, typed: str, *, may_create: bool) -> Tag | str | None:
    """The tag whose name (or path, ‘Barriers › Cost’) was typed, or the cleaned name of a new
    top-level tag to create when saving (:func:`add_typed_tag`); None when nothing was typed.

    A name that matches several tags in different branches is refused with a message naming
    the choice, rather than guessing. Only someone who may manage the codebook creates a tag;
    for everyone else an unknown name is an error that says who can add it.
    """
    path = formats.split_tag_path(formats.clean_name(typed))
    if not path:
        return None
    tags = tag_services.tags_for(discovery)
    by_path = {
        tuple(formats.name_key(n) for n in (*p, t.name)): t for t, p in tag_services.ordered_tags(tags)
    }
    wanted = tuple(formats.name_key(n) for n in path)
    if wanted in by_path:
        return by_path[wanted]
    if len(wanted) == 1:
        same_name = [t for key, t in by_path.items() if key[-1] == wanted[0]]
        if len(same_name) == 1:
            return same_name[0]
        if len(same_name) > 1:
            raise TypedTagError(
                formats.N_("There are %(num)d tags called ‘%(name)s’. Tick the one you mean in the list"),
                num=len(same_name),
                name=path[0],
            )
    if not may_create:
        raise TypedTagError(
            formats.N_(
                "There is no tag called ‘%(name)s’. Choose a tag from the list, or ask someone who "
                "manages the codebook to add it"
            ),
            name=" › ".join(path),
        )
    if len(path) > 1:
        raise TypedTagError(
            formats.N_("Add ‘%(name)s’ to the codebook first: only a top-level tag can be added here"),
            name=" › ".join(path),
        )
    if problem := formats.name_problem(path[0]):
        raise TypedTagError(problem)
    return path[0]


def add_typed_tag(discovery: Discovery, name: str) -> Tag:
    """Add a tag typed while coding to the top of the codebook, grey until someone files it."""
    return tag_services.create_tag(discovery, tag_services.TagData(name, "", "grey", None))


@dataclass(frozen=True)
class Sentence:
    number: int
    start: int  # offsets into the note body
    end: int
    text: str


def turn_sentences(utterance: Utterance) -> list[Sentence]:
    """The turn's sentences with note-body offsets, for coding part of a turn by keyboard."""
    from nlp.segment import sentences

    return [
        Sentence(n, utterance.char_start + s.start, utterance.char_start + s.end, s.text)
        for n, s in enumerate(sentences(utterance.text), start=1)
    ]


def is_team_turn(utterance: Utterance) -> bool:
    """A turn spoken by the squad rather than a participant: questions, not evidence."""
    if utterance.researcher_id is not None:
        return True
    return (utterance.speaker or "").strip().casefold() in TEAM_SPEAKERS


def next_untagged_turn(
    utterances: Sequence[Utterance], findings: Sequence[Finding], after: int
) -> Utterance | None:
    """The first turn after position ``after`` that no finding touches and a participant spoke,
    wrapping round to the top, so "next untagged turn" walks every gap once."""
    ends = [max(u.char_end, u.char_start + 1) for u in utterances]
    covered: set[int] = set()
    for finding in findings:
        index = bisect.bisect_right(ends, finding.start_offset)
        while index < len(utterances) and utterances[index].char_start < finding.end_offset:
            covered.add(utterances[index].position)
            index += 1
    open_turns = [
        u for u in utterances if u.position not in covered and u.text.strip() and not is_team_turn(u)
    ]
    return next((u for u in open_turns if u.position > after), open_turns[0] if open_turns else None)


_CLOCK = re.compile(r"^\s*(?:(\d{1,2}):)?(\d{1,3})(?::(\d{1,2}))?\s*$")


def parse_clock(text: str) -> float | None:
    """Seconds from ‘1:02:30’, ‘62:30’ or ‘62’ (minutes); None when it is not a time."""
    match = _CLOCK.match(text or "")
    if not match:
        return None
    hours, middle, last = match.groups()
    if last is None and hours is None:
        return int(middle) * 60.0
    if hours is None:
        minutes, seconds = int(middle), int(last)
        hours_value = 0
    else:
        hours_value, minutes, seconds = int(hours), int(middle), int(last or 0)
        if minutes >= 60:
            return None
    if seconds >= 60:
        return None
    return hours_value * 3600.0 + minutes * 60.0 + seconds


def turn_at_time(utterances: Sequence[Utterance], seconds: float) -> Utterance | None:
    """The turn being spoken at ``seconds``: the last one starting at or before it."""
    timed = [u for u in utterances if u.start_seconds is not None]
    if not timed:
        return None
    before = [u for u in timed if u.start_seconds <= seconds]
    return before[-1] if before else timed[0]


def next_turn_by(utterances: Sequence[Utterance], speaker: str, after: int) -> Utterance | None:
    """The speaker's next turn after position ``after``, wrapping round to their first."""
    theirs = [u for u in utterances if (u.speaker or "") == speaker]
    return next((u for u in theirs if u.position > after), theirs[0] if theirs else None)


def speakers_in(utterances: Sequence[Utterance]) -> list[str]:
    """The note's speakers in the order they first speak."""
    seen: dict[str, None] = {}
    for u in utterances:
        if u.speaker:
            seen.setdefault(u.speaker, None)
    return list(seen)


@dataclass(frozen=True)
class FoundTurn:
    utterance: Utterance
    before: str
    match: str
    after: str


def find_in_note(utterances: Sequence[Utterance], words: str, limit: int = 50) -> tuple[list[FoundTurn], int]:
    """Turns containing ``words`` (case-insensitive), each with the first match in context,
    and how many turns matched in all (only the first ``limit`` are returned)."""
    wanted = " ".join(words.split()).casefold()
    if not wanted:
        return [], 0
    pattern = re.compile(r"\s+".join(re.escape(w) for w in wanted.split(" ")), re.IGNORECASE)
    found: list[FoundTurn] = []
    total = 0
    for u in utterances:
        match = pattern.search(u.text)
        if match is None:
            continue
        total += 1
        if len(found) < limit:
            before = u.text[max(0, match.start() - 60) : match.start()]
            after = u.text[match.end() : match.end() + 60]
            found.append(
                FoundTurn(
                    u,
                    ("…" if match.start() > 60 else "") + before,
                    match.group(0),
                    after + ("…" if match.end() + 60 < len(u.text) else ""),
                )
            )
    return found, total


def turns_around(finding: Finding) -> tuple[Utterance | None, Utterance | None, Utterance | None]:
    """The turn a finding quotes, with the turns before and after it, for reading it in context."""
    turns = finding.note.utterances
    turn = finding.utterance or next(
        (u for u in turns if u.char_start <= finding.start_offset < max(u.char_end, u.char_start + 1)), None
    )
    if turn is None:
        return None, None, None
    index = turns.index(turn)
    return (
        turns[index - 1] if index > 0 else None,
        turn,
        turns[index + 1] if index + 1 < len(turns) else None,
    )


def quote_alone(finding: Finding):
    """Only the finding's own words, marked, for a reader the note itself is not shared with."""
    from research_notes.findings.highlights import pieces

    return pieces(
        finding.text, finding.start_offset, [(str(finding.id), finding.start_offset, finding.end_offset)]
    )


def quote_in_turn(finding: Finding, turn: Utterance | None):
    """The turn's text cut into pieces with the finding's words marked."""
    from research_notes.findings.highlights import pieces

    if turn is None:
        return []
    return pieces(turn.text, turn.char_start, [(str(finding.id), finding.start_offset, finding.end_offset)])
