"""Exporting a codebook as CSV and REFI-QDA, importing it back, and every bad file we expect."""

# ruff: noqa: E501 - file contents and messages are clearer unbroken

from __future__ import annotations

import codecs
import csv
import io

import pytest
import sqlalchemy as sa

from discovery.extensions import db
from research_notes.models import Tag
from tests.support import audit_events, count, csrf_token, error_summary, notification, post_file, soup

DESCRIPTION = 'Pan fo\'r ffôn yn canu, "aros", aros.\nAil linell, gyda choma'


def _codebook(factories, discovery):
    gwasanaeth = factories.tag(
        discovery=discovery, name="Gwasanaeth ŵ ŷ â", colour="turquoise", description=DESCRIPTION
    )
    factories.tag(
        discovery=discovery,
        name='Ffôn, "ciw"',
        parent=gwasanaeth,
        colour="light-blue",
        description="=cmd|' /C calc'!A0",
    )
    child = factories.tag(
        discovery=discovery,
        name="Gwefan",
        parent=gwasanaeth,
        colour="pink",
        description_cy="=Gwefan y cyngor",
    )
    factories.tag(discovery=discovery, name="Ffurflenni", parent=child, colour="orange", description="-")
    factories.tag(
        discovery=discovery,
        name="Money",
        colour="yellow",
        description="Costs and benefits",
        name_cy="Arian",
        description_cy="Costau a budd-daliadau.\nAil linell",
    )
    db.session.commit()


def _snapshot(discovery, welsh=False):
    """(path, description, colour) of every tag, and with ``welsh`` its Welsh name and
    description: what a round trip must keep."""
    db.session.expire_all()
    tags = list(db.session.scalars(sa.select(Tag).where(Tag.discovery_id == discovery.id)))
    by_id = {t.id: t for t in tags}

    def path(tag):
        names = []
        while tag is not None:
            names.append(tag.name)
            tag = by_id.get(tag.parent_id)
        return tuple(reversed(names))

    if welsh:
        return sorted((path(t), t.description, t.colour, t.name_cy, t.description_cy) for t in tags)
    return sorted((path(t), t.description, t.colour) for t in tags)


def _upload(client, discovery, data: bytes, filename: str, follow=True):
    return post_file(client, f"/discoveries/{discovery.id}/codebook/import", data, filename, follow=follow)


@pytest.mark.parametrize("extension", ["csv", "qdc"])
def test_export_then_import_into_an_empty_discovery_gives_the_same_codebook(
    client, factories, signed_in, extension
):
    user = signed_in("researcher")
    source = factories.discovery(members=[user])
    target = factories.discovery(members=[user])
    _codebook(factories, source)

    response = client.get(f"/discoveries/{source.id}/codebook/export.{extension}")
    assert response.status_code == 200
    assert (
        response.headers["Content-Disposition"]
        == f'attachment; filename="codebook-{source.slug}.{extension}"'
    )
    data = response.get_data()

    response = _upload(client, target, data, f"codebook.{extension}")
    assert "Codebook imported: 5 tags created" in notification(response)
    assert _snapshot(target, welsh=True) == _snapshot(source, welsh=True)
    assert ("Arian", "Costau a budd-daliadau.\nAil linell") in [s[3:] for s in _snapshot(target, welsh=True)]
    page = soup(response)
    assert page.h1.get_text(strip=True) == "Codebook import"
    created = [li.get_text() for li in page.select("#created-tags li")]
    assert created[:2] == ["Gwasanaeth ŵ ŷ â", 'Gwasanaeth ŵ ŷ â > Ffôn, "ciw"']
    assert page.select("#skipped-tags li") == []
    assert [e.details["format"] for e in audit_events("codebook_exported")] == [extension]


def test_csv_export_is_utf8_with_bom_parents_first_and_formula_safe(client, factories, signed_in):
    user = signed_in("squad_member")
    discovery = factories.discovery(members=[user])
    _codebook(factories, discovery)
    data = client.get(f"/discoveries/{discovery.id}/codebook/export.csv").get_data()
    assert data.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["name", "parent", "description", "colour", "name_cy", "description_cy"]
    assert rows[1] == ["Gwasanaeth ŵ ŷ â", "", DESCRIPTION, "turquoise", "", ""]
    assert rows[2] == ['Ffôn, "ciw"', "Gwasanaeth ŵ ŷ â", "'=cmd|' /C calc'!A0", "light-blue", "", ""]
    assert rows[3:5] == [
        ["Gwefan", "Gwasanaeth ŵ ŷ â", "", "pink", "", "'=Gwefan y cyngor"],
        ["Ffurflenni", "Gwasanaeth ŵ ŷ â > Gwefan", "'-", "orange", "", ""],
    ]
    assert rows[5] == [
        "Money",
        "",
        "Costs and benefits",
        "yellow",
        "Arian",
        "Costau a budd-daliadau.\nAil linell",
    ]


