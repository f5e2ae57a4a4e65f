"""Excel workbooks of findings: the first worksheet's cells, whatever kind of value they hold."""

from __future__ import annotations

import io
import zipfile

import pytest

from research_notes.importers import TranscriptError
from research_notes.importers.spreadsheet import SheetRow, parse_spreadsheet
from research_notes.importers.xlsx import read_workbook

from . import hostile, workbooks
from .workbooks import MAIN, workbook

MAX_BYTES = 10 * 1024 * 1024
ROWS = [
    ["Text", "Participant", "Tags", "Kind", "Journey stage", "Source"],
    ["The phone queue was forty minutes", "P07", "Contact > Phone", "Pain point", "First contact", None],
    ["Mae'r ciw ffôn yn rhy hir", "P08", None, None, None, None],
    ["Loved the café", None, None, "positive", None, "Workshop 2"],
]


def parse(data: bytes, filename: str = "findings.xlsx"):
    return parse_spreadsheet(data, filename, max_bytes=MAX_BYTES)


def refusal(data: bytes, filename: str = "findings.xlsx") -> str:
    with pytest.raises(TranscriptError) as caught:
        parse(data, filename)
    return str(caught.value)


@pytest.mark.parametrize("inline", [False, True], ids=["shared strings", "inline strings"])
def test_the_first_worksheet_gives_one_finding_a_row_from_shared_or_inline_strings(inline):
    sheet = parse(workbook(ROWS, inline=inline))

    assert (sheet.format, sheet.encoding, sheet.delimiter, sheet.sheet) == ("xlsx", None, None, "Findings")
    assert sheet.rows == (
        SheetRow(
            2, "The phone queue was forty minutes", "P07", "Contact > Phone", "Pain point", "First contact"
        ),
        SheetRow(3, "Mae'r ciw ffôn yn rhy hir", "P08"),
        SheetRow(4, "Loved the café", kind="positive", source="Workshop 2"),
    )


def test_numbers_and_booleans_are_written_as_excel_shows_them():
    rows = read_workbook(workbook([["text", "participant"], [42, True], [0.5, False], [1e20, 3.0]])).rows

    assert rows == [
        (1, ["text", "participant"]),
        (2, ["42", "TRUE"]),
        (3, ["0.5", "FALSE"]),
        (4, ["1E+20", "3"]),
    ]


def test_cells_that_skip_columns_and_rows_keep_their_places():
    sheet_xml = (
        f'<worksheet xmlns="{MAIN}"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>text</t></is></c>'
        '<c r="C1" t="inlineStr"><is><t>participant</t></is></c></row>'
        '<row r="7"><c r="C7" t="inlineStr"><is><t>P07</t></is></c>'
        '<c r="A7" t="inlineStr"><is><t>Out of order</t></is></c></row>'
        '<row><c t="inlineStr"><is><t>No references</t></is></c><c/>'
        '<c t="inlineStr"><is><t>P08</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    data = workbook(extra_parts={"xl/worksheets/sheet1.xml": sheet_xml})

    rows = read_workbook(data).rows

    assert rows[0] == (1, ["text", "", "participant"])
    assert rows[1][0] == 7 and rows[1][1][2] == "P07"
    assert rows[2] == (8, ["No references", "", "P08"])


def test_rich_text_runs_are_joined_and_phonetic_guides_left_out():
    shared = (
        f'<sst xmlns="{MAIN}"><si><t>text</t></si>'
        "<si><r><t>The </t></r><r><rPr><b/></rPr><t>queue</t></r><rPh><t>KYOO</t></rPh></si></sst>"
    )
    sheet_xml = (
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>1</v></c></row></sheetData></worksheet>'
    )
    data = workbook(shared_xml=shared, extra_parts={"xl/worksheets/sheet1.xml": sheet_xml})

    assert parse(data).rows == (SheetRow(2, "The queue"),)


def test_line_breaks_excel_escapes_as_x000d_become_plain_line_breaks():
    sheet = parse(workbook([["text"], ["First line_x000D_\nsecond line"]]))

    assert sheet.rows[0].text == "First line\nsecond line"


def test_a_formulas_text_result_is_read():
    sheet_xml = (
        f'<worksheet xmlns="{MAIN}"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>text</t></is></c></row>'
        '<row r="2"><c r="A2" t="str"><f>CONCAT("a","b")</f><v>ab</v></c></row></sheetData></worksheet>'
    )

    assert parse(workbook(extra_parts={"xl/worksheets/sheet1.xml": sheet_xml})).rows == (SheetRow(2, "ab"),)


def test_a_hidden_first_sheet_is_passed_over_for_the_first_visible_one():
    data = workbook(ROWS, sheets=[("Lookup", "hidden"), ("Answers", "visible")])

    assert parse(data).sheet == "Answers"


def test_absolute_part_names_in_relationships_are_followed():
    assert len(parse(workbook(ROWS, target_prefix="/xl/")).rows) == 3


def test_a_chart_as_the_first_sheet_is_refused_saying_what_to_do():
    data = workbook(ROWS)
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/_rels/workbook.xml.rels":
                content = content.replace(b"/worksheet", b"/chartsheet")
            target.writestr(item, content)

    assert refusal(buffer.getvalue()).startswith("The first sheet of the workbook is a chart")


def test_columns_beyond_the_header_are_ignored_in_a_workbook():
    sheet = parse(workbook([["text"], ["A finding", "a note beside the table"]]))

    assert sheet.rows == (SheetRow(2, "A finding"),) and sheet.problems == ()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"text,participant\nHello,P07\n", "The selected file is a text file, not an Excel workbook"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
            "The selected file is an older Excel workbook (.xls)",
        ),
        (
            bytes(range(256)) * 20,
            "The selected file is not an Excel workbook: every .xlsx file is a zip archive",
        ),
        (hostile.word_document([b"<w:p/>"]), "The selected file is not an Excel workbook (.xlsx)"),
        (hostile.zip_not_docx(), "The selected file is not an Excel workbook (.xlsx)"),
        (workbook(ROWS)[:700], "The selected file is not an Excel workbook"),
    ],
    ids=["csv text", "xls", "binary", "word document", "zip of a csv", "truncated"],
)
def test_an_xlsx_that_is_not_a_workbook_is_refused_saying_what_it_is(data, message):
    assert refusal(data).startswith(message)


def test_a_shared_string_index_out_of_range_is_refused():
    sheet_xml = (
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="s"><v>99</v></c></row>'
        "</sheetData></worksheet>"
    )

    assert refusal(workbook(extra_parts={"xl/worksheets/sheet1.xml": sheet_xml})).startswith(
        "The selected file is not an Excel workbook (.xlsx)"
    )


def test_a_workbook_with_a_header_but_no_rows_is_refused():
    assert refusal(workbook([["text", "participant"]])) == "The file has a header row but no findings"


def test_an_empty_workbook_is_refused():
    assert refusal(workbook([])) == "The selected file is empty"


def test_a_workbook_without_a_text_column_names_its_columns():
    assert refusal(workbook([["Answer", "Respondent"], ["Yes", 4]])).endswith(
        "The columns found were: Answer, Respondent"
    )


def test_workbook_builders_used_here_write_what_excel_writes():
    with zipfile.ZipFile(io.BytesIO(workbooks.workbook(ROWS))) as archive:
        assert {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"} <= set(archive.namelist())  # fmt: skip
