"""Spreadsheets of findings (.csv, .xlsx): a header row naming the columns, then a finding a row.

Squads keep findings in spreadsheets — survey answers, sticky notes typed up after a workshop.
This reads one into plain rows; the app (``research_notes.findings_import``) decides what the
pseudonyms, tags, kinds and stages in them mean for a discovery, and saves them.

Columns, named in the first row that is not blank (any case; spaces and hyphens count as
underscores, so "Journey stage" is ``journey_stage``):

``text`` (required)
    The finding: an answer, a quote, a sticky note.
``participant``
    A participant's pseudonym, such as P07.
``tags``
    Tag paths separated by semicolons; levels of a path are separated by ``>`` (as in codebook
    files) or ``›`` (as the app shows them): ``Barriers > Cost; Contact``.
``kind``, ``journey_stage``
    A key (``pain_point``) or a label (``Pain point``) of the app's vocabularies.
``source``
    Where the row came from when it is not a participant ("Workshop 2, wall A").

Other columns are not read, and the review says so. Rows with nothing in them are skipped;
rows with no text but something in other cells are skipped *and listed*, so a survey export in
which some people left the question blank can still be imported, and nobody loses a row
without being told. Problems with a row (a text too long, more cells than columns) are
collected, not raised, so the review can list every row to correct at once; problems with the
file raise :class:`~.results.TranscriptError`.

CSV files may be UTF-8 (with or without a byte order mark), UTF-16 or Windows-1252 (read by
:mod:`.encoding`), separated by commas, semicolons (Excel in much of Europe) or tabs, with
quoted cells that hold line breaks. Workbooks are read by :mod:`.xlsx`: the first worksheet.
Row numbers are the spreadsheet's own, as Excel shows them: the header is row 1 of a CSV file.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from . import limits, xlsx
from .encoding import WINDOWS_1252, decode_and_clean, sniff_binary
from .results import N_, TranscriptError, clean_lines

COLUMNS = ("text", "participant", "tags", "kind", "journey_stage", "source")
EXTENSIONS = (".csv", ".tsv", ".xlsx")
FORMATS = ("csv", "xlsx")
DELIMITERS = (",", ";", "\t")
ONE_COLUMN = "\x1e"  # the record separator: decode_and_clean removes it from any text
# Longest value each column may hold; the text's limit is in limits.MAX_FINDING_CHARACTERS.
COLUMN_LIMITS = {"participant": 20, "tags": 2000, "kind": 60, "journey_stage": 80, "source": 120}
MAX_PROBLEMS = 500
SNIFF_BYTES = 4096

WRONG_TYPE = N_("The selected file must be a CSV file (.csv) or an Excel workbook (.xlsx)")
EMPTY = N_("The selected file is empty")
TOO_BIG = N_("The selected file must be smaller than %(size)s")
NOT_TEXT = N_(
    "The selected file is not a CSV file: it contains data that is not text. "
    "Save the spreadsheet as ‘CSV UTF-8’ and upload it again"
)
ZIP_NOT_WORKBOOK = N_(
    "The selected file must be a CSV file. It looks like a zip file or an Office document, "
    "but its name ends in %(extension)s"
)
NO_TEXT_COLUMN = N_(
    "The file must have a column called ‘text’ for the findings. The columns found were: %(columns)s"
)
REPEATED_COLUMN = N_("The file has more than one column called ‘%(column)s’. Rename or delete the others")
NO_ROWS = N_("The file has a header row but no findings")
NO_TEXT_IN_ROWS = N_("None of the rows has anything in the ‘text’ column")
BAD_QUOTES = N_("Row %(row)d could not be read: check its quotation marks")
HUGE_CELL = N_("Row %(row)d has a cell that is too long to read. Split it into smaller files")

ROW_TOO_LONG = N_("Row %(row)d: the text must be %(max)s characters or fewer. It has %(count)s")
ROW_CELL_TOO_LONG = N_("Row %(row)d: the %(column)s must be %(max)d characters or fewer")
ROW_EXTRA_CELLS = N_(
    "Row %(row)d has more cells than the header row has columns. Check for a stray comma or "
    "semicolon, or put the text in quotation marks"
)

WARN_WINDOWS_1252 = N_(
    "The file was not saved as UTF-8, so it was read as Windows-1252. Check that accented "
    "letters look right: Windows-1252 cannot hold ŵ or ŷ"
)
WARN_REPLACED = N_("Some characters could not be read as %(encoding)s and were replaced with �")
WARN_IGNORED_COLUMNS = N_(
    "These columns were not read: %(columns)s. Only text, participant, tags, kind, journey_stage "
    "and source are read"
)
WARN_WORKBOOK_AS_CSV = N_(
    "The file name ends in %(extension)s but the file is an Excel workbook, so it was read as one"
)

_HEADER_SPACES = re.compile(r"[\s\-]+")


@dataclass(frozen=True, slots=True)
class Message:
    """A sentence to show, kept untranslated: ``template`` is marked with ``N_`` and the app
    translates it before filling in ``params``. ``str()`` gives the English."""

    template: str
    params: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return self.template % self.params if self.params else self.template

    @property
    def row(self) -> int | None:
        return self.params.get("row")


@dataclass(frozen=True, slots=True)
class SheetRow:
    """One finding as the file gives it: every value a cleaned string, ``""`` when absent.

    ``number`` is the spreadsheet's row number. ``text`` is never empty, has no leading or
    trailing white space and no blank lines (so each row stays one turn of the note).
    """

    number: int
    text: str
    participant: str = ""
    tags: str = ""
    kind: str = ""
    journey_stage: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True)
class ParsedSheet:
    """A spreadsheet read into rows of findings, and what a researcher should check.

    ``format`` is ``"csv"`` or ``"xlsx"``; ``encoding`` and ``delimiter`` are how a CSV file was
    read (``None`` for a workbook; ``delimiter`` is also ``None`` for a one-column file);
    ``sheet`` is the name of the worksheet read. ``columns`` are the header's cells as found;
    ``problems`` are row errors (at most ``MAX_PROBLEMS``, and ``more_problems`` counts the
    rest); ``skipped`` are the numbers of rows with no text.
    """

    format: str
    encoding: str | None
    delimiter: str | None
    sheet: str | None
    columns: tuple[str, ...]
    rows: tuple[SheetRow, ...]
    problems: tuple[Message, ...] = ()
    more_problems: int = 0
    skipped: tuple[int, ...] = ()
    warnings: tuple[Message, ...] = ()

    @property
    def problem_count(self) -> int:
        return len(self.problems) + self.more_problems


def file_extension(filename: str) -> str:
    """The lower-case extension of the last part of ``filename``, e.g. ``".csv"``, or ``""``."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].strip()
    stem, dot, extension = name.rpartition(".")
    return f".{extension.lower()}" if dot and stem else ""


