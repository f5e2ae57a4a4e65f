"""The research plan: writing, ordering, editing and deleting research questions; hypotheses and
assumptions with their kind and status; sample targets against the participants met; errors in
GOV.UK words; stale edits; and who may read and who may change the plan."""

from __future__ import annotations

import pytest

from discovery.core.models import Hypothesis, ResearchQuestion, SampleTarget
from discovery.extensions import db
from discovery.plan import services
from discovery.plan.forms import HypothesisForm, QuestionForm, TargetsForm
from tests.support import (
    assert_page_basics,
    audit_actions,
    count,
    error_summary,
    form_data,
    notification,
    post_form,
    sign_in,
    soup,
)


def _questions(response) -> list[str]:
    return [li.get_text(strip=True) for li in soup(response).select(".app-plan-question__text")]


def _hypotheses(response) -> list[list[str]]:
    return [
        [td.get_text(" ", strip=True) for td in row.select("td")[:3]]
        for row in soup(response).select("tr.app-plan-hypothesis")
    ]


def _targets(response) -> list[list[str]]:
    return [
        [cell.get_text(" ", strip=True) for cell in row.select("th, td")]
        for row in soup(response).select("tr.app-plan-target")
    ]


def _add_question(client, team, text: str):
    return post_form(client, team.url("/questions/new"), form_data(QuestionForm, text=text))


def _question(team, text: str) -> ResearchQuestion:
    return next(q for q in services.questions(team.discovery) if q.text == text)


def test_an_empty_plan_says_so_and_offers_to_add_to_it(client, team):
    page = assert_page_basics(client.get(team.url()))
    assert page.h1.get_text(strip=True) == "Research plan"
    assert [p.get_text(strip=True) for p in page.select(".app-plan__empty")] == [
        "No research questions yet.",
        "No hypotheses or assumptions yet.",
    ]
    assert page.find("a", string="Add a research question")
    assert page.find("a", string="Set sample targets")


def test_questions_are_added_in_order_and_numbered(client, team):
    first = _add_question(client, team, "How do people find out what help the council gives?")
    assert first.status_code == 302
    assert first.headers["Location"].endswith("/plan#questions")
    _add_question(client, team, "  Why do   carers give up on the phone line? ")
    response = client.get(team.url())
    assert _questions(response) == [
        "How do people find out what help the council gives?",
        "Why do carers give up on the phone line?",
    ]
    assert soup(response).select_one("ol.app-plan__questions")
    assert audit_actions(object_type="ResearchQuestion") == ["research_question_added"] * 2


def test_questions_move_up_and_down_with_buttons(client, team):
    for text in ("First?", "Second?", "Third?"):
        _add_question(client, team, text)
    third = _question(team, "Third?")
    response = post_form(
        client, team.url(f"/questions/{third.id}/move"), {"direction": "up"}, get_url=team.url()
    )
    assert response.status_code == 302
    assert _questions(client.get(team.url())) == ["First?", "Third?", "Second?"]
    first = _question(team, "First?")
    post_form(client, team.url(f"/questions/{first.id}/move"), {"direction": "down"}, get_url=team.url())
    page = client.get(team.url())
    assert _questions(page) == ["Third?", "First?", "Second?"]
    buttons = [b.get_text(" ", strip=True) for b in soup(page).select(".app-plan-question__move-button")]
    assert buttons[0] == "Move down : research question 1"
    assert "research_question_moved" in audit_actions(object_type="ResearchQuestion")


def test_moving_the_first_question_up_changes_nothing(client, team):
    for text in ("First?", "Second?"):
        _add_question(client, team, text)
    first = _question(team, "First?")
    post_form(client, team.url(f"/questions/{first.id}/move"), {"direction": "up"}, get_url=team.url())
    assert _questions(client.get(team.url())) == ["First?", "Second?"]
    assert "research_question_moved" not in audit_actions(object_type="ResearchQuestion")


def test_a_move_with_no_direction_is_refused(client, team):
    _add_question(client, team, "First?")
    first = _question(team, "First?")
    response = post_form(
        client, team.url(f"/questions/{first.id}/move"), {"direction": "sideways"}, get_url=team.url()
    )
    assert response.status_code == 400


