"""Every chart over the demo discovery says in words what it shows, in English and in Welsh.

The theme map, the emotion curve and the heat map of themes by authority are pictures: each is
an ``role="img"`` SVG with a name, and each has a table beside it. These tests read the figures
off the picture itself (the numbers drawn on it, the words on its points, the shares on its
cells) and find every one in the text alternative, so a chart that shows something its table
does not say fails here. They also check that the picture does not say it by colour alone.
"""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from flask import url_for

from discovery.core.services import discovery_by_slug
from discovery.demo.loader import demo_password, load_demo
from discovery.extensions import db
from discovery.journeys.models import JourneyMap
from discovery.themes.models import ClusterRun
from tests.conftest import make_app
from tests.support import post_form, soup

SLUG = "accessing-adult-social-care"
LANGUAGES = ("en", "cy")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo discovery, a member researcher signed in, and the chart pages' addresses."""
    app = make_app(tmp_path_factory.mktemp("charts"))
    with app.app_context():
        db.create_all()
        load_demo()
        db.session.commit()
        discovery = discovery_by_slug(SLUG)
        run = db.session.scalars(sa.select(ClusterRun).filter_by(discovery_id=discovery.id)).first()
        journey = db.session.scalars(sa.select(JourneyMap).filter_by(discovery_id=discovery.id)).first()
        with app.test_request_context():
            urls = {
                "theme_map": url_for("themes.view_run", discovery_id=discovery.id, run_id=run.id),
                "curve": url_for("journeys.view_map", discovery_id=discovery.id, map_id=journey.id),
                "heatmap": url_for("summaries.view_comparison", discovery_id=discovery.id),
            }
        password = demo_password()
    client = app.test_client()
    response = post_form(client, "/sign-in", {"email": "researcher@discovery.example", "password": password})
    assert response.status_code == 302
    yield client, urls
    with app.app_context():
        db.engine.dispose()


def page(demo, name: str, lang: str):
    client, urls = demo
    response = client.get(f"{urls[name]}?lang={lang}")
    assert response.status_code == 200
    html = soup(response)
    assert html.html["lang"] == lang
    return html


def chart(html, selector: str):
    """The SVG, checked to be an image with a name that points at real elements."""
    svg = html.select_one(selector)
    assert svg is not None and svg["role"] == "img"
    names = [html.find(id=i) for i in svg["aria-labelledby"].split()]
    assert all(names), "aria-labelledby points at ids on the page"
    return svg, " ".join(n.get_text(" ", strip=True) for n in names)


def table_rows(table) -> list[list[str]]:
    return [
        [cell.get_text(" ", strip=True) for cell in row.select("th, td")] for row in table.select("tbody tr")
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_theme_map_s_table_gives_every_figure_the_map_draws(demo, lang):
    html = page(demo, "theme_map", lang)
    svg, name = chart(html, "svg.app-theme-map__svg")
    region = html.select_one('[role="region"][aria-labelledby="theme-map-table-caption"]')
    assert region is not None and region["tabindex"] == "0", "the table scrolls in its own focusable box"
    rows = table_rows(region.select_one("table"))
    themes = [r for r in rows if r[0] != "–"]
    loose = [r for r in rows if r[0] == "–"]

    # The numbers drawn at each theme's centre are the table's numbers, in order.
    drawn_numbers = [t.get_text(strip=True) for t in svg.select("text")]
    assert drawn_numbers == [r[0] for r in themes]
    # Every mark drawn is counted in the table: the findings of each theme and those in none.
    centres = len(drawn_numbers)
    marks = len(svg.select("circle, rect, polygon")) - 1 - centres  # less the frame and the centres
    counted = sum(int(r[3]) for r in themes) + sum(int(r[3]) for r in loose)
    assert marks == counted
    # The image's name gives the same totals.
    assert str(counted) in name and str(len(themes)) in name
    if lang == "cy":
        assert "Theme map" not in name and "Map themâu" in name

    # No two themes share both colour and shape, and the table names each theme's marker in words.
    drawn = {
        (mark["fill"], mark.name, len(mark.get("points", "").split()))
        for mark in svg.select("circle, rect, polygon")[1:]
        if mark.get("fill") != "#ffffff"
    }
    assert len(drawn) == len(themes), "each theme is told apart by shape as well as colour"
    shapes = {
        "en": ("circle", "square", "triangle", "diamond"),
        "cy": ("cylch", "sgwâr", "triongl", "diemwnt"),
    }
    for row in themes:
        assert any(shape in row[2] for shape in shapes[lang]), row


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_emotion_curve_s_table_says_what_each_point_shows(demo, lang):
    html = page(demo, "curve", lang)
    svg, name = chart(html, "svg.app-journey-curve__svg")
    rows = table_rows(html.select_one("table.app-journey-curve__table"))
    # The word on each scored point (bold) is the feeling the table gives for that stage, in order.
    point_words = [t.get_text(strip=True) for t in svg.select('text[font-weight="bold"]')]
    scored = [r for r in rows if r[2] != "–"]
    assert point_words and point_words == [r[1] for r in scored]
    # The description read out with the image gives every stage, its feeling and its score.
    for stage, feeling, score in rows:
        assert f"{stage}: {feeling}" in name
        if score != "–":
            assert f"({score})" in name
    # The curve is black on white: its points are shaped and labelled, not coloured.
    assert {c["stroke"] for c in svg.select("circle")} == {"#0b0c0c"}
    english = "How the person feels at each stage"
    assert (english in name) == (lang == "en")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_heat_map_s_table_gives_the_numbers_on_every_cell(demo, lang):
    html = page(demo, "heatmap", lang)
    svg, name = chart(html, "svg.app-heatmap")
    table = html.select_one("table.app-comparison__table")
    rows = table_rows(table)
    authorities = len(table.select("thead th")) - 1
    # Each cell prints its share (large) and its count (small); the table has both, row by row.
    big = [t for t in svg.select('text[font-size="16"]')]
    assert len(big) == len(rows) * authorities
    for index, text in enumerate(big):
        share = text.get_text(strip=True)
        count = text.find_next_sibling("text").get_text(strip=True)
        words = rows[index // authorities][1 + index % authorities]
        if share == "–":
            assert words == ("No participants" if lang == "en" else "Dim cyfranogwyr"), words
        else:
            numbers = re.findall(r"\d+", count)
            assert f"({share})" in words and re.findall(r"\d+", words)[:2] == numbers, (words, share, count)
    assert ("Themes by authority" in name) == (lang == "en")
