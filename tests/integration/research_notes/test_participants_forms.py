"""Adding and editing participants: GOV.UK errors for every bad answer, and no lost work."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from discovery.extensions import db
from research_notes.models import Participant
from research_notes.participants import services
from research_notes.participants.forms import ParticipantForm
from tests.support import (
    audit_actions,
    audit_events,
    count,
    error_summary,
    form_data,
    notification,
    post_form,
    soup,
    summary_rows,
)


@pytest.fixture
def setting(factories, signed_in):
    """A signed-in researcher in a discovery two councils take part in, and a third that does not."""
    npt = factories.authority(code="NPT", name="Neath Port Talbot Council")
    tor = factories.authority(code="TOR", name="Torfaen County Borough Council")
    outsider = factories.authority(code="CDF", name="Cardiff Council")
    researcher = signed_in("researcher", display_name="Ffion Researcher")
    discovery = factories.discovery(authorities=[npt, tor], members=[researcher])
    db.session.commit()
    return discovery, researcher, npt, tor, outsider


def participant_form(authority, **overrides) -> dict:
    values = {
        "pseudonym": "P01",
        "segment": "unpaid_carer",
        "authority_id": str(authority.id),
        "age_band": "50-64",
        "digital_confidence": "low",
        "preferred_language": "cy",
        "access_needs": "Needs large print",
        "notes": "Cares for her mother after a fall",
        "consent_date": ["14", "9", "2026"],
        "consent_scope": ["notes", "quotes"],
        "retain_until": ["14", "9", "2027"],
    }
    values.update(overrides)
    return form_data(ParticipantForm, **values)


def test_a_researcher_adds_a_participant_with_consent_and_it_is_audited(client, setting):
    discovery, researcher, npt, _tor, _outsider = setting
    url = f"/discoveries/{discovery.id}/participants/new"

    response = post_form(client, url, participant_form(npt))
    assert response.status_code == 302
    page = client.get(response.location)
    html = soup(page)
    assert "P01 added" in notification(page)
    assert html.h1.get_text(" ", strip=True) == "P01 Consent recorded"
    rows = summary_rows(html)
    assert rows["Segment"] == "Unpaid carer"
    assert rows["Authority"] == "Neath Port Talbot Council"
    assert rows["Age band"] == "50 to 64"
    assert rows["Digital confidence"] == "Low"
    assert rows["Preferred language"] == "Welsh"
    assert rows["Access needs"] == "Needs large print"
    assert rows["Date consent was given"] == "14 September 2026"
    assert rows["What they consented to"] == "Notes and transcripts Quotes in reports"
    assert rows["Recorded by"] == "Ffion Researcher"
    assert rows["Retention date"] == "14 September 2027 Chosen by a researcher"
    assert audit_actions()[-2:] == ["participant_created", "consent_recorded"]
    [event] = audit_events("participant_created")
    assert event.actor_email == researcher.email
    assert event.discovery_id == discovery.id


def test_the_pseudonym_is_suggested_as_the_next_p_number(client, factories, setting):
    discovery = setting[0]
    url = f"/discoveries/{discovery.id}/participants/new"
    assert soup(client.get(url)).select_one("#pseudonym")["value"] == "P01"

    for pseudonym in ("P01", "P07", "Carer A", "p03"):
        factories.participant(discovery=discovery, pseudonym=pseudonym)
    db.session.commit()
    assert soup(client.get(url)).select_one("#pseudonym")["value"] == "P08"

    factories.participant(discovery=discovery, pseudonym="P99")
    db.session.commit()
    assert soup(client.get(url)).select_one("#pseudonym")["value"] == "P100"


def test_only_the_discoverys_authorities_are_offered(client, setting):
    discovery = setting[0]
    page = soup(client.get(f"/discoveries/{discovery.id}/participants/new"))
    labels = [label.get_text(strip=True) for label in page.select("input[name=authority_id] + label")]
    assert labels == ["Neath Port Talbot Council", "Torfaen County Borough Council", "Another organisation"]


def test_a_participant_from_another_organisation_is_saved_and_shown_with_its_name(client, setting):
    discovery = setting[0]
    url = f"/discoveries/{discovery.id}/participants/new"
    data = participant_form(
        setting[2], authority_id="another", organisation="Aneurin Bevan University Health Board"
    )

    response = post_form(client, url, data, follow=True)

    participant = db.session.scalar(sa.select(Participant))
    assert (participant.authority_id, participant.organisation) == (
        None,
        "Aneurin Bevan University Health Board",
    )
    assert summary_rows(soup(response))["Organisation"] == "Aneurin Bevan University Health Board"
    listed = soup(client.get(f"/discoveries/{discovery.id}/participants"))
    assert "Aneurin Bevan University Health Board" in listed.select_one("tbody tr").get_text(" ", strip=True)
    edit = soup(client.get(f"/discoveries/{discovery.id}/participants/{participant.id}/edit"))
    assert edit.select_one("input[name=authority_id][checked]")["value"] == "another"
    assert edit.select_one("#organisation")["value"] == "Aneurin Bevan University Health Board"


def test_another_organisation_needs_its_name_and_an_authority_clears_it(client, setting, factories):
    discovery, _researcher, npt, _tor, _outsider = setting
    url = f"/discoveries/{discovery.id}/participants/new"

    response = post_form(client, url, participant_form(npt, authority_id="another", organisation=" "))

    assert error_summary(response) == [("Enter the name of the organisation", "#organisation")]
    assert count(Participant) == 0

    participant = factories.participant(discovery=discovery, pseudonym="P09", organisation="Age Cymru")
    db.session.commit()
    edit_url = f"/discoveries/{discovery.id}/participants/{participant.id}/edit"
    values = participant_form(npt, pseudonym="P09", organisation="Age Cymru", version="1")
    assert post_form(client, edit_url, values).status_code == 302
    db.session.expire_all()
    assert (participant.authority_id, participant.organisation) == (npt.id, "")


def test_an_empty_form_lists_every_missing_answer(client, setting):
    discovery = setting[0]
    response = post_form(client, f"/discoveries/{discovery.id}/participants/new", {"pseudonym": " "})
    assert response.status_code == 200
    assert error_summary(response) == [
        ("Enter a pseudonym", "#pseudonym"),
        ("Select a segment", "#segment"),
        ("Select an authority", "#authority_id"),
    ]
    assert soup(response).title.get_text().startswith("Error:")
    assert count(Participant) == 0


def test_a_participant_without_consent_can_be_added_with_only_the_required_answers(client, setting):
    discovery, _researcher, _npt, tor, _outsider = setting
    data = participant_form(
        tor,
        age_band="",
        digital_confidence="",
        preferred_language="en",
        access_needs="",
        notes="",
        consent_date=["", "", ""],
        consent_scope=[],
        retain_until=["", "", ""],
    )
    response = post_form(client, f"/discoveries/{discovery.id}/participants/new", data, follow=True)
    rows = summary_rows(soup(response))
    assert rows["Status"] == "No consent recorded"
    assert rows["Age band"] == "Not recorded"
    assert rows["Recorded by"] == "Not recorded"
    # Without consent the data is still kept no longer than 2 years after the discovery ends.
    assert rows["Retention date"] == "17 December 2028 2 years after the discovery ends"
    assert "consent_recorded" not in audit_actions()


def test_over_long_answers_are_explained_and_kept(client, setting):
    discovery, _researcher, npt, _tor, _outsider = setting
    data = participant_form(npt, pseudonym="P" * 21, access_needs="a" * 1001, notes="n" * 2001)
    response = post_form(client, f"/discoveries/{discovery.id}/participants/new", data)
    assert error_summary(response) == [
        ("Pseudonym must be 20 characters or fewer", "#pseudonym"),
        ("Access needs must be 1000 characters or fewer", "#access_needs"),
        ("Notes about this participant must be 2000 characters or fewer", "#notes"),
    ]
    page = soup(response)
    assert page.select_one("#pseudonym")["value"] == "P" * 21
    assert page.select_one("#notes").get_text() == "n" * 2001


def test_a_duplicate_pseudonym_is_refused_whatever_its_case(client, factories, setting):
    discovery, _researcher, npt, _tor, _outsider = setting
    factories.participant(discovery=discovery, pseudonym="P07")
    db.session.commit()
    response = post_form(
        client, f"/discoveries/{discovery.id}/participants/new", participant_form(npt, pseudonym="p07")
    )
    assert error_summary(response) == [
        ("A participant with this pseudonym already exists. Enter a different pseudonym", "#pseudonym")
    ]


def test_the_same_pseudonym_may_be_used_in_another_discovery(client, factories, setting):
    discovery, _researcher, npt, _tor, _outsider = setting
    factories.participant(pseudonym="P01")  # in a discovery of its own
    db.session.commit()
    response = post_form(client, f"/discoveries/{discovery.id}/participants/new", participant_form(npt))
    assert response.status_code == 302


def test_a_pseudonym_saved_by_a_colleague_at_the_same_moment_is_a_field_error(
    client, factories, setting, monkeypatch
):
    """The form's check passes, the unique constraint refuses: the person still sees a field error."""
    discovery, _researcher, npt, _tor, _outsider = setting
    factories.participant(discovery=discovery, pseudonym="P01")
    db.session.commit()
    monkeypatch.setattr(services, "pseudonym_taken", lambda *args, **kwargs: False)
    response = post_form(client, f"/discoveries/{discovery.id}/participants/new", participant_form(npt))
    assert response.status_code == 200
    assert error_summary(response) == [
        ("A participant with this pseudonym already exists. Enter a different pseudonym", "#pseudonym")
    ]
    assert soup(response).select_one("#notes").get_text() == "Cares for her mother after a fall"


