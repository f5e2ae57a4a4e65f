"""The needs list, a need's page, writing and editing a need, citing findings and deleting."""

from __future__ import annotations

import sqlalchemy as sa

from discovery.extensions import db
from discovery.needs import services as needs
from discovery.needs.forms import LinkFindingsForm, NeedForm
from discovery.needs.models import UserNeed
from tests.integration.needs.conftest import APP, CARER_BREAKS, NOBODY_TOLD, PHONE_WAIT
from tests.support import (
    assert_page_basics,
    audit_actions,
    count,
    error_summary,
    form_data,
    link,
    notification,
    post_form,
    soup,
    summary_rows,
)


def _rows(response) -> list[dict]:
    """Each row of the needs table as a reader sees it."""
    page = soup(response)
    return [
        {
            "statement": row.select_one(".app-need__statement").get_text(strip=True),
            "status": row.select_one(".govuk-tag:not(.app-need__solution)").get_text(strip=True),
            "solution": row.select_one(".app-need__solution") is not None,
            "segment": row.select_one(".app-need__segment").get_text(" ", strip=True),
            "themes": [a.get_text(strip=True) for a in row.select(".app-need__themes a")],
            "strength": row.select_one(".app-need__strength").get_text(" ", strip=True),
        }
        for row in page.select("tr.app-need")
    ]


def _three_needs(squad):
    phone = squad.theme_of("Phone queues", [PHONE_WAIT])
    carer = squad.need(
        "an unpaid carer",
        "to be told about the carers assessment",
        "I can ask for one",
        cites=[NOBODY_TOLD, CARER_BREAKS],
        themes=[squad.theme],
        segment="unpaid_carer",
    )
    app = squad.need(
        "a resident",
        "an app to book respite",
        "I can rest",
        cites=[APP],
        themes=[squad.theme],
        segment="resident",
    )
    phone_need = squad.need(
        "a resident",
        "to speak to someone on the phone",
        "I can ask questions",
        cites=[PHONE_WAIT, APP],
        themes=[phone],
        segment="resident",
        status="validated",
    )
    return carer, app, phone_need, phone


def test_the_list_shows_every_need_with_its_status_themes_and_evidence_strength(client, squad):
    carer, _, phone_need, _ = _three_needs(squad)
    assert carer.statement == (
        "As an unpaid carer, I need to be told about the carers assessment, so that I can ask for one"
    )
    response = client.get(squad.url())
    page = assert_page_basics(response)
    assert page.h1.get_text(strip=True) == "User needs"
    assert "Findings in a linked theme count only when the need cites them." in page.get_text()
    assert _rows(response) == [
        {
            "statement": carer.statement,
            "status": "Hypothesis",
            "solution": False,
            "segment": "Segment: Unpaid carer",
            "themes": ["Knowing what help exists"],
            "strength": "2 findings from 1 participant in 1 authority",
        },
        {
            "statement": "As a resident, I need an app to book respite, so that I can rest",
            "status": "Hypothesis",
            "solution": True,
            "segment": "Segment: Resident",
            "themes": ["Knowing what help exists"],
            "strength": "1 finding from 1 participant in 1 authority",
        },
        {
            "statement": phone_need.statement,
            "status": "Validated",
            "solution": False,
            "segment": "Segment: Resident",
            "themes": ["Phone queues"],
            "strength": "2 findings from 1 participant in 1 authority",
        },
    ]
    nav = page.select_one(".app-sub-navigation a[aria-current=page]")
    assert nav.get_text(strip=True) == "User needs"


