"""Welsh counts, dates and numbers on pages follow Babel's Welsh locale (issue 15 §2).

Welsh has six CLDR plural categories — zero, one, two, few, many and other — and each changes
the noun after the number: "0 cyfranogwyr", "1 cyfranogwr", "2 gyfranogwr", "3 chyfranogwr",
"4 cyfranogwr", "6 chyfranogwr". Babel's catalogue rule has five forms (zero is folded into
other), so the zero wording is asked for by name; these tests count real things on real pages
at one number from each category.
"""

from __future__ import annotations

from datetime import date

import pytest
from babel import Locale
from bs4 import BeautifulSoup
from flask import render_template_string

from discovery.extensions import db
from tests.support import soup

# One number from each CLDR category, with the words a Welsh reader expects after it.
PARTICIPANTS = {
    0: "cyfranogwyr",
    1: "cyfranogwr",
    2: "gyfranogwr",
    3: "chyfranogwr",
    4: "cyfranogwr",
    6: "chyfranogwr",
}
FINDINGS = {
    0: "0 canfyddiadau",
    1: "1 canfyddiad",
    2: "2 ganfyddiad",
    3: "3 chanfyddiad",
    4: "4 canfyddiad",
    6: "6 chanfyddiad",
}


def test_the_numbers_cover_every_welsh_plural_category():
    categories = {Locale("cy").plural_form(n) for n in PARTICIPANTS}
    assert categories == {"zero", "one", "two", "few", "many", "other"}


@pytest.mark.parametrize("count", sorted(PARTICIPANTS))
def test_the_participants_page_counts_people_in_welsh_with_the_right_form(
    client, signed_in, factories, count
):
    researcher = signed_in("researcher")
    discovery = factories.discovery(members=[researcher])
    for _ in range(count):
        factories.participant(discovery=discovery)
    db.session.commit()

    page = soup(client.get(f"/discoveries/{discovery.id}/participants?lang=cy"))

    total = page.select_one(".app-participant-counts li").get_text(" ", strip=True)
    assert total == f"{count} {PARTICIPANTS[count]}"


def _evidence_strength(app, lang: str, findings: int) -> str:
    strength = type(
        "Strength", (), {"findings": findings, "participants": 0, "authorities": 0, "segments": {}}
    )
    macro = (
        '{% from "components/evidence_strength.html" import evidence_strength %}{{ evidence_strength(s) }}'
    )
    with app.test_request_context(f"/?lang={lang}"):
        app.preprocess_request()
        return BeautifulSoup(render_template_string(macro, s=strength), "html.parser").get_text(strip=True)


@pytest.mark.parametrize("count", sorted(FINDINGS))
def test_evidence_strength_counts_findings_in_welsh_with_the_right_form(app, count):
    assert _evidence_strength(app, "cy", count) == FINDINGS[count]


def test_evidence_strength_in_english_says_zero_plainly(app):
    assert _evidence_strength(app, "en", 0) == "0 findings"


def test_a_welsh_page_writes_dates_with_welsh_month_names(client, signed_in, factories):
    researcher = signed_in("researcher")
    discovery = factories.discovery(
        members=[researcher], start_date=date(2026, 9, 1), end_date=date(2026, 12, 18)
    )
    db.session.commit()

    welsh = soup(client.get(f"/discoveries/{discovery.id}?lang=cy")).get_text(" ", strip=True)
    english = soup(client.get(f"/discoveries/{discovery.id}?lang=en")).get_text(" ", strip=True)

    assert "1 Medi 2026 i 18 Rhag 2026" in welsh
    assert "18 Dec 2026" in english and "Dec " not in welsh
