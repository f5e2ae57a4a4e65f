"""The export renderers and the import parser, without an app: columns, content and problems."""

from __future__ import annotations

import csv
import io
import json
import uuid

import pytest

from discovery.backlog import export, importer
from discovery.backlog.export import ExportItem, Linked

ITEM_ID = uuid.UUID("11111111-2222-3333-4444-555555555555")
NEED_ID = uuid.UUID("aaaaaaaa-0000-0000-0000-000000000001")
THEME_ID = uuid.UUID("aaaaaaaa-0000-0000-0000-000000000002")
STAGE_ID = uuid.UUID("aaaaaaaa-0000-0000-0000-000000000003")
FINDING_ID = uuid.UUID("aaaaaaaa-0000-0000-0000-000000000004")
USE_EXPORT = "Use the columns of the backlog CSV export"
STATUS_WORDS = {
    "todo": "todo",
    "to do": "todo",
    "done": "done",
    "in progress": "in_progress",
    "gwneud": "done",
}


def _item(**changes) -> ExportItem:
    values = dict(
        id=ITEM_ID,
        number=3,
        title="Ring people back when we say we will",
        user_story="As a resident, I want a call back, so that I can plan my day.",
        acceptance_criteria="Call-backs are booked\nMissed ones are reported",
        priority="must",
        status="in_progress",
        size="m",
        external_ref="ASC-12",
        needs=(Linked(NEED_ID, "As a resident, I need to be rung back"),),
        themes=(Linked(THEME_ID, "Long waits on the phone, and nobody rings back"),),
        stages=(Linked(STAGE_ID, "Accessing adult social care: First contact"),),
        finding_ids=(FINDING_ID,),
        evidence_ids=(FINDING_ID,),
        evidence_findings=6,
        evidence_participants=4,
        evidence_authorities=2,
    )
    return ExportItem(**(values | changes))


