"""Drafting user needs from an accepted theme: prefilled, citing findings, saved only when ticked."""

from __future__ import annotations

import sqlalchemy as sa

from discovery.extensions import db
from discovery.needs.forms import DraftsForm
from discovery.needs.models import UserNeed
from tests.integration.needs.conftest import APP, CARER_BREAKS, NOBODY_TOLD, PHONE_WAIT
from tests.support import audit_events, count, error_summary, form_data, link, notification, post_form, soup


def _draft_url(squad, theme=None) -> str:
    return squad.url(f"/from-theme/{(theme or squad.theme).id}")


def _drafts(page) -> list[dict]:
    """Each draft group as the page shows it: its inputs' values and the quotes it cites."""
    groups = []
    for group in page.select(".app-need-draft"):
        values = {
            i["name"].split("-", 2)[2]: i.get("value", "") for i in group.select("input") if i.get("name")
        }
        groups.append(
            {
                **values,
                "quotes": [
                    q.get_text(strip=True) for q in group.select(".app-need-draft__findings blockquote")
                ],
                "warning": group.select_one(".app-need__solution-warning"),
                "text": group.get_text(" ", strip=True),
            }
        )
    return groups


def _posted(page, tick=(), **changes) -> dict:
    """What the browser sends: every draft's fields as shown, with `changes` and the ticks applied."""
    data = {}
    for group in page.select(".app-need-draft"):
        for field in group.select("input"):
            if field.get("type") == "checkbox":
                continue
            data[field["name"]] = field.get("value", "")
    data.update(changes)
    for index in tick:
        data[f"drafts-{index}-save"] = "y"
    return form_data(DraftsForm, **data)


def test_drafts_from_an_accepted_theme_are_prefilled_with_the_segment_and_cite_their_findings(client, squad):
    page = soup(client.get(_draft_url(squad)))
    assert page.h1.get_text(strip=True) == "Write user needs from this theme"
    drafts = _drafts(page)
    assert [(d["who"], d["need"], d["goal"]) for d in drafts] == [
        ("an unpaid carer", "to speak to someone who knows about carers' breaks", "I can plan the week"),
        ("an unpaid carer", "to be told about the carers assessment", "[goal]"),
        ("a resident", "an app to book respite", "[goal]"),
    ]
    assert [d["quotes"] for d in drafts] == [[CARER_BREAKS], [NOBODY_TOLD], [APP]]
    assert "P01 (Unpaid carer, Neath Port Talbot Council)" in drafts[0]["text"]
    assert "Participant segment: Unpaid carer" in drafts[0]["text"]
    assert PHONE_WAIT not in page.get_text()  # voices no need, so drafts nothing
    assert [d["warning"] is not None for d in drafts] == [False, False, True]
    assert "‘app’" in drafts[2]["warning"].get_text()
    assert page.select_one("#drafts-0-save")["type"] == "checkbox"


def test_only_the_ticked_drafts_are_saved_as_hypotheses_linked_to_the_theme(client, squad):
    page = soup(client.get(_draft_url(squad)))
    data = _posted(page, tick=(0, 1), **{"drafts-1-goal": "I can ask for one before I burn out"})
    response = post_form(client, _draft_url(squad), data, follow=True)
    assert "2 user needs saved" in notification(response)
    needs = {n.statement: n for n in db.session.scalars(sa.select(UserNeed))}
    assert sorted(needs) == [
        "As an unpaid carer, I need to be told about the carers assessment, "
        "so that I can ask for one before I burn out",
        "As an unpaid carer, I need to speak to someone who knows about carers' breaks, "
        "so that I can plan the week",
    ]
    for need in needs.values():
        assert need.status == "hypothesis"
        assert need.segment == "unpaid_carer"
        assert [t.label for t in need.themes] == ["Knowing what help exists"]
        assert need.created_by_id == squad.researcher.id
    told = next(n for s, n in needs.items() if "told" in s)
    assert [f.text for f in told.findings] == [NOBODY_TOLD]
    listed = soup(response)
    assert [a.get_text(strip=True) for a in listed.select(".app-need__statement")] == sorted(
        needs, key=lambda s: needs[s].created_at
    )
    assert len(audit_events("need_drafted")) == 2


def test_edited_words_are_saved_as_typed(client, squad):
    page = soup(client.get(_draft_url(squad)))
    data = _posted(
        page,
        tick=(2,),
        **{
            "drafts-2-who": "As a resident caring for a neighbour",
            "drafts-2-need": "I need to book a short break",
            "drafts-2-goal": "so that I can rest",
        },
    )
    post_form(client, _draft_url(squad), data)
    need = db.session.scalar(sa.select(UserNeed))
    assert (
        need.statement
        == "As a resident caring for a neighbour, I need to book a short break, so that I can rest"
    )
    assert need.segment == "resident"


