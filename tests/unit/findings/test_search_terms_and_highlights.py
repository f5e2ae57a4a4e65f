"""Search input becomes safe query terms; highlights and overlapping findings render correctly."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from research_notes.findings.highlights import pieces
from research_notes.findings.search import (
    Term,
    fts5_expression,
    highlight,
    parse_query,
    snippet,
    tsquery_expression,
)


def test_words_and_quoted_phrases_are_understood():
    assert parse_query('phone "call back" Queue') == [
        Term(("phone",)),
        Term(("call", "back")),
        Term(("queue",)),
    ]


def test_query_syntax_is_treated_as_text():
    terms = parse_query("phone* AND (queue) OR \"unclosed NEAR/3 '); DROP TABLE findings; --")
    assert fts5_expression(terms) == (
        '"phone"* AND "and"* AND "queue"* AND "or"* AND "unclosed"* AND "near"* AND "3"* AND "drop"* '
        'AND "table"* AND "findings"*'
    )
    assert "DROP" not in tsquery_expression(terms)


@given(st.text(max_size=200))
def test_any_input_gives_well_formed_expressions(query):
    terms = parse_query(query)
    expression = fts5_expression(terms)
    assert expression.count('"') % 2 == 0
    for term in terms:
        for word in term.words:
            assert word.isalnum() or all(ch.isalnum() or ch == "_" for ch in word)


def test_highlight_escapes_html_and_marks_prefix_matches():
    html = str(highlight("<script>alert(1)</script> Queues on the phone", parse_query("queue phone")))
    assert "<script>" not in html
    assert '<mark class="app-search-match">Queues</mark>' in html
    assert '<mark class="app-search-match">phone</mark>' in html


def test_snippet_centres_on_the_first_match():
    text = "Intro. " * 100 + "The call back never came." + " Outro." * 100
    result = str(snippet(text, parse_query('"call back"')))
    assert result.startswith("…") and result.endswith("…")
    assert '<mark class="app-search-match">call back</mark>' in result


def test_overlapping_findings_split_text_into_covered_pieces():
    text = "I waited forty minutes and then the line went dead."
    result = pieces(text, 100, [("a", 102, 122), ("b", 112, 150)])
    assert [(p.text, p.finding_ids) for p in result] == [
        ("I ", ()),
        ("waited for", ("a",)),
        ("ty minutes", ("a", "b")),
        (" and then the line went dead", ("b",)),
        (".", ()),
    ]
    assert "".join(p.text for p in result) == text


@given(
    st.text(min_size=1, max_size=60),
    st.lists(st.tuples(st.integers(0, 80), st.integers(0, 80)), max_size=6),
)
def test_pieces_always_rebuild_the_text(text, spans):
    findings = [(str(i), min(a, b), max(a, b)) for i, (a, b) in enumerate(spans) if a != b]
    result = pieces(text, 10, findings)
    assert "".join(p.text for p in result) == text
