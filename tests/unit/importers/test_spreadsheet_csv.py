"""Spreadsheets of findings saved as CSV: encodings, delimiters, quoting, and every bad file."""

from __future__ import annotations

import codecs

import pytest

from research_notes.importers import TranscriptError, limits
from research_notes.importers.spreadsheet import SheetRow, detect_delimiter, header_key, parse_spreadsheet

from . import workbooks

MAX_BYTES = 10 * 1024 * 1024
SURVEY = (
    "text,participant,tags,kind,journey_stage,source\n"
    "The phone queue was forty minutes,P07,Contact > Phone,Pain point,First contact,\n"
    '"I rang three times.\nNobody called back.",p08,Contact; Barriers > Cost,pain_point,,\n'
    "Loved the carers' café,,,Positive,,Workshop 2 wall A\n"
)


def parse(content: bytes | str, filename: str = "survey.csv", **kwargs):
    data = content.encode("utf-8") if isinstance(content, str) else content
    return parse_spreadsheet(data, filename, max_bytes=kwargs.pop("max_bytes", MAX_BYTES))


def refusal(content: bytes | str, filename: str = "survey.csv", **kwargs) -> str:
    with pytest.raises(TranscriptError) as caught:
        parse(content, filename, **kwargs)
    return str(caught.value)


# What a file gives ---------------------------------------------------------------------------


def test_each_row_becomes_a_finding_with_its_columns_and_spreadsheet_row_number():
    sheet = parse(SURVEY)

    assert (sheet.format, sheet.encoding, sheet.delimiter) == ("csv", "UTF-8", ",")
    assert sheet.rows == (
        SheetRow(
            2,
            "The phone queue was forty minutes",
            "P07",
            "Contact > Phone",
            "Pain point",
            "First contact",
            "",
        ),
        SheetRow(
            3,
            "I rang three times.\nNobody called back.",
            "p08",
            "Contact; Barriers > Cost",
            "pain_point",
            "",
            "",
        ),
        SheetRow(4, "Loved the carers' café", "", "", "Positive", "", "Workshop 2 wall A"),
    )
    assert sheet.problems == () and sheet.skipped == () and sheet.warnings == ()


def test_a_quoted_cell_keeps_its_line_breaks_but_never_a_blank_line():
    sheet = parse('text\n"First line\n\n\n   second line   \n"\n')

    assert sheet.rows[0].text == "First line\nsecond line"


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (SURVEY.encode("utf-8"), "UTF-8"),
        (codecs.BOM_UTF8 + SURVEY.encode("utf-8"), "UTF-8 with BOM"),
        (SURVEY.encode("utf-16"), "UTF-16"),
        (codecs.BOM_UTF16_BE + SURVEY.encode("utf-16-be"), "UTF-16"),
        (SURVEY.encode("cp1252"), "Windows-1252"),
    ],
)
def test_utf8_with_or_without_a_byte_order_mark_utf16_and_windows_1252_all_read_the_same(encoded, encoding):
    sheet = parse(encoded)

    assert sheet.encoding == encoding
    assert [r.text for r in sheet.rows] == [r.text for r in parse(SURVEY).rows]
    assert sheet.rows[2].text == "Loved the carers' café"


def test_windows_1252_is_read_with_a_warning_to_check_accented_letters():
    sheet = parse("text\nMae'r ciw ffôn yn rhy hir\n".encode("cp1252"))

    assert sheet.rows[0].text == "Mae'r ciw ffôn yn rhy hir"
    assert [str(w) for w in sheet.warnings][0].startswith("The file was not saved as UTF-8")


def test_welsh_letters_survive_in_utf8():
    assert parse("text\nDw i'n gofalu am fy ŵyr\n").rows[0].text == "Dw i'n gofalu am fy ŵyr"


@pytest.mark.parametrize(
    ("content", "delimiter"),
    [
        ("text;participant\nCost of taxis, mostly;P07\n", ";"),
        ("text\tparticipant\nCost of taxis; mostly\tP07\n", "\t"),
        ('text,participant\n"Cost of taxis; mostly",P07\n', ","),
    ],
)
def test_commas_semicolons_and_tabs_separate_columns(content, delimiter):
    sheet = parse(content)

    assert sheet.delimiter == delimiter
    assert (sheet.rows[0].text, sheet.rows[0].participant) == (
        content.split("\n")[1].split(delimiter)[0].strip('"'),
        "P07",
    )