def test_consent_dates_are_checked(client, setting):
    discovery, _researcher, npt, _tor, _outsider = setting
    url = f"/discoveries/{discovery.id}/participants/new"
    tomorrow = date.today() + timedelta(days=1)

    response = post_form(
        client,
        url,
        participant_form(npt, consent_date=[str(tomorrow.day), str(tomorrow.month), str(tomorrow.year)]),
    )
    assert error_summary(response) == [
        ("Date consent was given must be today or in the past", "#consent_date"),
    ]

    response = post_form(client, url, participant_form(npt, retain_until=["13", "9", "2026"]))
    assert error_summary(response) == [
        ("Retention date must be after the date consent was given", "#retain_until"),
    ]

    response = post_form(
        client, url, participant_form(npt, consent_date=["31", "2", "2026"], retain_until=["1", "", "2027"])
    )
    assert error_summary(response) == [
        ("Date consent was given must be a real date", "#consent_date"),
        ("Retention date must include a month", "#retain_until"),
    ]
    assert soup(response).select_one("#consent_date-day")["value"] == "31"


def test_consent_needs_both_a_date_and_a_scope(client, setting):
    discovery, _researcher, npt, _tor, _outsider = setting
    url = f"/discoveries/{discovery.id}/participants/new"
    response = post_form(client, url, participant_form(npt, consent_scope=[]))
    assert error_summary(response) == [("Select what they consented to", "#consent_scope")]
    response = post_form(
        client, url, participant_form(npt, consent_date=["", "", ""], retain_until=["", "", ""])
    )
    assert error_summary(response) == [("Enter the date consent was given", "#consent_date")]


