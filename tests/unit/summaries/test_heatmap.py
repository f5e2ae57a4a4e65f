"""The comparison heat map and its table: numbers printed on every cell, readable contrast,
escaped labels, and a chart WeasyPrint draws."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from flask import render_template_string
from flask_babel import force_locale

from discovery.core.pdf import html_to_pdf
from discovery.summaries.content import AuthorityRef, Comparison, ComparisonCell, ComparisonRow
from discovery.summaries.heatmap import (
    TEXT_DARK,
    TEXT_LIGHT,
    contrast,
    fill,
    heatmap_svg,
    pages,
    percent,
    text_colour,
)

SVG = "{http://www.w3.org/2000/svg}"
CARDIFF = AuthorityRef("W06000015", "Cardiff Council", "Cyngor Caerdydd")
RCT = AuthorityRef("W06000016", "Rhondda Cynon Taf County Borough Council", "Cyngor Rhondda Cynon Taf")


def comparison() -> Comparison:
    return Comparison(
        authorities=[CARDIFF, RCT],
        rows=[
            ComparisonRow(
                "t1", "Phone lines close early", [ComparisonCell(3, 4, 5), ComparisonCell(0, 0, 4)]
            ),
            ComparisonRow(
                "t2",
                "Carers are not told what happens next after the assessment visit, and wait for weeks",
                [ComparisonCell(1, 1, 5), ComparisonCell(0, 0, 0)],
            ),
        ],
    )


def texts(svg: str) -> list[str]:
    """Each ``<text>`` as read, its ``<tspan>`` lines joined by spaces."""
    root = ET.fromstring(svg)
    return [
        " ".join(part.strip() for part in node.itertext() if part.strip()) for node in root.iter(f"{SVG}text")
    ]


def test_every_cell_prints_its_numbers_and_a_cell_without_participants_says_so():
    shown = texts(heatmap_svg(comparison()))
    assert shown[:2] == ["Cardiff Council", "Rhondda Cynon Taf County Borough Council"], "up to 4 lines"
    assert shown[2:5] == ["Phone lines close early", "60%", "3 of 5"]
    assert shown[5:7] == ["0%", "0 of 4"]
    assert shown[8:12] == ["20%", "1 of 5", "–", "no participants"]
    assert shown[12:] == ["Share of participants", "0%", "25%", "50%", "75%", "100%", "No participants"]


def test_the_chart_is_an_image_named_by_its_own_title_and_description():
    root = ET.fromstring(heatmap_svg(comparison(), id_prefix="leads"))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "leads-title leads-desc"
    assert root.find(f"{SVG}title").get("id") == "leads-title"
    description = root.find(f"{SVG}desc")
    assert description.get("id") == "leads-desc"
    assert description.text.startswith("2 themes (rows) across 2 authorities (columns).")
    assert root.get("viewBox").startswith("0 0 ")
    assert root.get("style") is None, "WeasyPrint 70 sizes an inline-styled SVG wrongly; CSS scales it"
    assert "GDS Transport" in root.get("font-family")


def test_the_chart_uses_no_images_links_or_outside_resources():
    svg = str(heatmap_svg(comparison()))
    for forbidden in ("<image", "href", "url(", "@font-face", "<style", "<script", "<foreignObject"):
        assert forbidden not in svg


def test_long_labels_wrap_into_two_lines_and_a_cut_one_keeps_its_full_words_in_a_title():
    root = ET.fromstring(heatmap_svg(comparison()))
    label = next(
        g
        for g in root.iter(f"{SVG}g")
        if g.find(f"{SVG}title") is not None and "Carers" in g.findtext(f"{SVG}title")
    )
    lines = [span.text for span in label.iter(f"{SVG}tspan")]
    assert len(lines) == 2
    assert lines[-1].endswith("…")
    assert label.findtext(f"{SVG}title").endswith("and wait for weeks")


def test_labels_and_names_are_escaped():
    hostile = Comparison(
        authorities=[AuthorityRef("X", '<script>alert("x")</script> & Co')],
        rows=[ComparisonRow("t", "<b>bold</b> & </text></svg>", [ComparisonCell(1, 1, 2)])],
    )
    svg = heatmap_svg(hostile, id_prefix='x" onload="alert(1)')
    root = ET.fromstring(svg)  # still well-formed
    assert "<script>" not in svg and "<b>" not in svg
    assert root.get("aria-labelledby") == "x--onload--alert-1--title x--onload--alert-1--desc"
    assert any("<b>bold</b> & </text></svg>" in text for text in texts(svg))


def test_welsh_names_the_authorities_in_welsh():
    assert "Cyngor Caerdydd" in "".join(texts(heatmap_svg(comparison(), lang="cy")))


def test_nothing_to_draw_without_authorities_or_themes():
    assert heatmap_svg(Comparison()) == ""
    assert heatmap_svg(Comparison(authorities=[CARDIFF])) == ""
    assert heatmap_svg(Comparison(rows=[ComparisonRow("t", "Theme")])) == ""


def test_one_authority_and_a_row_saved_short_still_draw():
    single = Comparison(
        authorities=[CARDIFF, RCT], rows=[ComparisonRow("t", "Theme", [ComparisonCell(2, 2, 2)])]
    )
    shown = texts(heatmap_svg(single))
    assert "100%" in shown and "no participants" in shown
    assert "100%" in texts(heatmap_svg(Comparison([CARDIFF], single.rows)))


def test_five_hundred_themes_give_a_valid_chart_of_reasonable_size():
    rows = [
        ComparisonRow(f"t{n}", f"Theme number {n}", [ComparisonCell(n % 6, 1, 5)] * 3) for n in range(500)
    ]
    svg = str(heatmap_svg(Comparison([CARDIFF, RCT, AuthorityRef("C", "Conwy")], rows)))
    root = ET.fromstring(svg)
    assert len(root.findall(f".//{SVG}rect")) >= 1500
    assert len(svg.encode()) < 600_000


def test_the_same_comparison_gives_the_same_chart_byte_for_byte():
    assert str(heatmap_svg(comparison())) == str(heatmap_svg(comparison()))


@pytest.mark.parametrize("share", [n / 200 for n in range(201)])
def test_cell_text_reaches_wcag_aa_contrast_on_every_shade(share):
    background = fill(share)
    assert contrast(background, text_colour(background)) >= 4.5


def test_the_scale_darkens_as_the_share_grows_and_text_turns_white_on_dark_cells():
    shades = [fill(n / 20) for n in range(21)]
    assert [contrast(shade, TEXT_LIGHT) for shade in shades] == sorted(
        contrast(s, TEXT_LIGHT) for s in shades
    )
    assert text_colour(fill(0.1)) == TEXT_DARK
    assert text_colour(fill(0.9)) == TEXT_LIGHT
    assert round(contrast("#ffffff", "#000000"), 1) == 21.0


def test_percentages_round_as_jinja_does():
    assert [percent(share) for share in (0, 1 / 3, 2 / 3, 0.125, 1)] == [0, 33, 67, 12, 100]


def test_a_long_comparison_splits_into_pages_of_whole_rows():
    rows = [ComparisonRow(f"t{n}", f"Theme {n}") for n in range(30)]
    parts = pages(Comparison([CARDIFF], rows), rows_per_page=14)
    assert [len(part.rows) for part in parts] == [14, 14, 2]
    assert all(part.authorities == [CARDIFF] for part in parts)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_weasyprint_draws_the_chart_with_its_numbers_as_text(tmp_path):
    html = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Comparison</title></head>'
        f"<body><figure>{heatmap_svg(comparison())}</figure></body></html>"
    )
    pdf = tmp_path / "comparison.pdf"
    pdf.write_bytes(html_to_pdf(html))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for words in ("60%", "3 of 5", "no participants", "Cardiff", "Phone lines close early"):
        assert words in text


def render(app, value: Comparison, lang: str = "en") -> BeautifulSoup:
    with app.test_request_context(), force_locale(lang):
        html = render_template_string(
            '{% from "summaries/_comparison.html" import comparison %}{{ comparison(c, lang) }}',
            c=value,
            lang=lang,
        )
    return BeautifulSoup(html, "html.parser")


def test_the_partial_shows_the_chart_in_a_figure_and_the_same_numbers_in_a_table(app):
    page = render(app, comparison())
    figure = page.find("figure")
    assert figure.find("svg")["aria-labelledby"] == "comparison-heatmap-title comparison-heatmap-desc"
    assert figure.find("figcaption").get_text().startswith("2 themes across 2 authorities.")
    table = page.find("table", class_="govuk-table")
    assert table.caption.get_text(strip=True) == "Participants in each theme, by authority"
    assert [(th.get_text(strip=True), th["scope"]) for th in table.thead.find_all("th")] == [
        ("Theme", "col"),
        ("Cardiff Council", "col"),
        ("Rhondda Cynon Taf County Borough Council", "col"),
    ]
    rows = [
        [cell.get_text(strip=True) for cell in tr.find_all(["th", "td"])] for tr in table.tbody.find_all("tr")
    ]
    assert rows[0] == ["Phone lines close early", "3 of 5 (60%)", "0 of 4 (0%)"]
    assert rows[1][1:] == ["1 of 5 (20%)", "No participants"]
    assert all(th["scope"] == "row" for th in table.tbody.find_all("th"))
    assert "Only one authority" not in page.get_text()


def test_the_partial_explains_a_comparison_of_one_authority(app):
    page = render(app, Comparison([CARDIFF], [ComparisonRow("t", "Theme", [ComparisonCell(1, 1, 2)])]))
    assert "Only one authority takes part, so there is nothing to compare." in page.get_text()
    assert page.find("td").get_text(strip=True) == "1 of 2 (50%)"


@pytest.mark.parametrize(
    ("value", "sentence"),
    [
        (Comparison(), "No authority takes part yet, so there is nothing to compare."),
        (Comparison([CARDIFF, RCT]), "There are no themes to compare yet."),
    ],
)
def test_the_partial_says_there_is_nothing_to_compare(app, value, sentence):
    page = render(app, value)
    assert page.find("p").get_text(strip=True) == sentence
    assert page.find("svg") is None and page.find("table") is None


def test_the_partial_escapes_theme_labels_and_authority_names(app):
    hostile = Comparison(
        [AuthorityRef("X", "<i>Council</i>")],
        [ComparisonRow("t", "<script>x</script>", [ComparisonCell(1, 1, 1)])],
    )
    page = render(app, hostile)
    assert page.find("script") is None and page.find("i") is None
    assert page.find("tbody").th.get_text() == "<script>x</script>"
