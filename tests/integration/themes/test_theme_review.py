"""Every review action, done through its page, and undone from the theme's history.

Also what goes wrong on purpose: an empty or taken name, merging a theme with itself, splitting
a theme of two findings, a stale review form, and an undo that would overwrite later work.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from discovery.extensions import db
from discovery.themes import review
from discovery.themes.forms import FindingsForm, MergeForm, RenameForm, SplitForm
from discovery.themes.models import ThemeChange
from tests.integration.themes.conftest import act, fresh, members, page, run_themes, theme_for, themes
from tests.support import count, csrf_token, error_summary, form_data, notification, post_form, sign_in, soup

STALE = (
    "Someone else changed this theme while you were looking at it. "
    "It is shown as it is now: check it, then try again."
)


@pytest.fixture
def app(app_on_every_database):
    """On SQLite and PostgreSQL: what these tests check depends on the database's SQL."""
    return app_on_every_database


@pytest.fixture
def reviewing(client, squad):
    """Themes suggested for the squad's discovery, and its researcher signed in."""
    run_themes(squad.discovery, squad.researcher)
    sign_in(client, squad.researcher)
    return squad


def _history(client, squad, theme) -> list[str]:
    """The theme's history as its page lists it, newest first ("… Undone" when undone)."""
    rows = page(client, squad.theme_url(theme)).select("table.govuk-table tbody tr")
    return [row.select("td")[0].get_text(" ", strip=True) for row in rows]


def _undo_newest(client, squad, theme):
    """Press the first Undo button in the theme's history."""
    theme_page = page(client, squad.theme_url(theme))
    form = next(f for f in theme_page.select("table.govuk-table form") if "/undo" in f["action"])
    data = {i["name"]: i.get("value", "") for i in form.select("input[type=hidden]")}
    return client.post(form["action"], data=data, follow_redirects=True)


def _token(client, squad, theme) -> str:
    return csrf_token(client.get(squad.theme_url(theme)).get_data(as_text=True))


def _status(client, squad, theme) -> str:
    return page(client, squad.theme_url(theme)).select_one("main .govuk-tag").get_text(strip=True)


def test_accepting_a_theme_and_undoing_it(client, reviewing):
    phone = theme_for(reviewing, "phone")
    response = act(client, reviewing, phone, "accept")
    assert notification(response).endswith(f"Theme ‘{phone.label}’ accepted")
    assert _status(client, reviewing, phone) == "Accepted"
    assert _history(client, reviewing, phone) == [f"Accepted ‘{phone.label}’"]
    by = page(client, reviewing.theme_url(phone)).select("table.govuk-table tbody td")[1]
    assert by.get_text(strip=True) == "Rhian Evans"

    response = _undo_newest(client, reviewing, phone)
    assert notification(response).endswith("Change undone")
    assert _status(client, reviewing, phone) == "Suggested"
    assert _history(client, reviewing, phone) == [f"Accepted ‘{phone.label}’ Undone"]
    assert not page(client, reviewing.theme_url(phone)).select("table.govuk-table form")


def test_rejecting_a_theme_and_undoing_it(client, reviewing):
    forms = theme_for(reviewing, "forms")
    kept = members(forms)
    act(client, reviewing, forms, "reject")
    assert _status(client, reviewing, forms) == "Rejected"
    listing = page(client, reviewing.base)
    assert forms.label not in [h.get_text(strip=True) for h in listing.select(".app-theme-card__title")]
    assert "1 rejected or merged theme" in listing.select_one("details").get_text(" ", strip=True)
    assert not page(client, reviewing.theme_url(forms)).find("button", string="Accept theme")

    _undo_newest(client, reviewing, forms)
    assert fresh(forms).status == "suggested"
    assert members(forms) == kept


