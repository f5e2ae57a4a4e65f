"""The needs squad (two councils, four findings, an accepted theme), with a journey map and a
backlog item to trace through."""

from __future__ import annotations

import pytest

from discovery.extensions import db
from tests.integration.needs.conftest import Squad, squad  # noqa: F401  (a fixture, used by name)


@pytest.fixture
def chain(squad: Squad, factories):  # noqa: F811
    """Item 1 serves a need (citing CARER_BREAKS), links the theme, a journey stage whose entry
    cites PHONE_WAIT, and cites NOBODY_TOLD itself."""
    from tests.integration.needs.conftest import CARER_BREAKS, NOBODY_TOLD, PHONE_WAIT

    need = squad.need(
        "an unpaid carer", "to know what a break costs", cites=[CARER_BREAKS], themes=[squad.theme]
    )
    journey = factories.journey_map(discovery=squad.discovery, title="Getting a carer's break")
    stage = factories.journey_stage(journey_map=journey, name="Assessment", position=0)
    entry = factories.journey_entry(stage=stage, lane="pain_points", text="Long waits on the phone")
    entry.findings = [squad.findings[PHONE_WAIT]]
    item = factories.backlog_item(discovery=squad.discovery, title="Call carers back within a day")
    item.needs = [need]
    item.journey_stages = [stage]
    item.findings = [squad.findings[NOBODY_TOLD]]
    db.session.commit()
    return squad, item, need, stage, entry
