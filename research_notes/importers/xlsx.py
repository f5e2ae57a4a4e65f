"""Excel workbooks (.xlsx): the cells of the first worksheet, as text.

A workbook is a zip archive of XML parts: ``xl/workbook.xml`` lists the sheets in tab order,
``xl/_rels/workbook.xml.rels`` says which part holds each, ``xl/sharedStrings.xml`` holds the
text of most cells once (a cell then gives its index), and each sheet's ``<sheetData>`` holds
rows of cells. Everything is read with :mod:`.zipxml` — chunked inflation into expat, a budget
of inflated bytes, XML elements, nesting depth, shared strings and characters, and no document
type declarations — so a zip bomb, a "billion laughs" or a sheet of a million empty rows is
refused after bounded work, with a message saying what to do (see :mod:`.limits`). No
dependency is needed: openpyxl would inflate and build every part whole before any check.

What a cell gives: its text (shared, inline or a formula's text result), a number written as
Excel shows it in the General format (``12``, ``0.5``; dates stay day numbers, because styles
are not read), ``TRUE``/``FALSE``, or an error such as ``#N/A``. Phonetic guides (``rPh``)
are left out. The first worksheet is the first one in tab order that is not hidden.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass

from . import limits, zipxml
from .encoding import clean_fragment, sniff_binary
from .results import N_, TranscriptError

CONTENT_TYPES = "[Content_Types].xml"
WORKBOOK = "xl/workbook.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
SHARED_STRINGS = "xl/sharedStrings.xml"
MAX_SHEET_ROW = 1_048_576  # Excel's last row
MAX_SHEET_COLUMN = 16_384  # Excel's last column, XFD

NOT_WORKBOOK = N_(
    "The selected file is not an Excel workbook (.xlsx). Open it in Excel, save it as "
    "‘Excel Workbook (.xlsx)’ or as ‘CSV UTF-8’ and upload it again"
)
NOT_ZIP = N_(
    "The selected file is not an Excel workbook: every .xlsx file is a zip archive, and this one is "
    "not. Save it again from Excel as ‘Excel Workbook (.xlsx)’ or as ‘CSV UTF-8’ and upload it again"
)
TEXT_NOT_WORKBOOK = N_(
    "The selected file is a text file, not an Excel workbook. If it is a CSV file, change the end "
    "of its name to .csv and upload it again"
)
OLD_EXCEL = N_(
    "The selected file is an older Excel workbook (.xls). "
    "Save it as an Excel workbook (.xlsx) or as ‘CSV UTF-8’ and upload it again"
)
NOT_A_WORKSHEET = N_(
    "The first sheet of the workbook is a chart, not a worksheet. Move the sheet of findings to "
    "the front and upload the workbook again"
)

_WORKBOOK_TYPES = (
    "spreadsheetml.sheet.main+xml",
    "spreadsheetml.template.main+xml",
    "ms-excel.sheet.macroEnabled.main+xml",
    "ms-excel.template.macroEnabled.main+xml",
)
_CELL_REF = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})")
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


class WorkbookBudget(zipxml.Budget):
    """What reading one workbook has cost so far, in a workbook's words."""

    __slots__ = ("shared_strings",)

    def __init__(self) -> None:
        super().__init__()
        self.shared_strings = 0

    def too_big(self) -> limits.TooMuchWork:
        return limits.too_big_workbook()

    def spend_characters(self, count: int) -> None:
        """Text read from shared strings and cells; twice a note's limit, since a workbook's
        shared strings also hold the text of its other sheets."""
        self.characters += count
        if self.characters > 2 * limits.MAX_CHARACTERS:
            raise limits.too_many_characters_in_sheet()


@dataclass(frozen=True, slots=True)
class Workbook:
    """The first worksheet: its name, and ``(row number, cells)`` for each row with any value.

    Each row's cells are strings indexed by column (A is 0), ``""`` where a cell is empty;
    columns past :data:`~.limits.MAX_COLUMNS` are not read.
    """

    name: str | None
    rows: list[tuple[int, list[str]]]
    budget: WorkbookBudget


def _local(name: str) -> str:
    """An element or attribute name without its namespace (Strict and Transitional alike)."""
    return name.rpartition("}")[2]


def _attr(attrs: dict, local: str) -> str | None:
    for key, value in attrs.items():
        if _local(key) == local:
            return value
    return None


def _not_workbook() -> TranscriptError:
    return TranscriptError(NOT_WORKBOOK)


def _too_many_entries() -> TranscriptError:
    return limits.too_complex_workbook("zip_entries")


def _refuse_declarations(*_args) -> None:
    raise TranscriptError(NOT_WORKBOOK)


class _Counted:
    """Counts elements and nesting depth against the workbook's limits."""

    def __init__(self, budget: WorkbookBudget) -> None:
        self.budget = budget
        self.depth = 0

    def enter(self) -> None:
        budget = self.budget
        budget.elements += 1
        self.depth += 1
        if budget.elements > limits.MAX_SHEET_ELEMENTS:
            raise limits.too_complex_workbook("elements")
        if self.depth > limits.MAX_DEPTH:
            raise limits.too_complex_workbook("depth")

    def leave(self) -> None:
        self.depth -= 1


