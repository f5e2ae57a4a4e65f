"""The bilingual codebook: Welsh pages show Welsh tag names, an English fallback is marked
lang="en" for screen readers, and the tag form takes and checks Welsh names."""

from __future__ import annotations

import csv
import io

import sqlalchemy as sa

from discovery.extensions import db
from research_notes.models import Tag
from research_notes.tags.forms import TagForm
from tests.support import audit_events, error_summary, form_data, notification, post_form, soup


def _codebook(factories, user):
    """Channels > Phone queues (both in Welsh), Unpaid carers (English only); a finding on each."""
    discovery = factories.discovery(members=[user])
    channels = factories.tag(discovery=discovery, name="Channels", name_cy="Sianeli", colour="blue")
    phone = factories.tag(
        discovery=discovery,
        name="Phone queues",
        name_cy="Ciwiau ffôn",
        description="Waiting on hold",
        description_cy="Aros ar y ffôn",
        parent=channels,
    )
    carers = factories.tag(discovery=discovery, name="Unpaid carers", description="Family who care")
    note = factories.note(discovery=discovery)
    factories.finding(note=note, tags=[phone, carers])
    db.session.commit()
    return discovery, channels, phone, carers


def _codebook_cells(page) -> dict[str, object]:
    """Each codebook row's tag swatch element, keyed by its text."""
    return {s.get_text(strip=True): s for s in page.select("table.app-codebook .app-codebook__swatch")}


def test_a_welsh_page_shows_the_welsh_tag_name_and_description(client, factories, signed_in):
    discovery, _channels, phone, _carers = _codebook(factories, signed_in("researcher"))
    page = soup(client.get(f"/discoveries/{discovery.id}/codebook?lang=cy"))
    assert page.html["lang"] == "cy"
    swatches = _codebook_cells(page)
    assert {"Sianeli", "Ciwiau ffôn"} <= set(swatches)
    assert swatches["Ciwiau ffôn"].select("[lang]") == []
    row = page.select_one(f"#tag-{phone.id}")
    assert row.select("td")[0].get_text(strip=True) == "Aros ar y ffôn"
    assert "Sianeli" in row.select_one("th .govuk-visually-hidden").get_text()


def test_a_welsh_page_falls_back_to_the_english_name_marked_lang_en(client, factories, signed_in):
    discovery, _channels, _phone, carers = _codebook(factories, signed_in("researcher"))
    page = soup(client.get(f"/discoveries/{discovery.id}/codebook?lang=cy"))
    span = _codebook_cells(page)["Unpaid carers"].select_one("span[lang]")
    assert (span["lang"], span.get_text()) == ("en", "Unpaid carers")
    description = page.select_one(f"#tag-{carers.id}").select("td")[0].select_one("span[lang]")
    assert (description["lang"], description.get_text()) == ("en", "Family who care")

    findings = soup(client.get(f"/discoveries/{discovery.id}/findings"))
    tags = findings.select(".app-finding__tag")
    assert [t.get_text(strip=True) for t in tags] == ["Ciwiau ffôn", "Unpaid carers"]
    assert [t.select_one("span[lang]") and t.select_one("span[lang]")["lang"] for t in tags] == [None, "en"]


def test_an_english_page_shows_the_english_name_plainly(client, factories, signed_in):
    discovery, _channels, phone, _carers = _codebook(factories, signed_in("researcher"))
    page = soup(client.get(f"/discoveries/{discovery.id}/codebook?lang=en"))
    swatches = _codebook_cells(page)
    assert {"Channels", "Phone queues", "Unpaid carers"} == set(swatches)
    assert all(s.select("[lang]") == [] for s in swatches.values())
    welsh = page.select_one(f"#tag-{phone.id} .app-codebook__other-language span[lang=cy]")
    assert welsh.get_text() == "Ciwiau ffôn"

    findings = soup(client.get(f"/discoveries/{discovery.id}/findings"))
    assert [t.get_text(strip=True) for t in findings.select(".app-finding__tag")] == [
        "Phone queues",
        "Unpaid carers",
    ]


def test_findings_filters_on_a_welsh_page_list_tags_by_their_welsh_paths(client, factories, signed_in):
    discovery, _channels, _phone, _carers = _codebook(factories, signed_in("researcher"))
    page = soup(client.get(f"/discoveries/{discovery.id}/findings?lang=cy"))
    labels = [label.get_text(strip=True) for label in page.select("form.app-filter .govuk-checkboxes__label")]
    assert "Ciwiau ffôn" in labels and "Sianeli" in labels and "Unpaid carers" in labels


def test_findings_csv_in_welsh_gives_welsh_tag_labels_beside_the_english_paths(client, factories, signed_in):
    discovery, _channels, _phone, _carers = _codebook(factories, signed_in("researcher"))
    url = f"/discoveries/{discovery.id}/findings/export.csv"
    content = client.get(f"{url}?lang=cy").get_data(as_text=True)
    [row] = list(csv.DictReader(io.StringIO(content.lstrip("\ufeff"))))
    assert row["tags"] == "Channels > Phone queues; Unpaid carers"
    assert row["tags_label"] == "Sianeli > Ciwiau ffôn; Unpaid carers"


