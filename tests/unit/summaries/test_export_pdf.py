"""The A4 PDF: contents with page numbers, "Page 1 of N", every section, quotes, and it copes
with a summary far larger than anyone should write."""

from __future__ import annotations

import subprocess
import time

import pytest

from discovery.summaries.builder import QUOTES_PER_THEME
from discovery.summaries.exports import pdf
from tests.unit.summaries import documents


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "summary.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def pages(text: str) -> list[str]:
    return text.split("\f")


def test_the_pdf_has_a_contents_page_with_page_numbers_and_every_section(app, tmp_path):
    text = pdf_text(pdf.to_pdf(documents.full(), "en"), tmp_path)

    first = pages(text)[0]
    assert "Accessing adult social care" in first
    assert "Published version 2 on 3 April 2025 by Siân Powell" in first
    assert "Page 1 of" in first
    for heading in (
        "Key messages",
        "What we found",
        "Comparison across authorities",
        "What the research did not cover",
    ):
        line = next(line for line in first.splitlines() if line.strip().startswith(heading))
        assert line.rstrip()[-1].isdigit(), f"{heading} has no page number in the contents: {line!r}"
    assert "Key messages" in pages(text)[1], "the contents page ends page 1"


def test_the_pdf_shows_quotes_with_who_said_them_and_the_evidence_behind_each_theme(app, tmp_path):
    text = " ".join(pdf_text(pdf.to_pdf(documents.full(), "en"), tmp_path).split())

    assert "“I only found out because a woman at the school gate told me.”" in text
    assert "P03, Unpaid carer, Torfaen" in text
    assert "14 findings from 9 participants in 3 authorities" in text
    assert "Unpaid carer: 3 of 6 people (target)" in text
    assert "No accepted theme answers this question yet" in text


def test_every_page_is_numbered_out_of_the_total(app, tmp_path):
    text = pdf_text(pdf.to_pdf(documents.full(), "en"), tmp_path)

    numbered = [page for page in pages(text) if page.strip()]
    assert [f"Page {n} of {len(numbered)}" in page for n, page in enumerate(numbered, start=1)] == [
        True
    ] * len(numbered)


def test_an_authoritys_pdf_has_no_comparison_across_authorities(app, tmp_path):
    text = pdf_text(pdf.to_pdf(documents.one_authority(), "en"), tmp_path)

    assert "Torfaen only" in text
    assert "Comparison across authorities" not in text


def test_an_empty_draft_says_what_does_not_exist_yet(app, tmp_path):
    text = " ".join(pdf_text(pdf.to_pdf(documents.empty(), "en"), tmp_path).split())

    assert "Draft — not yet published" in text
    assert "No themes have been accepted yet." in text
    assert "No user needs written yet." in text
    assert "No journey map yet" in text


def test_the_footer_follows_the_translations_word_order():
    assert str(pdf.page_of()) == '"Page " counter(page) " of " counter(pages)'


def test_a_css_string_cannot_close_the_string_or_the_style_element():
    assert pdf.css_string('a"b\\c</style>') == '"a\\"b\\\\c\\3c /style>"'


def test_gds_transport_comes_from_the_static_folder_only_when_both_weights_are_there(tmp_path):
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    (fonts / "light-94a07e06a1-v2.woff2").write_bytes(b"")
    assert pdf.font_faces(tmp_path) == []
    (fonts / "bold-b542beb274-v2.woff2").write_bytes(b"")

    assert pdf.font_faces(tmp_path) == [
        pdf.FontFace("/assets/fonts/light-94a07e06a1-v2.woff2", 400, "woff2"),
        pdf.FontFace("/assets/fonts/bold-b542beb274-v2.woff2", 700, "woff2"),
    ]
    assert pdf.font_faces(None) == []


@pytest.mark.slow
def test_a_summary_with_500_themes_still_renders(app, tmp_path):
    # As many quotes as the builder ever gives a theme: the summary of a very large discovery.
    document = documents.large(n_themes=500, quotes_per_theme=QUOTES_PER_THEME)

    started = time.perf_counter()
    data = pdf.to_pdf(document, "en")
    seconds = time.perf_counter() - started

    text = pdf_text(data, tmp_path)
    count = len([page for page in pages(text) if page.strip()])
    print(f"500 themes × {QUOTES_PER_THEME} quotes: {count} pages in {seconds:.1f} s")
    assert f"Page {count} of {count}" in text
    assert "Theme 500: waiting for a call back from the council" in text
