"""A map's stages: added at the end, renamed, moved earlier or later without JavaScript, and
deleted after a confirmation; a stage someone else deleted is a message, not an error."""

from __future__ import annotations

from discovery.extensions import db
from discovery.journeys import services as journeys
from discovery.journeys.forms import StageForm
from discovery.journeys.models import JourneyStage
from discovery.journeys.routes import MoveStageForm
from tests.support import audit_actions, count, error_summary, form_data, notification, post_form, soup


def _stage_names(client, squad) -> list[str]:
    page = soup(client.get(squad.map_url()))
    return [
        th.select_one(".app-journey-stage__name").get_text(strip=True)
        for th in page.select("th.app-journey-stage")
    ]


def _move(client, squad, stage, direction: str):
    return post_form(
        client,
        squad.map_url(f"/stages/{stage.id}/move"),
        form_data(MoveStageForm, direction=direction),
        get_url=squad.map_url(),
    )


def test_stages_are_added_at_the_end_then_moved_renamed_and_deleted(client, squad):
    response = post_form(
        client,
        squad.map_url("/stages/new"),
        form_data(StageForm, name="Review", stage_key="review"),
        follow=True,
    )
    assert "Stage ‘Review’ added" in notification(response)
    assert _stage_names(client, squad) == ["Contacting the council", "Assessment", "Review"]

    review = db.session.query(JourneyStage).filter_by(name="Review").one()
    assert _move(client, squad, review, "earlier").status_code == 302
    assert _stage_names(client, squad) == ["Contacting the council", "Review", "Assessment"]
    _move(client, squad, squad.stages["contact"], "later")
    assert _stage_names(client, squad) == ["Review", "Contacting the council", "Assessment"]
    _move(client, squad, review, "earlier")  # already first: nothing moves
    assert _stage_names(client, squad) == ["Review", "Contacting the council", "Assessment"]

    page = soup(client.get(squad.map_url()))
    first, *_, last = page.select("th.app-journey-stage")
    assert [b["value"] for b in first.select("button[name=direction]")] == ["later"]
    assert [b["value"] for b in last.select("button[name=direction]")] == ["earlier"]

    url = squad.map_url(f"/stages/{review.id}/edit")
    version = soup(client.get(url)).select_one("input[name=version]")["value"]
    response = post_form(
        client,
        url,
        form_data(StageForm, name="Reviews and changes", stage_key="review", version=version),
        follow=True,
    )
    assert "Stage saved" in notification(response)
    assert _stage_names(client, squad)[0] == "Reviews and changes"

    confirm = client.get(squad.map_url(f"/stages/{squad.stages['contact'].id}/delete"))
    assert soup(confirm).h1.get_text(strip=True) == "Are you sure you want to delete this stage?"
    response = post_form(
        client, squad.map_url(f"/stages/{squad.stages['contact'].id}/delete"), {}, follow=True
    )
    assert "Stage deleted" in notification(response)
    assert _stage_names(client, squad) == ["Reviews and changes", "Assessment"]
    db.session.expire_all()
    positions = db.session.query(JourneyStage.position).order_by(JourneyStage.position).all()
    assert [p for (p,) in positions] == [0, 1]
    actions = audit_actions(object_id=str(squad.journey_map.id))
    for action in (
        "journey_stage_added",
        "journey_stage_moved",
        "journey_stage_renamed",
        "journey_stage_deleted",
    ):
        assert action in actions


def test_moving_a_stage_someone_just_deleted_says_so_and_keeps_the_map(client, squad):
    page = client.get(squad.map_url())
    token = soup(page).select_one("input[name=csrf_token]")["value"]
    stage_id = squad.stages["contact"].id
    journeys.delete_stage(squad.stages["contact"], squad.researcher)  # another person, meanwhile
    db.session.commit()
    response = client.post(
        squad.map_url(f"/stages/{stage_id}/move"), data={"csrf_token": token, "direction": "later"}
    )
    assert response.status_code == 302
    page = soup(client.get(response.headers["Location"]))
    assert "That stage has been deleted, so it could not be moved" in page.get_text()
    assert _stage_names(client, squad) == ["Assessment"]

    gone = client.get(squad.map_url(f"/stages/{stage_id}/delete"), follow_redirects=True)
    assert gone.status_code == 200 and "That stage has already been deleted" in gone.get_data(as_text=True)
    assert client.get(squad.map_url(f"/stages/{stage_id}/edit")).status_code == 404


def test_a_stage_name_the_map_already_has_or_an_empty_one_is_a_field_error(client, squad):
    response = post_form(client, squad.map_url("/stages/new"), form_data(StageForm, name=" assessment "))
    assert response.status_code == 200
    assert error_summary(response) == [
        ("This map already has a stage called ‘assessment’. Enter a different name", "#name")
    ]
    response = post_form(client, squad.map_url("/stages/new"), form_data(StageForm, name="   "))
    assert error_summary(response) == [("Enter a stage name", "#name")]
    assert count(JourneyStage) == 2


def test_a_rename_typed_before_someone_else_changed_the_stages_is_refused_and_kept(client, squad):
    url = squad.map_url(f"/stages/{squad.stages['assessment'].id}/edit")
    page = client.get(url)
    token = soup(page).select_one("input[name=csrf_token]")["value"]
    version = soup(page).select_one("input[name=version]")["value"]
    journeys.add_stage(squad.journey_map, journeys.StageData("Review"), squad.researcher)
    db.session.commit()
    response = client.post(
        url, data={"csrf_token": token, "version": version, "name": "Care assessment", "stage_key": ""}
    )
    assert response.status_code == 409
    page = soup(response)
    assert "Someone else changed this journey map" in page.get_text()
    assert page.select_one("input[name=name]")["value"] == "Care assessment"
    assert db.session.get(JourneyStage, squad.stages["assessment"].id).name == "Assessment"


def test_dragging_posts_the_whole_new_order_and_a_stale_order_moves_nothing(client, squad):
    from discovery.journeys.routes import StageOrderForm

    contact, assessment = squad.stages["contact"].id, squad.stages["assessment"].id
    url = squad.map_url("/stages/order")
    page = soup(client.get(squad.map_url()))
    assert page.select_one("[data-journey-order-url]")["data-journey-order-url"] == url
    assert "/assets/journeys.js" in str(page)
    post_form(
        client, url, form_data(StageOrderForm, order=f"{assessment} {contact}"), get_url=squad.map_url()
    )
    assert _stage_names(client, squad) == ["Assessment", "Contacting the council"]
    response = post_form(client, url, form_data(StageOrderForm, order=f"{contact}"), get_url=squad.map_url())
    assert "nothing was moved" in soup(client.get(response.headers["Location"])).get_text()
    assert _stage_names(client, squad) == ["Assessment", "Contacting the council"]
    assert "journey_stages_reordered" in audit_actions(object_id=str(squad.journey_map.id))