def test_the_list_filters_by_segment_status_and_theme(client, squad):
    carer, app, phone_need, phone = _three_needs(squad)
    statements = lambda query: [r["statement"] for r in _rows(client.get(squad.url(query)))]  # noqa: E731
    assert statements("?segment=unpaid_carer") == [carer.statement]
    assert statements("?status=validated") == [phone_need.statement]
    assert statements(f"?theme={phone.id}") == [phone_need.statement]
    assert statements(f"?theme={squad.theme.id}&segment=resident") == [app.statement]
    assert statements("?segment=resident&segment=unpaid_carer&status=hypothesis") == [
        carer.statement,
        app.statement,
    ]
    page = soup(client.get(squad.url("?status=validated")))
    assert "1 of 3 user needs match these filters" in page.get_text()
    assert page.select_one("#status-2")["value"] == "validated"
    assert page.select_one("#status-2").has_attr("checked")
    assert link(page, "Clear filters")["href"] == squad.url()


def test_unknown_filter_values_are_ignored(client, squad):
    _three_needs(squad)
    response = client.get(squad.url("?segment=dragon&status=x&theme=not-a-uuid&theme=" + str(squad.carer.id)))
    assert response.status_code == 200
    assert len(_rows(response)) == 3


def test_a_need_page_shows_the_statement_evidence_and_the_quotes_it_cites(client, squad):
    carer, *_ = _three_needs(squad)
    response = client.get(squad.url(f"/{carer.id}"))
    page = assert_page_basics(response)
    assert page.h1.get_text(strip=True) == carer.statement
    rows = summary_rows(page)
    assert rows["Who"] == "an unpaid carer"
    assert rows["Segment"] == "Unpaid carer"
    assert rows["Status"] == "Hypothesis"
    assert rows["Themes"] == "Knowing what help exists"
    assert rows["Evidence"].startswith("2 findings from 1 participant in 1 authority")
    assert "Counted from the findings this need cites." in rows["Evidence"]
    quotes = [b.get_text(strip=True) for b in page.select(".app-need__finding blockquote")]
    assert quotes == [CARER_BREAKS, NOBODY_TOLD]
    sources = [" ".join(p.get_text().split()) for p in page.select(".app-need__finding .app-finding__source")]
    assert sources[0].startswith("P01 (Unpaid carer, Neath Port Talbot Council) · Interview with P01")
    first_note = page.select_one(".app-need__finding .app-finding__source a")
    assert (
        first_note["href"] == f"/discoveries/{squad.discovery.id}/findings/{squad.findings[CARER_BREAKS].id}"
    )
    assert page.select_one(".app-need__solution-warning") is None
    assert "Written" in page.select_one(".govuk-table").get_text()


def test_a_need_naming_a_solution_warns_with_the_words_found(client, squad):
    _, app, phone_need, _ = _three_needs(squad)
    warning = soup(client.get(squad.url(f"/{app.id}"))).select_one(".app-need__solution-warning")
    assert "This need names a solution: ‘app’." in warning.get_text(" ", strip=True)
    assert "not the thing we might build" in warning.get_text()
    phone_page = soup(client.get(squad.url(f"/{phone_need.id}")))
    assert phone_page.select_one(".app-need__solution-warning") is None


def test_writing_a_need_that_names_a_solution_saves_it_and_warns(client, squad):
    response = post_form(
        client,
        squad.url("/new"),
        form_data(
            NeedForm,
            who="an unpaid carer",
            need="I need an app",
            goal="so that I can book a break at night",
            segment="unpaid_carer",
            status="hypothesis",
            themes=[str(squad.theme.id)],
        ),
        follow=True,
    )
    assert "User need saved" in notification(response)
    page = soup(response)
    assert (
        page.h1.get_text(strip=True)
        == "As an unpaid carer, I need an app, so that I can book a break at night"
    )
    assert "This need names a solution: ‘app’." in page.select_one(".app-need__solution-warning").get_text()
    need = db.session.scalar(sa.select(UserNeed))
    assert [t.id for t in need.themes] == [squad.theme.id]
    assert audit_actions(object_id=str(need.id)) == ["need_created"]


def test_a_need_about_the_phone_is_not_a_solution(client, squad):
    response = post_form(
        client,
        squad.url("/new"),
        form_data(
            NeedForm, who="a resident", need="to speak to someone on the phone", goal="", status="validated"
        ),
        follow=True,
    )
    page = soup(response)
    assert page.h1.get_text(strip=True) == "As a resident, I need to speak to someone on the phone"
    assert page.select_one(".app-need__solution-warning") is None
    assert db.session.scalar(sa.select(UserNeed)).segment is None


