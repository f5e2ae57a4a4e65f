"""The accessibility statement: the GOV.UK model's sections, with the figures of the last page walk."""

from __future__ import annotations

import json

import pytest

from discovery.core import accessibility
from tests.support import soup

FIGURES = {
    "date": "2026-12-07",
    "pages": 108,
    "roles": 8,
    "languages": 2,
    "axe_cases": 1234,
    "axe_violations": 0,
    "axe_core": "4.14.1",
    "reflow_width": 320,
    "reflow_pages": 110,
    "reflow_failures": 0,
    "reflow_failing": [],
}


@pytest.fixture
def figures_file(app, tmp_path):
    path = tmp_path / "accessibility.json"
    app.config["ACCESSIBILITY_FIGURES"] = str(path)

    def write(**changes):
        path.write_text(json.dumps({**FIGURES, **changes}), encoding="utf-8")

    return write


def statement(client, lang: str = "en"):
    response = client.get(f"/accessibility-statement?lang={lang}")
    assert response.status_code == 200
    return soup(response)


def test_the_statement_has_the_sections_of_the_gov_uk_model(client, figures_file):
    figures_file()
    page = statement(client)
    headings = [h.get_text(strip=True) for h in page.select("main h2, main h3")]
    assert headings == [
        "How accessible this service is",
        "Feedback and contact information",
        "Reporting accessibility problems with this service",
        "Enforcement procedure",
        "Technical information about this service’s accessibility",
        "Compliance status",
        "Non-accessible content",
        "Preparation of this accessibility statement",
    ]
    links = {a.get_text(strip=True): a["href"] for a in page.select("main a")}
    assert links["Equality Advisory and Support Service (EASS)"] == "https://www.equalityadvisoryservice.com/"
    assert "Equality and Human Rights Commission (EHRC)" in page.select_one("main").get_text()


def test_the_statement_quotes_the_page_walk_it_was_last_tested_with(client, figures_file):
    figures_file()
    page = statement(client)
    assert (
        page.select_one("#last-tested")
        .get_text(" ", strip=True)
        .startswith("The service was last tested on 7 December 2026")
    )
    tested = page.select_one("#how-tested").get_text(" ", strip=True)
    assert "axe-core 4.14.1" in tested
    assert "108 pages, each opened as 8 kinds of user in 2 languages, 1,234 checks in all" in tested
    assert "which found 0 problems" in tested
    assert "whether 110 pages fit a screen 320 pixels wide without scrolling sideways" in tested
    assert "zoomed to 400%: 0 did not" in tested


def test_the_statement_says_partially_compliant_while_parts_are_known_to_fail(client, figures_file):
    """Even after a clean walk: the text selection and untagged PDFs are listed as failing."""
    figures_file()
    status = statement(client).select_one("#compliance-status").get_text(" ", strip=True)
    assert status.startswith("This service is partially compliant with the Web Content Accessibility")
    assert accessibility.KNOWN_NON_COMPLIANCE


def test_pages_that_scroll_sideways_are_listed_by_their_title(client, figures_file):
    failing = {"endpoint": "backlog.list_items", "languages": ["en"], "title": {"en": "Backlog"}}
    figures_file(reflow_failures=1, reflow_failing=[failing])
    text = statement(client).select_one("main").get_text(" ", strip=True)
    assert "These pages scroll sideways on a screen 320 pixels wide, or when zoomed to 400%: Backlog." in text
    assert "1.4.10 (Reflow)" in text
    assert "zoom in up to 400% without the text spilling off the screen on most pages" in text


def test_without_figures_the_statement_says_it_has_not_been_measured(app, client, tmp_path):
    app.config["ACCESSIBILITY_FIGURES"] = str(tmp_path / "none.json")
    page = statement(client)
    assert "has not yet been measured" in page.select_one("#last-tested").get_text()
    assert page.select_one("#how-tested") is None


def test_unreadable_figures_are_not_quoted(app, client, tmp_path):
    path = tmp_path / "accessibility.json"
    path.write_text("{not json", encoding="utf-8")
    app.config["ACCESSIBILITY_FIGURES"] = str(path)
    assert "has not yet been measured" in statement(client).select_one("#last-tested").get_text()


def test_the_council_running_it_is_named_with_its_contact(app, client, figures_file):
    figures_file()
    app.config.update(
        SERVICE_ORGANISATION="Torfaen County Borough Council",
        SERVICE_ORGANISATION_CY="Cyngor Bwrdeistref Sirol Torfaen",
        ACCESSIBILITY_CONTACT_EMAIL="access@torfaen.example.gov.wales",
    )
    page = statement(client)
    assert "This service is run by Torfaen County Borough Council." in page.get_text(" ", strip=True)
    assert page.select_one('main a[href="mailto:access@torfaen.example.gov.wales"]') is not None
    assert "Cyngor Bwrdeistref Sirol Torfaen" in statement(client, "cy").get_text()


def test_the_statement_is_in_welsh_and_linked_from_every_footer(client, figures_file):
    figures_file()
    page = statement(client, "cy")
    assert page.select_one("h1").get_text(strip=True).startswith("Datganiad hygyrchedd")
    assert "Gweithdrefn orfodi" in [h.get_text(strip=True) for h in page.select("main h2")]
    assert page.select_one('footer a[href="/accessibility-statement"]') is not None


def test_the_committed_figures_can_be_read():
    """docs/accessibility.json, when committed, is what `make accessibility` writes."""
    if not accessibility.FIGURES.exists():
        pytest.skip("no figures committed yet")
    figures = accessibility.load_figures()
    assert figures is not None and figures.pages > 0 and figures.roles == 8
