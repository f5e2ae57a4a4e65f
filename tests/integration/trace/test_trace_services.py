"""What counts as a backlog item's evidence, and the paths a finding supports things by."""

from __future__ import annotations

from discovery.backlog import services as backlog
from discovery.extensions import db
from discovery.trace import services
from research_notes.participants.erasure import withdraw_and_erase
from tests.integration.needs.conftest import APP, CARER_BREAKS, NOBODY_TOLD, PHONE_WAIT


def _texts(findings) -> set[str]:
    return {f.text for f in findings}


def test_an_items_evidence_is_what_it_its_needs_and_its_stages_cite_but_not_its_needs_themes(chain):
    squad, item, *_ = chain
    evidence = backlog.item_evidence(item).findings
    # The need's theme holds all four findings; only what the need cites counts (not APP).
    assert _texts(evidence) == {CARER_BREAKS, NOBODY_TOLD, PHONE_WAIT}


def test_linking_the_theme_itself_counts_every_member(chain):
    squad, item, *_ = chain
    item.themes = [squad.theme]
    db.session.commit()
    assert _texts(backlog.item_evidence(item).findings) == set(squad.findings)


def test_a_rejected_theme_no_longer_counts(chain):
    squad, item, *_ = chain
    item.themes = [squad.theme]
    squad.theme.status = "rejected"
    db.session.commit()
    trace = services.trace_item(item)
    assert APP not in _texts(trace.evidence)
    assert trace.themes[0].counted is False


def test_the_trace_back_follows_need_theme_stage_and_direct_citations(chain):
    squad, item, need, stage, entry = chain
    trace = services.trace_item(item)
    assert [n.need.id for n in trace.needs] == [need.id]
    assert _texts(trace.needs[0].findings) == {CARER_BREAKS}
    assert [t.theme.label for t in trace.needs[0].themes] == ["Knowing what help exists"]
    assert len(trace.needs[0].themes[0].findings) == 4
    assert [(s.stage.name, [e.entry.text for e in s.entries]) for s in trace.stages] == [
        ("Assessment", ["Long waits on the phone"])
    ]
    assert _texts(trace.findings) == {NOBODY_TOLD}
    strength = trace.strength
    assert (strength.findings, strength.participants, strength.authorities) == (3, 2, 2)


def test_a_finding_knows_every_theme_need_entry_and_item_it_supports_and_how(chain):
    squad, item, need, stage, entry = chain
    uses = services.finding_uses(squad.discovery, squad.findings[CARER_BREAKS])
    assert [t.label for t in uses.themes] == ["Knowing what help exists"]
    assert [(v.target.id, v.direct) for v in uses.needs] == [(need.id, True)]
    assert [(v.target.id, [s.id for s in v.through]) for v in uses.items] == [(item.id, [need.id])]

    phone = services.finding_uses(squad.discovery, squad.findings[PHONE_WAIT])
    assert [e.id for e in phone.entries] == [entry.id]
    assert [(v.target.id, [s.id for s in v.through]) for v in phone.items] == [(item.id, [stage.id])]
    # The need is linked to the theme holding the finding, so it is reached through the theme.
    assert [(v.target.id, [s.label for s in v.through]) for v in phone.needs] == [
        (need.id, ["Knowing what help exists"])
    ]

    direct = services.finding_uses(squad.discovery, squad.findings[NOBODY_TOLD])
    assert [(v.target.id, v.direct) for v in direct.items] == [(item.id, True)]


def test_a_withdrawn_participants_findings_leave_the_trace_everywhere(chain):
    squad, item, *_ = chain
    item_id, researcher_id, resident_id = item.id, squad.researcher.id, squad.resident.id
    db.session.expunge_all()
    from discovery.backlog.models import BacklogItem
    from discovery.core.models import User
    from research_notes.models import Participant

    withdraw_and_erase(
        db.session.get(Participant, resident_id), "Asked to leave", db.session.get(User, researcher_id)
    )
    db.session.commit()
    trace = services.trace_item(db.session.get(BacklogItem, item_id))
    assert _texts(trace.evidence) == {CARER_BREAKS, NOBODY_TOLD}
    assert trace.stages[0].entries == []
    assert (trace.strength.participants, trace.strength.authorities) == (1, 1)
