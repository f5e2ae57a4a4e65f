"""A journey map downloaded from a Welsh page is a Welsh PDF: its facts, lanes, headings and
evidence counts come from the catalogue in Welsh, never left in English."""

from __future__ import annotations

from tests.page_walk import Catalogue
from tests.welsh_text import english_left, pdf_pieces


def test_the_pdf_from_a_welsh_page_has_no_english_from_the_catalogue(client, squad):
    squad.entry("contact", "thoughts", "Fed up of waiting", emotion=-2)
    squad.entry("contact", "touchpoints", "Contact centre", channel="phone")
    catalogue = Catalogue.load()
    typed = [stage.name for stage in squad.stages.values()]
    english = client.get(squad.map_url("/export.pdf?lang=en"))
    assert len(english_left(pdf_pieces(english.data), catalogue, typed)) >= 3  # the check can fail
    welsh = client.get(squad.map_url("/export.pdf?lang=cy"))
    assert welsh.status_code == 200
    assert english_left(pdf_pieces(welsh.data), catalogue, typed) == []
