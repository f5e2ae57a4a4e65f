"""A map downloads as CSV (one row per entry) and as an A3 landscape PDF, and prints on A3
landscape from the browser."""

from __future__ import annotations

import csv
import io

from tests.integration.journeys.conftest import HOLD, KITCHEN, STORY
from tests.support import audit_actions


def test_the_csv_has_a_row_per_entry_with_its_stage_lane_and_evidence(client, squad):
    squad.entry("contact", "thoughts", "Fed up of waiting", emotion=-2, basis="evidenced", cites=[HOLD])
    squad.entry("contact", "touchpoints", "=Contact centre", channel="phone")
    squad.entry("assessment", "pain_points", "Tells the story again", cites=[STORY, KITCHEN])
    response = client.get(squad.map_url("/export.csv"))
    assert response.mimetype == "text/csv"
    assert response.headers["Cache-Control"] == "no-store"
    assert "journey_map_exported" in audit_actions(object_id=str(squad.journey_map.id))
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    columns = ["stage_number", "stage", "lane", "text", "channel", "emotion", "basis", "cited_findings"]
    assert [[r[c] for c in columns] for r in rows] == [
        ["1", "Contacting the council", "touchpoints", "'=Contact centre", "phone", "", "assumed", "0"],
        ["1", "Contacting the council", "thoughts", "Fed up of waiting", "", "-2", "evidenced", "1"],
        ["2", "Assessment", "pain_points", "Tells the story again", "", "", "assumed", "2"],
    ]
    stage_columns = ["shared_stage", "stage_findings", "stage_participants", "stage_authorities"]
    assert [[r[c] for c in stage_columns] for r in rows] == [
        ["first_contact", "1", "1", "1"],
        ["first_contact", "1", "1", "1"],
        ["assessment", "2", "2", "2"],
    ]


def test_the_pdf_is_a_pdf(client, squad):
    squad.entry("contact", "thoughts", "Fed up of waiting", emotion=-2)
    response = client.get(squad.map_url("/export.pdf"))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert response.headers["Cache-Control"] == "no-store"


def test_the_map_page_prints_on_a3_landscape_without_navigation(client, squad):
    page = client.get(squad.map_url()).get_data(as_text=True)
    assert "/assets/journeys.css" in page
    with client.get("/assets/journeys.css") as served:
        assert served.status_code == 200
        css = served.get_data(as_text=True)
    print_rules = css[css.index("@media print") :]
    assert "@page { size: A3 landscape;" in print_rules
    assert ".app-sub-navigation" in print_rules and ".govuk-button" in print_rules
