"""The journey-map renderers and the emotion curve work from plain data: no app, no request."""

from __future__ import annotations

import csv
import io

from discovery.journeys.curve import build_curve, nearest, wrap
from discovery.journeys.export import (
    DocEntry,
    DocStage,
    JourneyDocument,
    document_csv,
    document_html,
    document_pdf,
)

WORDS = {-2: "Very negative", -1: "Negative", 0: "Neutral", 1: "Positive", 2: "Very positive"}


def _document() -> JourneyDocument:
    stages = (
        DocStage(
            name="Contacting the council",
            shared_stage="first_contact",
            strength_words="2 findings from 2 participants",
            findings=2,
            participants=2,
            entries=(
                DocEntry(
                    "thoughts",
                    "Fed up of waiting",
                    emotion=-2,
                    emotion_words="Very negative",
                    citations=2,
                    citations_words="2 cited findings",
                    basis="evidenced",
                    basis_words="Evidenced",
                ),
                DocEntry("touchpoints", "Contact centre", channel="phone", channel_words="Phone"),
            ),
            emotions=(-2,),
        ),
        DocStage(name="Review"),
        DocStage(
            name="Assessment", entries=(DocEntry("thoughts", "She listened", emotion=1),), emotions=(1,)
        ),
    )
    curve = build_curve([(s.name, s.emotions) for s in stages], WORDS, "No feelings recorded")
    lanes = (
        ("actions", "User actions"),
        ("touchpoints", "Touchpoints"),
        ("thoughts", "Thoughts and feelings"),
    )
    return JourneyDocument(
        title="Getting help at home", facts=(("State", "As-is"),), lanes=lanes, stages=stages, curve=curve
    )


def test_the_curve_has_a_point_per_scored_stage_and_a_gap_where_none_were_recorded():
    curve = build_curve(
        [("A", [-2, -1]), ("B", []), ("C", [1]), ("D", [2, 2])], WORDS, "No feelings recorded"
    )
    assert [(p.stage, p.score, p.words) for p in curve.points] == [
        ("A", -1.5, "Negative"),
        ("B", None, "No feelings recorded"),
        ("C", 1.0, "Positive"),
        ("D", 2.0, "Very positive"),
    ]
    assert [[p.stage for p in line] for line in curve.lines] == [["A"], ["C", "D"]]
    top, *_, bottom = curve.levels
    assert (top[0], top[2], bottom[0], bottom[2]) == (2, "Very positive", -2, "Very negative")
    assert top[1] < bottom[1]  # higher feelings are drawn higher up
    assert (nearest(0.5), nearest(-0.5), nearest(0.7), nearest(-1.6)) == (0, 0, 1, -2)
    assert wrap("Care and support plan", 12) == ("Care and", "support plan")


def test_the_csv_renderer_needs_only_the_document():
    rows = list(csv.reader(io.StringIO(document_csv(_document()).lstrip("\ufeff"))))
    assert rows[0][:5] == ["stage_number", "stage", "shared_stage", "lane", "text"]
    assert [(r[0], r[1], r[3], r[4], r[6]) for r in rows[1:]] == [
        ("1", "Contacting the council", "touchpoints", "Contact centre", ""),
        ("1", "Contacting the council", "thoughts", "Fed up of waiting", "-2"),
        ("2", "Review", "", "", ""),
        ("3", "Assessment", "thoughts", "She listened", "1"),
    ]


def test_the_pdf_renderer_draws_the_curve_in_words_and_makes_a_pdf_without_a_request():
    html = document_html(_document())
    assert "@page { size: A3 landscape" in html
    assert 'role="img"' in html and "Very negative" in html and "No feelings recorded" in html
    assert "2 cited findings" in html
    assert document_pdf(_document()).startswith(b"%PDF")
