"""An item's evidence is the usable union of what it cites and what its needs, live themes and
journey stages cite; consent decides what counts, and erasure leaves a line in its history."""

from __future__ import annotations

from datetime import date, timedelta

from discovery.backlog import services as backlog
from discovery.core.models import User
from discovery.extensions import db
from research_notes.models import Participant
from research_notes.participants.erasure import withdraw_and_erase
from tests.integration.backlog.conftest import CARER, HOLD, RING_BACK, STAGE_ONLY, WELSH
from tests.support import audit_actions


def _texts(item) -> set[str]:
    return {f.text for f in backlog.item_evidence(item).findings}


def test_evidence_is_the_union_of_citations_needs_live_themes_and_stages(squad, factories):
    need = squad.need("to be rung back", cites=[RING_BACK])
    theme = squad.theme("Phone queues", [HOLD, RING_BACK])
    welsh = squad.theme("Welsh language", [WELSH])
    stage = squad.stage(factories, cites=[STAGE_ONLY])
    item = squad.item("Ring people back", cites=[CARER], needs=[need], themes=[theme, welsh], stages=[stage])
    assert WELSH in _texts(item)
    welsh.status = "rejected"
    db.session.commit()
    found = backlog.item_evidence(item)
    assert _texts(item) == {CARER, RING_BACK, HOLD, STAGE_ONLY}  # not WELSH: its theme was rejected
    assert {squad.findings[CARER].id} == set(found.direct)
    assert (found.strength.findings, found.strength.participants, found.strength.authorities) == (4, 2, 2)


def test_a_finding_reached_two_ways_counts_once(squad):
    need = squad.need("to be rung back", cites=[RING_BACK])
    item = squad.item("Ring people back", cites=[RING_BACK], needs=[need])
    assert backlog.item_evidence(item).strength.findings == 1


def test_an_item_with_no_links_has_no_evidence(squad):
    item = squad.item("Try a chatbot")
    assert backlog.item_evidence(item).is_empty


def _withdraw(participant, researcher) -> None:
    participant_id, researcher_id = participant.id, researcher.id
    db.session.expunge_all()
    withdraw_and_erase(
        db.session.get(Participant, participant_id), "Asked to leave", db.session.get(User, researcher_id)
    )
    db.session.commit()


def test_a_withdrawn_participants_findings_stop_counting_and_the_history_says_so(client, squad):
    need = squad.need("to be asked how I am", cites=[CARER])
    item = squad.item("Ask carers how they are", cites=[WELSH, HOLD], needs=[need])
    item_id = item.id
    assert backlog.item_evidence(item).strength.findings == 3
    _withdraw(squad.carer, squad.researcher)
    item = db.session.get(type(item), item_id)
    assert _texts(item) == {HOLD}
    assert "backlog_lost_findings" in audit_actions(object_id=str(item_id))
    page = client.get(squad.url(f"/{item_id}")).get_data(as_text=True)
    assert "Lost 2 findings of its evidence when a participant withdrew consent" in page


def test_a_participant_whose_consent_has_lapsed_stops_counting(squad):
    item = squad.item("Ask carers how they are", cites=[CARER, HOLD])
    squad.carer.retain_until = date.today() - timedelta(days=1)
    db.session.commit()
    assert _texts(item) == {HOLD}
