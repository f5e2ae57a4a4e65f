"""`flask demo-data` loads a realistic discovery once, however often it runs."""

from __future__ import annotations

import sqlalchemy as sa

from discovery.core.models import Authority, Discovery, User
from discovery.demo import content
from discovery.extensions import db
from research_notes.models import Finding, Participant, ResearchNote, Tag, Utterance
from tests.support import count

MODELS = (Authority, User, Discovery, Participant, Tag, ResearchNote, Utterance, Finding)


def counts() -> dict[str, int]:
    return {m.__name__: count(m) for m in MODELS}


def test_loading_the_demo_twice_creates_nothing_new(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo-data"])
    assert first.exit_code == 0, first.output
    after_first = counts()
    second = runner.invoke(args=["demo-data"])
    assert second.exit_code == 0, second.output
    assert "nothing new (already loaded)" in second.output
    assert counts() == after_first
    assert after_first["Participant"] >= 15 and after_first["ResearchNote"] >= 20


def test_the_demo_spans_three_councils_and_every_segment(app):
    app.test_cli_runner().invoke(args=["demo-data"])
    discovery = db.session.scalar(sa.select(Discovery).where(Discovery.slug == content.SLUG))
    assert {a.code for a in discovery.authorities} >= {"NPT", "TOR", "BG"}
    segments = set(db.session.scalars(sa.select(Participant.segment)))
    assert segments >= {"resident", "unpaid_carer", "social_worker", "provider", "council_staff"}


def test_demo_transcripts_are_split_into_speaker_turns_linked_to_participants(app):
    app.test_cli_runner().invoke(args=["demo-data"])
    transcript_turns = db.session.scalars(
        sa.select(Utterance).where(Utterance.start_seconds.is_not(None))
    ).all()
    assert len(transcript_turns) > 100
    assert any(u.participant is not None for u in transcript_turns)
    for utterance in transcript_turns[:200]:
        assert utterance.note.body[utterance.char_start : utterance.char_end] == utterance.text


def test_every_demo_finding_quotes_its_note_exactly_and_most_have_a_participant(app):
    app.test_cli_runner().invoke(args=["demo-data"])
    findings = db.session.scalars(sa.select(Finding)).all()
    assert len(findings) == sum(len(n.findings) for n in content.NOTES)
    for finding in findings:
        assert finding.note.body[finding.start_offset : finding.end_offset] == finding.text
    attributed = sum(1 for f in findings if f.participant_id is not None)
    assert attributed / len(findings) > 0.9


def test_the_demo_prints_how_to_sign_in(app):
    result = app.test_cli_runner().invoke(args=["demo-data"])
    assert "researcher@discovery.example" in result.output
    assert "password for all of them:" in result.output
