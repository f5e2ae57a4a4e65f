"""The demo discovery's summary: a published version leads can read at once, a draft that has
moved on since, and quotes in which the redaction step finds no personal data."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from discovery.core.services import discovery_by_slug
from discovery.demo.loader import load_demo
from discovery.extensions import db
from discovery.summaries import changes, services
from nlp.redact import find_personal_data
from research_notes.models import Participant, ParticipantIdentity

SLUG = "accessing-adult-social-care"


@pytest.fixture
def demo(app):
    load_demo()
    db.session.commit()
    return discovery_by_slug(SLUG)


def test_the_demo_has_a_published_version_and_a_draft_with_changes_since(demo):
    latest = services.latest_version(demo)
    assert latest is not None and latest.number == 1
    published = services.version_document(latest)
    assert published.narrative.text("key_messages", "cy"), "written in Welsh too"
    found = changes.compare(published, services.live_document(demo))
    assert not found.is_empty
    assert {(s.section, s.lang) for s in found.sections} >= {("key_messages", "en"), ("next_steps", "en")}


def test_every_quote_in_the_demo_summary_is_free_of_personal_data(demo):
    names = list(
        db.session.scalars(
            sa.select(ParticipantIdentity.real_name)
            .join(Participant)
            .where(Participant.discovery_id == demo.id)
        )
    )
    documents = [services.live_document(demo)]
    documents += [services.live_document(demo, a.code) for a in documents[0].authorities]
    version = services.latest_version(demo)
    documents += [services.version_document(version, code) for code in (None, "NPT", "TOR", "BG")]
    quotes = [q for document in documents for q in document.summary.quotes()]
    assert len(quotes) >= 10
    for quote in quotes:
        assert find_personal_data(quote.text, names) == [], quote.text
    quotable = {
        p.pseudonym for p in db.session.scalars(sa.select(Participant)) if "quotes" in (p.consent_scope or [])
    }
    assert {q.pseudonym for q in quotes} <= quotable


def test_a_lead_in_the_demo_reads_the_summary_at_once(demo, client):
    from discovery.demo.loader import demo_password

    page = client.get("/sign-in")
    from tests.support import csrf_token

    client.post(
        "/sign-in",
        data={
            "email": "catrin.hughes@torfaen.example.gov.wales",
            "password": demo_password(),
            "csrf_token": csrf_token(page.get_data(as_text=True)),
        },
    )
    home = client.get("/", follow_redirects=True)
    text = home.get_data(as_text=True)
    assert "Accessing adult social care" in text and "Version 1, published on" in text
