"""Narrative sections read into paragraphs, lists and headings, whatever was typed or pasted."""

from __future__ import annotations

import random

import pytest
from bs4 import BeautifulSoup
from flask import render_template_string

from discovery.summaries.narrative import Block, blocks, plain_text, to_markdown


def test_blank_lines_separate_paragraphs_and_a_single_newline_joins_with_a_space():
    text = "Residents phone\nthree times before\r\nanyone answers.\n\n\n  Carers wait longest.  "
    assert blocks(text) == [
        Block("paragraph", ("Residents phone three times before anyone answers.",)),
        Block("paragraph", ("Carers wait longest.",)),
    ]


def test_bullet_and_numbered_lines_become_lists_and_end_the_paragraph_above():
    text = "We recommend:\n- one front door\n* a named worker\n• shorter forms\n\n1. Test\n2) Build\n3. Do"
    assert blocks(text) == [
        Block("paragraph", ("We recommend:",)),
        Block("bullets", ("one front door", "a named worker", "shorter forms")),
        Block("numbers", ("Test", "Build", "Do")),
    ]


def test_an_indented_line_carries_on_the_list_item_and_an_unindented_one_starts_a_paragraph():
    text = "- Phone lines\n  close at four\n- Forms\nThat is all."
    assert blocks(text) == [
        Block("bullets", ("Phone lines close at four", "Forms")),
        Block("paragraph", ("That is all.",)),
    ]


def test_markdown_headings_lose_their_hashes_but_a_hashtag_is_words():
    text = "## What we heard ##\nPeople wait.\n\n#carersweek was busy\n\nNext\n===="
    assert blocks(text) == [
        Block("heading", ("What we heard",)),
        Block("paragraph", ("People wait.",)),
        Block("paragraph", ("#carersweek was busy",)),
        Block("heading", ("Next",)),
    ]


def test_markdown_inline_markers_are_removed_and_links_keep_their_address():
    text = (
        "**Must** do __this__, *then* _that_, not snake_case, `code`, ~~gone~~, "
        "**bold *and* em**, [the service manual](https://www.gov.uk/service-manual), "
        "[https://gov.uk](https://gov.uk), ![a chart](chart.png) and \\*literal stars\\*"
    )
    assert blocks(text) == [
        Block(
            "paragraph",
            (
                "Must do this, then that, not snake_case, code, gone, bold and em, "
                "the service manual (https://www.gov.uk/service-manual), https://gov.uk, "
                "a chart and *literal stars*",
            ),
        )
    ]


def test_pasted_html_gives_structure_and_text_never_markup():
    pasted = (
        "<html><head><title>Doc</title><style>p { color: red }</style></head><body>"
        "<h2>Key <em>messages</em></h2><p>Waits are long &amp; getting longer.</p>"
        "<div>Carers<br>feel unheard</div>"
        "<ul><li>Fewer forms</li><li>One <b>named</b> worker<ul><li>in every team</li></ul></li></ul>"
        "<ol><li>Phone back</li><li>Write once</li></ol>"
        "<script>alert('x')</script><p>&lt;script&gt; is just text here</p></body></html>"
    )
    assert blocks(pasted) == [
        Block("heading", ("Key messages",)),
        Block("paragraph", ("Waits are long & getting longer.",)),
        Block("paragraph", ("Carers",)),
        Block("paragraph", ("feel unheard",)),
        Block("bullets", ("Fewer forms", "One named worker", "in every team")),
        Block("numbers", ("Phone back", "Write once")),
        Block("paragraph", ("<script> is just text here",)),
    ]


def test_neighbouring_lists_join_as_markdown_reads_them_and_a_stray_list_item_is_a_bullet():
    assert blocks("<ul><li>a</li></ul><ul><li>b</li></ul><li>c") == [Block("bullets", ("a", "b", "c"))]
    assert blocks("- a\n\n- b\n\n1. c") == [Block("bullets", ("a", "b")), Block("numbers", ("c",))]


def test_html_source_formatting_is_whitespace_but_text_typed_around_a_tag_keeps_its_lines():
    pasted = "<ul>\n  <li>\n    Fewer\n    forms\n  </li>\n</ul>\n<h2>\n  Next\n</h2>"
    assert blocks(pasted) == [Block("bullets", ("Fewer forms",)), Block("heading", ("Next",))]
    typed = "Intro line\n\nShe said <b>no</b> twice\n\n- one\n- two"
    assert blocks(typed) == [
        Block("paragraph", ("Intro line",)),
        Block("paragraph", ("She said no twice",)),
        Block("bullets", ("one", "two")),
    ]


