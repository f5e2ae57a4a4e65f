"""`flask cluster`: the same job as the button, waited for and summarised for scripts."""

from __future__ import annotations

import re

from discovery.extensions import db
from discovery.themes import review, runs
from tests.integration.themes.conftest import interview, run_themes, theme_for, themes
from tests.theme_interviews import LATER


def _cluster(app, squad, *extra: str):
    return app.test_cli_runner().invoke(args=["cluster", "--discovery", squad.discovery.slug, *extra])


def test_cluster_waits_and_prints_the_themes_it_suggested(app, squad):
    result = _cluster(app, squad, "--wait")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    run = runs.latest_run(squad.discovery)
    assert lines[0] == f"Started theme run: job {run.job_id}"
    summary = next(line for line in lines if line.startswith("Run "))
    assert re.fullmatch(
        rf"Run {run.id}: 32 findings, 4 suggested themes, {run.quality['unclustered']} unclustered, "
        r"0 suggested additions to accepted themes \(\d+\.\d s\)",
        summary,
    ), summary
    stages = lines[1 : lines.index(summary)]  # what it was doing, as it waited
    assert all(re.fullmatch(r"  [A-Z][a-z ]+ \(\d+%\)", line) for line in stages), stages
    listed = [line for line in lines if line.startswith("  [suggested] ")]
    assert sorted(listed) == sorted(
        f"  [suggested] {t.label} ({len(t.findings)} findings)" for t in themes(squad.discovery)
    )
    assert run.params["granularity"] == "default" and run.seed == 0


def test_a_second_run_says_what_changed_and_what_was_offered(app, factories, squad):
    run_themes(squad.discovery, squad.researcher)
    phone = theme_for(squad, "phone")
    review.accept(phone, squad.researcher)
    db.session.commit()
    person = factories.participant(discovery=squad.discovery, pseudonym="P09")
    interview(factories, squad.discovery, person, LATER["phone"])
    db.session.commit()

    result = _cluster(app, squad, "--seed", "3")
    assert result.exit_code == 0, result.output
    run = runs.latest_run(squad.discovery)
    offered = next(s["offered"] for s in run.themes_snapshot if s["theme_id"] == str(phone.id))
    assert offered >= 2
    assert f"{offered} suggested additions to accepted themes" in result.output
    changes = run.changes
    assert (
        f"Since the previous run: {changes['new']} new, {changes['grown']} grown, "
        f"{changes['unchanged']} unchanged"
    ) in result.output
    assert f"  [accepted] {phone.label} ({len(phone.findings)} findings, {offered} offered)" in result.output
    assert run.seed == 3


def test_cluster_takes_the_granularity_and_the_codebook(app, squad, factories):
    contact = factories.tag(discovery=squad.discovery, name="Getting through to someone")
    for finding in squad.findings["phone"]:
        finding.tags = [contact]
    db.session.commit()
    result = _cluster(app, squad, "--granularity", "broad", "--from-tags")
    assert result.exit_code == 0, result.output
    run = runs.latest_run(squad.discovery)
    assert (run.params["granularity"], run.params["seed_from_tags"]) == ("broad", True)
    assert "[suggested] Getting through to someone (" in result.output


def test_cluster_explains_each_mistake(app, factories, squad):
    result = app.test_cli_runner().invoke(args=["cluster", "--discovery", "no-such-discovery"])
    assert result.exit_code == 1
    assert "There is no discovery with the slug no-such-discovery" in result.output

    result = _cluster(app, squad, "--granularity", "medium")
    assert result.exit_code == 2 and "Invalid value for '--granularity'" in result.output

    quiet = factories.discovery(title="Nobody interviewed yet", slug="nobody-interviewed-yet")
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["cluster", "--discovery", quiet.slug])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        "Error: The theme run failed: Themes could not be suggested: there must be at least 2 "
        "findings that can be used, and there are none. Highlight more findings, or remove some "
        "filters, then try again."
    )


def test_cluster_refuses_a_second_run_while_one_is_going(app, squad, held_run):
    job = runs.start_run(squad.discovery, squad.researcher, runs.ClusterPayload())
    db.session.commit()
    assert held_run.entered.wait(30)
    result = _cluster(app, squad)
    held_run.release.set()
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: A theme run is already going for this discovery (job {job.id}). "
        "Wait for it to finish, or cancel it, then try again. If the process running it was "
        f"stopped, it is marked failed within {app.config['JOB_STALE_SECONDS']} seconds."
    )
