"""The findings CSV says what each code means, in the exporter's language, and keeps the codes
in their own columns for scripts and the findings importer."""

from __future__ import annotations

import csv
import io

from discovery.extensions import db


def _rows(client, url: str) -> list[dict]:
    content = client.get(url).get_data(as_text=True)
    return list(csv.DictReader(io.StringIO(content.lstrip("\ufeff"))))


def test_the_findings_csv_gives_words_beside_every_code(client, factories, signed_in):
    user = signed_in("researcher")
    torfaen = factories.authority(code="TOR", name="Torfaen County Borough Council", name_cy="Cyngor Torfaen")
    discovery = factories.discovery(members=[user], authorities=[torfaen])
    carer = factories.participant(discovery=discovery, segment="unpaid_carer", authority=torfaen)
    note = factories.note(discovery=discovery, method="focus_group")
    factories.finding(
        note=note,
        discovery_id=discovery.id,
        participant=carer,
        kind="pain_point",
        journey_stage="first_contact",
    )
    db.session.commit()
    url = f"/discoveries/{discovery.id}/findings/export.csv"

    [row] = _rows(client, url)
    assert (row["kind"], row["kind_label"]) == ("pain_point", "Pain point")
    assert (row["journey_stage"], row["journey_stage_label"]) == ("first_contact", "Making first contact")
    assert (row["segment"], row["segment_label"]) == ("unpaid_carer", "Unpaid carer")
    assert (row["authority"], row["authority_name"]) == ("TOR", "Torfaen County Borough Council")
    assert (row["method"], row["method_label"]) == ("focus_group", "Focus group")

    [welsh] = _rows(client, f"{url}?lang=cy")
    assert welsh["authority_name"] == "Cyngor Torfaen"
    assert welsh["kind"] == "pain_point" and welsh["kind_label"] not in ("", "Pain point")
