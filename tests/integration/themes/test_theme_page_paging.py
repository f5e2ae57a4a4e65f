"""A large theme's page lists its findings 50 at a time, and every card counts the same evidence
whether it is counted in the database (the themes pages) or from loaded findings.

At 10,000 findings a theme holds hundreds; its page listed them all and counted every theme's
evidence by loading every finding, taking seconds (bench/scale.py).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from discovery.extensions import db
from discovery.themes import services
from discovery.themes.models import Theme, ThemeMembership
from research_notes import evidence
from tests.integration.themes.conftest import build_squad, page
from tests.support import sign_in

MEMBERS = 60  # more than one page of findings (services.FINDINGS_PER_PAGE is 50)


@pytest.fixture
def big_theme(factories):
    """An accepted theme holding 60 of the squad's findings; one participant has withdrawn."""
    squad = build_squad(factories)
    extra = [
        factories.finding(
            note=f.note, participant=f.participant, start_offset=f.start_offset, end_offset=f.end_offset
        )
        for f in [finding for topic in squad.findings.values() for finding in topic] * 2
    ]
    findings = [f for topic in squad.findings.values() for f in topic] + extra
    theme = Theme(discovery=squad.discovery, label="Getting through", status="accepted", origin="manual")
    db.session.add(theme)
    db.session.flush()
    for i, finding in enumerate(findings[:MEMBERS]):
        db.session.add(
            ThemeMembership(theme=theme, finding=finding, is_representative=i < 2, similarity=1 - i / 100)
        )
    db.session.commit()
    return squad, theme


def _checkboxes(soup) -> list[str]:
    return [box["value"] for box in soup.select("form input[name=finding]")]


def test_a_theme_page_lists_fifty_findings_and_links_to_the_rest(client, big_theme):
    squad, theme = big_theme
    sign_in(client, squad.researcher)

    first = page(client, squad.theme_url(theme))
    second = page(client, squad.theme_url(theme, "?page=2"))

    assert first.select_one("h2#findings").get_text(strip=True) == f"{MEMBERS} findings"
    assert len(_checkboxes(first)) == 50
    assert len(_checkboxes(second)) == MEMBERS - 50
    assert not set(_checkboxes(first)) & set(_checkboxes(second))
    assert "Showing findings 51 to 60." in second.get_text(" ", strip=True)
    links = [a["href"] for a in first.select("nav.govuk-pagination a")]
    assert squad.theme_url(theme, "?page=2#findings") in links


@pytest.mark.parametrize("asked, shown", [("99", MEMBERS - 50), ("0", 50), ("two", 50)])
def test_a_page_number_out_of_range_or_not_a_number_shows_a_real_page(client, big_theme, asked, shown):
    squad, theme = big_theme
    sign_in(client, squad.researcher)

    assert len(_checkboxes(page(client, squad.theme_url(theme, f"?page={asked}")))) == shown


def test_cards_count_the_same_evidence_as_the_loaded_findings(app, big_theme):
    squad, theme = big_theme
    squad.participants[0].consent_withdrawn_at = datetime.now(UTC)
    db.session.commit()
    db.session.expire_all()

    (card,) = [c for c in services.cards(squad.discovery) if c.theme.id == theme.id]
    member_ids = {m.finding_id for m in theme.memberships if m.state == "member"}
    usable = evidence.usable_by_id(squad.discovery, member_ids)

    assert card.strength == evidence.evidence_strength(usable.values())
    assert card.strength.findings < MEMBERS  # the withdrawn participant's findings are left out
    assert [f.id for f in card.representatives][:2] == [
        m.finding_id for m in sorted(theme.memberships, key=lambda m: -m.similarity) if m.finding_id in usable
    ][:2]
