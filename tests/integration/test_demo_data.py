"""`flask demo-data` loads the demo from its data files through the import path, once, however
often it runs."""

from __future__ import annotations

import shutil
from collections import Counter

import sqlalchemy as sa

from discovery.core.models import AuditEvent, Authority, Discovery, User
from discovery.demo.loader import demo_password
from discovery.demo.manifest import data_dir
from discovery.extensions import db
from research_notes.models import Finding, Participant, ResearchNote, Tag, Utterance
from tests.support import count, post_form, soup

pytest_plugins = ["tests.demo_fixtures"]  # demo_app, demo_app_per_test

MODELS = (Authority, User, Discovery, Participant, Tag, ResearchNote, Utterance, Finding, AuditEvent)
SLUG = "accessing-adult-social-care"


def counts() -> dict[str, int]:
    return {m.__name__: count(m) for m in MODELS}


def demo_discovery() -> Discovery:
    return db.session.scalar(sa.select(Discovery).where(Discovery.slug == SLUG))


def test_loading_the_demo_twice_creates_nothing_new_and_says_so(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo-data"])
    assert first.exit_code == 0, first.output
    assert (
        "notes: 25, findings: 169, research questions: 4, hypotheses and assumptions: 3, "
        "sample targets: 6, theme runs: 1, reviewed themes: 6, user needs: 4, "
        "journey maps: 1, journey entries: 48, backlog items: 6, published summary versions: 1."
        in first.output
    )
    assert "INFO" not in first.output
    after_first = counts()
    second = runner.invoke(args=["demo-data"])
    assert second.exit_code == 0, second.output
    assert "created nothing new (already loaded)" in second.output
    assert counts() == after_first


def test_the_demo_has_its_participants_notes_findings_and_codebook(demo_app):
    assert count(Participant) == 25
    assert count(ResearchNote) == 25
    assert count(Finding) == 169
    assert count(Tag) == 25
    assert db.session.scalars(sa.select(Tag).where(Tag.name_cy == "")).all() == [], (
        "every tag has a Welsh name"
    )
    phone = db.session.scalar(sa.select(Tag).where(Tag.name == "Phone queues"))
    assert (phone.name_cy, phone.description_cy.split(",")[0]) == ("Ciwiau ffôn", "Aros ar y ffôn")
    discovery = demo_discovery()
    assert {a.code for a in discovery.authorities} == {"NPT", "TOR", "BG", "PART"}
    segments = set(db.session.scalars(sa.select(Participant.segment)))
    assert segments >= {"resident", "unpaid_carer", "social_worker", "provider", "council_staff"}
    welsh = db.session.scalars(sa.select(ResearchNote).where(ResearchNote.language == "cy")).all()
    assert [n.source_filename for n in welsh] == ["npt-p03-cyfweliad.txt"]


def test_the_demo_has_a_partly_reviewed_theme_run_and_user_needs(demo_app):
    from discovery.needs.models import UserNeed
    from discovery.needs.services import named_solutions
    from discovery.themes.models import ClusterRun, Theme, ThemeChange

    assert count(ClusterRun) == 1
    statuses = Counter(db.session.scalars(sa.select(Theme.status)))
    assert statuses["accepted"] == 5 and statuses["rejected"] == 1 and statuses["merged"] >= 1
    assert statuses["suggested"] >= 5, "the squad has themes left to review"
    labels = set(db.session.scalars(sa.select(Theme.label).where(Theme.status == "accepted")))
    assert "Long waits on the phone, and nobody rings back" in labels
    assert count(ThemeChange) >= 12, "each accept, rename, merge and reject is in the themes' history"
    needs = db.session.scalars(sa.select(UserNeed)).all()
    assert len(needs) == 4 and all(need.findings for need in needs)
    assert [named_solutions(n) for n in needs if named_solutions(n)] == [("app",)]
    assert sum(1 for n in needs if n.themes) == 3


def test_the_demo_has_a_backlog_with_evidence_and_one_item_without(demo_app):
    from discovery.backlog import services as backlog

    discovery = db.session.scalar(sa.select(Discovery).where(Discovery.slug == SLUG))
    rows = backlog.rows(discovery)
    assert [r.item.number for r in rows][:2] == [1, 2], "the must-haves come first"
    assert {r.item.priority for r in rows} == {"must", "should", "could", "wont"}
    assert [r.item.title for r in rows if r.evidence.is_empty] == [
        "Try a chatbot on the adult social care pages"
    ]
    assert sum(1 for r in rows if r.needs) == 3 and sum(1 for r in rows if r.themes) == 4
    refs = sorted(r.item.external_ref for r in rows if r.item.external_ref)
    assert refs[0] == "ASC-112" and refs[1].startswith("https://")


def test_the_demo_notes_went_through_every_importer(demo_app):
    formats = Counter(db.session.scalars(sa.select(ResearchNote.source_format)))
    assert formats == {"speaker_timestamp": 7, "vtt": 2, "srt": 2, "docx": 2, "text": 7, "markdown": 5}
    audited = db.session.scalars(sa.select(AuditEvent.action).where(AuditEvent.action == "note_imported"))
    assert len(audited.all()) == 25


def test_meeting_tool_names_are_replaced_by_pseudonyms(demo_app):
    note = db.session.scalar(
        sa.select(ResearchNote).where(ResearchNote.source_filename == "npt-p02-interview.vtt")
    )
    assert "Rhian Powell" not in note.body and "Gareth Morgan" not in note.body
    assert {u.speaker for u in note.utterances} == {"Researcher", "P02"}
    assert {u.participant.pseudonym for u in note.utterances if u.participant} == {"P02"}
    assert [p.pseudonym for p in note.participants] == ["P02"]


def test_demo_transcripts_are_split_into_speaker_turns_linked_to_participants(demo_app):
    turns = db.session.scalars(sa.select(Utterance).where(Utterance.start_seconds.is_not(None))).all()
    assert len(turns) > 100
    for utterance in turns:
        assert utterance.note.body[utterance.char_start : utterance.char_end] == utterance.text
        if utterance.speaker != "Researcher" and utterance.speaker != "Ymchwilydd":
            assert utterance.participant is not None
            assert utterance.participant.pseudonym == utterance.speaker


def test_every_demo_finding_quotes_its_note_exactly_and_most_have_a_participant(demo_app):
    findings = db.session.scalars(sa.select(Finding)).all()
    for finding in findings:
        assert finding.note.body[finding.start_offset : finding.end_offset] == finding.text
        assert finding.tags
    assert sorted(f.comment for f in findings if f.comment)[0].startswith("Ask the contact centre")
    attributed = sum(1 for f in findings if f.participant_id is not None)
    assert attributed / len(findings) > 0.9


def test_the_demo_findings_appear_on_the_findings_page(demo_app):
    client = demo_app.test_client()
    post_form(client, "/sign-in", {"email": "researcher@discovery.example", "password": demo_password()})
    discovery = demo_discovery()
    page = soup(client.get(f"/discoveries/{discovery.id}/findings?q=whistles"))
    assert "I can't hear it properly on the phone, see, with the hearing aid it whistles." in page.get_text()
    everything = soup(client.get(f"/discoveries/{discovery.id}/findings")).get_text()
    assert "169" in everything


def test_the_demo_prints_how_to_sign_in(app):
    result = app.test_cli_runner().invoke(args=["demo-data"])
    assert "Demo sign-ins:" in result.output
    assert "researcher@discovery.example  (researcher)" in result.output
    assert f"password for all of them: {demo_password()}" in result.output


def test_a_highlight_not_in_its_note_stops_the_load_naming_the_file_and_entry(app, tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(data_dir(), data)
    manifest = data / "manifest.toml"
    text = manifest.read_text(encoding="utf-8")
    quote = "Then I was holding on for, oh, forty minutes?"
    manifest.write_text(text.replace(quote, quote.replace("forty", "fifty")), encoding="utf-8")
    monkeypatch.setattr("discovery.demo.manifest.data_dir", lambda: data)

    result = app.test_cli_runner().invoke(args=["demo-data"])

    assert result.exit_code != 0
    assert "highlights[1] (note 'npt-p01-interview'" in result.output
    assert "is not in the note imported from notes/npt-p01-interview.txt" in result.output
    assert count(ResearchNote) == 0 and count(Participant) == 0


def test_a_squad_edit_to_a_demo_note_is_kept_when_the_demo_is_loaded_again(demo_app_per_test):
    note = db.session.scalar(
        sa.select(ResearchNote).where(ResearchNote.source_filename == "npt-p01-interview.txt")
    )
    finding = db.session.scalar(
        sa.select(Finding).where(Finding.note_id == note.id, Finding.text.startswith("Then I was holding"))
    )
    db.session.delete(finding)
    note.body = note.body.replace("oh, forty minutes?", "oh, half an hour?")
    db.session.commit()

    result = demo_app_per_test.test_cli_runner().invoke(args=["demo-data"])

    assert result.exit_code == 0, result.output
    assert "created nothing new" in result.output
    assert "1 highlight was not added" in result.output
    assert "half an hour" in db.session.get(ResearchNote, note.id).body


def test_the_demo_has_a_journey_map_whose_entries_cite_findings(demo_app):
    from discovery.journeys import services as journeys
    from discovery.journeys.models import JourneyMap

    journey_map = db.session.scalar(sa.select(JourneyMap))
    assert journey_map.title == "Accessing adult social care"
    view = journeys.map_view(journey_map)
    assert [(s.stage.name, s.stage.stage_key) for s in view.stages] == [
        ("First contact", None),
        ("Finding information", "finding_out"),
        ("Contacting the council", "first_contact"),
        ("Assessment", "assessment"),
        ("Care and support plan", "arranging_care"),
        ("Review", "review"),
    ]
    full = [s for s in view.stages if all(s.lanes[lane] for lane in s.lanes)]
    assert len(full) >= 4
    entries = [e for s in view.stages for lane in s.lanes.values() for e in lane]
    assert all(e.findings for e in entries if e.entry.basis == "evidenced")
    assert any(e.entry.basis == "assumed" and not e.findings for e in entries)
    curve = journeys.curve(view)
    assert len({p.score for p in curve.points}) >= 4 and all(p.score is not None for p in curve.points)
    assert view.strength.authorities == 3 and view.strength.findings >= 40


def test_the_demo_has_a_research_plan_with_targets_met_and_missed(demo_app):
    from discovery.plan import services as plan

    discovery = demo_discovery()
    assert len(plan.questions(discovery)) == 4
    assert [(h.kind, h.status) for h in plan.hypotheses(discovery)] == [
        ("hypothesis", "supported"),
        ("assumption", "not_supported"),
        ("hypothesis", "untested"),
    ]
    progress = {row.segment: (row.participants, row.target, row.met) for row in plan.progress(discovery)}
    assert progress == {
        "resident": (9, 8, True),
        "unpaid_carer": (6, 6, True),
        "social_worker": (3, 3, True),
        "provider": (2, 4, False),
        "council_staff": (3, 3, True),
        "third_sector": (2, 3, False),
    }
