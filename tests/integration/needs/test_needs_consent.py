"""A need's citations follow consent: a withdrawn participant's findings leave it, and a
participant whose consent has lapsed stops counting, without anyone editing the need."""

from __future__ import annotations

from datetime import date, timedelta

from discovery.core.models import User
from discovery.extensions import db
from discovery.needs.models import UserNeed
from research_notes.models import Participant
from research_notes.participants.erasure import withdraw_and_erase
from tests.integration.needs.conftest import APP, CARER_BREAKS, NOBODY_TOLD
from tests.support import audit_actions, soup


def _withdraw(participant, researcher, reason: str) -> None:
    """Withdraw as the withdraw page does, in a session holding nothing from earlier requests.

    (Erasure drops the deleted findings from the session by reading their ids, which fails for
    a finding the session holds expired; a request never holds one.)
    """
    participant_id, researcher_id = participant.id, researcher.id
    db.session.expunge_all()
    withdraw_and_erase(
        db.session.get(Participant, participant_id), reason, db.session.get(User, researcher_id)
    )
    db.session.commit()


def test_a_withdrawn_participants_findings_disappear_from_a_need(client, squad):
    need = squad.need(
        "an unpaid carer",
        "to know what a break costs",
        cites=[CARER_BREAKS, NOBODY_TOLD, APP],
        themes=[squad.theme],
    )
    page = soup(client.get(squad.url(f"/{need.id}")))
    assert len(page.select(".app-need__finding")) == 3

    _withdraw(squad.carer, squad.researcher, "Asked by phone to withdraw")

    page = soup(client.get(squad.url(f"/{need.id}")))
    assert [b.get_text(strip=True) for b in page.select(".app-need__finding blockquote")] == [APP]
    assert CARER_BREAKS not in page.get_text() and NOBODY_TOLD not in page.get_text()
    assert "1 finding from 1 participant in 1 authority" in page.select_one(".app-need__strength").get_text()
    assert "Lost 2 cited findings when a participant withdrew consent" in page.get_text()
    listing = soup(client.get(squad.url()))
    assert (
        "1 finding from 1 participant in 1 authority" in listing.select_one(".app-need__strength").get_text()
    )
    db.session.expire_all()
    assert [f.text for f in db.session.get(UserNeed, need.id).findings] == [APP]
    assert "need_lost_findings" in audit_actions(object_id=str(need.id))


def test_drafts_leave_out_a_withdrawn_participants_findings(client, squad):
    _withdraw(squad.carer, squad.researcher, "Asked by email to withdraw")
    page = soup(client.get(squad.url(f"/from-theme/{squad.theme.id}")))
    needs = [i["value"] for i in page.select("input[name$='-need']")]
    assert needs == ["an app to book respite"]


def test_a_lapsed_consent_stops_counting_without_changing_the_need(client, squad):
    need = squad.need("an unpaid carer", "to know what a break costs", cites=[CARER_BREAKS, APP])
    squad.resident.retain_until = date.today() - timedelta(days=1)
    db.session.commit()
    page = soup(client.get(squad.url(f"/{need.id}")))
    assert [b.get_text(strip=True) for b in page.select(".app-need__finding blockquote")] == [CARER_BREAKS]
    assert "1 finding from 1 participant in 1 authority" in page.select_one(".app-need__strength").get_text()
    db.session.expire_all()
    assert len(db.session.get(UserNeed, need.id).findings) == 2
