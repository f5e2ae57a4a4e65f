"""Retention dates: their default, a researcher's own date, and the notice a month before deletion."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from discovery.core import services as core
from discovery.core.models import AuditEvent
from discovery.extensions import db
from research_notes.models import Participant, PendingImport, RetentionNotice
from research_notes.participants import retention, services
from research_notes.participants.forms import ParticipantForm
from tests.support import audit_events, error_summary, form_data, post_form, soup, summary_rows

TODAY = date.today()


def _participant(discovery, researcher, pseudonym, **data):
    return services.create_participant(
        discovery, services.ParticipantData(pseudonym=pseudonym, segment="resident", **data), researcher
    )


def _new_end_date(discovery, end_date):
    core.update_discovery(
        discovery,
        core.DiscoveryData(
            title=discovery.title,
            service=discovery.service,
            problem_statement=discovery.problem_statement,
            phase=discovery.phase,
            start_date=discovery.start_date,
            end_date=end_date,
            authority_ids=[str(a.id) for a in discovery.authorities],
        ),
        expected_version=discovery.version,
    )
    db.session.flush()


def test_the_default_is_730_days_after_the_discovery_ends_and_follows_a_new_end_date(app, factories):
    researcher = factories.user()
    discovery = factories.discovery(members=[researcher], end_date=date(2026, 12, 18))
    default = _participant(
        discovery, researcher, "P01", consent_date=date(2026, 9, 10), consent_scope=["notes"]
    )
    no_consent = _participant(discovery, researcher, "P02")
    chosen = _participant(discovery, researcher, "P03", retain_until=date(2027, 6, 30))
    assert default.retain_until == no_consent.retain_until == date(2028, 12, 17)
    assert (default.retain_until_chosen, chosen.retain_until_chosen) == (False, True)

    _new_end_date(discovery, date(2027, 3, 31))

    assert default.retain_until == no_consent.retain_until == date(2029, 3, 30)
    assert chosen.retain_until == date(2027, 6, 30)  # a researcher's own date is theirs
    (event,) = audit_events("retention_dates_recomputed")
    assert event.details == {"end_date": "2027-03-31", "participants": 2}


def test_without_an_end_date_the_default_counts_from_consent_until_the_discovery_has_one(app, factories):
    researcher = factories.user()
    discovery = factories.discovery(members=[researcher], end_date=None)
    consented = _participant(
        discovery, researcher, "P01", consent_date=date(2026, 9, 10), consent_scope=["notes"]
    )
    unknown = _participant(discovery, researcher, "P02")
    assert (consented.retain_until, unknown.retain_until) == (date(2028, 9, 9), None)

    _new_end_date(discovery, date(2027, 1, 31))
    assert consented.retain_until == unknown.retain_until == date(2029, 1, 30)

    _new_end_date(discovery, None)  # the end date removed again: back to counting from consent
    assert (consented.retain_until, unknown.retain_until) == (date(2028, 9, 9), None)


def test_configuring_retention_days_changes_the_default(app, factories):
    app.config["RETENTION_DAYS"] = 365
    researcher = factories.user()
    discovery = factories.discovery(members=[researcher], end_date=date(2026, 12, 18))
    assert _participant(discovery, researcher, "P01").retain_until == date(2027, 12, 18)


@pytest.fixture
def npt_world(app, factories):
    npt = factories.authority(code="NPT", name="Neath Port Talbot Council")
    tor = factories.authority(code="TOR", name="Torfaen County Borough Council")
    researcher = factories.user(role="researcher", authorities=[npt], display_name="Ffion Researcher")
    torfaen = factories.user(role="researcher", authorities=[tor])
    lead = factories.user(role="authority_lead", authorities=[npt])
    discovery = factories.discovery(authorities=[npt, tor], members=[researcher, torfaen, lead])
    db.session.commit()
    return {
        "discovery": discovery,
        "npt": npt,
        "tor": tor,
        "researcher": researcher,
        "torfaen": torfaen,
        "lead": lead,
    }


def _edit(client, participant, **values):
    url = f"/discoveries/{participant.discovery_id}/participants/{participant.id}/edit"
    data = form_data(
        ParticipantForm,
        pseudonym=participant.pseudonym,
        segment=participant.segment,
        authority_id=str(participant.authority_id),
        age_band="",
        digital_confidence="",
        preferred_language="en",
        access_needs="",
        notes="",
        consent_date=["10", "9", "2026"],
        consent_scope=["notes"],
        **values,
    )
    return post_form(client, url, data, follow=True)


def _date_parts(day: date) -> list[str]:
    return [str(day.day), str(day.month), str(day.year)]


def test_researchers_change_the_retention_date_with_clear_errors(app, client, factories, npt_world):
    from tests.support import sign_in

    discovery, npt = npt_world["discovery"], npt_world["npt"]
    participant = factories.participant(discovery=discovery, authority=npt, pseudonym="P01")
    participant.retain_until = date(2028, 12, 17)
    db.session.commit()
    sign_in(client, npt_world["researcher"])

    response = _edit(client, participant, retain_until=_date_parts(TODAY - timedelta(days=1)))
    assert error_summary(response) == [("Retention date must be today or in the future", "#retain_until")]
    too_far = TODAY.replace(year=TODAY.year + 6)
    response = _edit(client, participant, retain_until=_date_parts(too_far))
    assert error_summary(response) == [
        ("Retention date must be no more than 5 years from today", "#retain_until")
    ]

    response = _edit(client, participant, retain_until=["31", "3", "2029"])
    assert error_summary(response) == []
    assert summary_rows(soup(response))["Retention date"] == "31 March 2029 Chosen by a researcher"

    response = _edit(client, participant, retain_until=["", "", ""])  # blank: the default again
    assert (
        summary_rows(soup(response))["Retention date"] == "17 December 2028 2 years after the discovery ends"
    )

    listing = soup(client.get(f"/discoveries/{discovery.id}/participants"))
    headers = [th.get_text(strip=True) for th in listing.select("thead th")]
    cells = [td.get_text(strip=True) for td in listing.select("tbody tr td")]
    assert "Retain until" in headers and "17 Dec 2028" in cells


def test_an_expired_date_already_saved_does_not_stop_other_edits(app, client, factories, npt_world):
    from tests.support import sign_in

    participant = factories.participant(discovery=npt_world["discovery"], authority=npt_world["npt"])
    participant.retain_until, participant.retain_until_chosen = TODAY - timedelta(days=2), True
    db.session.commit()
    sign_in(client, npt_world["researcher"])
    response = _edit(client, participant, retain_until=_date_parts(TODAY - timedelta(days=2)))
    assert error_summary(response) == []


def _banner(response) -> str:
    banner = soup(response).select_one(".app-retention-notice")
    return banner.get_text(" ", strip=True) if banner else ""


def test_the_notice_shows_30_days_before_and_not_earlier_to_the_researchers_who_can_act(
    app, client, factories, npt_world
):
    from tests.support import sign_in

    discovery, npt, tor = npt_world["discovery"], npt_world["npt"], npt_world["tor"]
    in_30 = TODAY + timedelta(days=30)
    due = [factories.participant(discovery=discovery, authority=npt, pseudonym=f"P0{n}") for n in (1, 2, 3)]
    later = factories.participant(discovery=discovery, authority=npt, pseudonym="P04")
    theirs = factories.participant(discovery=discovery, authority=tor, pseudonym="P05")
    for participant in due:
        participant.retain_until = in_30
    later.retain_until = TODAY + timedelta(days=31)
    theirs.retain_until = in_30
    db.session.commit()
    overview, listing = f"/discoveries/{discovery.id}", f"/discoveries/{discovery.id}/participants"

    sign_in(client, npt_world["researcher"])
    for url in (overview, listing, overview):
        banner = _banner(client.get(url))
        assert "3 participants' data will be deleted on" in banner, url
        assert "when the retention period ends. Extend it if your agreement allows." in banner
    link = soup(client.get(overview)).select_one(".app-retention-notice a")["href"]
    filtered = soup(client.get(link))
    assert [th.get_text(strip=True) for th in filtered.select("tbody th")] == ["P01", "P02", "P03", "P05"]

    # Raised once per participant and date, however many pages showed it.
    notices = db.session.scalars(sa.select(RetentionNotice)).all()
    assert sorted(n.participant_id for n in notices) == sorted(p.id for p in due)
    assert len(audit_events("retention_notice_raised")) == 3

    # The day before the notice period, nothing; Torfaen's researcher sees only Torfaen's one.
    app.config["RETENTION_NOTICE_DAYS"] = 29
    assert _banner(client.get(overview)) == ""
    app.config["RETENTION_NOTICE_DAYS"] = 30
    other = app.test_client()
    sign_in(other, npt_world["torfaen"])
    assert "1 participant's data will be deleted on" in _banner(other.get(overview))
    lead = app.test_client()
    sign_in(lead, npt_world["lead"])
    assert _banner(lead.get(overview)) == ""
    assert len(audit_events("retention_notice_raised")) == 4

    # Extending the date opens a new period: a new notice when that one comes round.
    due[0].retain_until = in_30 - timedelta(days=1)
    db.session.commit()
    client.get(overview)
    assert len(audit_events("retention_notice_raised")) == 5


def test_pending_uploads_older_than_their_limit_go_on_the_hourly_run(app, factories):
    researcher = factories.user()
    discovery = factories.discovery(members=[researcher])
    now = datetime.now(UTC)
    for name, age in (("old.txt", 25), ("new.txt", 23)):
        db.session.add(
            PendingImport(
                discovery_id=discovery.id,
                uploaded_by_id=researcher.id,
                filename=name,
                source_format="plain",
                payload={"body": "x"},
                created_at=now - timedelta(hours=age),
            )
        )
    db.session.commit()
    assert retention.scheduled_pending_imports_purge() == {"pending_imports": 1}
    assert [p.filename for p in db.session.scalars(sa.select(PendingImport))] == ["new.txt"]


def test_the_purge_run_is_audited_as_the_system(app, factories):
    researcher = factories.user()
    discovery = factories.discovery(members=[researcher])
    _participant(discovery, researcher, "P01", retain_until=TODAY - timedelta(days=1))
    db.session.commit()
    assert retention.scheduled_purge() == {"purged": 1, "blocked": 0, "upcoming": 0, "pending_imports": 0}
    run = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "retention_purge_run")).one()
    assert run.actor_id is None and run.details["by"] == "system" and run.details["purged"] == 1
    assert db.session.scalar(sa.select(Participant.consent_withdrawal_reason)) == "retention period ended"