def _read_part(
    archive: zipfile.ZipFile, name: str, budget: WorkbookBudget, start, end=None, text=None
) -> None:
    parser = zipxml.xml_parser(start, end, text, refuse=_refuse_declarations)
    zipxml.stream(archive, name, budget, parser, not_valid=_not_workbook)


def _unescape(text: str) -> str:
    """Excel writes characters XML cannot hold as ``_x000D_``; turn them back into characters."""
    if "_x" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def _refuse_non_workbooks(data: bytes) -> None:
    """Say what a file that is not a zip archive is, rather than only what it is not."""
    if data.startswith(b"PK\x03\x04") or zipxml.entry_count(data) is not None:
        return
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise TranscriptError(OLD_EXCEL)
    sample = data[:4096]
    controls = sum(1 for byte in sample if byte < 9 or 13 < byte < 32)
    if sniff_binary(sample) is None and controls <= len(sample) // 100:
        raise TranscriptError(TEXT_NOT_WORKBOOK)
    raise TranscriptError(NOT_ZIP)


# The package's map: which part is the workbook, and which is its first worksheet ----------


def _is_workbook(archive: zipfile.ZipFile, budget: WorkbookBudget) -> bool:
    counted = _Counted(budget)
    found: list[bool] = []

    def start(name: str, attrs: dict) -> None:
        counted.enter()
        if _local(name) in ("Override", "Default"):
            kind = attrs.get("ContentType", "")
            if any(kind.endswith(t) for t in _WORKBOOK_TYPES):
                found.append(True)

    _read_part(archive, CONTENT_TYPES, budget, start, lambda _n: counted.leave())
    return bool(found)


def _first_sheet(archive: zipfile.ZipFile, budget: WorkbookBudget) -> tuple[str | None, str | None]:
    """The first visible sheet's name and relationship id (``None``, ``None`` when none)."""
    counted = _Counted(budget)
    sheets: list[tuple[str | None, str | None, bool]] = []

    def start(name: str, attrs: dict) -> None:
        counted.enter()
        if _local(name) == "sheet" and len(sheets) < zipxml.MAX_ZIP_ENTRIES:
            hidden = attrs.get("state", "visible") in ("hidden", "veryHidden")
            sheets.append((attrs.get("name"), _attr(attrs, "id"), hidden))

    _read_part(archive, WORKBOOK, budget, start, lambda _n: counted.leave())
    visible = [s for s in sheets if not s[2]] or sheets
    if not visible:
        return None, None
    return visible[0][0], visible[0][1]


def _relationships(archive: zipfile.ZipFile, budget: WorkbookBudget) -> dict[str, tuple[str, str]]:
    """Relationship id → (type, part name) from the workbook's relationships."""
    if WORKBOOK_RELS not in archive.NameToInfo:
        return {}
    counted = _Counted(budget)
    found: dict[str, tuple[str, str]] = {}

    def start(name: str, attrs: dict) -> None:
        counted.enter()
        if _local(name) == "Relationship" and attrs.get("TargetMode") != "External":
            target = attrs.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            found[attrs.get("Id", "")] = (attrs.get("Type", ""), posixpath.normpath(part))

    _read_part(archive, WORKBOOK_RELS, budget, start, lambda _n: counted.leave())
    return found


# Shared strings and the sheet ----------------------------------------------------------------


def _shared_strings(archive: zipfile.ZipFile, name: str, budget: WorkbookBudget) -> list[str]:
    counted = _Counted(budget)
    strings: list[str] = []
    pieces: list[str] = []
    state = {"in_t": False, "phonetic": 0}

    def start(element: str, _attrs: dict) -> None:
        counted.enter()
        local = _local(element)
        if local == "si":
            budget.shared_strings += 1
            if budget.shared_strings > limits.MAX_SHARED_STRINGS:
                raise limits.too_complex_workbook("shared_strings")
            pieces.clear()
        elif local == "t":
            state["in_t"] = not state["phonetic"]
        elif local == "rPh":
            state["phonetic"] += 1

    def end(element: str) -> None:
        counted.leave()
        local = _local(element)
        if local == "si":
            strings.append(clean_fragment(_unescape("".join(pieces))))
        elif local == "t":
            state["in_t"] = False
        elif local == "rPh":
            state["phonetic"] -= 1

    def text(data: str) -> None:
        if state["in_t"]:
            budget.spend_characters(len(data))
            pieces.append(data)

    _read_part(archive, name, budget, start, end, text)
    return strings


def _number(value: str) -> str:
    """A number as Excel's General format shows it: ``12``, ``0.5``, ``1E+20``."""
    value = value.strip()
    try:
        number = float(value)
    except ValueError:
        return value
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return f"{number:.15g}".upper()


