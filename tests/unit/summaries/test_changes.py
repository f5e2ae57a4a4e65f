"""What changed between two documents, and how the change reads on a page."""

from __future__ import annotations

import copy

from bs4 import BeautifulSoup
from flask import render_template_string

from discovery.summaries.changes import (
    BacklogChange,
    CountChange,
    NeedChange,
    Relabel,
    StrengthChange,
    compare,
    word_diff,
)
from discovery.summaries.content import (
    BacklogLine,
    Document,
    Gap,
    Narrative,
    NeedLine,
    Quote,
    Research,
    Strength,
    Summary,
    ThemeLine,
)


def document() -> Document:
    summary = Summary(
        discovery_title="Getting help at home",
        research=Research(participants=10, findings=40, notes=12),
        themes=[
            ThemeLine(
                "t-phone",
                "Phone lines close early",
                "",
                Strength(6, 4, 2),
                quotes=[Quote("f1", "I rang and rang", "Participant 1")],
            ),
            ThemeLine("t-forms", "Forms ask the same thing twice", "", Strength(3, 2, 1)),
            ThemeLine("", "Carers are not told what happens next", "", Strength(2, 2, 1)),
        ],
        needs=[
            NeedLine("n1", "As a carer I need to know who to call", "hypothesis", Strength(2, 2, 1)),
            NeedLine("n2", "As a resident I need one form", "hypothesis", Strength(1, 1, 1)),
        ],
        backlog=[
            BacklogLine(1, "Call-back service", "should", "todo", Strength()),
            BacklogLine(2, "Shared form", "must", "todo", Strength()),
        ],
        gaps=[Gap("segment_under_target", "unpaid_carer", have=2, want=5), Gap("no_quotes")],
    )
    narrative = Narrative(
        key_messages={
            "en": "People wait too long.\n\n- Phone lines close at four",
            "cy": "Mae pobl yn aros.",
        },
        next_steps={"en": "Test a call-back service."},
    )
    return Document(summary, narrative)


def test_the_same_document_has_nothing_changed():
    assert compare(document(), document()).is_empty


def test_spacing_alone_in_a_section_is_no_change():
    new = document()
    new.narrative.key_messages["en"] = "People wait\ntoo long.\n\n\n-   Phone lines close at four  "
    assert compare(document(), new).is_empty


def test_a_changed_section_gives_its_text_before_and_after_and_the_words_that_changed():
    new = document()
    new.narrative.key_messages["en"] = "People wait far too long.\n\n- Phone lines close at five"
    new.narrative.recommendations["cy"] = "Un ffurflen"
    changes = compare(document(), new)
    assert [(change.section, change.lang) for change in changes.sections] == [
        ("key_messages", "en"),
        ("recommendations", "cy"),
    ]
    first = changes.sections[0]
    assert first.before == "People wait too long.\n\n- Phone lines close at four"
    assert first.after == new.narrative.key_messages["en"]
    assert first.diff == [
        ("same", "People wait"),
        ("added", "far"),
        ("same", "too long. • Phone lines close at"),
        ("removed", "four"),
        ("added", "five"),
    ]
    assert changes.sections[1].diff == [("added", "Un ffurflen")]


def test_word_diff_keeps_every_word_once_in_reading_order():
    diff = word_diff("a b c d", "a x c d e")
    assert diff == [("same", "a"), ("removed", "b"), ("added", "x"), ("same", "c d"), ("added", "e")]
    assert word_diff("", "") == []


def test_themes_are_matched_by_id_then_by_label():
    new = document()
    phone, forms, carers = new.summary.themes
    phone.label = "Phone lines close before people finish work"
    forms.strength = Strength(5, 3, 2)
    carers.label = "carers  are not told what happens NEXT"  # no id: the same theme by its words
    new.summary.themes.remove(carers)
    new.summary.themes.append(ThemeLine("t-carers", carers.label, "", carers.strength))
    new.summary.themes.append(ThemeLine("t-money", "Charges are a surprise", "", Strength(1, 1, 1)))
    new.summary.themes.remove(forms)
    new.summary.themes.insert(1, forms)
    old = document()
    old.summary.themes.append(ThemeLine("t-gone", "Parking at the hub", "", Strength(1, 1, 1)))
    changes = compare(old, new)
    assert [theme.label for theme in changes.themes_added] == ["Charges are a surprise"]
    assert [theme.label for theme in changes.themes_removed] == ["Parking at the hub"]
    assert changes.themes_relabelled == [
        Relabel("t-phone", "Phone lines close early", "Phone lines close before people finish work"),
        Relabel(
            "t-carers", "Carers are not told what happens next", "carers  are not told what happens NEXT"
        ),
    ]
    assert changes.themes_strength == [
        StrengthChange("t-forms", "Forms ask the same thing twice", Strength(3, 2, 1), Strength(5, 3, 2))
    ]


def test_needs_added_removed_reworded_and_given_a_new_status():
    new = document()
    new.summary.needs[0].status = "validated"
    new.summary.needs[0].statement = "As a carer I need to know who to phone"
    new.summary.needs[1] = NeedLine("n3", "As a worker I need the history", "hypothesis", Strength())
    changes = compare(document(), new)
    assert [need.need_id for need in changes.needs_added] == ["n3"]
    assert [need.need_id for need in changes.needs_removed] == ["n2"]
    assert changes.needs_changed == [
        NeedChange(
            "n1",
            "As a carer I need to know who to phone",
            "statement",
            "As a carer I need to know who to call",
            "As a carer I need to know who to phone",
        ),
        NeedChange("n1", "As a carer I need to know who to phone", "status", "hypothesis", "validated"),
    ]