def test_the_tag_form_saves_the_welsh_name_and_description_and_audits_them(client, factories, signed_in):
    user = signed_in("researcher")
    discovery = factories.discovery(members=[user])
    db.session.commit()
    url = f"/discoveries/{discovery.id}/codebook/new"
    page = soup(client.get(url))
    assert page.select_one("input#name_cy")["lang"] == "cy"
    assert page.select_one("textarea#description_cy")["lang"] == "cy"

    data = form_data(
        TagForm,
        name="Unpaid carers",
        name_cy="  Gofalwyr   di-dâl ",
        description_cy="Teulu a ffrindiau sy'n gofalu",
        colour="pink",
        parent="",
    )
    response = post_form(client, url, data, follow=True)
    assert "Tag ‘Unpaid carers’ added" in notification(response)
    tag = db.session.scalar(sa.select(Tag).where(Tag.name == "Unpaid carers"))
    assert (tag.name_cy, tag.description_cy) == ("Gofalwyr di-dâl", "Teulu a ffrindiau sy'n gofalu")
    [event] = audit_events("tag_created")
    assert event.details["name_cy"] == "Gofalwyr di-dâl"

    edit = f"/discoveries/{discovery.id}/codebook/{tag.id}/edit"
    assert soup(client.get(edit)).select_one("input#name_cy")["value"] == "Gofalwyr di-dâl"
    data = form_data(TagForm, name="Unpaid carers", name_cy="Gofalwyr", colour="pink", parent="", version="1")
    post_form(client, edit, {**data, "description_cy": "Teulu a ffrindiau sy'n gofalu"}, follow=True)
    [renamed] = audit_events("tag_renamed")
    assert renamed.details["changes"] == {"name_cy": {"from": "Gofalwyr di-dâl", "to": "Gofalwyr"}}


def test_the_tag_form_refuses_a_welsh_name_a_sibling_has_or_that_is_too_long(client, factories, signed_in):
    user = signed_in("researcher")
    discovery = factories.discovery(members=[user])
    channels = factories.tag(discovery=discovery, name="Channels", name_cy="Sianeli")
    factories.tag(discovery=discovery, name="Phone queues", name_cy="Ciwiau ffôn", parent=channels)
    db.session.commit()
    url = f"/discoveries/{discovery.id}/codebook/new"

    response = post_form(
        client, url, form_data(TagForm, name="Calls", name_cy="CIWIAU FFÔN", parent=str(channels.id))
    )
    assert error_summary(response) == [
        (
            "There is already a tag called ‘Ciwiau ffôn’ in Welsh under ‘Channels’. "
            "Enter a different Welsh name or choose another parent",
            "#name_cy",
        )
    ]
    response = post_form(client, url, form_data(TagForm, name="Other", name_cy="sianeli", parent=""))
    assert error_summary(response) == [
        (
            "There is already a tag called ‘Sianeli’ in Welsh at the top level. "
            "Enter a different Welsh name or choose another parent",
            "#name_cy",
        )
    ]
    response = post_form(
        client, url, form_data(TagForm, name="Long", name_cy="a" * 81, description_cy="d" * 2001, parent="")
    )
    assert error_summary(response) == [
        ("Welsh name must be 80 characters or fewer", "#name_cy"),
        ("Welsh description must be 2000 characters or fewer", "#description_cy"),
    ]
    assert audit_events("tag_created") == []

    response = post_form(
        client,
        url,
        form_data(TagForm, name="Calls", name_cy="Ciwiau ffôn", colour="grey", parent=""),
        follow=True,
    )
    assert "Tag ‘Calls’ added" in notification(response), "the same Welsh name is fine under another parent"


def test_a_database_duplicate_welsh_name_becomes_a_field_error(client, factories, signed_in, monkeypatch):
    from research_notes.tags import services

    user = signed_in("researcher")
    discovery = factories.discovery(members=[user])
    factories.tag(discovery=discovery, name="Channels", name_cy="Sianeli")
    db.session.commit()
    url = f"/discoveries/{discovery.id}/codebook/new"
    page = client.get(url)
    assert page.status_code == 200
    real = services.welsh_name_taken_by
    calls = []

    def first_says_free(*args, **kwargs):
        """The form's check says the name is free; the service's own check finds it taken."""
        calls.append(args)
        return None if len(calls) == 1 else real(*args, **kwargs)

    monkeypatch.setattr(services, "welsh_name_taken_by", first_says_free)
    response = post_form(
        client, url, form_data(TagForm, name="Other", name_cy="Sianeli", colour="grey", parent="")
    )
    assert error_summary(response) == [
        (
            "A tag with this Welsh name already exists there. "
            "Enter a different Welsh name or choose another parent",
            "#name_cy",
        )
    ]
