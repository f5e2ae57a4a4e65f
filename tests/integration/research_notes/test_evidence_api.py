"""The evidence API hands synthesis only what consent allows, filtered, with one strength measure."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from flask import render_template_string

from discovery.extensions import db
from research_notes.evidence import (
    EvidenceFilters,
    EvidenceStrength,
    Purpose,
    evidence_strength,
    usable_finding_ids,
    usable_findings,
)


@pytest.fixture
def world(factories):
    north, south = factories.authority(name="Torfaen"), factories.authority(name="Blaenau Gwent")
    discovery = factories.discovery(authorities=[north, south])

    def person(pseudonym, **kw):
        kw.setdefault("authority", north)
        return factories.participant(discovery=discovery, pseudonym=pseudonym, **kw)

    people = {
        "ok": person("P01", segment="unpaid_carer"),
        "no_quotes": person("P02", consent_scope=["notes"], authority=south),
        "withdrawn": person("P03", consent_withdrawn_at=datetime(2026, 11, 3, tzinfo=UTC)),
        "expired": person("P04", retain_until=date.today() - timedelta(days=1)),
        "unrecorded": person("P05", consent_date=None, consent_scope=[]),
        "ok_south": person("P06", authority=south),
    }
    parent = factories.tag(discovery=discovery, name="Contact")
    child = factories.tag(discovery=discovery, name="Phone", parent=parent)
    found = {}
    for key, participant in people.items():
        note = factories.note(discovery=discovery, participants=[participant])
        found[key] = factories.finding(
            note=note, participant=participant, kind="need", journey_stage="finding_out"
        )
    observation = factories.note(discovery=discovery, method="observation")
    found["observation"] = factories.finding(note=observation, kind="behaviour")
    found["ok"].tags = [child]
    db.session.commit()
    return {"discovery": discovery, "people": people, "found": found, "tags": (parent, child), "south": south}


def _keys(world, findings):
    names = {v.id: k for k, v in world["found"].items()}
    return sorted(names[f.id] for f in findings)


def test_analysis_leaves_out_withdrawn_expired_and_unrecorded_consent(world):
    usable = usable_findings(world["discovery"], purpose=Purpose.ANALYSIS)
    assert _keys(world, usable) == ["no_quotes", "observation", "ok", "ok_south"]


def test_quotes_need_the_quotes_scope_and_a_participant(world):
    usable = usable_findings(world["discovery"], purpose=Purpose.QUOTES)
    assert _keys(world, usable) == ["ok", "ok_south"]


def test_consent_expires_the_day_after_the_retention_date(world):
    tomorrow = date.today() + timedelta(days=2)
    usable = usable_findings(world["discovery"], purpose=Purpose.ANALYSIS, today=tomorrow)
    assert "expired" not in _keys(world, usable)
    world["people"]["ok"].retain_until = date.today()
    db.session.commit()
    assert "ok" in _keys(world, usable_findings(world["discovery"], purpose=Purpose.ANALYSIS))
    assert "ok" not in _keys(
        world, usable_findings(world["discovery"], purpose=Purpose.ANALYSIS, today=tomorrow)
    )


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (lambda w: EvidenceFilters.of(tag_ids=[w["tags"][0].id]), ["ok"]),  # the parent includes "Phone"
        (lambda w: EvidenceFilters.of(kinds=["behaviour"]), ["observation"]),
        (lambda w: EvidenceFilters.of(segments=["unpaid_carer"]), ["ok"]),
        (lambda w: EvidenceFilters.of(authority_ids=[w["south"].id]), ["no_quotes", "ok_south"]),
        (lambda w: EvidenceFilters.of(journey_stages=["finding_out"]), ["no_quotes", "ok", "ok_south"]),
        (lambda w: EvidenceFilters.of(note_ids=[w["found"]["ok_south"].note_id]), ["ok_south"]),
        (lambda w: EvidenceFilters.of(participant_ids=[w["people"]["withdrawn"].id]), []),
        (lambda w: EvidenceFilters.of(finding_ids=[w["found"]["ok"].id, w["found"]["expired"].id]), ["ok"]),
    ],
    ids=["tags", "kinds", "segments", "authorities", "stages", "notes", "participants", "findings"],
)
def test_each_filter_narrows_and_never_lets_a_withdrawn_finding_through(world, filters, expected):
    chosen = filters(world)
    usable = usable_findings(world["discovery"], purpose=Purpose.ANALYSIS, filters=chosen)
    assert _keys(world, usable) == expected
    ids = usable_finding_ids(world["discovery"], purpose=Purpose.ANALYSIS, filters=chosen)
    assert ids == [f.id for f in usable]


def test_findings_come_in_a_stable_order_with_what_pages_need_loaded(world):
    first = usable_findings(world["discovery"], purpose=Purpose.ANALYSIS)
    assert [f.id for f in first] == [
        f.id for f in usable_findings(world["discovery"], purpose=Purpose.ANALYSIS)
    ]
    db.session.expunge_all()
    loaded = usable_findings(world["discovery"], purpose=Purpose.ANALYSIS)
    for finding in loaded:
        assert "participant" in finding.__dict__ and "note" in finding.__dict__ and "tags" in finding.__dict__


def test_evidence_strength_counts_distinct_people_authorities_and_segments(world):
    usable = usable_findings(world["discovery"], purpose=Purpose.ANALYSIS)
    strength = evidence_strength(usable + usable[:1])
    assert strength == EvidenceStrength(
        findings=4, participants=3, authorities=2, segments={"resident": 2, "unpaid_carer": 1}
    )
    assert strength.segment_count == 2


def test_the_strength_macro_reads_the_same_everywhere(app):
    template = (
        '{% from "components/evidence_strength.html" import evidence_strength %}'
        "{{ evidence_strength(strength) }}|{{ evidence_strength(one) }}|{{ evidence_strength(bare) }}"
    )
    with app.test_request_context():
        html = render_template_string(
            template,
            strength=EvidenceStrength(6, 4, 2, {"resident": 4}),
            one=EvidenceStrength(1, 1, 1, {}),
            bare=EvidenceStrength(2, 0, 0, {}),
        )
    parts = [p.split(">", 1)[1].rsplit("<", 1)[0] for p in html.split("|")]
    assert parts == [
        "6 findings from 4 participants in 2 authorities",
        "1 finding from 1 participant in 1 authority",
        "2 findings",
    ]