def test_backlog_items_are_matched_by_number():
    new = document()
    new.summary.backlog[0].priority = "must"
    new.summary.backlog[0].status = "in_progress"
    new.summary.backlog[1] = BacklogLine(3, "Named worker", "should", "todo", Strength())
    changes = compare(document(), new)
    assert [item.number for item in changes.backlog_added] == [3]
    assert [item.number for item in changes.backlog_removed] == [2]
    assert changes.backlog_changed == [
        BacklogChange(1, "Call-back service", "priority", "should", "must"),
        BacklogChange(1, "Call-back service", "status", "todo", "in_progress"),
    ]


def test_research_counts_quotes_and_gaps():
    new = document()
    new.summary.research.participants = 12
    new.summary.research.notes = 15
    new.summary.themes[0].quotes = [
        Quote("f2", "Nobody called back", "Participant 2"),
        Quote("f3", "I gave up", "Participant 3"),
    ]
    new.summary.gaps = [
        Gap("authority_thin", "W06000016", "Rhondda Cynon Taf", have=1, want=3),
        Gap("no_quotes"),
    ]
    changes = compare(document(), new)
    assert changes.counts == [CountChange("participants", 10, 12), CountChange("notes", 12, 15)]
    assert changes.counts[0].difference == 2
    assert (changes.quotes_added, changes.quotes_removed) == (2, 1)
    assert [gap.kind for gap in changes.gaps_added] == ["authority_thin"]
    assert [gap.subject for gap in changes.gaps_resolved] == ["unpaid_carer"]
    assert not changes.is_empty


def test_comparing_never_changes_either_document():
    old, new = document(), document()
    new.summary.themes[0].label = "Renamed"
    before = (copy.deepcopy(old), copy.deepcopy(new))
    compare(old, new)
    assert (old, new) == before


def render(app, changes) -> BeautifulSoup:
    with app.test_request_context():
        html = render_template_string(
            '{% from "summaries/_changes.html" import changes as show %}{{ show(c) }}', c=changes
        )
    return BeautifulSoup(html, "html.parser")


def test_the_partial_says_when_nothing_has_changed(app):
    page = render(app, compare(document(), document()))
    assert page.get_text(strip=True) == "Nothing has changed."


def test_the_partial_marks_changed_words_for_screen_readers_not_by_colour_alone(app):
    new = document()
    new.narrative.next_steps["en"] = "Test a <b>named</b> call-back service."
    page = render(app, compare(document(), new))
    assert page.find("h3").get_text() == "The squad’s sections"
    assert page.find("h4").get_text() == "Next steps (English)"
    paragraph = page.find("p", class_="app-word-diff")
    assert paragraph.find("b") is None
    assert paragraph.find("ins").get_text() == "added: named"
    assert paragraph.find("ins").find(class_="govuk-visually-hidden").get_text() == "added: "
    assert " ".join(paragraph.get_text().split()) == "Test a added: named call-back service."
    removed = render(app, compare(new, document())).find("del")
    assert removed.get_text() == "removed: named"


def test_the_partial_lists_each_part_in_summary_lists(app):
    new = document()
    new.summary.themes[0].label = "Phone <lines>"
    new.summary.themes[1].strength = Strength(5, 3, 2)
    new.summary.needs[0].status = "validated"
    new.summary.backlog[0].priority = "must"
    new.summary.research.participants = 12
    new.summary.themes[0].quotes = []
    new.summary.gaps = []
    page = render(app, compare(document(), new))
    assert [h.get_text() for h in page.find_all("h3")] == ["Themes", "User needs", "Backlog", "The research"]
    themes, needs, backlog, research = (
        {
            row.dt.get_text(strip=True): " ".join(row.dd.get_text().split())
            for row in dl.select(".govuk-summary-list__row")
        }
        for dl in page.find_all("dl", class_="govuk-summary-list")
    )
    assert themes["Renamed"] == "“Phone lines close early” is now “Phone <lines>”"
    assert themes["Evidence changed"] == (
        "Forms ask the same thing twice: 5 findings from 3 participants in 2 authorities "
        "(was 3 findings from 2 participants in 1 authority)"
    )
    assert needs["Changed"] == "As a carer I need to know who to call: Validated (was Hypothesis)"
    assert backlog["Changed"] == "#1 Call-back service: priority Must have (was Should have)"
    assert research["Participants"] == "12 (was 10)"
    assert research["Quotes"] == "1 quote removed"
    closed = page.find("dt", string="Gaps closed").find_next("dd")
    assert [li.get_text() for li in closed.find_all("li")] == [
        "Unpaid carer: 2 of 5 participants",
        "No participant’s consent covers quotes in reports",
    ]
    assert page.find("lines") is None


def test_a_question_answered_since_is_a_change():
    from dataclasses import replace

    from discovery.summaries import content as c
    from discovery.summaries.changes import compare

    old = c.Document(c.Summary("T", questions=[c.QuestionLine("Why do people ring?", [])]))
    new = c.Document(
        replace(old.summary, questions=[c.QuestionLine("Why do people ring?", ["Phone queues"])])
    )
    found = compare(old, new)
    assert not found.is_empty
    assert [(q.text, q.before, q.after) for q in found.questions] == [
        ("Why do people ring?", [], ["Phone queues"])
    ]
    assert compare(new, new).questions == []
