"""Creating and editing maps and their entries: GOV.UK errors for empty and duplicate input,
emotion scores only on thoughts and feelings, channels only on touchpoints, stale edits refused."""

from __future__ import annotations

import sqlalchemy as sa

from discovery.extensions import db
from discovery.journeys import services as journeys
from discovery.journeys.forms import EntryForm, MapForm
from discovery.journeys.models import JourneyEntry, JourneyMap
from tests.support import assert_page_basics, audit_actions, count, error_summary, form_data, post_form, soup


def test_a_map_is_created_then_listed_with_its_state_segment_and_stages(client, squad):
    response = post_form(
        client,
        squad.url("/new"),
        form_data(
            MapForm,
            title="Getting a carer's assessment",
            scenario="Unpaid carer seeking support for a parent",
            state="to_be",
            segment="unpaid_carer",
            authority=str(squad.torfaen.id),
        ),
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/stages/new")
    created = db.session.scalar(
        sa.select(JourneyMap).where(JourneyMap.title == "Getting a carer's assessment")
    )
    assert (created.state, created.segment, created.authority_id) == (
        "to_be",
        "unpaid_carer",
        squad.torfaen.id,
    )
    page = assert_page_basics(client.get(squad.url()))
    rows = [
        [td.get_text(" ", strip=True) for td in tr.select("td")]
        for tr in page.select("tr.app-journey-map-row")
    ]
    assert rows[0][:5] == [
        "Getting a carer's assessment Unpaid carer seeking support for a parent",
        "To-be (how it should work)",
        "Unpaid carer",
        "Torfaen County Borough Council",
        "0",
    ]
    assert rows[1][1:5] == ["As-is (today)", "Any", "Every authority", "2"]
    assert page.select_one(".app-sub-navigation a[aria-current=page]").get_text(strip=True) == "Journey maps"
    assert "journey_map_created" in audit_actions(object_id=str(created.id))


def test_an_empty_map_form_and_a_title_already_used_are_field_errors(client, squad):
    response = post_form(client, squad.url("/new"), form_data(MapForm, title="", state="as_is"))
    assert error_summary(response) == [("Enter a title", "#title")]
    response = post_form(
        client, squad.url("/new"), form_data(MapForm, title="getting help at HOME", state="as_is")
    )
    assert error_summary(response) == [
        ("A journey map called ‘getting help at HOME’ already exists. Enter a different title", "#title")
    ]
    assert soup(response).title.get_text().startswith("Error:")
    assert count(JourneyMap) == 1


def test_a_map_edit_after_someone_elses_is_refused_and_keeps_the_typed_text(client, squad):
    page = client.get(squad.map_url("/edit"))
    token = soup(page).select_one("input[name=csrf_token]")["value"]
    version = soup(page).select_one("input[name=version]")["value"]
    journeys.update_map(
        squad.journey_map,
        journeys.MapData(title="Help at home"),
        squad.researcher,
        expected_version=squad.journey_map.version,
    )
    db.session.commit()
    response = client.post(
        squad.map_url("/edit"),
        data={"csrf_token": token, "version": version, "title": "Home care", "state": "as_is"},
    )
    assert response.status_code == 409
    assert soup(response).select_one("input[name=title]")["value"] == "Home care"
    assert db.session.get(JourneyMap, squad.journey_map.id).title == "Help at home"


def _add(client, squad, **values):
    url = squad.map_url(f"/stages/{squad.stages['contact'].id}/entries/new")
    return post_form(client, url, form_data(EntryForm, **values))


def test_an_entry_is_added_to_a_lane_and_shows_its_feeling_in_words(client, squad):
    response = _add(
        client, squad, lane="thoughts", text="Worried nobody will ring back", emotion="-2", basis="assumed"
    )
    assert response.status_code == 302
    page = soup(client.get(squad.map_url()))
    cell = page.select("tr.app-journey-lane--thoughts td")[0]
    assert cell.select_one(".app-journey-entry__text").get_text(strip=True) == "Worried nobody will ring back"
    meta = cell.select_one(".app-journey-entry__meta").get_text(" ", strip=True)
    assert meta == "Assumed Feeling: Very negative (−2)"
    response = _add(
        client, squad, lane="touchpoints", text="Contact centre", channel="phone", basis="evidenced"
    )
    assert response.status_code == 302
    cell = soup(client.get(squad.map_url())).select("tr.app-journey-lane--touchpoints td")[0]
    assert cell.select_one(".app-journey-entry__meta").get_text(" ", strip=True) == "Evidenced Channel: Phone"


def test_entry_errors_emotion_out_of_range_emotion_elsewhere_channel_elsewhere_and_empty_text(client, squad):
    response = _add(client, squad, lane="thoughts", text="Fed up", emotion="3", basis="assumed")
    assert error_summary(response) == [
        ("Select how the person feels, from very negative (−2) to very positive (+2)", "#emotion")
    ]
    response = _add(client, squad, lane="thoughts", text="Fed up", emotion="", basis="assumed")
    assert error_summary(response) == [
        ("Select how the person feels, from very negative (−2) to very positive (+2)", "#emotion")
    ]
    response = _add(
        client, squad, lane="pain_points", text="On hold", emotion="-1", channel="web", basis="assumed"
    )
    assert [text for text, _ in error_summary(response)] == [
        "Only touchpoints have a channel. Select ‘Not a touchpoint’, or select the "
        "‘Touchpoints and channels’ lane",
        "Only thoughts and feelings have an emotion score. Select ‘No score’, or select the "
        "‘Thoughts and feelings’ lane",
    ]
    response = _add(client, squad, basis="assumed")
    assert error_summary(response) == [("Select a lane", "#lane"), ("Enter what goes in this lane", "#text")]
    assert count(JourneyEntry) == 0


def test_an_entry_edit_after_someone_elses_is_refused_and_keeps_the_typed_text(client, squad):
    entry = squad.entry("contact", "pain_points", "On hold for an hour")
    url = squad.map_url(f"/entries/{entry.id}/edit")
    page = client.get(url)
    token = soup(page).select_one("input[name=csrf_token]")["value"]
    version = soup(page).select_one("input[name=version]")["value"]
    journeys.update_entry(
        entry,
        journeys.EntryData("pain_points", "On hold for two hours"),
        squad.researcher,
        expected_version=entry.version,
    )
    db.session.commit()
    data = {
        "csrf_token": token,
        "version": version,
        "lane": "pain_points",
        "text": "Cut off",
        "basis": "assumed",
    }
    response = client.post(url, data=data)
    assert response.status_code == 409
    assert soup(response).select_one("textarea[name=text]").get_text() == "Cut off"
    assert db.session.get(JourneyEntry, entry.id).text == "On hold for two hours"


def test_deleting_an_entry_and_a_map_asks_first(client, squad):
    entry = squad.entry("contact", "pain_points", "On hold for an hour")
    assert soup(client.get(squad.map_url(f"/entries/{entry.id}/delete"))).h1.get_text(strip=True) == (
        "Are you sure you want to delete this entry?"
    )
    post_form(client, squad.map_url(f"/entries/{entry.id}/delete"), {})
    assert count(JourneyEntry) == 0
    post_form(client, squad.map_url("/delete"), {})
    assert count(JourneyMap) == 0
    assert "journey_map_deleted" in audit_actions()
