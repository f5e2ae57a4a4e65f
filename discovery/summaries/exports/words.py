"""The words and tables of a summary, shared by the page partial and every file format.

The partial (``templates/summaries/_document.html``, where this module is the ``summary_words``
global), the Markdown and the Word renderers all say "3 findings from 2 participants in
1 authority" through the same function, so the formats cannot drift apart and Welsh has one
string to translate. Everything here reads a ``content.Document`` only and translates in the
locale in force: callers wrap rendering in ``flask_babel.force_locale(lang)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import format_date, format_percent, gettext, ngettext
from flask_babel import lazy_gettext as _l

from discovery.core import vocab
from discovery.summaries import content, narrative

SECTIONS = {
    "key-messages": _l("Key messages"),
    "problem": _l("The problem"),
    "research": _l("How the research was done"),
    "themes": _l("What we found"),
    "needs": _l("User needs"),
    "pain-points": _l("Pain points by journey stage"),
    "backlog": _l("Backlog: Must and Should items"),
    "questions": _l("Research questions"),
    "hypotheses": _l("Hypotheses and assumptions"),
    "across-authorities": _l("Comparison across authorities"),
    "recommendations": _l("Recommendations"),
    "next-steps": _l("Next steps"),
    "gaps": _l("What the research did not cover"),
}
"""Every section in reading order, by the id the contents list links to."""

EMPTY = {
    "key-messages": _l("No key messages written yet."),
    "problem": _l("No problem statement written yet."),
    "themes": _l("No themes have been accepted yet."),
    "needs": _l("No user needs written yet."),
    "pain-points": _l("No journey map yet, and no pain points tagged with a journey stage."),
    "backlog": _l("No Must or Should items in the backlog yet."),
    "questions": _l("No research questions written yet."),
    "hypotheses": _l("No hypotheses or assumptions written yet."),
    "across-authorities": _l("No comparison yet: it needs accepted themes and authorities taking part."),
    "recommendations": _l("No recommendations written yet."),
    "next-steps": _l("No next steps written yet."),
    "gaps": _l("No gaps found: every segment with a target met it."),
}

NOTHING = {
    "methods": _l("No sessions recorded yet."),
    "segments": _l("No participants recorded yet."),
    "authorities": _l("No authorities taking part yet."),
    "stage": _l("No pain points recorded for this stage."),
}
"""What a part of a section says when it has nothing to show."""

NARRATIVE = {"key-messages": "key_messages", "recommendations": "recommendations", "next-steps": "next_steps"}
"""Sections written by the squad, by section id: their ``content.Narrative`` field."""

TAG_COLOURS = {
    "validated": "green",
    "hypothesis": "grey",
    "supported": "green",
    "not_supported": "red",
    "untested": "grey",
    "todo": "grey",
    "in_progress": "blue",
    "done": "green",
    "dropped": "red",
}


@dataclass(frozen=True)
class Tag:
    """A table cell shown as a GOV.UK tag on a page; as its words everywhere else."""

    text: str
    colour: str = "grey"

    def __str__(self) -> str:
        return self.text


@dataclass
class Table:
    caption: str
    head: list[str]
    rows: list[list[str | Tag]] = field(default_factory=list)
    numeric: frozenset[int] = frozenset()
    """Column indexes aligned right (counts)."""


class SquadWords(str):
    """A cell of words the squad wrote (a need, a question, theme names), in the discovery's
    language rather than the document's: a page marks the cell with ``lang``. Marked cell by
    cell, because one column can hold both ("No accepted theme answers this question yet" is
    the document's own words)."""

    squad = True


# Sections and narrative -------------------------------------------------------------------------


def sections(document: content.Document) -> list[tuple[str, str]]:
    """(id, title) of each section the document shows, in order; an authority's own summary has
    no comparison across authorities."""
    return [
        (key, str(title))
        for key, title in SECTIONS.items()
        if not (key == "across-authorities" and document.summary.scope is not None)
    ]


def empty(section: str) -> str:
    return str(EMPTY[section])


def nothing(part: str) -> str:
    return str(NOTHING[part])


def narrative_blocks_for(narrative_: content.Narrative, section: str, lang: str) -> list:
    """The squad's words for a section (``key-messages`` or the field name) as blocks."""
    field_name = NARRATIVE.get(section, section)
    return narrative.blocks(narrative_.text(field_name, lang))


def untranslated_note(narrative_: content.Narrative, section: str, lang: str) -> str:
    """Say so when a Welsh reader is shown the English text (or the other way round)."""
    field_name = NARRATIVE.get(section, section)
    if not narrative_.text(field_name, lang) or narrative_.is_translated(field_name, lang):
        return ""
    return gettext("This section has not been translated yet, so it is shown as the squad wrote it.")


def paragraphs(text: str) -> list[str]:
    """Plain text split at blank lines: a problem statement typed in paragraphs."""
    return [
        " ".join(part.split()) for part in (text or "").replace("\r\n", "\n").split("\n\n") if part.strip()
    ]


# Lines ------------------------------------------------------------------------------------------


def long_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    day = value.date() if isinstance(value, datetime) else value
    return format_date(day, "d MMMM y")


def title(document: content.Document) -> str:
    return gettext("%(discovery)s: discovery summary", discovery=document.summary.discovery_title)


def scope(document: content.Document, lang: str) -> str:
    if document.summary.scope is None:
        return gettext("Whole discovery")
    return gettext("%(authority)s only", authority=document.summary.scope.name_in(lang))


def version_lines(document: content.Document) -> list[str]:
    """Which version this is, and every amendment made to it since it was published."""
    version = document.version
    if version is None:
        return [gettext("Draft — not yet published")]
    lines = [
        gettext(
            "Published version %(number)s on %(date)s by %(author)s",
            number=version.number,
            date=long_date(version.published_at),
            author=version.published_by,
        )
    ]
    lines += [
        gettext(
            "Amended on %(date)s: quotes from a participant who withdrew consent were removed",
            date=long_date(amendment.on),
        )
        if amendment.quotes_removed
        else gettext(
            "Amended on %(date)s: a participant counted in this version withdrew consent; it quoted "
            "none of their words, and its counts are as published",
            date=long_date(amendment.on),
        )
        for amendment in version.amendments
    ]
    return lines


def strength(value: content.Strength) -> str:
    return gettext(
        "%(findings)s from %(participants)s in %(authorities)s",
        findings=ngettext("%(num)d finding", "%(num)d findings", value.findings),
        participants=ngettext("%(num)d participant", "%(num)d participants", value.participants),
        authorities=ngettext("%(num)d authority", "%(num)d authorities", value.authorities),
    )


def authority_name(document: content.Document, code: str | None, lang: str, default: str = "") -> str:
    """An authority's name in ``lang`` by its code, from anywhere the document names it."""
    if not code:
        return default
    known = [*document.authorities, *document.comparison.authorities]
    known += [line.authority for line in document.summary.research.authorities]
    if document.summary.scope is not None:
        known.append(document.summary.scope)
    return next((ref.name_in(lang) for ref in known if ref.code == code), default or code)


def segment_name(key: str | None) -> str:
    return str(vocab.SEGMENTS.get(key, key)) if key else ""


def attribution(document: content.Document, quote: content.Quote, lang: str) -> str:
    """ "Pseudonym, segment, authority": who said it, as far as the summary may say."""
    parts = [
        quote.pseudonym,
        segment_name(quote.segment),
        authority_name(document, quote.authority_code, lang),
    ]
    return ", ".join(part for part in parts if part)


def stage_name(stage: content.StageLine) -> str:
    if stage.name:
        return stage.name
    if stage.key:
        return str(vocab.JOURNEY_STAGES.get(stage.key, stage.key))
    return gettext("Unnamed stage")


def pain_point(point: content.PainPoint) -> str:
    """A pain point with its evidence, or marked as assumed."""
    if point.basis == "assumed":
        return gettext("%(text)s (%(basis)s)", text=point.text, basis=vocab.ENTRY_BASES["assumed"])
    return gettext("%(text)s (%(strength)s)", text=point.text, strength=strength(point.strength))


def tagged_pain_points(stage: content.StageLine) -> str:
    if not stage.tagged_pain_points.findings:
        return ""
    return gettext(
        "Pain points tagged with this stage: %(strength)s", strength=strength(stage.tagged_pain_points)
    )


def research_lines(research: content.Research) -> list[str]:
    """When the research ran and how much it recorded, one sentence each."""
    lines = []
    if research.start_date and research.end_date:
        lines.append(
            gettext(
                "The research ran from %(start)s to %(end)s.",
                start=long_date(research.start_date),
                end=long_date(research.end_date),
            )
        )
    else:
        lines.append(gettext("No research dates set yet."))
    if research.first_session and research.last_session:
        lines.append(
            gettext(
                "Sessions took place between %(first)s and %(last)s.",
                first=long_date(research.first_session),
                last=long_date(research.last_session),
            )
        )
    lines.append(
        gettext(
            "The squad recorded %(notes)s and %(findings)s from %(participants)s.",
            notes=ngettext("%(num)d note", "%(num)d notes", research.notes),
            findings=ngettext("%(num)d finding", "%(num)d findings", research.findings),
            participants=ngettext("%(num)d participant", "%(num)d participants", research.participants),
        )
    )
    return lines


def methods(research: content.Research) -> list[str]:
    return [
        gettext(
            "%(method)s: %(sessions)s",
            method=vocab.METHODS.get(line.method, line.method),
            sessions=ngettext("%(num)d session", "%(num)d sessions", line.sessions),
        )
        for line in research.methods
    ]


def gap(document: content.Document, item: content.Gap, lang: str) -> str:
    if item.kind == "segment_under_target":
        return ngettext(
            "%(segment)s: %(have)d of %(num)d person (target)",
            "%(segment)s: %(have)d of %(num)d people (target)",
            item.want,
            segment=segment_name(item.subject),
            have=item.have,
        )
    if item.kind == "authority_thin":
        name = authority_name(document, item.subject, lang, default=item.subject_name)
        return ngettext(
            "%(authority)s: evidence from %(have)d of the %(num)d participant needed to rely on it",
            "%(authority)s: evidence from %(have)d of the %(num)d participants needed to rely on it",
            item.want,
            authority=name,
            have=item.have,
        )
    if item.kind == "no_quotes":
        return gettext("No participant’s consent covers quotes in reports, so this summary quotes no one.")
    return item.subject_name or item.subject


# Tables -----------------------------------------------------------------------------------------


def _tag(mapping: dict, key: str) -> Tag:
    return Tag(str(mapping.get(key, key)), TAG_COLOURS.get(key, "grey"))


def segment_table(research: content.Research) -> Table:
    """Participants by segment, against the sample targets when there are any. Targets are the
    whole discovery's, so an authority's summary (which has none) leaves the column out."""
    targets = any(line.target is not None for line in research.segments)
    rows: list[list[str | Tag]] = [
        [segment_name(line.segment), str(line.participants)]
        + ([gettext("No target") if line.target is None else str(line.target)] if targets else [])
        for line in research.segments
    ]
    head = [gettext("Segment"), gettext("Participants")] + ([gettext("Sample target")] if targets else [])
    return Table(gettext("Participants by segment"), head, rows, frozenset({1, 2}))


def authority_table(document: content.Document, lang: str) -> Table:
    rows: list[list[str | Tag]] = [
        [line.authority.name_in(lang), str(line.participants), str(line.findings)]
        for line in document.summary.research.authorities
    ]
    head = [gettext("Authority"), gettext("Participants"), gettext("Findings")]
    return Table(gettext("Participants and findings by authority"), head, rows, frozenset({1, 2}))


def needs_table(summary: content.Summary) -> Table:
    rows: list[list[str | Tag]] = [
        [
            SquadWords(need.statement),
            _tag(vocab.NEED_STATUSES, need.status),
            strength(need.strength),
            SquadWords("; ".join(need.themes)),
        ]
        for need in summary.needs
    ]
    head = [gettext("Need"), gettext("Status"), gettext("Evidence"), gettext("Themes")]
    return Table(gettext("User needs"), head, rows)


def backlog_table(summary: content.Summary) -> Table:
    rows: list[list[str | Tag]] = [
        [
            str(item.number),
            SquadWords(item.title),
            str(vocab.MOSCOW.get(item.priority, item.priority)),
            _tag(vocab.BACKLOG_STATUSES, item.status),
            strength(item.strength),
        ]
        for item in summary.backlog
    ]
    head = [gettext("Number"), gettext("Item"), gettext("Priority"), gettext("Status"), gettext("Evidence")]
    return Table(gettext("Must and Should items"), head, rows)


def questions_table(summary: content.Summary) -> Table:
    rows: list[list[str | Tag]] = [
        [
            SquadWords(question.text),
            SquadWords("; ".join(question.themes))
            if question.themes
            else gettext("No accepted theme answers this question yet"),
        ]
        for question in summary.questions
    ]
    head = [gettext("Question"), gettext("Themes that answer it")]
    caption = gettext("Research questions and the themes that answer them")
    return Table(caption, head, rows)


def hypotheses_table(summary: content.Summary) -> Table:
    rows: list[list[str | Tag]] = [
        [
            SquadWords(line.text),
            str(vocab.HYPOTHESIS_KINDS.get(line.kind, line.kind)),
            _tag(vocab.HYPOTHESIS_STATUSES, line.status),
        ]
        for line in summary.hypotheses
    ]
    head = [gettext("Hypothesis or assumption"), gettext("Kind"), gettext("Status")]
    return Table(gettext("Hypotheses and assumptions"), head, rows)


def comparison_cell(cell: content.ComparisonCell) -> str:
    if not cell.base:
        return "–"
    return gettext(
        "%(participants)s of %(base)s (%(share)s)",
        participants=cell.participants,
        base=cell.base,
        share=format_percent(cell.share),
    )


def comparison_table(comparison: content.Comparison, lang: str) -> Table:
    """The comparison as numbers, for formats without the heat map: each authority's
    participants in a theme out of its participants with usable findings."""
    head = [gettext("Theme"), *(ref.name_in(lang) for ref in comparison.authorities)]
    rows: list[list[str | Tag]] = [
        [SquadWords(row.label), *(comparison_cell(cell) for cell in row.cells)] for row in comparison.rows
    ]
    numeric = frozenset(range(1, len(head)))
    return Table(gettext("Participants in each theme, by authority"), head, rows, numeric)


def has_comparison(document: content.Document) -> bool:
    return bool(document.comparison.rows and document.comparison.authorities)


def listed_table(summary: content.Summary, key: str) -> Table | None:
    """The table of a section that is one table of the summary's lines (needs, backlog,
    questions, hypotheses), or None when there are no lines and the section says so instead."""
    lines, build = {
        "needs": (summary.needs, needs_table),
        "backlog": (summary.backlog, backlog_table),
        "questions": (summary.questions, questions_table),
        "hypotheses": (summary.hypotheses, hypotheses_table),
    }[key]
    return build(summary) if lines else None
