"""Re-running keeps what the squad decided: accepted themes are pinned, new findings are offered.

And a run is reproducible: the same findings and seed give the same themes, byte for byte.
"""

from __future__ import annotations

import sqlalchemy as sa

from discovery.extensions import db
from discovery.themes import review, runs
from discovery.themes.forms import AdditionsForm
from discovery.themes.models import cluster_run_findings
from tests.integration.themes.conftest import (
    act,
    interview,
    members,
    page,
    run_themes,
    theme_for,
    themes,
)
from tests.support import form_data, notification, post_form, sign_in, summary_rows
from tests.theme_interviews import LATER


def _later_interview(factories, squad):
    person = factories.participant(discovery=squad.discovery, pseudonym="P09", segment="unpaid_carer")
    found = interview(factories, squad.discovery, person, LATER["phone"], title="Follow-up with P09")
    db.session.commit()
    return {f.id for f in found}


def _placements(run) -> list[tuple]:
    return sorted(
        (str(row.finding_id), row.group_index, row.placement, round(row.x, 6), round(row.y, 6))
        for row in db.session.execute(
            sa.select(cluster_run_findings).where(cluster_run_findings.c.run_id == run.id)
        )
    )


def test_a_rerun_after_new_interviews_keeps_accepted_members_and_offers_the_new_findings(
    client, factories, squad
):
    run_themes(squad.discovery, squad.researcher)
    sign_in(client, squad.researcher)
    phone = theme_for(squad, "phone")
    act(client, squad, phone, "accept")
    accepted = members(phone)
    new_ids = _later_interview(factories, squad)
    warning = page(client, squad.base).select_one(".govuk-warning-text").get_text(" ", strip=True)
    assert "3 suggested themes nobody has accepted will be replaced" in warning

    second = run_themes(squad.discovery, squad.researcher)
    db.session.refresh(phone)
    assert phone.status == "accepted"
    assert members(phone) == accepted  # not one member gained or lost
    offered = members(phone, "offered")
    assert offered and offered <= new_ids | (squad.topic_ids("phone") - accepted)
    assert len(offered & new_ids) >= 2

    theme_page = page(client, squad.theme_url(phone))
    labels = theme_page.select("label[for^=addition-] .app-theme-finding__quote")
    additions = [label.get_text(strip=True) for label in labels]
    assert set(LATER["phone"]) & set(additions)
    card = page(client, squad.base).select_one(f"#theme-{phone.id}")
    assert f"{len(offered)} suggested additions" in card.get_text(" ", strip=True)

    assert second.changes["replaced"] == 3
    run_page = page(client, f"{squad.base}/runs/{second.id}")
    assert "It replaced 3 suggested themes nobody had accepted." in run_page.get_text(" ", strip=True)
    rows = {
        r.select("td")[0].a.get_text(strip=True): r.select("td")[1].get_text(strip=True)
        for r in run_page.select("table")[0].select("tbody tr")
    }
    assert rows[phone.label] == "Grown"


def test_accepted_additions_join_the_theme_and_declined_ones_are_not_offered_again(client, factories, squad):
    run_themes(squad.discovery, squad.researcher)
    phone = theme_for(squad, "phone")
    review.accept(phone, squad.researcher)
    db.session.commit()
    _later_interview(factories, squad)
    run_themes(squad.discovery, squad.researcher)
    db.session.refresh(phone)
    take, leave, *_rest = sorted(members(phone, "offered"))

    sign_in(client, squad.squad_member)
    url = squad.theme_url(phone, "/additions")
    data = form_data(
        AdditionsForm, version=str(phone.version), finding=[str(take)], accept="Add to this theme"
    )
    response = post_form(client, url, data, get_url=squad.theme_url(phone), follow=True)
    assert notification(response).endswith(f"added to ‘{phone.label}’")
    db.session.refresh(phone)
    data = form_data(AdditionsForm, version=str(phone.version), finding=[str(leave)], decline="Decline")
    response = post_form(client, url, data, get_url=squad.theme_url(phone), follow=True)
    assert "declined" in notification(response)
    assert take in members(phone)
    assert leave in members(phone, "declined")

    run_themes(squad.discovery, squad.researcher)
    assert take in members(phone) and leave not in members(phone)
    assert leave not in members(phone, "offered")
    assert leave in members(phone, "declined")


