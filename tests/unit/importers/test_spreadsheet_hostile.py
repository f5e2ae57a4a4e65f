"""Hostile workbooks and CSV files are refused with a clear message after bounded work.

As for Word documents (test_transcript_hostile_files.py), every assertion is about the work
done — bytes inflated, elements and strings parsed, function calls made — never about time.
"""

from __future__ import annotations

import zipfile

import pytest

from research_notes.importers import TranscriptError, limits, xlsx, zipxml
from research_notes.importers.spreadsheet import parse_spreadsheet

from . import workbooks
from .work import steps

MB = 1024 * 1024
MAX_BYTES = 10 * MB


def outcome(data: bytes, filename: str = "hostile.xlsx") -> str | None:
    try:
        parse_spreadsheet(data, filename, max_bytes=MAX_BYTES)
    except TranscriptError as error:
        return str(error)
    return None


@pytest.fixture
def inflated(monkeypatch):
    """Counts the bytes that come out of the zip decompressor."""
    total = {"bytes": 0}
    read = zipfile.ZipExtFile.read

    def counting_read(self, n=-1):
        data = read(self, n)
        total["bytes"] += len(data)
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting_read)
    return total


def test_a_zip_bomb_is_stopped_once_the_budget_of_inflated_bytes_is_spent(inflated):
    data = workbooks.zip_bomb(60 * MB)  # 60 MB of spaces inside about 60 KB

    with pytest.raises(limits.TooMuchWork) as caught:
        parse_spreadsheet(data, "bomb.xlsx", max_bytes=MAX_BYTES)

    assert caught.value.limit == "inflated_bytes"
    assert str(caught.value).startswith("The workbook expands to more than 50MB when it is opened")
    assert len(data) < 200_000
    assert limits.MAX_INFLATED_BYTES < inflated["bytes"] <= limits.MAX_INFLATED_BYTES + 2 * zipxml.CHUNK_BYTES


def test_headers_that_understate_a_size_do_not_let_more_be_inflated(inflated):
    data = workbooks.lying_headers(60 * MB)  # headers say 4 KB, the data holds 60 MB

    assert outcome(data).startswith("The selected file is not an Excel workbook (.xlsx)")
    assert inflated["bytes"] <= 4096 + 4096  # the claimed size and the small parts, no more


@pytest.mark.parametrize(
    "data",
    [workbooks.billion_laughs_sheet(), workbooks.billion_laughs_shared_strings()],
    ids=["sheet", "shared strings"],
)
def test_entities_are_never_expanded_because_a_document_type_declaration_is_refused(data):
    budget = xlsx.WorkbookBudget()

    with pytest.raises(TranscriptError, match="is not an Excel workbook"):
        xlsx.read_workbook(data, budget)

    assert budget.characters <= len("text")  # refused at <!DOCTYPE, before any entity


def test_a_million_shared_strings_are_refused_at_the_shared_strings_limit():
    budget = xlsx.WorkbookBudget()
    data = workbooks.many_shared_strings(1_000_000)

    with pytest.raises(limits.TooMuchWork) as caught:
        xlsx.read_workbook(data, budget)

    assert caught.value.limit == "shared_strings"
    assert budget.shared_strings == limits.MAX_SHARED_STRINGS + 1
    assert str(caught.value).startswith("The workbook is too complex to import")


def test_a_huge_shared_string_is_refused_by_the_character_budget():
    budget = xlsx.WorkbookBudget()

    with pytest.raises(limits.TooMuchWork) as caught:
        xlsx.read_workbook(workbooks.huge_shared_string(30 * MB), budget)

    assert caught.value.limit == "characters"
    assert budget.characters <= 2 * limits.MAX_CHARACTERS + zipxml.CHUNK_BYTES
    assert budget.inflated <= 2 * limits.MAX_CHARACTERS + 4 * zipxml.CHUNK_BYTES


def test_one_long_string_in_every_row_is_read_once_and_refused_as_too_much_text():
    data = workbooks.one_string_in_every_row(900_000, 20_000)

    with pytest.raises(limits.TooMuchWork) as caught:
        parse_spreadsheet(data, "repeat.xlsx", max_bytes=MAX_BYTES)

    assert caught.value.limit == "characters"
    small = steps(lambda: outcome(workbooks.one_string_in_every_row(900_000, 2_000), "r.xlsx"))
    large = steps(lambda: outcome(data, "r.xlsx"))
    assert large < 12 * small  # ten times the rows: linear in the rows, never in rows × text


def test_a_sheet_of_empty_rows_is_refused_after_a_bounded_number_of_rows():
    budget = xlsx.WorkbookBudget()

    with pytest.raises(limits.TooMuchWork) as caught:
        xlsx.read_workbook(workbooks.empty_rows(1_000_000), budget)

    assert caught.value.limit == "rows"
    assert budget.elements <= limits.MAX_RECORDS + 20


def test_more_rows_of_findings_than_the_limit_are_refused_at_the_first_row_over(monkeypatch):
    monkeypatch.setattr(limits, "MAX_ROWS", 50)
    budget = xlsx.WorkbookBudget()
    rows = [["text"]] + [[f"Finding {n}"] for n in range(500)]

    with pytest.raises(limits.TooMuchWork) as caught:
        xlsx.read_workbook(workbooks.workbook(rows, inline=True), budget)

    assert caught.value.limit == "rows"
    assert budget.elements < 52 * 4 + 20  # row, c, is, t for each row read, and no more


def test_deep_nesting_is_refused_at_the_depth_limit():
    budget = xlsx.WorkbookBudget()

    with pytest.raises(limits.TooMuchWork) as caught:
        xlsx.read_workbook(workbooks.deeply_nested(), budget)

    assert caught.value.limit == "depth"
    assert budget.elements <= 4 * limits.MAX_DEPTH


def test_too_many_elements_are_refused_at_the_element_limit(monkeypatch):
    monkeypatch.setattr(limits, "MAX_SHEET_ELEMENTS", 1000)
    budget = xlsx.WorkbookBudget()
    data = workbooks.hostile_workbook([workbooks.HEADER_ROW, b"<row>" + b"<c/>" * 5000 + b"</row>"])

    with pytest.raises(limits.TooMuchWork) as caught:
        xlsx.read_workbook(data, budget)

    assert caught.value.limit == "elements"
    assert budget.elements == 1001


def test_reading_a_workbook_is_linear_in_its_rows():
    def read(rows: int):
        data = workbooks.workbook([["text", "participant"]] + [[f"Finding {n}", "P07"] for n in range(rows)])
        return lambda: parse_spreadsheet(data, "w.xlsx", max_bytes=MAX_BYTES)

    one, two = steps(read(1000)), steps(read(2000))

    assert two < 2.1 * one


def test_reading_a_csv_file_is_linear_in_its_rows():
    def read(rows: int):
        data = ("text,participant,tags\n" + "A finding about taxis,P07,Cost\n" * rows).encode()
        return lambda: parse_spreadsheet(data, "f.csv", max_bytes=MAX_BYTES)

    one, two = steps(read(1000)), steps(read(2000))

    assert two < 2.1 * one


def test_a_csv_cell_longer_than_the_csv_module_reads_is_refused_naming_its_row():
    data = b'text\nfine\n"' + b"a" * 200_000 + b'"\n'

    assert (
        outcome(data, "long.csv") == "Row 3 has a cell that is too long to read. Split it into smaller files"
    )
