"""Codebook files: CSV for spreadsheets and REFI-QDA ``.qdc`` XML for other QDA tools.

Pure functions over plain data (no Flask, no database), so they can be property-tested and
used from a notebook. The app turns tags into :class:`CodeNode` trees, calls the writers, and
hands parsed trees to ``services.import_codebook``, which merges them into a discovery.

CSV
    UTF-8 with a byte order mark (so Excel shows ŵ and ŷ correctly), header
    ``name,parent,description,colour,name_cy,description_cy``. ``parent`` is the full path of
    the parent, English names joined by ``" > "``, so the hierarchy is unambiguous; parents
    come before children. The two Welsh columns are optional on import, so a codebook saved
    before tags had Welsh names (or typed by hand) still imports.
    Import accepts UTF-8 (with or without the mark), UTF-16 and Windows-1252 and says which
    it read. A colour the codebook does not use is an error naming the row (not a silent
    grey): an import applies completely or not at all, so a typo is better shown than hidden.
    Cells that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``) are written
    with a leading apostrophe, the spreadsheet convention for "this is text", and the
    apostrophe is taken off again on import.

REFI-QDA codebook
    The Codebook.xsd of the REFI-QDA standard (namespace ``urn:QDA-XML:codebook:1.0``):
    ``CodeBook/Codes/Code`` with required ``guid``, ``name`` and ``isCodable`` attributes,
    an optional ``color`` (``#RRGGBB``), an optional ``Description`` element first, then
    nested ``Code`` children. ``Sets`` is left out: the schema allows it to be absent but not
    empty. The schema has no place for a second language (no ``xml:lang``, no extra
    attributes, one ``Description``), so ``name`` stays English and the Welsh travels inside
    ``Description``, after the English description, as a block other tools show as plain text:
    a line ``Cymraeg: <Welsh name>`` and then the Welsh description (see :func:`join_welsh`).
    A name cannot hold a line break, so the marker line is unambiguous; a description from
    another tool that happens to have a paragraph starting ``Cymraeg:`` would be read as Welsh.
    Files are parsed with expat directly so that a DOCTYPE or ENTITY declaration
    (the way into "billion laughs" and external-entity attacks) is refused before anything
    is expanded.

Every problem raises :class:`CodebookFileError`, whose message is a GOV.UK-style sentence
marked for translation (``N_``) and formatted with ``%``-style parameters.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
import unicodedata
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from xml.parsers import expat

QDC_NAMESPACE = "urn:QDA-XML:codebook:1.0"
PROJECT_NAMESPACE = "urn:QDA-XML:project:1.0"
CSV_REQUIRED = ("name", "parent", "description", "colour")
CSV_WELSH = ("name_cy", "description_cy")
CSV_HEADER = CSV_REQUIRED + CSV_WELSH
WELSH_MARKER = "Cymraeg:"
PATH_SEPARATOR = " > "

MAX_FILE_BYTES = 1024 * 1024
MAX_TAGS = 2000
MAX_DEPTH = 20
MAX_NAME_LENGTH = 80
MAX_DESCRIPTION_LENGTH = 2000
DEFAULT_COLOUR = "grey"

UTF8 = "UTF-8"
UTF8_BOM = "UTF-8 with BOM"
UTF16 = "UTF-16"
WINDOWS_1252 = "Windows-1252"


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "translate later"
    """Mark a message for translation where it is defined; the view translates it when shown."""
    return message


# Colours -------------------------------------------------------------------------------------

# The GOV.UK colour palette: what other tools show as each tag colour.
COLOUR_HEX: dict[str, str] = {
    "grey": "#505a5f",
    "green": "#00703c",
    "turquoise": "#28a197",
    "blue": "#1d70b8",
    "light-blue": "#5694ca",
    "purple": "#4c2c92",
    "pink": "#d53880",
    "red": "#d4351c",
    "orange": "#f47738",
    "yellow": "#ffdd00",
}
COLOURS = tuple(COLOUR_HEX)
_HEX = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")
_GREY_CHROMA = 0.02


def colour_to_hex(colour: str) -> str:
    """The ``#RRGGBB`` a REFI-QDA file carries for a GOV.UK tag colour (grey if unknown)."""
    return COLOUR_HEX.get(colour, COLOUR_HEX[DEFAULT_COLOUR]).upper()


