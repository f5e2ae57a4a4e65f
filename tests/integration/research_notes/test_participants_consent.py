"""Withdrawing consent is deliberate and audited; real names are for the discovery's researchers only."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from discovery.extensions import db
from research_notes.models import Participant, ParticipantIdentity
from research_notes.participants import services
from research_notes.participants.forms import IdentityForm, WithdrawConsentForm
from tests.factories import DiscoveryFactory, UserFactory
from tests.support import (
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
def researcher_and_participant(factories, signed_in):
    researcher = signed_in("researcher", display_name="Ffion Researcher")
    discovery = factories.discovery(members=[researcher])
    participant = factories.participant(discovery=discovery, pseudonym="P07")
    db.session.commit()
    base = f"/discoveries/{discovery.id}/participants/{participant.id}"
    return researcher, participant, base


def test_withdrawing_consent_is_confirmed_recorded_and_audited(client, researcher_and_participant):
    researcher, participant, base = researcher_and_participant
    confirm = client.get(f"{base}/withdraw-consent")
    page = soup(confirm)
    assert page.h1.get_text(strip=True) == "Withdraw consent for P07"
    warning = page.select_one(".govuk-warning-text").get_text(" ", strip=True)
    assert "You cannot undo this" in warning
    main = page.select_one("main").get_text(" ", strip=True)
    assert "themes" not in main.lower() and "journey maps" not in main.lower()  # none exist
    assert summary_rows(page)["Citations of their findings"] == "None: nothing cites their findings"
    button = page.select_one("main form button")
    assert button.get_text(strip=True) == "Withdraw consent and erase their data"
    assert "govuk-button--warning" in button["class"]
    assert not db.session.get(Participant, participant.id).has_withdrawn  # looking changes nothing

    data = form_data(WithdrawConsentForm, reason="Asked by phone on 3 November", confirm="y")
    response = post_form(client, f"{base}/withdraw-consent", data, follow=True)
    assert "Consent withdrawn for P07 and their data erased" in notification(response)
    banner = soup(response).select_one(".app-withdrawn-banner").get_text(" ", strip=True)
    assert "Consent withdrawn on" in banner and "by Ffion Researcher" in banner
    assert "Their research data has been erased" in banner
    rows = summary_rows(soup(response))
    assert rows["Status"] == "Consent withdrawn"
    assert rows["Withdrawn by"] == "Ffion Researcher"
    assert rows["Reason for withdrawal"] == "Asked by phone on 3 November"
    assert soup(response).select_one(f"a[href='{base}/withdraw-consent']") is None
    assert soup(response).select_one(f"a[href='{base}/edit']") is None

    db.session.expire_all()
    saved = db.session.get(Participant, participant.id)
    assert saved.consent_withdrawn_at is not None
    assert saved.consent_withdrawn_by_id == researcher.id
    (event,) = audit_events("consent_withdrawn")
    assert event.actor_email == researcher.email
    assert event.details["pseudonym"] == "P07" and event.details["reason_given"] is True
    assert event.details["erased"]["findings"] == 0


def test_withdrawal_cannot_be_repeated_or_undone_by_editing(client, researcher_and_participant):
    _researcher, _participant, base = researcher_and_participant
    data = form_data(WithdrawConsentForm, reason="Emailed us", confirm="y")
    post_form(client, f"{base}/withdraw-consent", data, follow=True)
    assert len(audit_events("consent_withdrawn")) == 1

    again = client.get(f"{base}/withdraw-consent", follow_redirects=True)
    assert "P07 has already withdrawn consent" in notification(again)
    edit = client.get(f"{base}/edit", follow_redirects=True)
    assert "P07 has withdrawn consent, so their details cannot be changed" in notification(edit)
    assert len(audit_events("consent_withdrawn")) == 1


def test_an_over_long_withdrawal_reason_is_explained(client, researcher_and_participant):
    _researcher, participant, base = researcher_and_participant
    response = post_form(
        client, f"{base}/withdraw-consent", form_data(WithdrawConsentForm, reason="r" * 1001, confirm="y")
    )
    assert error_summary(response) == [
        ("Reason for withdrawing consent must be 1000 characters or fewer", "#reason")
    ]
    assert not db.session.get(Participant, participant.id).has_withdrawn


def test_withdrawal_needs_a_reason_and_a_confirmation(client, researcher_and_participant):
    _researcher, participant, base = researcher_and_participant
    response = post_form(client, f"{base}/withdraw-consent", form_data(WithdrawConsentForm, reason=" "))
    assert error_summary(response) == [
        ("Enter the reason for withdrawing consent", "#reason"),
        ("Confirm that you understand this cannot be undone", "#confirm"),
    ]
    assert soup(response).title.get_text().startswith("Error: ")
    assert not db.session.get(Participant, participant.id).has_withdrawn


def test_withdrawing_needs_the_csrf_token(client, researcher_and_participant):
    _researcher, participant, base = researcher_and_participant
    response = client.post(f"{base}/withdraw-consent", data={"reason": ""})
    assert response.status_code == 400
    assert not db.session.get(Participant, participant.id).has_withdrawn


def test_a_researcher_records_a_real_name_and_every_look_is_audited(client, researcher_and_participant):
    _researcher, participant, base = researcher_and_participant
    link = soup(client.get(base)).select_one(f"a[href='{base}/real-name']")
    assert link.get_text(" ", strip=True) == "View real name and contact details for P07"

    empty = soup(client.get(f"{base}/real-name"))
    assert "No real name has been recorded for P07" in empty.select_one("main").get_text()
    assert audit_events("participant_identity_viewed") == []  # nothing to see, nothing seen

    response = post_form(
        client,
        f"{base}/real-name/edit",
        form_data(IdentityForm, real_name="Mair Jones", contact_details="07700 900123", version="0"),
        follow=True,
    )
    assert "Real name and contact details saved" in notification(response)
    text = soup(response).select_one("main").get_text(" ", strip=True)
    assert "Mair Jones" in text and "07700 900123" in text
    (saved,) = audit_events("participant_identity_saved")
    assert "Mair" not in str(saved.details)  # the log never holds the name
    assert len(audit_events("participant_identity_viewed")) == 1

    # The name is never on the participant page or the list.
    assert "Mair Jones" not in client.get(base).get_data(as_text=True)
    assert "Mair Jones" not in client.get(base.rsplit("/", 1)[0]).get_data(as_text=True)


def test_contact_details_need_a_real_name_and_clearing_both_removes_them(client, researcher_and_participant):
    _researcher, participant, base = researcher_and_participant
    url = f"{base}/real-name/edit"
    response = post_form(client, url, form_data(IdentityForm, real_name="", contact_details="07700 900123"))
    assert error_summary(response) == [("Enter their real name", "#real_name")]
    response = post_form(client, url, form_data(IdentityForm, real_name="x" * 201, contact_details=""))
    assert error_summary(response) == [("Real name must be 200 characters or fewer", "#real_name")]

    post_form(client, url, form_data(IdentityForm, real_name="Mair Jones", contact_details="", version="0"))
    assert soup(client.get(url)).select_one("#real_name")["value"] == "Mair Jones"
    cleared = form_data(IdentityForm, real_name="", contact_details="", version="1")
    response = post_form(client, url, cleared, follow=True)
    assert "Real name and contact details removed" in notification(response)
    assert db.session.get(ParticipantIdentity, participant.id) is None
    assert len(audit_events("participant_identity_removed")) == 1


def test_a_real_name_changed_by_a_colleague_meanwhile_is_not_overwritten(client, researcher_and_participant):
    _researcher, participant, base = researcher_and_participant
    url = f"{base}/real-name/edit"
    opened = soup(client.get(url)).select_one("input[name=version]")["value"]
    assert opened == "0"  # no real name recorded yet
    participant.identity = ParticipantIdentity(real_name="Mair Jones", contact_details="")
    db.session.commit()  # a colleague saves one first

    mine = form_data(IdentityForm, real_name="Mair Evans", contact_details="07700 900123", version=opened)
    response = post_form(client, url, mine)
    assert response.status_code == 409
    assert "Someone else changed this participant's real name or contact details" in notification(response)
    page = soup(response)
    assert page.select_one("#real_name")["value"] == "Mair Evans"  # what I typed is kept
    assert page.select_one("input[name=version]")["value"] == "1"  # ready to save over theirs
    db.session.expire_all()
    assert db.session.get(ParticipantIdentity, participant.id).real_name == "Mair Jones"

    response = post_form(client, url, {**mine, "version": "1"}, follow=True)
    assert "Real name and contact details saved" in notification(response)
    db.session.expire_all()
    assert db.session.get(ParticipantIdentity, participant.id).real_name == "Mair Evans"


def test_a_researcher_of_another_discovery_cannot_see_a_real_name(client, factories, signed_in):
    owner = factories.user(role="researcher")
    discovery = factories.discovery(members=[owner])
    participant = factories.participant(discovery=discovery, pseudonym="P01")
    participant.identity = ParticipantIdentity(real_name="Mair Jones", contact_details="")
    signed_in("researcher")
    db.session.commit()
    response = client.get(f"/discoveries/{discovery.id}/participants/{participant.id}/real-name")
    assert response.status_code == 403
    assert "Mair Jones" not in response.get_data(as_text=True)
    assert audit_events("participant_identity_viewed") == []


@pytest.mark.usefixtures("any_db_app")
def test_the_database_refuses_a_duplicate_pseudonym_the_form_did_not_catch(monkeypatch):
    """The unique constraint is the backstop, on SQLite and PostgreSQL alike."""
    researcher = UserFactory(role="researcher")
    discovery = DiscoveryFactory(members=[researcher])
    data = services.ParticipantData(pseudonym="P01", segment="resident")
    services.create_participant(discovery, data, researcher)
    db.session.commit()

    with pytest.raises(services.DuplicatePseudonymError):
        services.create_participant(discovery, data, researcher)  # the service's own check
    monkeypatch.setattr(services, "pseudonym_taken", lambda *args, **kwargs: False)
    with pytest.raises(services.DuplicatePseudonymError):
        services.create_participant(discovery, data, researcher)  # the constraint
    db.session.rollback()
    assert count(Participant) == 1


@pytest.mark.usefixtures("any_db_app")
def test_a_concurrent_save_is_a_stale_edit_on_every_database():
    researcher = UserFactory(role="researcher")
    discovery = DiscoveryFactory(members=[researcher])
    participant = services.create_participant(
        discovery, services.ParticipantData(pseudonym="P01", segment="resident"), researcher
    )
    db.session.commit()
    db.session.execute(sa.update(Participant).values(notes="x", version=Participant.version + 1))
    with pytest.raises(services.StaleEditError):
        services.update_participant(
            participant,
            services.ParticipantData(pseudonym="P01", segment="unpaid_carer"),
            expected_version=1,
            actor=researcher,
        )
    db.session.rollback()


def test_pseudonyms_sort_by_their_number():
    names = ["P10", "P2", "P01", "Carer A", "P100", "p03"]
    assert sorted(names, key=services.pseudonym_sort_key) == ["Carer A", "P01", "P2", "p03", "P10", "P100"]
