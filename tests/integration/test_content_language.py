"""Research content in the other language carries its own ``lang``, in both directions: a Welsh
quote on an English page says lang="cy", an English quote on a Welsh page says lang="en", and a
tag or authority with no Welsh name says lang="en" on a Welsh page. The page walk runs the same
check (tests/content_language.py) over every page of the demo."""

from __future__ import annotations

import pytest

from discovery.extensions import db
from tests import content_language
from tests.support import soup

WELSH_QUOTE = "Mae'n haws esbonio pethau personol yn Gymraeg, chi'n deall?"
ENGLISH_QUOTE = "I waited forty minutes on the phone and then the line went dead."


@pytest.fixture
def research(factories, signed_in):
    """A discovery with a Welsh and an English interview, a finding from each, one tag with a
    Welsh name and one without, and an authority with no Welsh name."""
    # A squad member reads every page here; a researcher's finding page would also offer tag
    # suggestions, which is not what these tests are about.
    user = signed_in("squad_member")
    authority = factories.authority(name="Cadwyn Digital", name_cy="")
    discovery = factories.discovery(members=[user], authorities=[authority])
    welsh_tag = factories.tag(discovery=discovery, name="Welsh language", name_cy="Y Gymraeg")
    english_only = factories.tag(discovery=discovery, name="Hospital discharge")
    welsh_note = factories.note(discovery=discovery, language="cy", body=WELSH_QUOTE, title="P03 cyfweliad")
    english_note = factories.note(discovery=discovery, body=ENGLISH_QUOTE)
    welsh = factories.finding(note=welsh_note, tags=[welsh_tag, english_only])
    english = factories.finding(note=english_note, tags=[english_only])
    db.session.commit()
    ids = discovery.id, welsh.id, english.id
    content = content_language.ContentLanguages.from_database()
    db.session.rollback()  # end the read, or SQLite keeps the app's own writes waiting
    return *ids, content


def quote_lang(page, text: str) -> str | None:
    quote = next(q for q in page.select("blockquote") if text in q.get_text())
    return content_language.nearest_lang(quote)


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_every_quote_and_tag_on_the_findings_list_sits_in_its_own_language(client, research, lang):
    discovery_id, _welsh, _english, content = research
    response = client.get(f"/discoveries/{discovery_id}/findings?lang={lang}")
    page = soup(response)
    assert page.html["lang"] == lang
    assert quote_lang(page, WELSH_QUOTE) == "cy"
    assert quote_lang(page, ENGLISH_QUOTE) == "en"
    assert content_language.problems(content, response.get_data(as_text=True), lang) == []


def test_the_mark_is_only_on_what_differs_from_the_page(client, research):
    discovery_id, *_ = research
    english_page = soup(client.get(f"/discoveries/{discovery_id}/findings?lang=en"))
    welsh_page = soup(client.get(f"/discoveries/{discovery_id}/findings?lang=cy"))
    english_quote = next(q for q in english_page.select("blockquote") if ENGLISH_QUOTE in q.get_text())
    welsh_quote = next(q for q in welsh_page.select("blockquote") if WELSH_QUOTE in q.get_text())
    assert not english_quote.has_attr("lang") and not welsh_quote.has_attr("lang")
    tag = next(t for t in welsh_page.select(".app-finding__tag") if "Hospital discharge" in t.get_text())
    assert tag.select_one("[lang]")["lang"] == "en"


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_a_finding_page_marks_its_quote_and_context(client, research, lang):
    discovery_id, welsh_id, english_id, content = research
    for finding_id in (welsh_id, english_id):
        response = client.get(f"/discoveries/{discovery_id}/findings/{finding_id}?lang={lang}")
        assert response.status_code == 200
        assert content_language.problems(content, response.get_data(as_text=True), lang) == []
    page = soup(client.get(f"/discoveries/{discovery_id}/findings/{welsh_id}?lang={lang}"))
    assert quote_lang(page, WELSH_QUOTE) == "cy"


def test_an_authority_without_a_welsh_name_is_marked_english_on_a_welsh_page(client, research):
    discovery_id, *_ = research
    page = soup(client.get(f"/discoveries/{discovery_id}?lang=cy"))
    name = next(s for s in page.select("span[lang]") if s.get_text() == "Cadwyn Digital")
    assert name["lang"] == "en"
    english = soup(client.get(f"/discoveries/{discovery_id}?lang=en"))
    assert not [s for s in english.select("span[lang]") if s.get_text() == "Cadwyn Digital"]


def test_the_check_fails_on_an_unmarked_quote(research):
    *_, content = research
    html = f'<html lang="en"><body><blockquote>{WELSH_QUOTE}</blockquote><p>Hospital discharge</p></body>'
    expected = [f"{WELSH_QUOTE!r} is in cy but its nearest lang is 'en'"]
    assert content_language.problems(content, html, "en") == expected
    welsh = f'<html lang="cy"><body><p>Hospital discharge</p><q lang="cy">{WELSH_QUOTE}</q></body></html>'
    expected = ["'Hospital discharge' is in en but its nearest lang is 'cy'"]
    assert content_language.problems(content, welsh, "cy") == expected
