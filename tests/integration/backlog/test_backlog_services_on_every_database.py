"""The backlog services on SQLite and PostgreSQL: numbering, the evidence union, the list's
priority order, a stale edit, and an import applied all at once."""

from __future__ import annotations

import pytest

from discovery.backlog import importer
from discovery.backlog import services as backlog
from discovery.backlog.models import BacklogItem
from discovery.extensions import db
from discovery.themes.review import create_theme
from research_notes.notes import services as notes
from tests.factories import ALL_FACTORIES as F
from tests.support import count

pytestmark = pytest.mark.usefixtures("any_db_app")

SAID = ("I waited forty minutes on hold.", "Nobody rang back.", "Nobody asked how I was coping.")


def test_numbers_evidence_order_staleness_and_import():
    user = F.user(role="squad_member")
    discovery = F.discovery(members=[user])
    carer = F.participant(discovery=discovery, segment="unpaid_carer")
    findings = []
    for text in SAID:
        note = notes.create_note(discovery, title=text[:20], body=text, participants=[carer])
        findings.append(
            F.finding(
                note=note, discovery_id=discovery.id, participant=carer, end_offset=len(text), text=text
            )
        )
    create_theme(discovery, "Phone", "", [f.id for f in findings[:2]], user)
    db.session.commit()
    [theme] = backlog.themes_for(discovery)
    stage = F.journey_stage(journey_map=F.journey_map(discovery=discovery))
    entry = F.journey_entry(stage=stage)
    entry.findings = [findings[2]]
    db.session.commit()
    could = backlog.create_item(discovery, backlog.ItemData("Send letters", priority="could"), user)
    must = backlog.create_item(
        discovery,
        backlog.ItemData("Ring back", priority="must", theme_ids=(theme.id,), stage_ids=(stage.id,)),
        user,
        finding_ids=[findings[0].id],
    )
    db.session.commit()
    assert (could.number, must.number) == (1, 2)
    assert [r.item.title for r in backlog.rows(discovery)] == ["Ring back", "Send letters"]
    assert backlog.item_evidence(must).strength.findings == 3
    with pytest.raises(backlog.StaleItemError):
        backlog.update_item(
            must, backlog.ItemData("Ring back sooner"), user, expected_version=must.version - 1
        )
    data = f"id,status,external_reference\n{must.id},Done,ASC-5\n{could.id},todo,\n".encode()
    result = importer.apply_import(discovery, importer.parse_for(discovery, data), user, "b.csv")
    db.session.commit()
    assert (result.changed, result.unchanged) == (1, 1)
    assert (must.status, must.external_ref, must.version) == ("done", "ASC-5", 2)
    assert count(BacklogItem) == 2
