"""Fixtures the research-notes integration tests share."""

from __future__ import annotations

import pytest

from discovery.extensions import db
from tests.support import sign_in


@pytest.fixture
def team(client, factories):
    """A discovery with a signed-in researcher member and two participants."""
    researcher = factories.user(role="researcher", display_name="Rhian Evans")
    discovery = factories.discovery(title="Carers' breaks", members=[researcher])
    p07 = factories.participant(discovery=discovery, pseudonym="P07", segment="unpaid_carer")
    p08 = factories.participant(discovery=discovery, pseudonym="P08", segment="social_worker")
    db.session.commit()
    sign_in(client, researcher)
    return {"researcher": researcher, "discovery": discovery, "p07": p07, "p08": p08}
