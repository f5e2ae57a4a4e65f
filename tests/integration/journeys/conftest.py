"""A discovery with findings from two councils, a journey map with stages, and a signed-in researcher."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from discovery.core.models import Authority, Discovery, User
from discovery.extensions import db
from discovery.journeys import services as journeys
from discovery.journeys.models import JourneyMap, JourneyStage
from research_notes.models import Finding, Participant
from research_notes.notes import services as notes
from tests.support import sign_in

HOLD = "Fifty-two minutes on hold, and then it cut off."
STORY = "I've told that story maybe six times this year."
LEAFLET = "It was the lady at the surgery who put me on to her."
KITCHEN = "She sat at my kitchen table and I only had to say it the once."


@dataclass
class Squad:
    discovery: Discovery
    researcher: User
    npt: Authority
    torfaen: Authority
    carer: Participant
    resident: Participant
    journey_map: JourneyMap
    stages: dict[str, JourneyStage]
    findings: dict[str, Finding] = field(default_factory=dict)

    def url(self, path: str = "") -> str:
        return f"/discoveries/{self.discovery.id}/journeys{path}"

    def map_url(self, path: str = "") -> str:
        return self.url(f"/{self.journey_map.id}{path}")

    def entry(self, stage: str, lane: str, text: str, *, cites=(), **kwargs):
        data = journeys.EntryData(lane=lane, text=text, **kwargs)
        saved = journeys.add_entry(
            self.stages[stage], data, self.researcher, finding_ids=[self.findings[t].id for t in cites]
        )
        db.session.commit()
        return saved


def _finding(factories, discovery, participant, text: str, title: str, stage: str | None) -> Finding:
    note = notes.create_note(discovery, title=title, body=text, participants=[participant])
    return factories.finding(
        note=note,
        discovery_id=discovery.id,
        participant=participant,
        start_offset=0,
        end_offset=len(text),
        text=text,
        kind="pain_point",
        journey_stage=stage,
    )


@pytest.fixture
def squad(client, factories) -> Squad:
    """An unpaid carer (Neath Port Talbot) and a resident (Torfaen) spoke; the map "Getting help
    at home" has stages Contacting the council (first_contact) and Assessment (assessment)."""
    npt = factories.authority(code="NPT", name="Neath Port Talbot Council")
    torfaen = factories.authority(code="TOR", name="Torfaen County Borough Council")
    researcher = factories.user(role="researcher", display_name="Rhian Evans", authorities=[npt])
    discovery = factories.discovery(title="Help at home", members=[researcher], authorities=[npt, torfaen])
    carer = factories.participant(discovery=discovery, pseudonym="P01", segment="unpaid_carer", authority=npt)
    resident = factories.participant(
        discovery=discovery, pseudonym="P02", segment="resident", authority=torfaen
    )
    found = {
        HOLD: _finding(factories, discovery, carer, HOLD, "Interview with P01", "first_contact"),
        STORY: _finding(factories, discovery, carer, STORY, "Follow-up with P01", "assessment"),
        LEAFLET: _finding(factories, discovery, resident, LEAFLET, "Interview with P02", "finding_out"),
        KITCHEN: _finding(factories, discovery, resident, KITCHEN, "Diary from P02", "assessment"),
    }
    db.session.commit()
    journey_map = journeys.create_map(
        discovery,
        journeys.MapData(title="Getting help at home", scenario="Unpaid carer seeking support for a parent"),
        researcher,
    )
    contact = journeys.add_stage(
        journey_map, journeys.StageData("Contacting the council", "first_contact"), None
    )
    assessment = journeys.add_stage(journey_map, journeys.StageData("Assessment", "assessment"), None)
    db.session.commit()
    sign_in(client, researcher)
    return Squad(
        discovery,
        researcher,
        npt,
        torfaen,
        carer,
        resident,
        journey_map,
        {"contact": contact, "assessment": assessment},
        found,
    )