def _oklch(hex_colour: str) -> tuple[float, float, float]:
    """Lightness, chroma and hue (degrees) in OKLCH, where equal steps look equally different."""
    digits = hex_colour.strip().lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(int(digits[i : i + 2], 16)) for i in (0, 2, 4))
    l_ = (0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b) ** (1 / 3)
    m_ = (0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b) ** (1 / 3)
    s_ = (0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b) ** (1 / 3)
    lightness = 0.2104542553 * l_ + 0.7936177850 * m_ - 0.0040720468 * s_
    a = 1.9779984951 * l_ - 2.4285922050 * m_ + 0.4505937099 * s_
    b_ = 0.0259040371 * l_ + 0.7827717662 * m_ - 0.8086757660 * s_
    return lightness, math.hypot(a, b_), math.degrees(math.atan2(b_, a)) % 360


def nearest_colour(hex_colour: str) -> str | None:
    """The GOV.UK tag colour nearest to ``#RRGGBB`` (or ``#RGB``); ``None`` if it is not hex.

    Matched in OKLCH by hue first, then lightness (blue or light blue), so the pastel colours
    QDA tools like still land in the right colour family; colours with almost no chroma
    (white, black, greys) are grey.
    """
    if not _HEX.match(hex_colour.strip()):
        return None
    lightness, chroma, hue = _oklch(hex_colour)
    if chroma < _GREY_CHROMA:
        return DEFAULT_COLOUR

    def score(name: str) -> float:
        ref_lightness, _chroma, ref_hue = _oklch(COLOUR_HEX[name])
        turn = abs(hue - ref_hue)
        return 4 * min(turn, 360 - turn) / 180 + abs(lightness - ref_lightness) / 2

    return min((name for name in COLOURS if name != DEFAULT_COLOUR), key=score)


def colour_from_text(text: str) -> str | None:
    """Read a colour a person typed in a spreadsheet: a name ("Light blue") or a hex code."""
    value = text.strip().lower().replace("_", "-").replace(" ", "-")
    if not value:
        return DEFAULT_COLOUR
    if value in COLOUR_HEX:
        return value
    return nearest_colour(value) if value.startswith("#") else None


# Names and descriptions ----------------------------------------------------------------------

_WHITESPACE = re.compile(r"\s+")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_CONTROL_IN_NAME = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff]")
_SEPARATOR_LIKE = re.compile(r"(^|\s)>(\s|$)")


def clean_name(text: str) -> str:
    """A tag name as stored: NFC, no control characters, runs of whitespace as one space."""
    text = _CONTROL_IN_NAME.sub(" ", unicodedata.normalize("NFC", text or ""))
    return _WHITESPACE.sub(" ", text).strip()


def clean_description(text: str) -> str:
    """A description as stored: NFC, ``\\n`` line breaks, nothing XML 1.0 cannot carry."""
    text = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").replace("\r", "\n")
    return _NOT_XML.sub("", text.replace("\ufeff", "")).strip()


def name_problem(name: str) -> str | None:
    """Why a cleaned name cannot be a tag name, as an untranslated message; ``None`` if fine."""
    if not name:
        return N_("Enter a name")
    if len(name) > MAX_NAME_LENGTH:
        return N_("Name must be 80 characters or fewer")
    if _SEPARATOR_LIKE.search(name):
        return N_("Name must not include ‘ > ’ with spaces, because it separates levels in a codebook file")
    return None


_WELSH_TOO_LONG = N_("Welsh name must be 80 characters or fewer")
_WELSH_SEPARATOR = N_(
    "Welsh name must not include ‘ > ’ with spaces, because it separates levels in a codebook file"
)


def welsh_name_problem(name: str) -> str | None:
    """Why a cleaned Welsh name cannot be used, as an untranslated message; empty is fine."""
    if len(name) > MAX_NAME_LENGTH:
        return _WELSH_TOO_LONG
    if _SEPARATOR_LIKE.search(name):
        return _WELSH_SEPARATOR
    return None