def test_marking_a_flagged_theme_as_reviewed_and_undoing_it(client, reviewing):
    welsh = theme_for(reviewing, "welsh")
    welsh.needs_review, welsh.review_reason = True, "consent_withdrawn"
    db.session.commit()
    warning = "A participant in this theme withdrew their consent"
    assert warning in page(client, reviewing.theme_url(welsh)).get_text()

    response = act(client, reviewing, fresh(welsh), "reviewed")
    assert notification(response).endswith(f"Theme ‘{welsh.label}’ marked as reviewed")
    assert warning not in page(client, reviewing.theme_url(welsh)).get_text()
    assert "Needs review" not in page(client, reviewing.base).get_text()

    _undo_newest(client, reviewing, welsh)
    assert fresh(welsh).needs_review
    assert warning in page(client, reviewing.theme_url(welsh)).get_text()


def test_renaming_a_theme_and_undoing_it(client, reviewing):
    phone = theme_for(reviewing, "phone")
    old = phone.label
    data = form_data(
        RenameForm,
        version=str(phone.version),
        label="  People cannot   get through on the phone ",
        description="Long waits and dropped calls when ringing the council",
    )
    response = post_form(client, reviewing.theme_url(phone, "/rename"), data, follow=True)
    assert notification(response).endswith("Theme renamed to ‘People cannot get through on the phone’")
    theme_page = soup(response)
    assert theme_page.select_one("h1").get_text(strip=True) == "People cannot get through on the phone"
    assert "Long waits and dropped calls" in theme_page.select_one(".govuk-body-l").get_text()
    assert _history(client, reviewing, phone)[0] == (
        f"Renamed ‘{old}’ to ‘People cannot get through on the phone’"
    )

    _undo_newest(client, reviewing, phone)
    renamed_back = fresh(phone)
    assert (renamed_back.label, renamed_back.description) == (old, "")


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("   ", "Enter a name for the theme"),
        ("A" * 121, "Theme name must be 120 characters or fewer"),
        ("taken", "A theme with this name already exists. Enter a different name"),
    ],
    ids=["empty", "too long", "taken by another live theme"],
)
def test_renaming_to_an_empty_long_or_taken_label_is_refused(client, reviewing, label, message):
    phone, welsh = theme_for(reviewing, "phone"), theme_for(reviewing, "welsh")
    if label == "taken":
        label = "  " + welsh.label.upper().replace(" ", "  ") + " "  # case and spaces do not matter
    data = form_data(RenameForm, version=str(phone.version), label=label)
    response = post_form(client, reviewing.theme_url(phone, "/rename"), data)
    assert response.status_code == 200
    assert error_summary(response) == [(message, "#label")]
    assert soup(response).title.get_text().startswith("Error: ")
    assert fresh(phone).label == phone.label
    assert count(ThemeChange) == 0


def test_a_rejected_themes_label_can_be_used_again(client, reviewing):
    phone, forms = theme_for(reviewing, "phone"), theme_for(reviewing, "forms")
    review.reject(forms, reviewing.researcher)
    db.session.commit()
    data = form_data(RenameForm, version=str(phone.version), label=forms.label)
    response = post_form(client, reviewing.theme_url(phone, "/rename"), data, follow=True)
    assert soup(response).select_one("h1").get_text(strip=True) == forms.label


def test_merging_themes_and_undoing_it(client, reviewing):
    respite, welsh = theme_for(reviewing, "respite"), theme_for(reviewing, "welsh")
    expected = members(respite) | members(welsh)
    merge_page = page(client, reviewing.theme_url(respite, "/merge"))
    choices = [label.get_text(strip=True) for label in merge_page.select(".govuk-checkboxes__label")]
    assert welsh.label in choices and respite.label not in choices

    data = form_data(MergeForm, version=str(respite.version), sources=[str(welsh.id)])
    response = post_form(client, reviewing.theme_url(respite, "/merge"), data, follow=True)
    assert notification(response).endswith(f"merged into ‘{respite.label}’")
    assert members(respite) == expected
    welsh_page = page(client, reviewing.theme_url(welsh))
    assert welsh_page.select_one(".govuk-inset-text").get_text(" ", strip=True).startswith("Merged into")
    assert fresh(welsh).status == "merged"

    _undo_newest(client, reviewing, respite)
    assert fresh(welsh).status == "suggested" and fresh(welsh).merged_into_id is None
    assert members(respite) == expected - members(welsh)
    assert members(welsh) and not members(welsh) & members(respite)


