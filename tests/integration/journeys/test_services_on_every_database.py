"""The journey-map services on SQLite and PostgreSQL: stage order, citations and the
withdrawal flag, and a stale entry edit refused by the version counter."""

from __future__ import annotations

import pytest

from discovery.extensions import db
from discovery.journeys import services as journeys
from discovery.journeys.models import JourneyEntry
from research_notes.notes import services as notes
from research_notes.participants.erasure import withdraw_and_erase
from tests.factories import ALL_FACTORIES as F

pytestmark = pytest.mark.usefixtures("any_db_app")


def test_stages_citations_withdrawal_and_stale_edits():
    user = F.user(role="squad_member")
    discovery = F.discovery(members=[user])
    carer = F.participant(discovery=discovery, segment="unpaid_carer")
    text = "Nobody rang back."
    note = notes.create_note(discovery, title="Interview", body=text, participants=[carer])
    finding = F.finding(
        note=note, discovery_id=discovery.id, participant=carer, end_offset=len(text), text=text
    )
    journey_map = journeys.create_map(discovery, journeys.MapData("Help at home"), user)
    first = journeys.add_stage(journey_map, journeys.StageData("Contact", "first_contact"), user)
    second = journeys.add_stage(journey_map, journeys.StageData("Assessment"), user)
    entry = journeys.add_entry(
        first, journeys.EntryData("pain_points", "No call back"), user, finding_ids=[finding.id]
    )
    db.session.commit()

    assert journeys.move_stage(journey_map, second.id, -1, user)
    db.session.commit()
    assert [s.stage.name for s in journeys.map_view(journey_map).stages] == ["Assessment", "Contact"]
    assert journeys.map_view(journey_map).stages[1].strength.findings == 1

    with pytest.raises(journeys.StaleJourneyError):
        journeys.update_entry(
            entry, journeys.EntryData("pain_points", "x"), user, expected_version=entry.version - 1
        )
    db.session.rollback()

    entry_id, carer_id, user_id = entry.id, carer.id, user.id
    db.session.expunge_all()
    from discovery.core.models import User
    from research_notes.models import Participant

    withdraw_and_erase(db.session.get(Participant, carer_id), "By email", db.session.get(User, user_id))
    db.session.commit()
    saved = db.session.get(JourneyEntry, entry_id)
    assert (saved.withdrawn_citations, saved.findings) == (1, [])