def name_key(name: str) -> str:
    """How names are compared: ‘Phone queues’ and ‘phone queues’ are the same tag."""
    return clean_name(name).casefold()


# Tag paths typed in a cell of a spreadsheet of findings: ‘Barriers > Cost; Contact’. Levels are
# separated by ‘>’, as in codebook files, or by ‘›’, as the app shows paths; tags by ‘;’.
TAG_LIST_SEPARATOR = ";"
_TAG_LEVELS = re.compile(r"\s*[>›]\s*")


def split_tag_list(cell: str) -> list[str]:
    """The tag paths in a cell, as typed (blank entries left out)."""
    return [part.strip() for part in (cell or "").split(TAG_LIST_SEPARATOR) if part.strip()]


def split_tag_path(text: str) -> tuple[str, ...]:
    """The cleaned names of each level of a typed path; an empty level is kept as ``""``."""
    return tuple(clean_name(level) for level in _TAG_LEVELS.split(text.strip()))


def tag_path_problem(names: Sequence[str]) -> str | None:
    """Why a typed path cannot name a tag: ``"empty_level"``, ``"name_too_long"`` (past
    ``MAX_NAME_LENGTH``) or ``"too_deep"`` (past ``MAX_DEPTH``); ``None`` if it can."""
    if any(not name for name in names):
        return "empty_level"
    if any(len(name) > MAX_NAME_LENGTH for name in names):
        return "name_too_long"
    if len(names) > MAX_DEPTH:
        return "too_deep"
    return None


# The tree ------------------------------------------------------------------------------------


@dataclass
class CodeNode:
    """One code of a codebook, with its sub-codes. ``guid`` is kept for export only."""

    name: str
    description: str = ""
    colour: str = DEFAULT_COLOUR
    guid: str | None = None
    children: list[CodeNode] = field(default_factory=list)
    # Set for a parent that a CSV row refers to but that exists in the discovery, not the file.
    existing_only: bool = False
    name_cy: str = ""
    description_cy: str = ""


@dataclass
class ParsedCodebook:
    roots: list[CodeNode]
    encoding: str
    format: str  # "csv" or "qdc"

    def count(self) -> int:
        return sum(1 for node, _ in walk(self.roots) if not node.existing_only)


def walk(roots: Sequence[CodeNode], path: tuple[str, ...] = ()) -> Iterator[tuple[CodeNode, tuple[str, ...]]]:
    """Depth first, parents before children, siblings in the order given: (node, parent path)."""
    stack = [(node, path) for node in reversed(roots)]
    while stack:
        node, parent_path = stack.pop()
        yield node, parent_path
        stack.extend((child, (*parent_path, node.name)) for child in reversed(node.children))


def sort_tree(roots: Iterable[CodeNode]) -> list[CodeNode]:
    """Siblings in name order at every level (a copy), so files list codes as the page does."""
    return [
        CodeNode(
            n.name,
            n.description,
            n.colour,
            n.guid,
            sort_tree(n.children),
            n.existing_only,
            n.name_cy,
            n.description_cy,
        )
        for n in sorted(roots, key=lambda n: (name_key(n.name), n.name))
    ]


class CodebookFileError(ValueError):
    """The file cannot be imported. ``message`` is the English sentence; translate ``template``."""

    def __init__(self, template: str, **params: object) -> None:
        self.template = template
        self.params = params
        super().__init__(template % params if params else template)

    @property
    def message(self) -> str:
        return str(self)


# Reading bytes -------------------------------------------------------------------------------

_BINARY = (
    (b"PK\x03\x04", N_("The selected file is a zip file or an Excel workbook. Save it as ‘CSV UTF-8’ first")),
    (b"\xd0\xcf\x11\xe0", N_("The selected file is an older Excel workbook. Save it as ‘CSV UTF-8’ first")),
    (b"%PDF-", N_("The selected file is a PDF. Choose a CSV file or a REFI-QDA codebook (.qdc)")),
)


