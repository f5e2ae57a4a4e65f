"""The demo discovery's content is consistent: every quote is in its note, every key is known.

These run without an app. A failure here means `flask demo-data` would load evidence that does
not trace back to its source, which is the one thing the product promises.
"""

import re
from collections import Counter, defaultdict

from discovery.core.vocab import (
    AGE_BANDS,
    CHANNELS,
    CONSENT_SCOPES,
    DIGITAL_CONFIDENCE,
    FINDING_KINDS,
    JOURNEY_STAGES,
    LANGUAGES,
    METHODS,
    PHASES,
    ROLES,
    SEGMENTS,
    TAG_COLOURS,
)
from discovery.demo import content
from discovery.demo.content import (
    AUTHORITIES,
    CODEBOOK,
    END,
    NOTES,
    PARTICIPANTS,
    START,
    USERS,
)

SPEAKER_LINE = re.compile(r"^.+ \(\d\d:\d\d:\d\d\):$", re.MULTILINE)
UK_PHONE = re.compile(r"(?:\+44\s?|\b0)\d(?:[\s-]?\d){8,9}\b")
EMAIL_DOMAINS = (
    "@discovery.example",
    "@npt.example.gov.wales",
    "@torfaen.example.gov.wales",
    "@blaenau-gwent.example.gov.wales",
    "@cadwyn.example.com",
)

PARTICIPANTS_BY_PSEUDONYM = {p.pseudonym: p for p in PARTICIPANTS}
TAG_NAMES = {t.name for t in CODEBOOK}
COUNCILS = {a.code for a in AUTHORITIES if a.kind == "council"}


def _councils_of(note):
    return {PARTICIPANTS_BY_PSEUDONYM[p].authority_code for p in note.participants}


def test_discovery_fields_are_set():
    assert content.DISCOVERY_TITLE == "Accessing adult social care"
    assert content.SERVICE
    assert content.PROBLEM_STATEMENT.startswith("People who need care and support")
    assert content.PHASE in PHASES
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", content.SLUG)
    assert START.year == END.year == 2026
    assert START < END


def test_three_councils_and_one_partner():
    assert sorted(a.code for a in AUTHORITIES) == ["BG", "NPT", "PART", "TOR"]
    assert {"NPT", "TOR", "BG"} == COUNCILS
    assert [a.kind for a in AUTHORITIES].count("partner") == 1
    assert all(a.name and a.name_cy and a.name != a.name_cy for a in AUTHORITIES)


def test_users_are_fictional_and_belong_to_known_authorities():
    emails = [u.email for u in USERS]
    assert len(emails) == len(set(emails))
    codes = {a.code for a in AUTHORITIES}
    for user in USERS:
        assert user.role in ROLES
        assert user.email.endswith(EMAIL_DOMAINS), user.email
        assert set(user.authority_codes) <= codes
    assert {u.role for u in USERS} == set(ROLES)


def test_demo_sign_in_is_a_researcher_in_all_three_councils():
    (demo,) = [u for u in USERS if u.email == "researcher@discovery.example"]
    assert demo.role == "researcher"
    assert set(demo.authority_codes) == COUNCILS


def test_enough_participants_in_every_segment_and_council():
    assert len(PARTICIPANTS) >= 15
    assert {p.segment for p in PARTICIPANTS} == set(SEGMENTS)
    assert {p.authority_code for p in PARTICIPANTS} == COUNCILS
    by_council = Counter(p.authority_code for p in PARTICIPANTS)
    assert min(by_council.values()) >= 5


def test_pseudonyms_are_unique_and_numbered():
    pseudonyms = [p.pseudonym for p in PARTICIPANTS]
    assert len(pseudonyms) == len(set(pseudonyms))
    assert all(re.fullmatch(r"P\d\d", p) for p in pseudonyms)


def test_participant_attributes_use_the_vocabulary():
    for p in PARTICIPANTS:
        assert p.segment in SEGMENTS
        assert p.age_band is None or p.age_band in AGE_BANDS
        assert p.digital_confidence is None or p.digital_confidence in DIGITAL_CONFIDENCE
        assert p.preferred_language in LANGUAGES
        assert p.consent_scope and set(p.consent_scope) <= set(CONSENT_SCOPES)
        assert "notes" in p.consent_scope, "a note cannot be kept without consent to notes"
        assert START <= p.consent_date <= END


def test_participants_are_varied():
    assert len({p.age_band for p in PARTICIPANTS}) >= 5
    assert {p.digital_confidence for p in PARTICIPANTS} >= set(DIGITAL_CONFIDENCE)
    assert any(p.preferred_language == "cy" for p in PARTICIPANTS)
    assert sum(bool(p.access_needs) for p in PARTICIPANTS) >= 4
    assert sum(set(p.consent_scope) != set(CONSENT_SCOPES) for p in PARTICIPANTS) >= 3


def test_codebook_is_a_hierarchy_of_unique_tags():
    names = [t.name for t in CODEBOOK]
    assert len(names) == len(set(names))
    assert 20 <= len(CODEBOOK) <= 30
    for tag in CODEBOOK:
        assert tag.colour in TAG_COLOURS
        assert tag.description
        if tag.parent is not None:
            assert tag.parent in TAG_NAMES
            assert tag.parent != tag.name
    parents = {t.parent for t in CODEBOOK if t.parent}
    assert len(parents) >= 5


