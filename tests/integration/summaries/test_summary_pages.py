"""The summary pages as each person sees them: the squad's draft and narrative, publishing,
versions and what changed, the comparison, and a lead who sees published summaries only."""

from __future__ import annotations

import pytest

from discovery.extensions import db
from discovery.summaries import services
from discovery.summaries.forms import NarrativeForm
from tests.integration.summaries.conftest import PRIVATE, QUEUE
from tests.support import (
    assert_page_basics,
    audit_events,
    form_data,
    post_form,
    sign_in,
    soup,
)


def _text(response) -> str:
    return soup(response).get_text(" ", strip=True)


def _publish(world):
    services.publish(world.discovery, world.researcher)
    db.session.commit()


def test_the_squad_reads_the_live_draft_with_what_the_evidence_shows(client, planned):
    response = client.get(planned.url())
    page = assert_page_basics(response)
    assert page.h1.get_text(" ", strip=True) == "Draft summary"
    text = _text(response)
    for expected in (
        "Phone queues",
        "Carers are not asked",
        "Ring people back",
        "How do people first contact the council?",
    ):
        assert expected in text
    assert PRIVATE not in text, "P03 did not agree to quotes"
    assert "No version has been published yet" in text
    assert "Try a chatbot" not in text, "only Must and Should items are reported"


def test_the_narrative_is_saved_in_both_languages_and_shown(client, world):
    data = form_data(
        NarrativeForm,
        version="0",
        key_messages="- Phones first\n- Carers next",
        key_messages_cy="- Ffonau yn gyntaf",
    )
    response = post_form(client, world.url("/narrative"), data)
    assert response.status_code == 302
    page = client.get(world.url())
    text = _text(page)
    assert "Phones first" in text and "Carers next" in text
    items = [li.get_text(strip=True) for li in soup(page).select("li")]
    assert "Phones first" in items, "a dash starts a bulleted list"
    welsh = _text(client.get(world.url() + "?lang=cy"))
    assert "Ffonau yn gyntaf" in welsh
    assert audit_events("summary_narrative_changed")


def test_pasted_html_in_the_narrative_is_shown_as_text_never_markup(client, world):
    pasted = '<p>Phones <b>first</b></p><script>alert("x")</script><ul><li>Ring back</li></ul>'
    post_form(client, world.url("/narrative"), form_data(NarrativeForm, version="0", recommendations=pasted))
    response = client.get(world.url())
    assert response.status_code == 200
    page = soup(response)
    assert not page.select("main script"), "no script from the narrative"
    assert "alert" not in page.select_one("main").get_text()
    assert "Phones first" in page.get_text(" ", strip=True)
    assert "Ring back" in [li.get_text(strip=True) for li in page.select("main li")]


def test_a_stale_narrative_edit_keeps_the_text_and_says_why(client, world):
    services.save_narrative(
        world.discovery, {"next_steps": "Saved by someone else"}, world.researcher, expected_version=0
    )
    db.session.commit()
    response = post_form(
        client, world.url("/narrative"), form_data(NarrativeForm, version="0", next_steps="Mine")
    )
    assert response.status_code == 409
    assert "Someone else changed the narrative" in _text(response)
    assert soup(response).select_one("textarea[name=next_steps]").get_text().strip() == "Mine"


def test_an_over_long_narrative_section_gets_a_clear_error(client, world):
    response = post_form(
        client,
        world.url("/narrative"),
        form_data(NarrativeForm, version="0", next_steps="x" * (services.NARRATIVE_MAX + 1)),
    )
    assert response.status_code == 200
    assert "6000 characters or fewer" in _text(response)


def test_publishing_makes_version_1_which_then_stays_as_it_was(client, world):
    page = assert_page_basics(client.get(world.url("/publish")))
    assert "Publish version 1 of the summary" in page.get_text(" ", strip=True)
    response = post_form(client, world.url("/publish"), {})
    assert response.status_code == 302 and response.headers["Location"].endswith("/summary/versions/1")
    version = client.get(response.headers["Location"])
    assert_page_basics(version)
    assert "Published version 1 on" in _text(version)
    again = post_form(client, world.url("/publish"), {}, follow=True)
    assert "Nothing has changed since version 1 was published" in _text(again)
    versions = assert_page_basics(client.get(world.url("/versions")))
    assert "Version 1" in versions.get_text(" ", strip=True)


def test_what_changed_between_the_latest_version_and_the_draft(client, world):
    _publish(world)
    services.save_narrative(
        world.discovery, {"key_messages": "A new key message"}, world.researcher, expected_version=0
    )
    db.session.commit()
    response = client.get(world.url("/changes"))
    page = assert_page_basics(response)
    assert "What changed from version 1 to the draft" in page.h1.get_text(" ", strip=True)
    assert "A new key message" in _text(response)