def test_the_retention_date_defaults_to_two_years_after_consent_until_the_discovery_has_an_end(
    client, setting
):
    discovery, _researcher, npt, _tor, _outsider = setting
    discovery.end_date = None
    db.session.commit()
    data = participant_form(npt, consent_date=["29", "2", "2024"], retain_until=["", "", ""])
    post_form(client, f"/discoveries/{discovery.id}/participants/new", data)
    participant = db.session.scalar(sa.select(Participant))
    assert participant.retain_until == date(2026, 2, 28)


def test_an_authority_not_taking_part_or_a_tampered_choice_is_refused(client, setting):
    discovery, _researcher, _npt, _tor, outsider = setting
    url = f"/discoveries/{discovery.id}/participants/new"
    response = post_form(client, url, participant_form(outsider, segment="astronaut", age_band="12-17"))
    assert error_summary(response) == [
        ("Select from the options shown", "#segment"),
        ("Select an authority taking part in this discovery", "#authority_id"),
        ("Select from the options shown", "#age_band"),
    ]
    response = post_form(client, url, participant_form(outsider, consent_scope=["everything"]))
    assert ("Select from the options shown", "#consent_scope") in error_summary(response)


def test_editing_a_participant_saves_and_audits_what_changed(client, factories, setting):
    discovery, researcher, npt, tor, _outsider = setting
    participant = factories.participant(discovery=discovery, pseudonym="P03", authority=npt)
    db.session.commit()
    url = f"/discoveries/{discovery.id}/participants/{participant.id}/edit"
    form_page = soup(client.get(url))
    assert form_page.select_one("input[name=version]")["value"] == "1"
    assert form_page.select_one("#pseudonym")["value"] == "P03"
    assert form_page.select_one("input[name=age_band][value='']").has_attr("checked")

    data = participant_form(tor, pseudonym="P03", version="1", consent_date=["10", "9", "2026"])
    response = post_form(client, url, data, follow=True)
    assert "P03 saved" in notification(response)
    assert summary_rows(soup(response))["Authority"] == "Torfaen County Borough Council"
    [event] = audit_events("participant_updated")
    assert "authority" in event.details["changed"] and "consent_date" not in event.details["changed"]
    assert "consent_scope" not in event.details["changed"]  # ["notes", "quotes"] already


