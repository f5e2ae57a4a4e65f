"""Downloads of the backlog (Jira CSV, CSV, JSON) and the CSV import that brings back status
and external references: by id, all or nothing, with what changed reported."""

from __future__ import annotations

import csv
import io
import json

import pytest

from discovery.backlog.models import BacklogItem
from discovery.extensions import db
from tests.integration.backlog.conftest import CARER, HOLD, RING_BACK
from tests.support import audit_actions, count, error_summary, post_file, soup

NOT_UTF8 = (
    "The selected file is not saved as UTF-8. Save it as ‘CSV UTF-8’ in your spreadsheet program "
    "and upload it again"
)
USE_EXPORT = "Use the columns of the backlog CSV export"


@pytest.fixture
def items(squad):
    need = squad.need("to be rung back", cites=[RING_BACK])
    return [
        squad.item("Ring people back", priority="must", needs=[need], cites=[HOLD]),
        squad.item("Ask carers how they are", priority="should", cites=[CARER], external_ref="ASC-7"),
        squad.item("Try a chatbot", priority="wont", status="dropped"),
    ]


def _csv(client, squad) -> list[list[str]]:
    response = client.get(squad.url("/export/backlog.csv"))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def _file(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return "\ufeff" + buffer.getvalue()


def test_the_three_downloads_carry_the_backlog_and_are_audited(client, squad, items):
    jira = client.get(squad.url("/export/jira.csv"))
    assert jira.mimetype == "text/csv" and jira.headers["Cache-Control"] == "no-store"
    rows = list(csv.reader(io.StringIO(jira.get_data(as_text=True))))
    assert rows[0] == ["Summary", "Description", "Priority", "Labels", "Issue Type"]
    assert [(r[0], r[2]) for r in rows[1:]] == [
        ("Ring people back", "Highest"),
        ("Ask carers how they are", "High"),
        ("Try a chatbot", "Lowest"),
    ]
    assert "Evidence: 2 findings from 1 participant in 1 council" in rows[1][1]
    assert "Evidence: no findings yet" in rows[3][1]
    generic = _csv(client, squad)
    assert [r[2] for r in generic[1:]] == ["Ring people back", "Ask carers how they are", "Try a chatbot"]
    assert generic[1][9] == "As a resident, I need to be rung back"
    data = json.loads(client.get(squad.url("/export/backlog.json")).get_data(as_text=True))
    assert [d["number"] for d in data] == [1, 2, 3]
    assert data[0]["evidence"]["findings"] == 2
    assert data[0]["finding_ids"] == [str(squad.findings[HOLD].id)]
    assert audit_actions(action="backlog_exported") == ["backlog_exported"] * 3


def test_a_withdrawn_participant_never_reaches_an_export(client, squad, items):
    squad.carer.consent_withdrawn_at = db.func.now()
    db.session.commit()
    data = json.loads(client.get(squad.url("/export/backlog.json")).get_data(as_text=True))
    assert str(squad.findings[CARER].id) not in json.dumps(data)
    assert data[1]["evidence"]["findings"] == 0


def test_a_round_trip_updates_status_and_references_and_reports_them(client, squad, items):
    rows = _csv(client, squad)
    rows[1][6] = "Done"  # Item 1: status by its English label
    rows[2][8] = "asc-12"  # Item 2: a new reference, typed in lower case
    rows[3][6] = "dropped"  # Item 3: unchanged
    response = post_file(client, squad.url("/import"), _file(rows), "backlog.csv", follow=True)
    assert response.status_code == 200
    page = soup(response)
    assert [li.get_text(" ", strip=True) for li in page.select(".app-backlog__import-changes li")] == [
        "Item 1 : status To do → Done",
        "Item 2 : external reference ASC-7 → ASC-12",
    ]
    assert page.select_one(".app-backlog__import-unchanged").get_text(strip=True) == "1 item unchanged"
    assert "Only status and external reference are read" in page.get_text(" ", strip=True)
    db.session.expire_all()
    assert count(BacklogItem) == 3
    first, second, _ = (db.session.get(BacklogItem, i.id) for i in items)
    assert (first.status, second.external_ref) == ("done", "ASC-12")
    assert first.version == 2
    assert "backlog_item_imported" in audit_actions(object_id=str(first.id))
    # The same file again changes nothing and adds nothing.
    response = post_file(client, squad.url("/import"), _file(rows), "backlog.csv", follow=True)
    assert (
        soup(response).select_one(".app-backlog__import-unchanged").get_text(strip=True)
        == "3 items unchanged"
    )
    assert count(BacklogItem) == 3


def test_the_result_page_is_only_for_the_person_who_imported(client, squad, items, factories):
    rows = _csv(client, squad)
    response = post_file(client, squad.url("/import"), _file(rows), "backlog.csv")
    location = response.headers["Location"]
    assert client.get(location).status_code == 200
    other = factories.user(role="researcher")
    squad.discovery.members.append(other)
    db.session.commit()
    client.post("/sign-out", data={})
    client.delete_cookie("session")
    from tests.support import sign_in

    sign_in(client, other)
    assert client.get(location).status_code == 404


def test_an_import_with_any_problem_changes_nothing_and_lists_every_problem(client, squad, items):
    rows = _csv(client, squad)
    first_id = rows[1][0]
    rows[1][6] = "done"  # valid on its own, but the file has problems, so not applied
    rows[2][6] = "Finished"
    rows[3][8] = "see the ticket"
    rows.append(list(rows[1]))
    rows.append(["00000000-0000-0000-0000-000000000000", *rows[1][1:]])
    response = post_file(client, squad.url("/import"), _file(rows), "backlog.csv")
    assert response.status_code == 200
    assert error_summary(response) == [
        ("Row 3: ‘Finished’ is not a status. Use To do, In progress, Done or Dropped", "#file"),
        (
            "Row 4: ‘see the ticket’ is not a Jira key such as ASC-123 or a web address starting with https://",
            "#file",
        ),
        (f"Row 5: item {first_id} is also on row 2. Each item can be on one row only", "#file"),
        (
            "Row 6: there is no item with id 00000000-0000-0000-0000-000000000000 in this discovery",
            "#file",
        ),
    ]
    assert "Nothing was imported" in soup(response).get_text(" ", strip=True)
    db.session.expire_all()
    assert [db.session.get(BacklogItem, i.id).status for i in items] == ["todo", "todo", "dropped"]
    assert audit_actions(action="backlog_imported") == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "id,status,colour\n",
            "The file has columns this import does not know: ‘colour’. " + USE_EXPORT,
        ),
        (
            "id,status\nx,done\n".encode("utf-16"),
            NOT_UTF8,
        ),
    ],
)
def test_wrong_columns_and_encodings_are_refused(client, squad, items, content, message):
    response = post_file(client, squad.url("/import"), content, "backlog.csv")
    assert error_summary(response) == [(message, "#file")]


def test_a_windows_spreadsheet_is_refused_with_nothing_changed(client, squad, items):
    rows = _csv(client, squad)
    rows[1][6] = "done"
    rows[1][2] = "Costs £5"
    text = _file(rows).lstrip("\ufeff")
    response = post_file(client, squad.url("/import"), text.encode("cp1252"), "backlog.csv")
    assert [m for m, _ in error_summary(response)] == [NOT_UTF8]
    db.session.expire_all()
    assert db.session.get(BacklogItem, items[0].id).status == "todo"


def test_a_welsh_status_word_is_understood(client, squad, items):
    rows = [["id", "status"], [str(items[0].id), "  ar y GWEILL "], [str(items[1].id), "Cwblhawyd"]]
    response = post_file(client, squad.url("/import"), _file(rows), "backlog.csv", follow=True)
    assert response.status_code == 200
    db.session.expire_all()
    assert [db.session.get(BacklogItem, i.id).status for i in items[:2]] == ["in_progress", "done"]