def test_the_comparison_page_has_a_heat_map_and_a_table_with_values(client, world):
    response = client.get(world.url("/comparison"))
    page = assert_page_basics(response)
    assert page.select_one("svg[role=img]") is not None
    table = page.select_one("table")
    assert table is not None
    text = table.get_text(" ", strip=True)
    assert "Phone queues" in text and "2 of 2" in text


def test_an_authority_view_counts_its_own_participants_only(client, world):
    response = client.get(world.url("?authority=TOR"))
    page = assert_page_basics(response)
    assert "Torfaen County Borough Council only" in page.h1.get_text(" ", strip=True)
    text = _text(response)
    assert "Carers are not asked" not in text
    assert QUEUE not in text, "said in Neath Port Talbot"
    assert client.get(world.url("?authority=NOPE")).status_code == 404


# Leads ------------------------------------------------------------------------------------------


@pytest.fixture
def lead(client, world):
    post_form(client, "/sign-out", {}, get_url="/discoveries")
    sign_in(client, world.lead)
    return world.lead


def test_a_lead_lands_on_their_summaries_and_is_told_when_none_is_published(client, world, lead):
    response = client.get("/")
    assert response.headers["Location"].endswith("/summaries")
    home = assert_page_basics(client.get("/summaries"))
    text = home.get_text(" ", strip=True)
    assert "Adult social care" in text and "has not published a summary yet" in text
    page = client.get(world.url())
    assert "No summary published yet" in soup(page).h1.get_text()


def test_a_lead_reads_the_published_version_not_the_draft(client, world, lead):
    _publish(world)
    services.save_narrative(
        world.discovery, {"key_messages": "Not yet published"}, world.researcher, expected_version=0
    )
    db.session.commit()
    home = client.get("/summaries")
    assert "What it found for Torfaen County Borough Council" in _text(home)
    response = client.get(world.url())
    page = assert_page_basics(response)
    assert "Summary, version 1" in page.h1.get_text(" ", strip=True)
    assert "Not yet published" not in _text(response)
    assert client.get(world.url("/changes?to=draft")).status_code == 200
    assert "Not yet published" not in _text(client.get(world.url("/changes?to=draft")))


@pytest.mark.parametrize(
    "path",
    ["/narrative", "/publish", "/questions/00000000-0000-0000-0000-000000000000/themes"],
)
def test_a_lead_cannot_draft_or_publish(client, world, lead, path):
    assert client.get(world.url(path)).status_code == 403


@pytest.mark.parametrize("area", ["participants", "notes", "findings"])
def test_a_lead_sees_nothing_raw(client, world, lead, area):
    assert client.get(f"/discoveries/{world.discovery.id}/{area}").status_code == 403


def test_a_lead_cannot_export_the_draft(client, world, lead):
    _publish(world)
    page = soup(client.get(world.url("/export")))
    assert [o["value"] for o in page.select("select[name=source] option")] == ["1"]
    response = post_form(
        client, world.url("/export"), {"source": "draft", "authority": "", "file_format": "md", "lang": "en"}
    )
    assert response.status_code == 200
    assert "Select a version of the summary" in _text(response)


def test_every_question_on_the_export_form_is_labelled(client, world):
    page = assert_page_basics(client.get(world.url("/export")))
    legends = [legend.get_text(" ", strip=True) for legend in page.select("legend")]
    assert legends == ["Format", "Language"]
    assert [
        label.get_text(strip=True) for label in page.select("label[for=source], label[for=authority]")
    ] == [
        "Version",
        "Authority",
    ]


def test_the_squad_says_which_themes_answer_a_question(client, planned):
    from discovery.plan import services as plan

    question = plan.questions(planned.discovery)[1]
    url = planned.url(f"/questions/{question.id}/themes")
    page = assert_page_basics(client.get(url))
    assert page.select_one("legend").get_text(strip=True) == "Themes that answer this question"
    response = post_form(client, url, {"themes": [str(planned.carers.id)]})
    assert response.status_code == 302
    summary = services.live_document(planned.discovery).summary
    assert summary.questions[1].themes == ["Carers are not asked"]
    assert audit_events("research_question_themes_changed")


def test_sample_targets_show_for_the_whole_discovery_not_for_one_authority(client, planned):
    assert "Sample target" in _text(client.get(planned.url()))
    assert "Sample target" not in _text(client.get(planned.url("?authority=TOR"))), (
        "targets are discovery-wide"
    )