def _column(reference: str | None) -> int | None:
    """``"B7"`` → 1; ``None`` for a missing or impossible reference."""
    if not reference:
        return None
    match = _CELL_REF.fullmatch(reference)
    if match is None:
        return None
    index = 0
    for letter in match.group(1).upper():
        index = index * 26 + (ord(letter) - 64)
    return index - 1 if index <= MAX_SHEET_COLUMN else None


class _Sheet:
    """expat handlers gathering the rows of a worksheet within the budget."""

    def __init__(self, budget: WorkbookBudget, shared: list[str]) -> None:
        self.counted = _Counted(budget)
        self.budget = budget
        self.shared = shared
        self.rows: list[tuple[int, list[str]]] = []
        self.records = 0
        self.row_number = 0
        self.cells: dict[int, str] = {}
        self.column = -1
        self.cell_type = "n"
        self.in_cell = self.in_value = self.in_inline = self.in_text = False
        self.phonetic = 0
        self.value: list[str] = []
        self.inline: list[str] = []

    def start(self, name: str, attrs: dict) -> None:
        self.counted.enter()
        local = _local(name)
        if local == "row":
            self.records += 1
            if self.records > limits.MAX_RECORDS:
                raise limits.too_many_rows()
            number = attrs.get("r", "")
            given = int(number) if number.isdigit() and len(number) <= 7 else 0
            self.row_number = given if self.row_number < given <= MAX_SHEET_ROW else self.row_number + 1
            self.cells = {}
            self.column = -1
        elif local == "c":
            column = _column(attrs.get("r"))
            self.column = column if column is not None and column > self.column else self.column + 1
            self.cell_type = attrs.get("t", "n")
            self.in_cell = True
            self.value, self.inline = [], []
        elif not self.in_cell:
            return
        elif local == "v":
            self.in_value = True
        elif local == "is":
            self.in_inline = True
        elif local == "t":
            self.in_text = self.in_inline and not self.phonetic
        elif local == "rPh":
            self.phonetic += 1

    def end(self, name: str) -> None:
        self.counted.leave()
        local = _local(name)
        if local == "v":
            self.in_value = False
        elif local == "t":
            self.in_text = False
        elif local == "rPh":
            self.phonetic -= 1
        elif local == "is":
            self.in_inline = False
        elif local == "c":
            self.in_cell = False
            if self.column < limits.MAX_COLUMNS:
                value = self._cell_value()
                if value:
                    self.cells[self.column] = value
        elif local == "row":
            if self.cells:
                if len(self.rows) > limits.MAX_ROWS:  # the header and MAX_ROWS findings, then one more
                    raise limits.too_many_rows()
                width = max(self.cells) + 1
                self.rows.append((self.row_number, [self.cells.get(i, "") for i in range(width)]))
            self.cells = {}

    def text(self, data: str) -> None:
        if self.in_value or self.in_text:
            self.budget.spend_characters(len(data))
            (self.value if self.in_value else self.inline).append(data)

    def _cell_value(self) -> str:
        kind, value = self.cell_type, "".join(self.value)
        if kind == "s":
            try:
                return self.shared[int(value.strip())]
            except (ValueError, IndexError):
                raise TranscriptError(NOT_WORKBOOK) from None
        if kind == "inlineStr":
            return clean_fragment(_unescape("".join(self.inline)))
        if kind == "b":
            return {"1": "TRUE", "0": "FALSE"}.get(value.strip(), "")
        if kind in ("str", "e", "d"):
            return clean_fragment(_unescape(value))
        return _number(value)


def read_workbook(data: bytes, budget: WorkbookBudget | None = None) -> Workbook:
    """Read the first worksheet of an .xlsx upload within the limits of :mod:`.limits`.

    Raises :class:`~.results.TranscriptError` if the file is not a readable workbook (an
    older .xls, a text file, a zip that is not a workbook, a chart as the first sheet), and its
    subclass :class:`~.limits.TooMuchWork` if reading it would pass a limit.
    """
    budget = budget or WorkbookBudget()
    _refuse_non_workbooks(data)
    archive = zipxml.open_archive(data, not_valid=_not_workbook, too_many_entries=_too_many_entries)
    with archive:
        names = set(archive.namelist())
        if CONTENT_TYPES not in names or WORKBOOK not in names or not _is_workbook(archive, budget):
            raise TranscriptError(NOT_WORKBOOK)
        sheet_name, sheet_id = _first_sheet(archive, budget)
        relationships = _relationships(archive, budget)
        sheet_type, sheet_part = relationships.get(sheet_id or "", ("", "xl/worksheets/sheet1.xml"))
        if sheet_type and not sheet_type.endswith("/worksheet"):
            raise TranscriptError(NOT_A_WORKSHEET)
        if sheet_part not in names:
            raise TranscriptError(NOT_WORKBOOK)
        shared_part = next(
            (part for kind, part in relationships.values() if kind.endswith("/sharedStrings")), SHARED_STRINGS
        )
        shared = _shared_strings(archive, shared_part, budget) if shared_part in names else []
        sheet = _Sheet(budget, shared)
        _read_part(archive, sheet_part, budget, sheet.start, sheet.end, sheet.text)
    return Workbook(sheet_name, sheet.rows, budget)
