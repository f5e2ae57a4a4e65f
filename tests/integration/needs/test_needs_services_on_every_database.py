"""The needs services on SQLite and PostgreSQL: drafts save all or nothing, citations change
by ids, and a stale edit is refused by the version counter."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from discovery.core.writes import DuplicateValueError
from discovery.extensions import db
from discovery.needs import services as needs
from discovery.needs.models import UserNeed
from discovery.themes.models import Theme
from discovery.themes.review import create_theme
from research_notes.notes import services as notes
from tests.factories import ALL_FACTORIES as F
from tests.support import count

pytestmark = pytest.mark.usefixtures("any_db_app")

SAID = ("I need to know what a break costs.", "Nobody told me about direct payments.", "I need a ramp.")


def _theme():
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
    create_theme(discovery, "Money", "", [f.id for f in findings], user)
    db.session.commit()
    return discovery, db.session.scalar(sa.select(Theme)), findings, user


def test_drafts_save_all_or_nothing():
    discovery, theme, findings, user = _theme()
    drafts = needs.drafts_from(theme)
    assert [(d.who, d.segment) for d in drafts] == [("an unpaid carer", "unpaid_carer")] * 3
    chosen = [(needs.NeedData(d.who, d.need, "I can plan", segment=d.segment), d.finding_ids) for d in drafts]
    with pytest.raises(DuplicateValueError):
        needs.save_drafts(discovery, theme, [*chosen[:2], chosen[0]], user)
    assert count(UserNeed) == 0
    saved = needs.save_drafts(discovery, theme, chosen, user)
    db.session.commit()
    assert count(UserNeed) == 3
    assert all([t.id for t in n.themes] == [theme.id] for n in saved)


def test_citations_change_and_a_stale_version_is_refused():
    discovery, theme, findings, user = _theme()
    need = needs.create_need(
        discovery,
        needs.NeedData("an unpaid carer", "to know what a break costs"),
        user,
        finding_ids=[findings[0].id],
    )
    db.session.commit()
    allowed = [f.id for f in findings]
    assert needs.set_findings(
        need, [findings[1].id, findings[2].id], user, expected_version=need.version, allowed=allowed
    ) == (2, 1)
    db.session.commit()
    assert sorted(f.text for f in db.session.get(UserNeed, need.id).findings) == sorted(SAID[1:])
    old = need.version - 1
    with pytest.raises(needs.StaleNeedError):
        needs.update_need(need, needs.NeedData("an unpaid carer", "to plan"), user, expected_version=old)
    assert needs.rows(discovery)[0].strength.findings == 2