def test_a_goal_left_as_the_placeholder_is_an_error_and_nothing_is_saved(client, squad):
    page = soup(client.get(_draft_url(squad)))
    response = post_form(client, _draft_url(squad), _posted(page, tick=(0, 1)))
    assert response.status_code == 200
    assert error_summary(response) == [
        ("Enter what the user wants to achieve, or delete ‘[goal]’", "#drafts-1-goal")
    ]
    again = soup(response)
    assert again.title.get_text().startswith("Error:")
    assert again.select_one("#drafts-1-goal-error") is not None
    assert again.select_one("#drafts-0-save").has_attr("checked")  # the ticks survive
    assert count(UserNeed) == 0


def test_a_ticked_draft_without_a_need_says_what_to_enter(client, squad):
    page = soup(client.get(_draft_url(squad)))
    response = post_form(client, _draft_url(squad), _posted(page, tick=(0,), **{"drafts-0-need": "  "}))
    assert error_summary(response) == [("Enter what the user needs", "#drafts-0-need")]
    assert count(UserNeed) == 0


def test_deleting_the_goal_placeholder_saves_a_need_without_a_goal(client, squad):
    page = soup(client.get(_draft_url(squad)))
    post_form(client, _draft_url(squad), _posted(page, tick=(1,), **{"drafts-1-goal": ""}))
    assert db.session.scalar(sa.select(UserNeed)).statement == (
        "As an unpaid carer, I need to be told about the carers assessment"
    )


def test_saving_with_nothing_ticked_asks_for_a_need(client, squad):
    page = soup(client.get(_draft_url(squad)))
    response = post_form(client, _draft_url(squad), _posted(page))
    assert error_summary(response) == [("Select at least one need to save", "#drafts-0-save")]
    assert count(UserNeed) == 0


def test_a_draft_that_repeats_a_saved_need_is_refused_on_its_need(client, squad):
    squad.need("an unpaid carer", "to speak to someone who knows about carers' breaks", "I can plan the week")
    page = soup(client.get(_draft_url(squad)))
    response = post_form(client, _draft_url(squad), _posted(page, tick=(0,)))
    assert error_summary(response) == [
        (
            "A user need with these words already exists. Change what the user needs, or who has the need",
            "#drafts-0-need",
        )
    ]
    assert count(UserNeed) == 1


def test_a_draft_citing_a_finding_outside_the_theme_is_refused(client, squad):
    other = squad.theme_of("Phone queues", [PHONE_WAIT])
    page = soup(client.get(_draft_url(squad)))
    data = _posted(page, tick=(0,), **{"drafts-0-findings": str(squad.findings[PHONE_WAIT].id)})
    assert post_form(client, _draft_url(squad), data).status_code == 400
    assert squad.findings[PHONE_WAIT].id in {f.id for f in other.findings}
    assert count(UserNeed) == 0


def test_a_suggested_theme_must_be_accepted_before_needs_are_drafted(client, squad):
    suggested = squad.theme_of("Phone queues", [PHONE_WAIT], status="suggested")
    page = soup(client.get(_draft_url(squad, suggested)))
    assert "Accept this theme before writing user needs from it" in page.get_text()
    back = link(page, "Go to the theme to review it")
    assert back["href"] == f"/discoveries/{squad.discovery.id}/themes/{suggested.id}"
    assert page.select(".app-need-draft") == []
    token = soup(client.get(_draft_url(squad))).select_one("input[name=csrf_token]")["value"]
    response = client.post(
        _draft_url(squad, suggested),
        data={
            "csrf_token": token,
            "drafts-0-save": "y",
            "drafts-0-who": "a resident",
            "drafts-0-need": "to get through",
        },
        follow_redirects=True,
    )
    assert "Accept this theme before writing user needs from it" in notification(response)
    assert count(UserNeed) == 0


def test_a_theme_whose_findings_voice_no_need_offers_to_write_one_by_hand(client, squad):
    quiet = squad.theme_of("Phone queues", [PHONE_WAIT])
    page = soup(client.get(_draft_url(squad, quiet)))
    assert "We could not draft a user need from this theme’s 1 finding" in page.get_text()
    by_hand = link(page, "Write a need by hand")
    assert by_hand["href"] == f"/discoveries/{squad.discovery.id}/needs/new?theme={quiet.id}"
    form = soup(client.get(by_hand["href"]))
    ticked = [i["value"] for i in form.select("input[name=themes][checked]")]
    assert ticked == [str(quiet.id)]


def test_an_accepted_theme_page_offers_drafting_and_lists_its_needs(client, squad):
    need = squad.need("an unpaid carer", "to know what a break costs", themes=[squad.theme])
    page = soup(client.get(f"/discoveries/{squad.discovery.id}/themes/{squad.theme.id}"))
    assert link(page, "Write user needs from this theme")["href"] == _draft_url(squad)
    listed = page.select(".app-theme__needs a")
    assert [(a.get_text(strip=True), a["href"]) for a in listed] == [
        (need.statement, squad.url(f"/{need.id}"))
    ]
    suggested = squad.theme_of("Phone queues", [PHONE_WAIT], status="suggested")
    page = soup(client.get(f"/discoveries/{squad.discovery.id}/themes/{suggested.id}"))
    assert link(page, "Write user needs from this theme") is None
    assert "No user needs are linked to this theme yet." in page.get_text()