def test_a_merged_theme_links_to_the_theme_it_was_merged_into(client, reviewing):
    respite, welsh = theme_for(reviewing, "respite"), theme_for(reviewing, "welsh")
    review.merge(respite, [welsh], reviewing.researcher)
    db.session.commit()
    inset = page(client, reviewing.theme_url(welsh)).select_one(".govuk-inset-text")
    assert inset.get_text(" ", strip=True) == f"Merged into {respite.label}"
    assert inset.select_one("a")["href"] == reviewing.theme_url(respite)


def test_merging_a_theme_with_itself_is_refused(client, reviewing):
    respite = theme_for(reviewing, "respite")
    data = form_data(MergeForm, version=str(respite.version), sources=[str(respite.id)])
    response = post_form(client, reviewing.theme_url(respite, "/merge"), data)
    assert error_summary(response) == [("Select from the options shown", "#sources")]
    with pytest.raises(review.ReviewError, match="A theme cannot be merged with itself"):
        review.merge(respite, [respite], reviewing.researcher)
    db.session.rollback()
    assert fresh(respite).status == "suggested" and count(ThemeChange) == 0


def test_merging_nothing_says_what_to_select(client, reviewing):
    respite = theme_for(reviewing, "respite")
    data = form_data(MergeForm, version=str(respite.version))
    response = post_form(client, reviewing.theme_url(respite, "/merge"), data)
    assert error_summary(response) == [("Select at least one theme to merge into this one", "#sources")]


def test_splitting_a_theme_after_a_preview_and_undoing_it(client, reviewing):
    respite = theme_for(reviewing, "respite")
    before = members(respite)
    url = reviewing.theme_url(respite, "/split")
    data = form_data(SplitForm, version=str(respite.version), parts="2", preview="Preview the split")
    preview = soup(post_form(client, url, data))
    parts = [h.get_text(" ", strip=True) for h in preview.select(".app-panel h3")]
    assert len(parts) == 2 and parts[0].startswith(f"Stays in ‘{respite.label}’")
    assert parts[1].startswith("New theme:")
    captions = preview.select(".app-panel h3 .govuk-caption-m")
    sizes = [int(caption.get_text().split()[0]) for caption in captions]
    assert sum(sizes) == len(before) and sizes[0] >= sizes[1] >= 1

    data = form_data(SplitForm, version=str(respite.version), parts="2", apply="Split the theme")
    response = post_form(client, url, data, follow=True)
    assert notification(response).endswith(f"Theme ‘{respite.label}’ split into 2 themes")
    (new,) = [t for t in themes(reviewing.discovery) if t.origin == "split"]
    assert new.label.startswith(f"{respite.label}: ") and new.status == "suggested"
    assert len(members(respite)) == sizes[0] and len(members(new)) == sizes[1]
    assert members(respite) | members(new) == before

    _undo_newest(client, reviewing, respite)
    assert members(respite) == before
    assert fresh(new) is None


def test_a_theme_of_two_findings_splits_into_two_and_no_more(client, reviewing):
    a, b = reviewing.findings["forms"][:2]
    review.create_theme(reviewing.discovery, "Paper forms", "", [a.id, b.id], reviewing.researcher)
    db.session.commit()
    (pair,) = [t for t in themes(reviewing.discovery) if t.label == "Paper forms"]
    url = reviewing.theme_url(pair, "/split")
    data = form_data(SplitForm, version=str(pair.version), parts="3", preview="Preview the split")
    response = post_form(client, url, data)
    assert error_summary(response) == [("A theme of 2 findings can only be split into 2", "#parts")]

    data = form_data(SplitForm, version=str(pair.version), parts="2", apply="Split the theme")
    post_form(client, url, data)
    halves = [t for t in themes(reviewing.discovery) if t.label.startswith("Paper forms")]
    assert sorted(len(members(t)) for t in halves) == [1, 1]
    assert {f for t in halves for f in members(t)} == {a.id, b.id}


