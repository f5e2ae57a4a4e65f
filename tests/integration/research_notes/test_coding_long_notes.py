"""Coding a long transcript: the panel at the turn, saving back to the passage, moving around
the note, tags typed by name, suggestions from the discovery's own codebook, and highlights and
findings that can be read in context."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup

from discovery.extensions import db
from research_notes.findings import coding
from research_notes.findings.forms import HighlightForm
from research_notes.models import Finding, Tag, TagSuggestionOutcome
from research_notes.notes import services as notes
from research_notes.tags import suggestions
from tests.integration.research_notes.test_tag_suggestions import TOPICS
from tests.support import count, csrf_token, error_summary, form_data, notification, post_form, soup


def _transcript(turns: int) -> str:
    parts = []
    for n in range(turns):
        minutes, seconds = divmod(n * 40, 60)
        speaker = "Researcher" if n % 2 == 0 else "P26"
        words = (
            f"Question {n}: what happened next?"
            if speaker == "Researcher"
            else f"Turn {n} was hard. I rang the council about my mother. Nobody called back on day {n}."
        )
        parts.append(f"{speaker} (00:{minutes:02d}:{seconds:02d}):\n{words}\n")
    return "\n".join(parts)


def _setup(factories, user, turns=111):
    discovery = factories.discovery(members=[user])
    participant = factories.participant(discovery=discovery, pseudonym="P26", segment="unpaid_carer")
    tag = factories.tag(discovery=discovery, name="Phone queues")
    note = notes.create_note(
        discovery, title="Webinar with carers", body=_transcript(turns), participants=[participant]
    )
    db.session.commit()
    return discovery, note, tag


def _errors(response) -> str:
    return " ".join(text for text, _href in error_summary(response))


def _url(discovery, note, suffix=""):
    return f"/discoveries/{discovery.id}/notes/{note.id}/highlight{suffix}"


def test_code_this_turn_opens_the_panel_at_that_turn_without_javascript(client, factories, signed_in):
    user = signed_in("researcher")
    discovery, note, _tag = _setup(factories, user)
    page = soup(client.get(_url(discovery, note, "?turn=101")))
    panel = page.select_one("#code-panel")
    assert panel is not None
    assert panel.find_parent(class_="app-utterance")["id"] == "u-101"
    assert "Turn 101 was hard" in panel.select_one(".app-selection-preview__text").get_text()
    # Each sentence of the turn can be chosen with the keyboard.
    labels = [label.get_text(" ", strip=True) for label in panel.select("label[for^=sentences]")]
    assert labels[0].startswith("Turn 101 was hard.") and len(labels) == 3


def test_saving_from_a_turn_returns_to_that_passage(client, factories, signed_in):
    user = signed_in("researcher")
    discovery, note, tag = _setup(factories, user)
    turn = note.utterances[101]
    response = post_form(
        client,
        _url(discovery, note),
        form_data(HighlightForm, turn="101", sentences=["2", "3"], kind="pain_point", tags=[str(tag.id)]),
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("?at=101#u-101")
    finding = db.session.scalar(sa.select(Finding))
    assert finding.text == "I rang the council about my mother. Nobody called back on day 101."
    assert finding.utterance_id == turn.id and finding.participant.pseudonym == "P26"


def test_an_in_page_save_answers_with_the_redrawn_turn(client, factories, signed_in):
    user = signed_in("researcher")
    discovery, note, tag = _setup(factories, user)
    turn = note.utterances[99]
    start = turn.char_start + turn.text.index("I rang")
    token = csrf_token(client.get(_url(discovery, note)).get_data(as_text=True))
    response = client.post(
        _url(discovery, note),
        data={"csrf_token": token}
        | form_data(HighlightForm, start=str(start), end=str(start + 6), kind="quote", tags=[str(tag.id)]),
        headers={"X-Requested-With": "fetch"},
    )
    assert response.status_code == 200
    data = response.get_json()
    assert data["message"] == "1 finding saved"
    redrawn = BeautifulSoup(data["turns"]["u-99"], "html.parser")
    link = redrawn.select_one("mark.app-highlight a.app-highlight__link")
    assert link.get_text() == "I rang"
    assert link["data-info"] == "Finding 1: Quote · Phone queues"
    assert "I rang" in data["findings_html"]


def test_a_selection_that_runs_into_the_next_turn_is_refused(client, factories, signed_in):
    user = signed_in("researcher")
    discovery, note, _tag = _setup(factories, user, turns=6)
    first, second = note.utterances[1], note.utterances[2]
    response = post_form(
        client,
        _url(discovery, note),
        form_data(
            HighlightForm, start=str(first.char_start + 2), end=str(second.char_start + 5), kind="quote"
        ),
    )
    assert "Select words from one turn at a time" in _errors(response)
    assert count(Finding) == 0
    # The panel comes back at the turn the selection started in, with the words kept.
    assert soup(response).select_one("#code-panel").find_parent(class_="app-utterance")["id"] == "u-1"


def test_a_selection_that_is_already_a_finding_says_which(client, factories, signed_in):
    user = signed_in("researcher")
    discovery, note, _tag = _setup(factories, user, turns=6)
    turn = note.utterances[1]
    data = form_data(HighlightForm, start=str(turn.char_start), end=str(turn.char_start + 6), kind="quote")
    post_form(client, _url(discovery, note), data)
    response = post_form(client, _url(discovery, note), data)
    assert "These words are already saved as finding 1" in _errors(response)
    assert count(Finding) == 1


def test_words_inside_an_existing_highlight_make_a_second_finding(client, factories, signed_in):
    user = signed_in("researcher")
    discovery, note, _tag = _setup(factories, user, turns=6)
    turn = note.utterances[1]
    post_form(
        client,
        _url(discovery, note),
        form_data(HighlightForm, start=str(turn.char_start), end=str(turn.char_end), kind="quote"),
    )
    inner = turn.char_start + turn.text.index("I rang")
    post_form(
        client,
        _url(discovery, note),
        form_data(HighlightForm, start=str(inner), end=str(inner + 6), kind="pain_point"),
    )
    assert count(Finding) == 2
    page = soup(client.get(_url(discovery, note)))
    nested = page.select("mark.app-highlight--depth-2 a")
    assert [a.get_text() for a in nested] == ["I rang"]
    assert "Finding 2: Pain point" in nested[0]["data-info"]


def test_a_typed_tag_is_found_or_added_for_those_who_manage_the_codebook(client, factories, signed_in):
    user = signed_in("researcher")
    discovery, note, tag = _setup(factories, user, turns=6)
    turn = note.utterances[1]
    post_form(
        client,
        _url(discovery, note),
        form_data(HighlightForm, turn="1", kind="quote", tag_name="phone QUEUES"),
    )
    assert [t.name for t in db.session.scalar(sa.select(Finding)).tags] == ["Phone queues"]
    post_form(
        client,
        _url(discovery, note),
        form_data(HighlightForm, turn="3", kind="quote", tag_name="Call backs"),
    )
    created = db.session.scalar(sa.select(Tag).where(Tag.name == "Call backs"))
    assert created is not None and created.discovery_id == discovery.id
    assert turn.id != created.id


def test_a_typed_tag_that_does_not_exist_is_an_error_for_those_who_cannot_add_tags(factories):
    discovery = factories.discovery()
    factories.tag(discovery=discovery, name="Phone queues")
    db.session.commit()
    assert coding.typed_tag(discovery, "phone queues", may_create=False).name == "Phone queues"
    with pytest.raises(coding.TypedTagError) as refused:
        coding.typed_tag(discovery, "Call backs", may_create=False)
    assert refused.value.params == {"name": "Call backs"}
    assert coding.typed_tag(discovery, "Call backs", may_create=True) == "Call backs"
    assert count(Tag) == 1  # nothing is added until the finding is saved


def test_next_untagged_turn_skips_coded_turns_and_the_researchers_questions(client, factories, signed_in):
    user = signed_in("researcher")
    discovery, note, _tag = _setup(factories, user, turns=8)
    post_form(client, _url(discovery, note), form_data(HighlightForm, turn="1", kind="quote"))
    response = client.get(_url(discovery, note, "/go?untagged=1&after=0"))
    assert response.headers["Location"].endswith("#u-3")
    response = client.get(_url(discovery, note, "/go?untagged=1&after=6"))
    assert response.headers["Location"].endswith("#u-7")


def test_go_to_a_time_and_to_a_speakers_next_turn(client, factories, signed_in):
    user = signed_in("researcher")
    discovery, note, _tag = _setup(factories, user, turns=111)
    assert client.get(_url(discovery, note, "/go?time=1:00:00")).headers["Location"].endswith("#u-90")
    assert client.get(_url(discovery, note, "/go?speaker=P26&after=10")).headers["Location"].endswith("#u-11")
    response = client.get(_url(discovery, note, "/go?time=soon"), follow_redirects=True)
    assert "Enter a time in the note, like 1:02:30 or 62:30" in notification(response)


def test_find_in_the_note_lists_the_turns_that_match(client, factories, signed_in):
    user = signed_in("researcher")
    discovery, note, _tag = _setup(factories, user, turns=20)
    page = soup(client.get(_url(discovery, note, "?find=day+13")))
    results = page.select(".app-find-results__list li")
    assert len(results) == 1
    assert results[0].select_one("a")["href"].endswith("#u-13")
    assert results[0].select_one("mark").get_text() == "day 13"


def _discovery_ready_for_suggestions(factories, user):
    discovery = factories.discovery(members=[user])
    tags = {name: factories.tag(discovery=discovery, name=name) for name in TOPICS}
    lines = [line for lines in TOPICS.values() for line in lines]
    body = "\n".join([*lines, "they kept me on hold for forty minutes"])
    note = factories.note(discovery=discovery, title="Interviews", body=body)
    start = 0
    for name, texts in TOPICS.items():
        for text in texts:
            finding = factories.finding(note=note, start_offset=start, end_offset=start + len(text))
            finding.tags = [tags[name]]
            start += len(text) + 1
    db.session.commit()
    return discovery, note, tags, start


def test_the_panel_suggests_tags_from_this_discoverys_codebook(client, factories, signed_in):
    user = signed_in("researcher")
    discovery, note, tags, start = _discovery_ready_for_suggestions(factories, user)
    end = start + len("they kept me on hold for forty minutes")
    panel = soup(client.get(_url(discovery, note, f"/panel?start={start}&end={end}")))
    suggested = panel.select(".app-code-panel__suggested .app-tag-option")
    assert suggested and suggested[0]["data-tag-name"] == "phone queues"
    assert "%" in suggested[0].get_text()
    shown = [i["value"] for i in panel.select("input[name=suggested]")]
    # The next selection reuses the model fitted for the first, in a new request.
    again = soup(client.get(_url(discovery, note, f"/panel?start={start}&end={end}")))
    assert [i["value"] for i in again.select("input[name=suggested]")] == shown
    # Taking the first suggestion records it as taken and the others as not.
    post_form(
        client,
        _url(discovery, note),
        form_data(
            HighlightForm, start=str(start), end=str(end), kind="quote", tags=[str(tags["Phone queues"].id)]
        )
        | {"suggested": shown},
    )
    outcomes = {o.tag_id: o.accepted for o in db.session.scalars(sa.select(TagSuggestionOutcome))}
    assert outcomes[tags["Phone queues"].id] is True
    assert len(outcomes) == len(shown) and sum(outcomes.values()) == 1
    figures = suggestions.acceptance(discovery)
    assert (figures.shown, figures.accepted) == (len(shown), 1)


def test_no_suggestions_until_the_codebook_has_enough_examples(client, factories, signed_in):
    user = signed_in("researcher")
    discovery, note, _tag = _setup(factories, user, turns=6)
    panel = soup(client.get(_url(discovery, note, "/panel?turn=1")))
    assert panel.select(".app-code-panel__suggested") == []


def test_suggestions_never_come_from_another_discoverys_findings(client, factories, signed_in):
    user = signed_in("researcher")
    _discovery_ready_for_suggestions(factories, user)  # a well-tagged discovery next door
    discovery, note, _tag = _setup(factories, user, turns=6)
    panel = soup(client.get(_url(discovery, note, "/panel?turn=1")))
    assert panel.select(".app-code-panel__suggested") == []


def test_a_suggested_tag_is_added_to_a_finding_with_one_click(client, factories, signed_in):
    user = signed_in("researcher")
    discovery, note, tags, start = _discovery_ready_for_suggestions(factories, user)
    end = start + len("they kept me on hold for forty minutes")
    finding = factories.finding(note=note, start_offset=start, end_offset=end)
    db.session.commit()
    page = soup(client.get(f"/discoveries/{discovery.id}/findings/{finding.id}"))
    button = page.select_one(".app-suggested-tags__button")
    assert button.get_text(" ", strip=True).startswith("Add Phone queues")
    form = button.find_parent("form")
    data = {i["name"]: i["value"] for i in form.select("input")}
    response = client.post(form["action"], data=data, follow_redirects=True)
    assert "Tag ‘Phone queues’ added" in notification(response)
    assert [t.name for t in db.session.get(Finding, finding.id).tags] == ["Phone queues"]
    assert db.session.scalar(sa.select(TagSuggestionOutcome)).accepted is True


def test_a_finding_shows_its_quote_in_context_with_time_and_speaker(client, factories, signed_in):
    user = signed_in("researcher")
    discovery, note, _tag = _setup(factories, user, turns=8)
    post_form(
        client, _url(discovery, note), form_data(HighlightForm, turn="5", sentences=["2"], kind="quote")
    )
    finding = db.session.scalar(sa.select(Finding))
    page = soup(client.get(f"/discoveries/{discovery.id}/findings/{finding.id}"))
    turns = page.select(".app-context__turn")
    assert [t.select_one(".app-utterance__speaker").get_text() for t in turns] == [
        "Researcher",
        "P26",
        "Researcher",
    ]
    assert "Question 4" in turns[0].get_text() and "Question 6" in turns[2].get_text()
    assert turns[1].select_one("mark").get_text() == "I rang the council about my mother."
    rows = {
        r.select_one("dt").get_text(strip=True): r.select_one("dd").get_text(" ", strip=True)
        for r in page.select(".govuk-summary-list__row")
    }
    assert rows["When in the session"] == "00:03:20"
    assert rows["Said by"].startswith("P26")
    passage = page.find("a", string="See this passage in the note")
    assert passage["href"].endswith("?at=5#u-5")


def test_highlights_on_the_note_page_link_to_their_findings(client, factories, signed_in):
    user = signed_in("researcher")
    discovery, note, tag = _setup(factories, user, turns=4)
    post_form(
        client,
        _url(discovery, note),
        form_data(HighlightForm, turn="1", kind="pain_point", tags=[str(tag.id)]),
    )
    finding = db.session.scalar(sa.select(Finding))
    page = soup(client.get(f"/discoveries/{discovery.id}/notes/{note.id}"))
    link = page.select_one(".app-note-body mark.app-highlight a")
    assert link["href"] == f"/discoveries/{discovery.id}/findings/{finding.id}"
    assert link["data-info"] == "Finding 1: Pain point · Phone queues"
    described = page.select_one(f"#finding-info-{finding.id}")
    assert described.get_text() == "Finding 1: Pain point · Phone queues"
    assert link["data-ends"] == "1"


def test_the_codebook_page_says_how_often_suggestions_are_taken(client, factories, signed_in):
    user = signed_in("researcher")
    discovery, note, tags, start = _discovery_ready_for_suggestions(factories, user)
    page = soup(client.get(f"/discoveries/{discovery.id}/codebook"))
    assert (
        "None has been shown with a saved finding yet"
        in page.select_one(".app-suggestion-figures").get_text()
    )
    end = start + len("they kept me on hold for forty minutes")
    finding = factories.finding(note=note, start_offset=start, end_offset=end)
    db.session.commit()
    suggestions.record_outcomes(finding, {tags["Phone queues"].id: 0.8, tags["Respite"].id: 0.1})
    finding.tags = [tags["Phone queues"]]
    suggestions.record_outcomes(finding, {tags["Phone queues"].id: 0.8})
    db.session.commit()
    figures = soup(client.get(f"/discoveries/{discovery.id}/codebook")).select_one(".app-suggestion-figures")
    assert "Of 2 suggestions shown with a saved finding, 1 were taken (50%)" in figures.get_text(
        " ", strip=True
    )


def test_a_codebook_with_too_few_examples_says_when_suggestions_start(client, factories, signed_in):
    user = signed_in("researcher")
    discovery, _note, _tag = _setup(factories, user, turns=4)
    figures = soup(client.get(f"/discoveries/{discovery.id}/codebook")).select_one(".app-suggestion-figures")
    assert "start once at least two tags each have 3 tagged findings" in figures.get_text()