def test_writing_a_need_says_what_is_missing_in_govuk_style(client, squad):
    response = post_form(client, squad.url("/new"), form_data(NeedForm, who=" ", need="", goal="", status=""))
    assert error_summary(response) == [
        ("Enter who has the need", "#who"),
        ("Enter what the user needs", "#need"),
        ("Select whether the need is a hypothesis or validated", "#status"),
    ]
    response = post_form(
        client, squad.url("/new"), form_data(NeedForm, who="a resident", need="x" * 301, status="hypothesis")
    )
    assert error_summary(response) == [("Need must be 300 characters or fewer", "#need")]
    response = post_form(
        client,
        squad.url("/new"),
        form_data(NeedForm, who="a resident", need="to rest", goal="[goal]", status="hypothesis"),
    )
    assert error_summary(response) == [("Enter what the user wants to achieve, or delete ‘[goal]’", "#goal")]
    assert count(UserNeed) == 0


def test_a_statement_the_discovery_already_has_is_an_error_on_the_need(client, squad):
    squad.need("an unpaid carer", "to know what a break costs", "I can plan")
    response = post_form(
        client,
        squad.url("/new"),
        form_data(
            NeedForm,
            who="An unpaid  carer",
            need="To know what a break costs",
            goal="I can plan.",
            status="hypothesis",
        ),
    )
    assert error_summary(response) == [
        (
            "A user need with these words already exists. Change what the user needs, or who has the need",
            "#need",
        )
    ]
    assert count(UserNeed) == 1


def test_editing_a_need_changes_its_words_status_and_themes(client, squad):
    carer, _, _, phone = _three_needs(squad)
    edit = soup(client.get(squad.url(f"/{carer.id}/edit")))
    assert edit.select_one("#who")["value"] == "an unpaid carer"
    assert edit.select_one("#segment-3").has_attr("checked")  # "", resident, unpaid_carer
    assert [i["value"] for i in edit.select("input[name=themes][checked]")] == [str(squad.theme.id)]
    response = post_form(
        client,
        squad.url(f"/{carer.id}/edit"),
        form_data(
            NeedForm,
            version=edit.select_one("input[name=version]")["value"],
            who="an unpaid carer",
            need="to be told about the carers assessment when I first call",
            goal="I can ask for one",
            segment="unpaid_carer",
            status="validated",
            themes=[str(phone.id)],
        ),
        follow=True,
    )
    assert "User need saved" in notification(response)
    db.session.expire_all()
    need = db.session.get(UserNeed, carer.id)
    assert need.status == "validated"
    assert need.need == "to be told about the carers assessment when I first call"
    assert [t.label for t in need.themes] == ["Phone queues"]
    assert "Edited (status changed to Validated)" in soup(response).get_text()


def test_a_stale_edit_is_refused_with_409_and_the_text_kept(client, squad):
    need = squad.need("an unpaid carer", "to know what a break costs", "I can plan")
    edit = soup(client.get(squad.url(f"/{need.id}/edit")))
    version = edit.select_one("input[name=version]")["value"]
    needs.update_need(
        need,
        needs.NeedData("an unpaid carer", "to know what a break costs before I book", "I can plan"),
        squad.researcher,
        expected_version=need.version,
    )
    db.session.commit()
    response = post_form(
        client,
        squad.url(f"/{need.id}/edit"),
        form_data(
            NeedForm,
            version=version,
            who="an unpaid carer",
            need="my own words",
            goal="I can plan",
            status="hypothesis",
        ),
    )
    assert response.status_code == 409
    page = soup(response)
    assert "Someone else changed this user need while you were editing it" in notification(response)
    assert page.select_one("#need").get_text() == "my own words"
    assert page.select_one("input[name=version]")["value"] == str(db.session.get(UserNeed, need.id).version)
    db.session.expire_all()
    assert db.session.get(UserNeed, need.id).need == "to know what a break costs before I book"


