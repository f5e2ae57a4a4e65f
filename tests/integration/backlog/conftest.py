"""A discovery with findings from two councils, a theme, a need, a journey stage and a squad."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
import sqlalchemy as sa

from discovery.backlog import services as backlog
from discovery.core.models import Authority, Discovery, User
from discovery.extensions import db
from discovery.needs import services as needs
from discovery.themes.models import Theme
from discovery.themes.review import create_theme
from research_notes.models import Finding, Participant
from research_notes.notes import services as notes
from tests.support import sign_in

HOLD = "I was on hold for forty minutes and then it cut off."
RING_BACK = "They said they would ring back and they never did."
CARER = "Nobody asked me how I was coping."
WELSH = "Mae'n haws esbonio pethau personol yn Gymraeg."
STAGE_ONLY = "The letter did not say who to ring."


@dataclass
class Squad:
    """Who is who and what exists; ``findings`` by their text. The researcher is signed in."""

    discovery: Discovery
    researcher: User
    npt: Authority
    torfaen: Authority
    carer: Participant
    resident: Participant
    findings: dict[str, Finding] = field(default_factory=dict)

    def url(self, path: str = "") -> str:
        return f"/discoveries/{self.discovery.id}/backlog{path}"

    def ids(self, *texts: str) -> list:
        return [self.findings[t].id for t in texts]

    def theme(self, label: str, texts, status: str = "accepted") -> Theme:
        create_theme(self.discovery, label, "", self.ids(*texts), self.researcher, status=status)
        db.session.commit()
        return db.session.scalar(
            sa.select(Theme).where(Theme.discovery_id == self.discovery.id, Theme.label == label)
        )

    def need(self, need: str, cites=()):
        saved = needs.create_need(
            self.discovery,
            needs.NeedData(who="a resident", need=need),
            self.researcher,
            finding_ids=self.ids(*cites),
        )
        db.session.commit()
        return saved

    def stage(
        self, factories, cites=(), map_title: str = "Getting help at home", name: str = "First contact"
    ):
        journey_map = factories.journey_map(discovery=self.discovery, title=map_title)
        stage = factories.journey_stage(journey_map=journey_map, name=name)
        entry = factories.journey_entry(stage=stage)
        entry.findings = [self.findings[t] for t in cites]
        db.session.commit()
        return stage

    def item(self, title: str, *, cites=(), needs=(), themes=(), stages=(), **kwargs):
        data = backlog.ItemData(
            title=title,
            need_ids=tuple(n.id for n in needs),
            theme_ids=tuple(t.id for t in themes),
            stage_ids=tuple(s.id for s in stages),
            **kwargs,
        )
        saved = backlog.create_item(self.discovery, data, self.researcher, finding_ids=self.ids(*cites))
        db.session.commit()
        return saved


def _finding(factories, discovery, participant, text: str) -> Finding:
    note = notes.create_note(discovery, title=text[:30], body=text, participants=[participant])
    return factories.finding(
        note=note,
        discovery_id=discovery.id,
        participant=participant,
        end_offset=len(text),
        text=text,
    )


@pytest.fixture
def squad(client, factories) -> Squad:
    """A resident in Torfaen said HOLD and RING_BACK; an unpaid carer in Neath Port Talbot said
    CARER, WELSH and STAGE_ONLY."""
    npt = factories.authority(code="NPT", name="Neath Port Talbot Council")
    torfaen = factories.authority(code="TOR", name="Torfaen County Borough Council")
    researcher = factories.user(role="researcher", display_name="Rhian Evans", authorities=[npt])
    discovery = factories.discovery(
        title="Adult social care", members=[researcher], authorities=[npt, torfaen]
    )
    carer = factories.participant(discovery=discovery, pseudonym="P01", segment="unpaid_carer", authority=npt)
    resident = factories.participant(
        discovery=discovery, pseudonym="P02", segment="resident", authority=torfaen
    )
    found = {t: _finding(factories, discovery, resident, t) for t in (HOLD, RING_BACK)}
    found |= {t: _finding(factories, discovery, carer, t) for t in (CARER, WELSH, STAGE_ONLY)}
    db.session.commit()
    sign_in(client, researcher)
    return Squad(discovery, researcher, npt, torfaen, carer, resident, found)
