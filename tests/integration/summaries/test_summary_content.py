"""What a summary says, built from the evidence: quotes only where consent and redaction allow,
counts per authority, the comparison, gaps, and what it says when something does not exist."""

from __future__ import annotations

from discovery.extensions import db
from discovery.summaries import services
from research_notes.participants import services as participants
from tests.integration.summaries.conftest import CARER, HOLD, NAMED, PRIVATE, QUEUE, RING_BACK


def _theme(document, label):
    return next(t for t in document.summary.themes if t.label == label)


def test_themes_are_ordered_by_evidence_strength_with_counts(world):
    document = services.live_document(world.discovery)
    assert [t.label for t in document.summary.themes] == ["Phone queues", "Carers are not asked"]
    phones = _theme(document, "Phone queues")
    assert (phones.strength.findings, phones.strength.participants, phones.strength.authorities) == (5, 3, 2)
    assert phones.description == "Phone queues: what people told us."


def test_quotes_come_only_from_participants_whose_consent_covers_quotes(world):
    quotes = _theme(services.live_document(world.discovery), "Phone queues").quotes
    texts = [q.text for q in quotes]
    assert PRIVATE not in texts, "P03 agreed to notes only"
    assert {q.pseudonym for q in quotes} <= {"P01", "P02"}
    assert 2 <= len(quotes) <= 3
    # The finding still counts: consent covers analysis.
    assert _theme(services.live_document(world.discovery), "Phone queues").strength.participants == 3


def test_a_quote_that_names_someone_is_never_used(world):
    quotes = _theme(services.live_document(world.discovery), "Phone queues").quotes
    assert NAMED not in [q.text for q in quotes]
    assert all("Siân" not in q.text for q in quotes)


def test_quotes_prefer_different_people_and_are_pseudonymised(world):
    quotes = _theme(services.live_document(world.discovery), "Phone queues").quotes
    assert quotes[0].pseudonym != quotes[1].pseudonym
    by_text = {q.text: q for q in quotes}
    if QUEUE in by_text:
        assert (by_text[QUEUE].segment, by_text[QUEUE].authority_code) == ("unpaid_carer", "NPT")


def test_no_participant_whose_consent_covers_quotes_means_no_quotes_and_a_gap(world):
    for person in (world.resident, world.carer):
        person.consent_scope = ["notes"]
    db.session.commit()
    summary = services.live_document(world.discovery).summary
    assert summary.quotes() == []
    assert "no_quotes" in [g.kind for g in summary.gaps]
    assert summary.themes[0].strength.findings == 5


def test_an_authority_summary_counts_its_own_participants_only(world):
    torfaen = services.live_document(world.discovery, "TOR").summary
    assert torfaen.scope.code == "TOR"
    assert [t.label for t in torfaen.themes] == ["Phone queues"], "no Torfaen participant spoke about carers"
    phones = torfaen.themes[0]
    assert (phones.strength.findings, phones.strength.participants, phones.strength.authorities) == (4, 2, 1)
    assert {q.authority_code for q in phones.quotes} == {"TOR"}
    assert torfaen.research.participants == 2
    assert torfaen.research.findings == 4
    assert [line.authority.code for line in torfaen.research.authorities] == ["TOR"]


def test_an_authority_with_no_participants_is_reported_as_thin_evidence(world):
    summary = services.live_document(world.discovery).summary
    thin = [g for g in summary.gaps if g.kind == "authority_thin"]
    assert {g.subject for g in thin} == {"BG", "NPT", "TOR"}, "each has fewer than 3 participants"
    assert next(g for g in thin if g.subject == "BG").have == 0
    blaenau = services.live_document(world.discovery, "BG").summary
    assert blaenau.themes == [] and blaenau.research.participants == 0


def test_the_comparison_counts_each_authoritys_participants_in_each_theme(world):
    comparison = services.live_document(world.discovery).comparison
    assert [a.code for a in comparison.authorities] == ["BG", "NPT", "TOR"]
    phones = next(r for r in comparison.rows if r.label == "Phone queues")
    cells = {a.code: cell for a, cell in zip(comparison.authorities, phones.cells, strict=True)}
    assert (cells["TOR"].participants, cells["TOR"].base, cells["TOR"].share) == (2, 2, 1.0)
    assert (cells["NPT"].participants, cells["NPT"].base) == (1, 1)
    assert (cells["BG"].participants, cells["BG"].base, cells["BG"].share) == (0, 0, 0.0)


def test_unknown_authority_code_is_not_found(world):
    import pytest
    from werkzeug.exceptions import NotFound

    with pytest.raises(NotFound):
        services.live_document(world.discovery, "XYZ")


def test_research_questions_needs_backlog_and_targets_are_reported(planned):
    summary = services.live_document(planned.discovery).summary
    assert [(q.text, q.themes) for q in summary.questions] == [
        ("How do people first contact the council?", ["Phone queues"]),
        ("What do unpaid carers need?", []),
    ]
    assert [(n.status, n.strength.findings) for n in summary.needs] == [("validated", 1)]
    assert [(b.title, b.priority) for b in summary.backlog] == [("Ring people back", "must")]
    segments = {s.segment: (s.participants, s.target) for s in summary.research.segments}
    assert segments == {"resident": (2, 2), "unpaid_carer": (1, 4)}
    under = [g for g in summary.gaps if g.kind == "segment_under_target"]
    assert [(g.subject, g.have, g.want) for g in under] == [("unpaid_carer", 1, 4)]


def test_a_discovery_with_no_accepted_themes_has_an_empty_but_valid_summary(world):
    for theme in (world.phones, world.carers):
        theme.status = "rejected"
    db.session.commit()
    document = services.live_document(world.discovery)
    assert document.summary.themes == []
    assert document.comparison.rows == []
    assert document.summary.research.findings == 7


def test_a_withdrawn_participant_disappears_from_the_draft_at_once(world):
    participants.withdraw_consent(world.resident, "Asked by phone", world.researcher)
    db.session.commit()
    summary = services.live_document(world.discovery).summary
    phones = next(t for t in summary.themes if t.label == "Phone queues")
    assert (phones.strength.findings, phones.strength.participants) == (2, 2)
    assert all(q.pseudonym != "P01" for q in phones.quotes)
    assert HOLD not in [q.text for q in summary.quotes()] and RING_BACK not in [
        q.text for q in summary.quotes()
    ]
    assert summary.research.participants == 2
    assert CARER in [q.text for q in summary.quotes()]
