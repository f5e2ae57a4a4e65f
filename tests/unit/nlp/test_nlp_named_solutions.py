"""Needs that name a solution ("I need an app") are flagged; needs about a channel are not."""

from __future__ import annotations

import pytest

from nlp.needs import SOLUTION_TERMS, named_solutions


@pytest.mark.parametrize(
    "need, solutions",
    [
        ("As a tenant, I need an app to report repairs", ("app",)),
        ("I need a portal where I can see my rent account", ("portal",)),
        ("I need a chatbot that answers at night", ("chatbot",)),
        ("I need an online form so I do not have to phone", ("online form",)),
        ("I need a website that tells me what I can claim", ("website",)),
        ("I need a dashboard of my council tax payments", ("dashboard",)),
        ("I need a text message service that reminds me of bin day", ("text message service",)),
        ("I need a QR code on the letter", ("qr code",)),
        ("I need an AI assistant to fill in the form", ("ai assistant",)),
        ("I need AI to sort my post", ("ai",)),
        ("I need to use a benefits calculator", ("calculator",)),
        ("I need email alerts when my claim changes", ("email alert",)),
        ("I need a new system for booking appointments", ("system",)),
        ("I need one platform and one database for all my records", ("platform", "database")),
    ],
)
def test_needs_that_name_something_a_team_would_build_are_flagged(need, solutions):
    assert named_solutions(need) == solutions


@pytest.mark.parametrize(
    "need",
    [
        "I need to speak to someone on the phone",
        "I need to ring the helpline and get through",
        "I need a letter that explains my bill",
        "I need to see someone face to face",
        "I need to talk to a person in person",
        "I need an email from the council when my form is received",
        "I need them to text me back",
        "I need to apply for a blue badge",
        "I need help with my housing application",
        "I am happy with the support I get",
        "I need first aid training",
        "",
    ],
)
def test_needs_about_a_channel_or_a_task_are_not_flagged(need):
    assert named_solutions(need) == ()


def test_solutions_come_lower_cased_in_order_of_appearance_without_duplicates():
    need = "I need a WEBSITE, not another App; the apps and the website never work"
    assert named_solutions(need) == ("website", "app")


def test_plurals_hyphens_and_other_spellings_give_the_canonical_term():
    assert named_solutions("I need chat-bots and QR-codes") == ("chatbot", "qr code")
    assert named_solutions("I need an SMS service and web forms") == ("text message service", "online form")


def test_a_longer_solution_is_not_also_reported_as_the_shorter_one_inside_it():
    assert named_solutions("I need an AI assistant") == ("ai assistant",)
    assert named_solutions("I need a text message alert") == ("text alert",)


def test_words_that_only_contain_a_solution_are_not_flagged():
    assert named_solutions("the apple, the happy applicant, the systematic review, said Portalis") == ()


@pytest.mark.parametrize("missing", [None, float("nan"), 3])
def test_missing_or_non_text_names_nothing(missing):
    assert named_solutions(missing) == ()


def test_every_solution_term_says_why_it_is_a_solution():
    terms = [t.term for t in SOLUTION_TERMS]
    assert len(terms) == len(set(terms))
    for t in SOLUTION_TERMS:
        assert t.term == t.term.lower() and t.why
        assert named_solutions(f"I need a {t.term}") == (t.term,)
        for spelling in t.spellings:
            assert named_solutions(f"I need a {spelling}") == (t.term,)
    channels = ("phone", "telephone", "helpline", "letter", "post", "email", "text", "face to face")
    assert not set(terms) & set(channels)