def _size(limit: int) -> str:
    mb = 1024 * 1024
    return f"{limit / mb:g}MB" if limit >= mb else f"{max(1, limit // 1024)}KB"


def parse_spreadsheet(data: bytes, filename: str, *, max_bytes: int) -> ParsedSheet:
    """Read an uploaded spreadsheet of findings.

    ``filename`` is only used for its extension. Raises :class:`~.results.TranscriptError`
    (with a translatable ``template``) when the file cannot be read at all: wrong extension,
    larger than ``max_bytes``, empty, not text, not a workbook, no ``text`` column, no rows,
    or past one of :mod:`.limits` (:class:`~.limits.TooMuchWork`). The work done is linear in
    the bytes read, and bounded by those limits for any input.
    """
    extension = file_extension(filename)
    if extension not in EXTENSIONS:
        raise TranscriptError(WRONG_TYPE)
    if len(data) > max_bytes:
        raise TranscriptError(TOO_BIG, size=_size(max_bytes))
    data = bytes(data)
    if not data.strip(b" \t\r\n\x00" + codecs.BOM_UTF8):
        raise TranscriptError(EMPTY)
    if extension == ".xlsx":
        workbook = xlsx.read_workbook(data)
        return _read_records(workbook.rows, format="xlsx", sheet=workbook.name, extra_cells="ignore")
    if data.startswith(b"PK\x03\x04"):
        try:
            workbook = xlsx.read_workbook(data)
        except limits.TooMuchWork:
            raise
        except TranscriptError:
            raise TranscriptError(ZIP_NOT_WORKBOOK, extension=extension) from None
        warning = Message(WARN_WORKBOOK_AS_CSV, {"extension": extension})
        return _read_records(
            workbook.rows, format="xlsx", sheet=workbook.name, extra_cells="ignore", warnings=[warning]
        )
    return _parse_csv(data, tab=extension == ".tsv")


