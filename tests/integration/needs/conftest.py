"""A discovery with findings from two councils, an accepted theme and people in every role."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
import sqlalchemy as sa

from discovery.core.models import Authority, Discovery, User
from discovery.extensions import db
from discovery.needs import services as needs
from discovery.themes.models import Theme
from discovery.themes.review import create_theme
from research_notes.models import Finding, Participant
from research_notes.notes import services as notes
from tests.support import sign_in

CARER_BREAKS = "I need to speak to someone who knows about carers' breaks so that I can plan the week."
NOBODY_TOLD = "Nobody told me about the carers assessment."
APP = "I need an app to book respite."
PHONE_WAIT = "We waited forty minutes on the phone."


@dataclass
class Squad:
    """Who is who and what exists; ``findings`` by their text."""

    discovery: Discovery
    researcher: User
    npt: Authority
    torfaen: Authority
    carer: Participant
    resident: Participant
    theme: Theme
    findings: dict[str, Finding] = field(default_factory=dict)

    def url(self, path: str = "") -> str:
        return f"/discoveries/{self.discovery.id}/needs{path}"

    def need(self, who: str, need: str, goal: str = "", *, cites=(), themes=(), **kwargs):
        """Save a need directly through the service, citing findings given by their text."""
        data = needs.NeedData(who=who, need=need, goal=goal, theme_ids=tuple(t.id for t in themes), **kwargs)
        saved = needs.create_need(
            self.discovery, data, self.researcher, finding_ids=[self.findings[t].id for t in cites]
        )
        db.session.commit()
        return saved

    def theme_of(self, label: str, texts, status: str = "accepted") -> Theme:
        create_theme(
            self.discovery, label, "", [self.findings[t].id for t in texts], self.researcher, status=status
        )
        db.session.commit()
        return _theme(self.discovery, label)


def _theme(discovery, label: str) -> Theme:
    return db.session.scalar(sa.select(Theme).where(Theme.discovery_id == discovery.id, Theme.label == label))


def _finding(factories, discovery, participant, text: str, title: str) -> Finding:
    note = notes.create_note(discovery, title=title, body=text, participants=[participant])
    return factories.finding(
        note=note,
        discovery_id=discovery.id,
        participant=participant,
        start_offset=0,
        end_offset=len(text),
        text=text,
        kind="need",
    )


@pytest.fixture
def squad(client, factories) -> Squad:
    """Two councils take part; an unpaid carer (Neath Port Talbot) and a resident (Torfaen) spoke.

    The theme "Knowing what help exists" is accepted and holds all four findings; the
    researcher is signed in.
    """
    npt = factories.authority(code="NPT", name="Neath Port Talbot Council")
    torfaen = factories.authority(code="TOR", name="Torfaen County Borough Council")
    researcher = factories.user(role="researcher", display_name="Rhian Evans", authorities=[npt])
    discovery = factories.discovery(title="Carers' breaks", members=[researcher], authorities=[npt, torfaen])
    carer = factories.participant(discovery=discovery, pseudonym="P01", segment="unpaid_carer", authority=npt)
    resident = factories.participant(
        discovery=discovery, pseudonym="P02", segment="resident", authority=torfaen
    )
    found = {
        CARER_BREAKS: _finding(factories, discovery, carer, CARER_BREAKS, "Interview with P01"),
        NOBODY_TOLD: _finding(factories, discovery, carer, NOBODY_TOLD, "Follow-up with P01"),
        APP: _finding(factories, discovery, resident, APP, "Interview with P02"),
        PHONE_WAIT: _finding(factories, discovery, resident, PHONE_WAIT, "Diary from P02"),
    }
    db.session.commit()
    create_theme(discovery, "Knowing what help exists", "", [f.id for f in found.values()], researcher)
    db.session.commit()
    sign_in(client, researcher)
    theme = _theme(discovery, "Knowing what help exists")
    return Squad(discovery, researcher, npt, torfaen, carer, resident, theme, found)
