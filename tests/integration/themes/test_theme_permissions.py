"""Who may see and review themes: the squad reviews; a taking-part council's lead reads accepted
themes without quotes; everyone else is turned away."""

from __future__ import annotations

import pytest

from discovery.extensions import db
from discovery.themes import review, runs
from tests.integration.themes.conftest import members, page, run_themes, theme_for, themes
from tests.support import csrf_token, sign_in, soup


@pytest.fixture
def reviewed(squad):
    """A run with the phone theme accepted, the rest still suggested."""
    run_themes(squad.discovery, squad.researcher)
    review.accept(theme_for(squad, "phone"), squad.researcher)
    db.session.commit()
    return squad


def _review_posts(squad, accepted, suggested) -> list[str]:
    change = review.rename(suggested, suggested.label + " (draft)", "", squad.researcher)
    db.session.commit()
    return [
        f"{squad.base}/run",
        f"{squad.base}/unclustered",
        f"{squad.base}/changes/{change.id}/undo",
        *(
            squad.theme_url(theme, tail)
            for theme in (accepted, suggested)
            for tail in (
                "/accept",
                "/reject",
                "/reviewed",
                "/rename",
                "/merge",
                "/split",
                "/findings",
                "/additions",
            )
        ),
    ]


@pytest.mark.parametrize("role", ["researcher", "squad_member"])
def test_the_squad_sees_every_live_theme_with_quotes_and_can_review(client, reviewed, role):
    user = reviewed.researcher if role == "researcher" else reviewed.squad_member
    sign_in(client, user)
    listing = page(client, reviewed.base)
    headings = [h.get_text(" ", strip=True) for h in listing.select("h2.govuk-heading-l")]
    assert headings == ["Accepted themes (1)", "Suggested themes (3)"]
    assert len(listing.select(".app-theme-card__quotes blockquote")) >= 4 * 3
    assert listing.find("button", string=lambda s: s and s.strip() == "Suggest themes")
    run = runs.latest_run(reviewed.discovery)
    for url in (
        f"{reviewed.base}/runs/{run.id}",
        f"{reviewed.base}/unclustered",
        f"{reviewed.base}/export.csv",
    ):
        assert client.get(url).status_code == 200, url

    forms = theme_for(reviewed, "forms")
    form_page = page(client, reviewed.theme_url(forms))
    response = client.post(
        reviewed.theme_url(forms, "/reject"),
        data={"csrf_token": csrf_token(str(form_page)), "version": str(forms.version)},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert forms.status == "rejected"


def test_a_taking_part_councils_lead_reads_accepted_themes_without_quotes(client, reviewed):
    sign_in(client, reviewed.lead)
    phone = theme_for(reviewed, "phone", "accepted")
    suggested = theme_for(reviewed, "welsh")
    said = [f.text for topic in reviewed.findings.values() for f in topic]

    listing = page(client, reviewed.base)
    assert [h.get_text(strip=True) for h in listing.select(".app-theme-card__title")] == [phone.label]
    assert [h.get_text(" ", strip=True) for h in listing.select("h2.govuk-heading-l")] == [
        "Accepted themes (1)"
    ]
    strength = listing.select_one(".app-evidence-strength").get_text(strip=True)
    assert (
        strength == f"{len(members(phone))} findings from {len(members(phone))} participants in 2 authorities"
    )
    assert not listing.select("blockquote") and "Suggest themes" not in listing.get_text()
    assert not any(text in listing.get_text() for text in said)

    theme_page = page(client, reviewed.theme_url(phone))
    assert theme_page.select_one("h1").get_text(strip=True) == phone.label
    assert not any(text in theme_page.get_text() for text in said)
    assert not theme_page.select("main form[method=post]") and "History" not in theme_page.get_text()

    assert client.get(reviewed.theme_url(suggested)).status_code == 404
    run = runs.latest_run(reviewed.discovery)
    for url in (
        f"{reviewed.base}/runs/{run.id}",
        f"{reviewed.base}/unclustered",
        f"{reviewed.base}/export.csv",
        reviewed.theme_url(phone, "/rename"),
        reviewed.theme_url(phone, "/merge"),
        reviewed.theme_url(phone, "/split"),
    ):
        assert client.get(url).status_code == 403, url


def test_a_lead_cannot_post_any_review_action(client, reviewed):
    phone = theme_for(reviewed, "phone", "accepted")
    suggested = theme_for(reviewed, "welsh")
    urls = _review_posts(reviewed, phone, suggested)
    before = {t.id: (t.label, t.status, t.version) for t in themes(reviewed.discovery)}
    sign_in(client, reviewed.lead)
    token = csrf_token(client.get(reviewed.theme_url(phone)).get_data(as_text=True))
    for url in urls:
        response = client.post(url, data={"csrf_token": token, "version": "1", "granularity": "default"})
        assert response.status_code == 403, url
    assert {t.id: (t.label, t.status, t.version) for t in themes(reviewed.discovery)} == before
    assert runs.active_run_job(reviewed.discovery) is None


@pytest.mark.parametrize(
    "who", ["researcher outside the squad", "lead of a council not taking part", "admin"]
)
def test_people_outside_the_discovery_are_turned_away(client, factories, reviewed, who):
    if who == "researcher outside the squad":
        user = factories.user(role="researcher")
    elif who == "admin":
        user = factories.user(role="admin")
    else:
        user = factories.user(
            role="authority_lead", authorities=[factories.authority(name="Powys County Council")]
        )
    db.session.commit()
    sign_in(client, user)
    phone = theme_for(reviewed, "phone", "accepted")
    run = runs.latest_run(reviewed.discovery)
    for url in (
        reviewed.base,
        reviewed.theme_url(phone),
        f"{reviewed.base}/runs/{run.id}",
        f"{reviewed.base}/export.csv",
    ):
        assert client.get(url).status_code == 403, url
    token = csrf_token(client.get("/", follow_redirects=True).get_data(as_text=True))
    response = client.post(f"{reviewed.base}/run", data={"csrf_token": token, "granularity": "default"})
    assert response.status_code == 403


def test_signed_out_people_are_sent_to_sign_in(client, reviewed):
    phone = theme_for(reviewed, "phone", "accepted")
    for url in (reviewed.base, reviewed.theme_url(phone), f"{reviewed.base}/export.csv"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.location.startswith("/sign-in?next=")
        assert soup(client.get(response.location)).select_one("h1").get_text(strip=True) == "Sign in"
