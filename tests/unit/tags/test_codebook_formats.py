"""Codebook files without a database: CSV and REFI-QDA writers and readers, colours, hostile input."""

# ruff: noqa: E501 - file contents and messages are clearer unbroken

from __future__ import annotations

import codecs
import csv
import io
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from research_notes.tags import codebook_formats as formats
from research_notes.tags.codebook_formats import CodebookFileError, CodeNode
from tests.support import third_party_imports
from tests.unit.tags.refi_codebook_xsd import CODEBOOK_XSD

SCHEMA = etree.XMLSchema(etree.fromstring(CODEBOOK_XSD.encode()))
fuzz = settings(database=None, deadline=None, max_examples=120)

# Names and descriptions drawn from what Welsh councils write, plus the characters that break
# CSV (commas, quotes, line breaks), XML (<, &, control characters) and spreadsheets (=, +, -, @).
PIECES = [
    "ŵ", "ŷ", "â", "Ŵ", "ô", "Llŷr", "Caerdydd", "Dŵr", ",", '"', "'", "\n", "\r\n", "\t", " ", "  ",
    "=", "+", "-", "@", "<", ">", "&", "&amp;", "]]>", ";", "|", "\x00", "\x07", "\u2028", "\ufeff",
    "🙂", "“", "’", "–", "a", "Phone queues", "e.g.", "#", "> ", " >",
]  # fmt: skip
text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=12).map("".join)
names = text.map(formats.clean_name).filter(lambda n: formats.name_problem(n) is None)
descriptions = text.map(formats.clean_description).filter(lambda d: len(d) <= formats.MAX_DESCRIPTION_LENGTH)
colours = st.sampled_from(formats.COLOURS)


welsh_names = st.one_of(st.just(""), names.filter(lambda n: formats.welsh_name_problem(n) is None))


def _unique_by_name(nodes: list[CodeNode]) -> list[CodeNode]:
    """Siblings with different names, and different Welsh names (a repeated one is left blank)."""
    seen, seen_cy, kept = set(), set(), []
    for node in nodes:
        if formats.name_key(node.name) not in seen:
            seen.add(formats.name_key(node.name))
            if formats.name_key(node.name_cy) in seen_cy:
                node.name_cy = ""
            elif node.name_cy:
                seen_cy.add(formats.name_key(node.name_cy))
            kept.append(node)
    return kept


def _node(children):
    return st.builds(
        lambda name, description, colour, kids, name_cy, description_cy: CodeNode(
            name, description, colour, str(uuid.uuid4()), kids, name_cy=name_cy, description_cy=description_cy
        ),
        names,
        descriptions,
        colours,
        children,
        welsh_names,
        descriptions,
    )


trees = st.recursive(
    st.lists(_node(st.just([])), max_size=4).map(_unique_by_name),
    lambda inner: st.lists(_node(inner), min_size=1, max_size=4).map(_unique_by_name),
    max_leaves=25,
).filter(bool)


def _shape(roots):
    return [(n.name, n.description, n.colour, n.name_cy, n.description_cy, _shape(n.children)) for n in roots]


@fuzz
@given(trees)
def test_csv_round_trip_keeps_names_in_both_languages_hierarchy_descriptions_and_colours(roots):
    parsed = formats.parse_csv(formats.export_csv(roots))
    assert parsed.encoding == "UTF-8 with BOM"
    assert _shape(parsed.roots) == _shape(roots)


@fuzz
@given(trees)
def test_qdc_round_trip_keeps_everything_in_both_languages_and_is_valid_against_the_refi_schema(roots):
    data = formats.export_qdc(roots)
    SCHEMA.assertValid(etree.fromstring(data))
    parsed = formats.parse_qdc(data)
    assert _shape(parsed.roots) == _shape(roots)
    assert [n.guid for n, _ in formats.walk(parsed.roots)] == [n.guid for n, _ in formats.walk(roots)]


@fuzz
@given(st.binary(max_size=400), st.sampled_from(["x.csv", "x.qdc", "x.xml", "x.txt"]))
def test_any_bytes_give_a_codebook_or_a_codebook_file_error(data, filename):
    try:
        parsed = formats.parse_codebook(data, filename)
    except CodebookFileError as error:
        assert error.message and error.template
    else:
        assert parsed.roots