def test_a_question_is_edited_and_deleted_after_confirming(client, team):
    _add_question(client, team, "Waht do carers need?")
    question = _question(team, "Waht do carers need?")
    edit = team.url(f"/questions/{question.id}/edit")
    page = soup(client.get(edit))
    assert page.select_one("textarea").get_text() == "Waht do carers need?"
    response = post_form(client, edit, {"text": "What do carers need?", "version": "1"})
    assert response.status_code == 302
    assert _questions(client.get(team.url())) == ["What do carers need?"]
    delete = team.url(f"/questions/{question.id}/delete")
    confirm = assert_page_basics(client.get(delete))
    assert confirm.h1.get_text(strip=True) == "Are you sure you want to delete this research question?"
    assert "What do carers need?" in confirm.select_one(".govuk-inset-text").get_text()
    assert count(ResearchQuestion) == 1
    post_form(client, delete, {})
    assert count(ResearchQuestion) == 0
    assert audit_actions(object_type="ResearchQuestion") == [
        "research_question_added",
        "research_question_updated",
        "research_question_deleted",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("   ", "Enter a research question"),
        ("x" * 301, "Research question must be 300 characters or fewer"),
        (
            "how do PEOPLE find out?",
            "This discovery already has this research question. Enter a different question",
        ),
    ],
)
def test_question_errors_are_in_gov_uk_words(client, team, text, message):
    _add_question(client, team, "How do people find out?")
    response = _add_question(client, team, text)
    assert response.status_code == 200
    assert error_summary(response) == [(message, "#text")]
    assert soup(response).title.get_text().startswith("Error:")
    assert count(ResearchQuestion) == 1


def test_a_stale_question_edit_is_refused_and_keeps_the_typed_text(client, team):
    _add_question(client, team, "What do carers need?")
    question = _question(team, "What do carers need?")
    edit = team.url(f"/questions/{question.id}/edit")
    services.update_question(question, "What do carers need most?", team.researcher, expected_version=1)
    db.session.commit()
    response = post_form(client, edit, {"text": "What do unpaid carers need?", "version": "1"})
    assert response.status_code == 409
    page = soup(response)
    assert (
        "Someone else changed this research question"
        in page.select_one(".govuk-notification-banner").get_text()
    )
    assert page.select_one("textarea").get_text() == "What do unpaid carers need?"
    assert page.select_one("input[name=version]")["value"] == "2"
    db.session.expire_all()
    assert _question(team, "What do carers need most?")


def test_hypotheses_show_their_kind_and_status_in_words(client, team):
    add = team.url("/hypotheses/new")
    response = post_form(
        client,
        add,
        form_data(
            HypothesisForm,
            text="Most people first ask for help by phone",
            kind="hypothesis",
            status="supported",
        ),
    )
    assert response.status_code == 302
    post_form(
        client,
        add,
        form_data(
            HypothesisForm,
            text="Carers know they can ask for an assessment",
            kind="assumption",
            status="untested",
        ),
    )
    assert _hypotheses(client.get(team.url())) == [
        ["Most people first ask for help by phone", "Hypothesis", "Supported"],
        ["Carers know they can ask for an assessment", "Assumption", "Untested"],
    ]
    assumption = db.session.query(Hypothesis).filter_by(kind="assumption").one()
    edit = team.url(f"/hypotheses/{assumption.id}/edit")
    post_form(
        client,
        edit,
        {"text": assumption.text, "kind": "assumption", "status": "not_supported", "version": "1"},
    )
    assert _hypotheses(client.get(team.url()))[1][2] == "Not supported"
    post_form(client, team.url(f"/hypotheses/{assumption.id}/delete"), {})
    assert [h[0] for h in _hypotheses(client.get(team.url()))] == ["Most people first ask for help by phone"]
    assert audit_actions(object_type="Hypothesis") == [
        "hypothesis_added",
        "hypothesis_added",
        "hypothesis_updated",
        "hypothesis_deleted",
    ]


def test_hypothesis_errors_are_in_gov_uk_words(client, team):
    response = post_form(client, team.url("/hypotheses/new"), {"text": "", "kind": "guess", "status": ""})
    assert response.status_code == 200
    assert error_summary(response) == [
        ("Enter a hypothesis or assumption", "#text"),
        ("Select whether this is a hypothesis or an assumption", "#kind"),
        ("Select what the research has found", "#status"),
    ]
    assert count(Hypothesis) == 0


def test_a_stale_hypothesis_edit_is_refused(client, team):
    hypothesis = services.add_hypothesis(team.discovery, "People ring first", "hypothesis", "untested", None)
    db.session.commit()
    edit = team.url(f"/hypotheses/{hypothesis.id}/edit")
    services.update_hypothesis(
        hypothesis, "People ring first", "hypothesis", "supported", None, expected_version=1
    )
    db.session.commit()
    response = post_form(
        client,
        edit,
        {"text": "People phone first", "kind": "hypothesis", "status": "untested", "version": "1"},
    )
    assert response.status_code == 409
    assert soup(response).select_one("textarea").get_text() == "People phone first"


def _save_targets(client, team, values: dict):
    """Save the targets as a person does: from the form as it was just opened, with its version."""
    opened = soup(client.get(team.url("/sample-targets"))).select_one("input[name=version]")["value"]
    return post_form(client, team.url("/sample-targets"), {**values, "version": opened})