def test_qdc_export_carries_the_welsh_name_and_description_after_the_english_description(
    client, factories, signed_in
):
    user = signed_in("researcher")
    discovery = factories.discovery(members=[user])
    factories.tag(
        discovery=discovery,
        name="Unpaid carers",
        description="Family and friends who care",
        name_cy="Gofalwyr di-dâl",
        description_cy="Teulu a ffrindiau sy'n gofalu",
    )
    db.session.commit()
    data = client.get(f"/discoveries/{discovery.id}/codebook/export.qdc").get_data().decode()
    assert 'name="Unpaid carers"' in data
    assert (
        "<Description>Family and friends who care\n\nCymraeg: Gofalwyr di-dâl\n"
        "Teulu a ffrindiau sy'n gofalu</Description>"
    ) in data


def test_a_csv_without_the_welsh_columns_still_imports(client, factories, signed_in):
    user = signed_in("researcher")
    discovery = factories.discovery(members=[user])
    db.session.commit()
    data = b"name,parent,description,colour\nCarers,,Unpaid carers,pink\nYoung carers,Carers,,\n"
    response = _upload(client, discovery, data, "old-codebook.csv")
    assert "Codebook imported: 2 tags created" in notification(response)
    assert _snapshot(discovery, welsh=True) == [
        (("Carers",), "Unpaid carers", "pink", "", ""),
        (("Carers", "Young carers"), "", "grey", "", ""),
    ]


def test_an_imported_welsh_name_a_sibling_already_has_is_left_out(client, factories, signed_in):
    user = signed_in("researcher")
    discovery = factories.discovery(members=[user])
    factories.tag(discovery=discovery, name="Price", name_cy="Cost", colour="red")
    db.session.commit()
    data = b"name,parent,description,colour,name_cy\nCost,,,red,cost\nQueues,,,blue,Ciwiau\n"
    response = _upload(client, discovery, data, "codebook.csv")
    assert "Codebook imported: 2 tags created" in notification(response)
    welsh = {name: name_cy for (name,), _d, _c, name_cy, _dc in _snapshot(discovery, welsh=True)}
    assert welsh == {"Price": "Cost", "Cost": "", "Queues": "Ciwiau"}


def test_qdc_export_uses_tag_ids_as_guids_and_hex_colours(client, factories, signed_in):
    user = signed_in("researcher")
    discovery = factories.discovery(members=[user])
    tag = factories.tag(discovery=discovery, name="Money", colour="yellow", description="Costs")
    db.session.commit()
    data = client.get(f"/discoveries/{discovery.id}/codebook/export.qdc").get_data()
    assert data.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    assert f'<Code guid="{tag.id}" name="Money" isCodable="true" color="#FFDD00">'.encode() in data
    assert b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="discovery">' in data


def test_importing_again_skips_what_exists_and_reports_it(client, factories, signed_in):
    user = signed_in("researcher")
    discovery = factories.discovery(members=[user])
    factories.tag(discovery=discovery, name="money")
    db.session.commit()
    data = b"name,parent,description,colour\nMoney,,,\nBills,Money,,red\nNew,,,\n"
    response = _upload(client, discovery, data, "codebook.csv")
    assert "Codebook imported: 2 tags created" in notification(response)
    page = soup(response)
    assert [li.get_text() for li in page.select("#created-tags li")] == ["money > Bills", "New"]
    assert [li.get_text() for li in page.select("#skipped-tags li")] == ["Money"]
    assert "UTF-8" in page.select_one(".govuk-summary-list").get_text()
    [event] = audit_events("codebook_imported")
    assert event.details["skipped"] == ["Money"] and event.actor_id == user.id


def test_a_csv_row_may_name_an_existing_tag_as_its_parent(client, factories, signed_in):
    user = signed_in("researcher")
    discovery = factories.discovery(members=[user])
    contact = factories.tag(discovery=discovery, name="Contact")
    factories.tag(discovery=discovery, name="Phone", parent=contact)
    db.session.commit()
    data = b"name,parent,description,colour\nQueues,Contact > Phone,,\n"
    response = _upload(client, discovery, data, "more.csv")
    assert [li.get_text() for li in soup(response).select("#created-tags li")] == ["Contact > Phone > Queues"]
    assert soup(response).select("#skipped-tags li") == []