@fuzz
@given(trees)
def test_csv_rows_list_parents_before_children(roots):
    rows = list(csv.reader(io.StringIO(formats.export_csv(roots).decode("utf-8-sig"), newline="")))[1:]
    seen = set()
    for name, parent, *_rest in rows:
        parent = formats._unprotect(parent)
        assert parent == "" or parent in seen
        seen.add(f"{parent} > {formats._unprotect(name)}" if parent else formats._unprotect(name))


def test_csv_with_welsh_columns_reads_them():
    parsed = formats.parse_csv(
        "name,parent,description,colour,name_cy,description_cy\n"
        "Phone queues,,Waiting on hold,blue,Ciwiau ffôn,Aros ar y ffôn\n"
        "Cost,,,red,,\n".encode()
    )
    assert _shape(parsed.roots) == [
        ("Phone queues", "Waiting on hold", "blue", "Ciwiau ffôn", "Aros ar y ffôn", []),
        ("Cost", "", "red", "", "", []),
    ]


def test_csv_with_only_one_welsh_column_is_read():
    parsed = formats.parse_csv(
        "Name_CY,name,parent,description,colour\nGofalwyr di-dâl,Unpaid carers,,,\n".encode()
    )
    assert [(n.name, n.name_cy, n.description_cy) for n in parsed.roots] == [
        ("Unpaid carers", "Gofalwyr di-dâl", "")
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            "name,parent,description,colour,name_cy\nA,,,,{long}\n",
            "Row 2: the Welsh name must be 80 characters or fewer",
        ),
        (
            "name,parent,description,colour,name_cy\nA,,,,Un > Dau\n",
            "Row 2: the Welsh name must not include ‘ > ’ with spaces, because it separates levels in a codebook file",
        ),
        (
            "name,parent,description,colour,name_cy\nA,,,,Cost\nB,,,,COST\n",
            "Row 3 repeats the Welsh name ‘COST’ from row 2",
        ),
        (
            "name,parent,description,colour,name_cy\nA,,,\n",
            "Row 2 has 4 columns. Each row must have 5, as the header does",
        ),
        (
            "name,parent,description,colour,name_cy,name_cy\nA,,,,,\n",
            "The first row of the file must be the header name,parent,description,colour",
        ),
    ],
)
def test_csv_welsh_columns_are_checked_like_the_english(data, message):
    with pytest.raises(CodebookFileError) as error:
        formats.parse_csv(data.replace("{long}", "a" * 81).encode())
    assert error.value.message == message


def test_the_same_welsh_name_under_different_parents_is_fine():
    parsed = formats.parse_csv(
        b"name,parent,description,colour,name_cy\nA,,,,Un\nB,,,,Dau\nC,A,,,Cost\nD,B,,,Cost\n"
    )
    assert parsed.count() == 4


def test_qdc_keeps_english_names_and_carries_welsh_in_the_description():
    node = CodeNode("Phone queues", "Waiting on hold", "blue", "6f1c4c2e-7d1b-4a43-9a39-2a3c1f0b9e11",
                    name_cy="Ciwiau ffôn", description_cy="Aros ar y ffôn")  # fmt: skip
    data = formats.export_qdc([node])
    SCHEMA.assertValid(etree.fromstring(data))
    assert 'name="Phone queues"' in data.decode()
    assert (
        "<Description>Waiting on hold\n\nCymraeg: Ciwiau ffôn\nAros ar y ffôn</Description>" in data.decode()
    )
    [parsed] = formats.parse_qdc(data).roots
    assert (parsed.description, parsed.name_cy, parsed.description_cy) == (
        "Waiting on hold",
        "Ciwiau ffôn",
        "Aros ar y ffôn",
    )


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        ("Just English", ("Just English", "", "")),
        ("Cymraeg: Cost", ("", "Cost", "")),
        ("Cymraeg:\nDisgrifiad yn unig", ("", "", "Disgrifiad yn unig")),
        (
            "Two\n\nparagraphs\n\nCymraeg: Dau\nun\n\nCymraeg: dau",
            ("Two\n\nparagraphs", "Dau", "un\n\nCymraeg: dau"),
        ),
        ("Not a marker: Cymraeg: X", ("Not a marker: Cymraeg: X", "", "")),
    ],
)
def test_the_welsh_block_is_found_after_a_blank_line_or_at_the_start(description, expected):
    assert formats.split_welsh(description) == expected


