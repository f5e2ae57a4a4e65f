"""Summaries on SQLite and PostgreSQL: the narrative's stale check, publishing with its numbered
versions and frozen JSON, the question-theme links, and a withdrawal amending a version."""

from __future__ import annotations

import pytest

from discovery.extensions import db
from discovery.plan import services as plan
from discovery.summaries import services
from discovery.summaries.models import SummaryVersion
from discovery.themes.review import create_theme
from research_notes.notes import services as notes
from research_notes.participants import services as participants
from tests.factories import ALL_FACTORIES as F

pytestmark = pytest.mark.usefixtures("any_db_app")


def test_narrative_publishing_links_and_amendment():
    council = F.authority(code="TOR", name="Torfaen County Borough Council")
    user = F.user(role="researcher", authorities=[council])
    discovery = F.discovery(members=[user], authorities=[council])
    people = [
        F.participant(discovery=discovery, pseudonym=f"P0{n}", segment="resident", authority=council)
        for n in (1, 2)
    ]
    found = []
    for person, text in zip(people, ("I waited an hour on the phone.", "Nobody rang me back."), strict=True):
        note = notes.create_note(discovery, title=text, body=text, participants=[person])
        found.append(F.finding(note=note, discovery_id=discovery.id, participant=person, text=text))
    create_theme(discovery, "Phone queues", "", [f.id for f in found], user)
    question = plan.add_question(discovery, "Why?", user)
    db.session.commit()

    services.save_narrative(
        discovery, {"key_messages": "Phones", "key_messages_cy": "Ffonau"}, user, expected_version=0
    )
    db.session.commit()
    with pytest.raises(services.StaleNarrativeError):
        services.save_narrative(discovery, {"key_messages": "Later"}, user, expected_version=0)
    db.session.rollback()
    theme_id = services.accepted_themes(discovery)[0].id
    services.set_question_themes(discovery, question, [theme_id], user)
    first = services.publish(discovery, user)
    db.session.commit()
    assert first.number == 1
    document = services.version_document(first, "TOR")
    assert document.narrative.text("key_messages", "cy") == "Ffonau"
    assert document.summary.questions[0].themes == ["Phone queues"]
    assert {q.pseudonym for q in services.version_document(first).summary.quotes()} == {"P01", "P02"}

    participants.withdraw_consent(people[0], "By email", user)
    db.session.commit()
    db.session.expire_all()
    first = db.session.get(SummaryVersion, first.id)
    assert len(first.amendments) == 1
    assert {q.pseudonym for q in services.version_document(first).summary.quotes()} == {"P02"}
    assert services.publish(discovery, user).number == 2
    db.session.commit()
    assert [v.number for v in services.versions(discovery)] == [2, 1]
