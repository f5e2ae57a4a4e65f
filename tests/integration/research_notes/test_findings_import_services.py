"""Reading spreadsheet rows against a discovery: pseudonyms, vocabularies and tag paths."""

from __future__ import annotations

import pytest

from discovery.extensions import db
from research_notes.findings_import import services
from research_notes.importers.spreadsheet import ParsedSheet, SheetRow


def sheet(*rows: SheetRow) -> ParsedSheet:
    return ParsedSheet(
        format="csv", encoding="UTF-8", delimiter=",", sheet=None, columns=("text",), rows=rows
    )


@pytest.fixture
def discovery(factories):
    discovery = factories.discovery()
    factories.participant(discovery=discovery, pseudonym="P07")
    barriers = factories.tag(discovery=discovery, name="Barriers")
    factories.tag(discovery=discovery, name="Cost", parent=barriers)
    factories.tag(discovery=discovery, name="Phone queues")
    db.session.commit()
    return discovery


@pytest.mark.parametrize("typed", ["pain_point", "Pain point", "PAIN POINT", "pain-point", "Pwynt poen"])
def test_a_kind_is_a_key_or_an_english_or_welsh_label_in_any_case(discovery, typed):
    [row] = services.review_rows(discovery, sheet(SheetRow(2, "x", kind=typed))).rows

    assert row.kind == "pain_point"


@pytest.mark.parametrize("typed", ["first_contact", "Making first contact", "cysylltu am y tro cyntaf"])
def test_a_journey_stage_is_a_key_or_a_label(discovery, typed):
    [row] = services.review_rows(discovery, sheet(SheetRow(2, "x", journey_stage=typed))).rows

    assert row.journey_stage == "first_contact"


def test_a_row_without_a_kind_is_a_quote_and_without_a_stage_has_none(discovery):
    [row] = services.review_rows(discovery, sheet(SheetRow(2, "x"))).rows

    assert (row.kind, row.journey_stage, row.tags, row.speaker) == ("quote", None, (), None)


def test_a_pseudonym_is_matched_in_any_case_and_becomes_the_speaker(discovery):
    [row] = services.review_rows(discovery, sheet(SheetRow(2, "x", participant="p07", source="Wall A"))).rows

    assert row.participant.pseudonym == "P07" and row.speaker == "P07"


def test_a_source_becomes_the_speaker_tidied_so_the_note_can_be_split_into_turns_again(discovery):
    [row] = services.review_rows(discovery, sheet(SheetRow(2, "x", source="Workshop 2: wall (A)"))).rows

    assert row.speaker == "Workshop 2 wall [A]"


@pytest.mark.parametrize(
    "typed",
    [
        "Barriers > Cost",
        "barriers>cost",
        "Barriers › Cost",
        "  BARRIERS  ›  cost ",
        "Barriers > Cost; barriers > cost",
    ],
)
def test_tag_paths_use_the_codebooks_separator_or_the_one_shown_on_screen_in_any_case(discovery, typed):
    [row] = services.review_rows(discovery, sheet(SheetRow(2, "x", tags=typed))).rows

    assert [(t.parent.name, t.name) for t in row.tags] == [("Barriers", "Cost")]


def test_several_tags_are_separated_by_semicolons_and_missing_ones_are_listed_with_their_rows(discovery):
    checked = services.review_rows(
        discovery,
        sheet(
            SheetRow(2, "x", tags="Phone queues; Barriers > Transport"),
            SheetRow(3, "y", tags="barriers > transport;Staff > Training"),
        ),
    )

    assert [t.name for t in checked.rows[0].tags] == ["Phone queues"]
    assert [(m.path, m.rows) for m in checked.missing_tags] == [
        ("Barriers > Transport", (2, 3)),
        ("Staff > Training", (3,)),
    ]
    assert checked.problems == []
    assert [str(p) for p in services.blocking_problems(checked, create_tags=False)] == [
        "Row 2: there is no tag ‘Barriers > Transport’ in the codebook",
        "Row 3: there is no tag ‘Barriers > Transport’ in the codebook",
        "Row 3: there is no tag ‘Staff > Training’ in the codebook",
    ]
    assert services.blocking_problems(checked, create_tags=True) == []


def test_a_tag_name_longer_than_a_tag_can_have_is_a_row_problem(discovery):
    checked = services.review_rows(discovery, sheet(SheetRow(2, "x", tags="Barriers > " + "a" * 81)))

    [problem] = checked.problems
    assert str(problem).startswith("Row 2: the tag ‘Barriers > aaa")
    assert str(problem).endswith("’ has a name longer than 80 characters")