def test_rejected_and_merged_themes_stay_as_they_were_after_a_rerun(squad):
    run_themes(squad.discovery, squad.researcher)
    forms, respite, welsh = (theme_for(squad, t) for t in ("forms", "respite", "welsh"))
    review.reject(forms, squad.researcher)
    review.accept(respite, squad.researcher)
    review.merge(respite, [welsh], squad.researcher)
    db.session.commit()
    before = {t.id: (t.label, t.status, members(t)) for t in themes(squad.discovery, "rejected", "merged")}

    run_themes(squad.discovery, squad.researcher)
    after = {t.id: (t.label, t.status, members(t)) for t in themes(squad.discovery, "rejected", "merged")}
    assert after == before
    assert {status for _label, status, _members in after.values()} == {"rejected", "merged"}


def _described(squad) -> list[tuple]:
    return sorted((t.label, frozenset(members(t)), tuple(t.keywords)) for t in themes(squad.discovery))


def test_the_same_findings_and_seed_give_the_same_themes(client, squad):
    first = run_themes(squad.discovery, squad.researcher, seed=7)
    first_themes = _described(squad)
    second = run_themes(squad.discovery, squad.researcher, seed=7)
    second_themes = _described(squad)

    assert second_themes == first_themes
    assert _placements(second) == _placements(first)
    assert second.quality == first.quality
    assert (second.changes["unchanged"], second.changes["new"]) == (len(first_themes), 0)

    sign_in(client, squad.researcher)
    rows = summary_rows(page(client, f"{squad.base}/runs/{second.id}"))
    assert rows["Random seed"] == "7"
    assert rows["Software version"] == second.code_version == first.code_version
    assert second.embedder == first.embedder == "minilm"
    assert (
        second.params
        == first.params
        == {
            "granularity": "default",
            "seed_from_tags": False,
            "filtered": False,
            "filters": {},
            "seed": 7,
        }
    )


def test_an_accepted_theme_with_nothing_new_is_unchanged_by_a_rerun(squad):
    run_themes(squad.discovery, squad.researcher)
    welsh = theme_for(squad, "welsh")
    review.accept(welsh, squad.researcher)
    db.session.commit()
    kept = members(welsh)
    second = run_themes(squad.discovery, squad.researcher)
    db.session.refresh(welsh)
    assert members(welsh) == kept
    entry = next(t for t in second.changes["themes"] if t["theme_id"] == str(welsh.id))
    assert entry["change"] == "unchanged"
    assert runs.latest_run(squad.discovery).id == second.id


def test_accepting_additions_can_be_undone(client, factories, squad):
    run_themes(squad.discovery, squad.researcher)
    phone = theme_for(squad, "phone")
    review.accept(phone, squad.researcher)
    db.session.commit()
    _later_interview(factories, squad)
    run_themes(squad.discovery, squad.researcher)
    db.session.refresh(phone)
    offered, kept = members(phone, "offered"), members(phone)

    sign_in(client, squad.researcher)
    data = form_data(
        AdditionsForm,
        version=str(phone.version),
        finding=[str(f) for f in offered],
        accept="Add to this theme",
    )
    post_form(client, squad.theme_url(phone, "/additions"), data, get_url=squad.theme_url(phone))
    assert members(phone) == kept | offered
    history = page(client, squad.theme_url(phone)).select("table.govuk-table tbody tr")
    assert history[0].select("td")[0].get_text(" ", strip=True) == (
        f"Added {len(offered)} suggested findings to ‘{phone.label}’"
    )
    undo = history[0].select_one("form")
    fields = {i["name"]: i.get("value", "") for i in undo.select("input[type=hidden]")}
    client.post(undo["action"], data=fields)
    assert (members(phone), members(phone, "offered")) == (kept, offered)
