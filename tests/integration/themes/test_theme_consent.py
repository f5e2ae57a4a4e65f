"""Consent withdrawal takes a participant's findings out of every theme and flags the themes."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from discovery.extensions import db
from discovery.themes import review
from discovery.themes.models import ThemeMembership
from research_notes.participants.erasure import withdraw_and_erase
from research_notes.participants.forms import WithdrawConsentForm
from tests.integration.themes.conftest import act, fresh, members, page, run_themes, theme_for, themes
from tests.support import audit_events, form_data, post_form, sign_in

WARNING = (
    "A participant in this theme withdrew their consent, so their findings were removed. "
    "Check the theme still holds together."
)


@pytest.fixture
def app(app_on_every_database):
    """On SQLite and PostgreSQL: what these tests check depends on the database's SQL."""
    return app_on_every_database


def test_withdrawing_consent_removes_their_findings_from_every_theme_and_flags_those_themes(client, squad):
    run_themes(squad.discovery, squad.researcher)
    phone, welsh = theme_for(squad, "phone"), theme_for(squad, "welsh")
    review.accept(phone, squad.researcher)
    in_phone = members(phone)
    person = next(p for p in squad.participants if {f.id for f in _theirs(squad, p)} & in_phone)
    theirs = {f.id for f in _theirs(squad, person)}
    said = [f.text for f in _theirs(squad, person)]
    others = [f.id for f in squad.findings["forms"] if f.participant_id != person.id][:2]
    review.create_theme(squad.discovery, "Paper copies of forms", "", others, squad.researcher)
    db.session.commit()
    (untouched,) = [t for t in themes(squad.discovery) if t.label == "Paper copies of forms"]
    holding = {t.id for t in themes(squad.discovery) if members(t) & theirs}
    assert phone.id in holding and untouched.id not in holding
    phone_strength = len(members(phone))

    sign_in(client, squad.researcher)
    url = f"/discoveries/{squad.discovery.id}/participants/{person.id}/withdraw-consent"
    data = form_data(WithdrawConsentForm, reason="Asked by email on 4 November", confirm="y")
    assert post_form(client, url, data).status_code == 302

    left = db.session.scalars(sa.select(ThemeMembership).where(ThemeMembership.finding_id.in_(theirs)))
    assert list(left) == []
    flagged = {t.id for t in themes(squad.discovery) if t.needs_review}
    assert flagged == holding
    assert {t.review_reason for t in themes(squad.discovery) if t.needs_review} == {"consent_withdrawn"}
    assert len(audit_events("theme_flagged")) == len(holding)

    theme_page = page(client, squad.theme_url(phone))
    assert WARNING in theme_page.get_text(" ", strip=True)
    assert theme_page.find("button", string=lambda s: s and s.strip() == "Mark as reviewed")
    assert not any(text in theme_page.get_text() for text in said)
    assert theme_page.find("h2", string=f"{phone_strength - 1} findings")
    card = page(client, squad.base).select_one(f"#theme-{phone.id}")
    assert "Needs review" in card.get_text()
    assert "Needs review" not in page(client, squad.base).select_one(f"#theme-{untouched.id}").get_text()
    assert not any(text in page(client, squad.base).get_text() for text in said)

    act(client, squad, fresh(phone), "reviewed")
    assert not fresh(phone).needs_review
    assert WARNING not in page(client, squad.theme_url(phone)).get_text(" ", strip=True)
    assert fresh(welsh).needs_review == (welsh.id in holding)


def test_a_merged_theme_loses_their_findings_too_but_is_history_so_not_flagged(squad):
    run_themes(squad.discovery, squad.researcher)
    respite, welsh = theme_for(squad, "respite"), theme_for(squad, "welsh")
    review.merge(respite, [welsh], squad.researcher)
    db.session.commit()
    person = next(p for p in squad.participants if {f.id for f in _theirs(squad, p)} & members(welsh))
    theirs = {f.id for f in _theirs(squad, person)}

    withdraw_and_erase(person, "Asked by phone", squad.researcher)
    db.session.commit()
    assert not members(fresh(welsh)) & theirs
    assert not fresh(welsh).needs_review
    assert fresh(respite).needs_review


def _theirs(squad, person):
    return [f for topic in squad.findings.values() for f in topic if f.participant_id == person.id]