def test_sample_targets_changed_by_a_colleague_meanwhile_are_not_overwritten(client, team):
    opened = soup(client.get(team.url("/sample-targets"))).select_one("input[name=version]")["value"]
    _save_targets(client, team, {"target_resident": "8"})  # a colleague saves first

    mine = {"target_resident": "5", "target_unpaid_carer": "6", "version": opened}
    response = post_form(client, team.url("/sample-targets"), mine)
    assert response.status_code == 409
    assert "Someone else changed this discovery's sample targets" in notification(response)
    page = soup(response)
    assert page.select_one("#target_resident")["value"] == "5"  # what I typed is kept
    assert page.select_one("input[name=version]")["value"] != opened
    assert {t.segment: t.target for t in db.session.query(SampleTarget)} == {"resident": 8}


def test_sample_targets_show_participants_met_against_each_target(client, team):
    page = soup(client.get(team.url("/sample-targets")))
    assert "6 to 8 people per user group" in page.get_text()
    response = _save_targets(
        client,
        team,
        form_data(
            TargetsForm,
            target_resident="3",
            target_unpaid_carer="6",
            target_provider="",
            target_social_worker="4",
        ),
    )
    assert response.status_code == 302
    assert _targets(client.get(team.url())) == [
        ["Resident", "3 of 3", "Target met"],
        ["Unpaid carer", "1 of 6", "Under target"],
        ["Social worker", "0 of 4", "Under target"],
    ]
    assert {t.segment: t.target for t in db.session.query(SampleTarget)} == {
        "resident": 3,
        "unpaid_carer": 6,
        "social_worker": 4,
    }
    # Emptying a box removes that target; saving again without a change writes no audit event.
    _save_targets(client, team, {"target_resident": "3", "target_unpaid_carer": "6"})
    _save_targets(client, team, {"target_resident": "3", "target_unpaid_carer": "6"})
    assert _targets(client.get(team.url())) == [
        ["Resident", "3 of 3", "Target met"],
        ["Unpaid carer", "1 of 6", "Under target"],
    ]
    assert audit_actions(action="sample_targets_set") == ["sample_targets_set"] * 2


@pytest.mark.parametrize("value", ["0", "201", "six", "2.5", "-3"])
def test_a_target_that_is_not_a_whole_number_from_1_to_200_is_refused(client, team, value):
    response = _save_targets(client, team, {"target_resident": "6", "target_provider": value})
    assert response.status_code == 200
    assert error_summary(response) == [
        ("Enter a whole number between 1 and 200 for ‘Care provider’", "#target_provider")
    ]
    assert soup(response).select_one("#target_provider")["value"] == value
    assert count(SampleTarget) == 0


def test_the_overview_shows_the_plan_with_a_link_to_it(client, team):
    _add_question(client, team, "What do carers need?")
    page = soup(client.get(f"/discoveries/{team.discovery.id}"))
    assert [li.get_text(strip=True) for li in page.select(".app-overview__questions li")] == [
        "What do carers need?"
    ]
    link = page.find("a", string="Manage the research plan")
    assert link["href"] == team.url()


@pytest.mark.parametrize("who", ["squad_member", "lead"])
def test_squad_members_and_leads_read_the_plan_but_cannot_change_it(app, client, team, who):
    _add_question(client, team, "What do carers need?")
    question = _question(team, "What do carers need?")
    reader = app.test_client()
    sign_in(reader, getattr(team, who))
    page = soup(reader.get(team.url()))
    assert _questions(reader.get(team.url())) == ["What do carers need?"]
    assert not page.find("a", string="Add a research question")
    assert not page.select(".app-plan-question__move")
    assert soup(reader.get(f"/discoveries/{team.discovery.id}")).find("a", string="View the research plan")
    for path in (
        "/questions/new",
        f"/questions/{question.id}/edit",
        f"/questions/{question.id}/delete",
        "/sample-targets",
        "/hypotheses/new",
    ):
        assert reader.get(team.url(path)).status_code == 403
    token_page = reader.get(team.url())
    from tests.support import csrf_token

    response = reader.post(
        team.url(f"/questions/{question.id}/move"),
        data={"csrf_token": csrf_token(token_page.get_data(as_text=True)), "direction": "down"},
    )
    assert response.status_code == 403


def test_someone_outside_the_discovery_cannot_read_its_plan(app, team):
    outsider = app.test_client()
    sign_in(outsider, team.outsider)
    assert outsider.get(team.url()).status_code == 403


def test_a_question_of_another_discovery_is_not_found(client, team, factories):
    other = factories.discovery(title="Blue badges", members=[team.researcher])
    db.session.commit()
    question = services.add_question(other, "Who applies?", None)
    db.session.commit()
    assert client.get(team.url(f"/questions/{question.id}/edit")).status_code == 404
