"""Full-text search and filters find the right findings and notes, on SQLite and PostgreSQL."""

from __future__ import annotations

from discovery.extensions import db
from research_notes.findings import search
from research_notes.findings import services as findings
from research_notes.notes import services as notes
from tests.factories import AuthorityFactory, DiscoveryFactory, ParticipantFactory, TagFactory


def _discovery_with_findings():
    npt = AuthorityFactory(code="NPT", name="Neath Port Talbot Council")
    tor = AuthorityFactory(code="TOR", name="Torfaen County Borough Council")
    discovery = DiscoveryFactory(authorities=[npt, tor])
    carer = ParticipantFactory(discovery=discovery, pseudonym="P01", segment="unpaid_carer", authority=npt)
    resident = ParticipantFactory(discovery=discovery, pseudonym="P02", segment="resident", authority=tor)
    barriers = TagFactory(discovery=discovery, name="Barriers")
    phones = TagFactory(discovery=discovery, name="Phone queues", parent=barriers)
    cost = TagFactory(discovery=discovery, name="Cost", parent=barriers)
    body = (
        "P01 (00:00:10):\nI rang the Gateway team three times and waited forty minutes on hold.\n\n"
        "P02 (00:01:00):\nMobile data costs too much, so I only go online at the library.\n\n"
        "P01 (00:02:00):\nNobody told me I could have a carer's assessment.\n"
    )
    note = notes.create_note(
        discovery, title="Carers' focus group", body=body, participants=[carer, resident]
    )
    quotes = {
        "hold": (
            "I rang the Gateway team three times and waited forty minutes on hold.",
            "pain_point",
            [phones],
        ),
        "data": ("Mobile data costs too much, so I only go online at the library.", "pain_point", [cost]),
        "assessment": ("Nobody told me I could have a carer's assessment.", "need", []),
    }
    made = {}
    for key, (quote, kind, tags) in quotes.items():
        start = body.index(quote)
        made[key] = findings.create_finding(note, start, start + len(quote), kind=kind, tags=tags)
    db.session.commit()
    return discovery, made, {"barriers": barriers, "phones": phones, "npt": npt}


def _texts(discovery, **filters) -> set[str]:
    page = search.page_of_findings(discovery, search.FindingFilters(**filters))
    return {f.text[:20] for f in page.items}


def test_words_match_as_prefixes_and_phrases_exactly(any_db_app):
    discovery, made, _ = _discovery_with_findings()
    assert _texts(discovery, q="wait hold") == {made["hold"].text[:20]}
    assert _texts(discovery, q='"carer\'s assessment"') == {made["assessment"].text[:20]}
    assert _texts(discovery, q='"assessment carer"') == set()
    assert _texts(discovery, q="LIBRARY") == {made["data"].text[:20]}


def test_search_syntax_characters_are_safe(any_db_app):
    discovery, _, _ = _discovery_with_findings()
    for hostile in [
        '"',
        "*",
        "AND",
        "NEAR(",
        "'); DROP TABLE findings; --",
        "hold OR",
        "(((",
        ":*",
        "\\",
        "%_",
    ]:
        search.page_of_findings(discovery, search.FindingFilters(q=hostile))  # must not raise
    assert search.search_notes(discovery, "'); DROP TABLE research_notes; --")[0] == 0


def test_a_parent_tag_filter_includes_its_sub_tags(any_db_app):
    discovery, made, tags = _discovery_with_findings()
    assert len(_texts(discovery, tag_ids=(tags["barriers"].id,))) == 2
    assert _texts(discovery, tag_ids=(tags["phones"].id,)) == {made["hold"].text[:20]}


def test_filters_combine_kind_segment_and_authority(any_db_app):
    discovery, made, tags = _discovery_with_findings()
    assert _texts(discovery, kinds=("need",)) == {made["assessment"].text[:20]}
    assert len(_texts(discovery, segments=("unpaid_carer",))) == 2
    assert _texts(discovery, authority_ids=(tags["npt"].id,), kinds=("pain_point",)) == {
        made["hold"].text[:20]
    }


def test_editing_a_note_updates_the_search_index(any_db_app):
    discovery, _, _ = _discovery_with_findings()
    total, hits = search.search_notes(discovery, "Gateway")
    assert total == 1
    note = hits[0][0]
    note.body = note.body.replace("Gateway team", "front door service")
    db.session.commit()
    assert search.search_notes(discovery, "Gateway")[0] == 0
    assert search.search_notes(discovery, '"front door"')[0] == 1


def test_findings_of_another_discovery_are_never_found(any_db_app):
    discovery, _, _ = _discovery_with_findings()
    other = DiscoveryFactory()
    db.session.commit()
    assert search.page_of_findings(other, search.FindingFilters(q="hold")).total == 0
    assert search.search_notes(other, "hold")[0] == 0
