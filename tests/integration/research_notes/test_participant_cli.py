"""`participant-export` answers a subject-access request; `withdraw-consent` withdraws as the page does."""

from __future__ import annotations

import json

import pytest

from discovery.extensions import db
from research_notes.findings import services as findings
from research_notes.models import Finding, Participant, ResearchNote
from research_notes.notes import services as notes
from research_notes.participants import services
from tests.support import audit_events, count


@pytest.fixture
def held(factories):
    researcher = factories.user(email="rhian@torfaen.example.gov.wales", display_name="Rhian Evans")
    discovery = factories.discovery(title="Carers breaks", slug="carers-breaks", members=[researcher])
    p07 = factories.participant(discovery=discovery, pseudonym="P07", segment="unpaid_carer")
    factories.participant(discovery=discovery, pseudonym="P08")
    services.save_identity(p07, "Mary Jones", "07700 900123", researcher)
    note = notes.create_note(
        discovery, title="Interview with P07", body="The booking form kept timing out.", participants=[p07]
    )
    findings.highlight(note, [(4, 16)], kind="pain_point")
    db.session.commit()
    return {"researcher": researcher, "discovery": discovery, "p07": p07}


def test_participant_export_writes_everything_held_as_json_and_is_audited(app, held, tmp_path):
    output = tmp_path / "p07.json"
    result = app.test_cli_runner().invoke(
        args=["participant-export", "p07", "--discovery", "carers-breaks", "--output", str(output)]
    )
    assert result.exit_code == 0, result.output
    record = json.loads(output.read_text())
    assert record["participant"]["pseudonym"] == "P07" and record["participant"]["segment"] == "unpaid_carer"
    assert record["identity"] == {"real_name": "Mary Jones", "contact_details": "07700 900123"}
    assert record["consent"]["scope"] == ["notes", "quotes"]
    assert [(n["title"], n["body"]) for n in record["notes"]] == [
        ("Interview with P07", "The booking form kept timing out.")
    ]
    assert [f["text"] for f in record["findings"]] == ["booking form"]
    assert "participant_identity_saved" in [e["action"] for e in record["audit_events"]]
    assert oct(output.stat().st_mode & 0o777) == "0o600"
    (event,) = audit_events("participant_exported")
    assert event.details["pseudonym"] == "P07" and event.details["findings"] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["participant-export", "P07", "--discovery", "carers-break"], "Did you mean: carers-breaks?"),
        (["participant-export", "P7", "--discovery", "carers-breaks"], "There is no participant 'P7'"),
        (["participant-export", "Q99", "--discovery", "carers-breaks"], "Its participants are: P07, P08"),
        (
            ["withdraw-consent", "P07", "--discovery", "nowhere", "--reason", "x", "--by", "a@b.c"],
            "There is no discovery with the slug 'nowhere'",
        ),
        (
            ["withdraw-consent", "P07", "--discovery", "carers-breaks", "--reason", "x", "--by", "who@x.gov"],
            "There is no user with the email who@x.gov",
        ),
        (
            [
                "withdraw-consent",
                "P07",
                "--discovery",
                "carers-breaks",
                "--by",
                "rhian@torfaen.example.gov.wales",
            ],
            "Missing option '--reason'",
        ),
    ],
)
def test_the_commands_explain_each_mistake(app, held, args, message):
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code != 0 and message in result.output, result.output


def _withdraw(app, *extra, input=None):
    args = ["withdraw-consent", "P07", "--discovery", "carers-breaks", "--reason", "Letter of 3 November"]
    args += ["--by", "rhian@torfaen.example.gov.wales", *extra]
    return app.test_cli_runner().invoke(args=args, input=input)


def test_withdraw_consent_prints_the_preview_and_does_nothing_unless_confirmed(app, held):
    result = _withdraw(app, input="n\n")
    assert result.exit_code == 1
    assert "Notes that are only theirs: 1" in result.output and "- Interview with P07" in result.output
    assert "Findings: 1" in result.output and "Nothing was changed." in result.output
    db.session.expire_all()
    assert not db.session.get(Participant, held["p07"].id).has_withdrawn


def test_withdraw_consent_erases_as_the_page_does_and_names_who_recorded_it(app, held):
    result = _withdraw(app, "--yes")
    assert result.exit_code == 0, result.output
    assert "Consent withdrawn for P07; erased 1 findings." in result.output
    db.session.expire_all()
    p07 = db.session.get(Participant, held["p07"].id)
    assert p07.consent_withdrawn_by_id == held["researcher"].id and p07.identity is None
    assert count(ResearchNote) == 0 and count(Finding) == 0
    (event,) = audit_events("consent_withdrawn")
    assert event.actor_email == "rhian@torfaen.example.gov.wales"

    again = _withdraw(app, "--yes")
    assert again.exit_code != 0 and "P07 has already withdrawn consent: nothing to do" in again.output


def test_withdraw_consent_stops_at_a_shared_plain_note(app, held, factories):
    p08 = services.participant_by_pseudonym(held["discovery"], "P08")
    notes.create_note(
        held["discovery"],
        title="Drop-in session",
        body="Both found it hard.",
        participants=[held["p07"], p08],
    )
    db.session.commit()
    result = _withdraw(app, "--yes")
    assert result.exit_code == 1
    assert "- Drop-in session (shared with P08)" in result.output
    db.session.expire_all()
    assert not db.session.get(Participant, held["p07"].id).has_withdrawn
