"""A discovery says which language its squad writes in, and pages in the other language mark
the squad's words with it (issue 15 §3: every piece of the other language carries its own lang)."""

from __future__ import annotations

from discovery.core.models import Discovery
from discovery.extensions import db
from tests.integration.test_discoveries import discovery_form
from tests.support import post_form, soup, summary_rows


def _marked_lang(page, text: str) -> str | None:
    element = page.find(string=lambda s: s and s.strip() == text)
    assert element is not None, f"{text!r} is not on the page"
    for parent in element.parents:
        if parent.attrs.get("lang"):
            return parent.attrs["lang"]
    return None


def test_a_squad_writing_in_welsh_has_its_words_marked_on_english_pages(client, factories, signed_in):
    council = factories.authority(code="NPT", name="Neath Port Talbot Council")
    db.session.commit()
    signed_in("researcher")

    post_form(
        client,
        "/discoveries/new",
        discovery_form(
            [council],
            title="Cael gofal cymdeithasol",
            service="Gofal cymdeithasol i oedolion",
            problem_statement="Nid yw pobl yn gwybod pa gymorth sydd ar gael.",
            content_language="cy",
        ),
    )
    discovery = db.session.scalar(db.select(Discovery))
    assert discovery.content_language == "cy"

    english = soup(client.get(f"/discoveries/{discovery.id}?lang=en"))
    assert _marked_lang(english, "Cael gofal cymdeithasol") == "cy"
    assert _marked_lang(english, "Nid yw pobl yn gwybod pa gymorth sydd ar gael.") == "cy"
    assert _marked_lang(english, "Gofal cymdeithasol i oedolion") == "cy"
    assert summary_rows(english)["Language the squad writes in"] == "Welsh"

    welsh = soup(client.get(f"/discoveries/{discovery.id}?lang=cy"))
    assert _marked_lang(welsh, "Cael gofal cymdeithasol") == "cy"  # the page's own language
    assert welsh.select_one("h1").get("lang") is None


def test_an_english_squad_has_its_words_marked_on_welsh_pages(client, factories, signed_in):
    researcher = signed_in("researcher")
    discovery = factories.discovery(
        members=[researcher], title="Getting help at home", problem_statement="People wait too long for help."
    )
    db.session.commit()

    welsh = soup(client.get(f"/discoveries/{discovery.id}/participants?lang=cy"))
    assert _marked_lang(welsh, "Getting help at home") == "en"
    overview = soup(client.get(f"/discoveries/{discovery.id}?lang=cy"))
    assert _marked_lang(overview, "People wait too long for help.") == "en"


def test_a_form_without_the_language_keeps_the_discoverys_own(client, factories, signed_in):
    council = factories.authority(code="NPT", name="Neath Port Talbot Council")
    researcher = signed_in("researcher")
    discovery = factories.discovery(members=[researcher], authorities=[council], content_language="cy")
    db.session.commit()
    values = discovery_form([council], title="Renamed by a script", version=str(discovery.version))
    values.pop("content_language", None)

    post_form(client, f"/discoveries/{discovery.id}/edit", values)

    db.session.refresh(discovery)
    assert discovery.title == "Renamed by a script"
    assert discovery.content_language == "cy"