def check_size(data: bytes) -> None:
    if not data or not data.strip(b" \t\r\n\x00" + codecs.BOM_UTF8):
        raise CodebookFileError(N_("The selected file is empty"))
    if len(data) > MAX_FILE_BYTES:
        raise CodebookFileError(N_("The selected file must be smaller than 1 MB"))
    for signature, message in _BINARY:
        if data.startswith(signature):
            raise CodebookFileError(message)


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode a spreadsheet's CSV: a byte order mark first, then UTF-16 by its zero bytes,
    then strict UTF-8, then Windows-1252 (Excel's "CSV" on a UK Windows laptop).

    Returns the text and the encoding as a person would name it.
    """
    if data.startswith(codecs.BOM_UTF8):
        if not _utf8(data[3:]):
            raise CodebookFileError(
                N_("The selected file starts like UTF-8 but is not. Save it as ‘CSV UTF-8’")
            )
        return data[3:].decode("utf-8"), UTF8_BOM
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), UTF16
        except UnicodeDecodeError:
            raise CodebookFileError(N_("The selected file could not be read as UTF-16")) from None
    sample = data[:4096]
    pairs = len(sample) // 2
    if pairs and sample[1::2].count(0) >= 0.3 * pairs and sample[0::2].count(0) <= 0.02 * pairs:
        try:
            return data.decode("utf-16-le"), UTF16
        except UnicodeDecodeError:
            pass
    if pairs and sample[0::2].count(0) >= 0.3 * pairs and sample[1::2].count(0) <= 0.02 * pairs:
        try:
            return data.decode("utf-16-be"), UTF16
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise CodebookFileError(N_("The selected file is not a text file"))
    if _utf8(data):
        return data.decode("utf-8"), UTF8
    try:
        return data.decode("cp1252"), WINDOWS_1252
    except UnicodeDecodeError:
        raise CodebookFileError(
            N_("The selected file is not in a text encoding the codebook can read. Save it as ‘CSV UTF-8’")
        ) from None


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# CSV -----------------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "'", "\t", "\r")


def _protect(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def _unprotect(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_FORMULA_START) else cell


def export_csv(roots: Sequence[CodeNode]) -> bytes:
    """The codebook as CSV bytes (UTF-8 with BOM, CRLF rows), parents before children."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for node, parent_path in walk(roots):
        writer.writerow(
            [
                _protect(node.name),
                _protect(PATH_SEPARATOR.join(parent_path)),
                _protect(node.description),
                node.colour,
                _protect(node.name_cy),
                _protect(node.description_cy),
            ]
        )
    return codecs.BOM_UTF8 + out.getvalue().encode("utf-8")


def parse_csv(data: bytes, existing_paths: Iterable[Sequence[str]] = ()) -> ParsedCodebook:
    """Read a codebook CSV into a tree.

    ``existing_paths`` are the name paths of tags the discovery already has: a row's parent
    may be one of them or another row of the file, in any order. Raises
    :class:`CodebookFileError` naming the row for a wrong header, a missing name, a name too
    long, an unknown colour, a parent that does not exist or a row that repeats another.
    """
    check_size(data)
    text, encoding = decode_text(data)
    rows = _csv_rows(text)
    header = [cell.strip().lower().lstrip("\ufeff") for cell in rows[0][1]] if rows else []
    if not _known_header(header):
        if rows and len(rows[0][1]) == 1 and _known_header(rows[0][1][0].split(";")):
            raise CodebookFileError(N_("Columns must be separated by commas, not semicolons"))
        raise CodebookFileError(
            N_("The first row of the file must be the header name,parent,description,colour")
        )
    column = {name: header.index(name) for name in header}

    existing = {tuple(name_key(n) for n in path): tuple(path) for path in existing_paths}
    nodes: dict[tuple[str, ...], tuple[CodeNode, int]] = {}
    welsh_rows: dict[tuple[str, ...], int] = {}
    pending: list[tuple[int, tuple[str, ...], tuple[str, ...], CodeNode]] = []
    for line, cells in rows[1:]:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            if len(header) == len(CSV_REQUIRED):
                raise CodebookFileError(
                    N_(
                        "Row %(row)d has %(count)d columns. Each row must have 4: name, parent, description, colour"  # noqa: E501
                    ),
                    row=line,
                    count=len(cells),
                )
            raise CodebookFileError(
                N_("Row %(row)d has %(count)d columns. Each row must have %(expected)d, as the header does"),
                row=line,
                count=len(cells),
                expected=len(header),
            )
        if len(pending) >= MAX_TAGS:
            raise CodebookFileError(N_("The file has more than %(max)d tags"), max=MAX_TAGS)
        name = clean_name(_unprotect(cells[column["name"]]))
        problem = name_problem(name)
        if problem is not None:
            raise CodebookFileError(N_("Row %(row)d: %(problem)s"), row=line, problem=_row_problem(problem))
        parent_text = clean_name(_unprotect(cells[column["parent"]]))
        parent = tuple(clean_name(p) for p in parent_text.split(PATH_SEPARATOR)) if parent_text else ()
        if any(not p for p in parent):
            raise CodebookFileError(
                N_("Row %(row)d: the parent ‘%(parent)s’ has an empty level"), row=line, parent=parent_text
            )
        description = clean_description(_unprotect(cells[column["description"]]))
        if len(description) > MAX_DESCRIPTION_LENGTH:
            raise CodebookFileError(
                N_("Row %(row)d: the description must be %(max)d characters or fewer"),
                row=line,
                max=MAX_DESCRIPTION_LENGTH,
            )
        name_cy = clean_name(_unprotect(cells[column["name_cy"]] if "name_cy" in column else ""))
        problem = welsh_name_problem(name_cy)
        if problem is not None:
            raise CodebookFileError(N_("Row %(row)d: %(problem)s"), row=line, problem=_row_problem(problem))
        description_cy = clean_description(
            _unprotect(cells[column["description_cy"]] if "description_cy" in column else "")
        )
        if len(description_cy) > MAX_DESCRIPTION_LENGTH:
            raise CodebookFileError(
                N_("Row %(row)d: the Welsh description must be %(max)d characters or fewer"),
                row=line,
                max=MAX_DESCRIPTION_LENGTH,
            )
        colour = colour_from_text(cells[column["colour"]])
        if colour is None:
            raise CodebookFileError(
                N_("Row %(row)d: ‘%(colour)s’ is not a tag colour. Use one of %(colours)s"),
                row=line,
                colour=cells[column["colour"]].strip()[:40],
                colours=", ".join(COLOURS),
            )
        key = tuple(name_key(p) for p in parent) + (name_key(name),)
        if key in nodes:
            raise CodebookFileError(
                N_("Row %(row)d repeats the tag ‘%(name)s’ from row %(first)d"),
                row=line,
                name=name,
                first=nodes[key][1],
            )
        if name_cy:
            welsh_key = (*key[:-1], name_key(name_cy))
            if welsh_key in welsh_rows:
                raise CodebookFileError(
                    N_("Row %(row)d repeats the Welsh name ‘%(name)s’ from row %(first)d"),
                    row=line,
                    name=name_cy,
                    first=welsh_rows[welsh_key],
                )
            welsh_rows[welsh_key] = line
        node = CodeNode(name, description, colour, name_cy=name_cy, description_cy=description_cy)
        nodes[key] = (node, line)
        pending.append((line, key[:-1], parent, node))

    if not pending:
        raise CodebookFileError(N_("The file has a header row but no tags"))

    roots: list[CodeNode] = []
    stubs: dict[tuple[str, ...], CodeNode] = {}

    def stub_for(names: tuple[str, ...]) -> CodeNode:
        """A stand-in for a parent that already exists in the discovery, with its own parents."""
        key = tuple(name_key(n) for n in names)
        if key not in stubs:
            stubs[key] = CodeNode(names[-1], existing_only=True)
            (stub_for(names[:-1]).children if len(names) > 1 else roots).append(stubs[key])
        return stubs[key]

    for line, parent_key, parent, node in pending:
        if not parent_key:
            roots.append(node)
        elif parent_key in nodes:
            nodes[parent_key][0].children.append(node)
        elif parent_key in existing:
            stub_for(existing[parent_key]).children.append(node)
        else:
            raise CodebookFileError(
                N_("Row %(row)d: the parent ‘%(parent)s’ is not in the file or the codebook"),
                row=line,
                parent=PATH_SEPARATOR.join(parent),
            )
    depth = max(len(path) for _, path in walk(roots)) + 1
    if depth > MAX_DEPTH:
        raise CodebookFileError(N_("Tags can be nested at most %(max)d levels deep"), max=MAX_DEPTH)
    return ParsedCodebook(roots, encoding, "csv")


_NAME_PROBLEMS = {
    N_("Enter a name"): N_("the name is empty"),
    N_("Name must be 80 characters or fewer"): N_("the name must be 80 characters or fewer"),
    N_("Name must not include ‘ > ’ with spaces, because it separates levels in a codebook file"): N_(
        "the name must not include ‘ > ’ with spaces, because it separates levels in a codebook file"
    ),
}


_NAME_PROBLEMS[_WELSH_TOO_LONG] = N_("the Welsh name must be 80 characters or fewer")
_NAME_PROBLEMS[_WELSH_SEPARATOR] = N_(
    "the Welsh name must not include ‘ > ’ with spaces, because it separates levels in a codebook file"
)


def _known_header(cells: Sequence[str]) -> bool:
    """The four required columns, with none, one or both Welsh columns, in any order and case."""
    names = [cell.strip().lower().lstrip("\ufeff") for cell in cells]
    return len(set(names)) == len(names) and set(CSV_REQUIRED) <= set(names) <= set(CSV_HEADER)


def _row_problem(problem: str) -> str:
    """The same problem worded to follow "Row 3: " (the view translates it as a parameter)."""
    return _NAME_PROBLEMS.get(problem, problem)


def _csv_rows(text: str) -> list[tuple[int, list[str]]]:
    """(line number, cells) of each CSV record; the line is where the record starts."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error:
        raise CodebookFileError(
            N_("Row %(row)d could not be read: check its quotation marks"), row=start
        ) from None
    return rows


# REFI-QDA ------------------------------------------------------------------------------------


def export_qdc(roots: Sequence[CodeNode], origin: str = "discovery") -> bytes:
    """The codebook as a REFI-QDA ``.qdc`` document (UTF-8 XML, nested ``Code`` elements)."""
    # A literal xmlns attribute: ElementTree's default_namespace refuses unqualified attributes.
    book = ET.Element("CodeBook", {"xmlns": QDC_NAMESPACE, "origin": origin})
    codes = ET.SubElement(book, "Codes")

    stack: list[tuple[ET.Element, CodeNode]] = [(codes, node) for node in reversed(roots)]
    while stack:
        parent_element, node = stack.pop()
        element = ET.SubElement(
            parent_element,
            "Code",
            {
                "guid": node.guid or str(uuid.uuid4()),
                "name": node.name,
                "isCodable": "true",
                "color": colour_to_hex(node.colour),
            },
        )
        description = join_welsh(node.description, node.name_cy, node.description_cy)
        if description:
            ET.SubElement(element, "Description").text = description
        stack.extend((element, child) for child in reversed(node.children))
    ET.indent(book)
    body = ET.tostring(book, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n").encode("utf-8")


_WELSH_BLOCK = re.compile(r"(?:\A|\n\n)" + re.escape(WELSH_MARKER) + r"[^\S\n]*([^\n]*)(?:\n(.*))?\Z", re.S)


def join_welsh(description: str, name_cy: str, description_cy: str) -> str:
    """A REFI-QDA ``Description`` carrying both languages: the English description, a blank
    line, ``Cymraeg: <Welsh name>`` and the Welsh description on the lines after it.

    Without Welsh it is the English description alone, so files for tags with no Welsh are
    what they were before tags had Welsh names.
    """
    if not (name_cy or description_cy):
        return description
    block = f"{WELSH_MARKER} {name_cy}".rstrip()
    if description_cy:
        block += "\n" + description_cy
    return f"{description}\n\n{block}" if description else block


def split_welsh(text: str) -> tuple[str, str, str]:
    """(description, Welsh name, Welsh description) from a ``Description`` made by
    :func:`join_welsh`. The first marker line that starts the text or follows a blank line
    begins the Welsh; text without one is all English."""
    match = _WELSH_BLOCK.search(text)
    if match is None:
        return text, "", ""
    return (
        clean_description(text[: match.start()]),
        clean_name(match.group(1)),
        clean_description(match.group(2) or ""),
    )


@dataclass
class XmlElement:
    tag: str
    attributes: dict[str, str]
    children: list[XmlElement] = field(default_factory=list)
    text: list[str] = field(default_factory=list)


_MAX_ELEMENTS = 20000
_MAX_XML_DEPTH = 2 * MAX_DEPTH + 4

DECLARATIONS_REFUSED = N_(
    "The selected file has a DOCTYPE or ENTITY declaration. Codebook files must not have one"
)
TOO_MANY_ELEMENTS = N_("The selected file has too many codes or is nested too deeply")
NOT_WELL_FORMED = N_("The selected file is not a well-formed XML file (line %(line)d: %(reason)s)")


def parse_xml(
    data: bytes,
    *,
    max_elements: int = _MAX_ELEMENTS,
    max_depth: int = _MAX_XML_DEPTH,
    error: type[CodebookFileError] = CodebookFileError,
    declarations: str = DECLARATIONS_REFUSED,
    too_many: str = TOO_MANY_ELEMENTS,
    not_well_formed: str = NOT_WELL_FORMED,
) -> XmlElement:
    """Parse with expat, refusing DOCTYPE and ENTITY declarations before any expansion.

    Tags are ``"namespace local"`` (see :func:`qname`). Other REFI-QDA readers (a ``.qdpx``
    project) pass their own error class and messages; ``not_well_formed`` takes ``line`` and
    ``reason``.
    """
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse(*_args) -> None:
        raise error(declarations)

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.buffer_text = True
    stack: list[XmlElement] = []
    root: list[XmlElement] = []
    count = 0

    def start(tag: str, attributes: dict[str, str]) -> None:
        nonlocal count
        count += 1
        if count > max_elements or len(stack) > max_depth:
            raise error(too_many)
        element = XmlElement(tag, attributes)
        (stack[-1].children if stack else root).append(element)
        stack.append(element)

    def end(_tag: str) -> None:
        stack.pop()

    def characters(text: str) -> None:
        if stack:
            stack[-1].text.append(text)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    try:
        parser.Parse(data, True)
    except expat.ExpatError as problem:
        raise error(not_well_formed, line=problem.lineno, reason=expat.ErrorString(problem.code)) from None
    return root[0]


def qname(tag: str) -> tuple[str, str]:
    """``(namespace, local name)`` of a tag from :func:`parse_xml`."""
    namespace, _, local = tag.rpartition(" ")
    return namespace, local


def parse_qdc(data: bytes) -> ParsedCodebook:
    """Read a REFI-QDA codebook into a tree; colours become the nearest GOV.UK tag colour.

    Raises :class:`CodebookFileError` for a file that is not well-formed, has a DOCTYPE or
    ENTITY declaration, has the wrong root element or namespace, or holds codes without a
    name, with names or descriptions too long, or with the same name twice under one parent.
    """
    check_size(data)
    encoding = UTF16 if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else UTF8
    root = parse_xml(data)
    namespace, local = qname(root.tag)
    if namespace == PROJECT_NAMESPACE and local == "Project":
        raise CodebookFileError(
            N_(
                "The selected file is a REFI-QDA project (.qdpx or .qde), not a codebook. Export the codebook (.qdc)"  # noqa: E501
            )
        )
    if local != "CodeBook" or namespace != QDC_NAMESPACE:
        raise CodebookFileError(
            N_(
                "The selected file is not a REFI-QDA codebook: it must start with a CodeBook element in the namespace %(ns)s"  # noqa: E501
            ),
            ns=QDC_NAMESPACE,
        )
    codes = [c for c in root.children if qname(c.tag) == (QDC_NAMESPACE, "Codes")]
    if len(codes) != 1:
        raise CodebookFileError(N_("The codebook must have one Codes element"))
    roots = codes_from_xml(codes[0], QDC_NAMESPACE)
    if not roots:
        raise CodebookFileError(N_("The codebook has no codes"))
    return ParsedCodebook(roots, encoding, "qdc")


def codes_from_xml(codes: XmlElement, namespace: str) -> list[CodeNode]:
    """The tree of ``Code`` elements under a ``Codes`` element, checked as a codebook's are.

    Shared by codebooks and projects (``namespace`` is theirs); each node keeps its ``guid``,
    so a project's codings can find their code. Raises :class:`CodebookFileError`.
    """
    roots: list[CodeNode] = []
    number = 0
    stack: list[tuple[XmlElement, list[CodeNode], tuple[str, ...]]] = [
        (child, roots, ()) for child in reversed(codes.children) if qname(child.tag) == (namespace, "Code")
    ]
    seen: set[tuple[str, ...]] = set()
    while stack:
        element, siblings, parent = stack.pop()
        number += 1
        if number > MAX_TAGS:
            raise CodebookFileError(N_("The file has more than %(max)d tags"), max=MAX_TAGS)
        name = clean_name(element.attributes.get("name", ""))
        problem = name_problem(name)
        if problem is not None:
            if parent:
                raise CodebookFileError(
                    N_("Code %(number)d (under ‘%(parent)s’): %(problem)s"),
                    number=number,
                    parent=PATH_SEPARATOR.join(parent),
                    problem=_row_problem(problem),
                )
            raise CodebookFileError(
                N_("Code %(number)d (at the top level): %(problem)s"),
                number=number,
                problem=_row_problem(problem),
            )
        key = tuple(name_key(p) for p in (*parent, name))
        if key in seen:
            raise CodebookFileError(
                N_("The codebook has the code ‘%(name)s’ twice in the same place"), name=name
            )
        seen.add(key)
        if len(key) > MAX_DEPTH:
            raise CodebookFileError(N_("Tags can be nested at most %(max)d levels deep"), max=MAX_DEPTH)
        description, name_cy, description_cy = split_welsh(
            clean_description(
                "".join(
                    "".join(d.text) for d in element.children if qname(d.tag) == (namespace, "Description")
                )
            )
        )
        if max(len(description), len(description_cy)) > MAX_DESCRIPTION_LENGTH:
            raise CodebookFileError(
                N_("The description of ‘%(name)s’ must be %(max)d characters or fewer"),
                name=name,
                max=MAX_DESCRIPTION_LENGTH,
            )
        problem = welsh_name_problem(name_cy)
        if problem is not None:
            raise CodebookFileError(
                N_("The code ‘%(name)s’: %(problem)s"), name=name, problem=_row_problem(problem)
            )
        if name_cy:
            welsh_key = (*key[:-1], "cy", name_key(name_cy))
            if welsh_key in seen:
                raise CodebookFileError(
                    N_("The codebook has the Welsh name ‘%(name)s’ twice in the same place"), name=name_cy
                )
            seen.add(welsh_key)
        colour = nearest_colour(element.attributes.get("color", "")) or DEFAULT_COLOUR
        node = CodeNode(
            name,
            description,
            colour,
            guid=element.attributes.get("guid") or None,
            name_cy=name_cy,
            description_cy=description_cy,
        )
        siblings.append(node)
        stack.extend(
            (child, node.children, (*parent, name))
            for child in reversed(element.children)
            if qname(child.tag) == (namespace, "Code")
        )
    return roots


def looks_like_xml(data: bytes) -> bool:
    start = data.lstrip(codecs.BOM_UTF8)[:200]
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            start = start.decode("utf-16", errors="ignore").encode("utf-8")
        except UnicodeError:
            return False
    return start.lstrip().startswith(b"<")


def parse_codebook(
    data: bytes, filename: str, existing_paths: Iterable[Sequence[str]] = ()
) -> ParsedCodebook:
    """Read an uploaded codebook, choosing the format from the file name and its first bytes."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix not in ("csv", "qdc", "xml", "txt"):
        raise CodebookFileError(N_("The selected file must be a CSV file or a REFI-QDA codebook (.qdc)"))
    check_size(data)
    if suffix in ("qdc", "xml") or looks_like_xml(data):
        return parse_qdc(data)
    return parse_csv(data, existing_paths)