def test_cited_findings_are_chosen_from_the_linked_themes(client, squad):
    need = squad.need(
        "an unpaid carer", "to know what a break costs", cites=[CARER_BREAKS], themes=[squad.theme]
    )
    page = soup(client.get(squad.url(f"/{need.id}/findings")))
    labels = [label.get_text(" ", strip=True) for label in page.select(".govuk-checkboxes__label")]
    assert [label.split(" P0")[0] for label in labels] == [CARER_BREAKS, NOBODY_TOLD, APP, PHONE_WAIT]
    ticked = [i["value"] for i in page.select("input[name=finding][checked]")]
    assert ticked == [str(squad.findings[CARER_BREAKS].id)]
    response = post_form(
        client,
        squad.url(f"/{need.id}/findings"),
        form_data(
            LinkFindingsForm,
            version=page.select_one("input[name=version]")["value"],
            finding=[str(squad.findings[NOBODY_TOLD].id), str(squad.findings[APP].id)],
        ),
        follow=True,
    )
    assert "Cited findings saved: 2 added, 1 removed" in notification(response)
    quotes = [b.get_text(strip=True) for b in soup(response).select(".app-need__finding blockquote")]
    assert quotes == [NOBODY_TOLD, APP]
    assert "Cited findings changed: 2 added, 1 removed" in soup(response).get_text()


def test_a_finding_from_elsewhere_cannot_be_cited_by_tampering(client, squad):
    need = squad.need("an unpaid carer", "to know what a break costs")
    page = soup(client.get(squad.url(f"/{need.id}/findings")))
    assert "There are no findings to choose from yet." in page.get_text()
    edit = soup(client.get(squad.url(f"/{need.id}/edit")))
    token = edit.select_one("input[name=csrf_token]")["value"]
    response = client.post(
        squad.url(f"/{need.id}/findings"),
        data={"csrf_token": token, "version": str(need.version), "finding": str(squad.findings[APP].id)},
    )
    assert ("Select from the options shown", "#finding") in error_summary(response)
    db.session.expire_all()
    assert db.session.get(UserNeed, need.id).findings == []


def test_deleting_a_need_asks_first_then_removes_it(client, squad):
    need = squad.need("an unpaid carer", "to know what a break costs", cites=[CARER_BREAKS])
    page = soup(client.get(squad.url(f"/{need.id}")))
    assert link(page, "Delete this user need")["href"] == squad.url(f"/{need.id}/delete")
    confirm = soup(client.get(squad.url(f"/{need.id}/delete")))
    assert confirm.h1.get_text(strip=True) == "Are you sure you want to delete this user need?"
    assert need.statement in confirm.get_text()
    response = post_form(client, squad.url(f"/{need.id}/delete"), {}, follow=True)
    assert "User need deleted" in notification(response)
    assert count(UserNeed) == 0
    assert "need_deleted" in audit_actions(object_id=str(need.id))
    assert client.get(squad.url(f"/{need.id}")).status_code == 404


def test_the_needs_pages_read_in_welsh(client, squad):
    carer, app, _, _ = _three_needs(squad)
    listing = assert_page_basics(client.get(squad.url("?lang=cy")), lang="cy")
    assert listing.h1.get_text(strip=True) == "Anghenion defnyddwyr"
    assert "Yn enwi datrysiad" in listing.get_text()
    page = assert_page_basics(client.get(squad.url(f"/{app.id}?lang=cy")), lang="cy")
    assert (
        "Mae'r angen hwn yn enwi datrysiad: ‘app’."
        in page.select_one(".app-need__solution-warning").get_text()
    )
    drafts = assert_page_basics(client.get(squad.url(f"/from-theme/{squad.theme.id}?lang=cy")), lang="cy")
    assert drafts.select_one("label[for=drafts-0-need]").get_text(strip=True) == "Mae angen i mi…"