def test_enough_notes_with_unique_keys_and_titles():
    assert len(NOTES) >= 20
    keys = [n.key for n in NOTES]
    titles = [n.title for n in NOTES]
    assert len(keys) == len(set(keys))
    assert len(titles) == len(set(titles))
    assert all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", k) for k in keys)


def test_at_least_eight_notes_are_timestamped_transcripts():
    transcripts = [n for n in NOTES if SPEAKER_LINE.search(n.body)]
    assert len(transcripts) >= 8


def test_transcript_speakers_are_researchers_or_note_participants():
    for note in NOTES:
        for line in SPEAKER_LINE.findall(note.body):
            speaker = line.rsplit(" (", 1)[0]
            assert speaker in {"Researcher", "Ymchwilydd", *note.participants}, (note.key, line)


def test_notes_use_the_vocabulary_and_fall_within_the_discovery():
    researchers = {u.email for u in USERS if u.role == "researcher"}
    for note in NOTES:
        assert note.method in METHODS
        assert note.channel in CHANNELS
        assert note.language in LANGUAGES
        assert note.researcher_email in researchers
        assert START <= note.held_on <= END, note.key


def test_every_note_participant_exists_and_had_consented_by_then():
    for note in NOTES:
        assert note.participants, note.key
        for pseudonym in note.participants:
            participant = PARTICIPANTS_BY_PSEUDONYM[pseudonym]
            assert participant.consent_date <= note.held_on, (note.key, pseudonym)


def test_every_participant_appears_in_a_note():
    seen = {p for note in NOTES for p in note.participants}
    assert seen == set(PARTICIPANTS_BY_PSEUDONYM)


def test_notes_cover_every_method_and_council():
    assert {n.method for n in NOTES} == set(METHODS)
    for council in COUNCILS:
        assert sum(council in _councils_of(n) for n in NOTES) >= 6


def test_a_welsh_note_with_a_welsh_speaker():
    welsh = [n for n in NOTES if n.language == "cy"]
    assert welsh
    for note in welsh:
        assert any(PARTICIPANTS_BY_PSEUDONYM[p].preferred_language == "cy" for p in note.participants)


def test_note_lengths():
    words = [len(n.body.split()) for n in NOTES]
    assert all(250 <= w <= 900 for w in words), dict(zip([n.key for n in NOTES], words, strict=True))
    assert 12_000 <= sum(words) <= 16_000


def test_note_bodies_hold_no_contact_details():
    for note in NOTES:
        assert "@" not in note.body, note.key
        assert not UK_PHONE.search(note.body), (note.key, UK_PHONE.search(note.body))


def test_every_finding_quote_occurs_verbatim_in_its_note():
    for note in NOTES:
        assert 3 <= len(note.findings) <= 7, note.key
        for finding in note.findings:
            assert finding.quote in note.body, (note.key, finding.quote)
            assert finding.quote == finding.quote.strip()
            assert not SPEAKER_LINE.search(finding.quote), (note.key, finding.quote)


def test_findings_use_the_codebook_and_vocabulary():
    for note in NOTES:
        for finding in note.findings:
            assert finding.kind in FINDING_KINDS
            assert finding.tags, (note.key, finding.quote)
            assert set(finding.tags) <= TAG_NAMES, (note.key, finding.tags)
            assert finding.journey_stage is None or finding.journey_stage in JOURNEY_STAGES


def test_findings_in_a_note_are_distinct():
    for note in NOTES:
        quotes = [f.quote for f in note.findings]
        assert len(quotes) == len(set(quotes)), note.key


def test_quote_findings_only_from_participants_who_agreed_to_quotes():
    for note in NOTES:
        if any(f.kind == "quote" for f in note.findings):
            for pseudonym in note.participants:
                assert "quotes" in PARTICIPANTS_BY_PSEUDONYM[pseudonym].consent_scope, note.key


def test_main_themes_recur_across_councils():
    councils_by_tag = defaultdict(set)
    for note in NOTES:
        for finding in note.findings:
            for tag in finding.tags:
                councils_by_tag[tag] |= _councils_of(note)
    themes = [
        "Cost",
        "Digital skills",
        "Confidence",
        "Connectivity",
        "Finding information",
        "Jargon",
        "Phone queues",
        "Repeating the story",
        "Waiting times",
        "Carer's assessment",
        "Face to face",
        "Trusted people",
        "Pilots",
        "Staff confidence",
        "Out of hours",
    ]
    for theme in themes:
        assert councils_by_tag[theme] == COUNCILS, (theme, councils_by_tag[theme])


def test_every_tag_is_used_and_every_stage_has_evidence():
    used = {tag for n in NOTES for f in n.findings for tag in f.tags}
    leaves = {t.name for t in CODEBOOK} - {t.parent for t in CODEBOOK if t.parent}
    assert leaves <= used, leaves - used
    stages = {f.journey_stage for n in NOTES for f in n.findings}
    assert set(JOURNEY_STAGES) <= stages
    kinds = {f.kind for n in NOTES for f in n.findings}
    assert kinds == set(FINDING_KINDS)