def test_moving_findings_to_another_theme_and_undoing_it(client, reviewing):
    phone, forms = theme_for(reviewing, "phone"), theme_for(reviewing, "forms")
    moved = sorted(members(phone))[0]
    data = form_data(
        FindingsForm, version=str(phone.version), finding=[str(moved)], target=str(forms.id), move="Move"
    )
    url = reviewing.theme_url(phone, "/findings")
    response = post_form(client, url, data, get_url=reviewing.theme_url(phone), follow=True)
    assert notification(response).endswith(f"moved to ‘{forms.label}’")
    assert moved in members(forms) and moved not in members(phone)
    assert _history(client, reviewing, forms)[0] == f"Moved 1 finding to ‘{forms.label}’"
    assert _history(client, reviewing, phone)[0] == f"Moved 1 finding to ‘{forms.label}’"

    _undo_newest(client, reviewing, phone)
    assert moved in members(phone) and moved not in members(forms)


def test_moving_findings_into_a_new_theme(client, reviewing):
    respite = theme_for(reviewing, "respite")
    chosen = sorted(members(respite))[:2]
    data = form_data(
        FindingsForm,
        version=str(respite.version),
        finding=[str(f) for f in chosen],
        new_label="Waiting lists for respite",
        move="Move",
    )
    url = reviewing.theme_url(respite, "/findings")
    post_form(client, url, data, get_url=reviewing.theme_url(respite))
    (made,) = [t for t in themes(reviewing.discovery) if t.label == "Waiting lists for respite"]
    assert (made.status, made.origin, members(made)) == ("suggested", "manual", set(chosen))
    assert not members(respite) & set(chosen)


def test_removing_a_finding_and_undoing_it(client, reviewing):
    welsh = theme_for(reviewing, "welsh")
    removed = sorted(members(welsh))[0]
    data = form_data(FindingsForm, version=str(welsh.version), finding=[str(removed)], remove="Remove")
    post_form(client, reviewing.theme_url(welsh, "/findings"), data, get_url=reviewing.theme_url(welsh))
    assert removed in members(welsh, "declined")
    heading = page(client, reviewing.theme_url(welsh)).find("h2", string=lambda s: s and "finding" in s)
    assert heading.get_text(strip=True) == f"{len(members(welsh))} findings"
    assert _history(client, reviewing, welsh)[0] == f"Removed 1 finding from ‘{welsh.label}’"

    _undo_newest(client, reviewing, welsh)
    assert removed in members(welsh)


def test_making_a_theme_from_unclustered_findings_and_undoing_it(client, reviewing):
    bucket = page(client, f"{reviewing.base}/unclustered")
    boxes = bucket.select("input[name=finding]")
    assert boxes, "the run left no finding unclustered"
    chosen = [b["value"] for b in boxes[:2]]
    data = form_data(FindingsForm, finding=chosen, new_label="Odds and ends", move="Move")
    response = post_form(client, f"{reviewing.base}/unclustered", data, follow=True)
    assert notification(response).endswith("Findings moved to ‘Odds and ends’")
    (made,) = [t for t in themes(reviewing.discovery) if t.label == "Odds and ends"]
    assert (made.status, made.origin) == ("accepted", "manual")
    assert {str(f) for f in members(made)} == set(chosen)
    left = page(client, f"{reviewing.base}/unclustered").select("input[name=finding]")
    assert not {b["value"] for b in left} & set(chosen)

    response = _undo_newest(client, reviewing, made)
    assert notification(response).endswith("Change undone")
    assert fresh(made) is None
    assert soup(response).select_one("h1").get_text(strip=True) == "Themes"


def test_a_new_theme_cannot_take_a_live_themes_name(client, reviewing):
    welsh = theme_for(reviewing, "welsh")
    chosen = [page(client, f"{reviewing.base}/unclustered").select("input[name=finding]")[0]["value"]]
    data = form_data(FindingsForm, finding=chosen, new_label=welsh.label.lower(), move="Move")
    response = post_form(client, f"{reviewing.base}/unclustered", data)
    assert error_summary(response) == [
        ("A theme with this name already exists. Enter a different name", "#new_label")
    ]
    assert count(ThemeChange) == 0


