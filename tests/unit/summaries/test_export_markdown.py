"""Markdown: headings, GFM tables and quotes, with everything people typed escaped."""

from __future__ import annotations

import dataclasses

from discovery.summaries.exports import markdown
from tests.unit.summaries import documents


def test_sections_are_headings_and_quotes_are_blockquotes(app):
    text = markdown.to_markdown(documents.full(), "en")

    assert text.startswith("# Accessing adult social care\n")
    assert "\n## Key messages\n" in text
    assert "\n### Finding out that help exists\n" in text
    assert (
        "> “I only found out because a woman at the school gate told me.”\n>\n> — P03, Unpaid carer, Torfaen"
        in text
    )
    assert "| Segment | Participants | Sample target |\n| --- | ---: | ---: |\n| Resident | 9 | 8 |" in text


def test_a_theme_label_that_looks_like_markup_is_shown_as_typed(app):
    document = documents.full()
    document.summary.themes[0] = dataclasses.replace(
        document.summary.themes[0], label="**<b>x</b>** | [link](http://x)"
    )

    text = markdown.to_markdown(document, "en")

    assert "### \\*\\*\\<b\\>x\\</b\\>\\*\\* \\| \\[link\\](http://x)" in text
    assert "<b>" not in text


def test_escape_leaves_plain_words_alone_and_defuses_line_starts():
    assert markdown.escape("Calling the council (first time)") == "Calling the council (first time)"
    assert markdown.escape("- not a list") == "\\- not a list"
    assert markdown.escape("1. not a list") == "1\\. not a list"
    assert markdown.escape("# not a heading") == "\\# not a heading"
    assert markdown.escape("two\nlines") == "two lines"


def test_an_authoritys_summary_has_no_comparison_and_a_draft_says_so(app):
    assert "Comparison across authorities" not in markdown.to_markdown(documents.one_authority(), "en")
    text = markdown.to_markdown(documents.empty(), "en")
    assert "Draft — not yet published" in text
    assert "No themes have been accepted yet." in text