# CSV -----------------------------------------------------------------------------------------


def _parse_csv(data: bytes, *, tab: bool = False) -> ParsedSheet:
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise TranscriptError(xlsx.OLD_EXCEL)
    if sniff_binary(data) is not None:
        raise TranscriptError(NOT_TEXT)
    try:
        clean = decode_and_clean(data, strip_blank_lines=False)
    except TranscriptError:
        raise TranscriptError(NOT_TEXT) from None
    text = clean.text
    if not text.strip():
        raise TranscriptError(EMPTY)
    warnings: list[Message] = []
    if clean.encoding == WINDOWS_1252:
        warnings.append(Message(WARN_WINDOWS_1252))
    if "\ufffd" in text:
        warnings.append(Message(WARN_REPLACED, {"encoding": clean.encoding}))
    delimiter = "\t" if tab else detect_delimiter(text)
    parsed = _read_records(_csv_records(text, delimiter), format="csv", warnings=warnings)
    return ParsedSheet(
        format="csv",
        encoding=clean.encoding,
        delimiter=None if delimiter == ONE_COLUMN else delimiter,
        sheet=None,
        columns=parsed.columns,
        rows=parsed.rows,
        problems=parsed.problems,
        more_problems=parsed.more_problems,
        skipped=parsed.skipped,
        warnings=parsed.warnings,
    )


def _first_record(text: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader(io.StringIO(text[:SNIFF_BYTES], newline=""), delimiter=delimiter), [])
    except csv.Error:
        return []


def _has_text_column(cells: Iterable[str]) -> bool:
    return any(header_key(cell) == "text" for cell in cells)


def detect_delimiter(text: str) -> str:
    """Which of ``,``, ``;`` and tab separates the columns.

    A header with none of them is a one-column file: :data:`ONE_COLUMN` (a control character
    that cleaned text never holds) is returned, so commas in its rows stay in the text.
    Otherwise ``csv.Sniffer`` guesses from the first few kilobytes; the guess is kept when it splits the
    header into a ``text`` column. Otherwise (a one-column file, or a guess the sample misled)
    the delimiter is the one that does, preferring the one that gives the most columns, and
    a comma when nothing does (the "no text column" error then lists what was found).
    """
    if all(len(_first_record(text, d)) <= 1 for d in DELIMITERS):
        return ONE_COLUMN
    sample = text[:SNIFF_BYTES]
    if "\n" in sample and len(text) > SNIFF_BYTES:
        sample = sample[: sample.rindex("\n")]
    try:
        guessed = csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        guessed = None
    if guessed in DELIMITERS and _has_text_column(_first_record(text, guessed)):
        return guessed
    candidates = [(len(cells), d) for d in DELIMITERS if _has_text_column(cells := _first_record(text, d))]
    if candidates:
        return max(candidates, key=lambda c: (c[0], -DELIMITERS.index(c[1])))[1]
    return guessed if guessed in DELIMITERS else ","