def test_a_small_qdc_export_looks_like_the_standard():
    node = CodeNode("Rhwystrau", "Barriers & costs", "red", "6f1c4c2e-7d1b-4a43-9a39-2a3c1f0b9e11",
                    [CodeNode("Cost", "", "green", "0f8a3b7c-1e2d-4c5b-8a9f-0e1d2c3b4a59")])  # fmt: skip
    assert formats.export_qdc([node]).decode() == (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="discovery">\n'
        "  <Codes>\n"
        '    <Code guid="6f1c4c2e-7d1b-4a43-9a39-2a3c1f0b9e11" name="Rhwystrau" isCodable="true" color="#D4351C">\n'
        "      <Description>Barriers &amp; costs</Description>\n"
        '      <Code guid="0f8a3b7c-1e2d-4c5b-8a9f-0e1d2c3b4a59" name="Cost" isCodable="true" color="#00703C" />\n'
        "    </Code>\n"
        "  </Codes>\n"
        "</CodeBook>\n"
    )


def test_every_colour_survives_hex_and_back():
    for colour in formats.COLOURS:
        assert formats.nearest_colour(formats.colour_to_hex(colour)) == colour


@pytest.mark.parametrize(
    ("hex_colour", "expected"),
    [
        ("#CC0000", "red"), ("#ff0000", "red"), ("#3E8A3E", "green"), ("#FFFF00", "yellow"),
        ("#663399", "purple"), ("#FFC0CB", "pink"), ("#FFA500", "orange"), ("#40E0D0", "turquoise"),
        ("#000080", "blue"), ("#87CEEB", "light-blue"), ("#808080", "grey"), ("#FFFFFF", "grey"),
        ("#000", "grey"), ("#f00", "red"), ("red", None), ("#12345", None), ("", None),
    ],
)  # fmt: skip
def test_nearest_colour_for_colours_other_tools_use(hex_colour, expected):
    assert formats.nearest_colour(hex_colour) == expected


def test_csv_colours_may_be_named_loosely_or_as_hex():
    assert formats.colour_from_text(" Light Blue ") == "light-blue"
    assert formats.colour_from_text("") == "grey"
    assert formats.colour_from_text("#d4351c") == "red"
    assert formats.colour_from_text("teal") is None


@pytest.mark.parametrize(
    ("encoding", "name"),
    [("utf-8-sig", "UTF-8 with BOM"), ("utf-8", "UTF-8"), ("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"),
     ("utf-16-be", "UTF-16"), ("cp1252", "Windows-1252")],
)  # fmt: skip
def test_csv_encodings_are_detected_and_named(encoding, name):
    data = "name,parent,description,colour\nCaffi’r dref,,“coffi” – £3,green\n".encode(encoding)
    parsed = formats.parse_csv(data)
    assert parsed.encoding == name
    assert (parsed.roots[0].name, parsed.roots[0].description) == ("Caffi’r dref", "“coffi” – £3")


def test_csv_header_may_come_in_any_order_and_case():
    parsed = formats.parse_csv(b"Colour,Name,Description,Parent\nred,A,,\nblue,B,,A\n")
    assert _shape(parsed.roots) == [("A", "", "red", "", "", [("B", "", "blue", "", "", [])])]


def test_csv_parents_may_come_after_their_children():
    parsed = formats.parse_csv(b"name,parent,description,colour\nB,A,,\nA,,,\n")
    assert _shape(parsed.roots) == [("A", "", "grey", "", "", [("B", "", "grey", "", "", [])])]


def test_csv_parent_may_be_an_existing_tag():
    parsed = formats.parse_csv(
        b"name,parent,description,colour\nQueues,contact > PHONE,,\n", [("Contact", "Phone")]
    )
    [contact] = parsed.roots
    assert contact.existing_only and contact.name == "Contact"
    assert contact.children[0].existing_only and contact.children[0].children[0].name == "Queues"
    assert parsed.count() == 1


def test_csv_formula_cells_are_protected_and_restored():
    roots = [CodeNode('=HYPERLINK("http://x")', "@SUM(A1)", "grey"), CodeNode("'quoted", "+1", "grey")]
    data = formats.export_csv(roots).decode("utf-8-sig")
    assert "'=HYPERLINK" in data and "'@SUM" in data and "''quoted" in data
    assert _shape(formats.parse_csv(data.encode()).roots) == _shape(roots)