def test_a_tsv_file_is_read_with_tabs():
    assert parse("text\tsource\nA, b; c\tWall\n", "wall.tsv").rows[0] == SheetRow(2, "A, b; c", source="Wall")


def test_a_file_with_only_a_text_column_keeps_commas_and_semicolons_in_its_text():
    sheet = parse('Text\nOne; two\nThree, four\n"Five,\nsix"\n')

    assert [r.text for r in sheet.rows] == ["One; two", "Three, four", "Five,\nsix"]
    assert (sheet.delimiter, sheet.problems) == (None, ())


def test_the_delimiter_is_the_one_that_gives_a_text_column_when_the_sniffer_is_misled():
    text = "participant;text\n" + "P07;a,b,c,d,e,f\n" * 50

    assert detect_delimiter(text) == ";"


@pytest.mark.parametrize(
    ("cell", "key"),
    [("Text", "text"), ("  TEXT ", "text"), ("Journey stage", "journey_stage"),
     ("journey-stage", "journey_stage"), ("\ufefftext", "text"), ("Source", "source")],
)  # fmt: skip
def test_column_names_are_read_in_any_case_with_spaces_or_hyphens(cell, key):
    assert header_key(cell) == key


def test_columns_it_does_not_read_are_named_in_a_warning():
    sheet = parse("Respondent ID,Text,Age band\n114,Too many forms,65-74\n")

    assert sheet.rows[0] == SheetRow(2, "Too many forms")
    assert [str(w) for w in sheet.warnings] == [
        "These columns were not read: Respondent ID, Age band. Only text, participant, tags, kind, "
        "journey_stage and source are read"
    ]


def test_empty_rows_are_skipped_silently_and_rows_with_no_text_are_skipped_and_listed():
    sheet = parse("text,participant\nOne,P07\n\n,,\n,P08\n  ,P09\nTwo,\n")

    assert [r.text for r in sheet.rows] == ["One", "Two"]
    assert sheet.skipped == (5, 6)


def test_a_header_row_below_blank_lines_is_still_the_header():
    assert parse("\n\ntext\nHello\n").rows == (SheetRow(4, "Hello"),)


# Rows with problems: listed with their row numbers, never raised -----------------------------


def test_a_row_split_by_a_stray_comma_is_a_problem_naming_the_row():
    sheet = parse("text,participant\nIt cost £40, every week,P07\nFine,P08\n")

    assert [str(p) for p in sheet.problems] == [
        "Row 2 has more cells than the header row has columns. Check for a stray comma or semicolon, "
        "or put the text in quotation marks"
    ]
    assert len(sheet.rows) == 2


def test_text_over_the_length_limit_is_a_problem_naming_the_row_and_the_length():
    long = "a" * (limits.MAX_FINDING_CHARACTERS + 1)

    sheet = parse(f"text\nShort\n{long}\n")

    assert [str(p) for p in sheet.problems] == [
        "Row 3: the text must be 10,000 characters or fewer. It has 10,001"
    ]


def test_a_pseudonym_too_long_to_be_one_is_a_problem():
    sheet = parse("text,participant\nHello,Gareth Price from Cwmbran Road\n")

    assert [str(p) for p in sheet.problems] == ["Row 2: the participant must be 20 characters or fewer"]


def test_problems_are_listed_up_to_a_limit_and_the_rest_counted(monkeypatch):
    monkeypatch.setattr("research_notes.importers.spreadsheet.MAX_PROBLEMS", 3)

    sheet = parse("text,participant\n" + "a,P07,c\n" * 10)

    assert len(sheet.problems) == 3 and sheet.more_problems == 7 and sheet.problem_count == 10


# Files that cannot be imported: a specific message each --------------------------------------


@pytest.mark.parametrize("content", [b"", b"   \r\n\t ", codecs.BOM_UTF8, b"\n\n\n"])
def test_an_empty_file_is_refused(content):
    assert refusal(content) == "The selected file is empty"