def test_a_stale_edit_is_refused_and_the_text_typed_is_kept(client, factories, setting):
    discovery, _researcher, npt, _tor, _outsider = setting
    participant = factories.participant(discovery=discovery, pseudonym="P04", authority=npt)
    db.session.commit()
    url = f"/discoveries/{discovery.id}/participants/{participant.id}/edit"
    client.get(url)

    participant.notes = "Changed by a colleague"
    db.session.commit()

    data = participant_form(npt, pseudonym="P04", version="1", notes="My careful notes")
    response = post_form(client, url, data)
    assert response.status_code == 409
    assert "Someone else changed this participant while you were editing it" in notification(response)
    page = soup(response)
    assert page.select_one("#notes").get_text() == "My careful notes"
    assert page.select_one("input[name=version]")["value"] == "2"
    db.session.expire_all()
    assert db.session.get(Participant, participant.id).notes == "Changed by a colleague"


def test_editing_to_a_pseudonym_in_use_is_refused(client, factories, setting):
    discovery, _researcher, npt, _tor, _outsider = setting
    factories.participant(discovery=discovery, pseudonym="P01")
    participant = factories.participant(discovery=discovery, pseudonym="P02", authority=npt)
    db.session.commit()
    url = f"/discoveries/{discovery.id}/participants/{participant.id}/edit"
    response = post_form(client, url, participant_form(npt, pseudonym="P01", version="1"))
    assert error_summary(response) == [
        ("A participant with this pseudonym already exists. Enter a different pseudonym", "#pseudonym")
    ]
    # Keeping its own pseudonym is not a clash.
    response = post_form(client, url, participant_form(npt, pseudonym="P02", version="1"))
    assert response.status_code == 302


def test_a_participant_from_another_discovery_is_not_found(client, factories, setting):
    discovery = setting[0]
    elsewhere = factories.participant(pseudonym="P01")
    db.session.commit()
    base = f"/discoveries/{discovery.id}/participants/{elsewhere.id}"
    for url in (
        base,
        f"{base}/edit",
        f"{base}/withdraw-consent",
        f"{base}/real-name",
        f"{base}/real-name/edit",
    ):
        assert client.get(url).status_code == 404, url


def test_a_discovery_without_authorities_does_not_ask_for_one(client, factories, signed_in):
    researcher = signed_in("researcher")
    discovery = factories.discovery(members=[researcher])
    db.session.commit()
    url = f"/discoveries/{discovery.id}/participants/new"
    assert soup(client.get(url)).select("input[name=authority_id]") == []
    data = form_data(ParticipantForm, pseudonym="P01", segment="resident", preferred_language="en")
    response = post_form(client, url, data, follow=True)
    assert summary_rows(soup(response))["Authority"] == "Not recorded"