@pytest.mark.parametrize(
    "data",
    [
        b"<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;'>"
        b"<!ENTITY c '&b;&b;&b;&b;&b;&b;&b;&b;'>]><CodeBook xmlns='urn:QDA-XML:codebook:1.0'><Codes>"
        b"<Code guid='x' name='&c;' isCodable='true'/></Codes></CodeBook>",
        b"<?xml version='1.0'?><!DOCTYPE CodeBook SYSTEM 'http://example.invalid/evil.dtd'><CodeBook/>",
        b"<?xml version='1.0'?><!DOCTYPE CodeBook [<!ENTITY % p SYSTEM 'file:///etc/passwd'> %p;]><CodeBook/>",
        b"<?xml version='1.0'?><!DOCTYPE CodeBook [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
        b"<CodeBook xmlns='urn:QDA-XML:codebook:1.0'><Codes><Code guid='x' name='&x;' isCodable='true'/></Codes>"
        b"</CodeBook>",
    ],
)
def test_doctype_and_entity_declarations_are_refused_before_expansion(data):
    with pytest.raises(CodebookFileError, match="DOCTYPE or ENTITY"):
        formats.parse_qdc(data)


def test_deep_or_huge_xml_is_refused():
    deep = (
        b"<CodeBook xmlns='urn:QDA-XML:codebook:1.0'><Codes>"
        + b"<Code guid='x' name='a' isCodable='true'>" * 200
        + b"</Code>" * 200
        + b"</Codes></CodeBook>"
    )
    with pytest.raises(CodebookFileError, match="nested too deeply"):
        formats.parse_qdc(deep)
    wide = (
        b"<CodeBook xmlns='urn:QDA-XML:codebook:1.0'><Codes>"
        + b"".join(b"<Code guid='x' name='c%d' isCodable='true'/>" % i for i in range(2001))
        + b"</Codes></CodeBook>"
    )
    with pytest.raises(CodebookFileError, match="more than 2000 tags"):
        formats.parse_qdc(wide)


def test_nesting_deeper_than_twenty_levels_is_refused_in_csv():
    rows = ["name,parent,description,colour"]
    path: list[str] = []
    for level in range(21):
        rows.append(f"L{level},{' > '.join(path)},,")
        path.append(f"L{level}")
    with pytest.raises(CodebookFileError, match="at most 20 levels"):
        formats.parse_csv("\n".join(rows).encode())


def test_utf16_xml_is_read():
    data = (
        formats.export_qdc([CodeNode("Dŵr", "ŷ", "blue")])
        .decode()
        .replace("utf-8", "utf-16")
        .encode("utf-16")
    )
    parsed = formats.parse_qdc(data)
    assert (parsed.roots[0].name, parsed.encoding) == ("Dŵr", "UTF-16")


def test_names_are_tidied_and_checked():
    assert formats.clean_name("  Ffôn\n\ta\u00a0chiw  ") == "Ffôn a chiw"
    assert formats.clean_name("w\u0302") == "ŵ"  # NFC: one letter however it was typed
    assert formats.name_problem("Age > 65") is not None
    assert formats.name_problem("> Age") is not None
    assert formats.name_problem("Age>65") is None
    assert formats.name_problem("x" * 80) is None and formats.name_problem("x" * 81) is not None


def test_descriptions_keep_line_breaks_and_lose_what_xml_cannot_carry():
    assert formats.clean_description("a\r\nb\rc\x00\x07\ufeff ") == "a\nb\nc"


def test_errors_carry_a_translatable_template_and_parameters():
    with pytest.raises(CodebookFileError) as caught:
        formats.parse_csv(b"name,parent,description,colour\nA,,,mauve\n")
    assert caught.value.template == "Row %(row)d: ‘%(colour)s’ is not a tag colour. Use one of %(colours)s"
    assert caught.value.params["row"] == 2


def test_bom_only_file_is_empty():
    with pytest.raises(CodebookFileError, match="empty"):
        formats.parse_codebook(codecs.BOM_UTF8 + b"\r\n", "x.csv")


def test_the_formats_module_uses_only_the_standard_library():
    """No Flask and no database, so a job or a notebook can read and write codebooks too."""
    assert third_party_imports(formats.__file__) == set()
