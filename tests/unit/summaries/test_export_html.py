"""The offline HTML file and the partial inside it: self-contained, one h1, a contents list
that matches the sections, and nothing the squad typed turned into markup."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from discovery.summaries import content
from discovery.summaries.exports import filename, html
from tests.unit.summaries import documents

URL_ATTRIBUTES = re.compile(
    r"""\b(?:src|href|srcset|action|poster|data)\s*=\s*["']?([^"'\s>]*)""", re.IGNORECASE
)
CSS_URLS = re.compile(r"url\(\s*['\"]?([^'\")]*)", re.IGNORECASE)


def soup(document, lang: str = "en") -> BeautifulSoup:
    return BeautifulSoup(html.to_html(document, lang), "html.parser")


def test_the_file_fetches_nothing_and_links_only_within_itself(app):
    text = html.to_html(documents.full(), "en")

    links = URL_ATTRIBUTES.findall(text) + CSS_URLS.findall(text)
    assert links and all(link.startswith("#") for link in links), [x for x in links if not x.startswith("#")]
    assert "<script" not in text.lower()
    assert "@import" not in text


def test_the_file_has_a_language_a_title_one_h1_and_a_skip_link(app):
    page = soup(documents.full())

    assert page.html["lang"] == "en"
    assert page.title.string.startswith("Accessing adult social care")
    assert [h.get_text(strip=True) for h in page.find_all("h1")] == ["Accessing adult social care"]
    skip = page.find("a", class_="app-skip-link")
    assert page.find(id=skip["href"][1:]).name == "main"
    assert str(page).lstrip().lower().startswith("<!doctype html>")


def test_the_contents_links_to_every_section_in_order_and_ids_are_unique(app):
    page = soup(documents.full())

    targets = [a["href"][1:] for a in page.select(".app-contents a")]
    assert targets == [h2["id"] for h2 in page.select("h2.app-summary__section")]
    ids = [tag["id"] for tag in page.find_all(id=True)]
    assert len(ids) == len(set(ids))


def test_headings_go_down_one_level_at_a_time(app):
    levels = [int(h.name[1]) for h in soup(documents.full()).find_all(re.compile(r"^h[1-6]$"))]

    assert levels[0] == 1
    assert all(after - before <= 1 for before, after in zip(levels, levels[1:], strict=False))


def test_every_empty_section_says_what_does_not_exist_yet(app):
    page = soup(documents.empty())

    for section in page.select("section.app-summary__part"):
        assert section.get_text(" ", strip=True) != section.h2.get_text(strip=True), section.h2
    text = page.get_text(" ", strip=True)
    for words in ("No themes have been accepted yet.", "No user needs written yet.", "No journey map yet"):
        assert words in text


def test_an_amended_version_lists_each_amendment(app):
    lines = [p.get_text(strip=True) for p in soup(documents.amended()).select(".app-summary__version")]

    assert lines == [
        "Published version 1 on 3 April 2025 by Siân Powell",
        "Amended on 6 May 2025: quotes from a participant who withdrew consent were removed",
        "Amended on 17 June 2025: quotes from a participant who withdrew consent were removed",
    ]


def test_an_authoritys_summary_names_its_scope_and_leaves_out_the_comparison(app):
    page = soup(documents.one_authority())

    assert page.select_one(".app-summary__scope").get_text(strip=True) == "Torfaen only"
    assert page.find(id="across-authorities") is None
    assert "#across-authorities" not in [a["href"] for a in page.select(".app-contents a")]


def test_a_welsh_reader_gets_the_welsh_narrative_and_is_told_what_is_not_translated(app):
    page = soup(documents.welsh(), "cy")

    assert page.html["lang"] == "cy"
    key_messages = page.find(id="key-messages").parent.get_text(" ", strip=True)
    assert "Nid yw pobl yn gwybod" in key_messages
    recommendations = page.find(id="recommendations").parent
    assert recommendations.select(".app-summary__note"), "English shown to a Welsh reader says so"


def test_html_pasted_into_the_narrative_or_a_quote_is_shown_as_text(app):
    document = documents.full()
    document.narrative.key_messages["en"] = "<b>Urgent</b> <script>alert(1)</script>"
    document.summary.themes[0].quotes[0].text = "<img src=x onerror=alert(1)>"

    page = soup(document)

    assert page.find("b") is None and page.find("script") is None and page.find("img") is None
    text = page.get_text(" ", strip=True)
    narrative = text.split("onerror")[0]
    assert "Urgent" in narrative and "alert(1)" not in narrative, "the narrative's tags read as text"
    assert "<img src=x onerror=alert(1)>" in text, "a quote is shown exactly as said"


def test_filenames_say_discovery_version_scope_and_language_in_safe_characters(app):
    assert filename(documents.one_authority(), "pdf") == "accessing-adult-social-care-summary-v2-torfaen.pdf"
    assert filename(documents.empty(), "docx") == "accessing-adult-social-care-summary-draft.docx"
    assert filename(documents.full(), "md", "cy") == "accessing-adult-social-care-summary-v2-cy.md"

    odd = documents.full()
    odd.summary.discovery_title = "Gofal: “Ysbyty” ../../etc/passwd; rm -rf"
    odd.summary.scope = content.AuthorityRef("W06000001", "Ynys Môn")
    name = filename(odd, ".pdf")
    assert name == "gofal-ysbyty-etc-passwd-rm-rf-summary-v2-ynys-mon.pdf"
    assert re.fullmatch(r"[a-z0-9-]+\.pdf", name)


def test_a_welsh_reader_sees_authorities_by_their_welsh_names(app):
    text = soup(documents.full(), "cy").get_text(" ", strip=True)

    assert "Casnewydd" in text and "Newport" not in text