@pytest.mark.parametrize(
    ("encoding", "name"),
    [("utf-8-sig", "UTF-8 with BOM"), ("utf-16", "UTF-16"), ("cp1252", "Windows-1252"), ("utf-8", "UTF-8")],
)
def test_csv_in_the_encodings_spreadsheets_save(client, factories, signed_in, encoding, name):
    user = signed_in("researcher")
    discovery = factories.discovery(members=[user])
    db.session.commit()
    text = "name,parent,description,colour\r\nCaffi’r dref,,Café – “coffi”,green\r\n"
    response = _upload(client, discovery, text.encode(encoding), "codebook.csv")
    assert "Codebook imported: 1 tag created" in notification(response)
    assert name in soup(response).select_one(".govuk-summary-list").get_text()
    assert _snapshot(discovery) == [(("Caffi’r dref",), "Café – “coffi”", "green")]


BAD_FILES = [
    (b"", "x.csv", "The selected file is empty"),
    (
        b"name,parent\nA,\n",
        "x.csv",
        "The first row of the file must be the header name,parent,description,colour",
    ),
    (b"A,,,\n", "x.csv", "The first row of the file must be the header name,parent,description,colour"),
    (
        b"name;parent;description;colour\nA;;;\n",
        "x.csv",
        "Columns must be separated by commas, not semicolons",
    ),
    (b"name,parent,description,colour\n", "x.csv", "The file has a header row but no tags"),
    (
        b"name,parent,description,colour\nA,Nowhere,,\n",
        "x.csv",
        "Row 2: the parent ‘Nowhere’ is not in the file or the codebook",
    ),
    (b"name,parent,description,colour\nA,,,\nB,,,\na,,,\n", "x.csv", "Row 4 repeats the tag ‘a’ from row 2"),
    (
        b"name,parent,description,colour\nA,,,teal\n",
        "x.csv",
        "Row 2: ‘teal’ is not a tag colour. Use one of grey, green, turquoise, blue, light-blue, purple, pink, red, "
        "orange, yellow",
    ),
    (b"name,parent,description,colour\nA,,,\n ,,x,\n", "x.csv", "Row 3: the name is empty"),
    (
        b"name,parent,description,colour\n" + b"x" * 81 + b",,,\n",
        "x.csv",
        "Row 2: the name must be 80 characters or fewer",
    ),
    (
        b"name,parent,description,colour\nA,,\n",
        "x.csv",
        "Row 2 has 3 columns. Each row must have 4: name, parent, description, colour",
    ),
    (
        b'name,parent,description,colour\nA,,"unclosed\n',
        "x.csv",
        "Row 2 could not be read: check its quotation marks",
    ),
    (
        b"name,parent,description,colour\nA\x81\x8d,,,\n",
        "x.csv",
        "The selected file is not in a text encoding the codebook can read. Save it as ‘CSV UTF-8’",
    ),
    (
        b"PK\x03\x04rest-of-an-xlsx",
        "x.csv",
        "The selected file is a zip file or an Excel workbook. Save it as ‘CSV UTF-8’ first",
    ),
    (
        b"name,parent,description,colour\nA,,,\n",
        "codebook.docx",
        "The selected file must be a CSV file or a REFI-QDA codebook (.qdc)",
    ),
    (
        b"<CodeBook xmlns='urn:QDA-XML:codebook:1.0'><Codes>",
        "x.qdc",
        "The selected file is not a well-formed XML file (line 1: no element found)",
    ),
    (
        b"<Project xmlns='urn:QDA-XML:project:1.0' name='p'/>",
        "x.qdc",
        "The selected file is a REFI-QDA project (.qdpx or .qde), not a codebook. Export the codebook (.qdc)",
    ),
    (
        b"<CodeBook><Codes><Code guid='x' name='A' isCodable='true'/></Codes></CodeBook>",
        "x.qdc",
        "The selected file is not a REFI-QDA codebook: it must start with a CodeBook element in the namespace "
        "urn:QDA-XML:codebook:1.0",
    ),
    (
        b"<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'><!ENTITY lol2 '&lol;&lol;'>]>"
        b"<CodeBook xmlns='urn:QDA-XML:codebook:1.0'><Codes><Code guid='x' name='&lol2;' isCodable='true'/>"
        b"</Codes></CodeBook>",
        "x.qdc",
        "The selected file has a DOCTYPE or ENTITY declaration. Codebook files must not have one",
    ),
    (
        b"<?xml version='1.0'?><!DOCTYPE x SYSTEM 'file:///etc/passwd'><CodeBook/>",
        "x.qdc",
        "The selected file has a DOCTYPE or ENTITY declaration. Codebook files must not have one",
    ),
    (
        b"<CodeBook xmlns='urn:QDA-XML:codebook:1.0'><Codes><Code guid='x' name='' isCodable='true'/></Codes>"
        b"</CodeBook>",
        "x.qdc",
        "Code 1 (at the top level): the name is empty",
    ),
    (b"<CodeBook xmlns='urn:QDA-XML:codebook:1.0'><Codes/></CodeBook>", "x.qdc", "The codebook has no codes"),
    (
        b"<CodeBook xmlns='urn:QDA-XML:codebook:1.0'><Codes><Code guid='a' name='A' isCodable='true'><Code guid='b' "
        b"name='B' isCodable='true'/><Code guid='c' name='b' isCodable='true'/></Code></Codes></CodeBook>",
        "x.qdc",
        "The codebook has the code ‘b’ twice in the same place",
    ),
    (
        b"name,parent,description,colour\n" + b"A,,,\n" * 250_000,
        "big.csv",
        "The selected file must be smaller than 1 MB",
    ),
]


