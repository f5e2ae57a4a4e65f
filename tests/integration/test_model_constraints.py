"""The database itself keeps the chain of evidence consistent, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from discovery.core.models import Authority, Discovery, User
from discovery.extensions import db
from discovery.themes.models import Theme
from research_notes.findings import services as findings
from research_notes.models import Finding, Participant, ResearchNote, Tag, Utterance
from research_notes.notes import services as notes
from tests.factories import (
    AuthorityFactory,
    DiscoveryFactory,
    NoteFactory,
    ParticipantFactory,
    TagFactory,
    UserFactory,
)
from tests.support import count


def test_pseudonym_is_unique_within_a_discovery(any_db_app):
    discovery = DiscoveryFactory()
    ParticipantFactory(discovery=discovery, pseudonym="P01")
    db.session.commit()
    ParticipantFactory(discovery=DiscoveryFactory(), pseudonym="P01")  # another discovery: fine
    db.session.commit()
    with pytest.raises(IntegrityError):
        ParticipantFactory(discovery=discovery, pseudonym="P01")
    db.session.rollback()


def test_tag_names_are_unique_under_the_same_parent_including_the_top_level(any_db_app):
    discovery = DiscoveryFactory()
    barriers = TagFactory(discovery=discovery, name="Barriers")
    TagFactory(discovery=discovery, name="Cost", parent=barriers)
    TagFactory(discovery=discovery, name="Cost")  # same name at another level: fine
    db.session.commit()
    with pytest.raises(IntegrityError):
        TagFactory(discovery=discovery, name="Cost", parent=barriers)
    db.session.rollback()
    with pytest.raises(IntegrityError):
        TagFactory(discovery=discovery, name="Barriers")
    db.session.rollback()


def test_deleting_a_discovery_deletes_all_of_its_evidence(any_db_app):
    discovery = DiscoveryFactory()
    participant = ParticipantFactory(discovery=discovery)
    note = notes.create_note(
        discovery,
        title="Home visit",
        body="P01 (00:00:05):\nThe carephone is brilliant.\n",
        participants=[participant],
    )
    tag = TagFactory(discovery=discovery)
    finding = findings.create_finding(
        note, note.body.index("The"), len(note.body) - 1, kind="positive", tags=[tag]
    )
    db.session.add(Theme(discovery_id=discovery.id, label="Technology-enabled care", findings=[finding]))
    db.session.commit()

    db.session.execute(sa.delete(Discovery).where(Discovery.id == discovery.id))
    db.session.commit()

    for model in (Participant, ResearchNote, Utterance, Finding, Tag, Theme):
        assert count(model) == 0, model.__name__


def test_deleting_a_participant_removes_their_findings_but_keeps_the_note(any_db_app):
    discovery = DiscoveryFactory()
    p1, p2 = (
        ParticipantFactory(discovery=discovery, pseudonym="P01"),
        ParticipantFactory(discovery=discovery, pseudonym="P02"),
    )
    body = "P01 (00:00:01):\nI never got a call back.\n\nP02 (00:00:09):\nMe neither, not once.\n"
    note = notes.create_note(discovery, title="Focus group", body=body, participants=[p1, p2])
    findings.create_finding(note, body.index("I never"), body.index("back.") + 5, kind="pain_point")
    findings.create_finding(note, body.index("Me neither"), body.index("once.") + 5, kind="quote")
    db.session.commit()

    db.session.execute(sa.delete(Participant).where(Participant.id == p1.id))
    db.session.commit()
    db.session.expire_all()

    remaining = db.session.scalars(sa.select(Finding)).all()
    assert [f.text for f in remaining] == ["Me neither, not once."]
    assert count(ResearchNote) == 1
    assert [p.pseudonym for p in db.session.get(ResearchNote, note.id).participants] == ["P02"]


def test_deleting_a_user_keeps_the_notes_they_wrote(any_db_app):
    researcher = UserFactory()
    note = NoteFactory(researcher=researcher)
    db.session.commit()
    db.session.execute(sa.delete(User).where(User.id == researcher.id))
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(ResearchNote, note.id).researcher_id is None


def test_an_authority_taking_part_in_a_discovery_cannot_be_deleted(any_db_app):
    council = AuthorityFactory()
    DiscoveryFactory(authorities=[council])
    db.session.commit()
    with pytest.raises(IntegrityError):
        db.session.execute(sa.delete(Authority).where(Authority.id == council.id))
        db.session.flush()
    db.session.rollback()


@pytest.mark.parametrize(
    ("model", "field", "value"),
    [
        (Finding, "kind", "rumour"),
        (Participant, "segment", "celebrity"),
        (ResearchNote, "method", "seance"),
    ],
)
def test_unknown_vocabulary_is_refused_by_the_database(any_db_app, model, field, value):
    factory = {Finding: None, Participant: ParticipantFactory, ResearchNote: NoteFactory}[model]
    if factory is None:
        note = NoteFactory()
        obj = Finding(
            discovery_id=note.discovery.id, note=note, start_offset=0, end_offset=3, text="I w", kind="quote"
        )
        db.session.add(obj)
    else:
        obj = factory()
    db.session.flush()
    setattr(obj, field, value)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_a_discovery_cannot_end_before_it_starts(any_db_app):
    with pytest.raises(IntegrityError):
        DiscoveryFactory(start_date=date(2026, 10, 1), end_date=date(2026, 9, 1))
    db.session.rollback()


def test_a_finding_must_cover_some_text(any_db_app):
    note = NoteFactory()
    db.session.add(
        Finding(
            discovery_id=note.discovery.id, note=note, start_offset=5, end_offset=5, text="", kind="quote"
        )
    )
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_two_stale_writes_to_one_discovery_do_not_both_win(any_db_app):
    discovery = DiscoveryFactory(title="Original")
    db.session.commit()
    assert discovery.version == 1
    db.session.execute(
        sa.update(Discovery).where(Discovery.id == discovery.id).values(title="Someone else's", version=2),
        execution_options={"synchronize_session": False},
    )
    discovery.title = "Mine"
    with pytest.raises(StaleDataError):
        db.session.flush()
    db.session.rollback()