def test_a_less_than_sign_in_plain_text_is_not_taken_for_html():
    text = "Calls take < 5 minutes\nfor 3<4 people; see <https://example.org>"
    assert blocks(text) == [
        Block("paragraph", ("Calls take < 5 minutes for 3<4 people; see https://example.org",))
    ]


def test_control_characters_and_zero_width_marks_are_removed_and_whitespace_collapsed():
    text = "Ca\x00re\u200brs\x07\t\tand\xa0\xa0families\ufeff\u2028second\ud800 line"
    assert blocks(text) == [Block("paragraph", ("Carers and families second line",))]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t \n",
        "<<>>",
        "<p><b>unbalanced</p></i></ul></li>",
        "</ol></ul>",
        "<script>never closed",
        "<!-- a comment",
        "&#99999999; &nosuch; &#x110000;",
        "# \n- \n1. \n***",
        "\\" * 11,
        "[unclosed](",
        "*" * 1001,
    ],
)
def test_odd_input_never_raises_and_gives_only_non_empty_strings(text):
    found = blocks(text)
    assert all(block.items and all(item.strip() for item in block.items) for block in found)
    to_markdown(found)
    plain_text(found)


def test_a_hundred_kilobytes_of_random_characters_never_raise():
    chance = random.Random(12)
    alphabet = "<>/&;#*_-`[]()!ab \n\t\r\x00\u2028\ud800pulolibrh1script=."
    for _ in range(5):
        text = "".join(chance.choice(alphabet) for _ in range(100_000))
        found = blocks(text)
        assert all(isinstance(item, str) for block in found for item in block.items)
        to_markdown(found)
    assert len(blocks("<ul>" + "<li>x" * 20_000)[0].items) == 20_000


def test_markdown_out_escapes_what_would_become_markup():
    found = [
        Block("heading", ("C# and F#",)),
        Block("paragraph", ("# not a heading, *not* em, <b>not bold</b>, &amp; stays,",)),
        Block("paragraph", ("a_b [x](y) `c` ~~s~~",)),
        Block("bullets", ("1. not a number", "- not nested", "> not a quote")),
    ]
    assert to_markdown(found) == (
        "### C# and F#\n\n"
        "\\# not a heading, \\*not\\* em, \\<b>not bold\\</b>, \\&amp; stays,\n\n"
        "a\\_b \\[x\\](y) \\`c\\` \\~\\~s\\~\\~\n\n"
        "- 1\\. not a number\n- \\- not nested\n- \\> not a quote"
    )


def test_markdown_out_keeps_neighbouring_lists_apart_and_skips_empty_blocks():
    found = [
        Block("bullets", ("a",)),
        Block("bullets", ("b",)),
        Block("paragraph", ("  ",)),
        Block("numbers", ("c",)),
        Block("numbers", ("d",)),
    ]
    assert to_markdown(found, heading_level=2) == "- a\n\n* b\n\n1. c\n\n1) d"


def test_plain_text_reads_back_into_the_same_paragraphs_and_lists():
    found = [
        Block("paragraph", ("One front door.",)),
        Block("bullets", ("Fewer forms", "A named worker")),
        Block("numbers", ("Test", "Build")),
    ]
    text = plain_text(found)
    assert text == "One front door.\n\n• Fewer forms\n• A named worker\n\n1. Test\n2. Build"
    assert blocks(text) == found


def test_the_macro_renders_gov_uk_lists_and_escapes_every_string(app):
    found = blocks("## Heard\n\n<b>&lt;i&gt;</b> said\n\n- a <\n- b\n\n1. c")
    with app.test_request_context():
        html = render_template_string(
            '{% from "summaries/_narrative.html" import narrative_blocks %}{{ narrative_blocks(b) }}', b=found
        )
    page = BeautifulSoup(html, "html.parser")
    assert page.find("h4", class_="govuk-heading-s").get_text() == "Heard"
    assert page.find("p", class_="govuk-body").get_text() == "<i> said"
    assert page.find("i") is None
    assert [li.get_text() for li in page.select("ul.govuk-list.govuk-list--bullet li")] == ["a <", "b"]
    assert [li.get_text() for li in page.select("ol.govuk-list.govuk-list--number li")] == ["c"]


def test_templates_read_a_section_with_the_as_blocks_filter(app):
    with app.test_request_context():
        html = render_template_string(
            '{% from "summaries/_narrative.html" import narrative_blocks %}'
            "{{ narrative_blocks(text | as_blocks, heading_level=3) }}",
            text="# Next\n\n1. Test\n2. Learn",
        )
    page = BeautifulSoup(html, "html.parser")
    assert page.find("h3").get_text() == "Next"
    assert [li.get_text() for li in page.select("ol li")] == ["Test", "Learn"]