def _csv_records(text: str, delimiter: str) -> Iterable[tuple[int, list[str]]]:
    """(row number, cells) of each CSV record, numbered as a spreadsheet numbers its rows."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    number = 0
    while True:
        number += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "field limit" in str(error):
                raise TranscriptError(HUGE_CELL, row=number) from None
            raise TranscriptError(BAD_QUOTES, row=number) from None
        yield number, cells


# Rows, whatever the format -------------------------------------------------------------------


def header_key(cell: str) -> str:
    """The column a header cell names: ``"Journey stage"`` → ``"journey_stage"``."""
    return _HEADER_SPACES.sub("_", cell.replace("\ufeff", "").strip().strip('"').lower()).strip("_")


def _cell(cells: list[str], at: int | None) -> str:
    return cells[at] if at is not None and at < len(cells) else ""


def _found_columns(cells: list[str]) -> str:
    shown = [cell.strip()[:40] for cell in cells if cell.strip()][:10]
    more = len([c for c in cells if c.strip()]) - len(shown)
    return ", ".join(shown) + (", …" if more > 0 else "")


def _read_records(
    records: Iterable[tuple[int, list[str]]],
    *,
    format: str,
    sheet: str | None = None,
    extra_cells: str = "problem",
    warnings: Iterable[Message] = (),
) -> ParsedSheet:
    """Turn (row number, cells) records into rows of findings, checking each row.

    ``extra_cells`` says what a filled cell beyond the header's columns is: a ``"problem"``
    (a CSV row split at a stray delimiter) or ignored (a workbook's note beside the table).
    """
    header: list[str] | None = None
    column: dict[str, int] = {}
    rows: list[SheetRow] = []
    problems: list[Message] = []
    more_problems = 0
    skipped: list[int] = []
    characters = 0
    seen = 0

    def problem(template: str, **params: object) -> None:
        nonlocal more_problems
        if len(problems) < MAX_PROBLEMS:
            problems.append(Message(template, params))
        else:
            more_problems += 1

    for number, cells in records:
        seen += 1
        if seen > limits.MAX_RECORDS:
            raise limits.too_many_rows()
        if not any(cell.strip() for cell in cells):
            continue
        if header is None:
            header = [cell.strip() for cell in cells]
            keys = [header_key(cell) for cell in header]
            for key in COLUMNS:
                if keys.count(key) > 1:
                    raise TranscriptError(REPEATED_COLUMN, column=key)
            if "text" not in keys:
                raise TranscriptError(NO_TEXT_COLUMN, columns=_found_columns(header))
            column = {key: keys.index(key) for key in COLUMNS if key in keys}
            continue
        if len(rows) + len(skipped) >= limits.MAX_ROWS:
            raise limits.too_many_rows()
        if extra_cells == "problem" and any(cell.strip() for cell in cells[len(header) :]):
            problem(ROW_EXTRA_CELLS, row=number)

        raw = _cell(cells, column.get("text"))
        characters += len(raw)  # before cleaning, so a cell is never cleaned for free
        if characters > limits.MAX_CHARACTERS:
            raise limits.too_many_characters_in_sheet()
        text = clean_lines(raw.split("\n"))
        if not text:
            skipped.append(number)
            continue
        if len(text) > limits.MAX_FINDING_CHARACTERS:
            problem(
                ROW_TOO_LONG, row=number, max=f"{limits.MAX_FINDING_CHARACTERS:,}", count=f"{len(text):,}"
            )
        values = {}
        for key, limit in COLUMN_LIMITS.items():
            raw = _cell(cells, column.get(key))
            value = " ".join(raw[: 4 * limit].split())
            if len(value) > limit or len(raw) > 4 * limit:
                problem(ROW_CELL_TOO_LONG, row=number, column=key.replace("_", " "), max=limit)
                value = value[:limit]
            values[key] = value
        rows.append(SheetRow(number, text, **values))

    if header is None:
        raise TranscriptError(EMPTY)
    if not rows and not problems:
        raise TranscriptError(NO_TEXT_IN_ROWS if skipped else NO_ROWS)
    warnings = list(warnings)
    ignored = [
        cell for cell, key in zip(header, map(header_key, header), strict=True) if cell and key not in COLUMNS
    ]
    if ignored:
        warnings.append(Message(WARN_IGNORED_COLUMNS, {"columns": _found_columns(ignored)}))
    return ParsedSheet(
        format=format,
        encoding=None,
        delimiter=None,
        sheet=sheet,
        columns=tuple(header),
        rows=tuple(rows),
        problems=tuple(problems),
        more_problems=more_problems,
        skipped=tuple(skipped),
        warnings=tuple(warnings),
    )
