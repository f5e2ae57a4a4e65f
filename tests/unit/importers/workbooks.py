"""Excel workbooks (.xlsx) built in code: honest ones with zipfile, hostile ones by hand.

``workbook()`` writes the parts Excel writes — content types, the workbook and its
relationships, shared strings and a worksheet — so the reader meets the same shapes as a real
download; the hostile builders reuse :mod:`.hostile`'s hand-written zip headers.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape

from . import hostile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
WORKBOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{WORKBOOK_TYPE}"/></Types>'
)


def column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_xml(reference: str, value, *, inline: bool, strings: list[str]) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{reference}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{reference}"><v>{value}</v></c>'
    if inline:
        return f'<c r="{reference}" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'
    strings.append(value)
    return f'<c r="{reference}" t="s"><v>{len(strings) - 1}</v></c>'


def sheet_xml(rows: Iterable[Sequence], *, inline: bool, strings: list[str], first_row: int = 1) -> str:
    body = []
    for number, row in enumerate(rows, start=first_row):
        cells = "".join(
            cell_xml(f"{column_letters(i)}{number}", v, inline=inline, strings=strings)
            for i, v in enumerate(row)
        )
        body.append(f'<row r="{number}">{cells}</row>')
    return f'<worksheet xmlns="{MAIN}"><sheetData>{"".join(body)}</sheetData></worksheet>'


def workbook(
    rows: Iterable[Sequence] = (),
    *,
    inline: bool = False,
    sheets: Sequence[tuple[str, str]] | None = None,
    extra_parts: dict[str, str] | None = None,
    shared_xml: str | None = None,
    target_prefix: str = "",
) -> bytes:
    """A workbook whose first worksheet holds ``rows`` (strings, numbers, booleans, ``None``).

    ``sheets`` replaces the sheet list with ``(name, state)`` pairs, each a copy of the same
    rows; ``extra_parts`` adds parts or replaces generated ones; ``shared_xml`` replaces the
    shared strings part; ``target_prefix`` ("/xl/") makes the relationship targets absolute,
    as some tools write them.
    """
    strings: list[str] = []
    worksheet = sheet_xml(rows, inline=inline, strings=strings)
    sheets = sheets or [("Findings", "visible")]
    sheet_list = "".join(
        f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"'
        + (f' state="{state}"' if state != "visible" else "")
        + "/>"
        for i, (name, state) in enumerate(sheets, start=1)
    )
    relationships = "".join(
        f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="{target_prefix}worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1)
    ) + (f'<Relationship Id="rIdS" Type="{REL}/sharedStrings" Target="{target_prefix}sharedStrings.xml"/>')
    shared = shared_xml or (
        f'<sst xmlns="{MAIN}" count="{len(strings)}" uniqueCount="{len(strings)}">'
        + "".join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in strings)
        + "</sst>"
    )
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{sheet_list}</sheets>'
        "</workbook>",
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PACKAGE_REL}">{relationships}</Relationships>',
        "xl/sharedStrings.xml": shared,
        **{f"xl/worksheets/sheet{i}.xml": worksheet for i in range(1, len(sheets) + 1)},
        **(extra_parts or {}),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


# Hostile workbooks: zip headers written by hand ---------------------------------------------

_WORKBOOK = (
    f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets><sheet name="Findings" sheetId="1" r:id="rId1"/>'
    "</sheets></workbook>"
).encode()
_RELS = (
    f'<Relationships xmlns="{PACKAGE_REL}">'
    f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rIdS" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
).encode()
HEADER_ROW = b'<row r="1"><c r="A1" t="inlineStr"><is><t>text</t></is></c></row>'


def hostile_workbook(
    sheet_chunks: Iterable[bytes],
    *,
    shared_chunks: Iterable[bytes] | None = None,
    claim: int | None = None,
    prolog: bytes = b"",
) -> bytes:
    """A workbook whose sheet XML is ``sheet_chunks`` inside ``<sheetData>`` (streamed, so
    hundreds of megabytes never sit in memory); ``claim`` makes the sheet's headers state
    that size instead of the truth."""

    def sheet() -> Iterable[bytes]:
        yield prolog + f'<worksheet xmlns="{MAIN}"><sheetData>'.encode()
        yield from sheet_chunks
        yield b"</sheetData></worksheet>"

    members = [
        hostile.member("[Content_Types].xml", CONTENT_TYPES.encode()),
        hostile.member("xl/workbook.xml", _WORKBOOK),
        hostile.member("xl/_rels/workbook.xml.rels", _RELS),
    ]
    if shared_chunks is not None:
        members.append(hostile.member("xl/sharedStrings.xml", shared_chunks))
    members.append(hostile.member("xl/worksheets/sheet1.xml", sheet(), claim=claim))
    return hostile.zip_bytes(members)


def zip_bomb(size: int) -> bytes:
    """A sheet of a header row, then ``size`` bytes of spaces (no element, row or character
    budget stops it first): only the inflated bytes can."""
    return hostile_workbook([HEADER_ROW, *hostile.repeated(b" ", size)])


def lying_headers(size: int) -> bytes:
    """A sheet that inflates to ``size`` bytes of rows while its headers claim 4 KB."""
    row = b'<row><c t="inlineStr"><is><t>The queue was too long</t></is></c></row>'
    return hostile_workbook([HEADER_ROW, *hostile.repeated(row, size)], claim=4096)


def billion_laughs_sheet() -> bytes:
    levels = b"".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">'.encode() for i in range(1, 10)).replace(
        b"&lol0;", b"lol"
    )
    prolog = b'<?xml version="1.0"?><!DOCTYPE worksheet [' + levels + b"]>"
    return hostile_workbook(
        [HEADER_ROW, b'<row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c></row>'], prolog=prolog
    )


def billion_laughs_shared_strings() -> bytes:
    levels = b"".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">'.encode() for i in range(1, 10)).replace(
        b"&lol0;", b"lol"
    )
    shared = b'<?xml version="1.0"?><!DOCTYPE sst [' + levels + b"]>" + f'<sst xmlns="{MAIN}">'.encode()
    return hostile_workbook(
        [HEADER_ROW, b'<row r="2"><c r="A2" t="s"><v>0</v></c></row>'],
        shared_chunks=[shared, b"<si><t>&lol9;</t></si></sst>"],
    )


def many_shared_strings(count: int) -> bytes:
    """A shared strings part of ``count`` one-letter strings: 17 bytes each."""
    return hostile_workbook(
        [HEADER_ROW],
        shared_chunks=[
            f'<sst xmlns="{MAIN}">'.encode(),
            *hostile.repeated(b"<si><t>a</t></si>", count * 17),
            b"</sst>",
        ],
    )


def huge_shared_string(characters: int) -> bytes:
    """One shared string of ``characters`` letters, used by a single cell."""
    return hostile_workbook(
        [HEADER_ROW, b'<row r="2"><c r="A2" t="s"><v>0</v></c></row>'],
        shared_chunks=[
            f'<sst xmlns="{MAIN}"><si><t>'.encode(),
            *hostile.repeated(b"a", characters),
            b"</t></si></sst>",
        ],
    )


def one_string_in_every_row(characters: int, rows: int) -> bytes:
    """A shared string of ``characters`` letters that ``rows`` rows all refer to: cheap to send,
    costly if each reference were read afresh."""
    row = b'<row><c t="s"><v>0</v></c></row>'
    return hostile_workbook(
        [HEADER_ROW, row * rows],
        shared_chunks=[
            f'<sst xmlns="{MAIN}"><si><t>'.encode(),
            *hostile.repeated(b"a", characters),
            b"</t></si></sst>",
        ],
    )


def empty_rows(count: int) -> bytes:
    """A header, then ``count`` empty rows: ``<row/>`` is 6 bytes and deflates to almost nothing."""
    return hostile_workbook([HEADER_ROW, *hostile.repeated(b"<row/>", count * 6)])


def deeply_nested(depth: int = 100_000) -> bytes:
    return hostile_workbook([HEADER_ROW, b"<row>" + b"<x>" * depth + b"</x>" * depth + b"</row>"])
