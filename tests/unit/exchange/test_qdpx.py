"""The .qdpx writer and reader on plain data: schema-valid output, code-point offsets, safe reading."""

from __future__ import annotations

import io
import zipfile

import pytest

from research_notes.exchange import qdpx
from research_notes.tags.codebook_formats import CodeNode

SOURCE = "8e7fddfe-db36-48dc-b464-80c3a4decd90"
CODE = "2dfba8c9-59f5-4424-99d6-ea9bce18134b"
CHILD = "0f758eeb-d61d-4e91-b250-79861c3869a6"
TEXT = "Roedd y ffôn yn canu 🙂 am ddeugain munud.\r\nNobody rang back."


def _project() -> qdpx.Project:
    start = TEXT.index("Nobody")
    return qdpx.Project(
        name="Gofal cymdeithasol",
        users=[qdpx.QdaUser("3435fec2-0ad3-4d9f-a5a2-262235d5cabd", "Rhian Evans")],
        codes=[CodeNode("Contact", "Getting in touch", "blue", CODE, [CodeNode("Phone", "", "red", CHILD)])],
        variables=[qdpx.Variable("08213a82-857a-4dcd-b144-45ca14bd49d9", "Segment")],
        cases=[
            qdpx.Case(
                "b4910ecf-2d6d-4aff-a91f-9bcc71af4e49",
                "P07",
                {"08213a82-857a-4dcd-b144-45ca14bd49d9": "Resident"},
                [SOURCE],
            )
        ],
        sources=[
            qdpx.Source(
                SOURCE,
                "Interview 3",
                TEXT,
                selections=[
                    qdpx.Selection(
                        "077d2c92-349f-4cc6-aca5-55deea7c80aa",
                        start,
                        len(TEXT),
                        "Nobody",
                        "Kind: Quote",
                        [CHILD],
                    )
                ],
            )
        ],
    )


def test_the_written_project_qde_is_valid_against_the_vendored_schema():
    data = qdpx.write_qdpx(_project())

    assert qdpx.schema_errors(zipfile.ZipFile(io.BytesIO(data)).read("project.qde")) == []


def test_reading_what_was_written_gives_the_same_text_selections_codes_and_cases():
    project = qdpx.read_qdpx(qdpx.write_qdpx(_project()), max_bytes=10**6)

    (source,) = project.sources
    assert source.text == TEXT  # the Windows line ending and the emoji are kept as they were
    (selection,) = source.selections
    assert source.text[selection.start : selection.end] == "Nobody rang back."
    assert selection.code_guids == [CHILD]
    assert project.code_paths() == {CODE: ("Contact",), CHILD: ("Contact", "Phone")}
    assert [(c.name, c.source_guids) for c in project.cases] == [("P07", [SOURCE])]


def test_guids_in_braces_and_upper_case_are_the_same_guid():
    assert qdpx.normal_guid("{2DFBA8C9-59F5-4424-99D6-EA9BCE18134B}") == CODE


@pytest.mark.parametrize(
    "name",
    ["../evil", "sources/../../evil", "/etc/passwd", "C:/Windows/evil", "sources\\evil.txt", "a\x00b"],
)
def test_names_that_could_leave_the_folder_are_unsafe(name):
    assert qdpx.unsafe_name(name)


@pytest.mark.parametrize("name", ["project.qde", "sources/8e7fddfe.txt", "Sources/a..b.txt"])
def test_ordinary_names_are_safe(name):
    assert not qdpx.unsafe_name(name)


def test_a_billion_laughs_is_refused_before_any_entity_is_expanded():
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        '<Project xmlns="urn:QDA-XML:project:1.0" name="&lol2;"/>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("project.qde", laughs)

    with pytest.raises(qdpx.ProjectFileError, match="DOCTYPE or ENTITY declaration"):
        qdpx.read_qdpx(out.getvalue(), max_bytes=10**6)


def test_an_empty_upload_is_refused():
    with pytest.raises(qdpx.ProjectFileError, match="The selected file is empty"):
        qdpx.read_qdpx(b"", max_bytes=10**6)


def test_a_short_quote_is_cut_at_a_word():
    assert qdpx.short_quote("one two three four", length=10) == "one two…"
