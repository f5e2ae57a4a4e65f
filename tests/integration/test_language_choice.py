"""English or Cymraeg: the switch keeps the page, the choice follows the person, and the browser's
Accept-Language sets the first choice."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from discovery.extensions import db
from tests.support import audit_events, csrf_token, sign_in, soup


def html_lang(response) -> str:
    assert response.status_code == 200, response.status_code
    return soup(response).html["lang"]


def switch_link(response, label: str) -> str:
    """The href of the English or Cymraeg link in the language switch."""
    link = soup(response).select_one(
        f".app-language-switch a[hreflang='{'cy' if label == 'Cymraeg' else 'en'}']"
    )
    assert link is not None and link.get_text(strip=True) == label
    return link["href"]


def sign_out(client) -> None:
    token = csrf_token(client.get("/discoveries").get_data(as_text=True))
    assert client.post("/sign-out", data={"csrf_token": token}).status_code == 302


# Accept-Language and an explicit choice, signed out -------------------------------------------


def test_a_browser_that_prefers_welsh_gets_welsh_on_its_first_visit(client):
    assert html_lang(client.get("/sign-in", headers={"Accept-Language": "cy"})) == "cy"
    assert html_lang(client.get("/sign-in", headers={"Accept-Language": "cy-GB,en;q=0.5"})) == "cy"
    assert html_lang(client.get("/sign-in", headers={"Accept-Language": "en-GB,cy;q=0.5"})) == "en"
    assert html_lang(client.get("/sign-in", headers={"Accept-Language": "fr"})) == "en"
    assert html_lang(client.get("/sign-in")) == "en"


def test_choosing_a_language_beats_the_browsers_and_is_kept_for_the_visit(client):
    welsh_browser = {"Accept-Language": "cy"}
    assert html_lang(client.get("/sign-in?lang=en", headers=welsh_browser)) == "en"
    assert html_lang(client.get("/accessibility-statement", headers=welsh_browser)) == "en"
    assert html_lang(client.get("/sign-in?lang=cy")) == "cy"
    assert html_lang(client.get("/accessibility-statement", headers={"Accept-Language": "en"})) == "cy"


def test_an_unknown_language_is_ignored(client):
    assert html_lang(client.get("/sign-in?lang=fr", headers={"Accept-Language": "cy"})) == "cy"


# The saved preference -------------------------------------------------------------------------


def test_the_language_chosen_while_signed_in_is_saved_and_follows_the_person(app, client, factories):
    person = factories.user(role="researcher")
    db.session.commit()
    sign_in(client, person)
    assert person.preferred_language is None
    assert html_lang(client.get("/discoveries?lang=cy")) == "cy"
    db.session.refresh(person)
    assert person.preferred_language == "cy"
    assert person.version == 1, "choosing a language does not make an admin's open form stale"
    assert [e.details for e in audit_events("language_chosen")] == [{"before": None, "after": "cy"}]

    sign_out(client)
    new_device = app.test_client()  # another browser, which asks for English
    sign_in(new_device, person)
    assert html_lang(new_device.get("/discoveries", headers={"Accept-Language": "en"})) == "cy"

    sign_in(client, person)
    assert html_lang(client.get("/discoveries", headers={"Accept-Language": "en"})) == "cy"


def test_signing_in_switches_to_the_saved_language_whatever_the_browser_was_showing(app, client, factories):
    person = factories.user(role="researcher", preferred_language="cy")
    db.session.commit()
    assert html_lang(client.get("/sign-in?lang=en")) == "en"  # someone else's choice on a shared computer
    sign_in(client, person)
    assert html_lang(client.get("/discoveries")) == "cy"
    db.session.refresh(person)
    assert person.preferred_language == "cy"


def test_a_choice_made_before_signing_in_is_saved_when_the_person_has_none(app, client, factories):
    person = factories.user(role="researcher")
    db.session.commit()
    client.get("/sign-in?lang=cy")
    sign_in(client, person)
    assert html_lang(client.get("/discoveries")) == "cy"
    db.session.refresh(person)
    assert person.preferred_language == "cy"
    new_device = app.test_client()
    sign_in(new_device, person)
    assert html_lang(new_device.get("/discoveries")) == "cy"


def test_the_language_stays_after_signing_out(client, factories):
    person = factories.user(role="researcher", preferred_language="cy")
    db.session.commit()
    sign_in(client, person)
    sign_out(client)
    assert html_lang(client.get("/sign-in")) == "cy"


def test_choosing_the_same_language_again_writes_nothing(client, factories):
    person = factories.user(role="researcher", preferred_language="en")
    db.session.commit()
    sign_in(client, person)
    client.get("/discoveries?lang=en")
    assert audit_events("language_chosen") == []


# The switch -----------------------------------------------------------------------------------


def test_the_switch_keeps_the_page_and_its_whole_query(client, signed_in):
    signed_in("researcher")
    response = client.get("/discoveries?lang=en&phase=alpha&q=ciw%20ff%C3%B4n&tag=a&tag=b")
    href = switch_link(response, "Cymraeg")
    parts = urlsplit(href)
    assert parts.path == "/discoveries"
    assert parse_qsl(parts.query) == [
        ("phase", "alpha"),
        ("q", "ciw ffôn"),
        ("tag", "a"),
        ("tag", "b"),
        ("lang", "cy"),
    ]
    welsh = client.get(href)
    assert html_lang(welsh) == "cy"
    back = urlsplit(switch_link(welsh, "English"))
    assert parse_qsl(back.query).count(("lang", "en")) == 1
    assert [k for k, _ in parse_qsl(back.query)].count("lang") == 1


def test_the_switch_is_a_plain_link_on_a_signed_out_page(client):
    href = switch_link(client.get("/sign-in?next=/discoveries"), "Cymraeg")
    assert urlsplit(href).path == "/sign-in"
    assert parse_qsl(urlsplit(href).query) == [("next", "/discoveries"), ("lang", "cy")]


def test_a_page_answering_a_post_switches_to_the_same_address(client, factories):
    person = factories.user(role="researcher")
    db.session.commit()
    token = csrf_token(client.get("/sign-in?next=/discoveries").get_data(as_text=True))
    refused = client.post(
        "/sign-in?next=/discoveries", data={"csrf_token": token, "email": person.email, "password": "wrong"}
    )
    assert refused.status_code == 200
    href = switch_link(refused, "Cymraeg")
    assert href == "/sign-in?next=%2Fdiscoveries&lang=cy"
    assert html_lang(client.get(href)) == "cy"


def test_a_page_that_is_not_found_switches_to_the_same_address(client, signed_in):
    signed_in("researcher")
    response = client.get("/no-such-page?x=1")
    assert response.status_code == 404
    href = soup(response).select_one(".app-language-switch a[hreflang='cy']")["href"]
    assert href == "/no-such-page?x=1&lang=cy"


def test_an_admin_sees_the_choice_in_the_persons_history(app, client, factories):
    person = factories.user(role="researcher")
    admin = factories.user(role="admin")
    db.session.commit()
    person_id = person.id
    sign_in(client, person)
    client.get("/discoveries?lang=cy")
    admin_client = app.test_client()
    sign_in(admin_client, admin)
    page = soup(admin_client.get(f"/people/{person_id}?lang=en"))
    assert "Chose a language for the service: Welsh" in page.get_text(" ", strip=True)
