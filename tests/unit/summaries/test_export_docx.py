"""The Word file: real heading styles for the navigation pane, tables with values, quotes set
apart, and the title and language a screen reader and spelling checker need."""

from __future__ import annotations

import io

import docx
from docx.oxml.ns import qn

from discovery.summaries.exports import docx as docx_export
from tests.unit.summaries import documents


def open_docx(document, lang: str = "en"):
    return docx.Document(io.BytesIO(docx_export.to_docx(document, lang)))


def headings(doc, level: int) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name == f"Heading {level}"]


def table_with(doc, caption_cell: str):
    return next(t for t in doc.tables if t.rows[0].cells[0].text == caption_cell)


def test_sections_and_themes_use_words_heading_styles(app):
    doc = open_docx(documents.full())

    assert headings(doc, 1) == ["Accessing adult social care"]
    assert headings(doc, 2)[:3] == ["Key messages", "The problem", "How the research was done"]
    assert headings(doc, 2)[-1] == "What the research did not cover"
    assert "Finding out that help exists" in headings(doc, 3)
    assert "Finding out about support" in headings(doc, 3), "a stage without a name shows the shared stage's"


def test_tables_have_a_repeating_header_row_and_the_values(app):
    doc = open_docx(documents.full())

    segments = table_with(doc, "Segment")
    assert [c.text for c in segments.rows[0].cells] == ["Segment", "Participants", "Sample target"]
    assert [c.text for c in segments.rows[2].cells] == ["Unpaid carer", "3", "6"]
    assert segments.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None

    comparison = table_with(doc, "Theme")
    assert [c.text for c in comparison.rows[0].cells] == ["Theme", "Torfaen", "Caerphilly", "Newport"]
    assert [c.text for c in comparison.rows[1].cells] == [
        "Finding out that help exists",
        "4 of 9 (44%)",
        "3 of 8 (38%)",
        "2 of 4 (50%)",
    ]


def test_quotes_are_in_the_italic_quote_style_with_who_said_them(app):
    doc = open_docx(documents.full())

    quotes = [p.text for p in doc.paragraphs if p.style.name == "Quote"]
    assert "“I only found out because a woman at the school gate told me.”" in quotes
    assert "— P03, Unpaid carer, Torfaen" in quotes
    assert doc.styles["Quote"].font.italic is True


def test_the_title_and_language_are_set_for_the_whole_document(app):
    doc = open_docx(documents.welsh(), "cy")

    assert doc.core_properties.title.startswith("Accessing adult social care")
    assert doc.core_properties.language == "cy-GB"
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:lang")).get(qn("w:val")) == "cy-GB"
    assert "Nid yw pobl yn gwybod bod gofal cymdeithasol i oedolion yn bodoli tan argyfwng." in [
        p.text for p in doc.paragraphs
    ]


def test_an_empty_draft_says_what_does_not_exist_yet(app):
    text = [p.text for p in open_docx(documents.empty()).paragraphs]

    assert "Draft — not yet published" in text
    assert "No themes have been accepted yet." in text
    assert "No user needs written yet." in text
    assert not open_docx(documents.empty()).tables
