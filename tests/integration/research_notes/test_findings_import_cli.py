"""`flask import-findings FILE --discovery SLUG [--yes]`: the review printed, confirmed, all or nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from discovery.extensions import db
from research_notes.finding_vectors.models import FindingVector
from research_notes.models import Finding, ResearchNote, Tag, Utterance
from tests.support import audit_events, count
from tests.unit.importers import workbooks

SURVEY = (
    "text,participant,tags,kind,journey_stage,source\n"
    "The phone queue was forty minutes. Ring me on 07700 900123,P01,Contact,Pain point,First contact,\n"
    "Nobody called back,P02,,need,,\n"
    "Loved the carers' café,,,Positive,,Workshop 2\n"
)


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def discovery(factories):
    discovery = factories.discovery(title="Carers breaks", slug="carers-breaks")
    factories.participant(discovery=discovery, pseudonym="P01", segment="unpaid_carer")
    factories.participant(discovery=discovery, pseudonym="P02")
    factories.tag(discovery=discovery, name="Contact")
    db.session.commit()
    return discovery


@pytest.fixture
def survey(tmp_path):
    path = tmp_path / "carers survey.csv"
    path.write_text(SURVEY, encoding="utf-8")
    return path


def invoke(runner, *args, input=None):
    return runner.invoke(args=["import-findings", *map(str, args)], input=input)


def test_the_command_is_registered_with_the_app(app):
    assert "import-findings" in app.cli.list_commands(None)


def test_with_yes_the_review_is_printed_and_every_row_saved(runner, discovery, survey):
    result = invoke(runner, survey, "--discovery", "carers-breaks", "--yes")

    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "carers survey.csv (CSV, UTF-8, columns separated by commas) into ‘Carers breaks’",
        "  Findings: 3",
        "  Participants (2): P01, P02",
        "  Tags (1): Contact",
        "  Personal data found, to be replaced (1):",
        "    Row 2: phone number “07700 900123” → [PHONE]",
        "Imported 3 findings from carers survey.csv as the note ‘Carers survey’ "
        "(0 tags created, 1 item of personal data replaced)",
        "  Reading the meaning of each finding: 0 of 3",
        "  Reading the meaning of each finding: 3 of 3",
        "Read the meaning of 3 findings.",
    ]
    assert count(FindingVector) == 3  # themes can use them at once
    note = db.session.scalar(sa.select(ResearchNote))
    assert (note.title, note.method, note.source_format) == ("Carers survey", "survey", "csv")
    findings = list(db.session.scalars(sa.select(Finding).order_by(Finding.start_offset)))
    assert [f.text for f in findings] == [
        "The phone queue was forty minutes. Ring me on [PHONE]",
        "Nobody called back",
        "Loved the carers' café",
    ]
    assert [f.participant.pseudonym if f.participant else None for f in findings] == ["P01", "P02", None]
    assert [f.speaker for f in findings] == ["P01", "P02", "Workshop 2"]
    assert [e.details["findings"] for e in audit_events("findings_imported")] == [3]


def test_without_yes_it_asks_first_and_saves_nothing_when_told_no(runner, discovery, survey):
    result = invoke(runner, survey, "--discovery", "carers-breaks", input="n\n")

    assert result.exit_code == 1
    assert "Import 3 findings into ‘Carers breaks’? [y/N]: n" in result.output
    assert (count(ResearchNote), count(Finding)) == (0, 0)


def test_without_yes_it_imports_once_confirmed(runner, discovery, survey):
    result = invoke(runner, survey, "--discovery", "carers-breaks", input="y\n")

    assert result.exit_code == 0, result.output
    assert count(Finding) == 3


def test_row_errors_are_printed_with_their_rows_and_nothing_is_saved(runner, discovery, tmp_path, factories):
    factories.participant(discovery=discovery, pseudonym="P03", consent_withdrawn_at=datetime.now(UTC))
    db.session.commit()
    path = tmp_path / "bad.csv"
    path.write_text(
        "text,participant,kind\nFine,P01,\nWho?,P99,\nWithdrawn,P03,\nOdd,,complaint\n", encoding="utf-8"
    )

    result = invoke(runner, path, "--discovery", "carers-breaks", "--yes")

    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "Row 3: there is no participant P99 in this discovery",
        "Row 4: P03 has withdrawn consent, so findings from what they said cannot be imported",
        "Row 5: ‘complaint’ is not a kind of finding. "
        "Use one of: Pain point, Need, Goal, Behaviour, Quote, Positive",
        "Error: bad.csv: nothing was imported. Correct the rows and run the command again",
    ]
    assert (count(ResearchNote), count(Utterance), count(Finding)) == (0, 0, 0)


def test_missing_tags_are_refused_unless_create_tags_is_given(runner, discovery, tmp_path):
    path = tmp_path / "wall.csv"
    path.write_text("text,tags\nTaxis cost £12,Contact; Barriers > Transport\n", encoding="utf-8")

    refused = invoke(runner, path, "--discovery", "carers-breaks", "--yes")

    assert refused.exit_code == 1
    assert "Row 2: there is no tag ‘Barriers > Transport’ in the codebook" in refused.output
    assert "run the command again with --create-tags" in refused.output
    assert count(Tag) == 1

    created = invoke(runner, path, "--discovery", "carers-breaks", "--yes", "--create-tags")

    assert created.exit_code == 0, created.output
    assert "  Tags to create (1): Barriers > Transport" in created.output
    assert "(2 tags created, 0 items of personal data replaced)" in created.output
    [finding] = db.session.scalars(sa.select(Finding)).all()
    assert sorted(t.name for t in finding.tags) == ["Contact", "Transport"]


def test_a_workbook_is_imported_from_the_command_line(runner, discovery, tmp_path):
    path = tmp_path / "answers.xlsx"
    path.write_bytes(workbooks.workbook([["Text", "Participant"], ["Too many forms", "P02"]]))

    result = invoke(runner, path, "--discovery", "carers-breaks", "--yes")

    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        "answers.xlsx (Excel workbook, worksheet ‘Findings’) into ‘Carers breaks’"
    )
    assert db.session.scalar(sa.select(Finding)).participant.pseudonym == "P02"


def test_importing_the_same_file_again_warns_before_asking(runner, discovery, survey):
    invoke(runner, survey, "--discovery", "carers-breaks", "--yes")

    again = invoke(runner, survey, "--discovery", "carers-breaks", input="n\n")

    assert "  Warning: a file with exactly the same contents was imported on " in again.output
    assert "as the note ‘Carers survey’" in again.output
    assert count(ResearchNote) == 1


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda tmp: tmp / "missing.csv", "missing.csv: the file does not exist"),
        (lambda tmp: _write(tmp / "empty.csv", b""), "empty.csv: The selected file is empty"),
        (
            lambda tmp: _write(tmp / "answers.csv", b"Answer\nYes\n"),
            "answers.csv: The file must have a column called ‘text’ for the findings. "
            "The columns found were: Answer",
        ),
        (
            lambda tmp: _write(tmp / "answers.xlsx", b"text\nyes\n"),
            "answers.xlsx: The selected file is a text file, not an Excel workbook",
        ),
    ],
    ids=["missing", "empty", "no text column", "xlsx not a zip"],
)
def test_a_file_that_cannot_be_read_is_reported_and_nothing_is_saved(
    runner, discovery, tmp_path, setup, message
):
    result = invoke(runner, setup(tmp_path), "--discovery", "carers-breaks", "--yes")

    assert result.exit_code == 1
    assert message in result.output
    assert count(ResearchNote) == 0


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


def test_an_unknown_discovery_is_reported(runner, discovery, survey):
    result = invoke(runner, survey, "--discovery", "no-such-thing", "--yes")

    assert result.exit_code == 1
    assert "There is no discovery with the slug no-such-thing" in result.output
