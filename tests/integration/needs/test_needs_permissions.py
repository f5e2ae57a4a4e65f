"""Who may read and write user needs: the squad writes, a lead of a council taking part reads
the needs and their strength but never a quote, and anyone outside the discovery is refused."""

from __future__ import annotations

import pytest

from discovery.extensions import db
from discovery.needs.forms import NeedForm
from discovery.needs.models import UserNeed
from tests.integration.needs.conftest import APP, CARER_BREAKS, NOBODY_TOLD, PHONE_WAIT
from tests.support import count, csrf_token, form_data, post_form, sign_in, soup


def _switch(client, user) -> None:
    client.delete_cookie("session")
    db.session.commit()
    sign_in(client, user)


def _pages(squad, need) -> dict[str, str]:
    """Every needs page that changes something, by endpoint."""
    return {
        "draft_needs": squad.url(f"/from-theme/{squad.theme.id}"),
        "add_need": squad.url("/new"),
        "edit_need": squad.url(f"/{need.id}/edit"),
        "link_findings": squad.url(f"/{need.id}/findings"),
        "delete_need": squad.url(f"/{need.id}/delete"),
    }


@pytest.mark.parametrize("role", ["squad_member", "researcher"])
def test_squad_members_and_researchers_write_needs(client, factories, squad, role):
    need = squad.need(
        "an unpaid carer", "to know what a break costs", cites=[CARER_BREAKS], themes=[squad.theme]
    )
    person = factories.user(role=role)
    squad.discovery.members.append(person)
    _switch(client, person)
    for url in (squad.url(), squad.url(f"/{need.id}"), *_pages(squad, need).values()):
        assert client.get(url).status_code == 200, url
    response = post_form(
        client, squad.url("/new"), form_data(NeedForm, who="a resident", need="to rest", status="hypothesis")
    )
    assert response.status_code == 302
    assert count(UserNeed) == 2


def test_a_lead_of_a_council_taking_part_reads_needs_and_strength_but_no_quotes(client, factories, squad):
    need = squad.need(
        "an unpaid carer",
        "to know what a break costs",
        cites=[CARER_BREAKS, NOBODY_TOLD, APP],
        themes=[squad.theme],
    )
    suggested = squad.theme_of("Phone queues", [PHONE_WAIT], status="suggested")
    need.themes.append(suggested)
    lead = factories.user(role="authority_lead", authorities=[squad.torfaen])
    _switch(client, lead)

    listing = soup(client.get(squad.url()))
    assert [a.get_text(strip=True) for a in listing.select(".app-need__statement")] == [need.statement]
    assert (
        "3 findings from 2 participants in 2 authorities"
        in listing.select_one(".app-need__strength").get_text()
    )
    assert [a.get_text(strip=True) for a in listing.select(".app-need__themes a")] == [
        "Knowing what help exists"
    ]
    theme_filter = [i["value"] for i in listing.select("input[name=theme]")]
    assert theme_filter == [str(squad.theme.id)]  # a suggested theme is not the lead's to see
    assert "Write a user need" not in listing.get_text()

    page = soup(client.get(squad.url(f"/{need.id}")))
    text = page.get_text()
    assert need.statement in text
    assert "3 findings from 2 participants in 2 authorities" in text
    for quote in (CARER_BREAKS, NOBODY_TOLD, APP):
        assert quote not in text
    assert page.select("blockquote") == []
    assert "P01" not in text and "Interview with P01" not in text
    assert "Phone queues" not in text
    assert "The quotes are not shown here." in text
    assert page.select_one(".govuk-button") is None

    token = csrf_token(client.get(squad.url()).get_data(as_text=True))
    for endpoint, url in _pages(squad, need).items():
        assert client.get(url).status_code == 403, endpoint
        assert client.post(url, data={"csrf_token": token}).status_code == 403, endpoint
    theme_page = soup(client.get(f"/discoveries/{squad.discovery.id}/themes/{squad.theme.id}"))
    assert "Write user needs from this theme" not in theme_page.get_text()
    assert need.statement in theme_page.get_text()


@pytest.mark.parametrize("role", ["researcher", "squad_member", "authority_lead"])
def test_people_outside_the_discovery_are_refused(client, factories, squad, role):
    need = squad.need("an unpaid carer", "to know what a break costs")
    outsider_council = factories.authority(code="BG", name="Blaenau Gwent County Borough Council")
    outsider = factories.user(role=role, authorities=[outsider_council])
    _switch(client, outsider)
    for url in (squad.url(), squad.url(f"/{need.id}"), *_pages(squad, need).values()):
        assert client.get(url).status_code == 403, url


def test_a_need_of_another_discovery_is_not_found(client, factories, squad):
    elsewhere = factories.discovery(members=[squad.researcher])
    db.session.commit()
    need = squad.need("an unpaid carer", "to know what a break costs")
    assert client.get(f"/discoveries/{elsewhere.id}/needs/{need.id}").status_code == 404
    assert client.get(f"/discoveries/{elsewhere.id}/needs/from-theme/{squad.theme.id}").status_code == 404
