"""A run's themes as CSV, from the page and from `flask export-themes`: one row per finding."""

from __future__ import annotations

import csv
import io

from discovery.extensions import db
from discovery.themes import review, runs
from tests.integration.themes.conftest import (
    interview,
    members,
    run_themes,
    theme_for,
    themes,
)
from tests.support import sign_in
from tests.theme_interviews import LATER

COLUMNS = ["theme", "status", "finding_id", "text", "participant"]


def _rows(text: str) -> list[dict[str, str]]:
    table = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert table[0] == COLUMNS
    return [dict(zip(COLUMNS, row, strict=True)) for row in table[1:]]


def _by_id(rows) -> dict[str, dict[str, str]]:
    found = {row["finding_id"]: row for row in rows}
    assert len(found) == len(rows), "a finding appears twice"
    return found


def test_the_download_has_one_row_per_finding_saying_where_it_stands_now(client, factories, squad):
    run_themes(squad.discovery, squad.researcher)
    review.accept(theme_for(squad, "phone"), squad.researcher)
    db.session.commit()
    p09 = factories.participant(discovery=squad.discovery, pseudonym="P09", segment="unpaid_carer")
    later = interview(
        factories,
        squad.discovery,
        p09,
        [*LATER["phone"], "+44 numbers cost me a fortune when I rang the helpline from abroad"],
    )
    p10 = factories.participant(discovery=squad.discovery, pseudonym="P10", preferred_language="cy")
    (welsh_said,) = interview(
        factories, squad.discovery, p10, ["Mae'n anodd cael gwasanaeth Cymraeg ar y ffôn"]
    )
    db.session.commit()
    run = run_themes(squad.discovery, squad.researcher)
    phone = theme_for(squad, "phone", "accepted")
    respite = theme_for(squad, "respite")
    review.reject(respite, squad.researcher)  # its findings are in no live theme now
    db.session.commit()

    sign_in(client, squad.researcher)
    response = client.get(f"{squad.base}/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert (
        response.headers["Content-Disposition"]
        == 'attachment; filename="getting-help-from-the-council-themes.csv"'
    )
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = _by_id(_rows(text))
    assert len(rows) == run.finding_count == 32 + 5

    for finding_id in members(phone):
        assert (rows[str(finding_id)]["theme"], rows[str(finding_id)]["status"]) == (phone.label, "accepted")
    offered = members(phone, "offered")
    assert offered
    for finding_id in offered:
        assert (rows[str(finding_id)]["theme"], rows[str(finding_id)]["status"]) == (
            phone.label,
            "suggested addition",
        )
    for finding_id in members(respite):
        assert (rows[str(finding_id)]["theme"], rows[str(finding_id)]["status"]) == ("", "unclustered")
    for theme in themes(squad.discovery, "suggested"):
        for finding_id in members(theme):
            assert (rows[str(finding_id)]["theme"], rows[str(finding_id)]["status"]) == (
                theme.label,
                "suggested",
            )
    unclustered = [row for row in rows.values() if row["status"] == "unclustered"]
    assert unclustered and all(row["theme"] == "" for row in unclustered)
    assert {row["status"] for row in rows.values()} == {
        "accepted",
        "suggested",
        "suggested addition",
        "unclustered",
    }

    said = {f.id: f for topic in squad.findings.values() for f in topic}
    for finding_id, finding in said.items():
        row = rows[str(finding_id)]
        assert (row["text"], row["participant"]) == (finding.text, finding.participant.pseudonym)
    assert rows[str(welsh_said.id)]["text"] == "Mae'n anodd cael gwasanaeth Cymraeg ar y ffôn"
    assert rows[str(welsh_said.id)]["participant"] == "P10"
    assert (
        rows[str(later[-1].id)]["text"]
        == "'+44 numbers cost me a fortune when I rang the helpline from abroad"
    )
    order = [row["status"] for row in _rows(text)]
    assert order == sorted(order, key=["accepted", "suggested", "suggested addition", "unclustered"].index)


def test_an_earlier_runs_download_shows_where_that_run_put_each_finding(client, squad):
    first = run_themes(squad.discovery, squad.researcher)
    phone = theme_for(squad, "phone")
    in_phone = members(phone)
    review.accept(phone, squad.researcher)
    review.rename(phone, "People cannot get through on the phone", "", squad.researcher)
    db.session.commit()
    run_themes(squad.discovery, squad.researcher)

    sign_in(client, squad.researcher)
    rows = _by_id(_rows(client.get(f"{squad.base}/export.csv?run={first.id}").get_data(as_text=True)))
    assert len(rows) == 32
    assert {r["theme"] for i, r in rows.items() if i in {str(f) for f in in_phone}} == {
        "People cannot get through on the phone"
    }
    replaced = [r for r in rows.values() if r["status"] == "unclustered"]
    assert len(replaced) == 32 - len(in_phone)  # its other themes were replaced by the next run


def test_export_themes_writes_the_csv_for_scripts(app, squad, tmp_path):
    runner = app.test_cli_runner()
    slug = squad.discovery.slug
    result = runner.invoke(args=["export-themes", "--discovery", slug])
    assert result.exit_code != 0
    assert "This discovery has no theme runs yet. Run `flask --app discovery cluster` first" in result.output

    first = run_themes(squad.discovery, squad.researcher)
    result = runner.invoke(args=["export-themes", "--discovery", slug])
    assert result.exit_code == 0, result.output
    assert not result.stdout.startswith("\ufeff")
    assert len(_rows(result.stdout)) == 32

    out = tmp_path / "themes.csv"
    result = runner.invoke(
        args=["export-themes", "--discovery", slug, "--run", str(first.id), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == f"Wrote 32 findings to {out}"
    written = out.read_bytes().decode("utf-8")
    assert written.startswith("\ufeff") and "\r\n" in written
    assert (
        _by_id(_rows(written)).keys()
        == _by_id(
            _rows(result.stdout or runner.invoke(args=["export-themes", "--discovery", slug]).stdout)
        ).keys()
    )

    for run, message in [
        ("12", "Invalid value for --run: Give `latest` or a run's id"),
        (
            "8d0bd7a5-54a1-4c6e-9d51-1f0d4c2b5e11",
            "This discovery has no theme run 8d0bd7a5-54a1-4c6e-9d51-1f0d4c2b5e11",
        ),
    ]:
        result = runner.invoke(args=["export-themes", "--discovery", slug, "--run", run])
        assert result.exit_code != 0 and message in result.output, result.output
    result = runner.invoke(args=["export-themes", "--discovery", "no-such-discovery"])
    assert "There is no discovery with the slug no-such-discovery" in result.output
    assert runs.latest_run(squad.discovery).id == first.id
