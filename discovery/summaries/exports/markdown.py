"""A summary as Markdown (GitHub-flavoured): for a wiki, a pull request or a plain-text email.

Everything the squad or a participant typed is escaped, so a theme called ``**<b>x</b>**``
reads as those characters, never as bold or HTML, wherever the Markdown is rendered.
"""

from __future__ import annotations

import re

from flask_babel import force_locale, gettext

from discovery.summaries import content, narrative
from discovery.summaries.exports import words
from discovery.summaries.exports.words import Table

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
_LINE_START = re.compile(r"^(\s*)([-+=>#]|\d+[.)])")


def escape(text: str) -> str:
    """User text as literal Markdown: one line, every character that could be markup escaped."""
    text = " ".join(str(text).split())
    text = _SPECIAL.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], text)


def table(t: Table) -> str:
    head = [escape(cell) for cell in t.head]
    align = ["---:" if index in t.numeric else "---" for index in range(len(head))]
    lines = [f"*{escape(t.caption)}*", "", _row(head), _row(align)]
    lines += [_row([escape(str(cell)) for cell in row]) for row in t.rows]
    return "\n".join(lines)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _bullets(items: list[str]) -> str:
    return "\n".join(f"- {escape(item)}" for item in items)


def _narrative(document: content.Document, key: str, lang: str) -> list[str]:
    blocks = words.narrative_blocks_for(document.narrative, key, lang)
    if not blocks:
        return [words.empty(key)]
    note = words.untranslated_note(document.narrative, key, lang)
    return [*([f"*{escape(note)}*"] if note else []), narrative.to_markdown(blocks)]


def _section(document: content.Document, key: str, lang: str) -> list[str]:
    summary = document.summary
    if key in words.NARRATIVE:
        return _narrative(document, key, lang)
    if key == "problem":
        return [escape(p) for p in words.paragraphs(summary.problem_statement)] or [words.empty(key)]
    if key == "research":
        research = summary.research
        out = [escape(line) for line in words.research_lines(research)]
        out.append(f"### {escape(gettext('Methods'))}")
        out.append(_bullets(words.methods(research)) or words.nothing("methods"))
        out.append(f"### {escape(gettext('Who took part'))}")
        out.append(table(words.segment_table(research)) if research.segments else words.nothing("segments"))
        out.append(
            table(words.authority_table(document, lang))
            if research.authorities
            else words.nothing("authorities")
        )
        return out
    if key == "themes":
        out = []
        for theme in summary.themes:
            out.append(f"### {escape(theme.label)}")
            if theme.description:
                out.append(escape(theme.description))
            out.append(f"*{escape(words.strength(theme.strength))}*")
            out += [
                f"> “{escape(quote.text)}”\n>\n> — {escape(words.attribution(document, quote, lang))}"
                for quote in theme.quotes
            ]
        return out or [words.empty(key)]
    if key == "pain-points":
        out = []
        for stage in summary.stages:
            out.append(f"### {escape(words.stage_name(stage))}")
            points = [words.pain_point(point) for point in stage.pain_points]
            out.append(_bullets(points) or words.nothing("stage"))
            if tagged := words.tagged_pain_points(stage):
                out.append(f"*{escape(tagged)}*")
        return out or [words.empty(key)]
    if key == "gaps":
        return (
            [_bullets([words.gap(document, item, lang) for item in summary.gaps])]
            if summary.gaps
            else [words.empty(key)]
        )
    if key == "across-authorities":
        if not words.has_comparison(document):
            return [words.empty(key)]
        return [table(words.comparison_table(document.comparison, lang))]
    listed = words.listed_table(summary, key)
    return [table(listed)] if listed else [words.empty(key)]


def to_markdown(document: content.Document, lang: str) -> str:
    """The summary as one Markdown document: title, scope and version, then every section."""
    with force_locale(lang):
        out = [f"# {escape(document.summary.discovery_title)}", f"**{escape(words.scope(document, lang))}**"]
        out += [escape(line) for line in words.version_lines(document)]
        for key, title in words.sections(document):
            out.append(f"## {escape(title)}")
            out += _section(document, key, lang)
    return "\n\n".join(out) + "\n"