def test_an_older_change_cannot_be_undone_over_a_later_one(client, reviewing):
    phone = theme_for(reviewing, "phone")
    act(client, reviewing, phone, "accept")
    data = form_data(RenameForm, version=str(fresh(phone).version), label="Calls nobody answers")
    post_form(client, reviewing.theme_url(phone, "/rename"), data)
    accepted, renamed = db.session.scalars(sa.select(ThemeChange).order_by(ThemeChange.created_at)).all()
    undo_buttons = page(client, reviewing.theme_url(phone)).select("table.govuk-table form")
    assert [f["action"].split("/")[-2] for f in undo_buttons] == [str(renamed.id)]

    response = client.post(
        f"{reviewing.base}/changes/{accepted.id}/undo",
        data={"csrf_token": _token(client, reviewing, phone), "theme_id": str(phone.id)},
        follow_redirects=True,
    )
    assert notification(response).endswith(
        "This change cannot be undone because a theme it changed has been changed again since. "
        "Undo the later changes first"
    )
    assert (fresh(phone).label, fresh(phone).status) == ("Calls nobody answers", "accepted")

    _undo_newest(client, reviewing, phone)
    _undo_newest(client, reviewing, phone)
    assert (fresh(phone).label, fresh(phone).status) == (phone.label, "suggested")


def test_a_change_cannot_be_undone_twice(client, reviewing):
    phone = theme_for(reviewing, "phone")
    act(client, reviewing, phone, "accept")
    change = db.session.scalars(sa.select(ThemeChange)).one()
    token = _token(client, reviewing, phone)
    url = f"{reviewing.base}/changes/{change.id}/undo"
    client.post(url, data={"csrf_token": token, "theme_id": str(phone.id)}, follow_redirects=True)
    response = client.post(url, data={"csrf_token": token, "theme_id": str(phone.id)}, follow_redirects=True)
    assert notification(response).endswith("This change has already been undone")
    assert fresh(phone).status == "suggested"


def test_an_undo_refused_for_a_name_now_taken_changes_nothing(client, reviewing):
    phone, forms = theme_for(reviewing, "phone"), theme_for(reviewing, "forms")
    old, kept = phone.label, members(phone)
    review.rename(phone, "Calls nobody answers", "", reviewing.researcher)
    db.session.commit()
    review.rename(forms, old, "", reviewing.researcher)
    db.session.commit()

    response = _undo_newest(client, reviewing, phone)
    assert notification(response).endswith(
        f"This change cannot be undone because another theme is now called ‘{old}’. Rename that theme first"
    )
    refused = fresh(phone)
    assert (refused.label, refused.status) == ("Calls nobody answers", "suggested")
    assert members(refused) == kept


def test_a_stale_review_button_is_refused_and_changes_nothing(client, reviewing):
    phone = theme_for(reviewing, "phone")
    seen = phone.version
    review.rename(phone, "Calls nobody answers", "", reviewing.squad_member)  # someone else, meanwhile
    db.session.commit()
    response = act(client, reviewing, phone, "accept", version=seen)
    assert notification(response).endswith(STALE)
    assert fresh(phone).status == "suggested"


def test_a_stale_rename_form_keeps_what_was_typed_and_shows_the_theme_as_it_is(client, reviewing):
    phone = theme_for(reviewing, "phone")
    seen = phone.version
    review.accept(phone, reviewing.squad_member)
    db.session.commit()
    data = form_data(RenameForm, version=str(seen), label="Calls nobody answers")
    response = post_form(client, reviewing.theme_url(phone, "/rename"), data)
    assert response.status_code == 409
    assert notification(response).endswith(STALE)
    form = soup(response)
    assert form.select_one("input[name=label]")["value"] == "Calls nobody answers"
    assert form.select_one("input[name=version]")["value"] == str(fresh(phone).version)
    assert fresh(phone).label == phone.label


def test_a_stale_merge_form_is_refused(client, reviewing):
    respite, welsh = theme_for(reviewing, "respite"), theme_for(reviewing, "welsh")
    seen = respite.version
    review.accept(respite, reviewing.squad_member)
    db.session.commit()
    data = form_data(MergeForm, version=str(seen), sources=[str(welsh.id)])
    response = post_form(client, reviewing.theme_url(respite, "/merge"), data)
    assert response.status_code == 409
    assert fresh(welsh).status == "suggested"
