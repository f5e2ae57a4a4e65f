"""Publishing freezes a version; the draft moves on; a withdrawal amends versions that used the
participant, removing their quotes, with the date."""

from __future__ import annotations

import pytest

from discovery.core.columns import utcnow
from discovery.extensions import db
from discovery.summaries import services
from discovery.summaries.models import SummaryExport, SummaryVersion
from research_notes.participants import services as participants
from tests.integration.summaries.conftest import HOLD, RING_BACK, theme
from tests.support import audit_events, count


def _publish(world):
    version = services.publish(world.discovery, world.researcher)
    db.session.commit()
    return version


def test_a_published_version_is_numbered_and_frozen_with_date_author_and_counts(world):
    services.save_narrative(
        world.discovery, {"key_messages": "- Phones first"}, world.researcher, expected_version=0
    )
    first = _publish(world)
    assert first.number == 1 and first.published_by_name == "Rhian Evans"
    document = services.version_document(first)
    assert document.version.number == 1
    assert document.narrative.text("key_messages", "en") == "- Phones first"
    assert document.summary.research.findings == 7
    [event] = audit_events("summary_published")
    assert event.details["number"] == 1 and event.details["findings"] == 7

    theme(world, "A later theme", [HOLD])
    services.save_narrative(
        world.discovery, {"key_messages": "- Something new"}, world.researcher, expected_version=1
    )
    db.session.commit()
    frozen = services.version_document(services.version_or_404(world.discovery, 1))
    assert [t.label for t in frozen.summary.themes] == ["Phone queues", "Carers are not asked"]
    assert frozen.narrative.text("key_messages", "en") == "- Phones first"
    assert "A later theme" in [t.label for t in services.live_document(world.discovery).summary.themes]
    assert _publish(world).number == 2


def test_publishing_nothing_new_is_refused(world):
    _publish(world)
    with pytest.raises(services.NothingChangedError):
        services.publish(world.discovery, world.researcher)


def test_every_authority_is_frozen_in_the_version(world):
    version = _publish(world)
    torfaen = services.version_document(version, "TOR")
    assert torfaen.summary.scope.code == "TOR"
    assert torfaen.summary.research.participants == 2
    from werkzeug.exceptions import NotFound

    with pytest.raises(NotFound):
        services.version_document(version, "XYZ")


def test_a_stale_narrative_edit_is_refused_and_a_long_one_rejected(world):
    services.save_narrative(world.discovery, {"next_steps": "One"}, world.researcher, expected_version=0)
    db.session.commit()
    with pytest.raises(services.StaleNarrativeError):
        services.save_narrative(world.discovery, {"next_steps": "Two"}, world.researcher, expected_version=0)
    with pytest.raises(services.SummaryError):
        services.save_narrative(
            world.discovery,
            {"next_steps": "x" * (services.NARRATIVE_MAX + 1)},
            world.researcher,
            expected_version=1,
        )


def test_withdrawal_amends_the_published_version_and_removes_the_quotes(world):
    version = _publish(world)

    def p01_quotes(v) -> int:
        return sum(
            q.pseudonym == "P01"
            for code in (None, "TOR", "NPT", "BG")
            for q in services.version_document(v, code).summary.quotes()
        )

    before = p01_quotes(version)
    assert before >= 2, "quoted in the whole summary and in Torfaen's"
    services.save_export(world.discovery, "md", "summary.md", b"# quotes", world.researcher.id)
    db.session.commit()

    participants.withdraw_consent(world.resident, "Emailed the team", world.researcher)
    db.session.commit()
    db.session.expire_all()

    version = db.session.get(SummaryVersion, version.id)
    document = services.version_document(version)
    assert document.version.amended_on == utcnow().date()
    assert document.version.amendments[0].quotes_removed == before
    assert p01_quotes(version) == 0
    for code in (None, "TOR", "NPT"):
        quotes = services.version_document(version, code).summary.quotes()
        assert all(q.pseudonym != "P01" for q in quotes)
        assert all(q.text not in (HOLD, RING_BACK) for q in quotes)
    assert str(world.resident.id) not in version.participant_ids
    assert count(SummaryExport) == 0, "export files may hold the quotes"
    assert audit_events("summary_version_amended")


def test_withdrawing_someone_a_version_never_used_leaves_it_unamended(world, factories):
    version = _publish(world)
    later = factories.participant(discovery=world.discovery, pseudonym="P09", authority=world.npt)
    from tests.integration.summaries.conftest import _finding

    _finding(factories, world.discovery, later, "Joined after the version was published.")
    db.session.commit()
    participants.withdraw_consent(later, "Changed their mind", world.researcher)
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(SummaryVersion, version.id).amendments == []


def test_withdrawing_someone_counted_but_never_quoted_amends_the_version_and_says_so(world):
    version = _publish(world)
    participants.withdraw_consent(world.private, "By letter", world.researcher)
    db.session.commit()
    db.session.expire_all()
    document = services.version_document(db.session.get(SummaryVersion, version.id))
    assert [a.quotes_removed for a in document.version.amendments] == [0]
    from discovery.summaries.exports import words

    assert "quoted none of their words, and its counts are as published" in words.version_lines(document)[1]
