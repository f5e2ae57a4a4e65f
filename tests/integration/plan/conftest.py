"""A discovery with a researcher (signed in), a squad member, a lead whose council takes part,
and participants: three residents, one unpaid carer and one who withdrew."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from discovery.core.columns import utcnow
from discovery.core.models import Discovery, User
from discovery.extensions import db
from tests.support import sign_in


@dataclass
class Team:
    discovery: Discovery
    researcher: User
    squad_member: User
    lead: User
    outsider: User

    def url(self, path: str = "") -> str:
        return f"/discoveries/{self.discovery.id}/plan{path}"


@pytest.fixture
def team(client, factories) -> Team:
    npt = factories.authority(code="NPT", name="Neath Port Talbot Council")
    researcher = factories.user(role="researcher", display_name="Rhian Evans", authorities=[npt])
    squad_member = factories.user(role="squad_member", display_name="Dai Morgan")
    lead = factories.user(role="authority_lead", display_name="Non Hughes", authorities=[npt])
    outsider = factories.user(role="researcher", display_name="Owain Price")
    discovery = factories.discovery(
        title="Adult social care", members=[researcher, squad_member], authorities=[npt]
    )
    for pseudonym in ("P01", "P02", "P03"):
        factories.participant(discovery=discovery, pseudonym=pseudonym, segment="resident", authority=npt)
    factories.participant(discovery=discovery, pseudonym="P04", segment="unpaid_carer", authority=npt)
    factories.participant(
        discovery=discovery, pseudonym="P05", segment=None, authority=npt, consent_withdrawn_at=utcnow()
    )
    db.session.commit()
    sign_in(client, researcher)
    return Team(discovery, researcher, squad_member, lead, outsider)