def test_a_file_without_a_text_column_is_refused_naming_the_columns_it_has():
    assert refusal("Answer,Who\nToo long,P07\n") == (
        "The file must have a column called ‘text’ for the findings. The columns found were: Answer, Who"
    )


def test_only_the_first_ten_columns_found_are_named():
    header = ",".join(f"Q{n}" for n in range(1, 15))

    assert refusal(header + "\n1\n").endswith("Q1, Q2, Q3, Q4, Q5, Q6, Q7, Q8, Q9, Q10, …")


def test_a_file_with_two_text_columns_is_refused():
    assert (
        refusal("text,Text\na,b\n")
        == "The file has more than one column called ‘text’. Rename or delete the others"
    )


def test_a_header_with_no_rows_is_refused():
    assert refusal("text,participant\n") == "The file has a header row but no findings"


def test_rows_that_all_lack_text_are_refused_as_such():
    assert refusal("text,participant\n,P07\n,P08\n") == "None of the rows has anything in the ‘text’ column"


def test_an_unclosed_quotation_mark_is_refused_naming_its_row():
    assert refusal('text\nFine\n"Never closed\nstill going\n') == (
        "Row 3 could not be read: check its quotation marks"
    )


def test_more_rows_than_the_limit_are_refused_without_reading_the_rest(monkeypatch):
    monkeypatch.setattr(limits, "MAX_ROWS", 100)
    with pytest.raises(limits.TooMuchWork) as caught:
        parse("text\n" + "A finding\n" * 10_000)

    assert caught.value.limit == "rows"
    assert str(caught.value) == (
        "The file has more than 100 rows of findings. "
        "Split it into smaller files and upload them one at a time"
    )


def test_a_file_of_blank_rows_is_refused_once_it_has_more_rows_than_any_spreadsheet_of_findings(monkeypatch):
    monkeypatch.setattr(limits, "MAX_RECORDS", 1000)
    with pytest.raises(limits.TooMuchWork) as caught:
        parse("text\nOne\n" + ",\n" * 100_000)

    assert caught.value.limit == "rows"


def test_more_text_than_a_note_holds_is_refused():
    row = "a" * 9_000 + "\n"

    with pytest.raises(limits.TooMuchWork) as caught:
        parse("text\n" + row * 112)

    assert caught.value.limit == "characters"


def test_a_file_larger_than_the_upload_limit_is_refused():
    assert refusal(SURVEY, max_bytes=100) == "The selected file must be smaller than 1KB"


@pytest.mark.parametrize("filename", ["survey.xls", "survey.txt", "survey", "notes.docx"])
def test_a_file_that_is_not_csv_or_xlsx_by_name_is_refused(filename):
    assert (
        refusal(SURVEY, filename)
        == "The selected file must be a CSV file (.csv) or an Excel workbook (.xlsx)"
    )


@pytest.mark.parametrize(
    "content",
    [b"%PDF-1.7\n%\xe2\xe3", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), bytes(range(256)) * 40],
)
def test_a_csv_file_that_is_really_binary_is_refused(content):
    assert refusal(content).startswith(
        "The selected file is not a CSV file: it contains data that is not text"
    )


def test_an_old_excel_workbook_named_csv_is_refused_saying_how_to_save_it():
    assert refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)).startswith(
        "The selected file is an older Excel workbook (.xls)"
    )


def test_a_workbook_named_csv_is_read_as_a_workbook_with_a_warning():
    sheet = parse(workbooks.workbook([["text"], ["From a workbook"]]))

    assert sheet.format == "xlsx" and sheet.rows == (SheetRow(2, "From a workbook"),)
    assert [str(w) for w in sheet.warnings] == [
        "The file name ends in .csv but the file is an Excel workbook, so it was read as one"
    ]


def test_a_zip_that_is_not_a_workbook_named_csv_is_refused():
    from . import hostile

    assert refusal(hostile.zip_not_docx()).startswith(
        "The selected file must be a CSV file. It looks like a zip file"
    )


def test_messages_keep_their_template_and_parameters_for_translation():
    with pytest.raises(TranscriptError) as caught:
        parse("Answer\nYes\n")

    assert caught.value.template.startswith("The file must have a column called ‘text’")
    assert caught.value.params == {"columns": "Answer"}