def _read(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def test_the_jira_csv_has_exactly_jiras_columns_and_maps_priority_and_labels():
    text = export.jira_csv([_item(), _item(priority="wont", themes=(), id=uuid.uuid4())])
    assert not text.startswith("\ufeff")
    header, row, other = _read(text)
    assert header == ["Summary", "Description", "Priority", "Labels", "Issue Type"]
    summary, description, priority, labels, issue_type = row
    assert (summary, priority, issue_type) == ("Ring people back when we say we will", "Highest", "Story")
    assert labels == "discovery must-have long-waits-on-the-phone-and-nobody-rings-back"
    assert all(" " not in label for label in labels.split(" "))
    assert description == (
        "As a resident, I want a call back, so that I can plan my day.\n\n"
        "Acceptance criteria:\nCall-backs are booked\nMissed ones are reported\n\n"
        "Evidence: 6 findings from 4 participants in 2 councils\n\n"
        f"Discovery item 3 (id {ITEM_ID})"
    )
    assert (other[2], other[3]) == ("Lowest", "discovery wont-have")


def test_the_jira_labels_keep_welsh_letters_and_drop_punctuation():
    assert export.label("Siaradwyr Cymraeg: help yn Gymraeg?") == "siaradwyr-cymraeg-help-yn-gymraeg"
    assert export.label("Gwasanaethau ŵyr") == "gwasanaethau-ŵyr"


def test_the_generic_csv_has_every_field_and_a_byte_order_mark():
    text = export.generic_csv(
        [_item(), _item(id=uuid.uuid4(), title="=HYPERLINK()", size=None, external_ref="")]
    )
    assert text.startswith("\ufeff")
    header, row, risky = _read(text)
    assert header == export.GENERIC_COLUMNS
    assert dict(zip(header, row, strict=True)) == {
        "id": str(ITEM_ID),
        "number": "3",
        "title": "Ring people back when we say we will",
        "user_story": "As a resident, I want a call back, so that I can plan my day.",
        "acceptance_criteria": "Call-backs are booked\nMissed ones are reported",
        "priority": "must",
        "status": "in_progress",
        "size": "m",
        "external_reference": "ASC-12",
        "needs": "As a resident, I need to be rung back",
        "themes": "Long waits on the phone, and nobody rings back",
        "journey_stages": "Accessing adult social care: First contact",
        "evidence_findings": "6",
        "evidence_participants": "4",
        "evidence_authorities": "2",
    }
    assert risky[2] == "'=HYPERLINK()"  # a spreadsheet never runs it
    assert (risky[7], risky[8]) == ("", "")


def test_the_json_lists_the_same_data_with_the_ids_of_what_is_linked():
    [data] = json.loads(export.items_json([_item()]))
    assert data["id"] == str(ITEM_ID)
    assert (data["priority"], data["status"], data["external_reference"]) == ("must", "in_progress", "ASC-12")
    assert data["needs"] == [{"id": str(NEED_ID), "statement": "As a resident, I need to be rung back"}]
    assert data["themes"][0]["id"] == str(THEME_ID)
    assert data["journey_stages"][0] == {
        "id": str(STAGE_ID),
        "name": "Accessing adult social care: First contact",
    }
    assert data["finding_ids"] == [str(FINDING_ID)]
    assert data["evidence"] == {
        "findings": 6,
        "participants": 4,
        "authorities": 2,
        "finding_ids": [str(FINDING_ID)],
    }


def _messages(data: bytes, known=(ITEM_ID,)) -> list[str]:
    with pytest.raises(importer.ImportProblems) as raised:
        importer.parse(data, set(known), STATUS_WORDS)
    return [p.message for p in raised.value.problems]


def test_the_parser_reads_status_and_reference_by_id_from_the_export_layout():
    text = export.generic_csv([_item()])
    rows = _read(text)
    rows[1][6], rows[1][8] = "Done", "asc-99"
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    plan = importer.parse(("\ufeff" + buffer.getvalue()).encode(), {ITEM_ID}, STATUS_WORDS)
    assert plan.encoding == "UTF-8 with BOM"
    assert plan.rows == (importer.PlannedRow(2, ITEM_ID, "done", "ASC-99"),)
    assert "title" in plan.ignored_columns


def test_the_parser_lists_every_problem_with_its_row():
    other = uuid.uuid4()
    data = (
        f"id,status,external_reference\n{ITEM_ID},Finished,ASC-1\nnope,todo,\n{ITEM_ID},done,\n"
        f"{other},done,\n{uuid.uuid4()},done,\n"
    ).encode()
    assert _messages(data, known=(ITEM_ID, other)) == [
        "Row 2: ‘Finished’ is not a status. Use To do, In progress, Done or Dropped",
        "Row 3: ‘nope’ is not an item id. Copy ids from the export",
        f"Row 4: item {ITEM_ID} is also on row 2. Each item can be on one row only",
        f"Row 6: there is no item with id {_read(data.decode())[5][0]} in this discovery",
    ]
    bad_ref = f"id,external_reference\n{ITEM_ID},see the ticket\n".encode()
    assert _messages(bad_ref) == [
        "Row 2: ‘see the ticket’ is not a Jira key such as ASC-123 or a web address starting with https://"
    ]


def test_the_parser_refuses_unknown_columns_and_a_missing_id():
    assert _messages(b"id,status,colour,Owner\n") == [
        "The file has columns this import does not know: ‘colour’, ‘Owner’. " + USE_EXPORT
    ]
    assert _messages(b"title,status\nA,done\n") == [
        "The file must have an ‘id’ column, as the backlog CSV export does"
    ]


def test_the_parser_refuses_files_not_saved_as_utf8_empty_or_too_big():
    cp1252 = f"id,status,title\n{ITEM_ID},done,Costs £5\n".encode("cp1252")
    assert _messages(cp1252) == [
        "The selected file is not saved as UTF-8. Save it as ‘CSV UTF-8’ in your spreadsheet program "
        "and upload it again"
    ]
    assert _messages(b"") == ["The selected file is empty"]
    assert _messages(b"id\n" + b"x" * (importer.MAX_BYTES + 1)) == [
        "The selected file must be smaller than 2 MB"
    ]