def test_bad_files_get_a_clear_error_and_import_nothing(client, factories, signed_in):
    """Every bad file in one test, so one sign-in covers them all."""
    user = signed_in("researcher")
    discovery = factories.discovery(members=[user])
    db.session.commit()
    seen = []
    for data, filename, message in BAD_FILES:
        response = _upload(client, discovery, data, filename, follow=False)
        assert response.status_code == 200, message
        seen.append((error_summary(response), soup(response).title.get_text().startswith("Error:")))
    assert seen == [([(message, "#file")], True) for _data, _filename, message in BAD_FILES]
    assert count(Tag) == 0
    assert audit_events("codebook_imported") == []


def test_no_file_chosen(client, factories, signed_in):
    user = signed_in("researcher")
    discovery = factories.discovery(members=[user])
    db.session.commit()
    url = f"/discoveries/{discovery.id}/codebook/import"
    token = csrf_token(client.get(url).get_data(as_text=True))
    response = client.post(url, data={"csrf_token": token}, content_type="multipart/form-data")
    assert error_summary(response) == [("Select a codebook file", "#file")]


def test_a_file_over_the_upload_limit_gets_the_too_large_page(client, factories, signed_in, app):
    user = signed_in("researcher")
    discovery = factories.discovery(members=[user])
    db.session.commit()
    app.config["MAX_CONTENT_LENGTH"] = 2 * 1024 * 1024
    response = _upload(client, discovery, b"a" * (3 * 1024 * 1024), "huge.csv", follow=False)
    assert response.status_code == 413
    assert "The file is too large" in soup(response).h1.get_text()


def test_an_error_late_in_the_file_imports_nothing(client, factories, signed_in):
    user = signed_in("researcher")
    discovery = factories.discovery(members=[user])
    db.session.commit()
    data = b"name,parent,description,colour\nA,,,\nB,A,,\nC,,,purple\nD,,,mauve\n"
    response = _upload(client, discovery, data, "x.csv", follow=False)
    assert error_summary(response)[0][0].startswith("Row 5: ‘mauve’ is not a tag colour")
    assert count(Tag) == 0


def test_import_summary_of_another_discovery_is_not_found(client, factories, signed_in):
    user = signed_in("researcher")
    mine = factories.discovery(members=[user])
    theirs = factories.discovery(members=[user])
    db.session.commit()
    response = _upload(client, theirs, b"name,parent,description,colour\nA,,,\n", "x.csv", follow=False)
    event_id = response.headers["Location"].rsplit("/", 1)[1]
    assert client.get(f"/discoveries/{mine.id}/codebook/imports/{event_id}").status_code == 404
    assert client.get(f"/discoveries/{theirs.id}/codebook/imports/{event_id}").status_code == 200


def test_qdc_colours_from_other_tools_become_the_nearest_tag_colour(client, factories, signed_in):
    user = signed_in("researcher")
    discovery = factories.discovery(members=[user])
    db.session.commit()
    data = (
        b'<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="QualCoder">'
        b'<Codes><Code guid="{A0B1C2D3-0000-0000-0000-000000000000}" name="Rhwystrau" isCodable="false" '
        b'color="#CC0000"><Description>Barriers</Description><NoteRef targetGUID="x"/>'
        b'<Code guid="b" name="Cost" isCodable="true" color="#3E8A3E"/></Code>'
        b'<Code guid="c" name="No colour" isCodable="true"/></Codes><Sets><Set guid="s" name="S"/></Sets></CodeBook>'
    )
    _upload(client, discovery, data, "from-qualcoder.qdc")
    assert _snapshot(discovery) == [
        (("No colour",), "", "grey"),
        (("Rhwystrau",), "Barriers", "red"),
        (("Rhwystrau", "Cost"), "", "green"),
    ]
